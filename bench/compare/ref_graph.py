#!/usr/bin/python3
"""NetworkX / igraph reference for bench/compare.sh: one graph stage per process, so that
/usr/bin/time gives each stage's peak memory (each process loads the data first; the load is
timed apart in "steps").

    /usr/bin/python3 bench/compare/ref_graph.py DATA_DIR OUT.json --lib networkx|igraph --stage exposure|loss|articulation

Definitions are docs/definitions.md's ("Routing", "Exposed fraction", "Cut off"), on the structure
compare.sh's inputs have: infrastructure elements are the nodes of links.csv (undirected, integer
cost); every other element hangs off one of them by `uplink` (CPE off access nodes) and never
carries traffic.
  exposure      per-hop ECMP from each destination: p(u) = 1 on a designated node, else the mean of
                p over u's next hops v (cost(u,v) + dist(v,t) = dist(u,t)); demand s->t is exposed by
                volume * p(s); share = exposed volume / routed volume.
  loss          remove every designated element; an infrastructure node is cut off when its
                component in what remains holds no core node; a hanging element is cut off when its
                uplink is removed or cut off (removed elements are not counted); a demand is
                disconnected when an end is removed or its ends are in different components.
  articulation  designated articulation points of the graph of every element (links + uplinks).
Reading uses pandas for both libraries (the inventory is a 10M-row CSV at national scale).
"""
import argparse
import sys

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

from common import Clock, classify, read_inventory, write


def load(d):
    inv = read_inventory(d, ["id", "function", "vendor", "subscribers", "uplink"])
    inv["des"], _ = classify(inv["vendor"])
    links = pd.read_csv(f"{d}/links.csv", usecols=["a", "b", "cost"], dtype={"a": str, "b": str, "cost": float})
    dem = pd.read_csv(f"{d}/demands.csv", dtype={"src": str, "dst": str, "volume": float})
    hang = inv["uplink"] != ""
    infra, hanging = inv[~hang].reset_index(drop=True), inv[hang].reset_index(drop=True)
    # The reference handles the structure compare.sh generates; say so instead of miscounting.
    nodes = pd.Index(infra["id"])
    for what, col in (("link endpoint", links["a"]), ("link endpoint", links["b"]), ("uplink", hanging["uplink"]),
                      ("demand end", dem["src"]), ("demand end", dem["dst"])):
        bad = ~col.isin(nodes)
        if bad.any():
            sys.exit(f"ref_graph: {what} {col[bad].iloc[0]!r} is not an infrastructure element (no uplink); "
                     "this reference handles only CPE hanging directly off link nodes")
    return infra, hanging, links, dem


# ---------------------------------------------------------------- NetworkX, written as an analyst would
def nx_graph(infra, links):
    g = nx.Graph()
    g.add_nodes_from(infra["id"])
    g.add_weighted_edges_from(zip(links["a"], links["b"], links["cost"]))
    return g


def nx_exposure(infra, links, dem, clk):
    g = nx_graph(infra, links)
    des = dict(zip(infra["id"], infra["des"]))
    clk.lap("load + build graph")
    exposed = routed = 0.0
    n_exp = n_routed = 0
    for t, grp in dem.groupby("dst", sort=False):
        dist = nx.single_source_dijkstra_path_length(g, t)
        p = {}
        for u in sorted(dist, key=dist.get):
            if des[u]:
                p[u] = 1.0
            elif u == t:
                p[u] = 0.0
            else:
                hops = [w for w, e in g[u].items() if e["weight"] + dist[w] == dist[u]]
                p[u] = sum(p[w] for w in hops) / len(hops)
        for s, v in zip(grp["src"], grp["volume"]):
            if s in dist:
                routed += v
                exposed += v * p[s]
                n_exp += p[s] > 0
                n_routed += 1
    clk.lap("exposure")
    return {"share": exposed / routed if routed else 0.0, "exposed_demands": n_exp, "routed_demands": n_routed}


def nx_loss(infra, hanging, links, dem, clk):
    g = nx_graph(infra, links)
    clk.lap("load + build graph")
    fn = dict(zip(infra["id"], infra["function"]))
    removed = set(infra["id"][infra["des"].to_numpy()])
    h = g.subgraph(u for u in g if u not in removed)
    comp, reach = {}, set()
    for i, c in enumerate(nx.connected_components(h)):
        for u in c:
            comp[u] = i
        if any(fn[u] == "core" for u in c):
            reach |= c
    cut = [u for u in h if u not in reach]
    dead = removed | set(cut)
    cpe = hanging[~hanging["des"].to_numpy() & hanging["uplink"].isin(dead).to_numpy()]
    subs = float(infra.loc[infra["id"].isin(cut), "subscribers"].sum() + cpe["subscribers"].sum())
    lost = sum(1 for s, t in zip(dem["src"], dem["dst"]) if s in removed or t in removed or comp[s] != comp[t])
    clk.lap("loss")
    return {"cut_off_infra": len(cut), "cut_off_hanging": len(cpe), "cut_off_subscribers": subs,
            "demands_disconnected": lost}


