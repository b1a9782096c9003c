#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes the .deb and .tar.gz of a configured and built folder (usually build/release) with
# cpack, validates their metadata and contents, then runs the binaries extracted from them
# (never the ones in the build folder) from a scratch folder. Stops with "FAIL: ..." and exit
# status 1 at the first problem. See docs/packaging.md.
#
#   bash installer/check-packages.sh build/release
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/CMakeCache.txt" ]; then
  echo "usage: installer/check-packages.sh BUILD_DIR (a configured and built folder)" >&2
  exit 2
fi
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
app_id=io.tierlab.TierLab
mime_type=application/x-tierlab-workspace
mime_icon=${mime_type/\//-}
icon_sizes=(16 24 32 48 64 128 256 512)

step() { echo "check-packages: $*"; }
fail() {
  echo "check-packages: FAIL: $*" >&2
  exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The GUI writes its settings and the sample workspace into the user's folders: give it
# private ones, and a private runtime folder (Qt warns without one).
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
export XDG_CACHE_HOME=$work/home/.cache XDG_RUNTIME_DIR=$work/runtime
mkdir -p "$HOME" && mkdir -m 0700 "$XDG_RUNTIME_DIR"

# --- Packages -----------------------------------------------------------------------------
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ -n "$version" ] || fail "no project version in $build/CMakeCache.txt"
grep -q '^TIERLAB_GUI:BOOL=ON' "$build/CMakeCache.txt" || fail "$build is configured without the GUI"
deb=$build/tierlab_${version}_$(dpkg --print-architecture).deb
tgz=$build/tierlab-${version}-Linux.tar.gz
rm -f "$deb" "$tgz"
step "cpack in $build"
if ! (cd "$build" && cpack) >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  fail "cpack"
fi
[ -f "$deb" ] || fail "cpack made no $deb"
[ -f "$tgz" ] || fail "cpack made no $tgz"
step "made $(basename "$deb") ($(du -h "$deb" | cut -f1)) and $(basename "$tgz") ($(du -h "$tgz" | cut -f1))"

# --- The .deb's control fields ------------------------------------------------------------
dpkg-deb -I "$deb"
[ "$(dpkg-deb -f "$deb" Package)" = tierlab ] || fail "package name is not tierlab"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "package version is not $version"
depends=$(dpkg-deb -f "$deb" Depends)
# Found by dpkg-shlibdeps (CPACK_DEBIAN_PACKAGE_SHLIBDEPS), and the plugin package it cannot see.
for dependency in libc6 libstdc++6 libsqlite3-0 libqt6core6 libqt6gui6 libqt6widgets6 \
  libqt6charts6 libqt6svg6; do
  [[ ", $depends," == *", $dependency "* || ", $depends," == *", $dependency,"* ]] ||
    fail "Depends lacks $dependency: $depends"
done

# --- lintian, where installed (docs/packaging.md lists what it prints) ---------------------
# Errors fail; warnings and informational tags are printed. Debian 12's lintian 2.116.
if command -v lintian >/dev/null; then
  step "lintian"
  lintian --tag-display-limit 0 "$deb" >"$work/lintian.txt" 2>&1 || true
  grep -v -e '^running with root privileges' "$work/lintian.txt" || true
  if grep -q '^E: ' "$work/lintian.txt"; then fail "lintian reports errors"; fi
else
  step "lintian not installed: skipped (apt-get install lintian)"
fi

# --- The .deb's contents ------------------------------------------------------------------
step "dpkg-deb -c"
dpkg-deb -c "$deb" | tee "$work/contents.txt"
awk '{print $6}' "$work/contents.txt" | sed 's#^\./#/#; s#/$##' >"$work/paths.txt"
expected=(
  /usr/bin/tierlab
  /usr/bin/tierlab-cli
  "/usr/share/applications/$app_id.desktop"
  "/usr/share/metainfo/$app_id.metainfo.xml"
  "/usr/share/mime/packages/$app_id.xml"
  "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
  "/usr/share/icons/hicolor/scalable/mimetypes/$mime_icon.svg"
  /usr/share/doc/tierlab/copyright
  /usr/share/doc/tierlab/changelog.gz
  /usr/share/man/man1/tierlab.1.gz
  /usr/share/man/man1/tierlab-cli.1.gz
)
for size in "${icon_sizes[@]}"; do
  expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
    "/usr/share/icons/hicolor/${size}x${size}/mimetypes/$mime_icon.png")
