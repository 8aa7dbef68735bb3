#!/usr/bin/env bash
# Tests scripts/check-boundaries.sh on small trees built from the real src/MODULES: allowed includes
# pass; each kind of bad include fails with exit 1 and names its file and line; and in a copy of the
# real src/ one added bad include adds exactly its own line to the output (whatever else the real
# tree reports today).
#
#   tests/check_boundaries_test.sh [REPO]   (default: this repository)
set -uo pipefail

repo="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
check="$repo/scripts/check-boundaries.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# A tree with src/MODULES and the given files: "path|line" pairs, one include (or line) each.
make_tree() {
  local dir="$1"
  shift
  rm -rf "$dir"
  mkdir -p "$dir/src"
  cp "$repo/src/MODULES" "$dir/src/MODULES"
  local spec path
  for spec in "$@"; do
    path="${spec%%|*}"
    mkdir -p "$dir/$(dirname "$path")"
    printf '%s\n' "${spec#*|}" >>"$dir/$path"
  done
}

# Runs the check on DIR; expects exit WANT and exactly the output EXPECTED.
expect() {
  local name="$1" dir="$2" want="$3" expected="$4" got rc
  got="$("$check" "$dir" 2>/dev/null)"
  rc=$?
  [ "$rc" -eq "$want" ] || fail "$name: exit $rc, want $want; output:"$'\n'"$got"
  [ "$got" = "$expected" ] || fail "$name: output"$'\n'"$got"$'\n'"want"$'\n'"$expected"
}

allowed=(
  'src/model/store.cc|#include "model/private_part.h"'
  'src/model/store.cc|#include "base/anything.h"'
  'src/model/store.cc|#include <vector>'
  'src/model/store.cc|#include "fmt/format.h"'
  'src/model/store.cc|#include "test_support.h"'
  'src/ingest/read.cc|#include "model/element_store.h"'
  'src/ingest/read_test.cc|#include "ingest/private_part.h"'
  'src/ingest/read_test.cc|#include "generate/generator.h"'
  'src/whatif/apply.cc|#include "run/run.h"'
  'src/cli/main.cc|#include "report/report.h"'
  'src/cli/main.cc|#include "registry/mac_registry.h"'
)
make_tree "$tmp/clean" "${allowed[@]}"
expect "allowed includes" "$tmp/clean" 0 ""

make_tree "$tmp/later" "${allowed[@]}" 'src/model/store.cc|#include "ingest/ingest.h"'
expect "a later module" "$tmp/later" 1 'src/model/store.cc:6: includes "ingest/ingest.h", but ingest comes after model'

make_tree "$tmp/private" "${allowed[@]}" 'src/topology/graph.cc|  #  include "ingest/csv_reader.h"'
expect "a private header" "$tmp/private" 1 \
  'src/topology/graph.cc:1: includes "ingest/csv_reader.h", not a public header of ingest'

make_tree "$tmp/test_private" "${allowed[@]}" 'src/ingest/read_test.cc|#include "policy/selector.h"'
expect "a test with another module's private header" "$tmp/test_private" 1 \
  'src/ingest/read_test.cc:3: includes "policy/selector.h", not a public header of policy'

make_tree "$tmp/front_end" "${allowed[@]}" 'src/report/html.cc|#include <cli/exit_codes.h>'
expect "the front end's header" "$tmp/front_end" 1 \
  'src/report/html.cc:1: includes "cli/exit_codes.h", not a public header of cli'

make_tree "$tmp/relative" "${allowed[@]}" 'src/policy/pack.cc|#include "../ingest/csv_reader.h"'
expect "a relative path" "$tmp/relative" 1 \
  'src/policy/pack.cc:1: includes "../ingest/csv_reader.h", a relative path: write it from src/'

make_tree "$tmp/unlisted" "${allowed[@]}" 'src/dashboard/http.cc|#include "run/run.h"'
expect "an unlisted module" "$tmp/unlisted" 1 'src/dashboard/: not a module listed in src/MODULES'

# The real tree, then the same with one bad include appended to a real file.
mkdir -p "$tmp/real" "$tmp/real_bad"
cp -r "$repo/src" "$tmp/real/src"
cp -r "$repo/src" "$tmp/real_bad/src"
target=src/model/element_store.cc
echo '#include "whatif/whatif.h"' >>"$tmp/real_bad/$target"
line="$(wc -l <"$tmp/real_bad/$target")"
"$check" "$tmp/real" >"$tmp/real.out" 2>/dev/null
"$check" "$tmp/real_bad" >"$tmp/real_bad.out" 2>/dev/null
rc=$?
[ "$rc" -eq 1 ] || fail "real tree with a bad include: exit $rc, want 1"
added="$(diff "$tmp/real.out" "$tmp/real_bad.out" | sed -n 's/^> //p')"
want="$target:$line: includes \"whatif/whatif.h\", but whatif comes after model"
[ "$added" = "$want" ] || fail "real tree with a bad include: added output"$'\n'"$added"$'\n'"want"$'\n'"$want"
[ "$(diff "$tmp/real.out" "$tmp/real_bad.out" | grep -c '^<')" -eq 0 ] || fail "real tree: lines went missing"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "check-boundaries.sh: every case as expected"
