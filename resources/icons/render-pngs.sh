#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders resources/icons/tierlab.svg into resources/icons/<N>x<N>/tierlab.png, the PNG sizes
# the packages install into the hicolor icon theme (docs/packaging.md). The PNGs are
# committed; run this again (needs rsvg-convert, Debian package librsvg2-bin) after changing
# the SVG, and commit the result.
set -euo pipefail
cd "$(dirname "$0")"

for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "${size}x${size}"
  rsvg-convert --width "$size" --height "$size" --format png \
    --output "${size}x${size}/tierlab.png" tierlab.svg
done
