#!/usr/bin/env bash
# Installs what is missing, builds natterd and the terminal client natter
# (release: build/release/clients/cli/natter) and starts natterd with the
# embedded defaults: SQLite under ./data, http://127.0.0.1:8080.
# Extra arguments go to natterd, e.g. scripts/run.sh --listen 0.0.0.0:8080
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
clients/web/build.sh
cmake --preset release >/dev/null
cmake --build --preset release
# The first run creates ./data; later runs refuse to start without it (a data
# directory that vanished is not silently replaced by an empty one).
first_run=()
if [[ ! -e data && -z "${NATTER_DATA_DIR:-}" ]]; then
  echo "run.sh: first run, creating ./data"
  first_run=(--create-data-dir)
fi
exec build/release/src/app/natterd "${first_run[@]}" "$@"
