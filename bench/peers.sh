#!/usr/bin/env bash
# kitwatch against the peers' own programs (../shared/bench/peers: DuckDB's shares query and
# igraph's graph part), interleaved in one run on the same data, with the ratios (issue 24).
# docs/performance.md "Against the peers' own programs" has the figures and how to read them.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/peers.sh --data DIR [options]

  --data DIR          a national.py folder (inventory.csv, links.csv, demands.csv), e.g. from
                      /usr/bin/python3 ../shared/bench/national.py DIR --scale 1 --seed 1
  --pairs N           interleaved pairs for the shares (kitwatch assess / DuckDB); default 5
  --graph-pairs N     interleaved pairs for the full assessment / igraph's graph part; default 3
                      (igraph takes about a minute a run at scale 1; 0 leaves it out)
  --kitwatch PATH     kitwatch binary (default: build/src/kitwatch)
  --peers DIR         the peers folder with node_modules (default: a copy of ../shared/bench/peers
                      under /tmp, made and `npm ci`-ed on first use)
  --as-of DATE        designation date for kitwatch (default 2026-01-01, as the peers)
  -h, --help          this text

Prints each run (wall s, peak RSS MiB from /usr/bin/time), then the medians and the ratios
kitwatch / peer, and checks that kitwatch's designated shares equal DuckDB's and its graph figures
igraph's (exit 1 when a figure differs). Exit 2: usage or run error; 77: a tool is missing.
USAGE
}

die() { echo "peers.sh: $*" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
data="" pairs=5 graph_pairs=3 kitwatch="$root/build/src/kitwatch" peers="" as_of=2026-01-01
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="${2:?--data needs a folder}"; shift 2 ;;
    --pairs) pairs="${2:?--pairs needs a number}"; shift 2 ;;
    --graph-pairs) graph_pairs="${2:?--graph-pairs needs a number}"; shift 2 ;;
    --kitwatch) kitwatch="${2:?--kitwatch needs a path}"; shift 2 ;;
    --peers) peers="${2:?--peers needs a folder}"; shift 2 ;;
    --as-of) as_of="${2:?--as-of needs a date}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[ -n "$data" ] || { usage >&2; die "give --data DIR"; }
for f in inventory.csv links.csv demands.csv; do [ -f "$data/$f" ] || die "$data/$f is missing"; done
[ -x "$kitwatch" ] || die "no kitwatch binary at $kitwatch (build it, or pass --kitwatch)"
for tool in /usr/bin/time node /usr/bin/python3; do command -v "$tool" >/dev/null || { echo "peers.sh: $tool is missing" >&2; exit 77; }; done
if [ -z "$peers" ]; then
  src="$root/../shared/bench/peers"
  [ -d "$src" ] || die "no peers folder at $src (pass --peers)"
  peers=/tmp/kitwatch-peers
  if [ ! -d "$peers/node_modules" ]; then
    rm -rf "$peers" && cp -r "$src" "$peers"
    (cd "$peers" && npm ci --no-audit --no-fund >/dev/null) || die "npm ci failed in $peers"
  fi
fi

work="$(mktemp -d /tmp/kitwatch-peers-run.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export PYTHONDONTWRITEBYTECODE=1
policies=(--policy de-5g-2024 --policy eu-5g-toolbox --policy se-pts-2020 --policy uk-huawei-dvd
          --policy uk-ncsc-hrv --policy us-fcc-covered)

# timed NAME OUT COMMAND...: runs COMMAND with stdout to OUT, appends "NAME wall rss_mib" to runs.
timed() {
  local name="$1" out="$2"
  shift 2
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$out" 2>"$work/err" || { cat "$work/err" >&2; die "$name failed"; }
  read -r wall kib <"$work/time"
  awk -v n="$name" -v w="$wall" -v k="$kib" 'BEGIN { printf "%-22s %7.2f s %7.0f MiB\n", n, w, k / 1024 }'
  echo "$name $wall $kib" >>"$work/runs"
}

shares() { timed "kitwatch shares" "$work/kw-shares.json" "$kitwatch" assess "$data/inventory.csv" \
  --as-of "$as_of" --format json --quiet; }
duckdb() { timed "duckdb shares" "$work/duckdb.json" node "$peers/duckdb_shares.mjs" "$data"; }
full() { timed "kitwatch full" "$work/kw-full.json" "$kitwatch" assess "$data/inventory.csv" \
  --links "$data/links.csv" --demands "$data/demands.csv" --as-of "$as_of" "${policies[@]}" --format json --quiet; }
igraph() { timed "igraph graph part" "$work/igraph.json" /usr/bin/python3 "$peers/igraph_graph.py" "$data"; }

echo "peers.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), $(uptime | sed 's/.*load/load/'), data $data"
: >"$work/runs"
for ((i = 0; i < pairs; i++)); do
  if ((i % 2 == 0)); then shares; duckdb; else duckdb; shares; fi
done
for ((i = 0; i < graph_pairs; i++)); do
  if ((i % 2 == 0)); then full; igraph; else igraph; full; fi
done

/usr/bin/python3 - "$work" <<'PY'
import json, statistics, sys
work = sys.argv[1]
runs = {}
for line in open(f"{work}/runs"):
    *name, wall, kib = line.split()
    runs.setdefault(" ".join(name), []).append((float(wall), int(kib) / 1024))
med = {k: (statistics.median(w for w, _ in v), max(r for _, r in v)) for k, v in runs.items()}
print("\nmedian wall s, highest peak RSS MiB, runs")
for k, (w, r) in med.items():
    print(f"  {k:<22} {w:7.2f} s {r:7.0f} MiB  ({len(runs[k])})")
failed = False
def ratio(a, b, what):
    if a in med and b in med:
        pair = [x[0] / y[0] for x, y in zip(runs[a], runs[b])]
        print(f"  {what}: kitwatch / peer wall {med[a][0] / med[b][0]:.2f} (median of per-pair ratios "
              f"{statistics.median(pair):.2f}), peak RSS {med[a][1] / med[b][1]:.2f}")
print("\nratios")
ratio("kitwatch shares", "duckdb shares", "shares vs DuckDB")
ratio("kitwatch full", "igraph graph part", "full assessment vs igraph's graph part alone")
# The figures must agree.
kw = json.load(open(f"{work}/kw-shares.json"))
dd = json.load(open(f"{work}/duckdb.json"))
for m in ("count", "traffic", "subscribers"):
    a, b = kw["total"]["designated_share"][m], dd["shares"]["all"][m]
    if abs(a - b) > 1e-9:
        print(f"DIFFERS: designated share by {m}: kitwatch {a}, DuckDB {b}"); failed = True
try:
    full = json.load(open(f"{work}/kw-full.json"))
    ig = json.load(open(f"{work}/igraph.json"))
    topo = full["topology"]
    checks = [("designated articulation points", topo["articulation"]["designated_articulation_points"],
               ig["articulation"]["designated_articulation_points"]),
              ("demands disconnected", topo["supplier_loss"][0]["demands_disconnected"],
               ig["supplier_loss"]["demands_disconnected"])]
    for name, a, b in checks:
        if a != b:
            print(f"DIFFERS: {name}: kitwatch {a}, igraph {b}"); failed = True
    print("figures agree" if not failed else "")
except FileNotFoundError:
    print("figures agree (shares)" if not failed else "")
sys.exit(1 if failed else 0)
PY
