"""Load the knowledge graph into a Bolt server (Neo4j 5, or FalkorDB) with batched, idempotent MERGE.

The graph of docs/graph-schema.md goes in as nodes labelled Document / Agency / Mandate /
Jurisdiction keyed by `id`, and relationships of the seven schema types. Every write is
`UNWIND $rows AS row MERGE ... SET x += row.props`: values travel only as parameters, labels and
relationship types come from a fixed whitelist, so loading twice leaves the same graph.

Server differences are detected, not configured:

- Neo4j (answers `CALL dbms.components()`) gets uniqueness constraints on `id` and unbounded batches.
- Any other Bolt server (FalkorDB 4.x) gets `CREATE INDEX FOR (n:L) ON (n.id)` when constraints are
  refused, and conservative parameter handling: FalkorDB pastes parameters into the query text as
  single-quoted literals without escaping (an apostrophe, as in "People's Committee", breaks the
  query and a backslash is read as an escape) and its buffer for that text is about 4 KB (larger
  parameters crash the server). So strings are escaped when a probe shows the server needs it, and
  batches are cut to a byte budget; a property too large for one message is written in pieces.
- Only Neo4j gets `database`: FalkorDB 4.16 sends transactions to its default graph and auto-commit
  queries to a graph literally named "db" whatever name is asked for, so a database name is refused there.
- A `neo4j://` URI is tried with routing first (a cluster works); when the routing table the server
  advertises is unusable (FalkorDB always advertises localhost:7687), the same address is used directly.
- After a Bolt client says GOODBYE (the driver does on close), FalkorDB 4.16 stops serving everyone, Redis
  clients included, until the next Bolt connection arrives, and that connection never gets its handshake
  reply. So a handshake without reply is retried after a short timeout, and after closing its own driver
  to a server that is not Neo4j the loader opens and closes one bare TCP connection, which takes that
  slot so that the server serves again and the next client (`kg stats`, a test) connects at once.
"""
from __future__ import annotations

import json
import logging
import os
import re
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
import networkx as nx
from neo4j import exceptions as neo4j_errors

from graphbuild.errors import GraphbuildError
from graphbuild.schema import (
    DATE_ATTRIBUTES,
    EDGE_NAMES,
    EDGE_TYPES,
    FULLTEXT_ATTRIBUTES,
    JURISDICTION,
    JURISDICTION_RELATIONSHIP,
    NODE_LABELS,
    NODE_TYPES,
)

REL_TYPES = EDGE_NAMES  # the schema's edge types are the relationship types
STORE_REL_TYPES = (*EDGE_NAMES, JURISDICTION_RELATIONSHIP)  # plus a node's jurisdiction, as a relationship
_PROBE_QUERY = "CALL dbms.components() YIELD name RETURN name"
GRAPH_COUNTS_NODES = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n"
GRAPH_COUNTS_RELATIONSHIPS = "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n"
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
CONNECT_TIMEOUT = 5.0  # seconds for connection + Bolt handshake; short so a stuck handshake is retried soon
CONNECT_ATTEMPTS = 3
PARAM_BUDGET = 3500  # bytes of parameters as Cypher literals per query on servers that paste them (FalkorDB: 4096)
NEO4J_BATCH = 5000  # rows per transaction on Neo4j (it takes thousands; a transaction holds them in memory)
BOLT_BATCH = 1000  # rows per transaction elsewhere, before PARAM_BUDGET cuts them (FalkorDB: about 10)
_PROBE = "graphbuild's \\ probe"
_PROPERTY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

Progress = Callable[[str, int, int], None]  # (phase "nodes" / "relationships", rows done, rows total)

# The driver reports routing failures as warnings on its own logger; the caller gets one GraphbuildError
# instead. A NullHandler only stops Python's last-resort stderr output; configured handlers still see them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


# ---------------------------------------------------------------------------- property values

def bolt_value(value: Any) -> Any:
    """A value Bolt and every store accept: scalars as they are, dates as ISO text, flat homogeneous lists.

    Returns None for "drop this property". Nested lists are flattened, None items dropped, and a
    list mixing types becomes a list of strings (Neo4j stores only homogeneous arrays).
    """
    if value is None:
        return None
    if isinstance(value, bool | str | float):
        return value
    if isinstance(value, int):
        return value if -(2 ** 63) <= value < 2 ** 63 else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, list | tuple | set | frozenset):
        items = [bolt_value(v) for v in _leaves(sorted(value, key=str) if isinstance(value, set | frozenset) else value)]
        items = [v for v in items if v is not None]
        kinds = {float if type(v) is int else type(v) for v in items}
        if kinds == {float}:
            return [float(v) for v in items] if any(type(v) is float for v in items) else items
        if len(kinds) > 1:
            return [str(v) for v in items]
        return items
    return str(value)


