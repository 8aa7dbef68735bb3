#!/usr/bin/env bash
# Runs kitwatch plan --format json on an inventory and validates the report against the
# documented schema (docs/schema/plan.schema.json) with Debian's python3-jsonschema.
# Usage: validate_plan_schema.sh [--expect-infeasible] KITWATCH SOURCE_DIR INVENTORY [extra plan args...]
# kitwatch plan exits 1 when no plan meets every requirement: with --expect-infeasible that exit
# (and only that one) is expected and the report must say "infeasible"; without it, exit 0 is.
set -euo pipefail
expect=0
if [[ ${1:-} == --expect-infeasible ]]; then
  expect=1
  shift
fi
if (($# < 3)); then
  echo "usage: $0 [--expect-infeasible] KITWATCH SOURCE_DIR INVENTORY [extra plan args...]" >&2
  exit 2
fi
kitwatch=$1 src=$2 inventory=$3
shift 3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
rc=0
"$kitwatch" plan "$inventory" --format json -o "$out/plan.json" --quiet "$@" || rc=$?
if ((rc != expect)); then
  echo "kitwatch plan exited $rc, expected $expect" >&2
  exit 1
fi
/usr/bin/python3 - "$out/plan.json" "$src/docs/schema/plan.schema.json" "$expect" <<'PY'
import json, sys
import jsonschema
report = json.load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
expect_infeasible = sys.argv[3] == "1"
jsonschema.Draft202012Validator.check_schema(schema)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(report), key=lambda e: list(e.path))
for e in errors:
    print(f"schema violation at /{'/'.join(map(str, e.path))}: {e.message}")
if (report.get("status") == "infeasible") != expect_infeasible:
    print(f"status is {report.get('status')!r}, expected {'infeasible' if expect_infeasible else 'a plan'}")
    errors.append(None)
sys.exit(1 if errors else 0)
PY
echo "plan report valid against docs/schema/plan.schema.json"
