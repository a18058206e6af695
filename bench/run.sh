#!/usr/bin/env bash
# The benchmark run (docs/benchmarks.md).
#
#   bench/run.sh            full run: Release build, natterd and the Beast
#                           chat-multi peer side by side, results in
#                           bench/results/*.json, plots in docs/benchmarks/
#   bench/run.sh --smoke    every scenario with tiny parameters against a
#                           fresh natterd (a ctest test, label bench)
#   bench/run.sh --smoke-two-node
#                           the two-node group (PostgreSQL, Redis, two natterd
#                           nodes) with tiny parameters (a ctest test, labels
#                           bench and multinode)
#
# Options: --natterd PATH --bench PATH (binaries; default: build them),
# --work-dir DIR (data and logs), --only REGEX (full run: scenarios to run;
# "two-node" is the PostgreSQL + Redis group), --threads N (natter-bench
# threads, each owning a shard of the connections; default 1) and
# --generator-cpus LIST (taskset CPU list for natter-bench; default: CPU 1,
# or 0 on one core). Give the generator one core per thread, none of them the
# server's: e.g. on 8 cores --threads 3 --generator-cpus 1-3.
# --smoke-two-node only: --postgres-url-file FILE --redis-url-file FILE
# --mariadb-url-file FILE use running servers (the ctest fixtures; the run
# works in a schema, a database and a bus prefix of its own) instead of
# starting throw-away ones.
# Server on CPU 0, generator on CPU 1 (or --generator-cpus; taskset), all
# traffic on 127.0.0.1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mode=full natterd= bench= work= only=. postgres_url_file= redis_url_file= mariadb_url_file= threads=1 gen_cpus=
while (($#)); do
  case $1 in
    --smoke) mode=smoke ;;
    --smoke-two-node) mode=smoke-two-node ;;
    --natterd) natterd=$2; shift ;;
    --bench) bench=$2; shift ;;
    --work-dir) work=$2; shift ;;
    --only) only=$2; shift ;;
    --threads) threads=$2; shift ;;
    --generator-cpus) gen_cpus=$2; shift ;;
    --postgres-url-file) postgres_url_file=$2; shift ;;
    --redis-url-file) redis_url_file=$2; shift ;;
    --mariadb-url-file) mariadb_url_file=$2; shift ;;
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
work=$(cd "$work" && pwd)  # absolute: Redis, daemonized, resolves paths from /
cpus=$(nproc)
server_cpu=0 gen_cpu=${gen_cpus:-$((cpus > 1 ? 1 : 0))}
# pin CPUS: the command prefix that pins (empty without taskset). Used inline,
# never through a function, so that $! is the server's own pid.
pin() { if command -v taskset >/dev/null; then echo "taskset -c $1"; fi; }
ulimit -n "$(ulimit -Hn)"

