#!/usr/bin/env bash
# Output equivalence (issue 17 item 7): runs a fixed set of commands with two kitwatch binaries and
# compares everything each one produced byte for byte: stdout, stderr, the exit code and every file
# it wrote (reports, CSV folders, generated networks, snapshot databases). Inputs are the examples,
# the test fixtures and a generated 100k-element network; every date is given (--as-of, --taken).
#
#   scripts/compare-outputs.sh OLD_KITWATCH NEW_KITWATCH [WORKDIR]
#
# WORKDIR (default: a temporary folder, removed afterwards) keeps old/NAME/ and new/NAME/ for each
# command. The only normalisation: the binary's own path and the side's folder (WORKDIR/old or
# WORKDIR/new) read as `kitwatch` and WORKDIR/SIDE, NEW's --version string as OLD's when they
# differ, and elapsed times in the two summaries that print them (generate, snapshot add).
# Prints one line per command, `same NAME` or `DIFFERENT NAME` with a diff excerpt; exits 1 when
# any command differs, 2 on a usage error. COMPARE_ONLY=REGEX (environment) runs only the commands
# whose names match.
set -uo pipefail

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}
[ $# -ge 2 ] && [ $# -le 3 ] || usage
abspath() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
old_bin="$(abspath "$1")"
new_bin="$(abspath "$2")"
for b in "$old_bin" "$new_bin"; do
  [ -x "$b" ] || { echo "compare-outputs: $b is not an executable" >&2; exit 2; }
done
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -eq 3 ]; then
  work="$3"
  rm -rf "$work/old" "$work/new" "$work/in"
  mkdir -p "$work"
  work="$(cd "$work" && pwd)"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/old" "$work/new" "$work/in"

old_version="$("$old_bin" --version 2>&1)"
new_version="$("$new_bin" --version 2>&1)"
differences=0 commands=0

# Rewrites what must differ between the sides in every text file of DIR (a database is compared
# as it is), and MASK (an extended regex: elapsed times) in its stdout.
normalise() {
  local side="$1" bin="$2" dir="$3" mask="$4" files=()
  local patterns=(-e "$bin" -e "$work/$side")
  [ "$side" = new ] && [ "$old_version" != "$new_version" ] && patterns+=(-e "$new_version")
  mapfile -t files < <(grep -rlIF "${patterns[@]}" "$dir")
  if [ "${#files[@]}" -gt 0 ]; then
    LC_ALL=C sed -i -e "s|$bin|kitwatch|g" -e "s|$work/$side|$work/SIDE|g" "${files[@]}"
    if [ "$side" = new ] && [ "$old_version" != "$new_version" ]; then
      LC_ALL=C sed -i "s|$new_version|$old_version|g" "${files[@]}"
    fi
  fi
  [ -z "$mask" ] || LC_ALL=C sed -i -E "s/$mask/(masked)/g" "$dir/stdout" "$dir/stderr"
}

compare() {
  local name="$1" excerpt
  commands=$((commands + 1))
  if excerpt="$(cd "$work" && diff -r -u "old/$name" "new/$name" 2>&1)"; then
    echo "same       $name"
  else
    differences=$((differences + 1))
    echo "DIFFERENT  $name"
    printf '%s\n' "$excerpt" | head -n 30 | sed 's/^/    /'
  fi
}

# run NAME [--after PREV] [--mask REGEX] -- ARGS...: runs `kitwatch ARGS` with each binary (both
# at once) in WORKDIR/SIDE/NAME, seeded with a copy of PREV's folder for commands that continue a
# database, and compares. Output paths in ARGS are relative to that folder; inputs are absolute
# and the same for both sides.
run() {
  local name="$1" after="" mask="" side bin dir
  shift
  while [ "$1" != -- ]; do
    case "$1" in
      --after) after="$2" ;;
      --mask) mask="$2" ;;
    esac
    shift 2
  done
  shift
  # COMPARE_ONLY=REGEX runs only the commands whose names match (the 100k network is always made).
  if [ -n "${COMPARE_ONLY:-}" ] && [ "$name" != generate-100k ] && ! [[ "$name" =~ $COMPARE_ONLY ]]; then
    return 0
  fi
  for side in old new; do
    bin="$old_bin"
    [ "$side" = new ] && bin="$new_bin"
    dir="$work/$side/$name"
    (
      rm -rf "$dir"
      mkdir -p "$dir"
      [ -z "$after" ] || cp -R "$work/$side/$after/." "$dir/"
      cd "$dir" && "$bin" "$@" >stdout 2>stderr </dev/null
      echo "exit $?" >exit
      normalise "$side" "$bin" "$dir" "$mask"
    ) &
  done
  wait
  compare "$name"
}

