#!/usr/bin/env bash
# Runs kitwatch assess --format json on an inventory and validates the report against the
# documented schema (docs/schema/assess.schema.json) with Debian's python3-jsonschema.
# Usage: validate_json_schema.sh KITWATCH SOURCE_DIR INVENTORY [extra assess args...]
set -euo pipefail
kitwatch=$1 src=$2 inventory=$3
shift 3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$kitwatch" assess "$inventory" --format json -o "$out/report.json" --quiet "$@"
/usr/bin/python3 - "$out/report.json" "$src/docs/schema/assess.schema.json" <<'PY'
import json, sys
import jsonschema
report = json.load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(report), key=lambda e: list(e.path))
for e in errors:
    print(f"schema violation at /{'/'.join(map(str, e.path))}: {e.message}")
sys.exit(1 if errors else 0)
PY
echo "report valid against docs/schema/assess.schema.json"
