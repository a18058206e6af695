#!/usr/bin/env bash
# Builds the web app into clients/web/dist (what natterd serves by default).
# Installs the locked npm dependencies first when they are missing or older
# than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")"

# Vite and Vitest need Node.js 20.19 or newer.
node_version=$(node --version 2>/dev/null || echo v0.0.0)
IFS=. read -r major minor _ <<<"${node_version#v}"
if ((major < 20 || (major == 20 && minor < 19))); then
  echo "clients/web/build.sh: Node.js 20.19 or newer is needed, found ${node_version}" >&2
  exit 1
fi

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