done
for path in "${expected[@]}"; do
  grep -qxF "$path" "$work/paths.txt" || fail "the .deb lacks $path"
done
# Only /usr/bin and /usr/share: no /usr/local, no test programs, no build-tree leftovers.
unexpected=$(grep -vE '^(/|/usr|/usr/bin(/tierlab|/tierlab-cli)?|/usr/share(/.*)?)$' "$work/paths.txt" || true)
[ -z "$unexpected" ] || fail "unexpected paths in the .deb: $unexpected"

# --- Extracted .deb: metadata -------------------------------------------------------------
root=$work/deb
dpkg-deb -x "$deb" "$root"
share=$root/usr/share
# The license travels with the package, and says the same as the repository's and AppStream's.
grep -q '^License: Expat' "$share/doc/tierlab/copyright" || fail "copyright names no Expat (MIT) license"
grep -q '<project_license>MIT</project_license>' "$share/metainfo/$app_id.metainfo.xml" ||
  fail "metainfo's project_license is not MIT"
step "desktop-file-validate"
# It exits 0 on warnings and hints: any output at all is a failure.
desktop_issues=$(desktop-file-validate "$share/applications/$app_id.desktop" 2>&1) ||
  fail "desktop-file-validate: $desktop_issues"
[ -z "$desktop_issues" ] || fail "desktop-file-validate: $desktop_issues"
grep -qx "MimeType=$mime_type;" "$share/applications/$app_id.desktop" ||
  fail "the desktop entry does not open $mime_type"
step "appstreamcli validate --no-net --strict"
appstreamcli validate --no-net --strict --pedantic "$share/metainfo/$app_id.metainfo.xml" ||
  fail "appstreamcli validate"
grep -qF "<release version=\"$version\"" "$share/metainfo/$app_id.metainfo.xml" ||
  fail "the AppStream metadata has no <release> for $version"
for size in "${icon_sizes[@]}"; do
  png=$share/icons/hicolor/${size}x${size}/apps/$app_id.png
  file "$png" | grep -qF "PNG image data, $size x $size," || fail "$png is not a $size x $size PNG"
done

# The MIME type, in a scratch database of the system's types plus ours: a file named
# *.tierlab that holds an SQLite database is a workspace, its icon is ours, TierLab opens it.
step "MIME type $mime_type"
mime_root=$work/mime-root/share
mkdir -p "$mime_root/mime/packages" "$mime_root/applications"
cp /usr/share/mime/packages/freedesktop.org.xml "$share/mime/packages/$app_id.xml" \
  "$mime_root/mime/packages/"
XDG_DATA_DIRS=$mime_root update-mime-database "$mime_root/mime" || fail "update-mime-database rejects $app_id.xml"
cp "$share/applications/$app_id.desktop" "$mime_root/applications/"
update-desktop-database "$mime_root/applications" || fail "update-desktop-database"
grep -qx "$mime_type=$app_id.desktop;" "$mime_root/applications/mimeinfo.cache" ||
  fail "the desktop entry is not an application for $mime_type"
sqlite3 "$work/sniff.tierlab" 'CREATE TABLE t (x);'
detected=$(XDG_DATA_DIRS=$mime_root gio info -a standard::content-type "$work/sniff.tierlab" |
  sed -n 's/^ *standard::content-type: //p')
[ "$detected" = "$mime_type" ] || fail "an SQLite file named .tierlab is $detected, not $mime_type"

