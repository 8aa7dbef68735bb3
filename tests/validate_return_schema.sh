#!/usr/bin/env bash
# Writes operator returns (`kitwatch return`) and validates them against the documented schema
# (docs/schema/kitwatch-return-1.schema.json) with Debian's python3-jsonschema: an unsigned return
# of the small example with its topology and a policy pack, and a signed, suppressed one.
# Usage: validate_return_schema.sh KITWATCH SOURCE_DIR
set -euo pipefail
kitwatch=$1 src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$kitwatch" return "$src/examples/small/inventory.csv" --operator small --as-of 2028-01-01 \
  --links "$src/examples/small/links.csv" --demands "$src/examples/small/demands.csv" \
  --policy uk-huawei-dvd -o "$out/small.return.json" --quiet
"$kitwatch" keygen --operator zte-2018 -o "$out/keys" >/dev/null
"$kitwatch" return "$src/examples/zte-2018/inventory.csv" --registry "$src/examples/zte-2018/registry.yaml" \
  --operator zte-2018 --as-of 2018-04-14 --min-cell 100 --sign "$out/keys/zte-2018.key" \
  -o "$out/zte.return.json" --quiet
/usr/bin/python3 - "$src/docs/schema/kitwatch-return-1.schema.json" "$out/small.return.json" "$out/zte.return.json" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
failed = False
for path in sys.argv[2:]:
    doc = json.load(open(path))
    for e in sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=lambda e: list(e.path)):
        print(f"{path}: schema violation at /{'/'.join(map(str, e.path))}: {e.message}")
        failed = True
zte = json.load(open(sys.argv[3]))
if not zte["suppressed"] or zte["integrity"]["signature"] is None:
    print("the zte-2018 return should have suppressed cells and a signature")
    failed = True
small = json.load(open(sys.argv[2]))
if small["topology"] is None or not small["rules"]:
    print("the small return should carry topology figures and rule results")
    failed = True
sys.exit(1 if failed else 0)
PY
echo "returns valid against docs/schema/kitwatch-return-1.schema.json"