def _leaves(items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        if isinstance(item, list | tuple):
            yield from _leaves(item)
        else:
            yield item


def bolt_properties(attrs: Mapping[str, Any], skip: Iterable[str] = ()) -> dict[str, Any]:
    """Node or edge attributes as Bolt-safe properties: None dropped, maps flattened to `key_sub`, names made safe."""
    skipped = set(skip)
    out: dict[str, Any] = {}

    def put(name: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for sub, inner in value.items():
                put(f"{name}_{sub}", inner)
            return
        converted = bolt_value(value)
        if converted is not None:
            out[_property_name(name)] = converted

    for name, value in attrs.items():
        if name not in skipped:
            put(str(name), value)
    return out


def _property_name(name: str) -> str:
    """ASCII identifier: FalkorDB refuses other map keys, and names are spliced (backquoted) into chunked SETs."""
    safe = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return safe if _PROPERTY_NAME.fullmatch(safe) else f"_{safe}"


def _escape(value: Any) -> Any:
    """Escape strings for a server that pastes parameters into single-quoted literals (FalkorDB)."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list):
        return [_escape(v) for v in value]
    if isinstance(value, dict):
        return {k: _escape(v) for k, v in value.items()}
    return value


def literal_size(value: Any) -> int:
    """Upper bound of the bytes a value takes as a Cypher literal (quotes, escapes, ", " separators)."""
    if isinstance(value, str):
        return len(value.encode()) + value.count("'") + value.count("\\") + 2
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int | float):
        return len(repr(value)) + 2
    if isinstance(value, list):
        return 2 + sum(literal_size(v) + 2 for v in value)
    if isinstance(value, dict):
        return 2 + sum(len(k) + 2 + literal_size(v) + 2 for k, v in value.items())
    return len(str(value).encode()) + 2


# ---------------------------------------------------------------------------- graph -> rows

@dataclass
class _Rows:
    """The graph as write batches: node rows per label, relationship rows per (type, from label, to label)."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        return sum(map(len, self.nodes.values()))

    @property
    def rel_count(self) -> int:
        return sum(map(len, self.rels.values()))


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def graph_rows(G: nx.MultiDiGraph, dates: bool = False) -> _Rows:
    """Check labels and types against the schema and turn the graph into rows.

    A node's `jurisdiction` becomes an IN_JURISDICTION relationship (not a property). With `dates` (Neo4j), the
    date attributes of the schema that hold a full ISO date travel beside the properties (`row.date`,
    `row.due_date`) so that the statement stores them as Cypher `date`; a partial date ("2021-05") stays text.
    """
    rows = _Rows()
    labels: dict[Any, str] = {}
    for node, data in G.nodes(data=True):
        label = data.get("label")
        if label not in NODE_LABELS:
            raise GraphbuildError(f"node {node}: label {label!r} is not one of {', '.join(NODE_LABELS)}")
        labels[node] = label
        row = {"id": str(node), "props": bolt_properties(data, ("id", "label", "jurisdiction"))}
        for name in DATE_ATTRIBUTES.get(label, ()) if dates else ():
            value = row["props"].get(name)
            row[name] = row["props"].pop(name) if isinstance(value, str) and _ISO_DATE.fullmatch(value) else None
        rows.nodes.setdefault(label, []).append(row)
    for node, data in G.nodes(data=True):
        jurisdiction = data.get("jurisdiction")
        if jurisdiction and labels[node] != JURISDICTION:
            if labels.get(jurisdiction) != JURISDICTION:
                raise GraphbuildError(f"node {node}: jurisdiction {jurisdiction!r} is not a Jurisdiction of the graph")
            group = (JURISDICTION_RELATIONSHIP, labels[node], JURISDICTION)
            rows.rels.setdefault(group, []).append({"src": str(node), "dst": str(jurisdiction), "props": {}})
    merged: dict[tuple[str, str, str, str, str], dict[str, Any]] = {}
    for src, dst, key, data in G.edges(keys=True, data=True):
        rel_type = data.get("type") or key
        if rel_type not in REL_TYPES:
            raise GraphbuildError(f"edge {src} -> {dst}: type {rel_type!r} is not one of {', '.join(REL_TYPES)}")
        group = (rel_type, labels[src], labels[dst])
        if group[1:] not in EDGE_TYPES[rel_type].ends:
            raise GraphbuildError(f"edge {src} -> {dst}: {rel_type} does not join {group[1]} to {group[2]} in the schema")
        row = merged.setdefault((*group, str(src), str(dst)), {"src": str(src), "dst": str(dst), "props": {}})
        row["props"].update(bolt_properties(data, ("type",)))  # parallel edges of one type: MERGE makes one
    for (rel_type, src_label, dst_label, _, _), row in merged.items():
        rows.rels.setdefault((rel_type, src_label, dst_label), []).append(row)
    for group in rows.nodes.values():
        group.sort(key=lambda r: r["id"])
    for group in rows.rels.values():
        group.sort(key=lambda r: (r["src"], r["dst"]))
    return rows


def relationship_groups() -> list[tuple[str, str, str]]:
    """Every (type, from label, to label) the schema allows in the store, IN_JURISDICTION included."""
    groups = [(name, a, b) for name, t in EDGE_TYPES.items() for a, b in t.ends]
    groups += [(JURISDICTION_RELATIONSHIP, label, JURISDICTION) for label in NODE_LABELS
               if "jurisdiction" in NODE_TYPES[label].attributes]
    return groups


def _node_query(label: str, dates: bool = False) -> str:
    """MERGE a batch of nodes and replace their properties (a property the build no longer has goes)."""
    query = f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props, n.id = row.id"
    for name in DATE_ATTRIBUTES.get(label, ()) if dates else ():
        query += f" SET n.{name} = CASE WHEN row.{name} IS NULL THEN n.{name} ELSE date(row.{name}) END"
    return query


def _rel_query(rel_type: str, src_label: str, dst_label: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.src}}) MATCH (b:{dst_label} {{id: row.dst}}) "
            f"MERGE (a)-[r:{rel_type}]->(b) SET r = row.props")


