#!/usr/bin/python3
"""Generate a UK-shaped network inventory for the `kitwatch plan` benchmark (bench/plan/README.md).

Writes DIR/inventory.csv (the column layout of examples/small/inventory.csv) and DIR/links.csv
(a,b,cost,capacity). Standard library only; the same arguments give byte-identical files.

The network is shaped like one UK operator under the designated vendor direction for Huawei
(data/policies/uk-huawei-dvd.policy.yaml; the tags follow docs/policy.md "Tagging an inventory"):

  core sites       two core routers (a few Huawei NetEngine: uk-huawei-dvd R3), an optical
                   transport node tagged high-data-rate-transmission (R8), management at two of them
  metro sites      a pair of aggregation routers, dual-homed to two core sites and in a ring with
                   the region's other metro sites; an optical node (half tagged
                   high-data-rate-transmission); some pairs are Huawei, some tagged 5g (5G backhaul)
  exchange sites   one to three access nodes: OLTs (tagged fttp: R4) or FTTC MSANs, most dual-homed
                   to their metro pair; the CPE hang off them by `uplink`
  cell sites       RAN basebands (4g, 5g or both: R2, R5), behind a cell-site router when there is one
  sensitive sites  about 3% of exchange, cell and metro sites: their infrastructure is tagged
                   sensitive-site (R6)

Huawei's share is of the order UK operators reported before the direction: over 35% of the 5G
RAN and of the full-fibre access network (so the caps R4/R5 bind), a few core routers, about a
third of the optical transport. Most equipment is installed before 2023; new sites and new
customers (never Huawei in 5G or FTTP) arrive from 2023 to mid-2027.
"""

import argparse
import csv
import datetime
import os
import random
import sys

# Region, site-code prefix, weight (roughly by population).
REGIONS = [
    ("London", "LON", 13),
    ("South East", "SEA", 14),
    ("North West", "NWE", 11),
    ("East of England", "EEN", 9),
    ("West Midlands", "WMD", 9),
    ("South West", "SWE", 9),
    ("Yorkshire and the Humber", "YHU", 8),
    ("Scotland", "SCO", 8),
    ("East Midlands", "EMD", 7),
    ("Wales", "WAL", 5),
    ("North East", "NEA", 4),
    ("Northern Ireland", "NIR", 3),
]
# Where core sites go, in order (London twice).
CORE_REGIONS = ["London", "North West", "West Midlands", "Yorkshire and the Humber", "Scotland",
                "South West", "London", "South East", "East Midlands", "North East", "Wales",
                "East of England", "Northern Ireland"]

# Maker: declared spellings (as inventories write them), IEEE MA-L prefixes, serial prefix.
MAKERS = {
    "huawei": (["Huawei Technologies Co., Ltd.", "HUAWEI", "HUAWEI TECHNOLOGIES CO.,LTD", "Huawei Tech.",
                "huawei"], [0x30FBB8, 0x44D791, 0x8446FE], "2102"),
    "zte": (["ZTE Corporation", "ZTE", "zte corp", "zte corporation"], [0x086083, 0xE01954, 0x50AF4D], "ZTEG"),
    "nokia": (["Nokia", "NOKIA", "Nokia Solutions and Networks"], [0xAC8FA9, 0x2874F5, 0x405582], "NS"),
    "ericsson": (["Ericsson", "ERICSSON", "Ericsson AB", "LM Ericsson"], [0x549B72, 0x98C5DB, 0x74C99A], "CB"),
    "cisco": (["Cisco Systems", "CISCO", "cisco systems", "Cisco Systems, Inc."], [0xF4BD9E, 0x084FA9, 0x308BB2],
              "FOC"),
    "juniper": (["Juniper Networks, Inc.", "JUNIPER NETWORKS", "juniper"], [0x94F7AD, 0xE45D37, 0xCCE194], "JN"),
    "ciena": (["Ciena Corporation", "CIENA", "Ciena Corp."], [0x144E2A, 0xD0196A, 0x7487BB], "NNTM"),
    "samsung": (["Samsung Electronics Co., Ltd.", "SAMSUNG", "Samsung Networks"], [0xD0D003, 0x8C79F5, 0xD003DF],
                "SR"),
    "eci": (["ECI Telecom Ltd.", "ECI", "ECI Telecom"], [0xF854AF, 0x0016FA, 0x00208F], "EC"),
    "sagemcom": (["Sagemcom Broadband SAS", "SAGEMCOM", "Sagemcom"], [0xF8084F, 0x8020DA, 0x84A06E], "LK"),
    "avm": (["AVM GmbH", "AVM", "AVM Computersysteme Vertriebs GmbH"], [0xBC0543, 0x0024FE, 0xC02506], "AVM"),
    "technicolor": (["Technicolor", "TECHNICOLOR", "Technicolor Delivery Technologies SAS"],
                    [0x5C7695, 0x441C12, 0x70037E], "CP"),
}

