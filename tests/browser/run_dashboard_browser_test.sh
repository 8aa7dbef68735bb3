#!/usr/bin/env bash
# The dashboard's browser test (issue 19, item 6): a real `kitwatch serve` on a fresh SQLite
# database and a free loopback port, the four signed returns of examples/uk-2018-national, and
# dashboard_browser_test.mjs driving headless Chromium through it (sign in, upload, overview,
# violations, what-if, history, compare, the regulator's national page and national what-if, and
# refusal). Then the checker must fail against a second server whose dashboard.js (a
# KITWATCH_WEB_DIR copy) never draws a chart.
# Skips (exit 77) only when node, Chromium or web/node_modules/playwright-core are missing.
#
# run_dashboard_browser_test.sh KITWATCH SOURCE_DIR OUT_DIR
# With KITWATCH_WEB_DIR set (e.g. to SOURCE_DIR/web), the first server reads the dashboard's files
# from there at every request instead of the copies built into the binary.
set -euo pipefail
kitwatch=$1 src=$2 out=$3
if ! command -v node >/dev/null; then echo "SKIP: node is not installed"; exit 77; fi
chromium=${KITWATCH_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then echo "SKIP: no Chromium at $chromium (scripts/install-deps.sh installs it)"; exit 77; fi
if [ ! -d "$src/web/node_modules/playwright-core" ]; then
  echo "SKIP: playwright-core is not installed in $src/web (run npm ci there)"; exit 77
fi
kitwatch=$(realpath "$kitwatch")
src=$(realpath "$src")
rm -rf "$out" && mkdir -p "$out/keys" "$out/returns"
out=$(realpath "$out")
cd "$src"

registry=examples/zte-2018/registry.yaml
pack=examples/zte-2018/uk-2018.policy.yaml
# Each operator's signed return, exactly as examples/uk-2018-national/README.md makes them.
for op in albion brigantia caledonia dumnonia; do
  "$kitwatch" keygen --operator "$op" -o "$out/keys" >/dev/null
  "$kitwatch" return "examples/uk-2018-national/$op.csv" --operator "$op" --as-of 2018-04-20 \
    --registry "$registry" --policy "$pack" --sign "$out/keys/$op.key" -o "$out/returns/$op.return.json" --quiet
done

# A throwaway password for the throwaway database's first admin.
KITWATCH_TEST_ADMIN_PASSWORD="root-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
export KITWATCH_TEST_ADMIN_PASSWORD

servers=()
stop_servers() {
  for pid in "${servers[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  servers=()
}
trap stop_servers EXIT

# start_server NAME [ENV=VALUE...]: a fresh database OUT/NAME.db, its first admin, and the server
# on a free port (its log in OUT/NAME.log); sets $base once /api/v1/health answers.
start_server() {
  local name=$1
  shift
  local db="$out/$name.db"
  KITWATCH_ADMIN_PASSWORD=$KITWATCH_TEST_ADMIN_PASSWORD "$kitwatch" serve --db "sqlite:$db" --init-admin root >/dev/null
  local port
  port=$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
  env "$@" "$kitwatch" serve --db "sqlite:$db" --listen "127.0.0.1:$port" --registry "$registry" --capacity "$pack" \
    >"$out/$name.log" 2>&1 &
  local pid=$!
  servers+=("$pid")
  base="http://127.0.0.1:$port"
  if ! node -e '
      const url = process.argv[1] + "/api/v1/health";
      (async () => {
        for (let i = 0; i < 100; ++i) {
          try { if ((await fetch(url)).ok) process.exit(0); } catch (e) { /* not listening yet */ }
          await new Promise((r) => setTimeout(r, 100));
        }
        process.exit(1);
      })();' "$base"; then
    echo "FAIL: the server did not answer at $base (log: $out/$name.log)"
    cat "$out/$name.log"
    exit 1
  fi
  echo "server $name at $base (pid $pid)"
}

start_server server
node "$src/tests/browser/dashboard_browser_test.mjs" "$base" "$kitwatch" "$src" "$out" full
stop_servers

# The broken variant: the same page served from a copy of web/ whose one chart-drawing call is
# removed. The checker must fail it, on the charts.
broken="$out/web-broken"
mkdir -p "$broken/node_modules/echarts/dist"
cp "$src/web/dashboard.html" "$src/web/dashboard.css" "$src/web/common.js" "$src"/web/dashboard-*.js "$broken/"
cp "$src/web/node_modules/echarts/dist/echarts.min.js" "$broken/node_modules/echarts/dist/"
sed 's/^\( *\)draw();/\1void draw;/' "$src/web/dashboard.js" > "$broken/dashboard.js"
if ! grep -q '^ *void draw;' "$broken/dashboard.js"; then echo "FAIL: could not break the copy of dashboard.js"; exit 1; fi
start_server broken KITWATCH_WEB_DIR="$broken"
if node "$src/tests/browser/dashboard_browser_test.mjs" "$base" "$kitwatch" "$src" "$out/broken" quick \
    > "$out/broken-check.log" 2>&1; then
  echo "FAIL: the checker passed a dashboard whose charts did not draw (log: $out/broken-check.log)"
  exit 1
fi
if ! grep -q '^FAIL .*chart-functions' "$out/broken-check.log"; then
  echo "FAIL: the checker failed the broken dashboard, but not on its charts (log: $out/broken-check.log)"
  cat "$out/broken-check.log"
  exit 1
fi
echo "ok   the checker fails a dashboard whose charts did not draw"
