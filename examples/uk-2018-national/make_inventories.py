#!/usr/bin/env python3
"""Writes the four operators' inventories of the uk-2018-national example (albion.csv,
brigantia.csv, caledonia.csv, dumnonia.csv) into the folder given (default: this one).

Deterministic (no randomness): run it again and the files are the same. The operators are fictional;
every count, model, version, traffic and subscriber figure is an illustrative assumption, not a
fact about a real operator. README.md works the figures out by hand.
"""
import csv
import os
import sys

FIELDS = ["id", "site", "region", "function", "declared_vendor", "model", "software_version", "installed",
          "traffic", "subscribers", "tags"]


def block(rows, prefix, n, function, vendor, models, versions, traffic, subscribers, installed, regions, tags=""):
    """n elements; models cycle fastest, then versions, so every (model, version) pair appears."""
    for i in range(n):
        region = regions[i % len(regions)]
        rows.append({
            "id": f"{prefix}-{i + 1:04d}",
            "site": f"{prefix.upper()}-{region[:3].upper()}-{i % 25:02d}",
            "region": region,
            "function": function,
            "declared_vendor": vendor,
            "model": models[i % len(models)],
            "software_version": versions[(i // len(models)) % len(versions)],
            "installed": installed,
            "traffic": traffic,
            "subscribers": subscribers,
            "tags": tags,
        })


ENGLAND = ["London", "South East", "Midlands", "North"]
HUAWEI_ACCESS = ["MA5800-X17", "MA5608T", "SmartAX MA5616"]
ALBION_VERSIONS = ["V100R017C00", "V100R017C10", "V800R015C10", "V800R016C00"]

operators = {}

# Albion Telecom: national fixed network. Huawei access: 3 models x 4 versions = 12 builds.
rows = []
block(rows, "alb-core", 4, "core", "Cisco Systems", ["ASR 9906"], ["6.4.2"], 400, 0, "2016-05-01", ENGLAND)
block(rows, "alb-trn", 12, "transport", "Nokia", ["1830 PSS-32"], ["10.1"], 120, 0, "2015-09-01", ENGLAND)
block(rows, "alb-agg", 20, "aggregation", "Juniper Networks", ["MX480"], ["17.3R1"], 60, 0, "2016-02-01", ENGLAND)
block(rows, "alb-acc", 240, "access", "Huawei", HUAWEI_ACCESS, ALBION_VERSIONS, 8, 120, "2016-06-01", ENGLAND, "fttc")
block(rows, "alb-cpe", 1200, "cpe", "Sagemcom", ["F@st 5364"], ["1.2.4"], 0.02, 1, "2017-03-01", ENGLAND)
operators["albion"] = rows

# Brigantia Mobile: radio network. Huawei radio: 2 models x 2 versions = 4 builds.
rows = []
block(rows, "bri-core", 4, "core", "Cisco Systems", ["ASR 9906"], ["6.4.2"], 400, 0, "2016-05-01", ENGLAND)
block(rows, "bri-ran-e", 200, "ran", "Ericsson", ["RBS 6102"], ["L17A"], 5, 400, "2016-01-01", ENGLAND, "4g")
block(rows, "bri-ran-h", 120, "ran", "Huawei", ["BTS3900", "DBS3900"], ["V100R012C10", "V100R013C00"], 5, 400,
      "2016-01-01", ["North", "Midlands"], "4g")
operators["brigantia"] = rows

# Caledonia Networks: fixed network in Scotland. Huawei access: 2 models x 3 versions = 6 builds,
# 4 of which Albion runs too (V100R017C10 and V800R016C00 of the MA5800-X17 and the MA5608T).
rows = []
block(rows, "cal-core", 2, "core", "Juniper Networks", ["MX960"], ["17.3R1"], 300, 0, "2016-05-01", ["Scotland"])
block(rows, "cal-agg", 10, "aggregation", "Juniper Networks", ["MX480"], ["17.3R1"], 60, 0, "2016-02-01",
      ["Scotland"])
block(rows, "cal-acc", 90, "access", "Huawei", ["MA5800-X17", "MA5608T"], ["V100R017C10", "V800R016C00", "V800R018C00"],
      8, 120, "2017-01-01", ["Scotland"], "fttc")
block(rows, "cal-cpe", 600, "cpe", "Technicolor", ["TG589vac"], ["17.2"], 0.02, 1, "2017-03-01", ["Scotland"])
operators["caledonia"] = rows

# Dumnonia Broadband: the South West, no Chinese supplier (today). scenario.yaml proposes ZTE radio.
rows = []
block(rows, "dum-core", 2, "core", "Cisco Systems", ["ASR 9906"], ["6.4.2"], 400, 0, "2016-05-01", ["South West"])
block(rows, "dum-trn", 8, "transport", "Nokia", ["1830 PSS-32"], ["10.1"], 120, 0, "2015-09-01", ["South West"])
block(rows, "dum-acc", 200, "access", "Nokia", ["ISAM 7360 FX-8"], ["5.6"], 8, 120, "2016-06-01", ["South West"])
block(rows, "dum-ran", 300, "ran", "Ericsson", ["RBS 6102"], ["L17A"], 5, 400, "2016-01-01", ["South West"], "4g")
block(rows, "dum-cpe", 2000, "cpe", "AVM", ["FRITZ!Box 7490"], ["6.83"], 0.02, 1, "2017-03-01", ["South West"])
operators["dumnonia"] = rows

out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
for name, rows in operators.items():
    with open(os.path.join(out_dir, f"{name}.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
