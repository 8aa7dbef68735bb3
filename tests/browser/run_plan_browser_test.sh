#!/usr/bin/env bash
# The plan page's browser test (ctest: browser_plan): examples/small planned against the UK pack
# from 2023 (docs/plan.md), rendered in headless Chromium and checked (plan_browser_test.mjs); then
# the same with a budget too small for any plan (the page must say what cannot be met and the least
# budget); then a copy whose charts never draw must fail the check. Skips (exit 77) only when
# Chromium, node or web/node_modules are missing.
#
# run_plan_browser_test.sh KITWATCH SOURCE_DIR OUT_DIR
set -euo pipefail
kitwatch=$1 src=$2 out=$3
if ! command -v node >/dev/null; then echo "SKIP: node is not installed"; exit 77; fi
rm -rf "$out" && mkdir -p "$out"
cd "$src"
plan=(plan examples/small/inventory.csv --policy uk-huawei-dvd --from 2023-01-01
      --links examples/small/links.csv --time-limit 20 --quiet)

page="$out/plan.html"
"$kitwatch" "${plan[@]}" --costs examples/small/plan.yaml --format html -o "$page"
echo "page: $page ($(stat -c %s "$page") bytes)"
node "$src/tests/browser/plan_browser_test.mjs" "$page" "$out/plan.png" "$src/web"

# No plan, with the built-in costs (each an ASSUMPTION the page must show): kitwatch exits 1
# (findings) and still writes the page.
infeasible="$out/plan-infeasible.html"
status=0
"$kitwatch" "${plan[@]}" --budget 30000 --format html -o "$infeasible" || status=$?
if [ "$status" -ne 1 ]; then echo "FAIL: an infeasible plan exited $status, not 1"; exit 1; fi
grep -q '"least_budget":[0-9]' "$infeasible" || { echo "FAIL: the infeasible page has no least budget"; exit 1; }
node "$src/tests/browser/plan_browser_test.mjs" "$infeasible" "$out/plan-infeasible.png" "$src/web"

broken="$out/plan-undrawn.html"
sed 's/instance\.setOption(option);/instance.setOption({});/' "$page" > "$broken"
if grep -q 'instance.setOption(option);' "$broken"; then echo "FAIL: could not break the copy"; exit 1; fi
if node "$src/tests/browser/plan_browser_test.mjs" "$broken" "$out/plan-undrawn.png" "$src/web" > "$out/undrawn.log"; then
  echo "FAIL: the checker passed a plan page whose charts did not draw"
  exit 1
fi
echo "ok   the checker fails a plan page whose charts did not draw"
