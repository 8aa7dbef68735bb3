#!/usr/bin/env bash
# Runs the benchmarks of a bench build (default build-bench) and an end-to-end timing of the CLI.
# Usage: bench/run.sh [BUILD_DIR] [extra Google Benchmark flags]
set -euo pipefail
build=${1:-build-bench}
shift || true
"$build/bench/kitwatch_bench" "$@"
dir=${KITWATCH_BENCH_DIR:-/tmp/kitwatch-bench}
echo
echo "End to end: kitwatch assess of 1M generated elements (wall time and peak RSS per stage):"
"$build/src/kitwatch" assess "$dir/n1000000/inventory.csv" --timings --quiet --format json -o /dev/null
