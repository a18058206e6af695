#!/usr/bin/env bash
# Installs what is missing, builds natterd (release) and starts it with the
# embedded defaults: SQLite under ./data, http://127.0.0.1:8080.
# Extra arguments go to natterd, e.g. scripts/run.sh --listen 0.0.0.0:8080
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
clients/web/build.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/src/app/natterd "$@"
