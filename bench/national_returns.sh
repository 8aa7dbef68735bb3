#!/usr/bin/env bash
# The national merge at scale: splits an inventory (default: national.py's, 10M elements) into N
# operators' inventories (row i goes to operator i mod N), writes each operator's return with
# `kitwatch return`, checks that no element id, name, site, serial or MAC of the inventory occurs in
# any return, and times `kitwatch national` over the N returns. Prints return sizes and times.
#
#   bench/national_returns.sh --data /tmp/national --kitwatch build/src/kitwatch [--operators 100] [--work DIR]
set -euo pipefail

data="" kitwatch="" operators=100 work="${TMPDIR:-/tmp}/kitwatch-national-returns"
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data=$2; shift 2 ;;
    --kitwatch) kitwatch=$2; shift 2 ;;
    --operators) operators=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "national_returns.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -f "$data/inventory.csv" ] || { echo "national_returns.sh: give --data DIR holding inventory.csv" >&2; exit 2; }
[ -x "$kitwatch" ] || { echo "national_returns.sh: give --kitwatch BINARY" >&2; exit 2; }
kitwatch=$(realpath "$kitwatch")
rm -rf "$work" && mkdir -p "$work/inventories" "$work/returns"

echo "== the whole inventory's return (one operator)"
/usr/bin/time -f '%e s wall, %M KB peak' "$kitwatch" return "$data/inventory.csv" --operator whole \
  --as-of 2026-01-01 --policy uk-huawei-dvd -o "$work/whole.return.json" -q --timings
ls -l "$work/whole.return.json" | awk '{print "whole.return.json:", $5, "bytes"}'

echo "== splitting into $operators operators"
start=$(date +%s.%N)
awk -F, -v n="$operators" -v out="$work/inventories" '
  NR == 1 { header = $0; next }
  { k = (NR - 2) % n; f = out "/op" k ".csv"; if (!(k in seen)) { print header > f; seen[k] = 1 } print > f }
' "$data/inventory.csv"
echo "split: $(echo "$(date +%s.%N) - $start" | bc) s"

echo "== $operators returns"
start=$(date +%s.%N)
for ((k = 0; k < operators; k++)); do
  "$kitwatch" return "$work/inventories/op$k.csv" --operator "op$k" --as-of 2026-01-01 --policy uk-huawei-dvd \
    -o "$work/returns/op$k.return.json" -q 2>/dev/null
done
echo "returns: $(echo "$(date +%s.%N) - $start" | bc) s; sizes (bytes): $(ls -l "$work"/returns/*.json |
  awk '{ s += $5; if ($5 > m) m = $5 } END { printf "total %d, largest %d", s, m }')"

echo "== no identifier of the inventory in any return"
/usr/bin/python3 - "$data/inventory.csv" "$work/whole.return.json" "$work"/returns/*.json <<'PY'
import csv, json, sys

def strings(v, out):
    if isinstance(v, str):
        out.add(v)
    elif isinstance(v, dict):
        for k, x in v.items():
            strings(x, out)
    elif isinstance(v, list):
        for x in v:
            strings(x, out)

in_returns = set()
for path in sys.argv[2:]:
    strings(json.load(open(path)), in_returns)
found = {}
with open(sys.argv[1], newline="") as f:
    reader = csv.DictReader(f)
    fields = [c for c in ("id", "name", "site", "serial", "macs", "mac", "uplink") if c in reader.fieldnames]
    rows = 0
    for row in reader:
        rows += 1
        for c in fields:
            for value in row[c].split(";"):
                if len(value) >= 4 and value in in_returns:
                    found.setdefault(c, value)
print(f"checked {rows} rows' {', '.join(fields)} against {len(in_returns)} distinct strings of the returns: "
      + ("none found" if not found else f"FOUND {found}"))
sys.exit(1 if found else 0)
PY

# A capacity model over a shipped list, so the merge uses the shipped registry the returns were made with.
cat > "$work/capacity.policy.yaml" <<'YAML'
pack: bench-capacity
title: Evaluation capacity for the national returns benchmark
jurisdiction: GB
source: "bench/national_returns.sh"
suppliers: entity.lists has uk-tsa-designated
rules:
  - id: BENCH-SUPPLIERS
    kind: max_suppliers
    title: "At most five designated suppliers (a placeholder: a pack needs a rule)"
    max: 5
    source: "bench/national_returns.sh"
evaluation:
  capacity: 2000
  fixed_per_controller: 100
  build_cost: {core: 20, transport: 12, aggregation: 10, access: 6, ran: 8, cpe: 2}
  lists: [uk-tsa-designated]
  source: "Illustrative"
  assumption: "Illustrative capacity and costs for a benchmark, not published figures."
YAML
echo "== kitwatch national over $operators returns (3 runs)"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %M KB peak" "$kitwatch" national "$work"/returns/*.json --allow-unsigned \
    --capacity "$work/capacity.policy.yaml" --format json -o "$work/national.json" -q
done
# The same figures from the one return of the whole inventory: the merge of the parts must agree.
"$kitwatch" national "$work/whole.return.json" --allow-unsigned --capacity "$work/capacity.policy.yaml" \
  --format json -o "$work/national-whole.json" -q
/usr/bin/python3 - "$work/national.json" "$work/national-whole.json" <<'PY'
import json, sys
n, whole = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
e = n["evaluation"]
print(f"national: {len(n['operators'])} operators, {n['total']['total']['count']:.0f} elements, designated share "
      f"{n['total']['designated_share']['count']:.6f} (count), load {e['total_load']:g} of {e['capacity']:g}, "
      f"{e['shared_builds']} shared builds")
worst = 0.0
for key in ("designated_share", "unknown_share"):
    for scope_n, scope_w in zip([n["total"]] + n["by_function"], [whole["total"]] + whole["by_function"]):
        for m in ("count", "traffic", "subscribers"):
            a, b = scope_n[key][m], scope_w[key][m]
            worst = max(worst, abs(a - b) / max(1.0, abs(b)))
    for scope_n, scope_w in zip(n["by_function"], whole["by_function"]):
        a, b = scope_n["concentration"]["hhi"]["count"], scope_w["concentration"]["hhi"]["count"]
        worst = max(worst, abs(a - b) / max(1.0, abs(b)))
load_equal = e["total_load"] == whole["evaluation"]["total_load"]
print(f"against the whole inventory's return: largest relative difference {worst:.2e}; evaluation load "
      f"{'equal' if load_equal else 'DIFFERS'} ({whole['evaluation']['total_load']:g})")
sys.exit(0 if worst <= 1e-12 and load_equal else 1)
PY
