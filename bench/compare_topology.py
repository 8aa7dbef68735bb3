#!/usr/bin/python3
"""Topology half of bench/compare.sh, kept under its old name (docs/topology.md points here):
`kitwatch topo` against NetworkX and igraph on a folder written by ../shared/bench/national.py or
bench/compare/gen_network.py, with the result check and the time table.

    /usr/bin/python3 bench/compare_topology.py DIR [--kitwatch build/src/kitwatch]

The implementations are bench/compare/ref_graph.py; this only runs
`bench/compare.sh --data DIR --skip pandas,duckdb`.
"""
import argparse
import os
import sys

ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ap.add_argument("dir")
ap.add_argument("--kitwatch", default="build/src/kitwatch")
a = ap.parse_args()
script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "compare.sh")
sys.stdout.flush()
os.execv(script, [script, "--data", a.dir, "--kitwatch", a.kitwatch, "--skip", "pandas,duckdb"])
