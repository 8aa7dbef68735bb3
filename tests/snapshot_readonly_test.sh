#!/usr/bin/env bash
# A snapshot database in a folder its reader cannot write is still read (issue 25; docs/snapshots.md:
# reading never writes): snapshot list, diff and assess --db, run as an unprivileged user against a
# database in a read-only folder. Root ignores file permissions, so the reads run as nobody through
# setpriv; skips (exit 77) when not root or setpriv is missing.
#
# snapshot_readonly_test.sh KITWATCH SOURCE_DIR
set -euo pipefail
kitwatch=$1 src=$2
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
  echo "SKIP: needs root and setpriv to read as another user"
  exit 77
fi
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
chmod 755 "$work"
cp "$kitwatch" "$work/kitwatch"
cp "$src/examples/small/inventory.csv" "$work/inventory.csv"
mkdir "$work/ro"
"$work/kitwatch" snapshot add "$work/inventory.csv" --db "$work/ro/k.db" --label first --taken 2026-01-01 -q
"$work/kitwatch" snapshot add "$work/inventory.csv" --db "$work/ro/k.db" --label second --taken 2026-02-01 -q
chmod 444 "$work/ro/k.db"
chmod 555 "$work/ro"
as_nobody() { (cd "$work" && setpriv --reuid=65534 --regid=65534 --clear-groups "$@"); }
if as_nobody touch "$work/ro/probe" 2>/dev/null; then echo "FAIL: the folder is writable by nobody"; exit 1; fi

list=$(as_nobody ./kitwatch snapshot list --db ro/k.db)
echo "$list"
grep -q '^first ' <<<"$list" && grep -q '^second ' <<<"$list" || { echo "FAIL: list"; exit 1; }
as_nobody ./kitwatch snapshot diff first second --db ro/k.db >/dev/null || { echo "FAIL: diff"; exit 1; }
report=$(as_nobody ./kitwatch assess inventory.csv --db ro/k.db --as-of 2026-03-01 -q)
grep -q 'Designated share over snapshots' <<<"$report" || { echo "FAIL: assess --db drew no history"; exit 1; }
if [ -e "$work/ro/k.db-wal" ] || [ -e "$work/ro/k.db-shm" ]; then echo "FAIL: a reader wrote beside the database"; exit 1; fi
echo "ok   a database in a read-only folder is read by list, diff and assess --db"