# (maker, model, software versions, the maker may be left out: the registry's patterns know the model)
M = {
    "core": {
        "nokia": [("7750 SR-7", ["20.10.R4", "22.10.R2", "23.3.R1"], True), ("7950 XRS-20", ["21.10.R3", "22.10.R2"], True)],
        "cisco": [("ASR 9906", ["7.3.2", "7.5.2", "7.9.2"], True)],
        "juniper": [("PTX10008", ["21.4R3-S2", "22.4R1-S1"], True), ("MX960", ["20.4R3-S4", "21.4R3-S2"], True)],
        "huawei": [("NE40E-X16A", ["V800R011C10SPC200", "V800R012C10SPC300"], True),
                   ("NE5000E-X16A", ["V800R010C00SPC300", "V800R011C00SPC200"], True)],
    },
    "optical": {
        "ciena": [("6500", ["R13.2", "R14.0", "R15.0"], False), ("Waveserver 5", ["2.1.2", "3.0.1"], False)],
        "nokia": [("1830 PSS-32", ["R12.0", "R22.6"], False)],
        "eci": [("Apollo OPT9624", ["R11.1", "R12.0"], False)],
        "cisco": [("NCS 2006", ["11.1", "12.1"], True)],
        "huawei": [("OptiX OSN 8800", ["V100R011C10SPC200", "V100R019C10SPC300"], True),
                   ("OptiX OSN 1800", ["V100R010C00SPC300", "V100R019C10SPC200"], True)],
        "zte": [("ZXONE 9700", ["V3.10", "V4.00"], True)],
    },
    "aggregation": {
        "cisco": [("NCS 5501", ["6.6.3", "7.5.2", "7.8.1"], True), ("ASR 903", ["16.12.4", "17.3.4a"], True)],
        "juniper": [("MX480", ["20.4R3-S4", "21.4R3-S2", "22.2R2"], True), ("ACX7100-48L", ["21.4R3", "22.4R2"], True)],
        "nokia": [("7750 SR-1", ["21.10.R3", "22.10.R2"], True), ("7250 IXR-e", ["20.10.R4", "22.10.R2"], True)],
        "ericsson": [("Router 6675", ["IPOS 20.2", "IPOS 21.1.2"], True)],
        "huawei": [("NE40E-X8", ["V800R011C00SPC607", "V800R012C10SPC300", "V800R021C10SPC600"], True),
                   ("NE8000-X4", ["V800R013C00SPC200", "V800R021C10SPC600"], True),
                   ("CE12804", ["V200R005C10SPC800", "V200R019C10SPC800"], True)],
        "zte": [("ZXR10 M6000-8S", ["V5.00.10", "V5.00.20"], True)],
    },
    "olt": {
        "nokia": [("7360 ISAM FX-16", ["R6.2.04", "R6.5.02"], True)],
        "huawei": [("MA5800-X17", ["V100R019C10SPC208", "V100R021C00SPC100"], True),
                   ("MA5800-X7", ["V100R019C10SPC208", "V100R021C00SPC100"], True)],
        "zte": [("ZXA10 C300", ["V2.0.1P2", "V2.1.0"], True), ("ZXA10 C600", ["V1.1.0", "V1.2.1"], True)],
    },
    "msan": {
        "nokia": [("7330 ISAM FTTN", ["R5.8", "R6.2"], False)],
        "eci": [("Hi-FOCuS 5", ["V8.0.2", "V8.1.0"], False)],
        "huawei": [("MA5616", ["V800R313C00SPC200", "V800R318C00SPC100"], True)],
        "zte": [("ZXA10 C300", ["V2.0.1P2", "V2.1.0"], True)],
    },
    "csr": {
        "cisco": [("NCS 540", ["7.3.2", "7.8.1"], True)],
        "nokia": [("7250 IXR-e", ["20.10.R4", "22.10.R2"], True)],
        "ericsson": [("Router 6675", ["IPOS 20.2", "IPOS 21.1.2"], True)],
        "juniper": [("ACX710", ["21.4R3", "22.4R2"], True)],
        "huawei": [("ATN910C-B", ["V300R005C10SPC100", "V300R007C00SPC300"], True),
                   ("ATN 950C", ["V300R006C10SPC300", "V300R007C00SPC300"], True)],
        "zte": [("ZXCTN 6180H", ["V5.00.10", "V5.10.00"], True)],
    },
    "ran": {
        "ericsson": [("Baseband 6630", ["L21.Q4", "22.Q1", "23.Q2"], True), ("Baseband 6648", ["22.Q1", "23.Q2"], True)],
        "nokia": [("AirScale System Module", ["SRAN 21B", "SRAN 22R2"], False)],
        "samsung": [("Compact Macro", ["SVR21D", "SVR22B"], False)],
        "huawei": [("BBU5900", ["V100R016C10SPC230", "V100R017C10SPC220"], True),
                   ("BBU3910", ["V100R015C10SPC100", "V100R016C00SPC200"], True)],
        "zte": [("ZXSDR B8200", ["V4.15.10.20", "V4.20.50"], True)],
    },
    "management": {
        "cisco": [("Catalyst 9300", ["17.6.4", "17.9.3"], True)],
        "juniper": [("EX4300-48T", ["21.4R3-S4", "22.4R2"], False)],
    },
    "cpe-fttp": {
        "huawei": [("EchoLife HG8245H", ["V3R016C10S120", "V3R017C10S115"], True),
                   ("EchoLife EG8145V5", ["V5R019C00S100", "V5R020C00S115"], True)],
        "zte": [("ZXHN F660", ["V6.0.1P2T4", "V6.0.10P6T19"], True)],
        "avm": [("FRITZ!Box 5530 Fiber", ["7.31", "7.57"], True)],
        "sagemcom": [("F@st 5670", ["SG4Z10002116", "SG4Z10002256"], True)],
        "technicolor": [("DGA4134", ["20.3.c.0389", "20.4.0206"], True)],
    },
    "cpe-fttc": {
        "huawei": [("HG612", ["V100R001C01B030SP06", "V100R001C01B030SP09"], True)],
        "zte": [("ZXHN H298A", ["V1.1.5", "V1.2.0"], True)],
        "avm": [("FRITZ!Box 7590", ["7.29", "7.57", "8.00"], True)],
        "technicolor": [("TG789vac v2", ["17.2.0406", "17.2.0468"], True), ("DGA4134", ["20.3.c.0389", "20.4.0206"], True)],
        "sagemcom": [("F@st 5670", ["SG4Z10002116", "SG4Z10002256"], True)],
    },
}
# Operator-branded hubs (declared vendor "BT"; the MAC names the true maker, here Sagemcom).
BRANDED = {"cpe-fttp": ("Smart Hub 2", ["SG4B1000B540", "SG4B1A006100"]),
           "cpe-fttc": ("Home Hub 5", ["4.7.5.1.83.8.263", "4.7.5.1.83.8.340"])}

