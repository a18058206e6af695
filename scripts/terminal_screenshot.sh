#!/usr/bin/env bash
# Renders docs/screenshots/terminal.png: natter's full-screen chat in a 100x16
# tmux, after a few people talked on a throwaway natterd, captured with its
# attributes (tmux capture-pane -e), turned into HTML (scripts/ansi_to_html.py)
# and drawn by headless Chromium.
#   scripts/terminal_screenshot.sh [BUILD_DIR]      (default build/dev)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}
natterd=$build/src/app/natterd
natter=$build/clients/cli/natter
for tool in "$natterd" "$natter"; do
  [[ -x "$tool" ]] || { echo "terminal_screenshot.sh: build $tool first" >&2; exit 2; }
done

work=$(mktemp -d)
socket="natter-shot-$$"
cleanup() {
  tmux -L "$socket" kill-server 2>/dev/null || true
  [[ -n "${server:-}" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
"$natterd" --listen "127.0.0.1:$port" --data-dir "$work/data" --create-data-dir --log-level warn \
  --argon2-memlimit 19922944 >"$work/natterd.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -fs "$url/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

as() {
  local who=$1
  shift
  XDG_CONFIG_HOME="$work/$who" "$natter" --server "$url" "$@" >/dev/null
}
for who in alice bob carol; do
  echo "correct horse battery" | as "$who" register "$who" --email "$who@example.com"
done
as alice contacts add bob
as bob contacts add alice
as alice join general
as carol join general
as carol send '#general' 'Morning all! The **release notes** are up.'
as alice send '#general' 'Thanks, reading them now'
as bob send @alice 'Are we still on for *Friday*?'
as alice send @bob 'Yes! I booked the table, see [the menu](https://example.com/menu)'
as bob send @alice 'Great. Run `make test` before you leave, the build was red this morning'
as alice send @bob $'Will do:\n> the build was red\nfixed in the last commit'
as bob send @alice 'À vendredi, ~~19h~~ 20h'

tmux -L "$socket" new-session -d -s shot -x 100 -y 16 \
  "env XDG_CONFIG_HOME=$work/alice LANG=C.UTF-8 TERM=tmux-256color $natter --server $url chat"
for _ in $(seq 100); do
  tmux -L "$socket" capture-pane -p -t shot | grep -q "vendredi" && break
  sleep 0.1
done
sleep 0.5  # the last receipts and presence settle on screen; only a picture depends on it
tmux -L "$socket" capture-pane -p -e -t shot >"$work/screen.ansi"
/usr/bin/python3 scripts/ansi_to_html.py "$work/screen.ansi" "$work/screen.html" 100
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,335 \
  --screenshot="$PWD/docs/screenshots/terminal.png" "file://$work/screen.html" >/dev/null 2>&1
echo "docs/screenshots/terminal.png"
