#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and fuzzes each one for a while.
#
#   fuzz/run.sh [SECONDS] [TARGET...]      default: 60 seconds each, every target
#
# Each target starts from its seeds in fuzz/corpus/<target>/ and keeps what it finds in
# fuzz/corpus-work/<target>/ (not committed); crashes, timeouts and out-of-memory inputs go to
# fuzz/crashes/. Prints executions, final coverage and exec/s per target, and exits non-zero when
# any target crashed.
#
# Environment: BUILD (default build-fuzz), JOBS (targets fuzzed at once, default 1),
# NICE (niceness, default 10), FORK=1 to keep fuzzing past crashes, timeouts and out-of-memory
# inputs (libFuzzer's -fork=1 -ignore_crashes=1; each one is still saved to fuzz/crashes/), which
# is how a target with a known, unfixed bug can still be fuzzed for the rest.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SECONDS_EACH="${1:-60}"
shift || true
BUILD="${BUILD:-build-fuzz}"
JOBS="${JOBS:-1}"
NICE="${NICE:-10}"
FORK_FLAGS=()
[[ "${FORK:-0}" == 1 ]] && FORK_FLAGS=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
ALL_TARGETS=(fuzz_csv_inventory fuzz_json_inventory fuzz_ndjson_inventory fuzz_csv_reader fuzz_mac_and_date
             fuzz_registry_yaml fuzz_links fuzz_netbox_devices fuzz_netbox_macs fuzz_mac_registry
             fuzz_topology_file fuzz_cyclonedx fuzz_bom_csv fuzz_selector fuzz_policy_pack fuzz_demands fuzz_scenario
             fuzz_operator_return)
if [[ $# -gt 0 ]]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

if [[ ! -f "$BUILD/build.ninja" ]]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DKITWATCH_FUZZ=ON -DKITWATCH_BUILD_TESTS=OFF \
    -DKITWATCH_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$BUILD" --target "${TARGETS[@]}"

mkdir -p fuzz/crashes fuzz/corpus-work

fuzz_one() {
  local target="$1" work="fuzz/corpus-work/$1" log="fuzz/corpus-work/$1.log"
  mkdir -p "$work"
  touch "$log.start"
  local dict=()
  [[ -f "fuzz/$target.dict" ]] && dict=(-dict="fuzz/$target.dict")
  # The first corpus folder receives new inputs; the seed folder is only read.
  local status=0
  nice -n "$NICE" "$BUILD/fuzz/$target" -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="fuzz/crashes/$target-" "${dict[@]}" "${FORK_FLAGS[@]}" \
    "$work" "fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  echo "$status" >"$work.status"
}

summarise() {
  local target="$1" status="$2" log="fuzz/corpus-work/$1.log"
  local last execs cov rate saved
  # The last status line: "#N ... cov: C ... exec/s: R" (fork mode: "#N: cov: C ... exec/s R").
  last="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  [[ -n "$execs" ]] || execs="$(sed -E -n 's/^#([0-9]+).*/\1/p' <<<"$last")"
  cov="$(sed -E -n 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")"
  rate="$(sed -E -n 's/.* exec\/s:? ([0-9]+).*/\1/p' <<<"$last")"
  saved="$(find fuzz/crashes -name "$target-*" -newer "$log.start" | wc -l)"
  printf '%-24s execs %-10s cov %-6s exec/s %-7s %s\n' "$target" "${execs:-?}" "${cov:-?}" "${rate:-?}" \
    "$([[ $status -eq 0 && $saved -eq 0 ]] && echo ok || echo "FAILED: $saved input(s) saved in fuzz/crashes/, log $log")"
}

for target in "${TARGETS[@]}"; do
  while [[ $(jobs -rp | wc -l) -ge $JOBS ]]; do wait -n || true; done
  fuzz_one "$target" &
done
wait
failed=0
for target in "${TARGETS[@]}"; do
  status="$(cat "fuzz/corpus-work/$target.status")"
  summarise "$target" "$status"
  [[ $status -eq 0 && -z "$(find fuzz/crashes -name "$target-*" -newer "fuzz/corpus-work/$target.log.start")" ]] || failed=1
done
exit "$failed"
