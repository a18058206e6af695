#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the whole suite in a
# debug build with warnings as errors under AddressSanitizer +
# UndefinedBehaviorSanitizer (preset asan; with the web app's unit tests and
# its end-to-end tests in headless Chromium), then the concurrency tests under
# ThreadSanitizer (preset tsan), then every fuzzer for 20 s (preset fuzz,
# fuzz/run.sh). Exits non-zero on any failure. The test builds link with lld
# (about twice as fast as ld.bfd on these sanitizer binaries; the release
# build keeps the default linker).
#   scripts/test.sh            everything (what CI runs)
#   scripts/test.sh --quick    the whole suite in the plain debug build (preset
#                              dev) only: faster to build, no sanitizer
#
# The plain debug build is not part of the full run: it compiles the same code
# at the same -O0 and runs the same tests as the asan build, which adds the
# sanitizer checks; building both cost about 14 minutes of CI for no test
# that only one of them runs.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
clients/web/build.sh
echo "== dependencies and web app ready at ${SECONDS} s"
# One compiler cache per user, shared by every clone (paths inside a clone are
# taken relative to it), so a fresh clone of a tree built before compiles only
# what changed.
export CCACHE_DIR="${CCACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/natter-ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-10G}"

run_preset() {
  local preset=$1
  echo "== ${preset}: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "== ${preset}: test"
  ctest --preset "$preset"
  echo "== ${preset}: done at ${SECONDS} s"
}

if [[ "${1:-}" == "--quick" ]]; then
  run_preset dev
else
  run_preset asan
  run_preset tsan
  phase_started=$SECONDS
  echo "== fuzz: build and run every fuzzer for 20 s"
  fuzz/run.sh 20
  echo "== fuzz: done at ${SECONDS} s ($((SECONDS - phase_started)) s)"
fi
echo "== all tests passed"