# Vendor mixes (weights). Installed before the plan.
MIX = {
    "core": [("nokia", 40), ("cisco", 35), ("juniper", 25)],
    "optical": [("ciena", 30), ("nokia", 22), ("huawei", 32), ("eci", 8), ("cisco", 5), ("zte", 3)],
    "aggregation": [("cisco", 32), ("nokia", 26), ("juniper", 22), ("ericsson", 5), ("huawei", 12), ("zte", 3)],
    "olt": [("huawei", 46), ("nokia", 44), ("zte", 10)],
    "msan": [("huawei", 35), ("eci", 35), ("nokia", 20), ("zte", 10)],
    "csr": [("cisco", 35), ("nokia", 30), ("ericsson", 20), ("juniper", 10), ("zte", 5)],
    "ran-5g": [("huawei", 50), ("ericsson", 32), ("nokia", 14), ("samsung", 6)],
    "ran-4g": [("huawei", 35), ("ericsson", 40), ("nokia", 20), ("zte", 5)],
    "management": [("cisco", 60), ("juniper", 40)],
    "cpe-fttp": [("huawei", 42), ("zte", 10), ("avm", 10), ("sagemcom", 13), ("technicolor", 8), ("bt", 17)],
    "cpe-fttc": [("huawei", 25), ("zte", 10), ("avm", 10), ("technicolor", 15), ("sagemcom", 15), ("bt", 25)],
}
# Installed during the plan (new sites, new customers): no Huawei in 5G or full fibre.
NEW_MIX = {
    "olt": [("nokia", 80), ("zte", 20)],
    "msan": [("nokia", 60), ("eci", 40)],
    "csr": [("cisco", 40), ("nokia", 40), ("ericsson", 20)],
    "ran-5g": [("ericsson", 60), ("nokia", 30), ("samsung", 10)],
    "ran-4g": [("ericsson", 60), ("nokia", 30), ("samsung", 10)],
    "cpe-fttp": [("zte", 15), ("avm", 20), ("sagemcom", 25), ("technicolor", 10), ("bt", 30)],
    "cpe-fttc": [("huawei", 12), ("zte", 10), ("avm", 15), ("technicolor", 18), ("sagemcom", 15), ("bt", 30)],
}

