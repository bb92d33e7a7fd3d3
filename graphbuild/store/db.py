"""The on-disk store: the graph `kg build` made, in one SQLite file beside the exports (`graph.db`).

SQLite because the store has three jobs and it does all three in one embedded file: keep the
graph (one row per node and per edge, the attributes as JSON, the columns the questions filter on
indexed), answer the canned questions with indexed SQL (`queries/<name>.sql`, the third twin;
bench/bench_scale.py prints them beside the SPARQL twins on Oxigraph), and keep what an incremental
build needs: each file's record, what each record says about identity (`claim_*`), each record's
part of the graph (`part_*`) and what that part depends on (`uses`).

Tables (all keys are graph keys, graphbuild.schema):

    meta        name -> value: format, extractor version, build time, inputs
    file        one row per input file: path in the corpus, checksum, record (JSON), in_graph
    claim_*     what each record says about numbers and jurisdiction names (graph.Claims)
    uses        the numbers and jurisdiction names each record's part was built with
    part_node   (key, source) -> what one record says about one node (graph.fragment)
    part_edge   (u, type, v, source) -> what one record says about one edge
    node        key -> the node (merged parts, graph.merge_node) and its query columns
    edge        (u, type, v) -> the edge (graph.merge_edge), count and basis
    alias       agency aliases by match key (graphbuild.names)
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Self

import networkx as nx

from graphbuild.errors import GraphbuildError

FILE_NAME = "graph.db"
FORMAT = "graphbuild-store-1"

TABLES = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS file (
    source TEXT PRIMARY KEY, path TEXT, checksum TEXT, version TEXT, mtime REAL,
    rank TEXT, keys TEXT, in_graph INTEGER NOT NULL DEFAULT 1, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS claim_number (source TEXT, jur TEXT, fold TEXT, variant TEXT, weight INTEGER,
    owned INTEGER, date TEXT);
CREATE INDEX IF NOT EXISTS claim_number_ident ON claim_number (jur, fold);
CREATE INDEX IF NOT EXISTS claim_number_source ON claim_number (source);
CREATE TABLE IF NOT EXISTS claim_name (source TEXT, slug TEXT, name TEXT, tier INTEGER, position INTEGER);
CREATE INDEX IF NOT EXISTS claim_name_slug ON claim_name (slug);
CREATE INDEX IF NOT EXISTS claim_name_source ON claim_name (source);
CREATE TABLE IF NOT EXISTS uses (source TEXT, what TEXT);
CREATE INDEX IF NOT EXISTS uses_what ON uses (what);
CREATE INDEX IF NOT EXISTS uses_source ON uses (source);
CREATE TABLE IF NOT EXISTS part_node (key TEXT, source TEXT, data TEXT, PRIMARY KEY (key, source));
CREATE INDEX IF NOT EXISTS part_node_source ON part_node (source);
CREATE TABLE IF NOT EXISTS part_edge (u TEXT, type TEXT, v TEXT, source TEXT, data TEXT,
    PRIMARY KEY (u, type, v, source));
CREATE INDEX IF NOT EXISTS part_edge_source ON part_edge (source);
CREATE TABLE IF NOT EXISTS node (
    key TEXT PRIMARY KEY, label TEXT NOT NULL, data TEXT NOT NULL,
    name TEXT, number TEXT, match TEXT, kind TEXT, jurisdiction TEXT, document TEXT, in_corpus INTEGER,
    date TEXT, issuer TEXT, due TEXT, due_end TEXT, recurring TEXT, due_text TEXT, section TEXT, text TEXT,
    source TEXT, line INTEGER, is_group INTEGER);
CREATE INDEX IF NOT EXISTS node_label ON node (label, key);
CREATE INDEX IF NOT EXISTS node_match ON node (match, label);
CREATE INDEX IF NOT EXISTS node_document ON node (document);
CREATE INDEX IF NOT EXISTS node_jurisdiction ON node (jurisdiction, label);
CREATE TABLE IF NOT EXISTS edge (u TEXT, type TEXT, v TEXT, count INTEGER, basis INTEGER, data TEXT NOT NULL,
    PRIMARY KEY (u, type, v));
CREATE INDEX IF NOT EXISTS edge_v ON edge (v, type, u);
CREATE INDEX IF NOT EXISTS edge_type ON edge (type, v);
CREATE TABLE IF NOT EXISTS alias (match TEXT, key TEXT, PRIMARY KEY (match, key));
"""