# --- Extracted .deb: the command-line tool ------------------------------------------------
cli=$root/usr/bin/tierlab-cli
cd "$work"
for binary in "$cli" "$root/usr/bin/tierlab"; do
  if ldd "$binary" | grep -F 'not found'; then fail "$binary misses shared libraries"; fi
done
step "tierlab-cli --version (from the .deb)"
"$cli" --version | tee "$work/version.txt"
grep -qF "$version" "$work/version.txt" || fail "tierlab-cli --version does not say $version"
step "tierlab-cli eval (from the .deb)"
cp "$src/data/scenarios/reference-pod.json" "$work/"
"$cli" eval reference-pod.json >"$work/eval.txt" || fail "tierlab-cli eval reference-pod.json"
head -n 4 "$work/eval.txt"
if ! grep -q '^Pods' "$work/eval.txt" || ! grep -q 'h200-owned' "$work/eval.txt"; then
  fail "tierlab-cli eval printed no pods table"
fi
step "tierlab-cli report, PDF and XLSX (from the .deb)"
cp "$src/data/scenarios/example-tiers.json" "$work/"
"$cli" report example-tiers.json --out "$work/report.pdf" || fail "tierlab-cli report --out report.pdf"
[ "$(head -c 4 "$work/report.pdf")" = "%PDF" ] || fail "report.pdf is not a PDF"
# Into files first: with pipefail, grep -q closing the pipe early would fail the producer.
pdftotext "$work/report.pdf" "$work/report.txt" || fail "pdftotext cannot read report.pdf"
grep -q 'Tiers: price, population economics' "$work/report.txt" || fail "report.pdf has no tier table"
"$cli" report example-tiers.json --out "$work/report.xlsx" || fail "tierlab-cli report --out report.xlsx"
unzip -l "$work/report.xlsx" >"$work/report.xlsx.txt" || fail "unzip cannot read report.xlsx"
grep -q 'xl/worksheets/sheet2.xml' "$work/report.xlsx.txt" || fail "report.xlsx has no sheets"

# --- Extracted .deb: the desktop app, offscreen -------------------------------------------
gui=$root/usr/bin/tierlab
export QT_QPA_PLATFORM=offscreen
step "tierlab --sample --exit-when-ready (from the .deb)"
timeout 180 "$gui" --sample --exit-when-ready || fail "tierlab --sample --exit-when-ready"
sample=$(find "$XDG_DATA_HOME" -name 'sample*.tierlab' -print -quit)
[ -n "$sample" ] || fail "tierlab --sample made no sample workspace (sample*.tierlab) under $XDG_DATA_HOME"
step "tierlab $(basename "$sample") --exit-when-ready (a workspace given as argument, as Exec=tierlab %f)"
timeout 180 "$gui" "$sample" --exit-when-ready || fail "tierlab FILE --exit-when-ready"
"$gui" --version | grep -qF "$version" || fail "tierlab --version does not say $version"
unset QT_QPA_PLATFORM

# --- The .tar.gz --------------------------------------------------------------------------
step "tar.gz contents"
mkdir "$work/tgz"
tar -xzf "$tgz" -C "$work/tgz"
top=$work/tgz/tierlab-${version}-Linux
for path in bin/tierlab bin/tierlab-cli "share/applications/$app_id.desktop" \
  "share/metainfo/$app_id.metainfo.xml" "share/icons/hicolor/scalable/apps/$app_id.svg"; do
  [ -f "$top/$path" ] || fail "the .tar.gz lacks tierlab-${version}-Linux/$path"
done
step "tierlab-cli --version (from the .tar.gz)"
"$top/bin/tierlab-cli" --version | grep -qF "$version" || fail "the .tar.gz's tierlab-cli --version"
"$top/bin/tierlab-cli" eval reference-pod.json >/dev/null || fail "the .tar.gz's tierlab-cli eval"

step "OK: $(basename "$deb") and $(basename "$tgz") in $build"
