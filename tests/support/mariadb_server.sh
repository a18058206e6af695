#!/usr/bin/env bash
# A throw-away MariaDB server for the tests, listening on loopback only.
#
#   mariadb_server.sh start DIR   mariadb-install-db into DIR/data, start the
#                                 server on a free port of 127.0.0.1, create
#                                 the database "natter" and the user "natter"
#                                 (password "natter", all privileges: tests
#                                 create databases of their own), print its
#                                 URL and write it to DIR/url. A server left
#                                 in DIR by an earlier run is stopped and
#                                 wiped first.
#   mariadb_server.sh stop DIR    stop that server and remove its data; the
#                                 log (DIR/server.log) is kept.
#   mariadb_server.sh restart DIR stop the server (its data kept) and start it
#                                 again on the same port: tests of reconnect.
#
# Layout: the data in DIR/data, the socket DIR/socket/mariadb.sock (root may
# log in over it without a password), the options in DIR/my.cnf, the log in
# DIR/server.log. Grants are on (no --skip-grant-tables): the tests read the
# server's real settings. innodb_flush_log_at_trx_commit = 1 (tests measure
# durable commits; the store refuses anything else); a small buffer pool and
# log, no performance_schema and no name resolution, so that it starts and
# runs quickly.
#
# The server never reads /etc/mysql (--no-defaults and DIR/my.cnf only), so
# the packaged server, running or not, neither disturbs it nor is disturbed.
# When run as root (as in CI) the server runs as the "mysql" system user that
# Debian's mariadb-server package makes. NATTER_MARIADB_BIN overrides where
# mariadbd is (mariadb-install-db and the client come from PATH);
# NATTER_MARIADB_SETTINGS, lines of "name = value", are added to the server's
# options (tests of a misconfigured server start one of their own with it).
set -euo pipefail

bin=${NATTER_MARIADB_BIN:-/usr/sbin}
readonly bin
readonly user=natter password=natter database=natter
readonly first_port=15432 last_port=32767  # below Linux's ephemeral port range
readonly attempts=20

die() {
  echo "mariadb_server.sh: $*" >&2
  exit 1
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

# The server's options; port 0 until one is chosen.
write_config() {
  local dir=$1 port=$2 run_as=
  [[ $(id -u) -ne 0 ]] || run_as="user = mysql"
  cat >"$dir/my.cnf.tmp" <<CONF
[mariadbd]
$run_as
datadir = $dir/data
socket = $dir/socket/mariadb.sock
pid-file = $dir/socket/mariadbd.pid
log-error = $dir/server.log
bind-address = 127.0.0.1
port = $port
skip-name-resolve
performance_schema = OFF
innodb_buffer_pool_size = 32M
innodb_log_file_size = 16M
innodb_log_buffer_size = 4M
innodb_flush_log_at_trx_commit = 1
# One shared tablespace: a test database's CREATE and DROP TABLE then create
# and delete no files (each test makes and drops a whole schema).
innodb_file_per_table = OFF
innodb_lock_wait_timeout = 10
innodb_deadlock_detect = ON
character_set_server = utf8mb4
collation_server = utf8mb4_bin
max_connections = 200
${NATTER_MARIADB_SETTINGS:-}
CONF
  mv "$dir/my.cnf.tmp" "$dir/my.cnf"
}

# Runs SQL as root over the socket (unix_socket authentication).
as_root() {
  local dir=$1
  shift
  mariadb --no-defaults --protocol=socket --socket="$dir/socket/mariadb.sock" -uroot "$@"
}

server_pid() {
  local dir=$1
  [[ -f $dir/socket/mariadbd.pid ]] && cat "$dir/socket/mariadbd.pid"
}

# Stops the server and waits until it is gone. Data kept.
stop_server() {
  local dir=$1 pid
  pid=$(server_pid "$dir") || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 600); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

init_data() {
  local dir=$1
  mkdir -p "$dir/socket" "$dir/data"
  # The socket lives in DIR; Unix socket paths are limited to 107 bytes.
  (( ${#dir} <= 80 )) || die "$dir is too long a path for the server's socket"
  if [[ $(id -u) -eq 0 ]]; then
    id mysql >/dev/null 2>&1 || die "running as root needs the mysql user (apt-get install mariadb-server)"
    chown mysql: "$dir" "$dir/socket" "$dir/data" "$dir/server.log"
  fi
  write_config "$dir" 0
  mariadb-install-db --defaults-file="$dir/my.cnf" --skip-test-db --auth-root-authentication-method=socket \
    >"$dir/install.log" 2>&1 || die "mariadb-install-db failed, see $dir/install.log"
}

# Waits until the server answers on its socket, or its process is gone.
wait_ready() {
  local dir=$1 pid=$2
  for _ in $(seq 600); do
    as_root "$dir" -e 'SELECT 1' >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

launch() {
  local dir=$1 port=$2 pid
  write_config "$dir" "$port"
  "$bin/mariadbd" --defaults-file="$dir/my.cnf" </dev/null >/dev/null 2>&1 &
  pid=$!
  if wait_ready "$dir" "$pid"; then
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return 1
}

# Starts the server on some free port; retries when another process takes the
# port between the check and the bind.
start_on_free_port() {
  local dir=$1 port
  for _ in $(seq "$attempts"); do
    port=$(pick_port)
    if launch "$dir" "$port"; then
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
  rm -rf "$dir/data" "$dir/url" "$dir/socket"
  : >"$dir/server.log"
  init_data "$dir"
  port=$(start_on_free_port "$dir")
  as_root "$dir" <<SQL
CREATE DATABASE $database;
CREATE USER '$user'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO '$user'@'127.0.0.1';
SQL
  url="mariadb://$user:$password@127.0.0.1:$port/$database"
  echo "$url" >"$dir/url.tmp"
  mv "$dir/url.tmp" "$dir/url"
  echo "$url"
}

restart() {
  local dir=$1 port
  dir=$(cd "$dir" && pwd)
  port=$(sed -n 's/^port = //p' "$dir/my.cnf")
  stop_server "$dir"
  launch "$dir" "$port" || die "the server did not start again on port $port, see $dir/server.log"
}

stop() {
  local dir=$1
  [[ -d $dir ]] || return 0
  dir=$(cd "$dir" && pwd)
  stop_server "$dir"
  rm -rf "$dir/data" "$dir/url" "$dir/socket" "$dir/my.cnf"
}

[[ $# -eq 2 ]] || die "usage: mariadb_server.sh start|stop|restart DIR"
case $1 in
  start) start "$2" ;;
  stop) stop "$2" ;;
  restart) restart "$2" ;;
  *) die "unknown command '$1' (start, stop or restart)" ;;
esac
