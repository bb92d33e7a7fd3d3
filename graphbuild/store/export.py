"""The exports of a stored graph, without building it in memory where the format allows.

N-Triples, Turtle and JSON-LD are streamed from the store's rows (graphbuild.streaming): the
triples of each node and edge (rdf.node_triples, rdf.edge_triples), each file once, the dataset
description; memory stays flat whatever the corpus. GraphML, GEXF and CSV are written by
graphbuild.exports from the graph loaded once, and only when asked for. Every file is the one the
in-memory pipeline writes for the same corpus, byte for byte (a test compares them).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx

from graphbuild import __version__, dataset, rdf, schema
from graphbuild.progress import Report, quiet
from graphbuild.store.db import Store
from graphbuild.streaming import graph_lines, write_rdf_file


def store_description(store: Store) -> Callable[[int], Iterable[rdf.Triple]]:
    labels, _ = store.counts()
    sources = store.sources()
    build = dataset.Build(__version__, store.meta("built"), tuple(sorted(sources.items())))
    return lambda count: dataset.describe(build, sum(labels.values()), Counter(labels), count)


def write_store_rdf(store: Store, fmt: str, path: str | Path, progress: Report = quiet) -> Path:
    """One RDF export (turtle, nt, jsonld) of the stored graph, streamed."""
    labels, types = store.counts()
    lines = graph_lines(store.nodes(), store.edges(), store.sources(), progress=progress,
                        total=sum(labels.values()) + sum(types.values()))
    return write_rdf_file(lines, store_description(store), schema.export_format(fmt).name, path)


def write_store_exports(store: Store, out_dir: str | Path, formats: Iterable[str],
                        progress: Report = quiet) -> dict[str, Path]:
    """Several exports into one folder (names of pipeline.EXPORTS); the graph is loaded in memory only for
    GraphML, GEXF and CSV, and once."""
    from graphbuild import exports
    from graphbuild.pipeline import EXPORTS

    out = Path(out_dir)
    written: dict[str, Path] = {}
    G: nx.MultiDiGraph | None = None
    wanted = [schema.export_format(f).name for f in formats]
    for n, fmt in enumerate(wanted, 1):
        target = out / EXPORTS[fmt]
        if schema.export_format(fmt).family == "rdf":
            written[fmt] = write_store_rdf(store, fmt, target, progress)
        else:
            G = G if G is not None else store.graph()
            writer = {"graphml": exports.write_graphml, "gexf": exports.write_gexf, "csv": exports.write_csv}[fmt]
            writer(G, target)
            written[fmt] = target
        progress("export", n, len(wanted))
    return written


def write_store_export(store: Store, fmt: str, target: str | Path, progress: Report = quiet) -> Path:
    """One export of the stored graph into `target` (csv: a folder)."""
    from graphbuild import exports

    fmt = schema.export_format(fmt).name
    if schema.export_format(fmt).family == "rdf":
        return write_store_rdf(store, fmt, target, progress)
    writer = {"graphml": exports.write_graphml, "gexf": exports.write_gexf, "csv": exports.write_csv}[fmt]
    writer(store.graph(), target)
    return Path(target)


def push_store(store: Store, store_url: str, graph_iri: str = rdf.DEFAULT_GRAPH_IRI, *, gsp_path: str = "/store",
               timeout: float = 600.0) -> int:
    """rdf.push_sparql for a stored graph: N-Triples written to a temporary file, then sent as it is read."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix="graphbuild-push-") as folder:
        path = write_store_rdf(store, "nt", Path(folder) / "graph.nt")
        with path.open("rb") as body:
            triples = sum(1 for _ in body)
            body.seek(0)
            rdf.put_graph(body, store_url, graph_iri, gsp_path=gsp_path, format="nt", timeout=timeout,
                          length=os.path.getsize(path))
    return triples
