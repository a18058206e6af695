#!/usr/bin/env bash
# Builds the peer, Boost.Beast's websocket/server/chat-multi example, from
# Debian's libboost1.81-doc package (installed here when missing) into
# $1 (default build/bench/peers). Nothing of the example is kept in this
# repository: the sources are read from the installed package.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/bench/peers}
src=/usr/share/doc/libboost1.81-doc/examples/libs/beast/example/websocket/server/chat-multi

if ! dpkg-query -W -f='${Status}' libboost1.81-doc 2>/dev/null | grep -q "install ok installed"; then
  sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends libboost1.81-doc >/dev/null
fi
[[ -f $src/main.cpp ]] || { echo "build_peer: $src/main.cpp not found" >&2; exit 1; }

mkdir -p "$out"
bin=$out/chat-multi
if [[ ! -x $bin || $src/main.cpp -nt $bin ]]; then
  # Same compiler and optimisation level as natterd's Release build.
  g++ -std=c++20 -O3 -DNDEBUG -I"$src" "$src"/*.cpp -o "$bin" -pthread
fi
echo "$bin"
