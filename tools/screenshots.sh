#!/bin/sh
# Screenshots for people to look at: an agency page at phone and desktop
# width, and its printed report as PNG pages (PDF -> PNG with pdftoppm).
#
#   tools/screenshots.sh [OUT_DIR] [AGENCY] [PERIOD]
#
# Defaults: screenshots/, maluku-utara/disnakertrans, 2022. Needs tolok
# (built with cargo), Chromium or Chrome, and poppler-utils (pdftoppm).
set -eu
cd "$(dirname "$0")/.."
out=${1:-screenshots}
agency=${2:-maluku-utara/disnakertrans}
period=${3:-2022}

browser=${TOLOK_BROWSER:-}
if [ -z "$browser" ]; then
  for name in chromium chromium-browser google-chrome google-chrome-stable chrome; do
    if command -v "$name" >/dev/null 2>&1; then browser=$(command -v "$name"); break; fi
  done
fi
[ -n "$browser" ] || { echo "no Chromium or Chrome found (apt-get install chromium)" >&2; exit 1; }
command -v pdftoppm >/dev/null 2>&1 || { echo "pdftoppm missing (apt-get install poppler-utils)" >&2; exit 1; }

# TOLOK names a tolok binary to use instead of building one.
tolok=${TOLOK:-}
if [ -z "$tolok" ]; then
  cargo build --release --quiet
  tolok=target/release/tolok
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$out"

"$tolok" build content --out "$tmp/site" 2>/dev/null
page="$tmp/site/$period/$agency/index.html"
[ -f "$page" ] || { echo "no page for $agency in $period" >&2; exit 1; }
flat=$(echo "$agency" | tr / -)

shot() { # WIDTH HEIGHT FILE URL
  rm -rf "$tmp/profile"
  "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$tmp/profile" \
    --window-size="$1,$2" --screenshot="$3" "$4" >/dev/null 2>&1
  echo "wrote $3"
}
shot 390 2400 "$out/$period-$flat-phone.png" "file://$page"
shot 1280 2000 "$out/$period-$flat-desktop.png" "file://$page"
shot 1280 2000 "$out/$period-$flat-report-screen.png" "file://$tmp/site/$period/$agency/report.html"

"$tolok" pdf content --period "$period" --agency "$agency" --out "$tmp/pdf"
pdftoppm -r 80 -png "$tmp/pdf/$period-$flat.pdf" "$out/$period-$flat-print"
ls "$out"/"$period-$flat"-print*.png
