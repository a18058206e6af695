#!/usr/bin/env bash
# Installs the Debian 12 packages Natter needs. Idempotent and quiet when
# everything is already present.
#   scripts/install-deps.sh            build + run dependencies
#   scripts/install-deps.sh --test     also what the test suite needs
set -euo pipefail

build_packages=(
  g++ cmake ninja-build ccache pkg-config python3
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libsqlitecpp-dev libsodium-dev libjwt-dev libssl-dev
  libspdlog-dev libfmt-dev libcli11-dev libcurl4-openssl-dev libncurses-dev
  libpqxx-dev libpq-dev libmariadb-dev libhiredis-dev libvips-dev
  qt6-base-dev qtkeychain-qt6-dev
  libolm-dev
)
test_packages=(
  googletest libgtest-dev libgmock-dev libbenchmark-dev python3 chromium tmux
  postgresql-15 mariadb-server redis-server python3-aiosmtpd python3-stomp python3-websocket
  clang libclang-rt-14-dev llvm lld
)
# The web app builds with npm: Debian's nodejs and npm, unless an npm is
# already on PATH.
if ! command -v npm >/dev/null 2>&1; then
  build_packages+=(nodejs npm)
fi

wanted=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then
  wanted+=("${test_packages[@]}")
fi

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

# The tests start servers of their own (tests/support/*_server.sh) on free
# loopback ports with throw-away data; the packaged MariaDB server that the
# install starts is not used and only takes memory: stop it and keep it from
# starting at boot. (Its port and socket differ from the tests', so a running
# one does no harm beyond that.)
if [[ " ${missing[*]} " == *" mariadb-server "* ]]; then
  if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
    "${sudo_cmd[@]}" systemctl disable --now mariadb >/dev/null 2>&1 || true
  else
    "${sudo_cmd[@]}" service mariadb stop >/dev/null 2>&1 || true
    "${sudo_cmd[@]}" update-rc.d mariadb disable >/dev/null 2>&1 || true
  fi
fi
