"""The whole job as library calls: documents (or extraction records) in, graph and exports out.

The `kg` command line calls these; a user can do in Python whatever the CLI does:

    >>> from graphbuild.pipeline import build
    >>> result = build(["data/corpus"], out_dir=None)
    >>> result.graph.number_of_nodes() > 0
    True
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild import knowledge
from graphbuild.cache import RecordCache
from graphbuild.errors import GraphbuildError
from graphbuild.graph import build_graph, load_records, normalise_number, summary
from graphbuild.model import Record
from graphbuild.pool import extract_paths
from graphbuild.progress import Report, quiet
from graphbuild.schema import EXPORT_FORMATS, export_format
from graphbuild.textutil import fold, squash

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
    inputs.records, repeated = drop_duplicates(inputs.records)
    inputs.problems.extend(repeated)
    if not inputs.records:
        raise GraphbuildError("; ".join(inputs.problems) if inputs.problems else "no documents to read")
    return inputs


_FORMAT_RANK = {".txt": 0, ".md": 1, ".docx": 2, ".pdf": 3}


def _shown(record: Record) -> str:
    return record.path or record.source


def _identity(record: Record) -> tuple[str, ...] | None:
    """Number, issuer and date: the same document whatever file it came in (None when one is missing)."""
    doc = record.document
    if not (doc.number and doc.date):
        return None
    return ("id", normalise_number(doc.number).casefold(), fold(doc.issuer or ""), doc.date)


def _content(record: Record) -> tuple[str, ...] | None:
    """What the text says, normalised (folded, spaces squashed): the same text saved as .docx, UTF-16 or
    again gives the same title, citations and tasks. None for a record with nothing to compare."""
    doc = record.document
    if not (record.mandates or doc.title or record.references):
        return None
    parts = [doc.number or "", fold(doc.title or ""), *sorted(fold(r) for r in record.references)]
    parts += [fold(squash(m.text)) for m in record.mandates]
    return ("text", hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest())


def duplicate_keys(record: Record) -> tuple[list[Any], list[list[str]]]:
    """What `drop_duplicates` compares a record by: its rank (the plainest copy first: .txt before .md, .docx,
    .pdf; fewer reading warnings; then by path) and the keys two copies of one document share."""
    rank = [_FORMAT_RANK.get(Path(record.source).suffix.lower(), 4), len(record.warnings), _shown(record)]
    return rank, [list(k) for k in (_identity(record), _content(record)) if k]


def first_copies(items: Iterable[tuple[Any, list[Any], list[list[str]]]]) -> dict[Any, Any]:
    """For (name, rank, keys) items, the name of the copy each is counted as: itself, or the first (by rank)
    that shares a key with it."""
    kept: dict[Any, Any] = {}
    seen: dict[tuple[str, ...], Any] = {}
    for name, _, keys in sorted(items, key=lambda item: item[1]):
        keys = [tuple(k) for k in keys]
        first = next((seen[k] for k in keys if k in seen), name)
        kept[name] = first
        for k in keys:
            seen.setdefault(k, first)
    return kept


def drop_duplicates(records: Iterable[Record]) -> tuple[list[Record], list[str]]:
    """Keep one record per document: two records are one document when they have the same number, issuer and
    date, or the same text after normalisation (the plan also saved as .docx or as UTF-16). The copy kept is
    the plainest (`duplicate_keys`); one line per document given more than once names every file, so that no
    count is silently doubled."""
    records = list(records)
    first = first_copies((i, *duplicate_keys(r)) for i, r in enumerate(records))
    return [r for i, r in sorted(enumerate(records), key=lambda x: _shown(x[1])) if first[i] == i], \
        duplicate_lines(records, first)


def duplicate_lines(records: list[Record], first: dict[int, int]) -> list[str]:
    """One line per document given in several files (`first`: index -> index of the copy counted)."""
    copies: dict[int, list[int]] = {}
    for i, kept in first.items():
        if kept != i:
            copies.setdefault(kept, []).append(i)
    lines = []
    for index, others in sorted(copies.items(), key=lambda item: duplicate_keys(records[item[0]])[0]):
        original, doc = records[index], records[index].document
        what = ", ".join(x for x in (doc.number, doc.issuer, doc.date) if x) or "no number"
        ranked = sorted(others, key=lambda i: duplicate_keys(records[i])[0])
        names = [_shown(original), *(_shown(records[o]) for o in ranked)]
        lines.append(f"{', '.join(names[:-1])} and {names[-1]} are the same document ({what}): "
                     f"counted once, from {names[0]}")
    return lines


def record_file_names(records: list[Record]) -> list[str]:
    """A distinct record file name per record, in order: `<stem>.json`; when two files share a stem, the file
    name with its extension (`good.txt.json`, `good.md.json`); when two share the name in different folders,
    prefixed with as many folder names as tell them apart (`a__plan.txt.json`, `b__plan.txt.json`)."""
    paths = [Path(r.path or r.source) for r in records]
    stems = Counter(p.stem for p in paths)
    names = [p.stem if stems[p.stem] == 1 else p.name for p in paths]
    depth = 0
    while len(set(names)) < len(names) and depth < max(len(p.parts) for p in paths):
        depth += 1
        counts = Counter(names)
        names = [n if counts[n] == 1 else "__".join(p.parts[-1 - depth:]) for n, p in zip(names, paths)]
    counts, seen = Counter(names), Counter()
    for i, n in enumerate(names):  # the same path given twice: number the copies
        seen[n] += 1
        if counts[n] > 1 and seen[n] > 1:
            names[i] = f"{n}-{seen[n]}"
    return [f"{n}.json" for n in names]


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
    from graphbuild import exports, rdf, streaming

    target = Path(target)
    export_fmt = export_format(fmt)
    if export_fmt.family == "rdf":
        if rdf_graph is not None:
            return rdf.write_rdf(rdf_graph, target, format=export_fmt.name)
        return streaming.write_graph_rdf(G, export_fmt.name, target)  # without the RDF in memory
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
    """Write several exports into one folder (the RDF formats from one pass over the graph)."""
    from graphbuild import streaming

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    wanted = [export_format(name).name for name in formats]
    rdf_formats = {f: out / EXPORTS[f] for f in wanted if export_format(f).family == "rdf"}
    written = streaming.write_graph_rdf_files(G, rdf_formats) if rdf_formats else {}
    for fmt in wanted:
        if fmt not in written:
            written[fmt] = export(G, fmt, out / EXPORTS[fmt])
        if on_written:
            on_written(fmt)
    return {f: written[f] for f in wanted}
