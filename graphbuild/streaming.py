"""RDF written as a stream: N-Triples, Turtle and JSON-LD of graphs larger than memory, the bytes rdf.serialize gives.

The triples come in units (`graph_units`: a node with its out-edges, so that every triple about a
subject is in one unit); their N-Triples lines are sorted on disk in runs of RUN_LINES and merged
(an external sort), duplicates dropped, so memory stays at one run whatever the corpus. N-Triples
is the merged lines; Turtle is Oxigraph's serialiser reading them back; JSON-LD is one node object
per subject, made from each unit as it comes (rdf.jsonld_object), sorted by subject the same way
and written one at a time (rdf.write_jsonld). The dataset description, whose void:triples counts
the data, is added once the data is counted.

    >>> import io
    >>> from rdflib import Literal, URIRef
    >>> a, b, p = URIRef("http://x/a"), URIRef("http://x/b"), URIRef("http://x/p")
    >>> out = io.BytesIO()
    >>> write_rdf_streams([[(b, p, Literal("2"))], [(a, p, Literal("1")), (a, p, Literal("1"))]], lambda n: [],
    ...                   {"nt": out})
    2
    >>> out.getvalue().decode().splitlines()[0]
    '<http://x/a> <http://x/p> "1" .'
"""
from __future__ import annotations

import heapq
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import IO, Any, Self

import networkx as nx
import pyoxigraph

from graphbuild import dataset, rdf, schema
from graphbuild.progress import Report, quiet

RUN_LINES = 400_000  # lines sorted in memory at a time (about 100 MB of text)
Describe = Callable[[int], Iterable[rdf.Triple]]  # data triple count -> the description's triples
_NEWLINE = "\x1e"  # stands for a newline inside a sorted line (JSON escapes every control character it holds)


class ExternalSort:
    """Sorted, distinct lines of any number, through sorted runs in a temporary folder (read as often as needed,
    then `close`d)."""

    def __init__(self, run_lines: int = RUN_LINES, folder: Path | None = None) -> None:
        self.run_lines = run_lines
        self.buffer: list[str] = []
        self.runs: list[Path] = []
        self.folder = folder
        self.owns_folder = folder is None

    def spill(self) -> list[Path]:
        """Write what is buffered as a run; the runs (another process's sort can `adopt` them)."""
        if self.buffer:
            self._spill()
        return self.runs

    def adopt(self, runs: Iterable[Path]) -> None:
        """Take sorted runs written by another sort (a worker process) as runs of this one."""
        self.runs += list(runs)

    def add(self, line: str) -> None:
        self.buffer.append(line)
        if len(self.buffer) >= self.run_lines:
            self._spill()

    def _spill(self) -> None:
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="graphbuild-sort-"))
        self.buffer.sort()
        run = Path(tempfile.mkstemp(prefix="run", dir=self.folder)[1])
        with run.open("w", encoding="utf-8", newline="\n") as f:
            f.writelines(self.buffer)
        self.runs.append(run)
        self.buffer = []

    def __iter__(self) -> Iterator[str]:
        """The lines in order, each once."""
        self.buffer.sort()
        files = [run.open(encoding="utf-8", newline="\n") for run in self.runs]
        try:
            yield from _distinct(heapq.merge(self.buffer, *files))
        finally:
            for f in files:
                f.close()

    def close(self) -> None:
        self.buffer = []
        if self.folder is not None and self.owns_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _distinct(lines: Iterable[str]) -> Iterator[str]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line


def _objects(triples: Iterable[rdf.Triple]) -> Iterator[str]:
    """One sortable line per subject: its IRI, a NUL, its JSON-LD node object (newlines as _NEWLINE)."""
    subjects: dict[Any, dict[str, set]] = {}
    for s, p, o in triples:
        subjects.setdefault(s, {}).setdefault(str(p), set()).add(o)
    for subject, members in subjects.items():
        text = json.dumps(rdf.jsonld_object(subject, members), ensure_ascii=False, indent=1)
        yield f"{subject}\0{text.replace(chr(10), _NEWLINE)}\n"