NODE_COLUMNS = ("name", "number", "match", "kind", "jurisdiction", "document", "in_corpus", "date", "issuer", "due",
                "due_end", "recurring", "due_text", "section", "text", "source", "line", "is_group")


def store_file(path: str | Path) -> Path:
    """The store file a path names: the file itself, or `graph.db` in a folder (an exports folder)."""
    path = Path(path)
    return path / FILE_NAME if path.is_dir() or not path.suffix else path


def node_columns(key: str, data: dict[str, Any]) -> tuple[Any, ...]:
    """The query columns of a node (NODE_COLUMNS): what the SQL twins filter, join and sort on."""
    from graphbuild.names import document_match_key, name_match_key
    from graphbuild.queries import due_end, is_group

    label = data.get("label")
    number, name = data.get("number"), data.get("name")
    match = document_match_key(number) if label == "Document" and number else \
        name_match_key(name) if name and label in ("Agency", "Jurisdiction") else None
    return (name, number, match, data.get("kind"), data.get("jurisdiction"), data.get("document"),
            int(bool(data.get("in_corpus"))) if label == "Document" else None, data.get("date"), data.get("issuer"),
            data.get("due"), due_end(data.get("due")), data.get("recurring"), data.get("due_text"),
            data.get("section"), data.get("text"), data.get("source"), data.get("line_start"),
            int(is_group(data)) if label == "Agency" else None)


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Store:
    """A graph on disk (`open_store`): read it as rows, as a networkx graph, or through its questions."""

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = store_file(path)
        if not create and not self.path.is_file():
            raise GraphbuildError(f"{self.path}: no store here (run `kg build` first, or give documents)")
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA cache_size=-200000")  # 200 MB of page cache
            self.db.execute("PRAGMA temp_store=MEMORY")
            if create:
                self.db.executescript(TABLES)
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT,))
            found = self.meta("format")
        except sqlite3.DatabaseError as err:
            raise GraphbuildError(f"{self.path}: not a graphbuild store ({err})") from err
        if found != FORMAT:
            raise GraphbuildError(f"{self.path}: a store of format {found!r}, this graphbuild reads {FORMAT!r} "
                                  f"(run `kg build` again)")
        self._graph: nx.MultiDiGraph | None = None
        self._reader: sqlite3.Connection | None = None

    # -- housekeeping

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self.db.close()

    def reader(self) -> sqlite3.Connection:
        """A second connection for the questions: `[bool]` columns come back as booleans (sqlite3 converters)."""
        if self._reader is None:
            self._reader = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False,
                                           detect_types=sqlite3.PARSE_COLNAMES)
            self._reader.execute("PRAGMA cache_size=-200000")
        return self._reader

    def cached_graph(self) -> nx.MultiDiGraph:
        """`graph()`, loaded once per open store (for what only a networkx graph answers)."""
        if self._graph is None:
            self._graph = self.graph()
        return self._graph

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self, name: str, default: Any = None) -> Any:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        except sqlite3.OperationalError:
            return default
        return json.loads(row[0]) if row and row[0] is not None and name != "format" else (row[0] if row else default)

    def set_meta(self, name: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, dumps(value)))

    def size(self) -> int:
        """Bytes on disk (the database and its write-ahead log)."""
        return sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())

    # -- the graph as rows

    def node(self, key: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data FROM node WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def nodes(self, label: str | None = None, start: str | None = None,
              stop: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """(key, attributes) of every node (of one label; with a key in [start, stop)), by key."""
        cursor = self.db.execute("SELECT key, data FROM node WHERE (?1 IS NULL OR label = ?1) AND (?2 IS NULL OR "
                                 "key >= ?2) AND (?3 IS NULL OR key < ?3) ORDER BY key", (label, start, stop))
        for key, data in cursor:
            yield key, json.loads(data)

    def edges(self, etype: str | None = None, start: str | None = None,
              stop: str | None = None) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """(from, to, type, attributes) of every edge (of one type; from a key in [start, stop)), by (from, type,
        to)."""
        cursor = self.db.execute("SELECT u, v, type, data FROM edge WHERE (?1 IS NULL OR type = ?1) AND (?2 IS NULL "
                                 "OR u >= ?2) AND (?3 IS NULL OR u < ?3) ORDER BY u, type, v", (etype, start, stop))
        for u, v, t, data in cursor:
            yield u, v, t, json.loads(data)

    def split_keys(self, parts: int) -> list[str]:
        """Node keys that cut the nodes into `parts` runs of about equal size (parts - 1 keys, in order)."""
        total = self.db.execute("SELECT count(*) FROM node").fetchone()[0]
        cuts = []
        for i in range(1, parts):
            row = self.db.execute("SELECT key FROM node ORDER BY key LIMIT 1 OFFSET ?", (total * i // parts,)).fetchone()
            if row and (not cuts or row[0] > cuts[-1]):
                cuts.append(row[0])
        return cuts

    def labels(self) -> dict[str, str]:
        """key -> label of every node (what edge writers need to know about the ends of an edge)."""
        return dict(self.db.execute("SELECT key, label FROM node"))

    def sources(self) -> dict[str, str | None]:
        """The files in the graph: path in the corpus -> SHA-256."""
        return dict(self.db.execute("SELECT source, checksum FROM file WHERE in_graph ORDER BY source"))

    def graph_attributes(self) -> dict[str, Any]:
        """What graph.build_graph puts in `G.graph`: the files and the build time."""
        return {"sources": self.sources(), "built": self.meta("built")}

    def graph(self, labels: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The stored graph as networkx (what the in-memory pipeline builds), or the nodes of some labels
        and the edges between them."""
        G = nx.MultiDiGraph()
        G.graph.update(self.graph_attributes())
        wanted = set(labels) if labels is not None else None
        for key, data in self.nodes():
            if wanted is None or data.get("label") in wanted:
                G.add_node(key, **data)
        for u, v, etype, data in self.edges():
            if wanted is None or (u in G and v in G):
                G.add_edge(u, v, key=etype, **data)
        return G

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        labels = dict(self.db.execute("SELECT label, count(*) FROM node GROUP BY label ORDER BY label"))
        types = dict(self.db.execute("SELECT type, count(*) FROM edge GROUP BY type ORDER BY type"))
        return labels, types

    def summary(self, top: int = 10) -> dict[str, Any]:
        """graph.summary of the stored graph, from the tables."""
        labels, types = self.counts()
        in_corpus = self.db.execute("SELECT count(*) FROM node WHERE label = 'Document' AND in_corpus").fetchone()[0]
        load: Counter[tuple[str, str]] = Counter()
        for u, etype, n in self.db.execute(
                "SELECT e.u, e.type, count(*) FROM edge e JOIN node a ON a.key = e.u "
                "WHERE e.type IN ('LEADS', 'COORDINATES') AND a.label = 'Agency' AND NOT a.is_group "
                "GROUP BY e.u, e.type"):
            load[(u, etype)] = n
        agencies = sorted({u for u, _ in load})
        rows = []
        for key in agencies:
            data = self.node(key) or {}
            rows.append({"id": key, "name": data.get("name"), "jurisdiction": data.get("jurisdiction"),
                         "leads": load[(key, "LEADS")], "coordinates": load[(key, "COORDINATES")]})
        rows.sort(key=lambda a: (-(a["leads"] + a["coordinates"]), -a["leads"], a["id"]))
        return {
            "nodes": sum(labels.values()),
            "edges": sum(types.values()),
            "labels": labels,
            "edge_types": types,
            "documents_in_corpus": in_corpus,
            "documents_cited_only": labels.get("Document", 0) - in_corpus,
            "top_agencies": rows[:top],
        }


def open_store(path: str | Path = "data") -> Store:
    """The store `kg build` wrote: a `graph.db` file, or the folder holding it (default `data`).

        >>> import tempfile
        >>> from graphbuild.store import build_store
        >>> folder = tempfile.mkdtemp()
        >>> _ = build_store(out_dir=folder)
        >>> with open_store(folder) as store:
        ...     store.summary()["documents_in_corpus"]
        5
    """
    return Store(path)
