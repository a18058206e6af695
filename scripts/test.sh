#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the whole suite in a
# debug build with warnings as errors, again under AddressSanitizer +
# UndefinedBehaviorSanitizer, and the concurrency tests under ThreadSanitizer.
# Exits non-zero on any failure.
#   scripts/test.sh            everything
#   scripts/test.sh --quick    the debug build only
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
clients/web/build.sh
echo "== dependencies and web app ready at ${SECONDS} s"
export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/.ccache}"

run_preset() {
  local preset=$1
  echo "== ${preset}: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "== ${preset}: test"
  ctest --preset "$preset"
  echo "== ${preset}: done at ${SECONDS} s"
}

run_preset dev
if [[ "${1:-}" != "--quick" ]]; then
  run_preset asan
  run_preset tsan
fi
echo "== all tests passed"
