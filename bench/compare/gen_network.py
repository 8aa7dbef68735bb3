#!/usr/bin/python3
"""Small deterministic operator network for bench/compare.sh when ../shared/bench/national.py is
not there (CI runs on a clean clone). Python standard library only.

    /usr/bin/python3 bench/compare/gen_network.py OUTDIR [--elements N] [--seed S]

Writes the same shape as the reference workload, so every implementation reads both:
inventory.csv (id,function,vendor,traffic,subscribers,uplink), links.csv (a,b,cost: integer costs
1-3, no parallel links or self-loops), demands.csv (src,dst,volume). About 1 in 20 elements is
infrastructure: a core full mesh; aggregation rings of 5 whose nodes 0 and 2 each link to two
cores; access/RAN rings of 4-10 nodes, every node dual-homed to two neighbouring aggregation
nodes, and about one node in 70 a spur on a single link to an earlier one (so that a supplier's
loss cuts something off); 1% random cross links. The rest are CPE hanging off access nodes by
`uplink`. Vendor strings are spelled several ways per maker; Huawei and ZTE are the designated
ones. About 1% of CPE carry a maker no registry knows and 0.5% no vendor at all, so unregistered
makers and the unknown share are exercised too.
Demands: up to 30 aggregation nodes to every core node.
"""
import argparse
import os
import random

VENDORS = {  # maker -> spellings (kitwatch resolves them through data/registry/entities.yaml aliases)
    "Huawei": ["Huawei Technologies Co., Ltd.", "HUAWEI", "Huawei Tech"],
    "ZTE": ["ZTE Corporation", "zte corp", "ZTE"],
    "Nokia": ["Nokia Networks", "NOKIA"],
    "Ericsson": ["Ericsson AB", "Telefonaktiebolaget LM Ericsson"],
    "Cisco": ["Cisco Systems, Inc.", "CISCO"],
    "Juniper": ["Juniper Networks", "juniper"],
    "Sagemcom": ["Sagemcom Broadband", "SAGEMCOM"],
    "AVM": ["AVM GmbH", "avm"],
    "Technicolor": ["Technicolor", "Technicolor Delivery Technologies"],
}
MIX = {
    "wired": {"Huawei": 10, "ZTE": 5, "Nokia": 25, "Ericsson": 15, "Cisco": 25, "Juniper": 20},
    "ran": {"Huawei": 12, "ZTE": 6, "Nokia": 41, "Ericsson": 41},
    "cpe": {"Huawei": 14, "ZTE": 11, "Sagemcom": 30, "AVM": 20, "Technicolor": 25},
}


def field(s):
    return f'"{s}"' if "," in s else s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--elements", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.elements < 1000:
        ap.error("--elements must be at least 1000")
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)

    ninfra = max(200, a.elements // 20)
    ncore = 4 + ninfra // 20000
    nagg = max(10, ninfra // 250 // 5 * 5)
    nedge = ninfra - ncore - nagg
    core = [f"core-{i:03d}" for i in range(ncore)]
    agg = [f"agg-{i:05d}" for i in range(nagg)]
    edge_fn = ["access" if rng.random() < 0.6 else "ran" for _ in range(nedge)]
    edge = [f"{'acc' if f == 'access' else 'ran'}-{i:06d}" for i, f in enumerate(edge_fn)]
    access = [e for e, f in zip(edge, edge_fn) if f == "access"]

    links = {}

    def link(u, v):
        if u != v:
            links.setdefault((min(u, v), max(u, v)), rng.choice((1, 1, 1, 2, 2, 3)))

    for i in range(ncore):
        for j in range(i + 1, ncore):
            link(core[i], core[j])
    for r in range(0, nagg, 5):
        ring = agg[r:r + 5]
        for i, u in enumerate(ring):
            link(u, ring[(i + 1) % len(ring)])
        c1, c2 = rng.sample(core, 2)
        for gw in (ring[0], ring[2]):
            link(gw, c1)
            link(gw, c2)
    i = 0
    while i < nedge:
        if i > 0 and rng.random() < 0.1:
            # a spur: one node on a single link, so losing its neighbour cuts it (and its CPE) off
            link(edge[i], edge[rng.randrange(i)])
            i += 1
            continue
        size = min(rng.randint(4, 10), nedge - i)
        ring = edge[i:i + size]
        h = rng.randrange(nagg)
        h1, h2 = agg[h], agg[h + 1 if (h + 1) % 5 else h - 4]  # two neighbours on one aggregation ring
        for k, u in enumerate(ring):
            link(u, ring[(k + 1) % size])
            link(u, h1)
            link(u, h2)
        i += size
    for _ in range(max(1, nedge // 100)):
        link(rng.choice(edge), rng.choice(edge))

    def vendor(kind):
        mix = MIX[kind]
        maker = rng.choices(list(mix), weights=list(mix.values()))[0]
        return field(rng.choice(VENDORS[maker]))

    with open(os.path.join(a.out, "inventory.csv"), "w") as f:
        f.write("id,function,vendor,traffic,subscribers,uplink\n")
        for u in core:
            f.write(f"{u},core,{vendor('wired')},{rng.uniform(2000, 20000):.3f},0,\n")
        for u in agg:
            f.write(f"{u},aggregation,{vendor('wired')},{rng.uniform(200, 2000):.3f},0,\n")
        for u, fn in zip(edge, edge_fn):
            if fn == "access":
                f.write(f"{u},access,{vendor('wired')},{rng.uniform(5, 200):.3f},0,\n")
            else:
                f.write(f"{u},ran,{vendor('ran')},{rng.uniform(10, 500):.3f},{rng.randint(100, 2000)},\n")
        for k in range(a.elements - ninfra):
            x = rng.random()
            v = "Generic OEM" if x < 0.01 else "" if x < 0.015 else vendor("cpe")
            f.write(f"cpe-{k:08d},cpe,{v},{rng.uniform(0.001, 2):.3f},1,{rng.choice(access)}\n")
    with open(os.path.join(a.out, "links.csv"), "w") as f:
        f.write("a,b,cost\n")
        f.writelines(f"{u},{v},{c}\n" for (u, v), c in sorted(links.items()))
    with open(os.path.join(a.out, "demands.csv"), "w") as f:
        f.write("src,dst,volume\n")
        for s in sorted(rng.sample(agg, min(30, nagg))):
            for t in core:
                f.write(f"{s},{t},{rng.randint(1, 1000)}\n")


if __name__ == "__main__":
    main()
