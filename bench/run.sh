#!/usr/bin/env bash
# The benchmark run (docs/benchmarks.md).
#
#   bench/run.sh            full run: Release build, natterd and the Beast
#                           chat-multi peer side by side, results in
#                           bench/results/*.json, plots in docs/benchmarks/
#   bench/run.sh --smoke    every scenario with tiny parameters against a
#                           fresh natterd (a ctest test, label bench)
#
# Options: --natterd PATH --bench PATH (binaries; default: build them),
# --work-dir DIR (data and logs), --only REGEX (full run: scenarios to run).
# Server on CPU 0, generator on CPU 1 (taskset), all traffic on 127.0.0.1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mode=full natterd= bench= work= only=.
while (($#)); do
  case $1 in
    --smoke) mode=smoke ;;
    --natterd) natterd=$2; shift ;;
    --bench) bench=$2; shift ;;
    --work-dir) work=$2; shift ;;
    --only) only=$2; shift ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
need_package() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" && return
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$1" >/dev/null
}

if [[ -z $natterd || -z $bench ]]; then
  build=$root/build/bench
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNATTER_BUILD_TESTS=OFF >/dev/null
  ninja -C "$build" -j2 natterd natter-bench natter_microbench >/dev/null
  natterd=$build/src/app/natterd bench=$build/bench/natter-bench
fi
work=${work:-$root/build/bench/work}
mkdir -p "$work"
cpus=$(nproc)
server_cpu=0 gen_cpu=$((cpus > 1 ? 1 : 0))
# pin CPUS: the command prefix that pins (empty without taskset). Used inline,
# never through a function, so that $! is the server's own pid.
pin() { if command -v taskset >/dev/null; then echo "taskset -c $1"; fi; }
ulimit -n "$(ulimit -Hn)"

server_pid=
stop_server() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
trap stop_server EXIT

# start_natterd CPUS [extra flags]: sets port and server_pid.
start_natterd() {
  local cpus_=$1; shift
  local log=$work/natterd.log
  : >"$log"
  $(pin "$cpus_") "$natterd" --listen 127.0.0.1:0 --data-dir "$work/data" --threads 1 \
    --jwt-secret "natter-bench-secret-natter-bench-secret" --access-token-ttl 86400 \
    --login-rate-per-address 1e9 --login-rate-per-account 1e9 --register-rate-per-address 1e9 \
    --send-rate 1e12 "$@" >"$log" 2>&1 &
  server_pid=$!
  port=
  for _ in $(seq 300); do
    port=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    [[ -n $port ]] && return
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "natterd did not start:" >&2; cat "$log" >&2; exit 1
}

start_peer() {
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  $(pin "$server_cpu") "$peer_bin" 127.0.0.1 "$port" . 1 >"$work/peer.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && return
    sleep 0.05
  done
  echo "peer did not start" >&2; exit 1
}

# run_bench OUT.json [natter-bench options]
run_bench() {
  local out=$1; shift
  echo "== $(basename "$out" .json)" >&2
  $(pin "$gen_cpu") "$bench" --port "$port" --server-pid "$server_pid" --out "$out" "$@" >/dev/null
}

if [[ $mode == smoke ]]; then
  rm -rf "$work/data" "$work/results"
  mkdir -p "$work/results"
  start_natterd "0-$((cpus - 1))"
  common=(--users 12 --user-cache "$work/data/bench-users.json" --duration 0.3 --warmup 0.1 --reps 1)
  r=$work/results
  run_bench "$r/idle.json" --scenario idle --connections 20 "${common[@]}"
  run_bench "$r/fanout.json" --scenario fanout --connections 5 --rate 50 "${common[@]}"
  run_bench "$r/sweep.json" --scenario sweep --connections 5 --rates 50,100 --target-p99-us 1e6 "${common[@]}"
  run_bench "$r/slow-consumer.json" --scenario slow-consumer --connections 6 --slow 1 --rate 50 "${common[@]}"
  run_bench "$r/many-rooms.json" --scenario many-rooms --connections 10 --rate 50 "${common[@]}"
  run_bench "$r/durable.json" --scenario durable --senders 2 --rates 50,100 "${common[@]}"
  run_bench "$r/login.json" --scenario login --connections 3 --rate 20 --login-parallel 2 "${common[@]}"
  stop_server
  # Each scenario must have carried traffic, not merely exited 0.
  python3 - "$r" <<'PY'
