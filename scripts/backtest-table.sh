#!/bin/sh
# Rewrites the README's backtest table from `intervene backtest fixtures --format markdown`
# (tests/forecast.rs fails when they differ).
set -eu
cd "$(dirname "$0")/.."
table=$(cargo run --quiet --release -- backtest fixtures --format markdown)
TABLE="$table" python3 - <<'PY'
import os, re
path = "README.md"
text = open(path).read()
begin = text.index("<!-- backtest:begin")
begin = text.index("\n", begin) + 1
end = text.index("<!-- backtest:end -->")
open(path, "w").write(text[:begin] + os.environ["TABLE"] + "\n" + text[end:])
PY
