#!/usr/bin/env bash
# Installs the Debian packages inspectsim builds with, only when one is missing.
# Quick when everything is there: one dpkg-query, no apt-get.
set -euo pipefail
packages=(
  cmake g++ make pkg-config python3
  libeigen3-dev libtbb-dev libyaml-cpp-dev librandom123-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libboost-dev libxlsxwriter-dev libnlopt-dev
  libgtest-dev googletest libbenchmark-dev
  pybind11-dev python3-pybind11 python3-numpy python3-pandas python3-matplotlib python3-pytest python3-openpyxl python3-flask python3-websocket poppler-utils chromium
  clang libclang-rt-14-dev clang-format
  libopenmpi-dev openmpi-bin
)
missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$p")
done
# npm (the charts of `inspectsim serve`, bindings/web/): Debian's package, unless a node.js that
# brings its own npm is installed (NodeSource's nodejs conflicts with Debian's npm).
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