def _stored_nodes_query(label: str) -> str:
    return f"MATCH (n:{label}) RETURN n.id AS id"


def _delete_nodes_query(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) DETACH DELETE n"


def _stored_rels_query(rel_type: str, src_label: str, dst_label: str) -> str:
    return f"MATCH (a:{src_label})-[:{rel_type}]->(b:{dst_label}) RETURN a.id AS src, b.id AS dst"


def _delete_rels_query(rel_type: str, src_label: str, dst_label: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.src}})-[r:{rel_type}]->(b:{dst_label} {{id: row.dst}}) "
            "DELETE r")


def fulltext_statements(neo4j: bool) -> list[str]:
    """Full-text indexes on names and mandate text: Neo4j 5's CREATE FULLTEXT INDEX (one per label, named
    graphbuild_<label>_text), FalkorDB's procedure (one per label and property; it has no IF NOT EXISTS, so the
    loader asks db.indexes() first)."""
    if neo4j:
        return [f"CREATE FULLTEXT INDEX graphbuild_{label.lower()}_text IF NOT EXISTS FOR (n:{label}) ON EACH "
                f"[{', '.join(f'n.{a}' for a in attrs)}]" for label, attrs in FULLTEXT_ATTRIBUTES.items()]
    return [f"CALL db.idx.fulltext.createNodeIndex('{label}', {', '.join(repr(a) for a in attrs)})"
            for label, attrs in FULLTEXT_ATTRIBUTES.items()]


def cypher_statements() -> dict[str, list[str]]:
    """Every statement the loader can send, per kind of server (for the grammar check in the tests)."""
    out: dict[str, list[str]] = {}
    for server, is_neo4j in (("neo4j", True), ("falkordb", False)):
        statements = [_PROBE_QUERY, "RETURN $probe AS probe", "RETURN 1 AS ok"]
        for label in NODE_LABELS:
            statements += [_node_query(label, is_neo4j), f"MATCH (x:{label} {{id: $id}}) SET x.`text` = $part",
                           f"MATCH (x:{label} {{id: $id}}) SET x.`text` = x.`text` + $part",
                           _stored_nodes_query(label), _delete_nodes_query(label)]
            statements += _id_index_statements(label, is_neo4j)
            if is_neo4j:
                statements.append(f"CREATE INDEX graphbuild_{label.lower()}_id_index IF NOT EXISTS FOR (n:{label}) "
                                  "ON (n.id)")
        for group in relationship_groups():
            statements += [_rel_query(*group), _stored_rels_query(*group), _delete_rels_query(*group)]
        statements += fulltext_statements(is_neo4j)
        statements += [_search_query(label, is_neo4j) for label in FULLTEXT_ATTRIBUTES]
        statements += [] if is_neo4j else ["CALL db.indexes()"]
        statements += [GRAPH_COUNTS_NODES, GRAPH_COUNTS_RELATIONSHIPS]
        out[server] = statements
    return out


# ---------------------------------------------------------------------------- connection