small="$repo/examples/small"
zte="$repo/examples/zte-2018"
bomdata="$repo/tests/data/bom"
abilene="$repo/tests/data/topology/Abilene.graphml"
mix="Huawei=2,ZTE=1,Nokia=5,Ericsson=3,Cisco=4"

# The generated network is itself compared, then (OLD's copy) used as an input by both sides.
run generate-100k --mask "in [0-9.]+ s$" -- generate --elements 100000 --seed 7 -o net
cp -R "$work/old/generate-100k/net" "$work/in/gen100k"
gen="$work/in/gen100k"
run generate-small --mask "in [0-9.]+ s$" -- generate --elements 2000 --seed 7 -o net

run version -- --version
run help -- --help
for sub in assess check policy resolve registry topo cascade whatif snapshot history generate; do
  run "help-$sub" -- "$sub" --help
done

# One network: NAME INVENTORY AS_OF POLICY [extra input options...]; links and demands from
# LINKS/DEMANDS when set.
network() {
  local net="$1" inv="$2" as_of="$3" policy="$4"
  shift 4
  local input=("$inv" --as-of "$as_of" "$@")
  local topo=()
  [ -n "${LINKS:-}" ] && topo+=(--links "$LINKS")
  [ -n "${DEMANDS:-}" ] && topo+=(--demands "$DEMANDS")
  local f
  run "$net-assess-text" -- assess "${input[@]}" "${topo[@]}" --policy "$policy" -o report.txt
  for f in json html md; do
    run "$net-assess-$f" -- assess "${input[@]}" "${topo[@]}" --policy "$policy" --format "$f" -o "report.$f"
  done
  run "$net-assess-csv" -- assess "${input[@]}" "${topo[@]}" --policy "$policy" --format csv -o tables
  run "$net-assess-plain" -- assess "${input[@]}"
  for f in text json csv; do
    run "$net-check-$f" -- check "${input[@]}" --policy "$policy" --format "$f" -o "check.$f"
  done
  run "$net-check-stdout" -- check "${input[@]}" --policy "$policy"
  run "$net-resolve-text" -- resolve "${input[@]}"
  run "$net-resolve-json" -- resolve "${input[@]}" --format json -o resolve.json
  local first
  first="$(sed -n '2s/,.*//p' "$inv")"
  run "$net-resolve-explain" -- resolve "${input[@]}" --explain "$first"
  if [ -n "${LINKS:-}" ]; then
    for f in text json csv html md; do
      run "$net-topo-$f" -- topo "${input[@]}" "${topo[@]}" --lose huawei --lose zte,uk-tsa-designated \
        --format "$f" -o "topo.$f"
    done
  fi
}

LINKS="$small/links.csv" DEMANDS="$small/demands.csv" network small "$small/inventory.csv" 2028-01-01 uk-huawei-dvd
LINKS="$gen/links.csv" DEMANDS="$gen/demands.csv" network gen100k "$gen/inventory.csv" 2026-01-01 uk-huawei-dvd
LINKS="" DEMANDS="" network zte-2018 "$zte/inventory.csv" 2018-04-20 "$zte/uk-2018.policy.yaml" \
  --registry "$zte/registry.yaml"
run zte-2018-resolve-explain-bt -- resolve "$zte/inventory.csv" --as-of 2018-04-20 --registry "$zte/registry.yaml" \
  --explain "$(grep -m1 ',BT,' "$zte/inventory.csv" | cut -d, -f1)"
LINKS="$bomdata/links.csv" DEMANDS="$bomdata/demands.csv" network bom-fixture "$bomdata/inventory.csv" 2018-05-01 \
  us-fcc-covered

# Topology files: a Topology Zoo network with drawn vendors, every format.
for f in text json csv html md; do
  run "abilene-topo-$f" -- topo --graphml "$abilene" --vendor-mix "$mix" --seed 1 --as-of 2026-01-01 \
    --format "$f" -o "topo.$f"
done
run abilene-assess-html -- assess "$small/inventory.csv" --as-of 2026-01-01 --links "$abilene" --format html \
  -o report.html

