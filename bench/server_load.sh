#!/usr/bin/env bash
# kitwatch serve under load, on loopback: starts a server on a fresh database, uploads
# examples/small as an operator's analyst and waits for its assessment, then runs wrk (Debian
# `wrk`) against read routes at 1, 16 and 64 connections and prints requests/s and latency
# percentiles. Also sends 8 uploads at once and checks that every one is stored and assessed.
# Not a test: a benchmark whose figures go to docs/performance.md.
#
#   bench/server_load.sh --kitwatch build/src/kitwatch [--seconds 10] [--threads 8] [--port 18181]
set -euo pipefail

kitwatch="" seconds=10 threads=8 port=18181
while [ $# -gt 0 ]; do
  case "$1" in
    --kitwatch) kitwatch=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "server_load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$kitwatch" ] || { echo "server_load.sh: give --kitwatch BINARY" >&2; exit 2; }
command -v wrk >/dev/null || { echo "server_load.sh: needs wrk (apt-get install wrk)" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

db="sqlite:$work/server.db"
password="bench-password-long"
KITWATCH_ADMIN_PASSWORD=$password "$kitwatch" serve --db "$db" --init-admin root -q
# The rate limit is for runaway scripts; a load test is one on purpose.
"$kitwatch" serve --db "$db" --listen "127.0.0.1:$port" --threads "$threads" --rate 1000000000 -q &
pid=$!
api="http://127.0.0.1:$port/api/v1"
for _ in $(seq 100); do curl -sf "$api/health" >/dev/null && break; sleep 0.1; done

json() { /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
root_token=$(curl -sf -X POST "$api/login" -d "{\"name\":\"root\",\"password\":\"$password\"}" | json "['token']")
curl -sf -X POST "$api/operators" -H "Authorization: Bearer $root_token" -d '{"id":"bench","name":"Bench"}' >/dev/null
curl -sf -X POST "$api/users" -H "Authorization: Bearer $root_token" \
  -d "{\"name\":\"ana\",\"password\":\"$password\",\"role\":\"analyst\",\"operator\":\"bench\"}" >/dev/null
token=$(curl -sf -X POST "$api/login" -d "{\"name\":\"ana\",\"password\":\"$password\"}" | json "['token']")
auth="Authorization: Bearer $token"
upload() {
  curl -sf -X POST "$api/operators/bench/inventories?name=inventory.csv&as_of=2028-01-01&policy=uk-huawei-dvd" \
    -H "$auth" --data-binary "@$root/examples/small/inventory.csv"
}
wait_done() {
  for _ in $(seq 600); do
    state=$(curl -sf "$api/operators/bench/jobs/$1" -H "$auth" | json "['state']")
    [ "$state" = done ] && return 0
    [ "$state" = failed ] && { echo "job $1 failed" >&2; return 1; }
    sleep 0.1
  done
  echo "job $1 did not finish" >&2
  return 1
}
job=$(upload | json "['job']")
wait_done "$job"

echo "== wrk, ${seconds} s per run, server with $threads HTTP threads ($(nproc) cores shared with wrk)"
printf '%-34s %6s %10s %9s %9s %9s\n' route conns "req/s" p50 p99 errors
for route in "operators/bench/inventories/1/assessment" "operators/bench/inventories/1/violations?rule=R2" "me"; do
  for conns in 1 16 64; do
    out=$(wrk -t "$((conns < 2 ? 1 : 2))" -c "$conns" -d "${seconds}s" --latency -H "$auth" "$api/$route")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
    printf '%-34s %6s %10s %9s %9s %9s\n' "${route%%\?*}" "$conns" "$rps" "$p50" "$p99" "${errors:-0}"
  done
done

echo "== 8 uploads at once"
start=$(date +%s.%N)
jobs=() senders=()
for i in $(seq 8); do upload >"$work/up$i.json" & senders+=($!); done
wait "${senders[@]}"  # the uploads only: a bare `wait` would wait for the server too
for i in $(seq 8); do jobs+=("$(json "['job']" <"$work/up$i.json")"); done
for j in "${jobs[@]}"; do wait_done "$j"; done
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
count=$(curl -sf "$api/operators/bench/inventories" -H "$auth" | json ".__len__()")
done_count=$(curl -sf "$api/operators/bench/inventories" -H "$auth" | /usr/bin/python3 -c \
  "import json,sys; print(sum(1 for i in json.load(sys.stdin) if i['state'] == 'done'))")
echo "8 uploads stored and assessed in ${elapsed} s: $count inventories, $done_count done"
[ "$count" = 9 ] && [ "$done_count" = 9 ] || { echo "server_load.sh: uploads lost or not assessed" >&2; exit 1; }
