#!/usr/bin/env bash
# Regenerates docs/report.png, the README's picture of the HTML report.
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
page=$(mktemp --suffix=.html)
profile=$(mktemp -d)
trap 'rm -rf "$page" "$profile"' EXIT
cargo run --release -q -- report fixtures/councils/bradford.yaml fixtures/councils/medway.yaml \
  fixtures/councils/sandwell.yaml fixtures/councils/hull.yaml --as-of 2023-04-30 --format html -o "$page"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" --window-size=1280,1500 \
  --screenshot="$PWD/docs/report.png" "file://$page" 2>/dev/null
echo "wrote docs/report.png"