import json, sys, pathlib
r = pathlib.Path(sys.argv[1])
def load(name): return json.loads((r / f"{name}.json").read_text())["result"]
checks = {
  "idle": lambda x: x["open_at_end"] == x["connections"],
  "fanout": lambda x: x["reps"][0]["delivered"] > 0,
  "sweep": lambda x: len(x["steps"]) > 0 and x["steps"][0]["delivered"] > 0,
  "slow-consumer": lambda x: x["all_reading"]["delivered"] > 0,
  "many-rooms": lambda x: x["reps"][0]["counted"] > 0,
  "durable": lambda x: x["steps"][0]["counted"] > 0,
  "login": lambda x: x["logins"]["count"] > 0 and x["room_during_logins"]["delivered"] > 0,
}
bad = [n for n, ok in checks.items() if not ok(load(n))]
if bad: sys.exit("bench smoke: no traffic in " + ", ".join(bad))
print("bench smoke: every scenario ran")
PY
  exit 0
fi

# ---------------------------------------------------------------- full run
need_package gnuplot-nox
peer_bin=$("$root/bench/build_peer.sh" "$root/build/bench/peers" | tail -1)
results=$root/bench/results
mkdir -p "$results" "$root/docs/benchmarks"
users=500
common=(--users $users --user-cache "$work/data/bench-users.json" --duration 3 --warmup 1 --reps 3)
wants() { [[ $1 =~ $only ]]; }

# Users are made once per data directory (Argon2 makes this the slow part),
# with the server on every core; later runs reuse the cached tokens.
start_natterd "0-$((cpus - 1))" --hash-threads "$cpus"
$(pin "$gen_cpu") "$bench" --port "$port" --scenario idle --connections 1 --users $users \
  --user-cache "$work/data/bench-users.json" >/dev/null
stop_server

for target in natter peer; do
  start() { if [[ $target == natter ]]; then start_natterd "$server_cpu" "$@"; else start_peer; fi; }
  if wants idle; then
    for n in 1000 2000 5000; do
      start; run_bench "$results/idle-$n-$target.json" --target $target --scenario idle --connections $n "${common[@]}"; stop_server
    done
  fi
  if wants fanout; then
    for spec in 2:200 100:2000 1000:200 5000:40; do
      n=${spec%%:*} rate=${spec##*:}
      start
      run_bench "$results/fanout-$n-$target.json" --target $target --scenario fanout --connections "$n" \
        --rate "$rate" "${common[@]}"
      stop_server
    done
  fi
  if wants sweep; then
    start
    run_bench "$results/sweep-100-$target.json" --target $target --scenario sweep --connections 100 \
      --rates 500,1000,2000,3000,4000,6000,8000 --target-p99-us 1000 "${common[@]}" --duration 2
    stop_server; start
    run_bench "$results/sweep-1000-$target.json" --target $target --scenario sweep --connections 1000 \
      --rates 50,100,200,300,400,600,800 --target-p99-us 3000 "${common[@]}" --duration 2
    stop_server
  fi
  if wants slow-consumer; then
    start
    run_bench "$results/slow-consumer-$target.json" --target $target --scenario slow-consumer --connections 200 \
      --slow 20 --rate 500 "${common[@]}"
    stop_server
  fi
done

if wants durable; then
  start_natterd "$server_cpu"
  run_bench "$results/durable-natter.json" --scenario durable --senders 64 \
    --rates 2500,5000,10000,20000,40000,80000,120000 "${common[@]}" --duration 2
  stop_server
fi
if wants many-rooms; then
  start_natterd "$server_cpu"
  run_bench "$results/many-rooms-natter.json" --scenario many-rooms --connections $users --rate 5000 "${common[@]}"
  stop_server
fi
if wants login; then
  start_natterd "$server_cpu"
  run_bench "$results/login-natter.json" --scenario login --connections 50 --rate 100 --login-parallel 8 \
    "${common[@]}"
  stop_server
fi
if wants micro; then
  $(pin "$gen_cpu") "$(dirname "$bench")/natter_microbench" --benchmark_format=json \
    --benchmark_out="$results/microbench.json" >/dev/null
fi

python3 "$root/bench/summarize.py" "$results" "$root/docs/benchmarks"
gnuplot -e "dir='$root/docs/benchmarks'" "$root/bench/plots.gp"
echo "results: $results, plots: $root/docs/benchmarks" >&2