def nx_articulation(infra, hanging, links, clk):
    g = nx_graph(infra, links)
    g.add_edges_from(zip(hanging["id"], hanging["uplink"]))
    des = set(infra["id"][infra["des"].to_numpy()]) | set(hanging["id"][hanging["des"].to_numpy()])
    clk.lap("load + build graph")
    n = sum(1 for u in nx.articulation_points(g) if u in des)
    clk.lap("articulation")
    return {"designated_articulation_points": n}


# ---------------------------------------------------------------- igraph (+ numpy for the per-node sums)
def ig_graph(infra, links, extra=0):
    idx = pd.Index(infra["id"])
    a, b = idx.get_indexer(links["a"]), idx.get_indexer(links["b"])
    g = ig.Graph(n=len(infra) + extra, edges=np.column_stack([a, b]).tolist())
    return g, idx, a, b


def ig_exposure(infra, links, dem, clk):
    g, idx, a, b = ig_graph(infra, links)
    g.es["w"] = links["cost"].tolist()
    des = infra["des"].to_numpy()
    c = links["cost"].to_numpy()
    U, V, C = np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([c, c])
    src, dst, vol = idx.get_indexer(dem["src"]), idx.get_indexer(dem["dst"]), dem["volume"].to_numpy()
    clk.lap("load + build graph")
    exposed = routed = 0.0
    n_exp = n_routed = 0
    for t in pd.unique(dst):
        d = np.asarray(g.distances(source=[int(t)], weights="w")[0], dtype=float)
        hop = np.isfinite(d[U]) & (C + d[V] == d[U])  # u -> v is a next hop towards t
        hu, hv = U[hop], V[hop]
        order = np.argsort(d[hu], kind="stable")
        hu, hv = hu[order], hv[order]
        p = des.astype(float)
        # next hops are strictly closer (costs > 0): fill p one distance level at a time
        levels, starts = np.unique(d[hu], return_index=True)
        ends = np.append(starts[1:], len(hu))
        for s0, s1 in zip(starts, ends):
            u = hu[s0:s1]
            nodes, inv = np.unique(u, return_inverse=True)
            mean = np.bincount(inv, weights=p[hv[s0:s1]]) / np.bincount(inv)
            p[nodes] = np.where(des[nodes], 1.0, mean)
        sel = dst == t
        ok = sel & np.isfinite(d[src])
        routed += vol[ok].sum()
        exposed += (vol[ok] * p[src[ok]]).sum()
        n_exp += int((p[src[ok]] > 0).sum())
        n_routed += int(ok.sum())
    clk.lap("exposure")
    return {"share": exposed / routed if routed else 0.0, "exposed_demands": n_exp, "routed_demands": n_routed}


def ig_loss(infra, hanging, links, dem, clk):
    g, idx, a, b = ig_graph(infra, links)
    clk.lap("load + build graph")
    des = infra["des"].to_numpy()
    keep = np.flatnonzero(~des)
    memb = np.full(len(infra), -1)
    memb[keep] = g.induced_subgraph(keep.tolist()).connected_components().membership
    core_comps = np.unique(memb[keep][(infra["function"].to_numpy()[keep] == "core")])
    cut = (~des) & ~np.isin(memb, core_comps)
    dead = des | cut
    up = idx.get_indexer(hanging["uplink"])
    cpe = (~hanging["des"].to_numpy()) & dead[up]
    subs = float(infra["subscribers"].to_numpy()[cut].sum() + hanging["subscribers"].to_numpy()[cpe].sum())
    s, t = idx.get_indexer(dem["src"]), idx.get_indexer(dem["dst"])
    lost = des[s] | des[t] | (memb[s] != memb[t])
    clk.lap("loss")
    return {"cut_off_infra": int(cut.sum()), "cut_off_hanging": int(cpe.sum()), "cut_off_subscribers": subs,
            "demands_disconnected": int(lost.sum())}


def ig_articulation(infra, hanging, links, clk):
    g, idx, a, b = ig_graph(infra, links, extra=len(hanging))
    up = idx.get_indexer(hanging["uplink"])
    g.add_edges(np.column_stack([np.arange(len(infra), len(infra) + len(hanging)), up]).tolist())
    des = np.concatenate([infra["des"].to_numpy(), hanging["des"].to_numpy()])
    clk.lap("load + build graph")
    ap = np.asarray(g.articulation_points(), dtype=np.int64)
    n = int(des[ap].sum()) if len(ap) else 0
    clk.lap("articulation")
    return {"designated_articulation_points": n}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--lib", choices=("networkx", "igraph"), required=True)
    ap.add_argument("--stage", choices=("exposure", "loss", "articulation"), required=True)
    a = ap.parse_args()
    clk = Clock()
    infra, hanging, links, dem = load(a.data)
    clk.lap("read inventory + links + demands")
    nx_ = a.lib == "networkx"
    if a.stage == "exposure":
        r = (nx_exposure if nx_ else ig_exposure)(infra, links, dem, clk)
    elif a.stage == "loss":
        r = (nx_loss if nx_ else ig_loss)(infra, hanging, links, dem, clk)
    else:
        r = (nx_articulation if nx_ else ig_articulation)(infra, hanging, links, clk)
    write(a.out, {"tool": a.lib, "stage": a.stage, a.stage: r, "steps": clk.steps})


if __name__ == "__main__":
    main()
