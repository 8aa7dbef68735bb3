#!/usr/bin/env bash
# The national page's browser test (ctest: browser_national): the four operators of
# examples/uk-2018-national, signed, merged with the capacity model into the HTML page, rendered in
# headless Chromium and checked (national_browser_test.mjs); then a copy whose charts never draw
# must fail the check. Skips (exit 77) only when Chromium, node or web/node_modules are missing.
#
# run_national_browser_test.sh KITWATCH SOURCE_DIR OUT_DIR
set -euo pipefail
kitwatch=$1 src=$2 out=$3
if ! command -v node >/dev/null; then echo "SKIP: node is not installed"; exit 77; fi
rm -rf "$out" && mkdir -p "$out/keys"
cd "$src"
registry=examples/zte-2018/registry.yaml
pack=examples/zte-2018/uk-2018.policy.yaml
for op in albion brigantia caledonia dumnonia; do
  "$kitwatch" keygen --operator "$op" -o "$out/keys" >/dev/null
  "$kitwatch" return "examples/uk-2018-national/$op.csv" --operator "$op" --as-of 2018-04-20 \
    --registry "$registry" --policy "$pack" --sign "$out/keys/$op.key" -o "$out/$op.return.json" --quiet
done
page="$out/national.html"
"$kitwatch" national "$out"/*.return.json --trust "$out/keys" --registry "$registry" --capacity "$pack" \
  --format html -o "$page" --quiet
echo "page: $page ($(stat -c %s "$page") bytes)"
node "$src/tests/browser/national_browser_test.mjs" "$page" "$out/national.png" "$src/web"

# With a caveat (unsigned drafts merged): the caveats panel must show it.
drafts="$out/national-drafts.html"
"$kitwatch" national "$out"/*.return.json --allow-unsigned --registry "$registry" --capacity "$pack" \
  --format html -o "$drafts" --quiet
node "$src/tests/browser/national_browser_test.mjs" "$drafts" "$out/national-drafts.png" "$src/web"

broken="$out/national-undrawn.html"
sed 's/instance\.setOption(option);/instance.setOption({});/' "$page" > "$broken"
if grep -q 'instance.setOption(option);' "$broken"; then echo "FAIL: could not break the copy"; exit 1; fi
if node "$src/tests/browser/national_browser_test.mjs" "$broken" "$out/national-undrawn.png" "$src/web" \
    > "$out/undrawn.log"; then
  echo "FAIL: the checker passed a national page whose charts did not draw"
  exit 1
fi
echo "ok   the checker fails a national page whose charts did not draw"
