#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server for the tests, listening on loopback only.
#
#   postgres_server.sh start DIR   initdb into DIR/data, start the server on a
#                                  free port of 127.0.0.1, create the database
#                                  "natter" owned by the superuser "natter"
#                                  (trusted, no password: loopback and DIR's
#                                  socket only), print its URL and write it to
#                                  DIR/url. A server left in DIR by an earlier
#                                  run is stopped and wiped first.
#   postgres_server.sh stop DIR    stop that server and remove its data; the
#                                  log (DIR/server.log) is kept.
#
# Layout, for tests that restart the server themselves: the cluster is in
# DIR/data, its socket in DIR/socket, its log in DIR/server.log. The port is
# not in postgresql.conf: start it again with pg_ctl -o "-p PORT" (PORT from
# DIR/url) to keep the URL valid. Settings: fsync and synchronous_commit on
# (tests measure durable commits), max_connections 200, deadlock_timeout
# 100 ms (tests provoke deadlocks).
#
# PostgreSQL refuses to run as root, so when run as root (as in CI) the server
# runs as the "postgres" system user that Debian's postgresql-15 package makes.
# NATTER_POSTGRES_BIN overrides where the binaries are.
set -euo pipefail

bin=${NATTER_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
readonly bin
readonly user=natter database=natter
readonly first_port=15432 last_port=32767  # below Linux's ephemeral port range
readonly attempts=20

die() {
  echo "postgres_server.sh: $*" >&2
  exit 1
}

# Runs a command as the user that owns the server.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_is_free() {
  [[ -z $(ss -Hltn "sport = :$1" 2>/dev/null) ]]
}

pick_port() {
  local port
  for _ in $(seq 100); do
    port=$((first_port + RANDOM % (last_port - first_port + 1)))
    if port_is_free "$port"; then
      echo "$port"
      return
    fi
  done
  die "no free port found between $first_port and $last_port"
}

# Immediate: no shutdown checkpoint (seconds of fsyncs) for data deleted next.
stop_server() {
  local dir=$1
  if [[ -f $dir/data/postmaster.pid ]]; then
    as_owner "$bin/pg_ctl" stop -D "$dir/data" -m immediate -w -t 60 >/dev/null || true
  fi
  rm -rf "$dir/data" "$dir/url" "$dir/socket"
}

init_cluster() {
  local dir=$1
  mkdir -p "$dir/socket"
  # The socket lives in DIR; Unix socket paths are limited to 107 bytes.
  (( ${#dir} <= 80 )) || die "$dir is too long a path for the server's socket"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the postgres user (apt-get install postgresql-15)"
    chown postgres: "$dir" "$dir/socket"
  fi
  # --no-sync: only initdb's own writes skip fsync; the server below keeps
  # fsync on, so what the tests measure is durable.
  as_owner "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$dir/initdb.log" 2>&1 || die "initdb failed, see $dir/initdb.log"
  # Only the test user, only over loopback and the socket in DIR.
  printf '%s\n' "local all $user trust" "host all $user 127.0.0.1/32 trust" >"$dir/data/pg_hba.conf"
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/socket'
fsync = on
synchronous_commit = on
max_connections = 200
shared_buffers = 64MB
# Tests provoke deadlocks on purpose; find them quickly.
deadlock_timeout = 100ms
log_min_messages = warning
log_min_error_statement = panic
CONF
}

# Starts the server on some free port; retries when another process takes the
# port between the check and the bind.
start_on_free_port() {
  local dir=$1 port
  for _ in $(seq "$attempts"); do
    port=$(pick_port)
    if as_owner "$bin/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "-p $port" >/dev/null; then
      echo "$port"
      return
    fi
  done
  die "the server did not start, see $dir/server.log"
}

start() {
  local dir=$1 port url
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  stop_server "$dir"
  : >"$dir/server.log"
  [[ $(id -u) -ne 0 ]] || chown postgres: "$dir/server.log"
  init_cluster "$dir"
  port=$(start_on_free_port "$dir")
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$database"
  url="postgresql://$user@127.0.0.1:$port/$database"
  echo "$url" >"$dir/url.tmp"
  mv "$dir/url.tmp" "$dir/url"
  echo "$url"
}

stop() {
  local dir=$1
  [[ -d $dir ]] || return 0
  stop_server "$(cd "$dir" && pwd)"
}

[[ $# -eq 2 ]] || die "usage: postgres_server.sh start|stop DIR"
case $1 in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) die "unknown command '$1' (start or stop)" ;;
esac
