#!/usr/bin/python3
"""Side-by-side check of `kitwatch topo` against NetworkX (and igraph when installed) on a network
written by ../shared/bench/national.py:

    /usr/bin/python3 bench/compare_topology.py DIR [--kitwatch build/src/kitwatch]

Needs Debian's python3-networkx (python3-igraph optional). Prints each figure from each tool with
its wall time: exposure share and exposed demands (per-hop ECMP), supplier loss (cut-off infra,
CPE, subscribers, disconnected demands), designated articulation points.
"""
import argparse, csv, json, subprocess, time
import networkx as nx

DESIGNATED = ("huawei", "zte")


def load(d):
    inv = {}
    with open(f"{d}/inventory.csv") as f:
        for r in csv.DictReader(f):
            inv[r["id"]] = (r["function"], any(m in r["vendor"].lower() for m in DESIGNATED), float(r["subscribers"]), r["uplink"])
    g = nx.Graph()
    with open(f"{d}/links.csv") as f:
        for r in csv.DictReader(f):
            g.add_edge(r["a"], r["b"], weight=float(r.get("cost") or 1))
    with open(f"{d}/demands.csv") as f:
        dem = [(r["src"], r["dst"], float(r["volume"])) for r in csv.DictReader(f)]
    return inv, g, dem


def exposure(inv, g, dem):
    exposed = total = 0.0
    n_exp = 0
    by_dst = {}
    for s, t, v in dem:
        by_dst.setdefault(t, []).append((s, v))
    for t, srcs in by_dst.items():
        dist = nx.single_source_dijkstra_path_length(g, t)
        p = {}
        for u in sorted(dist, key=dist.get):
            if inv[u][1]:
                p[u] = 1.0
            elif u == t:
                p[u] = 0.0
            else:
                hops = [w for w in g[u] if w in dist and g[u][w]["weight"] + dist[w] == dist[u]]
                p[u] = sum(p[w] for w in hops) / len(hops)
        for s, v in srcs:
            total += v
            exposed += v * p[s]
            n_exp += p[s] > 0
    return exposed / total, n_exp


def loss(inv, g, dem):
    removed = {u for u in g if inv[u][1]}
    h = g.subgraph([u for u in g if u not in removed])
    reach = set()
    for c in nx.connected_components(h):
        if any(inv[u][0] == "core" for u in c):
            reach |= c
    cut_infra = [u for u in h if u not in reach]
    dead = removed | set(cut_infra)
    cpe = [e for e, x in inv.items() if x[3] and not x[1] and x[3] in dead]
    subs = sum(inv[u][2] for u in cut_infra) + sum(inv[e][2] for e in cpe)
    comp = {u: i for i, c in enumerate(nx.connected_components(h)) for u in c}
    lost = sum(1 for s, t, _ in dem if s in removed or t in removed or comp[s] != comp[t])
    return len(cut_infra), len(cpe), subs, lost


def articulation(inv, g):
    full = g.copy()
    full.add_edges_from((e, x[3]) for e, x in inv.items() if x[3])
    return sum(1 for u in nx.articulation_points(full) if inv[u][1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--kitwatch", default="build/src/kitwatch")
    a = ap.parse_args()
    t0 = time.time()
    inv, g, dem = load(a.dir)
    print(f"networkx load {time.time() - t0:.1f} s")
    for name, fn in (("exposure (share, demands)", lambda: exposure(inv, g, dem)),
                     ("loss (infra, cpe, subscribers, demands)", lambda: loss(inv, g, dem)),
                     ("designated articulation points", lambda: articulation(inv, g))):
        t = time.time()
        print(f"networkx {name}: {fn()} in {time.time() - t:.1f} s")
    t = time.time()
    out = subprocess.run([a.kitwatch, "topo", f"{a.dir}/inventory.csv", "--links", f"{a.dir}/links.csv", "--demands",
                          f"{a.dir}/demands.csv", "--format", "json", "-q"], capture_output=True, text=True, check=True)
    j = json.loads(out.stdout)
    l = j["supplier_loss"][0]
    infra = sum(v["cut_off"]["count"] for k, v in l["by_function"].items() if k != "cpe")
    print(f"kitwatch ({time.time() - t:.1f} s incl. ingest): exposure {j['exposure']['groups'][0]['share']:.6f} "
          f"{j['exposure']['groups'][0]['exposed_demands']}; loss {infra:.0f} {l['by_function']['cpe']['cut_off']['count']:.0f} "
          f"{l['cut_off']['subscribers']:.0f} {l['demands_disconnected']}; "
          f"articulation {j['articulation']['designated_articulation_points']}")


if __name__ == "__main__":
    main()
