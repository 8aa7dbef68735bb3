"""Shared by the pandas, NetworkX and igraph reference implementations of bench/compare.sh.

Designation rule (the same as kitwatch's registry gives for these inputs, see makers.csv and
bench/README.md): the maker of an element is looked up from the first alphanumeric word of its
lower-cased vendor string in makers.csv; the element is designated when that maker is Huawei or ZTE
(both on every designation list kitwatch ships that names a maker in this data, active on the
as-of date compare.sh passes). An element with no vendor string is "unknown": it stays in the
denominator, as kitwatch's unresolved elements do. A vendor string whose word is not in the table is
a maker that is on no list (kitwatch keeps it as an "unregistered" maker, docs/resolution.md), so
it is neither designated nor unknown.
"""
import json
import os
import sys
import time

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = r"([a-z0-9]+)"


def makers():
    """token -> designated (bool), from makers.csv."""
    m = pd.read_csv(os.path.join(HERE, "makers.csv"), dtype=str)
    return dict(zip(m.token, m.designated == "1"))


def classify(vendor):
    """vendor: a Series (category dtype is fastest: the rule runs once per distinct string).
    Returns (designated bool Series, unknown bool Series)."""
    des = makers()
    if isinstance(vendor.dtype, pd.CategoricalDtype):
        cats = pd.Series(vendor.cat.categories)
        tok = cats.str.lower().str.extract(TOKEN, expand=False)
        d = tok.map(des).fillna(False).astype(bool).to_numpy()
        codes = vendor.cat.codes.to_numpy()
        # code -1 is an empty vendor string: unknown, not designated
        return pd.Series(d[codes] & (codes >= 0), index=vendor.index), pd.Series(codes < 0, index=vendor.index)
    tok = vendor.fillna("").str.lower().str.extract(TOKEN, expand=False)
    return tok.map(des).fillna(False).astype(bool), vendor.fillna("").str.strip() == ""


def read_inventory(d, columns):
    dtypes = {"id": str, "function": "category", "vendor": "category", "traffic": float, "subscribers": float,
              "uplink": str}
    return pd.read_csv(os.path.join(d, "inventory.csv"), usecols=columns,
                       dtype={c: dtypes[c] for c in columns}, keep_default_na=False, na_values={"vendor": [""]})


def write(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)


class Clock:
    """Wall time of named steps inside one process (the process itself is timed by /usr/bin/time)."""

    def __init__(self):
        self.t = time.perf_counter()
        self.steps = {}

    def lap(self, name):
        now = time.perf_counter()
        self.steps[name] = round(now - self.t, 3)
        self.t = now
        print(f"  {name}: {self.steps[name]:.2f} s", file=sys.stderr)
