#!/usr/bin/env bash
# Module boundaries (issue 17 item 5), in the spirit of ninja's misc/ci.py: fails when a file in
# src/<m>/ includes anything of another module src/<n>/ but n's public headers, or includes a module
# that comes after m. The modules, their order and their public headers are listed in src/MODULES
# (the one place; read its header for the rule, including what tests may include). Also fails when
# src/README.md or docs/architecture.md lists the modules in another order.
#
#   scripts/check-boundaries.sh [ROOT]    ROOT: the source tree to check (default: this repository)
#
# Prints one line per violation, `src/m/f.cc:LINE: includes "n/h.h", ...`, and exits 1 when there is
# any; 2 when src/MODULES is missing or malformed. Includes whose first path part is not a listed
# module (<vector>, "fmt/format.h", "test_support.h") are not checked.
set -euo pipefail

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
modules="$root/src/MODULES"
[ -f "$modules" ] || { echo "check-boundaries: no $modules" >&2; exit 2; }
cd "$root"

# Every folder under src/ must be a listed module, or nothing would check it.
unlisted=0
for dir in src/*/; do
  m="$(basename "$dir")"
  if ! awk -v m="$m" '!/^[ \t]*(#|$)/ && $1 == m { found = 1 } END { exit !found }' src/MODULES; then
    echo "$dir: not a module listed in src/MODULES"
    unlisted=1
  fi
done

set +e
find src -mindepth 2 -type f \( -name '*.cc' -o -name '*.h' \) | LC_ALL=C sort | awk '
  # src/MODULES: "module header..." per line, in order; "*" = all public, "-" = none.
  FILENAME == "src/MODULES" {
    if ($0 ~ /^[ \t]*(#|$)/) next
    if (NF < 2) { printf "src/MODULES:%d: expected a module and its public headers\n", FNR; malformed = 1; next }
    order[$1] = ++count
    for (i = 2; i <= NF; ++i) public[$1, $i] = 1
    next
  }
  # Then the source files, one name per line on stdin.
  { check($0) }

  function check(file,    part, mod, test, line, at, inc, slash, n, header) {
    split(file, part, "/")
    mod = part[2]
    if (!(mod in order)) return  # its folder is reported as not listed
    test = file ~ /_test\.cc$/
    at = 0
    while ((getline line < file) > 0) {
      ++at
      if (line !~ /^[ \t]*#[ \t]*include[ \t]*["<]/ || !match(line, /["<][^">]*[">]/)) continue
      inc = substr(line, RSTART + 1, RLENGTH - 2)
      slash = index(inc, "/")
      if (slash == 0) continue
      n = substr(inc, 1, slash - 1)
      header = substr(inc, slash + 1)
      if (n == "." || n == "..") {
        printf "%s:%d: includes \"%s\", a relative path: write it from src/\n", file, at, inc
        bad = 1
      } else if (!(n in order) || n == mod) {
        continue
      } else if (!public[n, "*"] && !public[n, header]) {
        printf "%s:%d: includes \"%s\", not a public header of %s\n", file, at, inc, n
        bad = 1
      } else if (!test && order[n] > order[mod]) {
        printf "%s:%d: includes \"%s\", but %s comes after %s\n", file, at, inc, n, mod
        bad = 1
      }
    }
    close(file)
  }
  END { exit malformed ? 2 : bad }
' src/MODULES -
status=$?
set -e

if [ "$status" -ge 2 ]; then exit 2; fi

# The two tours of the modules must list them in this order too (when they are there: test trees
# have no docs).
listed="$(awk '!/^[ \t]*(#|$)/ { printf "%s ", $1 }' src/MODULES)"
tour() {  # the modules a document lists, in its order
  case "$1" in
    src/README.md) sed -n -E 's/^[0-9]+\. `([a-z_]+)\/`.*/\1/p' "$1" ;;
    docs/architecture.md) sed -n -E 's/^\| `([a-z_]+)\/` \|.*/\1/p' "$1" ;;
  esac | tr '\n' ' '
}
for doc in src/README.md docs/architecture.md; do
  [ -f "$doc" ] || continue
  if [ "$(tour "$doc")" != "$listed" ]; then
    echo "$doc: lists the modules as: $(tour "$doc"); src/MODULES: $listed"
    status=1
  fi
done
if [ "$status" -ne 0 ] || [ "$unlisted" -ne 0 ]; then
  echo "check-boundaries: module boundaries broken (the rule and the list: src/MODULES)" >&2
  exit 1
fi
