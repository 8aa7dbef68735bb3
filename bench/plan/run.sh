#!/usr/bin/env bash
# The `kitwatch plan` benchmark (bench/plan/README.md): a generated UK-shaped network of 100,000
# elements at 2,000 sites, planned against the uk-huawei-dvd pack with a budget and crews that bind,
# once per objective (cost, exposure, finish), each timed with /usr/bin/time -v for peak RSS.
#
# Usage: bench/plan/run.sh [--kitwatch PATH] [--dir DIR] [--elements N] [--sites N] [--seed N]
#                          [--budget MONEY] [--crews VISITS] [--time-limit S] [--objectives "cost exposure finish"]
#
#   --kitwatch PATH   the binary (default build/src/kitwatch under the repository)
#   --dir DIR         where to write the instance and the reports (default: a new temporary folder, kept)
#   --elements N      elements (default 100000)          --sites N     sites (default 2000)
#   --seed N          generator seed (default 1)
#   --budget MONEY    money per quarter (default 1500000)  --crews N   site visits per quarter (default 25)
#   --time-limit S    the solver's time limit (default 60)
#   --objectives L    which objectives, space separated (default "cost exposure finish")
#   --method M        kitwatch plan --method: auto, milp or heuristic (default heuristic)
#
# Prints one line per run: objective, status, wall seconds (whole process), the planner's seconds,
# gap, peak RSS, model work items and scheduled work items. Each run is capped at 300 s (timeout).
# The reports are DIR/plan-OBJECTIVE.json, the process output DIR/plan-OBJECTIVE.log.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
kitwatch=$root/build/src/kitwatch
dir=""
elements=100000
sites=2000
seed=1
budget=1500000
crews=25
time_limit=60
objectives="cost exposure finish"
method=heuristic

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --kitwatch) kitwatch=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --elements) elements=$2; shift 2 ;;
    --sites) sites=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --budget) budget=$2; shift 2 ;;
    --crews) crews=$2; shift 2 ;;
    --time-limit) time_limit=$2; shift 2 ;;
    --objectives) objectives=$2; shift 2 ;;
    --method) method=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ -x $kitwatch ]] || { echo "run.sh: no kitwatch binary at $kitwatch (--kitwatch)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
[[ -n $dir ]] || dir=$(mktemp -d /tmp/kitwatch-plan-bench.XXXXXX)
mkdir -p "$dir"

if [[ ! -f $dir/inventory.csv || ! -f $dir/links.csv ]]; then
  /usr/bin/python3 "$here/make_instance.py" --elements "$elements" --sites "$sites" --seed "$seed" --out "$dir"
else
  echo "using the instance already in $dir" >&2
fi

echo "instance: $dir (elements $elements, sites $sites, seed $seed); budget $budget, crews $crews a quarter," \
  "time limit $time_limit s, method $method; $(nproc) cores"
printf '%-9s %-11s %8s %8s %9s %10s %6s %6s\n' objective status wall_s plan_s gap peak_MB items works
for objective in $objectives; do
  report=$dir/plan-$objective.json
  log=$dir/plan-$objective.log
  rm -f "$report"
  set +e
  /usr/bin/time -v -o "$dir/time-$objective.txt" timeout 300 "$kitwatch" plan "$dir/inventory.csv" \
    --policy uk-huawei-dvd --from 2023-01-01 --links "$dir/links.csv" --budget "$budget" --crews "$crews" \
    --objective "$objective" --method "$method" --time-limit "$time_limit" --format json -o "$report" --timings >"$log" 2>&1
  rc=$?
  set -e
  /usr/bin/python3 - "$report" "$dir/time-$objective.txt" "$objective" "$rc" <<'EOF'
import json, re, sys
report, timing, objective, rc = sys.argv[1:5]
t = open(timing).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
wall_s = (int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))) if wall else float("nan")
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
rss_mb = int(rss.group(1)) / 1024 if rss else float("nan")
try:
    d = json.load(open(report))
except (OSError, ValueError):
    status = "timeout" if rc == "124" else f"exit-{rc}"
    print(f"{objective:<9} {status:<11} {wall_s:8.1f} {'-':>8} {'-':>9} {rss_mb:10.0f} {'-':>6} {'-':>6}")
    sys.exit(0)
gap = d["objective"]["gap"]
gap_text = "-" if gap is None else f"{gap * 100:8.3f}%"
items = d.get("model_items", d.get("work_items", -1))  # the model's items (named work_items before)
print(f"{objective:<9} {d['status']:<11} {wall_s:8.1f} {d['seconds']:8.1f} {gap_text:>9} {rss_mb:10.0f} "
      f"{items:6d} {len(d['works']):6d}")
EOF
done