def _display_uri(uri: str) -> str:
    """The URI without any user:password@ part, for messages."""
    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _reason(err: BaseException) -> str:
    """A short, one-line reason from a driver error."""
    if isinstance(err, neo4j_errors.AuthError):
        return "authentication failed"
    message = getattr(err, "message", None) if isinstance(err, neo4j_errors.Neo4jError) else None
    text = message or str(err) or type(err).__name__
    if isinstance(err, neo4j_errors.ServiceUnavailable | neo4j_errors.SessionExpired | OSError):
        if found := re.search(r"reason (\[Errno[^\]]*\][^)]*)", text):
            return f"server unreachable ({found.group(1)})"
        if "DNS resolve" in text:
            return "server unreachable (host name does not resolve)"
        if "handshake" in text:
            return "server unreachable (no Bolt handshake reply: is this a Bolt port?)"
        return f"server unreachable ({_one_line(text, 200)})"
    return _one_line(text)


class Store:
    """An open connection to one Bolt server, with what was learnt about it (see the module docstring)."""

    def __init__(self, driver: neo4j.Driver, uri: str, database: str | None, routing: bool, password: str,
                 driver_uri: str = "") -> None:
        self.driver = driver
        self.uri = uri  # display form, no credentials
        self.driver_uri = driver_uri or uri  # the URI the driver was opened with
        self.database = database
        self.routing = routing
        self._password = password
        self.is_neo4j = False  # answers dbms.components(): constraints, no parameter quirks
        self.escape_strings = False
        self.param_budget: int | None = None
        self.server = ""

    def fail(self, err: BaseException, doing: str = "") -> GraphbuildError:
        """The one-line error for `err`; never contains the password."""
        reason = _reason(err)
        if self._password:
            reason = reason.replace(self._password, "***")
        return GraphbuildError(f"{self.uri}: {doing + ': ' if doing else ''}{reason}")

    def _params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        params = dict(params or {})
        return _escape(params) if self.escape_strings else params

    def read(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query (routed to a reader in a cluster); rows as dicts."""
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(cypher, self._params(params))]
        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_read(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as err:
            raise self.fail(err, "query failed") from None

    def write(self, statements: list[tuple[str, dict[str, Any]]]) -> Counter[str]:
        """Run statements in one write transaction (retried by the driver on transient errors); summed counters."""
        def work(tx: neo4j.ManagedTransaction) -> Counter[str]:
            total: Counter[str] = Counter()
            for cypher, params in statements:
                counters = tx.run(cypher, self._params(params)).consume().counters
                total.update(nodes=counters.nodes_created, relationships=counters.relationships_created,
                             properties=counters.properties_set)
            return total
        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as err:
            raise self.fail(err, "write failed") from None

    def try_run(self, cypher: str, params: Mapping[str, Any] | None = None,
                default_database: bool = False) -> list[dict[str, Any]] | None:
        """Auto-commit query for feature probes and schema statements: rows, or None when the server refuses it."""
        try:
            with self.driver.session(database=None if default_database else self.database) as session:
                return [record.data() for record in session.run(cypher, self._params(params))]
        except neo4j_errors.Neo4jError:
            return None
        except (neo4j_errors.DriverError, OSError) as err:
            raise self.fail(err) from None

    def detect(self) -> None:
        """Learn what the server is and how it treats string parameters."""
        info = self.driver.get_server_info()
        self.server = info.agent or ""
        # Probes run in the default database, so that a missing `database` is reported as such afterwards.
        self.is_neo4j = self.try_run(_PROBE_QUERY, default_database=True) is not None
        if not self.is_neo4j:
            self.param_budget = PARAM_BUDGET
        raw = self.try_run("RETURN $probe AS probe", {"probe": _PROBE}, default_database=True)
        if raw and raw[0].get("probe") == _PROBE:
            return
        self.escape_strings = True
        escaped = self.try_run("RETURN $probe AS probe", {"probe": _PROBE}, default_database=True)
        if not (escaped and escaped[0].get("probe") == _PROBE):
            self.escape_strings = False
            raise GraphbuildError(f"{self.uri}: server does not return string parameters unchanged")

    def close(self) -> None:
        self.driver.close()
        if not self.is_neo4j:
            _take_stuck_accept(self.driver_uri)


def _settings(uri: str | None, user: str | None, password: str | None) -> tuple[str, tuple[str, str] | None, str]:
    uri = uri or os.environ.get("NEO4J_URI")
    if not uri:
        raise GraphbuildError("no Neo4j URI: pass one (bolt://host:7687 or neo4j://host:7687) or set NEO4J_URI")
    scheme = urlsplit(uri).scheme
    if scheme not in SCHEMES:
        raise GraphbuildError(f"{_display_uri(uri)}: unsupported URI scheme {scheme or '(none)'!r} "
                              f"(expected {', '.join(s + '://' for s in SCHEMES)})")
    if "@" in urlsplit(uri).netloc:  # the driver would echo the whole URI, password included, in its errors
        raise GraphbuildError(f"{_display_uri(uri)}: credentials in the URI are not supported "
                              "(pass user and password, or set NEO4J_USERNAME / NEO4J_PASSWORD)")
    user = user if user is not None else os.environ.get("NEO4J_USERNAME")
    password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
    if user is None and password is None:
        return uri, None, ""
    return uri, (user or "neo4j", password or ""), password or ""


def _take_stuck_accept(uri: str) -> None:
    """Open and close one bare TCP connection: after a GOODBYE FalkorDB serves nobody until a new Bolt connection
    comes, and leaves that one unanswered; this one takes the slot instead of the next real client. Harmless."""
    parts = urlsplit(uri)
    try:
        with socket.create_connection((parts.hostname or "localhost", parts.port or 7687), timeout=1.0):
            pass
    except (OSError, ValueError):
        pass


def _open(uri: str, auth: tuple[str, str] | None, timeout: float) -> neo4j.Driver:
    """A driver whose first connection is verified; a handshake the server never answers is retried."""
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=timeout,
                                            connection_acquisition_timeout=timeout)
    except (neo4j_errors.DriverError, ValueError) as err:
        raise GraphbuildError(f"{_display_uri(uri)}: {_reason(err)}") from None
    for attempt in range(CONNECT_ATTEMPTS):
        try:
            driver.verify_connectivity()
            return driver
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as err:
            if "handshake" not in str(err) or attempt == CONNECT_ATTEMPTS - 1:
                driver.close()
                raise
        except BaseException:
            driver.close()
            raise
    raise AssertionError("unreachable")


def connect(uri: str | None = None, user: str | None = None, password: str | None = None,
            database: str | None = None, *, connect_timeout: float = CONNECT_TIMEOUT) -> Store:
    """Open a verified connection; URI, credentials and database default to NEO4J_URI / NEO4J_USERNAME /
    NEO4J_PASSWORD / NEO4J_DATABASE.

    `neo4j://` URIs use cluster routing when the server's routing table works and fall back to a direct
    connection to the same address when it does not. Errors become one-line GraphbuildErrors.
    """
    uri, auth, secret = _settings(uri, user, password)
    database = database if database is not None else (os.environ.get("NEO4J_DATABASE") or None)
    shown = _display_uri(uri)
    scheme, rest = uri.split("://", 1)
    routing = scheme.startswith("neo4j")
    driver_uri = uri
    try:
        try:
            driver = _open(uri, auth, connect_timeout)
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired):
            if not routing:
                raise
            routing = False  # the advertised routing table is unusable: talk to the given address directly
            _take_stuck_accept(uri)
            driver_uri = scheme.replace("neo4j", "bolt") + "://" + rest
            driver = _open(driver_uri, auth, connect_timeout)
    except GraphbuildError:
        raise
    except neo4j_errors.AuthError as err:
        raise GraphbuildError(f"{shown}: {_reason(err)} for user {auth[0] if auth else '(none)'!r}") from None
    except neo4j_errors.Neo4jError as err:  # refused at HELLO/LOGON: FalkorDB reports a bad password this way
        who = repr(auth[0]) if auth else "(none)"
        message = _reason(err).replace(secret, "***") if secret else _reason(err)
        raise GraphbuildError(f"{shown}: login refused for user {who} ({message})") from None
    except (neo4j_errors.DriverError, OSError) as err:
        message = _reason(err).replace(secret, "***") if secret else _reason(err)
        raise GraphbuildError(f"{shown}: {message}") from None
    store = Store(driver, shown, database, routing, secret, driver_uri)
    try:
        store.detect()
        if database and not store.is_neo4j:
            raise GraphbuildError(f"{shown}: this server cannot choose a database over Bolt (FalkorDB writes "
                                  f"transactions to its default graph whatever the name); leave the database unset")
        if database:
            try:
                store.read("RETURN 1 AS ok")
            except GraphbuildError as err:
                raise GraphbuildError(f"{shown}: database {database!r}: {str(err).split(': ', 2)[-1]}") from None
    except BaseException:
        store.close()
        raise
    return store


@contextmanager
def connected(uri: str | None = None, user: str | None = None, password: str | None = None,
              database: str | None = None, *, connect_timeout: float = CONNECT_TIMEOUT) -> Iterator[Store]:
    """`connect` as a context manager that closes the driver."""
    store = connect(uri, user, password, database, connect_timeout=connect_timeout)
    try:
        yield store
    finally:
        store.close()


# ---------------------------------------------------------------------------- schema

def _id_index_statements(label: str, neo4j: bool) -> list[str]:
    if neo4j:
        return [f"CREATE CONSTRAINT graphbuild_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"]
    return [f"CREATE INDEX FOR (n:{label}) ON (n.id)"]  # FalkorDB: no IF NOT EXISTS, no constraint


def _falkordb_indexes(store: Store) -> dict[str, dict[str, set[str]]]:
    """FalkorDB's indexes: label -> property -> index types (RANGE, FULLTEXT ...)."""
    found: dict[str, dict[str, set[str]]] = {}
    for row in store.try_run("CALL db.indexes()") or []:
        types = row.get("types") or {}
        for prop in row.get("properties") or []:
            found.setdefault(str(row.get("label")), {}).setdefault(prop, set()).update(types.get(prop) or ["RANGE"])
    return found


def ensure_schema(store: Store, labels: Iterable[str] = NODE_LABELS) -> dict[str, str]:
    """Make `id` lookups fast and unique per label, and names and mandate text searchable; chosen per server.

    Neo4j 5: a uniqueness constraint on `id` and a full-text index per label (FULLTEXT_ATTRIBUTES). FalkorDB:
    a range index on `id` and its full-text procedure, each only when db.indexes() lacks it. Returns, per
    label, "constraint", "index" or "none" for `id` (full-text indexes: `ensure_fulltext`).
    """
    done: dict[str, str] = {}
    labels = list(labels)
    for label in labels:
        if label not in NODE_LABELS:
            raise GraphbuildError(f"{store.uri}: label {label!r} is not one of {', '.join(NODE_LABELS)}")
    existing = {} if store.is_neo4j else _falkordb_indexes(store)
    for label in labels:
        [statement] = _id_index_statements(label, store.is_neo4j)
        if "RANGE" in existing.get(label, {}).get("id", set()) or store.try_run(statement) is not None:
            done[label] = "constraint" if store.is_neo4j else "index"
        elif store.is_neo4j and store.try_run(f"CREATE INDEX graphbuild_{label.lower()}_id_index IF NOT EXISTS "
                                               f"FOR (n:{label}) ON (n.id)") is not None:
            done[label] = "index"
        else:
            done[label] = "none"
    return done


def ensure_fulltext(store: Store) -> dict[str, str]:
    """The full-text indexes of FULLTEXT_ATTRIBUTES (see `fulltext_statements`): label -> "fulltext" or "none"."""
    existing = {} if store.is_neo4j else _falkordb_indexes(store)
    done = {}
    for (label, attrs), statement in zip(FULLTEXT_ATTRIBUTES.items(), fulltext_statements(store.is_neo4j)):
        have = existing.get(label, {})
        if all("FULLTEXT" in have.get(a, set()) for a in attrs) or store.try_run(statement) is not None:
            done[label] = "fulltext"
        else:
            done[label] = "none"
    return done


def search(store: Store, label: str, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Nodes of `label` whose full-text index matches `text` (ids and scores, best first), per server."""
    if label not in FULLTEXT_ATTRIBUTES:
        raise GraphbuildError(f"no full-text index on {label!r} (indexed: {', '.join(FULLTEXT_ATTRIBUTES)})")
    return store.read(_search_query(label, store.is_neo4j), {"text": text, "limit": limit})


def _search_query(label: str, neo4j: bool) -> str:
    procedure = (f"db.index.fulltext.queryNodes('graphbuild_{label.lower()}_text', $text)" if neo4j
                 else f"db.idx.fulltext.queryNodes('{label}', $text)")
    return f"CALL {procedure} YIELD node, score RETURN node.id AS id, score ORDER BY score DESC, id LIMIT $limit"


# ---------------------------------------------------------------------------- batching

def _batches(rows: list[dict[str, Any]], batch_size: int, budget: int | None) -> Iterator[list[dict[str, Any]]]:
    """Up to `batch_size` rows per batch, and (when the server has a budget) at most `budget` literal bytes."""
    batch: list[dict[str, Any]] = []
    size = 0
    for row in rows:
        row_size = literal_size(row) + 2 if budget else 0
        if batch and (len(batch) >= batch_size or (budget and size + row_size > budget)):
            yield batch
            batch, size = [], 0
        batch.append(row)
        size += row_size
    if batch:
        yield batch


def _pieces(value: Any, budget: int) -> list[Any]:
    """Split a string or list into parts of at most `budget` literal bytes (to be concatenated by the server)."""
    parts: list[Any] = []
    if isinstance(value, str):
        current, size = [], 2
        for ch in value:
            cost = literal_size(ch) - 2
            if current and size + cost > budget:
                parts.append("".join(current))
                current, size = [], 2
            current.append(ch)
            size += cost
        parts.append("".join(current))
    elif isinstance(value, list):
        current, size = [], 2
        for item in value:
            cost = literal_size(item) + 2
            if cost + 2 > budget:
                raise ValueError("list item too large")
            if current and size + cost > budget:
                parts.append(current)
                current, size = [], 2
            current.append(item)
            size += cost
        parts.append(current)
    else:
        raise TypeError("value too large")
    return parts


def _oversize_statements(store: Store, merge: str, row: dict[str, Any], target: str,
                         match: str) -> list[tuple[str, dict[str, Any]]]:
    """Statements for a row whose parameters exceed the server's budget: MERGE with the small properties,
    then SET each large property in pieces (`x = $part`, then `x = x + $part`) in the same transaction.
    """
    budget = store.param_budget or PARAM_BUDGET
    keys = {k: v for k, v in row.items() if k != "props"}
    room = budget - literal_size(keys) - 64
    small: dict[str, Any] = {}
    large: list[tuple[str, Any]] = []
    for name, value in sorted(row["props"].items(), key=lambda kv: literal_size(kv[1])):
        cost = len(name) + 4 + literal_size(value)
        if cost <= room:
            small[name] = value
            room -= cost
        else:
            large.append((name, value))
    if room < 0 or literal_size(keys) > budget // 2:
        raise GraphbuildError(f"{store.uri}: {target}: key too long for this server's parameter limit")
    statements = [(merge, {"rows": [{**keys, "props": small}]})]
    for name, value in large:
        try:
            parts = _pieces(value, budget - literal_size(keys) - 64)
        except (TypeError, ValueError):
            raise GraphbuildError(f"{store.uri}: {target}: property {name!r} too large for this server's "
                                  "parameter limit") from None
        for i, part in enumerate(parts):
            rhs = "$part" if i == 0 else f"x.`{name}` + $part"
            statements.append((f"{match} SET x.`{name}` = {rhs}", {**keys, "part": part}))
    return statements


# ---------------------------------------------------------------------------- loading

def load_graph(G: nx.MultiDiGraph, uri: str | None = None, user: str | None = None, password: str | None = None,
               database: str | None = None, batch_size: int | None = None, progress: Progress | None = None,
               *, connect_timeout: float = CONNECT_TIMEOUT) -> dict[str, Any]:
    """Make the graph in the server at `uri` this build: MERGE every node and relationship, replace their
    properties, and delete the nodes and relationships (of the schema's labels and types) the build no longer
    has, as `rdf.push_sparql` replaces its named graph; returns counts.

    So re-loading after a document changed leaves no stale facts, and loading twice changes nothing. Dates are
    Cypher `date` on Neo4j (ISO text on FalkorDB, which cannot return a date over Bolt). `batch_size` rows go
    in one transaction (`batch_size=1`: the one-row-per-transaction mode the benchmark compares against); by
    default NEO4J_BATCH on Neo4j, else BOLT_BATCH, cut further to a server's parameter budget.
    `database` (default NEO4J_DATABASE, else the server's default database) is for Neo4j only.
    """
    if batch_size is not None and batch_size < 1:
        raise GraphbuildError(f"batch size must be at least 1, not {batch_size}")
    started = time.perf_counter()
    created: Counter[str] = Counter()
    transactions = 0
    rows = graph_rows(G)  # checked against the schema before connecting
    with connected(uri, user, password, database, connect_timeout=connect_timeout) as store:
        if store.is_neo4j:
            rows = graph_rows(G, dates=True)
        batch_size = batch_size or (NEO4J_BATCH if store.is_neo4j else BOLT_BATCH)
        schema = ensure_schema(store, [label for label in NODE_LABELS if label in rows.nodes])
        fulltext = ensure_fulltext(store)
        done, total = 0, rows.node_count
        for label in NODE_LABELS:
            merge = _node_query(label, store.is_neo4j)
            match = f"MATCH (x:{label} {{id: $id}})"
            for batch in _batches(rows.nodes.get(label, []), batch_size, store.param_budget):
                created += store.write(_statements(store, merge, match, batch, lambda r: f"node {r['id']}"))
                transactions += 1
                done += len(batch)
                if progress:
                    progress("nodes", done, total)
        done, total = 0, rows.rel_count
        for (rel_type, src_label, dst_label), group in sorted(rows.rels.items(), key=_rel_order):
            merge = _rel_query(rel_type, src_label, dst_label)
            match = f"MATCH (:{src_label} {{id: $src}})-[x:{rel_type}]->(:{dst_label} {{id: $dst}})"
            for batch in _batches(group, batch_size, store.param_budget):
                created += store.write(_statements(store, merge, match, batch, _describe_rel(rel_type)))
                transactions += 1
                done += len(batch)
                if progress:
                    progress("relationships", done, total)
        removed, stale_transactions = _remove_stale(store, rows, batch_size)
        result = {
            "uri": store.uri,
            "database": store.database,
            "server": store.server,
            "routing": store.routing,
            "schema": schema,
            "fulltext": fulltext,
            "nodes": rows.node_count,
            "relationships": rows.rel_count,
            "labels": {label: len(rows.nodes[label]) for label in NODE_LABELS if label in rows.nodes},
            "types": _rel_type_counts(rows),
            "nodes_created": created["nodes"],
            "relationships_created": created["relationships"],
            "nodes_removed": removed["nodes"],
            "relationships_removed": removed["relationships"],
            "transactions": transactions + stale_transactions,
            "batch_size": batch_size,
        }
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def _remove_stale(store: Store, rows: _Rows, batch_size: int) -> tuple[Counter[str], int]:
    """Delete what the store holds under the schema's labels and types that this build does not have."""
    removed: Counter[str] = Counter()
    transactions = 0
    for group in relationship_groups():
        wanted = {(r["src"], r["dst"]) for r in rows.rels.get(group, [])}
        stale = sorted({(r["src"], r["dst"]) for r in store.read(_stored_rels_query(*group))} - wanted)
        for batch in _batches([{"src": a, "dst": b} for a, b in stale], batch_size, store.param_budget):
            store.write([(_delete_rels_query(*group), {"rows": batch})])
            removed["relationships"] += len(batch)
            transactions += 1
    for label in NODE_LABELS:
        wanted = {r["id"] for r in rows.nodes.get(label, [])}
        stale = sorted({r["id"] for r in store.read(_stored_nodes_query(label))} - wanted)
        for batch in _batches([{"id": key} for key in stale], batch_size, store.param_budget):
            store.write([(_delete_nodes_query(label), {"rows": batch})])
            removed["nodes"] += len(batch)
            transactions += 1
    return removed, transactions


def _describe_rel(rel_type: str) -> Callable[[dict[str, Any]], str]:
    return lambda row: f"relationship {row['src']} -{rel_type}-> {row['dst']}"


def _rel_order(item: tuple[tuple[str, str, str], list[dict[str, Any]]]) -> tuple[int, str, str]:
    (rel_type, src_label, dst_label), _ = item
    return STORE_REL_TYPES.index(rel_type), src_label, dst_label


def _rel_type_counts(rows: _Rows) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for (rel_type, _, _), group in rows.rels.items():
        counts[rel_type] += len(group)
    return {t: counts[t] for t in STORE_REL_TYPES if counts[t]}


def _statements(store: Store, merge: str, match: str, batch: list[dict[str, Any]],
                describe: Callable[[dict[str, Any]], str]) -> list[tuple[str, dict[str, Any]]]:
    """One batch's transaction: the batch itself, or (a single row over the budget) its piecewise writes."""
    if store.param_budget and len(batch) == 1 and literal_size(batch[0]) + 64 > store.param_budget:
        return _oversize_statements(store, merge, batch[0], describe(batch[0]), match)
    return [(merge, {"rows": batch})]


# ---------------------------------------------------------------------------- counts and queries

def graph_counts(session: neo4j.Session | Store) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type in the store: {"nodes": {...}, "relationships": {...}}."""
    node_query, rel_query = GRAPH_COUNTS_NODES, GRAPH_COUNTS_RELATIONSHIPS
    if isinstance(session, Store):
        nodes, rels = session.read(node_query), session.read(rel_query)
    else:
        nodes, rels = session.run(node_query).data(), session.run(rel_query).data()
    return {"nodes": dict(sorted((r["label"], r["n"]) for r in nodes)),
            "relationships": dict(sorted((r["type"], r["n"]) for r in rels))}


def store_counts(uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None, *, connect_timeout: float = CONNECT_TIMEOUT) -> dict[str, dict[str, int]]:
    """`graph_counts` of the server at `uri` (for `kg stats` and tests)."""
    with connected(uri, user, password, database, connect_timeout=connect_timeout) as store:
        return graph_counts(store)


def run_query(cypher: str, parameters: Mapping[str, Any] | None = None, uri: str | None = None,
              user: str | None = None, password: str | None = None, database: str | None = None,
              *, connect_timeout: float = CONNECT_TIMEOUT) -> list[dict[str, Any]]:
    """Run one read query with parameters (escaped for servers that need it); rows as dicts."""
    with connected(uri, user, password, database, connect_timeout=connect_timeout) as store:
        return store.read(cypher, parameters)
