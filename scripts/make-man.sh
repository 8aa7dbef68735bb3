#!/usr/bin/env bash
# Writes kitwatch's manual page (roff, section 1) to stdout from the program's own help: the
# top-level --help, then every subcommand's --help, so the page never says other than the program.
# Used by the build (the `man` target) and installed as man1/kitwatch.1. Written to OUT.1.tmp and
# renamed, so a failed run leaves no half page.
#
#   scripts/make-man.sh KITWATCH OUT.1
set -euo pipefail
kitwatch=$1 out=$2
version=$("$kitwatch" --version | awk '{print $2}')
exec >"$out.tmp"

# Help text as preformatted roff: backslashes doubled, lines starting with . or ' protected.
roff() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/" -e 's/^Usage: [^ ]*kitwatch/Usage: kitwatch/'; }

cat <<HEAD
.TH KITWATCH 1 "" "kitwatch $version" "User Commands"
.SH NAME
kitwatch \\- how much of a telecom network depends on high-risk suppliers, and is that within the rules
.SH SYNOPSIS
.B kitwatch
.I SUBCOMMAND
.RI [ OPTIONS ]
.SH DESCRIPTION
kitwatch measures the share of a network's elements, traffic and subscribers that depends on
designated (high-risk) suppliers, checks it against policy packs as of any date, shows what breaks
if a supplier is cut off, and whether the mitigations relied on can keep up. Unknown makers stay in
every denominator and are reported as their own share. The documents in
/usr/share/doc/kitwatch/docs (or docs/ of the source) describe every command and format.
.PP
.nf
HEAD
"$kitwatch" --help | sed '1,/^Usage:/d' | roff
echo ".fi"
echo ".SH COMMANDS"
for command in $("$kitwatch" --help | awk '/^Subcommands:/ {on = 1; next} on && NF {print $1}'); do
  echo ".SS $command"
  echo ".nf"
  "$kitwatch" "$command" --help | roff
  echo ".fi"
done
cat <<'TAIL'
.SH EXIT STATUS
0 on success; 1 when a gate found violations (check); 2 for a usage or input error, with its
location; 3 when rows were rejected, so a gate cannot pass (check); 4 for an internal error.
.SH SEE ALSO
The project's documentation: README.md and docs/ (cli.md, definitions.md, policy.md, server.md).
TAIL
mv "$out.tmp" "$out"
