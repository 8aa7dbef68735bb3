#!/usr/bin/env python3
"""Every CSV kitwatch writes reads back with Python's csv module: each row has its header's
column count, and element ids holding a comma, a quote or a formula start come back whole.

Usage: check_csv_outputs.py KITWATCH CASE_DIR WORK_DIR
The ids in CASE_DIR/inventory.csv were chosen to need quoting ("core,1", 'q"x') and the
spreadsheet formula guard ("=1+1", "@agg": written with a leading ' so a spreadsheet shows
them as text; docs/report.md). A reader that strips that one guard quote gets the id back.
"""
import csv
import os
import subprocess
import sys


def run(kitwatch, *args):
    done = subprocess.run([kitwatch, *args], capture_output=True, text=True)
    if done.returncode not in (0, 1):  # check exits 1 on violations
        sys.exit(f"kitwatch {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}")


def unguard(cell):
    """The cell as the id it names: the formula guard and a subject prefix removed."""
    if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        cell = cell[1:]
    for prefix in ("element:",):
        if cell.startswith(prefix):
            cell = cell[len(prefix):]
    return cell


def read_table(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        sys.exit(f"{path}: empty")
    width = len(rows[0])
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            sys.exit(f"{path}:{number}: {len(row)} columns, the header has {width}: {row}")
    for row in rows:
        for cell in row:
            if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not is_number(cell)):
                sys.exit(f"{path}: the cell {cell!r} would run as a spreadsheet formula")
    return rows


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def ids_in(rows):
    return {unguard(cell) for row in rows[1:] for cell in row}


def expect_ids(path, rows, wanted):
    found = ids_in(rows)
    missing = [i for i in wanted if i not in found]
    if missing:
        sys.exit(f"{path}: ids {missing} do not read back (cells: {sorted(found)[:40]})")


def main():
    kitwatch, case, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    inv, links, demands = (os.path.join(case, n) for n in ("inventory.csv", "links.csv", "demands.csv"))
    common = ["--as-of", "2028-01-01", "--quiet"]
    assess_dir = os.path.join(work, "assess")
    run(kitwatch, "assess", inv, "--links", links, "--demands", demands, "--policy", "uk-huawei-dvd",
        "--format", "csv", "-o", assess_dir, *common)
    topo_csv, check_csv = os.path.join(work, "topology.csv"), os.path.join(work, "check.csv")
    run(kitwatch, "topo", inv, "--links", links, "--demands", demands, "--format", "csv", "-o", topo_csv, *common)
    run(kitwatch, "check", inv, "--policy", "uk-huawei-dvd", "--format", "csv", "-o", check_csv, *common)

    tables = sorted(os.path.join(assess_dir, n) for n in os.listdir(assess_dir) if n.endswith(".csv"))
    if not tables:
        sys.exit(f"{assess_dir}: no CSV tables")
    everything = set()
    for path in tables:
        everything |= ids_in(read_table(path))
    # The designated core elements are in the violations of R1 (no Huawei in the core).
    expect_ids(assess_dir + "/*.csv", [[]] + [[i] for i in everything], ["core,1", "=1+1"])
    expect_ids(check_csv, read_table(check_csv), ["core,1", "=1+1"])
    # Topology: the designated nodes, with their transit volume; the demands' endpoints.
    expect_ids(topo_csv, read_table(topo_csv), ["core,1", "=1+1", "@agg"])
    print(f"ok: {len(tables) + 2} CSV files read back with the right column counts and ids")


if __name__ == "__main__":
    main()
