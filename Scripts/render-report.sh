#!/usr/bin/env bash
# Renders a report.html to a PNG with headless Chromium (to look at the page without a browser).
# Usage: Scripts/render-report.sh FILE.html OUT.png [WIDTHxHEIGHT]   (default 1400x3000)
# Exit: 0 rendered, 1 rendering failed, 2 usage or Chromium missing.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
    echo "usage: $0 FILE.html OUT.png [WIDTHxHEIGHT]" >&2
    exit 2
fi
html=$1
out=$2
size=${3:-1400x3000}
if [[ ! -f "$html" ]]; then
    echo "$0: no such file: $html" >&2
    exit 2
fi
if [[ ! "$size" =~ ^[0-9]+x[0-9]+$ ]]; then
    echo "$0: size must be WIDTHxHEIGHT, e.g. 1400x3000" >&2
    exit 2
fi

chrome=""
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then chrome=$c; break; fi
done
if [[ -z "$chrome" ]]; then
    echo "$0: chromium is not installed; install it with: apt-get install -y chromium" >&2
    exit 2
fi

abs_html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
case "$out" in
    /*) abs_out=$out ;;
    *) abs_out=$(pwd)/$out ;;
esac

rm -f "$abs_out"
# A throwaway profile so that runs do not share state; removed on exit.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

"$chrome" --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --user-data-dir="$profile" --no-first-run --disable-extensions \
    --screenshot="$abs_out" --window-size="${size/x/,}" "file://$abs_html" >/dev/null 2>&1 || true

if [[ ! -s "$abs_out" ]]; then
    echo "$0: $chrome did not write $abs_out" >&2
    exit 1
fi
echo "$abs_out"