DESIGNATION = datetime.date(2022, 10, 13)  # before it: Huawei may be anywhere


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.rows = []
        self.links = []

    def pick(self, mix):
        makers, weights = zip(*mix)
        return self.r.choices(makers, weights)[0]

    def date_between(self, a, b):
        return a + datetime.timedelta(days=self.r.randrange((b - a).days + 1))

    def old_date(self, huawei):
        # Before the plan; Huawei equipment before the designation.
        end = DESIGNATION - datetime.timedelta(days=30) if huawei else datetime.date(2022, 12, 31)
        return self.date_between(datetime.date(2010, 1, 1), end)

    def new_date(self):
        return self.date_between(datetime.date(2023, 1, 1), datetime.date(2027, 6, 30))

    def mac(self, maker):
        r = self.r
        oui = r.choice(MAKERS[maker][1])
        nic = r.getrandbits(24)
        octets = [(oui >> 16) & 255, (oui >> 8) & 255, oui & 255, (nic >> 16) & 255, (nic >> 8) & 255, nic & 255]
        style = r.random()
        if maker == "cisco" and style < 0.7:
            h = "".join(f"{o:02x}" for o in octets)
            return f"{h[0:4]}.{h[4:8]}.{h[8:12]}"
        if style < 0.8:
            return ":".join(f"{o:02x}" for o in octets)
        if style < 0.92:
            return "-".join(f"{o:02X}" for o in octets)
        return "".join(f"{o:02x}" for o in octets)

    def add(self, name, site, region, function, kind, maker, installed, traffic, subscribers, uplink, tags,
            infra=True):
        """Appends one element; returns its id. maker 'bt' writes an operator-branded hub."""
        r = self.r
        eid = f"NE{len(self.rows):08d}"
        if maker == "bt":
            model, versions = BRANDED[kind]
            vendor, true_maker = "BT", "sagemcom"
        else:
            model, versions, pattern_known = r.choice(M[kind][maker])
            vendor = r.choice(MAKERS[maker][0])
            true_maker = maker
            if pattern_known and r.random() < 0.01:
                vendor = ""  # left out by the export: the model names the maker
        macs = self.mac(true_maker)
        if infra and r.random() < 0.3:
            macs += ";" + self.mac(true_maker)
        serial = f"{MAKERS[true_maker][2]}{installed.year % 100:02d}{r.getrandbits(40):010X}"
        self.rows.append([eid, name, site, region, function, vendor, model, r.choice(versions), macs, serial,
                          installed.isoformat(), f"{traffic:.3f}", str(subscribers), uplink, ";".join(tags)])
        return eid

    def link(self, a, b, cost, capacity):
        self.links.append((a, b, cost, capacity))


