#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages TierLab needs to build, test and run.
# Idempotent: asks apt only for what is missing; safe to run any number of times.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev libboost-math-dev libsqlite3-dev nlohmann-json3-dev libfmt-dev libcli11-dev
  zlib1g-dev libcctz-dev tzdata sqlite3 clang libclang-rt-14-dev lld
  libqt6opengl6-dev qt6-charts-dev qt6-svg-dev libqt6sql6-sqlite qt6-qpa-plugins libgl-dev
  libxkbcommon-dev fonts-dejavu-core xvfb xauth
  # Packages and their checks (installer/check-packages.sh); librsvg2-bin renders the icons.
  dpkg-dev file desktop-file-utils appstream shared-mime-info libglib2.0-bin librsvg2-bin
  libxlsxwriter-dev poppler-utils unzip
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
