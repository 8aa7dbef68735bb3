#!/usr/bin/env python3
"""Writes inventory.csv for the zte-2018 example: a small, illustrative UK operator network in 2018.

Deterministic (no randomness): run it again and the file is the same. Every model, version, count,
traffic and subscriber figure here is an illustrative assumption, not a fact about a real operator.
"""
import csv
import sys

REGIONS = ["London", "South East", "Midlands", "North", "Scotland"]
rows = []


def add(prefix, n, function, vendor, models, versions, traffic, subscribers, installed, tags=""):
    for i in range(n):
        region = REGIONS[i % len(REGIONS)]
        rows.append({
            "id": f"{prefix}-{i + 1:04d}",
            "site": f"{region[:3].upper()}-{i % 40:03d}",
            "region": region,
            "function": function,
            "declared_vendor": vendor,
            "model": models[i % len(models)],
            "software_version": versions[(i // len(models)) % len(versions)] if versions else "",
            "installed": installed,
            "traffic": traffic,
            "subscribers": subscribers,
            "tags": tags,
        })


# Core and transport: non-Chinese suppliers.
add("core", 6, "core", "Cisco Systems", ["ASR 9906"], ["6.4.2"], 400, 0, "2016-05-01")
add("trn", 24, "transport", "Nokia", ["1830 PSS-32"], ["10.1"], 120, 0, "2015-09-01")
add("agg", 40, "aggregation", "Juniper Networks", ["MX480"], ["17.3R1"], 60, 0, "2016-02-01")
# Huawei in the access network (DSLAM/OLT): 3 models x 4 versions = 12 distinct builds.
add("acc", 360, "access", "Huawei", ["MA5800-X17", "MA5608T", "SmartAX MA5616"],
    ["V100R017C00", "V100R017C10", "V800R015C10", "V800R016C00"], 8, 120, "2016-06-01", "fttc")
# Radio: Ericsson, plus Huawei in one region (2 models x 1 version).
add("ran-e", 300, "ran", "Ericsson", ["RBS 6102"], ["L17A"], 5, 400, "2016-01-01", "4g")
add("ran-h", 80, "ran", "Huawei", ["BTS3900", "DBS3900"], ["V100R012C10"], 5, 400, "2016-01-01", "4g")
# BT-branded home routers made by ZTE (white label): the brand is BT, the model is ZTE's.
add("cpe-z", 1600, "cpe", "BT", ["ZXHN H298A"], ["V1.0.6", "V1.1.2"], 0.02, 1, "2017-03-01")
# BT-branded routers whose maker the inventory does not show: they stay unknown.
add("cpe-u", 400, "cpe", "BT", ["Home Hub 5"], ["4.7.5.1.83"], 0.02, 1, "2015-01-01")
add("mgmt", 4, "management", "Cisco Systems", ["UCS C240 M4"], ["3.0"], 1, 0, "2016-01-01")

writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0].keys()), lineterminator="\n")
writer.writeheader()
writer.writerows(rows)