def sort_units(units: Iterable[list[rdf.Triple]], lines: ExternalSort, objects: ExternalSort | None) -> None:
    """Add the N-Triples lines of the units to `lines` and, when given, their JSON-LD objects to `objects`."""
    for unit in units:
        for triple in unit:
            lines.add(rdf.nt_line(triple))
        if objects is not None:
            for obj in _objects(unit):
                objects.add(obj)


def write_rdf_streams(units: Iterable[list[rdf.Triple]], describe: Describe, outputs: dict[str, IO[bytes]]) -> int:
    """Write the triples of `units` (each subject's triples in one unit; duplicates allowed) in each format
    (nt, turtle, jsonld -> an open binary file), with the dataset description `describe(count)` added;
    returns the number of distinct data triples."""
    wants_objects = any(rdf.format_for("", f) == "json-ld" for f in outputs)
    with ExternalSort() as lines, ExternalSort() as objects:
        sort_units(units, lines, objects if wants_objects else None)
        return write_sorted(lines, objects, describe, outputs)


def write_sorted(lines: ExternalSort, objects: ExternalSort, describe: Describe, outputs: dict[str, IO[bytes]]) -> int:
    """`write_rdf_streams` from the sorts of the lines and of the JSON-LD objects. N-Triples first, so that
    Turtle can be read from the file just written instead of merging the lines a second time."""
    formats = {rdf.format_for("", f): out for f, out in outputs.items()}
    count = sum(1 for _ in lines)
    described = list(describe(count))
    every = sorted({rdf.nt_line(t) for t in described})
    for fmt in sorted(formats, key=lambda f: f != "nt"):
        out = formats[fmt]
        if fmt == "json-ld":
            described_objects = sorted(_objects(described))
            rdf.write_jsonld((line[line.index("\0") + 1:].rstrip("\n").replace(_NEWLINE, "\n")
                              for line in heapq.merge(objects, described_objects)), out)
        elif fmt == "nt":
            out.writelines(line.encode("utf-8") for line in _distinct(heapq.merge(lines, every)))
            out.flush()
        elif "nt" in formats and getattr(formats["nt"], "name", None):
            with open(formats["nt"].name, "rb") as nt:  # the N-Triples just written: sorted, described
                _turtle(nt, out)
        else:
            with tempfile.TemporaryFile("w+b") as nt:
                nt.writelines(line.encode("utf-8") for line in _distinct(heapq.merge(lines, every)))
                nt.seek(0)
                _turtle(nt, out)
    return count


def _turtle(nt: IO[bytes], out: IO[bytes]) -> None:
    pyoxigraph.serialize(pyoxigraph.parse(nt, format=pyoxigraph.RdfFormat.N_TRIPLES), out,
                         format=pyoxigraph.RdfFormat.TURTLE, prefixes=rdf.turtle_prefixes())


class AtomicFiles:
    """Files written beside their targets and renamed into place at the end, so that no reader sees half a file."""

    def __init__(self, targets: dict[str, str | Path]) -> None:
        self.paths = {fmt: Path(path) for fmt, path in targets.items()}
        self.temporary = {fmt: p.with_name(f".{p.name}.{os.getpid()}.tmp") for fmt, p in self.paths.items()}
        self.files: dict[str, IO[bytes]] = {}

    def __enter__(self) -> dict[str, IO[bytes]]:
        for fmt, tmp in self.temporary.items():
            tmp.parent.mkdir(parents=True, exist_ok=True)
            self.files[fmt] = tmp.open("wb")
        return self.files

    def __exit__(self, kind: object, *exc: object) -> None:
        for fmt, out in self.files.items():
            out.close()
            if kind is None:
                os.replace(self.temporary[fmt], self.paths[fmt])
            self.temporary[fmt].unlink(missing_ok=True)


