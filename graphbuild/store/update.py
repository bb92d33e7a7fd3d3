"""Bringing a store up to date with a corpus: only what changed is extracted, and only what it touches is rebuilt.

A file whose path and checksum the store already has is neither read nor extracted again. For the
files that came, went or changed, the update replaces their records' say in identity (graph.Claims),
finds the numbers and jurisdiction names whose decision that changes (a number now printed with a
second date, a new spelling cited most) and adds the records whose parts used them, rebuilds those
records' parts (graph.fragment), and merges again, from every record's parts in source order, each
node and edge they touch (graph.merge_node, graph.merge_edge). The result is the graph a build of the
whole corpus from scratch gives (a test checks this for adding, changing and removing documents);
a removed or changed document leaves nothing of itself behind.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphbuild import graph as graphs
from graphbuild.cache import RecordCache, extractor_version
from graphbuild.dataset import build_time
from graphbuild.errors import GraphbuildError
from graphbuild.model import Record
from graphbuild.pipeline import duplicate_keys, duplicate_lines, first_copies
from graphbuild.pool import extract_files, identify
from graphbuild.progress import Report, quiet
from graphbuild.read import find_inputs
from graphbuild.store.db import NODE_COLUMNS, Store, dumps, node_columns

RECORD_VERSION = "record"  # the version of a file that is itself an extraction record (kg extract's .json)
BATCH = 2000
FULL_REBUILD_SHARE = 0.25  # above this share of the corpus changing, merge every node again in one pass


@dataclass
class Input:
    """One input file as the store sees it: identity, and its record once read."""

    source: str
    path: str
    checksum: str
    version: str
    mtime: float | None
    record: Record | None = None


@dataclass
class StoreUpdate:
    """What an update did: files read, extracted, added, changed and removed, graph rows rewritten."""

    files: int = 0
    extracted: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rebuilt: int = 0  # records whose part of the graph was built again
    nodes_written: int = 0
    edges_written: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what reading the files read this time noticed

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.changed or self.removed)


# ---------------------------------------------------------------------------- inputs

def _is_record_file(p: Path) -> bool:
    return p.is_file() and p.suffix.lower() == ".json"


def _record_inputs(paths: Iterable[Path], problems: list[str]) -> list[Input]:
    """Extraction records given as .json files (kg extract's output): each record is an input of its own."""
    inputs = []
    for p in paths:
        files = sorted(p.glob("*.json")) if p.is_dir() else [p]
        for f in files:
            try:
                records = graphs.load_records(f)
            except GraphbuildError as err:
                problems.append(str(err))
                continue
            for record in records:
                checksum = record.checksum or _record_hash(record)
                path = record.path or str(f)
                inputs.append(Input(record.source, path, checksum, RECORD_VERSION, _mtime(path), record))
    return inputs


def _record_hash(record: Record) -> str:
    import hashlib

    return hashlib.sha256(dumps(record.to_dict()).encode()).hexdigest()


def _mtime(path: str | Path) -> float | None:
    try:
        return Path(path).stat().st_mtime
    except OSError:
        return None


def _split(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    from graphbuild.pipeline import _has_documents

    records, documents = [], []
    for p in paths:
        if _is_record_file(p) or (p.is_dir() and any(p.glob("*.json")) and not _has_documents(p)):
            records.append(p)
        else:
            documents.append(p)
    return records, documents


def read_corpus(store: Store, paths: Sequence[str | Path], jobs: int | None, cache: RecordCache | None,
                progress: Report, update: StoreUpdate) -> list[Input]:
    """Every input file with its identity; records only for the files the store does not have as they are."""
    record_paths, document_paths = _split([Path(p) for p in paths])
    inputs = _record_inputs(record_paths, update.problems)
    if document_paths:
        files, problems = find_inputs(document_paths)
        update.problems.extend(problems)
        folders = [p for p in document_paths if p.is_dir()]
        version = extractor_version()
        known = {(s, c): v for s, c, v in store.db.execute("SELECT source, checksum, version FROM file")}
        identified = identify(files, folders)
        todo = []
        for result in identified:
            if result.problem:
                update.problems.append(result.problem)
                continue
            item = Input(result.source, str(result.path), result.checksum, version, _mtime(result.path))
            inputs.append(item)
            if known.get((result.source, result.checksum)) != version:
                todo.append((item, result))
        results = extract_files([r for _, r in todo], jobs, cache, progress, folders) if todo else []
        failed = set()
        for (item, _), result in zip(todo, results):
            if result.problem:
                update.problems.append(result.problem)
                failed.add(id(item))
            else:
                item.record = result.record
                update.extracted += not result.cached
                update.warnings += [f"{result.path}: {w}" for w in result.record.warnings]
        inputs = [i for i in inputs if id(i) not in failed]
    seen: dict[str, Input] = {}
    for item in inputs:  # the same file given twice (two folders): read once
        seen.setdefault(item.source, item)
    update.files = len(seen)
    return list(seen.values())


# ---------------------------------------------------------------------------- identity from the tables

class _StoredIdentity:
    """graph.Identity's decisions answered from the claim tables (memoised for one update)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.numbers: dict[graphs.Ident, tuple[str | None, frozenset[str]]] = {}
        self.names: dict[str, str | None] = {}

    def number(self, ident: graphs.Ident) -> tuple[str | None, frozenset[str]]:
        if ident not in self.numbers:
            rows = self.store.db.execute(
                "SELECT variant, weight, owned, date FROM claim_number WHERE jur = ? AND fold = ? ORDER BY source, "
                "rowid", ident)
            self.numbers[ident] = graphs.decide_number(
                graphs.NumberClaim(ident, v, w, bool(o), d) for v, w, o, d in rows)
        return self.numbers[ident]

    def name(self, slug: str) -> str | None:
        if slug not in self.names:
            rows = self.store.db.execute("SELECT name, tier FROM claim_name WHERE slug = ? ORDER BY source, position",
                                         (slug,))
            self.names[slug] = graphs.decide_jurisdiction_name(rows)
        return self.names[slug]

    def forget(self) -> None:
        self.numbers.clear()
        self.names.clear()

    def identity(self) -> graphs.Identity:
        return graphs.Identity(self.number, self.name)


def _uses(identity: graphs.Identity) -> list[str]:
    return [f"n\t{jur}\t{fold}" for jur, fold in sorted(identity.used_numbers)] + \
        [f"j\t{slug}" for slug in sorted(identity.used_names)]


# ---------------------------------------------------------------------------- the update

def update_store(store: Store, inputs: list[Input], progress: Report = quiet,
                 update: StoreUpdate | None = None) -> StoreUpdate:
    """Make the store hold the graph of exactly these inputs (see the module's docstring)."""
    update = update or StoreUpdate()
    db = store.db
    stored = {s: (c, v) for s, c, v in db.execute("SELECT source, checksum, version FROM file")}
    current = {i.source: i for i in inputs}
    update.removed = sorted(set(stored) - set(current))
    update.added = sorted(s for s in current if s not in stored)
    update.changed = sorted(s for s, i in current.items() if s in stored and stored[s] != (i.checksum, i.version))
    db.execute("BEGIN")
    try:
        was_in_graph = {s for (s,) in db.execute("SELECT source FROM file WHERE in_graph")}
        for source in update.removed:
            db.execute("DELETE FROM file WHERE source = ?", (source,))
        for source in update.added + update.changed:
            item = current[source]
            rank, keys = duplicate_keys(item.record)
            db.execute("INSERT OR REPLACE INTO file VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)",
                       (source, item.path, item.checksum, item.version, item.mtime, dumps(rank), dumps(keys),
                        dumps(item.record.to_dict())))
        for item in inputs:  # a file moved on disk, or touched: where it is and when, for the build description
            db.execute("UPDATE file SET path = ?, mtime = ? WHERE source = ? AND (path IS NOT ? OR mtime IS NOT ?)",
                       (item.path, item.mtime, item.source, item.path, item.mtime))
        in_graph = _count_copies_once(store, update)
        entering = sorted((in_graph - was_in_graph) | (set(update.changed) & in_graph))
        leaving = sorted(was_in_graph - in_graph)
        if entering or leaving:
            known = {s: i.record for s, i in current.items() if i.record is not None}
            _rebuild(store, entering, leaving, progress, update, known)
        store.set_meta("built", build_time(p for (p,) in db.execute("SELECT path FROM file WHERE in_graph")))
        store.set_meta("extractor", extractor_version())
        if not update.unchanged:
            store.set_meta("generation", (store.meta("generation") or 0) + 1)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    if update.rebuilt > FULL_REBUILD_SHARE * max(1, len(current)):
        db.execute("ANALYZE")  # table statistics, so that the questions' joins start from the selective side
    elif not update.unchanged:
        db.execute("PRAGMA optimize")
    return update


def _count_copies_once(store: Store, update: StoreUpdate) -> set[str]:
    """Mark which files are in the graph: one per document (pipeline.drop_duplicates); lines for the others."""
    rows = list(store.db.execute("SELECT source, rank, keys, in_graph FROM file"))
    first = first_copies((s, json.loads(r), json.loads(k)) for s, r, k, _ in rows)
    in_graph = {s for s, kept in first.items() if kept == s}
    for source, _, _, was in rows:
        if bool(was) != (source in in_graph):
            store.db.execute("UPDATE file SET in_graph = ? WHERE source = ?", (int(source in in_graph), source))
    copies = [s for s, kept in first.items() if kept != s]
    if copies:
        involved = sorted({first[s] for s in copies} | set(copies))
        records = [_record(store, s) for s in involved]
        index = {s: i for i, s in enumerate(involved)}
        update.problems.extend(duplicate_lines(records, {index[s]: index[first[s]] for s in involved}))
    return in_graph


def _record(store: Store, source: str) -> Record:
    row = store.db.execute("SELECT record, path FROM file WHERE source = ?", (source,)).fetchone()
    record = Record.from_dict(json.loads(row[0]))
    record.path = row[1]
    return record


def _rebuild(store: Store, entering: list[str], leaving: list[str], progress: Report, update: StoreUpdate,
             records: dict[str, Record]) -> None:
    db = store.db
    stored_identity = _StoredIdentity(store)
    contexts = {s: graphs.contexts_of([records.get(s) or _record(store, s)])[0] for s in entering}
    said = {s: graphs.claims(ctx) for s, ctx in contexts.items()}
    numbers = {c.ident for s in said.values() for c in s.numbers}
    names = {slug for s in said.values() for slug, _, _ in s.jurisdictions}
    for source in sorted(set(entering) | set(leaving)):
        numbers.update(db.execute("SELECT jur, fold FROM claim_number WHERE source = ?", (source,)))
        names.update(slug for (slug,) in db.execute("SELECT slug FROM claim_name WHERE source = ?", (source,)))
    before = {n: stored_identity.number(n) for n in numbers}, {j: stored_identity.name(j) for j in names}
    for source in sorted(set(entering) | set(leaving)):
        db.execute("DELETE FROM claim_number WHERE source = ?", (source,))
        db.execute("DELETE FROM claim_name WHERE source = ?", (source,))
    db.executemany("INSERT INTO claim_number VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [(s, *c.ident, c.variant, c.weight, int(c.owned), c.date) for s, cs in said.items()
                    for c in cs.numbers])
    db.executemany("INSERT INTO claim_name VALUES (?, ?, ?, ?, ?)",
                   [(s, slug, name, tier, i) for s, cs in said.items()
                    for i, (slug, name, tier) in enumerate(cs.jurisdictions)])
    stored_identity.forget()
    moved = [f"n\t{jur}\t{fold}" for (jur, fold), was in before[0].items() if stored_identity.number((jur, fold)) != was]
    moved += [f"j\t{slug}" for slug, was in before[1].items() if stored_identity.name(slug) != was]
    dependents = set()
    for what in moved:
        dependents.update(s for (s,) in db.execute("SELECT source FROM uses WHERE what = ?", (what,)))
    rebuild = sorted((set(entering) | dependents) - set(leaving))
    for source in rebuild:
        if source not in contexts:
            contexts[source] = graphs.contexts_of([_record(store, source)])[0]
    total = db.execute("SELECT count(*) FROM file WHERE in_graph").fetchone()[0]
    full = not total or len(rebuild) + len(leaving) > FULL_REBUILD_SHARE * total
    touched_nodes, touched_edges = _replace_parts(store, rebuild, leaving, contexts, stored_identity, progress, full)
    update.rebuilt = len(rebuild)
    if full:
        update.nodes_written, update.edges_written = _merge_all(store, progress)
    else:
        update.nodes_written, update.edges_written = _merge_some(store, touched_nodes, touched_edges)
    if graphs.WHOLE_GRAPH_PASSES or db.execute("SELECT 1 FROM part_node WHERE source = ? LIMIT 1",
                                               (WHOLE_GRAPH,)).fetchone():
        nodes, edges = _run_whole_graph_passes(store)
        update.nodes_written += nodes
        update.edges_written += edges


def _replace_parts(store: Store, rebuild: list[str], leaving: list[str], contexts: dict[str, Any],
                   stored_identity: _StoredIdentity, progress: Report, full: bool) -> tuple[set, set]:
    """Drop the parts of the records that left or are rebuilt, build and store the new ones; the keys touched."""
    db = store.db
    touched_nodes: set[str] = set()
    touched_edges: set[tuple[str, str, str]] = set()
    for source in sorted(set(rebuild) | set(leaving)):
        if not full:
            touched_nodes.update(k for (k,) in db.execute("SELECT key FROM part_node WHERE source = ?", (source,)))
            touched_edges.update(db.execute("SELECT u, type, v FROM part_edge WHERE source = ?", (source,)))
        for table in ("part_node", "part_edge", "uses"):
            db.execute(f"DELETE FROM {table} WHERE source = ?", (source,))
    nodes, edges, uses = [], [], []
    for done, source in enumerate(rebuild, 1):
        identity = stored_identity.identity()
        part = graphs.fragment(contexts.pop(source), identity)
        uses += [(source, what) for what in _uses(identity)]
        for key, data in part.nodes(data=True):
            nodes.append((key, source, dumps(data)))
            if not full:
                touched_nodes.add(key)
        for u, v, etype, data in part.edges(keys=True, data=True):
            edges.append((u, etype, v, source, dumps(data)))
            if not full:
                touched_edges.add((u, etype, v))
        if len(nodes) + len(edges) > 20 * BATCH or done == len(rebuild):
            db.executemany("INSERT INTO part_node VALUES (?, ?, ?)", nodes)
            db.executemany("INSERT INTO part_edge VALUES (?, ?, ?, ?, ?)", edges)
            db.executemany("INSERT INTO uses VALUES (?, ?)", uses)
            nodes, edges, uses = [], [], []
        progress("build", done, len(rebuild))
    return touched_nodes, touched_edges


def _strip(data: dict[str, Any]) -> dict[str, Any]:
    for marker in graphs.MARKERS:
        data.pop(marker, None)
    return data


def _fold_nodes(rows: Iterable[str]) -> dict[str, Any] | None:
    node = None
    for data in rows:
        node = graphs.merge_node(node, json.loads(data))
    return _strip(node) if node is not None else None


def _fold_edges(rows: Iterable[str]) -> dict[str, Any] | None:
    edge = None
    for data in rows:
        edge = graphs.merge_edge(edge, json.loads(data))
    return edge


def _node_rows(key: str, data: dict[str, Any], text: str | None = None) -> tuple[tuple[Any, ...], list[tuple[str, str]]]:
    """The row of a merged node and its alias rows; `text`: its JSON when it is already that (one part, no
    markers), to save dumping it again."""
    from graphbuild.names import name_match_key

    if text is not None and any(f'"{marker}"' in text for marker in graphs.MARKERS):
        text = None
    row = (key, data.get("label"), text or dumps(data), *node_columns(key, data))
    aliases = sorted({name_match_key(a) for a in data.get("aliases") or ()}) if data.get("label") == "Agency" else []
    return row, [(a, key) for a in aliases]


def _edge_row(u: str, etype: str, v: str, data: dict[str, Any], text: str | None = None) -> tuple[Any, ...]:
    """The row of a merged edge; `text`: its JSON when it is already that (one part with its lists)."""
    if text is not None and not ('"lines":' in text and '"sources":' in text):
        text = None
    return u, etype, v, int(data.get("count") or 1), int(bool(data.get("basis"))), text or dumps(data)


_INSERT_NODE = f"INSERT INTO node VALUES ({', '.join('?' * (3 + len(NODE_COLUMNS)))})"


def _grouped(cursor: Iterable[tuple]) -> Iterator[tuple[Any, list[str]]]:
    """Consecutive rows (key..., data) grouped by key."""
    current, datas = None, []
    for *key, data in cursor:
        key = tuple(key) if len(key) > 1 else key[0]
        if key != current and datas:
            yield current, datas
            datas = []
        current = key
        datas.append(data)
    if datas:
        yield current, datas


def _merge_all(store: Store, progress: Report) -> tuple[int, int]:
    """Merge every node and edge again from the parts, in one ordered pass over each table."""
    db = store.db
    for table in ("node", "edge", "alias"):
        db.execute(f"DELETE FROM {table}")
    read = store.db.execute  # a second cursor reads while the first one writes, in the same transaction
    nodes, aliases, written = [], [], 0
    total = db.execute("SELECT count(DISTINCT key) FROM part_node").fetchone()[0]
    for key, datas in _grouped(read("SELECT key, data FROM part_node ORDER BY key, source")):
        row, alias_rows = _node_rows(key, _fold_nodes(datas), datas[0] if len(datas) == 1 else None)
        nodes.append(row)
        aliases += alias_rows
        written += 1
        if len(nodes) >= BATCH:
            db.executemany(_INSERT_NODE, nodes)
            db.executemany("INSERT OR IGNORE INTO alias VALUES (?, ?)", aliases)
            nodes, aliases = [], []
            progress("merge nodes", written, total)
    db.executemany(_INSERT_NODE, nodes)
    db.executemany("INSERT OR IGNORE INTO alias VALUES (?, ?)", aliases)
    edges, edges_written = [], 0
    total = db.execute("SELECT count(*) FROM (SELECT DISTINCT u, type, v FROM part_edge)").fetchone()[0]
    for (u, etype, v), datas in _grouped(read("SELECT u, type, v, data FROM part_edge ORDER BY u, type, v, source")):
        edges.append(_edge_row(u, etype, v, _fold_edges(datas), datas[0] if len(datas) == 1 else None))
        edges_written += 1
        if len(edges) >= BATCH:
            db.executemany("INSERT INTO edge VALUES (?, ?, ?, ?, ?, ?)", edges)
            edges = []
            progress("merge edges", edges_written, total)
    db.executemany("INSERT INTO edge VALUES (?, ?, ?, ?, ?, ?)", edges)
    return written, edges_written


def _merge_some(store: Store, nodes: set[str], edges: set[tuple[str, str, str]]) -> tuple[int, int]:
    """Merge again the nodes and edges some records touched."""
    db = store.db
    for key in sorted(nodes):
        merged = _fold_nodes(d for (d,) in db.execute("SELECT data FROM part_node WHERE key = ? ORDER BY source",
                                                      (key,)))
        db.execute("DELETE FROM node WHERE key = ?", (key,))
        db.execute("DELETE FROM alias WHERE key = ?", (key,))
        if merged is not None:
            row, aliases = _node_rows(key, merged)
            db.execute(_INSERT_NODE, row)
            db.executemany("INSERT OR IGNORE INTO alias VALUES (?, ?)", aliases)
    for u, etype, v in sorted(edges):
        merged = _fold_edges(d for (d,) in db.execute(
            "SELECT data FROM part_edge WHERE u = ? AND type = ? AND v = ? ORDER BY source", (u, etype, v)))
        db.execute("DELETE FROM edge WHERE u = ? AND type = ? AND v = ?", (u, etype, v))
        if merged is not None:
            db.execute("INSERT INTO edge VALUES (?, ?, ?, ?, ?, ?)", _edge_row(u, etype, v, merged))
    return len(nodes), len(edges)


WHOLE_GRAPH = "\U0010ffffwhole-graph passes"  # the parts graph.finish adds: a source sorting after every file


def _run_whole_graph_passes(store: Store) -> tuple[int, int]:
    """graph.finish on the stored graph: the passes read the nodes of their labels as the records made them,
    what they add becomes the parts of one more source (after every file), and what changed is merged again."""
    import networkx as nx

    db = store.db
    labels = sorted({label for step in graphs.WHOLE_GRAPH_PASSES for label in step.reads})
    G = nx.MultiDiGraph()
    marks = ",".join("?" * len(labels))
    for key, data in db.execute(f"SELECT n.key, n.data FROM node n WHERE n.label IN ({marks}) AND EXISTS "
                                f"(SELECT 1 FROM part_node p WHERE p.key = n.key AND p.source != ?)",
                                (*labels, WHOLE_GRAPH)):
        G.add_node(key, **json.loads(data))
    for u, v, etype, data in db.execute("SELECT e.u, e.v, e.type, e.data FROM edge e WHERE EXISTS (SELECT 1 FROM "
                                        "part_edge p WHERE p.u = e.u AND p.type = e.type AND p.v = e.v AND p.source "
                                        "!= ?)", (WHOLE_GRAPH,)):
        if u in G and v in G:
            G.add_edge(u, v, key=etype, **json.loads(data))
    before_nodes, before_edges = set(G.nodes), set(G.edges(keys=True))
    graphs.finish(G)
    nodes = [(k, WHOLE_GRAPH, dumps(G.nodes[k])) for k in G.nodes if k not in before_nodes]
    edges = [(u, t, v, WHOLE_GRAPH, dumps(d)) for u, v, t, d in G.edges(keys=True, data=True)
             if (u, v, t) not in before_edges]
    touched_nodes = {k for (k,) in db.execute("SELECT key FROM part_node WHERE source = ?", (WHOLE_GRAPH,))}
    touched_edges = set(db.execute("SELECT u, type, v FROM part_edge WHERE source = ?", (WHOLE_GRAPH,)))
    db.execute("DELETE FROM part_node WHERE source = ?", (WHOLE_GRAPH,))
    db.execute("DELETE FROM part_edge WHERE source = ?", (WHOLE_GRAPH,))
    db.executemany("INSERT INTO part_node VALUES (?, ?, ?)", nodes)
    db.executemany("INSERT INTO part_edge VALUES (?, ?, ?, ?, ?)", edges)
    touched_nodes.update(k for k, _, _ in nodes)
    touched_edges.update((u, t, v) for u, t, v, _, _ in edges)
    return _merge_some(store, touched_nodes, touched_edges)


# ---------------------------------------------------------------------------- the whole job

def build_store(paths: Iterable[str | Path] | None = None, out_dir: str | Path = "data", *,
                jobs: int | None = None, progress: Report = quiet, cache: RecordCache | None = None) -> StoreUpdate:
    """Bring `<out_dir>/graph.db` up to date with the documents (or records) under `paths` (default: the sample
    corpus): extracting only new or changed files (records cached in `<out_dir>/.cache/records`), rebuilding
    only what they touch. Raises GraphbuildError when nothing could be read."""
    from graphbuild.knowledge import sample_corpus

    paths = [Path(p) for p in (paths or [sample_corpus()])]
    out = Path(out_dir)
    cache = cache if cache is not None else RecordCache(out / ".cache" / "records", extractor_version())
    update = StoreUpdate()
    with Store(out, create=True) as store:
        inputs = read_corpus(store, paths, jobs, cache, progress, update)
        if not inputs:
            raise GraphbuildError("; ".join(update.problems) if update.problems else "no documents to read")
        update_store(store, inputs, progress, update)
    if os.environ.get("GRAPHBUILD_KEEP_OLD_RECORDS") is None:
        cache.prune()
    return update
