#!/bin/sh
# A throwaway Redis for the multi-node tests (ctest fixture "redis").
#   redis_server.sh start DIR    starts redis-server on 127.0.0.1 and a free
#                                port, no persistence; writes DIR/url
#                                (redis://127.0.0.1:PORT) and DIR/port
#   redis_server.sh stop DIR     stops it
#   redis_server.sh restart DIR  stops it and starts it again on the same port
#                                (empty: nothing is persisted)
set -eu
cmd=${1:?usage: redis_server.sh start|stop|restart DIR}
dir=${2:?usage: redis_server.sh start|stop|restart DIR}
server=${REDIS_SERVER:-redis-server}
cli=${REDIS_CLI:-redis-cli}

free_port() {
  # Ask the kernel for a free port by binding port 0.
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

launch() {
  port=$1
  "$server" --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --protected-mode yes
  i=0
  until "$cli" -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -gt 200 ]; then
      echo "redis did not start; its log:" >&2
      cat "$dir/redis.log" >&2 || true
      exit 1
    fi
    sleep 0.05
  done
  echo "$port" >"$dir/port"
  echo "redis://127.0.0.1:$port" >"$dir/url"
}

halt() {
  [ -f "$dir/port" ] || return 0
  port=$(cat "$dir/port")
  "$cli" -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
  if [ -f "$dir/redis.pid" ]; then
    pid=$(cat "$dir/redis.pid")
    i=0
    while kill -0 "$pid" 2>/dev/null; do
      i=$((i + 1))
      if [ "$i" -gt 200 ]; then kill -9 "$pid" 2>/dev/null || true; break; fi
      sleep 0.05
    done
    rm -f "$dir/redis.pid"
  fi
}

case "$cmd" in
  start)
    halt
    rm -rf "$dir"
    mkdir -p "$dir"
    launch "$(free_port)"
    ;;
  stop)
    halt
    rm -f "$dir/url" "$dir/port"
    ;;
  restart)
    port=$(cat "$dir/port")
    halt
    launch "$port"
    ;;
  *)
    echo "usage: redis_server.sh start|stop|restart DIR" >&2
    exit 2
    ;;
esac
