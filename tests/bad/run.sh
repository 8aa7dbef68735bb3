#!/usr/bin/env bash
# Runs the bad-input corpus (tests/bad/README.md): every case of manifest.tsv against the kitwatch
# binary, each under a time limit and an address-space limit, and checks that it
#  - exits with the expected code (never a signal, a timeout or an out-of-memory abort),
#  - prints every expected substring (the file:line:column and what is wrong),
#  - prints no sanitizer report,
#  - and, where the manifest gives read/accepted/rejected, reports exactly those row counts.
#
#   tests/bad/run.sh KITWATCH [NAME-SUBSTRING]
#
# Environment: KITWATCH_BAD_TIMEOUT (seconds per case, default 60), KITWATCH_BAD_MEM_KB (ulimit -v
# per case, default 3000000; 0 turns it off, as it is for sanitizer builds, which reserve terabytes
# of address space), KITWATCH_BAD_VERBOSE=1 to print each case's output.
set -uo pipefail

BIN="$1"
FILTER="${2:-}"
HERE="$(cd "$(dirname "$0")" && pwd)"
TIMEOUT="${KITWATCH_BAD_TIMEOUT:-60}"
MEM_KB="${KITWATCH_BAD_MEM_KB:-3000000}"
# No pipe into grep -q here: under pipefail, grep exiting early can SIGPIPE ldd and hide the match.
linked="$(ldd "$BIN" 2>/dev/null || true)"
if [[ "$linked" == *libasan* || "$linked" == *libtsan* ]]; then MEM_KB=0; fi

B="$HERE/files"
T="$(mktemp -d "${TMPDIR:-/tmp}/kitwatch-bad.XXXXXX")"
trap 'rm -rf "$T"' EXIT

# The large cases are generated here rather than committed.
generate() {
  # Inputs that are not regular files (a FIFO with no writer, a device behind a file name): each
  # reader refuses them at once rather than blocking or reading forever.
  mkfifo "$T/input.fifo"
  mkdir "$T/ieee" && ln -s /dev/zero "$T/ieee/oui.csv"
  local mb100=$((100 * 1024 * 1024))
  {
    printf 'id,function,vendor\na,core,'
    head -c "$mb100" /dev/zero | tr '\0' 'x'
    printf '\nb,core,Nokia\n'
  } >"$T/huge_field.csv"
  {
    printf 'id,function,vendor,comment\na,core,Huawei,'
    head -c "$mb100" /dev/zero | tr '\0' 'y'
    printf '\n'
  } >"$T/huge_ignored.csv"
  {
    printf '{"id":"a","comment":"'
    head -c "$mb100" /dev/zero | tr '\0' 'z'
    printf '"}\n{"id":"b","vendor":"Nokia"}\n'
  } >"$T/huge_line.ndjson"
  {
    printf 'id,function,vendor\na,core,Nokia'
    head -c 99997 /dev/zero | tr '\0' '\n' | sed 's/^/,/' | tr -d '\n'
    printf '\n'
  } >"$T/wide_row.csv"
  {
    printf 'id'
    seq 1 99999 | sed 's/^/,c/' | tr -d '\n'
    printf '\na'
    head -c 99999 /dev/zero | tr '\0' ','
    printf '\n'
  } >"$T/wide_header.csv"
  {
    printf 'id,function,vendor\na,core,'
    head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' 'v'
    printf '\nb,core,Nokia\nc,core,Huawei\n'
  } >"$T/field_10mb.csv"
  printf 'id,vendor\na,Huawei\nb,NokiaNokiaNokiaNokiaNokia\n' >"$T/limit_line.csv"
}
generate

passed=0
failed=0
fail() {
  echo "FAIL $name: $*"
  echo "  command: kitwatch ${argv[*]}"
  sed 's/^/  | /' "$T/out" | cut -c1-300 | head -n 20
  failed=$((failed + 1))
}

while IFS=$'\t' read -r name code counts expect args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  [[ -n "$FILTER" && "$name" != *"$FILTER"* ]] && continue
  eval "argv=($args)"
  start=$(date +%s.%N)
  (
    [[ "$MEM_KB" -gt 0 ]] && ulimit -v "$MEM_KB"
    exec timeout -k 5 "$TIMEOUT" "$BIN" "${argv[@]}"
  ) >"$T/out" 2>&1 </dev/null
  rc=$?
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  [[ "${KITWATCH_BAD_VERBOSE:-0}" == 1 ]] && { echo "== $name ($rc, ${seconds}s)"; cut -c1-300 "$T/out"; }
  if [[ $rc -eq 124 || $rc -eq 137 ]]; then fail "timed out after ${TIMEOUT}s"; continue; fi
  if [[ $rc -ge 128 ]]; then fail "killed by signal $((rc - 128))"; continue; fi
  if grep -q -E 'Sanitizer|runtime error:|std::bad_alloc|terminate called' "$T/out"; then fail "crash or sanitizer report"; continue; fi
  if [[ $rc -ne $code ]]; then fail "exit code $rc, expected $code"; continue; fi
  missing=""
  rest="$expect"
  while [[ -n "$rest" ]]; do
    part="${rest%% ;; *}"
    [[ "$rest" == *" ;; "* ]] && rest="${rest#* ;; }" || rest=""
    grep -q -F -- "$part" "$T/out" || missing+=" [$part]"
  done
  if [[ -n "$missing" ]]; then fail "missing expected text:$missing"; continue; fi
  if [[ "$counts" != "-" ]]; then
    IFS=/ read -r want_read want_acc want_rej <<<"$counts"
    line="$(grep -m1 -E '^Read [0-9]+ rows' "$T/out" || true)"
    if [[ "$line" != "Read $want_read rows from "*": $want_acc accepted, $want_rej rejected." ]]; then
      fail "row counts: expected $want_read read, $want_acc accepted, $want_rej rejected; got '$line'"
      continue
    fi
  fi
  passed=$((passed + 1))
done <"$HERE/manifest.tsv"

echo "bad-input corpus: $passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
