#!/usr/bin/env bash
# Runs COMMAND with a throwaway PostgreSQL server (ctest server_postgres runs the server tests so):
#
#   tests/postgres/with_postgres.sh COMMAND [ARG...]
#
# Makes a temporary folder, initdb's a cluster in it, starts postgres listening only on a Unix
# socket in that folder (no TCP port, so nothing else on the machine can reach it or clash with
# it), creates the database kitwatch_test and exports KITWATCH_TEST_POSTGRES, a libpq URL for it,
# to COMMAND. Whatever COMMAND does, the server is stopped and the folder removed afterwards; the
# script exits with COMMAND's status. As root (CI) the server runs as the postgres system user,
# since initdb refuses root.
#
# PostgreSQL's server programs come from KITWATCH_POSTGRES_BIN, else the newest
# /usr/lib/postgresql/*/bin (Debian's postgresql package), else PATH. When they are missing, it
# says so and exits 1: a test that needs PostgreSQL must not pass silently without it.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

bin="${KITWATCH_POSTGRES_BIN:-}"
if [ -z "$bin" ]; then
  newest="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then
    bin="$newest"
  elif command -v initdb >/dev/null 2>&1; then
    bin="$(dirname "$(command -v initdb)")"
  fi
fi
for tool in initdb pg_ctl postgres createdb; do
  if [ -z "$bin" ] || [ ! -x "$bin/$tool" ]; then
    echo "with_postgres.sh: PostgreSQL's server programs (initdb, pg_ctl, postgres, createdb) are not" \
      "installed; on Debian: apt-get install postgresql (or set KITWATCH_POSTGRES_BIN)" >&2
    exit 1
  fi
done

# As root, the server's files and processes belong to the postgres system user.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with_postgres.sh: running as root, and there is no postgres user to run the server as" >&2
    exit 1
  fi
  as_owner=(runuser -u postgres --)
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/kitwatch-pg.XXXXXX")"
data="$dir/data"
started=0
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
  if [ "$started" -eq 1 ]; then
    "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [ ${#as_owner[@]} -gt 0 ]; then chown postgres: "$dir"; fi

# Trust on the private socket only: the folder is the owner's alone (mode 700), and root may enter it.
"${as_owner[@]}" "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# Durability is not wanted from a server that lives for one test run.
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
started=1
if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null; then
  cat "$dir/server.log" >&2
  exit 1
fi
"$bin/createdb" -h "$dir" -U postgres kitwatch_test

export KITWATCH_TEST_POSTGRES="postgresql:///kitwatch_test?host=$dir&user=postgres"
status=0
"$@" || status=$?
exit "$status"
