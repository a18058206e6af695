#!/usr/bin/env bash
# Connects/s of two natterd builds, back to back: the idle scenario (5000
# authenticated connections, each with auth and sync), natterd on CPU 0, the
# generator on CPU 1, a fresh copy of one 500-user data directory per run.
#   bench/connects_ab.sh NATTERD_A NATTERD_B NATTER_BENCH [ROUNDS]
# Prints "A|B round connects/s RSS-bytes-per-connection" per run.
set -euo pipefail
a=$1 b=$2 bench=$3 rounds=${4:-5}
work=$(mktemp -d /dev/shm/natter-connects-ab.XXXXXX)
trap 'rm -rf "$work"' EXIT
flags=(--listen 127.0.0.1:0 --create-data-dir --threads 1 --jwt-secret natter-bench-secret-natter-bench-secret
  --access-token-ttl 86400 --login-rate-per-address 1e9 --login-rate-per-account 1e9 --register-rate-per-address 1e9
  --send-rate 1e12 --max-connections-per-address 0 --max-websockets-per-user 0 --rooms-per-hour 0 --groups-per-hour 0)
start() {  # natterd cpus data-dir [flags]
  : >"$work/log"
  taskset -c "$2" "$1" --data-dir "$3" "${flags[@]}" "${@:4}" >"$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do
    port=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$work/log" | grep -oE '[0-9]+$' || true)
    [[ -n $port ]] && return
    sleep 0.05
  done
  cat "$work/log" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" || true; }
start "$b" 0-1 "$work/seed" --hash-threads 2
"$bench" --port "$port" --scenario idle --connections 1 --users 500 --user-cache "$work/seed/bench-users.json" >/dev/null
stop
uptime
for round in $(seq "$rounds"); do
  for which in A B; do
    bin=$a; [[ $which == B ]] && bin=$b
    rm -rf "$work/data"; cp -a "$work/seed" "$work/data"
    start "$bin" 0 "$work/data"
    taskset -c 1 "$bench" --port "$port" --server-pid "$pid" --scenario idle --connections 5000 --users 500 \
      --user-cache "$work/data/bench-users.json" |
      python3 -c 'import json,sys; r=json.load(sys.stdin)["result"]; print("'"$which $round"'", round(r["connects_per_s"]), round(r["server_rss_bytes_per_connection"]))'
    stop
  done
done
uptime
