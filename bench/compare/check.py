#!/usr/bin/python3
"""Second half of bench/compare.sh: checks that kitwatch and every reference agree, then prints the
time and memory table with the ratios. Exit 1 when any figure disagrees.

    /usr/bin/python3 bench/compare/check.py RUNS.tsv

RUNS.tsv has one line per measured process: tool, stage, wall seconds, peak RSS KiB, result JSON,
stderr file (kitwatch's --timings line is read from there).

Tolerances: element counts, subscriber sums (whole numbers), exposed/routed/disconnected demands,
cut-off counts and articulation points must be equal; traffic sums agree to a relative 1e-9 (float
sums in a different order); the exposure share to an absolute 1e-9.
"""
import json
import re
import sys

MEASURES = ("count", "traffic", "subscribers")
PARTS = ("total", "designated", "unknown")


def kitwatch_shares(j):
    zero = {m: 0.0 for m in MEASURES}
    out = {"all": {p: j["total"].get(p, zero) for p in PARTS}}
    for f in j["by_function"]:
        out[f["function"]] = {p: f.get(p, zero) for p in PARTS}
    return out


def kitwatch_topo(j):
    g = next(x for x in j["exposure"]["groups"] if x["group"] == "designated")
    loss = next(x for x in j["supplier_loss"] if x["scenario"] == "designated")
    hanging = loss["by_function"]["cpe"]["cut_off"]["count"]
    return {
        "exposure": {"share": g["share"], "exposed_demands": g["exposed_demands"],
                     "routed_demands": j["exposure"]["routed_demands"]},
        "loss": {"cut_off_infra": loss["cut_off"]["count"] - hanging, "cut_off_hanging": hanging,
                 "cut_off_subscribers": loss["cut_off"]["subscribers"],
                 "demands_disconnected": loss["demands_disconnected"]},
        "articulation": {"designated_articulation_points": j["articulation"]["designated_articulation_points"]},
    }


def same(key, a, b):
    if key in ("traffic",):
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
    if key == "share":
        return abs(a - b) <= 1e-9
    return a == b  # counts, whole-number sums


def kitwatch_peak_mib(path):
    """kitwatch's own peak RSS from its --timings line: the kernel's high-water mark, the same
    figure /usr/bin/time reports (kept as a cross-check; both are taken, the higher is shown)."""
    try:
        m = re.search(r"peak RSS ([0-9.]+) MB", open(path).read())
    except OSError:
        return 0.0
    return float(m.group(1)) * 1e6 / 2**20 if m else 0.0