def write_rdf_files(units: Iterable[list[rdf.Triple]], describe: Describe,
                    targets: dict[str, str | Path]) -> dict[str, Path]:
    """`write_rdf_streams` into files (format -> path)."""
    outputs = AtomicFiles(targets)
    with outputs as files:
        write_rdf_streams(units, describe, files)
    return outputs.paths


# ---------------------------------------------------------------------------- graphs as units of triples

_LABEL_OF_PREFIX = {t.prefix: label for label, t in schema.NODE_TYPES.items()}


class _Ends:
    """What rdf.edge_triples asks of a graph (`G.nodes[key].get("label")`), answered from the key itself."""

    class _Nodes:
        def __getitem__(self, key: str) -> dict[str, str | None]:
            return {"label": _LABEL_OF_PREFIX.get(key.split("/", 1)[0])}

    nodes = _Nodes()


def graph_units(nodes: Iterable[tuple[str, dict[str, Any]]], edges: Iterable[tuple[str, str, str, dict[str, Any]]],
                sources: dict[str, str | None], ends: Any = None, progress: Report = quiet,
                total: int | None = None, describe_files: bool = True) -> Iterator[list[rdf.Triple]]:
    """The triples of rdf.triples (without the dataset description) in units: each node with its out-edges,
    then the source files (unless `describe_files` is false: a part of the graph written by another process).
    `nodes` must come ordered by key and `edges` by their from-key (a store's rows are)."""
    seen = rdf.described(files=sources)  # each file is described once, at the end
    ends = ends or _Ends()
    successions: list[tuple[str, str, dict[str, Any]]] = []  # for the change events, at the end (a few hundred)
    edges = _noting_successions(edges, successions)
    by_start = groupby(edges, key=lambda e: e[0])
    pending = next(by_start, None)
    for done, (key, data) in enumerate(nodes, 1):
        unit = list(rdf.node_triples(key, data, seen))
        while pending is not None and pending[0] <= key:
            for u, v, etype, edge in pending[1]:
                unit += rdf.edge_triples(ends, u, v, edge.get("type", etype), edge)
            pending = next(by_start, None)
        yield unit
        if done % 5000 == 0:
            progress("rdf", done, total)
    while pending is not None:  # edges from a node the rows did not give: still written
        for u, v, etype, edge in pending[1]:
            yield list(rdf.edge_triples(ends, u, v, edge.get("type", etype), edge))
        pending = next(by_start, None)
    if successions:
        yield list(rdf.change_event_triples(successions, seen))
    if describe_files:
        yield list(rdf.file_triples(sources))


def _noting_successions(edges: Iterable[tuple[str, str, str, dict[str, Any]]],
                        successions: list[tuple[str, str, dict[str, Any]]]) -> Iterator[tuple[str, str, str, dict]]:
    for edge in edges:
        successions.extend(rdf.succession_steps([edge]))
        yield edge


def graph_sources(G: nx.MultiDiGraph) -> dict[str, str | None]:
    """The files an in-memory graph names (what rdf.triples describes): its sources and its edges'."""
    sources = dict(G.graph.get("sources") or {})
    for _, _, data in G.edges(data=True):
        for source in data.get("sources") or ():
            sources.setdefault(source, None)
    return sources


def write_graph_rdf_files(G: nx.MultiDiGraph, targets: dict[str, str | Path]) -> dict[str, Path]:
    """RDF exports of an in-memory graph (format -> file) from one pass over it: the bytes of rdf.serialize."""
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[3].get("type", e[2]), e[1]))
    units = graph_units(((k, G.nodes[k]) for k in sorted(G.nodes)), edges, graph_sources(G), ends=G)
    return write_rdf_files(units, lambda count: dataset.description_triples(G, count),
                           dict(targets))


def write_graph_rdf(G: nx.MultiDiGraph, fmt: str, path: str | Path) -> Path:
    """One RDF export (turtle, nt, jsonld) of an in-memory graph, streamed."""
    return next(iter(write_graph_rdf_files(G, {fmt: path}).values()))