# Cascades with the examples' BOMs (docs/bom.md, examples/zte-2018).
zte_boms=(--bom "$zte/boms/zte-zxsdr-b8200.cdx.json" --bom "$zte/boms/bt-hub-zxhn-h298a.csv")
fixture_boms=(--bom "$bomdata/zte-zxr10.cdx.json" --bom "$bomdata/zte-h298a.cdx.json" --bom "$bomdata/others.csv")
for f in text json; do
  run "zte-2018-cascade-$f" -- cascade "$zte/inventory.csv" --registry "$zte/registry.yaml" "${zte_boms[@]}" \
    --stop-supplier US --to zte --from 2018-04-15 --until 2018-07-12 --as-of 2018-04-20 --format "$f" -o "cascade.$f"
  run "bom-fixture-cascade-$f" -- cascade "$bomdata/inventory.csv" "${fixture_boms[@]}" \
    --stop-supplier US --to zte --from 2018-04-15 --until 2018-07-13 --as-of 2018-05-01 \
    --links "$bomdata/links.csv" --demands "$bomdata/demands.csv" --format "$f" -o "cascade.$f"
  run "bom-fixture-cascade-designate-$f" -- cascade "$bomdata/inventory.csv" "${fixture_boms[@]}" \
    --designate zte --list us-fcc-covered --from 2018-01-01 --as-of 2018-05-01 --format "$f"
done
run small-cascade-text -- cascade "$small/inventory.csv" --bom "$repo/tests/data/bom/example-router-hbom.cdx.json" \
  "${zte_boms[@]}" --designate huawei --list uk-tsa-designated --from 2020-01-01 --as-of 2028-01-01 \
  --links "$small/links.csv" --demands "$small/demands.csv"

# What-if on the worked example.
zte_whatif=("$zte/inventory.csv" "$zte/scenario.yaml" --registry "$zte/registry.yaml"
  --policy "$zte/uk-2018.policy.yaml" --as-of 2018-04-14)
run zte-2018-whatif-text -- whatif "${zte_whatif[@]}"
run zte-2018-whatif-json -- whatif "${zte_whatif[@]}" --format json -o whatif.json

# Snapshots: each step continues the previous step's database.
run snapshot-add-a -- snapshot add "$small/inventory.csv" --label a --taken 2024-03-31 --as-of 2020-01-01 \
  --db kitwatch.db -q
run snapshot-add-b --after snapshot-add-a -- snapshot add "$small/inventory.csv" --label b --taken 2024-06-30 \
  --as-of 2028-01-01 --policy uk-huawei-dvd --db kitwatch.db -q
run snapshot-add-c --after snapshot-add-b --mask "timings: .*" -- snapshot add "$gen/inventory.csv" --label c --taken 2024-09-30 \
  --as-of 2026-01-01 --db kitwatch.db
run snapshot-add-duplicate --after snapshot-add-c -- snapshot add "$small/inventory.csv" --label a \
  --taken 2024-12-31 --as-of 2026-01-01 --db kitwatch.db
for f in text json; do
  run "snapshot-list-$f" --after snapshot-add-c -- snapshot list --db kitwatch.db --format "$f"
  run "snapshot-diff-ab-$f" --after snapshot-add-c -- snapshot diff a b --db kitwatch.db --format "$f"
  run "snapshot-diff-bc-$f" --after snapshot-add-c -- snapshot diff b c --db kitwatch.db --limit 20 --format "$f"
  run "history-$f" --after snapshot-add-c -- history --db kitwatch.db --format "$f"
done
run assess-with-history-html --after snapshot-add-c -- assess "$small/inventory.csv" --as-of 2028-01-01 \
  --db kitwatch.db --format html -o report.html
run assess-with-history-md --after snapshot-add-c -- assess "$small/inventory.csv" --as-of 2028-01-01 \
  --db kitwatch.db --format md -o report.md

# Registry and policy packs.
run registry-info -- registry info
run registry-lists -- registry lists
for entity in zte huawei; do
  run "registry-show-$entity" -- registry show "$entity"
done
run registry-info-overlay -- registry --registry "$zte/registry.yaml" info
run registry-lists-overlay -- registry --registry "$zte/registry.yaml" lists
run registry-show-unknown -- registry show no-such-entity
run policy-list -- policy list
for pack in "$repo"/data/policies/*.policy.yaml; do
  pack="$(basename "$pack" .policy.yaml)"
  run "policy-show-$pack" -- policy show "$pack"
done

# Errors: the message and the exit code.
run error-missing-file -- assess "$work/in/no-such.csv" --as-of 2026-01-01
run error-bad-format -- assess "$small/inventory.csv" --as-of 2026-01-01 --format pdf
run error-check-without-policy -- check "$small/inventory.csv" --as-of 2026-01-01
run error-csv-without-folder -- assess "$small/inventory.csv" --as-of 2026-01-01 --format csv
run error-unknown-list -- assess "$small/inventory.csv" --as-of 2026-01-01 --lists no-such-list
run error-strict -- assess "$repo/tests/cases/rejects/inventory.csv" --as-of 2024-01-01 --strict
run lenient-rejects -- assess "$repo/tests/cases/rejects/inventory.csv" --as-of 2024-01-01 \
  --links "$repo/tests/cases/rejects/links.csv" --format json

echo "$commands commands: $((commands - differences)) same, $differences different"
[ "$differences" -eq 0 ]
