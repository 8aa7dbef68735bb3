#!/usr/bin/env bash
# The browser test (ctest: browser_report): writes the HTML report of the bundled example with
# every section (links, demands, a policy pack), renders it in headless Chromium and checks it
# (report_browser_test.mjs), then checks that the checker itself fails on a report whose charts
# do not draw. Then the same with a snapshot database (assess --db): its history chart must draw,
# and a copy whose history chart is never drawn must fail. Skips (exit 77) only when Chromium,
# node or web/node_modules are missing.
#
# run_browser_test.sh KITWATCH SOURCE_DIR OUT_DIR
set -euo pipefail
kitwatch=$1 src=$2 out=$3
if ! command -v node >/dev/null; then echo "SKIP: node is not installed"; exit 77; fi
mkdir -p "$out"
report="$out/report.html"
# Relative input paths, as a user would type them: the page shows them in its footer and table.
cd "$src"
"$kitwatch" assess examples/small/inventory.csv --as-of 2028-01-01 \
  --links examples/small/links.csv --demands examples/small/demands.csv \
  --policy uk-huawei-dvd --format html -o "$report" --quiet
echo "report: $report ($(stat -c %s "$report") bytes)"
node "$src/tests/browser/report_browser_test.mjs" "$report" "$out/report.png" "$src/web"

# The same page with every chart's options dropped must fail the check: a chart that does not
# draw is caught even when nothing logs an error.
broken="$out/report-undrawn.html"
sed 's/instance\.setOption(option);/instance.setOption({});/' "$report" > "$broken"
if grep -q 'instance.setOption(option);' "$broken"; then echo "FAIL: could not break the copy"; exit 1; fi
if node "$src/tests/browser/report_browser_test.mjs" "$broken" "$out/report-undrawn.png" "$src/web" > "$out/undrawn.log"; then
  echo "FAIL: the checker passed a report whose charts did not draw"
  exit 1
fi
echo "ok   the checker fails a report whose charts did not draw"

# With history: three snapshots of the example taken at dates around the 2019-2020 designations
# (designated share by count 10.6%, 10.6%, 28.8%), and the report drawn with that database.
db="$out/history.db"
rm -f "$db" "$db-wal" "$db-shm"
for taken in 2017-01-01 2018-06-01 2020-06-01; do
  "$kitwatch" snapshot add examples/small/inventory.csv --label "example-$taken" --taken "$taken" --as-of "$taken" \
    --db "$db" --quiet
done
with_history="$out/report-history.html"
"$kitwatch" assess examples/small/inventory.csv --as-of 2028-01-01 \
  --links examples/small/links.csv --demands examples/small/demands.csv \
  --policy uk-huawei-dvd --db "$db" --format html -o "$with_history" --quiet
node "$src/tests/browser/report_browser_test.mjs" "$with_history" "$out/report-history.png" "$src/web" chart-history

# The same page with the history chart never drawn (its section still shown) must fail.
undrawn="$out/report-history-undrawn.html"
sed "s/chart('chart-history', {/(function () {})('chart-history', {/" "$with_history" > "$undrawn"
if ! grep -q "(function () {})('chart-history'" "$undrawn"; then echo "FAIL: could not break the history copy"; exit 1; fi
if node "$src/tests/browser/report_browser_test.mjs" "$undrawn" "$out/report-history-undrawn.png" "$src/web" \
    chart-history > "$out/history-undrawn.log"; then
  echo "FAIL: the checker passed a report whose history chart did not draw"
  exit 1
fi
echo "ok   the checker fails a report whose history chart did not draw"
