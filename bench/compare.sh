#!/usr/bin/env bash
# Side-by-side benchmark (issue 8): kitwatch against pandas, DuckDB, NetworkX and igraph on the same
# generated network. Checks that every tool gives the same figures (exit 1 if not), then prints wall
# time and peak RSS of each tool and stage with the ratios. docs/performance.md "Side by side".
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/compare.sh [--scale S | --elements N | --data DIR] [options]

Input (one of):
  --scale S        ../shared/bench/national.py --scale S --seed 1 (0.1 regional, 1 national);
                   the default (0.1) when that file exists
  --elements N     bench/compare/gen_network.py with N elements (the default, 20000, without
                   ../shared: CI runs on a clean clone)
  --data DIR       an existing folder with inventory.csv, links.csv, demands.csv of that shape
Options:
  --kitwatch PATH  kitwatch binary (default: build/src/kitwatch)
  --work DIR       where inputs and results go (default: a new folder under /tmp, removed after)
  --skip LIST      leave out tools, comma-separated: pandas, duckdb, networkx, igraph
  --as-of DATE     designation date passed to kitwatch (default 2026-01-01)
  --threads N      DuckDB threads (default 2; kitwatch uses every core)
  -h, --help       this text
Exit: 0 all figures agree, 1 a figure disagrees, 2 usage or run error, 77 a comparison tool
(python3-pandas/-networkx/-igraph/-numpy, time, node, bench/compare/node_modules) is not installed;
scripts/install-deps.sh installs them all.
USAGE
}

die() { echo "compare.sh: $*" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
national="$root/../shared/bench/national.py"
py=/usr/bin/python3  # Debian's, where python3-pandas/-networkx/-igraph are installed
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree

scale="" elements="" data="" kitwatch="$root/build/src/kitwatch" work="" skip="" as_of=2026-01-01 threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="${2:?--scale needs a value}"; shift 2 ;;
    --elements) elements="${2:?--elements needs a value}"; shift 2 ;;
    --data) data="${2:?--data needs a folder}"; shift 2 ;;
    --kitwatch) kitwatch="${2:?--kitwatch needs a path}"; shift 2 ;;
    --work) work="${2:?--work needs a folder}"; shift 2 ;;
    --skip) skip=",${2:?--skip needs a list},"; shift 2 ;;
    --as-of) as_of="${2:?--as-of needs a date}"; shift 2 ;;
    --threads) threads="${2:?--threads needs a number}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
given=0
for x in "$scale" "$elements" "$data"; do [ -z "$x" ] || given=$((given + 1)); done
[ "$given" -le 1 ] || die "give only one of --scale, --elements, --data"
if [ -z "$scale$elements$data" ]; then
  if [ -f "$national" ]; then scale=0.1; else elements=20000; fi
fi
[ -x "$kitwatch" ] || die "no kitwatch binary at $kitwatch (build it, or pass --kitwatch)"
wants() { [[ "$skip" != *",$1,"* ]]; }

# A missing comparison tool is a skip (77), not a failure: they are optional for building kitwatch.
missing=()
[ -x /usr/bin/time ] || missing+=("/usr/bin/time (Debian package time)")
[ -x "$py" ] || missing+=("$py")
for mod in pandas numpy networkx igraph; do
  [ -x "$py" ] && ! "$py" -c "import $mod" 2>/dev/null && missing+=("python3-$mod")
done
if wants duckdb; then
  command -v node >/dev/null 2>&1 || missing+=(node)
  [ -d "$here/compare/node_modules/@duckdb/node-api" ] || missing+=("bench/compare/node_modules (npm ci there)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "compare.sh: SKIP, not installed: ${missing[*]} (scripts/install-deps.sh installs them)" >&2
  exit 77
fi

if [ -z "$work" ]; then
  work="$(mktemp -d /tmp/kitwatch-compare.XXXXXX)"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
if [ -z "$data" ]; then
  data="$work/data"
  if [ -n "$scale" ]; then
    [ -f "$national" ] || die "--scale needs $national (or use --elements)"
    echo "input: national.py --scale $scale --seed 1 -> $data"
    "$py" "$national" "$data" --scale "$scale" --seed 1 >/dev/null
  else
    echo "input: bench/compare/gen_network.py --elements $elements --seed 1 -> $data"
    "$py" "$here/compare/gen_network.py" "$data" --elements "$elements" --seed 1
  fi
else
  echo "input: $data"
fi
for f in inventory.csv links.csv demands.csv; do [ -f "$data/$f" ] || die "missing $data/$f"; done
# Warm the page cache so no tool pays the disk read that the one before it did not.
cat "$data"/*.csv >/dev/null

runs="$work/runs.tsv"
: >"$runs"
# measure TOOL STAGE OUT.json -- COMMAND...: one process, timed by /usr/bin/time (wall s, max RSS KiB).
measure() {
  local tool="$1" stage="$2" out="$3"; shift 4
  local err="$work/$tool-$stage.stderr" tm="$work/$tool-$stage.time"
  echo "run: $tool $stage" >&2
  if ! /usr/bin/time -f '%e %M' -o "$tm" "$@" >"$work/$tool-$stage.stdout" 2>"$err"; then
    cat "$err" >&2
    die "$tool $stage failed (command: $*)"
  fi
  read -r wall rss <"$tm"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$stage" "$wall" "$rss" "$out" "$err" >>"$runs"
}

inv="$data/inventory.csv"
measure kitwatch shares "$work/kitwatch-shares.json" -- \
  "$kitwatch" assess "$inv" --as-of "$as_of" --format json -o "$work/kitwatch-shares.json" --quiet --timings
measure kitwatch topo "$work/kitwatch-topo.json" -- \
  "$kitwatch" topo "$inv" --links "$data/links.csv" --demands "$data/demands.csv" --as-of "$as_of" \
  --format json -o "$work/kitwatch-topo.json" --quiet --timings
if wants duckdb; then
  measure duckdb shares "$work/duckdb-shares.json" -- node "$here/compare/ref_duckdb.mjs" "$data" "$work/duckdb-shares.json" "$threads"
fi
if wants pandas; then
  measure pandas shares "$work/pandas-shares.json" -- "$py" "$here/compare/ref_pandas.py" "$data" "$work/pandas-shares.json"
fi
# igraph before NetworkX: the NetworkX exposure is the long one (minutes at national scale).
for lib in igraph networkx; do
  wants "$lib" || continue
  for stage in loss articulation exposure; do
    measure "$lib" "$stage" "$work/$lib-$stage.json" -- \
      "$py" "$here/compare/ref_graph.py" "$data" "$work/$lib-$stage.json" --lib "$lib" --stage "$stage"
  done
done

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "kitwatch: $kitwatch; input: $data ($(du -sh "$data/inventory.csv" | cut -f1) inventory, $(($(wc -l <"$inv") - 1)) elements)"
"$py" "$here/compare/check.py" "$runs"
