"""The exports of a stored graph, without building it in memory where the format allows.

N-Triples, Turtle and JSON-LD are streamed from the store's rows (graphbuild.streaming): the
triples of each node and edge (rdf.node_triples, rdf.edge_triples), each file once, the dataset
description; memory stays flat whatever the corpus. GraphML, GEXF and CSV are written by
graphbuild.exports from the graph loaded once, and only when asked for. Every file is the one the
in-memory pipeline writes for the same corpus, byte for byte (a test compares them).
"""
from __future__ import annotations

import multiprocessing
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from graphbuild import __version__, dataset, rdf, schema
from graphbuild.progress import Report, quiet
from graphbuild.store.db import Store
from graphbuild.streaming import AtomicFiles, ExternalSort, graph_units, sort_units, write_rdf_files, write_sorted


def store_build(store: Store) -> dataset.Build:
    """The build that made the stored graph (dataset.build_of, from the store)."""
    return dataset.Build(__version__, store.meta("built"), tuple(sorted(store.sources().items())))


def store_description(store: Store) -> Callable[[int], Iterable[rdf.Triple]]:
    labels, _ = store.counts()
    build = store_build(store)
    return lambda count: dataset.describe(build, sum(labels.values()), Counter(labels), count)


def write_store_csv(store: Store, directory: str | Path) -> Path:
    """exports.write_csv of the stored graph, rows streamed from the store (twice: columns, then values)."""
    from graphbuild import exports

    exports.write_csv_tables(lambda: (exports.node_row(k, d) for k, d in store.nodes()),
                             lambda: (exports.edge_row(u, v, t, d) for u, v, t, d in store.edges()),
                             dataset.build_attributes(store_build(store)), directory)
    return Path(directory)


def write_store_rdf(store: Store, fmt: str, path: str | Path, progress: Report = quiet) -> Path:
    """One RDF export (turtle, nt, jsonld) of the stored graph, streamed."""
    return next(iter(write_store_rdf_files(store, {fmt: path}, progress).values()))


PARALLEL_NODES = 50_000  # below this many nodes one process writes the RDF


def write_store_rdf_files(store: Store, targets: dict[str, str | Path], progress: Report = quiet,
                          jobs: int | None = None) -> dict[str, Path]:
    """RDF exports of the stored graph (format -> file), from one pass over the rows and one sort. On a large
    graph every core makes the triples of a range of nodes into sorted runs, which one merge then writes."""
    from graphbuild.pool import default_jobs

    labels, _ = store.counts()
    nodes = sum(labels.values())
    jobs = jobs or default_jobs()
    if jobs <= 1 or nodes < PARALLEL_NODES:
        units = graph_units(store.nodes(), store.edges(), store.sources(), progress=progress, total=nodes)
        return write_rdf_files(units, store_description(store), dict(targets))
    wants_objects = any(rdf.format_for("", f) == "json-ld" for f in targets)
    cuts = store.split_keys(jobs)
    ranges = list(zip([None, *cuts], [*cuts, None]))
    folder = Path(tempfile.mkdtemp(prefix="graphbuild-rdf-"))
    try:
        with multiprocessing.get_context(_start_method()).Pool(len(ranges)) as workers:
            parts = [(str(store.path), lo, hi, str(folder), wants_objects) for lo, hi in ranges]
            runs = []
            for done, result in enumerate(workers.imap_unordered(_write_part, parts), 1):
                runs.append(result)
                progress("rdf", done, len(parts))
        lines, objects = ExternalSort(folder=folder), ExternalSort(folder=folder)
        for line_runs, object_runs in runs:
            lines.adopt(map(Path, line_runs))
            objects.adopt(map(Path, object_runs))
        sort_units([list(rdf.file_triples(store.sources()))], lines, objects if wants_objects else None)
        outputs = AtomicFiles(targets)
        with outputs as files:
            write_sorted(lines, objects, store_description(store), files)
        return outputs.paths
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _start_method() -> str:
    return "fork" if sys.platform == "linux" else "spawn"


def _write_part(part: tuple[str, str | None, str | None, str, bool]) -> tuple[list[str], list[str]]:
    """Worker: the sorted runs of the triples (and JSON-LD objects) of the nodes with keys in [lo, hi)."""
    path, lo, hi, folder, wants_objects = part
    with Store(path) as store:
        lines, objects = ExternalSort(folder=Path(folder)), ExternalSort(folder=Path(folder))
        units = graph_units(store.nodes(start=lo, stop=hi), store.edges(start=lo, stop=hi), store.sources(),
                            describe_files=False)
        sort_units(units, lines, objects if wants_objects else None)
        return [str(r) for r in lines.spill()], [str(r) for r in objects.spill()]


def write_store_exports(store: Store, out_dir: str | Path, formats: Iterable[str],
                        progress: Report = quiet) -> dict[str, Path]:
    """Several exports into one folder (names of pipeline.EXPORTS); the graph is loaded in memory only for
    GraphML, GEXF and CSV, and once."""
    from graphbuild import exports
    from graphbuild.pipeline import EXPORTS

    out = Path(out_dir)
    wanted = [schema.export_format(f).name for f in formats]
    rdf_formats = {f: out / EXPORTS[f] for f in wanted if schema.export_format(f).family == "rdf"}
    written = write_store_rdf_files(store, rdf_formats, progress) if rdf_formats else {}
    if "csv" in wanted:
        written["csv"] = write_store_csv(store, out / EXPORTS["csv"])
    others = [f for f in wanted if f not in rdf_formats and f != "csv"]
    G = store.graph() if others else None  # GraphML and GEXF: written from the graph in memory, when asked for
    for n, fmt in enumerate(others, 1):
        writer = {"graphml": exports.write_graphml, "gexf": exports.write_gexf}[fmt]
        writer(G, out / EXPORTS[fmt])
        written[fmt] = out / EXPORTS[fmt]
        progress("export", len(wanted) - len(others) + n, len(wanted))
    return {f: written[f] for f in wanted}


def write_store_export(store: Store, fmt: str, target: str | Path, progress: Report = quiet) -> Path:
    """One export of the stored graph into `target` (csv: a folder)."""
    from graphbuild import exports

    fmt = schema.export_format(fmt).name
    if schema.export_format(fmt).family == "rdf":
        return write_store_rdf(store, fmt, target, progress)
    if fmt == "csv":
        return write_store_csv(store, target)
    writer = {"graphml": exports.write_graphml, "gexf": exports.write_gexf}[fmt]
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
