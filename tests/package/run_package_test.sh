#!/usr/bin/env bash
# The Debian package (ctest: package_deb): builds it with CPack from the build folder, checks its
# control fields, unpacks it into a clean folder (as dpkg would install it, without touching the
# system) and runs the unpacked kitwatch: its version, its manual page, and the bundled example
# from the unpacked documents, whose figures must equal the build's own binary's.
#
# run_package_test.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$1 out=$2
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  if ! command -v "$tool" >/dev/null; then echo "SKIP: $tool is not installed"; exit 77; fi
done
rm -rf "$out"
mkdir -p "$out"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out" >"$out/cpack.log" 2>&1 ||
  { cat "$out/cpack.log"; echo "FAIL: cpack"; exit 1; }
deb=$(ls "$out"/kitwatch_*.deb)
echo "package: $deb ($(stat -c %s "$deb") bytes)"
fail() { echo "FAIL: $*"; exit 1; }

# Control fields: the name, the version the binary reports, and library dependencies read from the
# binary (a package without them would install and then not start).
info=$(dpkg-deb --info "$deb")
version=$("$build/src/kitwatch" --version | awk '{print $2}')
grep -q "^ Package: kitwatch$" <<<"$info" || fail "no Package: kitwatch"
grep -q "^ Version: $version$" <<<"$info" || fail "the package's version is not the binary's ($version)"
for lib in libsodium libsqlite3 libyaml-cpp libpqxx; do
  grep -q "^ Depends:.*$lib" <<<"$info" || fail "Depends does not name $lib"
done
echo "ok   control: kitwatch $version, depends on its libraries"

root="$out/root"
dpkg-deb -x "$deb" "$root"
for file in usr/bin/kitwatch usr/share/man/man1/kitwatch.1 usr/share/doc/kitwatch/LICENSE \
    usr/share/doc/kitwatch/NOTICE usr/share/doc/kitwatch/README.md usr/share/doc/kitwatch/docs/cli.md \
    usr/share/doc/kitwatch/examples/small/inventory.csv; do
  [ -f "$root/$file" ] || fail "the package has no $file"
done
echo "ok   files: the binary, its manual page, licence, notices, documents and examples"

[ "$("$root/usr/bin/kitwatch" --version)" = "kitwatch $version" ] || fail "the unpacked kitwatch --version"
page="$root/usr/share/man/man1/kitwatch.1"
grep -q '^\.TH KITWATCH 1 ' "$page" || fail "the manual page has no .TH KITWATCH 1"
for command in assess check serve national whatif; do
  grep -q "^\.SS $command$" "$page" || fail "the manual page has no section for $command"
done
if command -v groff >/dev/null; then
  warnings=$(groff -k -man -Tutf8 -ww -z "$page" 2>&1 || true)
  [ -z "$warnings" ] || fail "groff warns on the manual page: $warnings"
fi
echo "ok   the manual page: every command's section, no groff warnings"

# The bundled example from the unpacked files, as a user of the package would run it.
example="$root/usr/share/doc/kitwatch/examples/small/inventory.csv"
"$root/usr/bin/kitwatch" assess "$example" --as-of 2028-01-01 --format json -o "$out/installed.json" --quiet
"$build/src/kitwatch" assess "$example" --as-of 2028-01-01 --format json -o "$out/built.json" --quiet
cmp -s "$out/installed.json" "$out/built.json" || fail "the unpacked kitwatch's figures differ from the build's"
grep -q '"elements": 2000' "$out/installed.json" || grep -q '"count": 2000' "$out/installed.json" ||
  fail "the example's 2,000 elements are not in the report"
echo "ok   the unpacked kitwatch assesses the bundled example as the build does"
