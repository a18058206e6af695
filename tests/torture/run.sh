#!/usr/bin/env bash
# Builds and runs the torture suite (ctest label "torture") in the debug build
# (preset dev). Every scenario prints its ledger line
#   torture NAME: acked=N lost=0 dup=0 gaps=0 inversions=0 phantoms=0
# and fails on any violation.
#   tests/torture/run.sh           the short version (what ctest runs anyway)
#   tests/torture/run.sh --long    NATTER_TORTURE_SCALE=7: 21 kill cycles,
#                                  70 connection cuts, 84 session restarts,
#                                  ~10 000 messages behind, 84 000 to a slow
#                                  consumer (about 3 minutes of tests on 2 cores)
# NATTER_TORTURE_SCALE=N sets any other scale. Extra arguments go to ctest
# (e.g. -R kill9).
set -euo pipefail
cd "$(dirname "$0")/../.."

scale="${NATTER_TORTURE_SCALE:-1}"
if [[ "${1:-}" == "--long" ]]; then
  scale=7
  shift
fi

cmake --preset dev >/dev/null
cmake --build build/dev --target natterd torture_tests torture_cluster_tests
# The scale multiplies every deadline as well as the work, so the ctest
# timeout grows with it. The whole output is kept in build/dev/torture.log.
log=build/dev/torture.log
set +e
NATTER_TORTURE_SCALE="$scale" ctest --test-dir build/dev -L torture --verbose --timeout $((600 * scale)) "$@" >"$log" 2>&1
status=$?
set -e
grep -E '^[0-9]+: (torture |[a-z_]+: )' "$log" | sed -E 's/^[0-9]+: //'
grep -E '(Passed|Failed|\*\*\*).* sec$|tests passed' "$log"
exit "$status"
