"""RDF written as a stream: N-Triples, Turtle and JSON-LD of graphs larger than memory, the bytes rdf.serialize gives.

The triples come in any order (a store's rows, a graph's nodes); their N-Triples lines are sorted
on disk in runs of RUN_LINES and merged (an external sort), duplicates dropped, so memory stays
at one run whatever the corpus. N-Triples is the merged lines; Turtle is Oxigraph's serialiser
reading them back as they are written; JSON-LD groups lines by subject (a second sort, by subject
IRI) and writes one node object at a time (rdf.write_jsonld). The dataset description (its
void:triples count needs the data counted first) is merged in at the end.

    >>> import io
    >>> out = io.BytesIO()
    >>> write_rdf_lines(['<http://x/b> <http://x/p> "2" .\\n', '<http://x/a> <http://x/p> "1" .\\n'] * 2,
    ...                 lambda n: [], "nt", out)
    2
    >>> out.getvalue().decode().splitlines()[0]
    '<http://x/a> <http://x/p> "1" .'
"""
from __future__ import annotations

import heapq
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import IO, Any, Self

import networkx as nx
import pyoxigraph
from rdflib import Literal, URIRef

from graphbuild import dataset, rdf, schema
from graphbuild.progress import Report, quiet

RUN_LINES = 400_000  # lines sorted in memory at a time (about 100 MB of text)
Describe = Callable[[int], Iterable[rdf.Triple]]  # data triple count -> the description's triples


class ExternalSort:
    """Sorted, distinct lines of any number, through sorted runs in a temporary folder (read as often as needed,
    then `close`d)."""

    def __init__(self, key: Callable[[str], str] | None = None, run_lines: int = RUN_LINES) -> None:
        self.key = key
        self.run_lines = run_lines
        self.buffer: list[str] = []
        self.runs: list[Path] = []
        self.folder: Path | None = None

    def add(self, line: str) -> None:
        self.buffer.append(self.key(line) if self.key else line)
        if len(self.buffer) >= self.run_lines:
            self._spill()

    def _spill(self) -> None:
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="graphbuild-sort-"))
        self.buffer.sort()
        run = self.folder / f"run{len(self.runs):05d}"
        with run.open("w", encoding="utf-8", newline="\n") as f:
            f.writelines(self.buffer)
        self.runs.append(run)
        self.buffer = []

    def __iter__(self) -> Iterator[str]:
        """The lines in order, each once."""
        self.buffer.sort()
        files = [run.open(encoding="utf-8", newline="\n") for run in self.runs]
        try:
            previous = None
            for line in heapq.merge(self.buffer, *files):
                if line != previous:
                    yield line
                    previous = line
        finally:
            for f in files:
                f.close()

    def close(self) -> None:
        self.buffer = []
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _subject(line: str) -> str:
    return line[1:line.index(">")] if line.startswith("<") else line[:line.index(" ")]


def _by_subject(line: str) -> str:
    """A JSON-LD sort line: subject IRI (rdf.jsonld sorts subjects by their IRI), a NUL, the N-Triples line."""
    return f"{_subject(line)}\0{line}"


def _rdflib(term: pyoxigraph.NamedNode | pyoxigraph.Literal | pyoxigraph.BlankNode):
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(rdf.XSD.string) else URIRef(datatype))
    from rdflib import BNode

    return BNode(term.value)


def _jsonld_objects(lines: Iterable[str]) -> Iterator[dict]:
    for subject, group in groupby(lines, key=lambda line: line[:line.index("\0")]):
        text = "".join(line[line.index("\0") + 1:] for line in group)
        members: dict[str, set] = {}
        for triple in pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES):
            members.setdefault(triple.predicate.value, set()).add(_rdflib(triple.object))
        yield rdf.jsonld_object(URIRef(subject) if ":" in subject else _rdflib(pyoxigraph.BlankNode(subject[2:])),
                                members)


