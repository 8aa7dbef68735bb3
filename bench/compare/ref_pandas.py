#!/usr/bin/python3
"""pandas reference for bench/compare.sh: designated and unknown count/traffic/subscribers per
function and overall (read the inventory, map vendor strings to makers, aggregate).

    /usr/bin/python3 bench/compare/ref_pandas.py DATA_DIR OUT.json
"""
import argparse

from common import Clock, classify, read_inventory, write

MEASURES = ("count", "traffic", "subscribers")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data")
    ap.add_argument("out")
    a = ap.parse_args()
    clk = Clock()
    inv = read_inventory(a.data, ["function", "vendor", "traffic", "subscribers"])
    clk.lap("read")
    des, unk = classify(inv["vendor"])
    inv["count"] = 1.0
    clk.lap("map vendors")
    fn = inv["function"].astype(str)
    out = {}
    for part, mask in (("total", None), ("designated", des), ("unknown", unk)):
        x = inv if mask is None else inv[mask.to_numpy()]
        g = x.groupby(fn[x.index], sort=False)[list(MEASURES)].sum()
        for f, row in g.iterrows():
            out.setdefault(f, {})[part] = {m: float(row[m]) for m in MEASURES}
        out.setdefault("all", {})[part] = {m: float(x[m].sum()) for m in MEASURES}
    clk.lap("aggregate")
    write(a.out, {"tool": "pandas", "shares": out, "steps": clk.steps})


if __name__ == "__main__":
    main()