def timings(path):
    """kitwatch --timings: 'timings: read 0.134 s 17 MB, resolve 0.012 s 16 MB, ...'"""
    try:
        text = open(path).read()
    except OSError:
        return {}
    line = next((l for l in text.splitlines() if l.startswith("timings:")), "")
    return {k: float(v) for k, v in re.findall(r"([a-z][a-z ]*?) ([0-9.]+) s [0-9.]+ MB", line)}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    runs = []
    for line in open(sys.argv[1]):
        tool, stage, wall, rss, out, err = line.rstrip("\n").split("\t")
        runs.append({"tool": tool, "stage": stage, "wall": float(wall), "rss": int(rss) / 1024, "json": json.load(open(out)),
                     "err": err})
    for r in runs:
        if r["tool"] == "kitwatch":
            r["rss"] = max(r["rss"], kitwatch_peak_mib(r["err"]))
    kw_assess = next(r for r in runs if r["tool"] == "kitwatch" and r["stage"] == "shares")
    kw_topo = next((r for r in runs if r["tool"] == "kitwatch" and r["stage"] == "topo"), None)
    want_shares = kitwatch_shares(kw_assess["json"])
    want_topo = kitwatch_topo(kw_topo["json"]) if kw_topo else {}

    bad, checked = [], 0
    for r in runs:
        if r["tool"] == "kitwatch":
            continue
        j = r["json"]
        if r["stage"] == "shares":
            got = j["shares"]
            for f in sorted(set(got) | set(want_shares)):
                for p in PARTS:
                    for m in MEASURES:
                        a = want_shares.get(f, {}).get(p, {}).get(m, 0.0)
                        b = got.get(f, {}).get(p, {}).get(m, 0.0)
                        checked += 1
                        if not same(m, a, b):
                            bad.append(f"{r['tool']}: {f} {p} {m}: kitwatch {a!r}, {r['tool']} {b!r}")
        else:
            for k, a in want_topo[r["stage"]].items():
                b = j[r["stage"]][k]
                checked += 1
                if not same(k, a, b):
                    bad.append(f"{r['tool']}: {r['stage']} {k}: kitwatch {a!r}, {r['tool']} {b!r}")

    s = want_shares["all"]
    print("kitwatch figures (all references must give the same):")
    print("  designated share of all elements: " + ", ".join(
        f"{s['designated'][m] / s['total'][m]:.6f} by {m}" if s["total"][m] else f"- by {m}" for m in MEASURES)
        + f"; unknown {s['unknown']['count']:.0f} elements")
    if want_topo:
        e, l = want_topo["exposure"], want_topo["loss"]
        print(f"  exposure share {e['share']:.6f} ({e['exposed_demands']} of {e['routed_demands']} routed demands exposed)")
        print(f"  supplier loss: cut off {l['cut_off_infra']:.0f} infrastructure, {l['cut_off_hanging']:.0f} CPE "
              f"({l['cut_off_subscribers']:.0f} subscribers), {l['demands_disconnected']} demands disconnected")
        print(f"  designated articulation points {want_topo['articulation']['designated_articulation_points']}")
    if bad:
        print(f"\nDISAGREEMENT ({len(bad)} of {checked} figures):")
        for b in bad:
            print("  " + b)
    else:
        print(f"\nall {checked} figures agree (counts exact, traffic to 1e-9 relative, exposure share to 1e-9)")

    print("\n| tool | stage | wall s | peak RSS MiB | inside the process (s) |")
    print("|---|---|---|---|---|")
    for r in runs:
        if r["tool"] == "kitwatch":
            inner = ", ".join(f"{k} {v:.2f}" for k, v in timings(r["err"]).items() if k != "total")
        else:
            inner = ", ".join(f"{k} {v:.2f}" for k, v in r["json"].get("steps", {}).items())
        print(f"| {r['tool']} | {r['stage']} | {r['wall']:.2f} | {r['rss']:.0f} | {inner} |")

    print("\nratios (other tool / kitwatch; above 1 = kitwatch faster or smaller):")
    for r in runs:
        if r["tool"] != "kitwatch" and r["stage"] == "shares":
            print(f"  shares, {r['tool']}: wall {r['wall'] / kw_assess['wall']:.1f}x, peak RSS "
                  f"{r['rss'] / kw_assess['rss']:.1f}x (whole processes: read + map + aggregate vs kitwatch assess)")
    if kw_topo:
        kt = timings(kw_topo["err"])
        for lib in ("networkx", "igraph"):
            st = {r["stage"]: r for r in runs if r["tool"] == lib}
            if not st:
                continue
            for stage in ("exposure", "loss", "articulation"):
                if stage in st and kt.get(stage):
                    print(f"  {stage}, {lib}: {st[stage]['json']['steps'][stage] / max(kt[stage], 1e-3):.0f}x "
                          f"(the stage alone: {st[stage]['json']['steps'][stage]:.2f} s vs {kt[stage]:.3f} s)")
            # one job doing everything: read once, then build the graph and run each stage (the
            # articulation graph is another one: it has the CPE too)
            first = next(iter(st.values()))["json"]["steps"]
            job = sum(v for k, v in first.items() if k.startswith("read"))
            job += sum(v for r in st.values() for k, v in r["json"]["steps"].items() if not k.startswith("read"))
            rss = max(r["rss"] for r in st.values())
            print(f"  whole graph job, {lib}: {job:.1f} s vs kitwatch topo {kw_topo['wall']:.2f} s = "
                  f"{job / kw_topo['wall']:.1f}x; peak RSS {rss:.0f} vs {kw_topo['rss']:.0f} MiB = {rss / kw_topo['rss']:.1f}x")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
