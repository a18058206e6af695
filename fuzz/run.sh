#!/usr/bin/env bash
# Builds the fuzz preset (clang, ASan + UBSan, libFuzzer) and runs every
# harness for SECONDS (default 30), one process each, as many at once as there are cores
# (FUZZ_JOBS overrides).
#   fuzz/run.sh [SECONDS] [TARGET...]     e.g. fuzz/run.sh 3600 http_request
#
# Each run starts from the committed seeds (fuzz/corpus/<target>/, never
# written) plus what earlier runs found (build/fuzz/corpus/<target>/, where
# new inputs go). A crash, a leak, a timeout (10 s for one input) or a broken
# property leaves its input in build/fuzz/artifacts/<target>/ and the script
# exits non-zero once every target ran. Reproduce one with
#   build/fuzz/fuzz/fuzz_<target> build/fuzz/artifacts/<target>/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
if [[ ! "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: fuzz/run.sh [SECONDS] [TARGET...]" >&2
  exit 2
fi
shift $(($# > 0 ? 1 : 0))
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(http_request ws_decode protocol_codec jwt_verify static_files image_decode media_request stomp_frame
           e2ee_envelope e2ee_files)
fi

started=$SECONDS
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
echo "== fuzz: built in $((SECONDS - started)) s"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
build=build/fuzz
jobs=${FUZZ_JOBS:-$(nproc)}

# run_target TARGET: one libFuzzer run; its one-line result goes to
# $build/logs/TARGET.result, prefixed "FAILED " when it found something.
run_target() {
  local target=$1
  local binary=$build/fuzz/fuzz_$target
  local scratch=$build/corpus/$target
  local artifacts=$build/artifacts/$target
  local log=$build/logs/$target.log
  local dict=fuzz/dict/$target.dict
  [[ "$target" == ws_decode || "$target" == protocol_codec ]] && dict=fuzz/dict/protocol.dict
  local options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
                 -artifact_prefix="$artifacts/" -dict="$dict")
  local run_started=$SECONDS status=0
  "$binary" "${options[@]}" "$scratch" "fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  local runs
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  local line="$target: ${runs:-?} executions in $((SECONDS - run_started)) s, corpus $(find "$scratch" "fuzz/corpus/$target" -type f | wc -l) inputs"
  if ((status != 0)) || [[ -n "$(ls -A "$artifacts")" ]]; then
    line="FAILED $line, FAILED (exit $status)"
  fi
  echo "$line" >"$build/logs/$target.result"
}

# Every target is checked first, then they run $jobs at a time (one per core
# by default: each run is one single-threaded process).
for target in "${targets[@]}"; do
  if [[ ! -x "$build/fuzz/fuzz_$target" ]]; then
    echo "fuzz/run.sh: no target $target" >&2
    exit 2
  fi
  rm -rf "$build/artifacts/$target" "$build/logs/$target.result"
  mkdir -p "$build/corpus/$target" "$build/artifacts/$target" "$build/logs"
done
running=0
for target in "${targets[@]}"; do
  if ((running >= jobs)); then
    wait -n || true
    running=$((running - 1))
  fi
  echo "== fuzz: $target for ${seconds} s (log: $build/logs/$target.log)"
  run_target "$target" &
  running=$((running + 1))
done
wait || true

failed=()
summary=()
for target in "${targets[@]}"; do
  line=$(cat "$build/logs/$target.result" 2>/dev/null || echo "FAILED $target: no result")
  if [[ "$line" == FAILED* ]]; then
    failed+=("$target")
    line=${line#FAILED }
    grep -E "ERROR|SUMMARY|fuzz property broken|Test unit written" "$build/logs/$target.log" | head -20 >&2 || true
  fi
  summary+=("$line")
done

echo "== fuzz: summary"
printf '   %s\n' "${summary[@]}"
if ((${#failed[@]} > 0)); then
  echo "== fuzz: FAILED: ${failed[*]}; inputs in $build/artifacts/, logs in $build/logs/" >&2
  exit 1
fi
echo "== fuzz: nothing found"