# server_pid: the server the generator talks to; second_pid: the other node
# of a two-node run. stop_server stops both.
server_pid= second_pid=
stop_pid() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_server() {
  if [[ -n $server_pid ]]; then stop_pid "$server_pid"; server_pid=; fi
  if [[ -n $second_pid ]]; then stop_pid "$second_pid"; second_pid=; fi
}
# The two-node group's PostgreSQL and Redis: started here (pg_dir, redis_dir)
# or given (--postgres-url-file, --redis-url-file); schema: the run's own.
support=$root/tests/support
pg_dir= redis_dir= pg_url= schema= db_url= bus_url= bus_prefix= maria_dir= maria_url= maria_db=
psql_cmd() { psql -X -q -v ON_ERROR_STOP=1 "$pg_url" "$@"; }
# Runs SQL on the MariaDB server (user and password from its URL).
maria_cmd() {
  local rest=${maria_url#*://} credentials host_port
  credentials=${rest%%@*} rest=${rest#*@} host_port=${rest%%/*}
  mariadb --no-defaults -h "${host_port%:*}" -P "${host_port##*:}" -u "${credentials%%:*}" \
    -p"${credentials#*:}" "$@"
}
stop_backends() {
  if [[ -n $schema ]]; then
    [[ -n $pg_dir ]] || psql_cmd -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
    schema=
  fi
  if [[ -n $maria_db ]]; then
    [[ -n $maria_dir ]] || maria_cmd -e "DROP DATABASE IF EXISTS $maria_db" >/dev/null 2>&1 || true
    maria_db=
  fi
  if [[ -n $maria_dir ]]; then "$support/mariadb_server.sh" stop "$maria_dir" >/dev/null 2>&1 || true; maria_dir=; fi
  if [[ -n $pg_dir ]]; then "$support/postgres_server.sh" stop "$pg_dir" >/dev/null 2>&1 || true; pg_dir=; fi
  if [[ -n $redis_dir ]]; then sh "$support/redis_server.sh" stop "$redis_dir" >/dev/null 2>&1 || true; redis_dir=; fi
}
cleanup() {
  stop_server
  stop_backends
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_natterd CPUS [extra flags]: sets port, metrics_port and server_pid. The
# log is $work/${natterd_log:-natterd}.log, the data directory ${natterd_data:-$work/data}.
# The connection caps and creation limits are lifted: every client of a
# benchmark is one address, and its users open many connections and rooms.
start_natterd() {
  local cpus_=$1; shift
  local log=$work/${natterd_log:-natterd}.log
  : >"$log"
  $(pin "$cpus_") "$natterd" --listen 127.0.0.1:0 --data-dir "${natterd_data:-$work/data}" --create-data-dir --threads 1 \
    --jwt-secret "natter-bench-secret-natter-bench-secret" --access-token-ttl 86400 \
    --login-rate-per-address 1e9 --login-rate-per-account 1e9 --register-rate-per-address 1e9 \
    --send-rate 1e12 --max-connections-per-address 0 --max-websockets-per-user 0 \
    --rooms-per-hour 0 --groups-per-hour 0 --metrics-listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
  server_pid=$!
  port=
  for _ in $(seq 300); do
    port=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    metrics_port=$(grep -oE 'metrics on http://127\.0\.0\.1:[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    [[ -n $port ]] && return
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "natterd did not start:" >&2; cat "$log" >&2; exit 1
}

start_peer() {
  metrics_port=
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  $(pin "$server_cpu") "$peer_bin" 127.0.0.1 "$port" . 1 >"$work/peer.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && return
    sleep 0.05
  done
  echo "peer did not start" >&2; exit 1
}

# run_bench OUT.json [natter-bench options] (options given here win over --threads)
run_bench() {
  local out=$1; shift
  echo "== $(basename "$out" .json)" >&2
  $(pin "$gen_cpu") "$bench" --port "$port" --metrics-port "${metrics_port:-0}" --server-pid "$server_pid" \
    --threads "$threads" --out "$out" "$@" >/dev/null
}

# ------------------------------------------------------------------ two nodes
# PostgreSQL (fsync and synchronous_commit on) and Redis, then natterd nodes
# on them: the "two-node" group of the full run and --smoke-two-node.

# start_backends CPUS: PostgreSQL and Redis (pinned to CPUS, children
# included), a fresh schema, a bus prefix; sets db_url, bus_url, bus_prefix.
start_backends() {
  local cpus_=$1
  if [[ -n $postgres_url_file ]]; then
    pg_url=$(<"$postgres_url_file")
  else
    need_package postgresql-15
    pg_dir=$work/two-node/postgres
    pg_url=$($(pin "$cpus_") "$support/postgres_server.sh" start "$pg_dir" | tail -1)
  fi
  if [[ -n $redis_url_file ]]; then
    bus_url=$(<"$redis_url_file")
  else
    need_package redis-server
    redis_dir=$work/two-node/redis
    $(pin "$cpus_") sh "$support/redis_server.sh" start "$redis_dir" >/dev/null
    bus_url=$(<"$redis_dir/url")
  fi
  schema=bench_$$_$RANDOM
  psql_cmd -c "CREATE SCHEMA $schema"
  db_url="$pg_url?options=-csearch_path%3D$schema"
  bus_prefix=$schema
}

# start_node NAME CPUS [flags]: natterd node NAME on the database and the bus,
# with its own data directory and log ($work/two-node/NAME.log); sets port
# and server_pid like start_natterd. Every node gets start_natterd's JWT secret.
start_node() {
  local name=$1 cpus_=$2; shift 2
  natterd_log=two-node/$name natterd_data=$work/two-node/$name start_natterd "$cpus_" \
    --db "$db_url" --bus "$bus_url" --bus-prefix "$bus_prefix" --node-id "$name" "$@"
}

# start_two_nodes CPUS: node b (port_b, second_pid), then node a (port, server_pid).
start_two_nodes() {
  start_node b "$1"
  second_pid=$server_pid port_b=$port metrics_port_b=$metrics_port server_pid=
  start_node a "$1"
}

metrics_of() {
  python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' \
    "http://127.0.0.1:$1/metrics"
}

# two_node_group RESULTS_DIR CPUS: with tn_users, tn_rooms (ROOM:RATE ...),
# tn_durable (durable options) and tn_common (natter-bench options), servers
# on CPUS. Writes two-node-fanout-ROOM-RATE-one.json (one node on the bus),
# two-node-fanout-ROOM-RATE-two.json (sender on node a, receivers on node b)
# two-node-durable-postgres.json and two-node-durable-mariadb.json (the same
# durable run with both nodes on MariaDB); node b's /metrics after each two-node
# run in $work/two-node/fanout-ROOM-RATE-node-b.metrics, both nodes' after
# the durable run (senders alternating between the nodes) in
# $work/two-node/durable-node-{a,b}.metrics.
two_node_group() {
  local out=$1 cpus_=$2 spec n rate
  # (Not the whole directory: the support scripts stop servers an earlier,
  # interrupted run left in theirs before they wipe them.)
  rm -rf "$work/two-node/a" "$work/two-node/b" "$work/two-node/bench-users.json" "$work/two-node"/*.metrics
  mkdir -p "$work/two-node" "$out"
  start_backends "$cpus_"
  # The users live in this fresh schema: tokens cached for an earlier one
  # would name users that do not exist here.
  local users_file=$work/two-node/bench-users.json
  local common=(--users "$tn_users" --user-cache "$users_file" "${tn_common[@]}")
  # Users first, the node on every core (Argon2 is the slow part).
  start_node a "0-$((cpus - 1))" --hash-threads "$cpus"
  $(pin "$gen_cpu") "$bench" --port "$port" --scenario idle --connections 1 --users "$tn_users" \
    --user-cache "$users_file" >/dev/null
  stop_server
  for spec in "${tn_rooms[@]}"; do
    n=${spec%%:*} rate=${spec##*:}
    start_node a "$cpus_"
    run_bench "$out/two-node-fanout-$n-$rate-one.json" --scenario fanout --connections "$n" --rate "$rate" "${common[@]}"
    stop_server
    start_two_nodes "$cpus_"
    run_bench "$out/two-node-fanout-$n-$rate-two.json" --scenario fanout --connections "$n" --rate "$rate" \
      --receiver-port "$port_b" --server-pid "$second_pid" "${common[@]}"
    metrics_of "$metrics_port_b" >"$work/two-node/fanout-$n-$rate-node-b.metrics"
    stop_server
  done
  # Durable sends through both nodes (the senders alternate between a and
  # b): two writers on the one database.
  start_two_nodes "$cpus_"
  run_bench "$out/two-node-durable-postgres.json" --scenario durable --receiver-port "$port_b" \
    "${common[@]}" "${tn_durable[@]}"
  metrics_of "$metrics_port" >"$work/two-node/durable-node-a.metrics"
  metrics_of "$metrics_port_b" >"$work/two-node/durable-node-b.metrics"
  stop_server
  # The same on MariaDB: both nodes on a fresh database of it (the users are
  # registered there first, as above).
  start_mariadb "$cpus_"
  rm -rf "$work/two-node/a" "$work/two-node/b" "$users_file"
  start_node a "0-$((cpus - 1))" --hash-threads "$cpus"
  $(pin "$gen_cpu") "$bench" --port "$port" --scenario idle --connections 1 --users "$tn_users" \
    --user-cache "$users_file" >/dev/null
  stop_server
  start_two_nodes "$cpus_"
  run_bench "$out/two-node-durable-mariadb.json" --scenario durable --receiver-port "$port_b" \
    "${common[@]}" "${tn_durable[@]}"
  stop_server
  stop_backends
}

# start_mariadb CPUS: a MariaDB server (innodb_flush_log_at_trx_commit = 1)
# pinned to CPUS, or the one of --mariadb-url-file, and a fresh database on
# it; db_url then points the nodes there.
start_mariadb() {
  local cpus_=$1
  if [[ -n $mariadb_url_file ]]; then
    maria_url=$(<"$mariadb_url_file")
  else
    need_package mariadb-server
    maria_dir=$work/two-node/mariadb
    maria_url=$($(pin "$cpus_") "$support/mariadb_server.sh" start "$maria_dir" | tail -1)
  fi
  maria_db=bench_$$_$RANDOM
  maria_cmd -e "CREATE DATABASE $maria_db"
  db_url="${maria_url%/*}/$maria_db"
}

if [[ $mode == smoke-two-node ]]; then
  cpus_all="0-$((cpus - 1))"
  tn_users=6 tn_rooms=(5:50 2:20) tn_durable=(--senders 2 --rates 50,100)
  tn_common=(--duration 0.3 --warmup 0.1 --reps 1)
  r=$work/results-two-node
  rm -rf "$r"
  two_node_group "$r" "$cpus_all"
  # Traffic must have flowed, and across the nodes: the receivers of the
  # two-node runs were all on node b, and node b received from the bus.
  python3 - "$r" "$work/two-node" "${tn_rooms[@]}" <<'PY'
import json, sys, pathlib, re
r, tn, rooms = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), [s.replace(":", "-") for s in sys.argv[3:]]
def load(name): return json.loads((r / f"{name}.json").read_text())["result"]
def received(n):
    m = re.search(r'^natter_bus_events_total\{what="received"\} (\S+)$',
                  (tn / f"fanout-{n}-node-b.metrics").read_text(), re.M)
    return float(m.group(1)) if m else 0
bad = []
for n in rooms:
    for nodes in ("one", "two"):
        if not load(f"two-node-fanout-{n}-{nodes}")["reps"][0]["delivered"] > 0:
            bad.append(f"fanout {n} on {nodes} node(s): nothing delivered")
    if not received(n) > 0:
        bad.append(f"fanout {n}: node b received nothing from the bus")
for store in ("postgres", "mariadb"):
    if not load(f"two-node-durable-{store}")["steps"][0]["counted"] > 0:
        bad.append(f"durable on {store}: nothing acknowledged")
if bad: sys.exit("bench two-node smoke: " + "; ".join(bad))
print("bench two-node smoke: traffic flowed from node a to node b; durable acked on PostgreSQL and MariaDB")
PY
  exit 0
fi

if [[ $mode == smoke ]]; then
  rm -rf "$work/data" "$work/results"
  mkdir -p "$work/results"
  start_natterd "0-$((cpus - 1))"
  common=(--users 12 --user-cache "$work/data/bench-users.json" --duration 0.3 --warmup 0.1 --reps 1)
  r=$work/results
  run_bench "$r/idle.json" --scenario idle --connections 20 "${common[@]}"
  # Two generator threads here and in many-rooms: the sharded path runs in CI too.
  run_bench "$r/fanout.json" --scenario fanout --connections 5 --rate 50 "${common[@]}" --threads 2
  run_bench "$r/sweep.json" --scenario sweep --connections 5 --rates 50,100 --target-p99-us 1e6 "${common[@]}"
  run_bench "$r/slow-consumer.json" --scenario slow-consumer --connections 6 --slow 1 --rate 50 "${common[@]}"
  run_bench "$r/many-rooms.json" --scenario many-rooms --connections 10 --rate 50 "${common[@]}" --threads 2
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
# Every frame the meters looked at was one of ours, and the generator
# measured itself (two threads where asked for).
fanout, rooms = load("fanout")["reps"][0], load("many-rooms")["reps"][0]
for name, x in (("fanout", fanout), ("many-rooms", rooms)):
    if x.get("malformed") != 0: sys.exit(f"bench smoke: {name}: malformed frames: {x.get('malformed')}")
    if x.get("generator_threads") != 2 or not x.get("generator_us_per_frame", 0) > 0:
        sys.exit(f"bench smoke: {name}: generator self-measurement missing: {x}")
print("bench smoke: every scenario ran")
PY
  exit 0
fi

# ---------------------------------------------------------------- full run
need_package gnuplot-nox
results=$root/bench/results
mkdir -p "$results" "$root/docs/benchmarks"
users=500
common=(--users $users --user-cache "$work/data/bench-users.json" --duration 3 --warmup 1 --reps 3)
wants() { [[ $1 =~ $only ]]; }
wants_any() { local s; for s in "$@"; do wants "$s" && return 0; done; return 1; }

if wants_any idle fanout sweep slow-consumer; then
  peer_bin=$("$root/bench/build_peer.sh" "$root/build/bench/peers" | tail -1)
fi
if wants_any idle fanout sweep slow-consumer durable many-rooms login; then
  # Users are made once per data directory (Argon2 makes this the slow part),
  # with the server on every core; later runs reuse the cached tokens.
  start_natterd "0-$((cpus - 1))" --hash-threads "$cpus"
  $(pin "$gen_cpu") "$bench" --port "$port" --scenario idle --connections 1 --users $users \
    --user-cache "$work/data/bench-users.json" >/dev/null
  stop_server
fi

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
if wants two-node; then
  # One node, then two (sender on a, receivers on b), every server process
  # (natterd nodes, PostgreSQL, Redis) on the server CPU; then durable sends
  # on PostgreSQL, then on MariaDB. A fresh database each time.
  tn_users=100 tn_rooms=(100:200 100:500 2:200)
  tn_durable=(--senders 64 --rates 1000,2500,5000,10000,20000,40000,80000,120000 --duration 2)
  tn_common=(--duration 3 --warmup 1 --reps 3)
  two_node_group "$results" "$server_cpu"
fi

python3 "$root/bench/summarize.py" "$results" "$root/docs/benchmarks"
gnuplot -e "dir='$root/docs/benchmarks'" "$root/bench/plots.gp"
echo "results: $results, plots: $root/docs/benchmarks" >&2
