#!/usr/bin/env python3
"""Independent check of the uk-huawei-dvd pack on examples/small (no kitwatch code involved).

An element counts as Huawei-made when its declared vendor names Huawei, or its model is a Huawei
product line (EchoLife, MA5800, BBU, ATN, OptiX, NE/CE series), or a MAC prefix is assigned to
Huawei in Debian's IEEE registry (/usr/share/ieee-data/oui.csv); "BT" is a brand, not a maker.
The network as of a date holds the elements installed on or before it.
Usage: verify_uk_small.py INVENTORY.csv [OUI.csv]
"""
import csv
import datetime as dt
import re
import sys

inv = sys.argv[1]
oui_path = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/ieee-data/oui.csv"
oui = {r["Assignment"].upper(): r["Organization Name"] for r in csv.DictReader(open(oui_path))}
HUAWEI_MODEL = re.compile(r"^(echolife|ma5[68]\d\d|bbu\d+|atn\s?\d+|optix|ne\d+|ce\d+)", re.I)


def huawei(r):
    if "huawei" in r["declared_vendor"].lower():
        return True
    if HUAWEI_MODEL.match(r["model"]):
        return True
    for mac in filter(None, r["macs"].split(";")):
        h = re.sub(r"[^0-9A-Fa-f]", "", mac).upper()
        if "HUAWEI" in oui.get(h[:6], "").upper():
            return True
    return False


rows = list(csv.DictReader(open(inv)))
for as_of in ["2023-01-01", "2024-01-01", "2028-01-01"]:
    present = [r for r in rows if not r["installed"] or r["installed"] <= as_of]
    tags = lambda r: set(filter(None, r["tags"].split(";")))
    five = [r for r in present if "5g" in tags(r)]
    hw5 = [r for r in five if huawei(r)]
    r1 = [r["id"] for r in hw5 if r["installed"] and r["installed"] >= "2022-10-13"]
    core = [r for r in present if r["function"] == "core"]
    fttp = [r for r in present if "fttp" in tags(r) and r["function"] != "core"]
    five_nc = [r for r in five if r["function"] != "core"]
    mgmt = [r for r in present if r["function"] == "management" or "managed-service" in tags(r)]
    sens = [r for r in present if "sensitive-site" in tags(r)]
    print(f"as of {as_of}: {len(rows) - len(present)} installed later")
    print(f"  R1 no_new 5g since 2022-10-13: {len(r1)} {r1}")
    print(f"  R2 5g Huawei remaining: {len(hw5)} of {len(five)} 5g elements")
    print(f"  R3 core Huawei: {sum(map(huawei, core))} of {len(core)}")
    h4 = sum(map(huawei, fttp))
    print(f"  R4 fttp non-core share: {h4}/{len(fttp)} = {100 * h4 / len(fttp):.2f}%")
    h5 = sum(map(huawei, five_nc))
    print(f"  R5 5g non-core share: {h5}/{len(five_nc)} = {100 * h5 / len(five_nc):.2f}%")
    print(f"  R6 sensitive-site Huawei: {sum(map(huawei, sens))} of {len(sens)}")
    print(f"  R9 management Huawei: {sum(map(huawei, mgmt))} of {len(mgmt)}")