def split_counts(total, weights):
    """Largest-remainder split of total by weights."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[:total - sum(out)]:
        out[i] += 1
    return out


def generate(elements, sites, seed):
    if sites < 4:
        sys.exit("make_instance.py: --sites must be at least 4")
    g = Gen(seed)
    r = g.r
    n_core = max(2, min(len(CORE_REGIONS), round(sites * 0.004)))
    n_metro = max(1, round(sites * 0.07))
    n_exchange = max(1, round(sites * 0.38))
    n_cell = sites - n_core - n_metro - n_exchange
    if n_cell < 1:
        sys.exit("make_instance.py: --sites too small")
    regions = REGIONS[:min(len(REGIONS), n_metro)]
    counter = {name: 0 for name, _, _ in REGIONS}
    prefix = {name: p for name, p, _ in REGIONS}

    def new_site(region):
        counter[region] += 1
        return f"{prefix[region]}-{counter[region]:04d}"

    # --- core: two routers, an optical node, management at the first two; a full mesh.
    core_sites = []  # (site, region, [cr01, cr02], tx)
    core_routers = n_core * 2
    huawei_core = set(r.sample(range(core_routers), max(1, round(core_routers * 0.15))))
    k = 0
    for c in range(n_core):
        region = CORE_REGIONS[c]
        site = new_site(region)
        low = site.lower()
        crs = []
        for j in (1, 2):
            maker = "huawei" if k in huawei_core else g.pick(MIX["core"])
            k += 1
            crs.append(g.add(f"{low}-cr{j:02d}", site, region, "core", "core", maker, g.old_date(maker == "huawei"),
                             r.uniform(200, 600), 0, "", []))
        maker = g.pick(MIX["optical"])
        tx = g.add(f"{low}-tx01", site, region, "transport", "optical", maker, g.old_date(maker == "huawei"),
                   r.uniform(400, 1200), 0, crs[0], ["high-data-rate-transmission"])
        g.link(tx, crs[0], 1, 400)
        g.link(tx, crs[1], 1, 400)
        g.link(crs[0], crs[1], 1, 400)
        if c < 2:
            maker = g.pick(MIX["management"])
            mg = g.add(f"{low}-mg01", site, region, "management", "management", maker, g.old_date(False),
                       r.uniform(0.5, 2), 0, crs[0], [])
            g.link(mg, crs[0], 1, 10)
            g.link(mg, crs[1], 1, 10)
        core_sites.append((site, region, crs, tx))
    for a in range(n_core):
        for b in range(a + 1, n_core):
            for x in range(2):
                g.link(core_sites[a][2][x], core_sites[b][2][x], 1 + (a + b) % 2, 400)
        g.link(core_sites[a][3], core_sites[(a + 1) % n_core][3], 1, 400)  # optical ring

    core_of_region = {}
    for i, (_, region, _, _) in enumerate(core_sites):
        core_of_region.setdefault(region, i)

    # --- metro: an aggregation pair dual-homed to two core sites, a ring per region.
    sensitive_share = 0.03
    metro_by_region = {}
    # Every region has one metro site at least; the rest go by weight.
    for i, count in enumerate(split_counts(n_metro - len(regions), [w for _, _, w in regions])):
        region = regions[i][0]
        home = core_of_region.get(region, i % n_core)
        second = (home + 1) % n_core
        for _ in range(1 + count):
            site = new_site(region)
            low = site.lower()
            sensitive = r.random() < sensitive_share
            tags5 = ["5g"] if r.random() < 0.5 else []
            maker = "huawei" if r.random() < 0.12 else None  # Huawei pairs: both routers
            aggs = []
            for j in (1, 2):
                mk = maker or g.pick([m for m in MIX["aggregation"] if m[0] != "huawei"])
                tags = tags5 + (["sensitive-site"] if sensitive else [])
                aggs.append(g.add(f"{low}-agg{j:02d}", site, region, "aggregation", "aggregation", mk,
                                  g.old_date(mk == "huawei"), r.uniform(40, 160), 0,
                                  core_sites[home][2][j - 1], tags))
            g.link(aggs[0], core_sites[home][2][0], 1, 100)
            g.link(aggs[0], core_sites[second][2][1], 2, 100)
            g.link(aggs[1], core_sites[home][2][1], 1, 100)
            g.link(aggs[1], core_sites[second][2][0], 2, 100)
            g.link(aggs[0], aggs[1], 1, 100)
            mk = g.pick(MIX["optical"])
            tags = (["high-data-rate-transmission"] if r.random() < 0.5 else []) + \
                (["sensitive-site"] if sensitive else [])
            tx = g.add(f"{low}-tx01", site, region, "transport", "optical", mk, g.old_date(mk == "huawei"),
                       r.uniform(100, 400), 0, core_sites[home][3], tags)
            g.link(tx, core_sites[home][3], 1, 400)
            g.link(tx, aggs[0], 1, 100)
            g.link(tx, aggs[1], 1, 100)
            metro_by_region.setdefault(region, []).append((site, aggs))
    for region, ms in metro_by_region.items():
        if len(ms) > 2:
            for i in range(len(ms)):
                g.link(ms[i][1][1], ms[(i + 1) % len(ms)][1][0], 2, 100)
    region_names = [name for name, _, _ in regions]
    region_weights = [w for _, _, w in regions]

    # --- exchange and cell sites, each under a metro pair of its region.
    access_nodes = []  # (id, site, region, line, installed, new)
    edge = ["exchange"] * n_exchange + ["cell"] * n_cell
    r.shuffle(edge)
    for kind in edge:
        region = r.choices(region_names, region_weights)[0]
        site = new_site(region)
        low = site.lower()
        _, aggs = r.choice(metro_by_region[region])
        sensitive = r.random() < sensitive_share
        new = r.random() < 0.08  # built during the plan
        site_date = g.new_date() if new else None
        stags = ["sensitive-site"] if sensitive else []
        dual = r.random() < 0.85
        if kind == "exchange":
            for j in range(1, 1 + r.choices([1, 2, 3], [50, 35, 15])[0]):
                line = "fttp" if r.random() < 0.6 else "fttc"
                kindm = "olt" if line == "fttp" else "msan"
                mk = g.pick((NEW_MIX if new else MIX)[kindm])
                installed = site_date or g.old_date(mk == "huawei")
                tags = [line] + stags
                if mk == "huawei" and line == "fttp" and installed.year >= 2020 and r.random() < 0.2:
                    tags.append("sanctions-affected")
                a = g.add(f"{low}-acc{j:02d}", site, region, "access", kindm, mk, installed, 0.0, 0,
                          aggs[0], sorted(tags))
                g.link(a, aggs[0], 1, 10)
                if dual:
                    g.link(a, aggs[1], 1, 10)
                access_nodes.append([a, site, region, line, installed, new, len(g.rows) - 1])
        else:
            five = r.random() < (0.75 if new else 0.55)
            mix = (NEW_MIX if new else MIX)["ran-5g" if five else "ran-4g"]
            rmk = g.pick(mix)
            parent = aggs[0]
            if r.random() < 0.65:
                if rmk == "huawei" and r.random() < 0.7:
                    cmk = "huawei"
                else:
                    cmk = g.pick((NEW_MIX if new else MIX)["csr"])
                installed = site_date or g.old_date(cmk == "huawei")
                tags = sorted((["5g"] if five else []) + stags)
                csr = g.add(f"{low}-csr01", site, region, "transport", "csr", cmk, installed, r.uniform(1, 10), 0,
                            aggs[0], tags)
                g.link(csr, aggs[0], 1 + r.randrange(3), 10)
                if dual:
                    g.link(csr, aggs[1], 1 + r.randrange(3), 10)
                parent = csr
            for j in range(1, 1 + r.choices([1, 2], [60, 40])[0]):
                tags = (["4g", "5g"] if r.random() < 0.7 else ["5g"]) if five else ["4g"]
                installed = site_date or g.old_date(rmk == "huawei")
                e = g.add(f"{low}-ran{j:02d}", site, region, "ran", "ran", rmk, installed, r.uniform(0.3, 2.5),
                          r.randrange(300, 2500), parent, sorted(tags + stags))
                if parent == aggs[0]:
                    g.link(e, aggs[0], 1 + r.randrange(3), 10)
                    if dual:
                        g.link(e, aggs[1], 1 + r.randrange(3), 10)

    # --- CPE: the rest, hanging off the access nodes (more on OLTs), by uplink.
    n_cpe = elements - len(g.rows)
    if n_cpe < 0:
        sys.exit(f"make_instance.py: {sites} sites need at least {len(g.rows)} elements")
    weights = [r.uniform(0.5, 1.5) * (1.3 if n[3] == "fttp" else 1.0) for n in access_nodes]
    per_node = split_counts(n_cpe, weights)
    for node, count in zip(access_nodes, per_node):
        aid, site, region, line, node_date, node_new, row = node
        kind = "cpe-" + line
        subs = 0
        traffic = 0.0
        for _ in range(count):
            new = node_new or r.random() < 0.12  # new customers during the plan
            mk = g.pick((NEW_MIX if new else MIX)[kind])
            if new:
                installed = max(node_date, g.new_date())
            else:
                installed = max(node_date, g.old_date(mk == "huawei"))
                if mk == "huawei" and installed > DESIGNATION:  # a late OLT: its Huawei CPE came later
                    mk = "sagemcom"
            s = 1 + (r.random() < 0.15)
            t = r.uniform(0.002, 0.05)
            subs += s
            traffic += t
            g.add(f"cpe-{site[:3].lower()}{len(g.rows):08d}", site, region, "cpe", kind, mk, installed, t, s, aid,
                  [line], infra=False)
        g.rows[row][11] = f"{traffic:.3f}"
        g.rows[row][12] = str(subs)
    return g


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--elements", type=int, default=100000, help="elements in all (default 100000)")
    p.add_argument("--sites", type=int, default=2000, help="sites (default 2000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--out", required=True, help="folder to write inventory.csv and links.csv into")
    a = p.parse_args()
    g = generate(a.elements, a.sites, a.seed)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "inventory.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "site", "region", "function", "declared_vendor", "model", "software_version",
                    "macs", "serial", "installed", "traffic", "subscribers", "uplink", "tags"])
        w.writerows(g.rows)
    with open(os.path.join(a.out, "links.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "b", "cost", "capacity"])
        w.writerows(g.links)
    print(f"{a.out}: {len(g.rows)} elements, {len(g.links)} links", file=sys.stderr)


if __name__ == "__main__":
    main()
