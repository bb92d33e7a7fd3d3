"""Throughput of the RDF export: to_rdf + Turtle serialisation, on the gold records repeated N times.

Each copy gets its own source names and its own province ("Thanh Hóa 3" ...), so its plans,
agencies and mandates are new nodes while the national documents they cite are shared, as
when many provinces implement the same resolutions.

    .venv/bin/python bench/bench_rdf.py --copies 50
"""
from __future__ import annotations

import argparse
import copy
import time
from pathlib import Path

from graphbuild.graph import build_graph, load_records, record_jurisdiction
from graphbuild.model import Record
from graphbuild.rdf import serialize, to_rdf

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold"


def replicate(records: list[Record], copies: int) -> list[Record]:
    """`copies` copies of the corpus, each in a province of its own."""
    out = []
    for i in range(copies):
        for rec in records:
            r = copy.deepcopy(rec)
            if i:
                province = record_jurisdiction(rec)
                r.source = f"copy{i:04d}_{rec.source}"
                r.document.jurisdiction = f"{province} {i}"
                if r.document.issuer and r.document.issuer.endswith(province):
                    r.document.issuer = f"{r.document.issuer} {i}"
            out.append(r)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="times to repeat the gold corpus")
    parser.add_argument("--records", type=Path, default=GOLD, help="record folder")
    args = parser.parse_args()

    start = time.perf_counter()
    records = replicate(load_records(args.records), args.copies)
    t0 = time.perf_counter()
    G = build_graph(records)
    t1 = time.perf_counter()
    g = to_rdf(G)
    t2 = time.perf_counter()
    turtle = serialize(g, "turtle")
    t3 = time.perf_counter()
    ntriples = serialize(g, "nt")
    t4 = time.perf_counter()

    triples = len(g)
    export = t3 - t1
    print(f"records           {len(records):>10,}")
    print(f"nodes             {G.number_of_nodes():>10,}")
    print(f"edges             {G.number_of_edges():>10,}")
    print(f"triples           {triples:>10,}")
    print(f"build_graph       {t1 - t0:>10.2f} s")
    print(f"to_rdf            {t2 - t1:>10.2f} s")
    print(f"turtle            {t3 - t2:>10.2f} s  ({len(turtle) / 1e6:.1f} MB)")
    print(f"n-triples         {t4 - t3:>10.2f} s  ({len(ntriples) / 1e6:.1f} MB)")
    print(f"export triples/s  {triples / export:>10,.0f}  (to_rdf + turtle)")
    print(f"wall time         {time.perf_counter() - start:>10.2f} s")


if __name__ == "__main__":
    main()
