#!/usr/bin/env bash
# `cmake --install` puts natterd, natter and the web app under a prefix, and
# the installed natterd serves the installed web app by default.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
prefix=$(mktemp -d /tmp/natter-install-XXXXXX)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$prefix"' EXIT

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/natterd bin/natter; do
  [[ -x "$prefix/$f" ]] || { echo "not installed: $f"; exit 1; }
done
"$prefix/bin/natterd" --version | grep -q '^natterd '
"$prefix/bin/natter" --help | grep -q 'natter'

[[ -f "$source/clients/web/dist/index.html" ]] || { echo "web app not built: skipping the served check"; exit 0; }
[[ -f "$prefix/share/natter/web/index.html" ]] || { echo "web app not installed"; exit 1; }
"$prefix/bin/natterd" --data-dir "$prefix/data" --create-data-dir --listen 127.0.0.1:0 >"$prefix/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "$prefix/log" && break
  sleep 0.1
done
grep -q "web app: [1-9][0-9]* files from $prefix/share/natter/web" "$prefix/log" || { cat "$prefix/log"; exit 1; }
echo "installed and serving the installed web app"