def write_rdf_lines(lines: Iterable[str], describe: Describe, fmt: str, out: IO[bytes]) -> int:
    """Write N-Triples lines (any order, duplicates allowed) as `fmt` (nt, turtle, json-ld) to `out`, with the
    dataset description `describe(count)` added; returns the number of distinct data triples."""
    fmt = rdf.format_for("", fmt)
    with ExternalSort() as data:
        for line in lines:
            data.add(line)
        count = sum(1 for _ in data)
        described = sorted({rdf.nt_line(t) for t in describe(count)})
        every = _distinct(heapq.merge(data, described))
        if fmt == "json-ld":
            with ExternalSort(key=_by_subject) as by_subject:
                for line in every:
                    by_subject.add(line)
                rdf.write_jsonld(_jsonld_objects(by_subject), out)
        elif fmt == "nt":
            for line in every:
                out.write(line.encode("utf-8"))
        else:
            with tempfile.TemporaryFile("w+b") as nt:
                for line in every:
                    nt.write(line.encode("utf-8"))
                nt.seek(0)
                pyoxigraph.serialize(pyoxigraph.parse(nt, format=pyoxigraph.RdfFormat.N_TRIPLES), out,
                                     format=pyoxigraph.RdfFormat.TURTLE, prefixes=rdf.turtle_prefixes())
    return count


def _distinct(lines: Iterable[str]) -> Iterator[str]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line


def write_rdf_file(lines: Iterable[str], describe: Describe, fmt: str, path: str | Path) -> Path:
    """`write_rdf_lines` into a file (written beside and renamed, so a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as out:
            write_rdf_lines(lines, describe, fmt, out)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


# ---------------------------------------------------------------------------- graphs as lines

_LABEL_OF_PREFIX = {t.prefix: label for label, t in schema.NODE_TYPES.items()}


class _Ends:
    """What rdf.edge_triples asks of a graph (`G.nodes[key].get("label")`), answered from the key itself."""

    class _Nodes:
        def __getitem__(self, key: str) -> dict[str, str | None]:
            return {"label": _LABEL_OF_PREFIX.get(key.split("/", 1)[0])}

    nodes = _Nodes()


def graph_lines(nodes: Iterable[tuple[str, dict[str, Any]]], edges: Iterable[tuple[str, str, str, dict[str, Any]]],
                sources: dict[str, str | None], ends: Any = None, progress: Report = quiet,
                total: int | None = None) -> Iterator[str]:
    """N-Triples lines of a graph given as rows (any order, shared resources possibly repeated): what
    rdf.triples yields, without the dataset description."""
    seen = rdf.described(files=sources)  # each file is described once, at the end
    done = 0
    for key, data in nodes:
        for triple in rdf.node_triples(key, data, seen):
            yield rdf.nt_line(triple)
        done += 1
        if done % 5000 == 0:
            progress("rdf", done, total)
    ends = ends or _Ends()
    for u, v, etype, data in edges:
        for triple in rdf.edge_triples(ends, u, v, data.get("type", etype), data):
            yield rdf.nt_line(triple)
        done += 1
        if done % 5000 == 0:
            progress("rdf", done, total)
    for triple in rdf.file_triples(sources):
        yield rdf.nt_line(triple)


def write_graph_rdf(G: nx.MultiDiGraph, fmt: str, path: str | Path) -> Path:
    """One RDF export (turtle, nt, jsonld) of an in-memory graph, streamed: the bytes of rdf.serialize(G, fmt)."""
    sources = dict(G.graph.get("sources") or {})
    for _, _, data in G.edges(data=True):
        for source in data.get("sources") or ():
            sources.setdefault(source, None)
    lines = graph_lines(G.nodes(data=True), G.edges(keys=True, data=True), sources, ends=G)
    return write_rdf_file(lines, lambda count: dataset.description_triples(G, count), schema.export_format(fmt).name,
                          path)
