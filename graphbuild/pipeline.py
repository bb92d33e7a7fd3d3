"""The whole job as library calls: documents (or extraction records) in, graph and exports out.

The `kg` command line calls these; a user can do in Python whatever the CLI does:

    >>> from graphbuild.pipeline import build
    >>> result = build(["data/corpus"], out_dir=None)
    >>> result.graph.number_of_nodes() > 0
    True
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from graphbuild import knowledge
from graphbuild.cache import RecordCache
from graphbuild.errors import GraphbuildError
from graphbuild.graph import build_graph, load_records, summary
from graphbuild.model import Record
from graphbuild.pool import extract_paths
from graphbuild.progress import Report, quiet
from graphbuild.schema import EXPORT_FORMATS, export_format

DEFAULT_CORPUS = knowledge.sample_corpus()
EXPORTS = {name: fmt.file_name for name, fmt in EXPORT_FORMATS.items()}  # format -> file (csv: a folder)


@dataclass
class Inputs:
    records: list[Record] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_inputs(paths: Iterable[str | Path] | None = None,
                on_record: Callable[[Record], None] | None = None, *, jobs: int | None = None,
                cache: RecordCache | None = None, progress: Report = quiet) -> Inputs:
    """Records from documents (extracted here, on `jobs` processes, default every core, through `cache` when
    given) and from record JSON files written by `kg extract`. Problems are one line each; an empty result
    raises GraphbuildError."""
    paths = [Path(p) for p in (paths or [DEFAULT_CORPUS])]
    inputs = Inputs()
    documents: list[Path] = []
    for p in paths:
        if p.is_file() and p.suffix.lower() == ".json" or (p.is_dir() and any(p.glob("*.json"))
                                                           and not _has_documents(p)):
            try:
                inputs.records.extend(load_records(p))
            except GraphbuildError as err:
                inputs.problems.append(str(err))
            except (ValueError, KeyError, TypeError) as err:
                inputs.problems.append(f"{p}: not an extraction record ({err.__class__.__name__})")
        else:
            documents.append(p)
    if documents:
        run = extract_paths(documents, jobs=jobs, cache=cache, progress=progress, on_record=on_record)
        inputs.records.extend(run.records)
        inputs.problems.extend(run.problems)
    if not inputs.records:
        raise GraphbuildError("; ".join(inputs.problems) if inputs.problems else "no documents to read")
    return inputs


def _has_documents(folder: Path) -> bool:
    return any(f.suffix.lower() in (".txt", ".md", ".docx", ".pdf") for f in folder.rglob("*") if f.is_file())


@dataclass
class BuildResult:
    graph: nx.MultiDiGraph
    records: list[Record]
    problems: list[str]
    written: dict[str, Path] = field(default_factory=dict)
    summary: dict = field(default_factory=dict)


def export(G: nx.MultiDiGraph, fmt: str, target: str | Path, rdf_graph=None) -> Path:
    """Write one export: turtle, jsonld, nt (RDF), graphml, gexf, csv (a folder of nodes.csv/edges.csv).
    `rdf_graph`: the graph already converted to RDF, to convert once for several RDF exports."""
    from graphbuild import exports, rdf

    target = Path(target)
    export_fmt = export_format(fmt)
    if export_fmt.family == "rdf":
        return rdf.write_rdf(rdf_graph if rdf_graph is not None else G, target, format=export_fmt.name)
    if export_fmt.name == "graphml":
        return exports.write_graphml(G, target)
    if export_fmt.name == "gexf":
        return exports.write_gexf(G, target)
    exports.write_csv(G, target)
    return target


def build(paths: Iterable[str | Path] | None = None, out_dir: str | Path | None = "data",
          formats: Iterable[str] = tuple(EXPORTS), on_record: Callable[[Record], None] | None = None) -> BuildResult:
    """Extract, build the graph, and write every export into `out_dir` (None: write nothing)."""
    inputs = read_inputs(paths, on_record)
    G = build_graph(inputs.records)
    result = BuildResult(G, inputs.records, inputs.problems, summary=summary(G))
    if out_dir is not None:
        result.written = write_exports(G, out_dir, formats)
    return result


def write_exports(G: nx.MultiDiGraph, out_dir: str | Path, formats: Iterable[str] = tuple(EXPORTS),
                  on_written: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Write several exports into one folder."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in formats:
        fmt = export_format(name).name
        written[fmt] = export(G, fmt, out / EXPORTS[fmt])
        if on_written:
            on_written(fmt)
    return written
