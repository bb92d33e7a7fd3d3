"""The graph as RDF: the ontology in ontology/vnplan.ttl, checked by ontology/shapes.ttl.

`triples(G)` is the one place the graph becomes RDF: a generator of (subject, predicate, object)
rdflib terms in a fixed order (nodes by key, then edges by ends and type), each distinct triple
once. The rdflib Graph (`to_rdf`), the serialisations and the stores all consume it, and a
streaming writer can too, without holding the RDF in memory.

Node IRIs are the graph keys under https://w3id.org/vn-plan-kg/id/ (graphbuild.schema), so RDF,
Neo4j and the file exports name a thing the same way. The data states the standard terms
directly, beside our own: eli:LegalResource, eli:cites, eli:based_on, eli:ensures_implementation_of,
eli:passed_by, org:Organization, org:subOrganizationOf, prov:wasDerivedFrom (with a qualified
derivation that carries the lines), skos:prefLabel in @vi and @en, deadlines as xsd:date plus an
OWL-Time interval. Each edge is also an `rdf:Statement` (IRI derived from the edge) that carries
its count, lines and source files, so provenance survives in plain RDF 1.1.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date as _date
from functools import cache, lru_cache
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import networkx as nx
import pyoxigraph
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS
from rdflib.term import BNode, Node

from graphbuild import dataset, knowledge, schema
from graphbuild.dataset import DCTERMS, VNP, Triple
from graphbuild.errors import GraphbuildError
from graphbuild.schema import DEFAULT_GRAPH_IRI, ID_BASE, iri_key  # noqa: F401  (part of this module's API)
from graphbuild.textutil import strip_accents

ELI = Namespace(schema.PREFIXES["eli"])
ORG = Namespace(schema.PREFIXES["org"])
TIME = Namespace(schema.PREFIXES["time"])


def term(curie: str) -> URIRef:
    """The IRI of a compact name of the schema (`vnp:Document`, `eli:cites`)."""
    return URIRef(schema.expand(curie))


KIND_CLASS = {kind: term(curie) for kind, curie in schema.DOCUMENT_KIND_CLASS.items()}
LABEL_CLASS = {label: term(t.rdf_class) for label, t in schema.NODE_TYPES.items()}
EDGE_PREDICATE = {name: term(t.predicate) for name, t in schema.EDGE_TYPES.items()}


# ---------------------------------------------------------------------------- IRIs

@lru_cache(maxsize=1 << 16)
def node_iri(key: str) -> URIRef:
    """`doc/vn/58-NQ/TW` -> `https://w3id.org/vn-plan-kg/id/doc/vn/58-NQ%2FTW` (UTF-8 percent-encoding)."""
    return URIRef(schema.key_iri(key))


def file_iri(source: str) -> URIRef:
    """The IRI of a source file: its path within the corpus (`file/a%2Fplan.txt`)."""
    return node_iri(schema.file_key(source))


def statement_iri(u: str, etype: str, v: str) -> URIRef:
    """A stable IRI for the statement of one edge, from its ends and type."""
    digest = hashlib.sha1(f"{u}\t{etype}\t{v}".encode()).hexdigest()[:20]
    return URIRef(ID_BASE + "stmt/" + digest)


def derivation_iri(key: str) -> URIRef:
    """The qualified derivation of a node from its source file (carries the lines)."""
    return URIRef(schema.key_iri(key) + "#derivation")


def period_iri(due: str) -> URIRef:
    """An OWL-Time interval per distinct deadline (`period/2021-Q3`), shared by the mandates due then."""
    return URIRef(ID_BASE + "period/" + quote(due, safe=""))


def instant_iri(day: _date) -> URIRef:
    return URIRef(ID_BASE + "instant/" + day.isoformat())


# ---------------------------------------------------------------------------- literals

def typed_date(value: str | None) -> Literal | None:
    """An xsd literal for an ISO date or its prefix: YYYY-MM-DD -> xsd:date, YYYY-MM -> gYearMonth, YYYY -> gYear."""
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            _date.fromisoformat(value)
            return Literal(value, datatype=XSD.date)
        if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            return Literal(value, datatype=XSD.gYearMonth)
        if re.fullmatch(r"\d{4}", value):
            return Literal(value, datatype=XSD.gYear)
    except ValueError:
        return None
    return None


def _int(value: Any) -> Literal:
    return Literal(int(value))


def _bool(value: Any) -> Literal:
    return Literal(bool(value))


@cache
def kind_names() -> dict[str, dict[str, str]]:
    """Kind -> {"vi": ..., "en": ...}: the labels of the document classes in ontology/vnplan.ttl."""
    onto = ontology_graph()
    names: dict[str, dict[str, str]] = {}
    for kind, cls in KIND_CLASS.items():
        names[kind] = {o.language: str(o) for o in onto.objects(cls, RDFS.label) if o.language}
    return names


# ---------------------------------------------------------------------------- nodes

class _Seen:
    """Resources several nodes share (source files, deadline periods, instants): described once."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.files: set[str] = set()
        self.periods: set[str] = set()
        self.instants: set[_date] = set()
        self.checksums: dict[str, str] = dict(G.graph.get("sources") or {})


def _file_triples(source: str, seen: _Seen) -> Iterator[Triple]:
    if source in seen.files:
        return
    seen.files.add(source)
    iri = file_iri(source)
    yield iri, RDF.type, VNP.SourceFile
    yield iri, RDF.type, PROV.Entity
    yield iri, VNP.fileName, Literal(source)
    if seen.checksums.get(source):
        yield iri, VNP.sha256, Literal(seen.checksums[source])


def described(files: Iterable[str] = ()) -> _Seen:
    """A fresh record of the shared resources already described, for `node_triples` over many nodes (files
    named here are taken as described: a writer describes them once with `file_triples`)."""
    seen = _Seen(nx.MultiDiGraph())
    seen.files.update(files)
    return seen


def file_triples(sources: dict[str, str | None]) -> Iterator[Triple]:
    """The description of each source file (vnp:SourceFile, name, SHA-256 when known), by path."""
    seen = _Seen(nx.MultiDiGraph())
    seen.checksums = dict(sources)
    for source in sorted(sources):
        yield from _file_triples(source, seen)


def _provenance(key: str, node: URIRef, data: dict, seen: _Seen) -> Iterator[Triple]:
    lines = [(attr, prop) for attr, prop in (("line_start", VNP.lineStart), ("line_end", VNP.lineEnd))
             if data.get(attr) is not None]
    for attr, prop in lines:
        yield node, prop, _int(data[attr])
    if not data.get("source"):
        return
    src = file_iri(data["source"])
    yield node, PROV.wasDerivedFrom, src
    derivation = derivation_iri(key)
    yield node, PROV.qualifiedDerivation, derivation
    yield derivation, RDF.type, PROV.Derivation
    yield derivation, PROV.entity, src
    for attr, prop in lines:
        yield derivation, prop, _int(data[attr])
    yield from _file_triples(data["source"], seen)


def _labels(node: URIRef, vi: str | None, en: str | None) -> Iterator[Triple]:
    """rdfs:label and skos:prefLabel in Vietnamese, skos:prefLabel in English when known (never untagged)."""
    if vi:
        yield node, RDFS.label, Literal(vi, lang="vi")
        yield node, SKOS.prefLabel, Literal(vi, lang="vi")
    if en:
        yield node, SKOS.prefLabel, Literal(en, lang="en")


def _document(node: URIRef, key: str, data: dict) -> Iterator[Triple]:
    kind = data.get("kind") or "other"
    if kind in KIND_CLASS:
        yield node, RDF.type, KIND_CLASS[kind]
    yield node, VNP.kind, Literal(kind)
    number, title = data.get("number"), data.get("title")
    names = kind_names().get(kind, {})
    if number:
        vi = f"{names['vi']} {number}" if names.get("vi") else number
        en = f"{names['en']} {number}" if names.get("en") else number
    else:
        vi, en = title or key, None
    yield from _labels(node, vi, en)
    if number:
        yield node, VNP.number, Literal(number)
        yield node, ELI.id_local, Literal(number)
    if title:
        yield node, VNP["title"], Literal(title, lang="vi")
        yield node, ELI.title, Literal(title, lang="vi")
    if data.get("date"):
        typed = typed_date(data["date"]) or Literal(data["date"])
        yield node, VNP.date, typed
        if typed.datatype == XSD.date:
            yield node, ELI.date_document, typed
    if data.get("issuer"):
        yield node, VNP.issuerName, Literal(data["issuer"], lang="vi")
    yield node, VNP.inCorpus, _bool(data.get("in_corpus"))


def _agency(node: URIRef, data: dict) -> Iterator[Triple]:
    yield from _labels(node, data.get("name"), data.get("name_en"))
    for alias in sorted(data.get("aliases") or ()):
        yield node, SKOS.altLabel, Literal(alias, lang="vi")
    for attr, prop in (("kind", VNP.agencyKind), ("level", VNP.level)):
        if data.get(attr):
            yield node, prop, Literal(data[attr])
    yield node, VNP.known, _bool(data.get("known"))


def _mandate(node: URIRef, key: str, data: dict, seen: _Seen) -> Iterator[Triple]:
    yield from _labels(node, schema.display_name(key, data), None)
    if data.get("text"):
        yield node, VNP.text, Literal(data["text"], lang="vi")
    if data.get("section"):
        yield node, VNP.section, Literal(data["section"])
    if data.get("due"):
        yield from _due(node, data["due"], seen)
    for attr, prop in (("due_text", VNP.dueText), ("product", VNP.product)):
        if data.get(attr):
            yield node, prop, Literal(data[attr], lang="vi")
    if data.get("recurring"):
        yield node, VNP.recurring, Literal(data["recurring"])


def _due(node: URIRef, due: str, seen: _Seen) -> Iterator[Triple]:
    """The deadline as written (vnp:due), as the xsd:date its period ends (vnp:dueDate), and the period
    itself as an OWL-Time interval from its first to its last day (vnp:duePeriod)."""
    yield node, VNP.due, Literal(due)
    period = schema.due_period(due)
    if period is None:
        return
    start, end = period
    yield node, VNP.dueDate, Literal(end.isoformat(), datatype=XSD.date)
    iri = period_iri(due)
    yield node, VNP.duePeriod, iri
    if due in seen.periods:
        return
    seen.periods.add(due)
    yield iri, RDF.type, TIME.Interval
    yield iri, RDFS.label, Literal(due)
    for prop, day in ((TIME.hasBeginning, start), (TIME.hasEnd, end)):
        instant = instant_iri(day)
        yield iri, prop, instant
        if day not in seen.instants:
            seen.instants.add(day)
            yield instant, RDF.type, TIME.Instant
            yield instant, TIME.inXSDDate, Literal(day.isoformat(), datatype=XSD.date)


def _jurisdiction(node: URIRef, data: dict) -> Iterator[Triple]:
    name, level = data.get("name"), data.get("level")
    en = {"nation": "Viet Nam", "unknown": "Unknown"}.get(level) or (f"{strip_accents(name)} Province" if name else None)
    yield from _labels(node, name, en)
    if level:
        yield node, VNP.level, Literal(level)


def node_triples(key: str, data: dict, seen: _Seen | None = None) -> Iterator[Triple]:
    """The triples of one node: its classes, key, labels, attributes and provenance."""
    seen = seen if seen is not None else _Seen(nx.MultiDiGraph())
    label = data.get("label")
    info = schema.node_type(label) if label in schema.NODE_TYPES else None
    if info is None:
        raise GraphbuildError(f"{key}: node label {label!r} is not in the graph schema")
    node = node_iri(key)
    yield node, RDF.type, LABEL_CLASS[label]
    for cls in info.standard_classes:
        yield node, RDF.type, term(cls)
    yield node, VNP.key, Literal(key)
    if data.get("jurisdiction"):
        yield node, VNP.jurisdiction, node_iri(data["jurisdiction"])
    if label == schema.DOCUMENT:
        yield from _document(node, key, data)
    elif label == schema.AGENCY:
        yield from _agency(node, data)
    elif label == schema.MANDATE:
        yield from _mandate(node, key, data, seen)
    elif label == schema.JURISDICTION:
        yield from _jurisdiction(node, data)
    yield from _provenance(key, node, data, seen)


# ---------------------------------------------------------------------------- edges

def edge_triples(G: nx.MultiDiGraph, u: str, v: str, etype: str, data: dict) -> Iterator[Triple]:
    """The triples of one edge: the vnp: predicate, the standard predicates beside it, and its statement."""
    info = schema.edge_type(etype)
    s, p, o = node_iri(u), EDGE_PREDICATE[etype], node_iri(v)
    yield s, p, o
    for curie in info.standard_predicates(G.nodes[u].get("label"), G.nodes[v].get("label")):
        yield s, term(curie), o
    if etype == schema.REFERENCES and data.get("basis"):
        yield s, VNP.legalBasis, o
        yield s, ELI.based_on, o
    stmt = statement_iri(u, etype, v)
    yield stmt, RDF.type, RDF.Statement
    yield stmt, RDF.subject, s
    yield stmt, RDF.predicate, p
    yield stmt, RDF.object, o
    yield stmt, VNP["count"], _int(data.get("count") or 1)
    if etype == schema.REFERENCES:
        yield stmt, VNP.basis, _bool(data.get("basis"))
    if data.get("source"):
        yield stmt, VNP.sourceFile, file_iri(data["source"])
    for source in sorted(set(data.get("sources") or ([data["source"]] if data.get("source") else []))):
        yield stmt, PROV.wasDerivedFrom, file_iri(source)
    for line in sorted(set(data.get("lines") or ())):
        yield stmt, VNP.line, _int(line)
    if etype == schema.SUCCEEDED_BY:
        yield from _succession_triples(s, o, stmt, data)


# ---------------------------------------------------------------------------- the 2025 reorganisation

def _succession_triples(s: URIRef, o: URIRef, stmt: URIRef, data: dict) -> Iterator[Triple]:
    """A SUCCEEDED_BY edge: dcterms:isReplacedBy when the body ended (not for a transfer from a body that goes
    on), vnp:rollsUpTo when its duties pass whole, and the change's date, kind and basis on the statement."""
    if data.get("change_kind") != "transfer":
        yield s, DCTERMS.isReplacedBy, o
    if data.get("rollup"):
        yield s, VNP.rollsUpTo, o
    yield stmt, VNP.changeDate, Literal(data["change_date"], datatype=XSD.date)
    yield stmt, VNP.changeKind, Literal(data["change_kind"])
    yield stmt, VNP.rollup, _bool(data.get("rollup"))
    yield stmt, VNP.approximate, _bool(data.get("approximate"))
    yield stmt, VNP.legalBasisText, Literal(data["legal_basis"], lang="vi")
    yield stmt, VNP.changeEvent, node_iri(data["change"])
    if data.get("duties"):
        yield stmt, VNP.duties, Literal(data["duties"], lang="en")


def change_event_triples(steps: Iterable[tuple[str, str, dict]], seen: _Seen) -> Iterator[Triple]:
    """One W3C ORG org:ChangeEvent per change of the SUCCEEDED_BY edges `steps` ((from, to, attributes); their
    `change`): the organisations before and after, its date (xsd:date and an OWL-Time instant), kind, legal
    basis (the act's document IRI, vnp:changeBasis, and its citation) and the data file it comes from. Its
    label is the change as ontology/reorganisation.toml writes it."""
    from graphbuild import reorganisation

    changes = {c.id: c for c in (*reorganisation.load().changes, *reorganisation.load().province_changes)}
    events: dict[str, list[tuple[str, str, dict]]] = {}
    for u, v, data in steps:
        events.setdefault(data["change"], []).append((u, v, data))
    for key in sorted(events):
        steps_of = sorted(events[key], key=lambda e: (e[0], e[1]))
        first = steps_of[0][2]
        event = node_iri(key)
        yield event, RDF.type, ORG.ChangeEvent
        yield event, DCTERMS.identifier, Literal(key)  # not vnp:key: a change event is no node of the graph
        change = changes.get(schema.parse_key(key).parts[0])
        if change:
            y, m, d = change.date.split("-")
            label = f"{', '.join(change.predecessors)} → {', '.join(s.name for s in change.successors)} ({d}/{m}/{y})"
            yield event, RDFS.label, Literal(label, lang="vi")
        for u in sorted({u for u, _, _ in steps_of}):
            yield event, ORG.originalOrganization, node_iri(u)
            yield node_iri(u), ORG.changedBy, event
        for v in sorted({v for _, v, _ in steps_of}):
            yield event, ORG.resultingOrganization, node_iri(v)
            yield node_iri(v), ORG.resultedFrom, event
        yield event, VNP.changeDate, Literal(first["change_date"], datatype=XSD.date)
        day = _date.fromisoformat(first["change_date"])
        yield event, TIME.hasTime, instant_iri(day)
        if day not in seen.instants:
            seen.instants.add(day)
            yield instant_iri(day), RDF.type, TIME.Instant
            yield instant_iri(day), TIME.inXSDDate, Literal(day.isoformat(), datatype=XSD.date)
        yield event, VNP.changeKind, Literal(first["change_kind"])
        yield event, VNP.legalBasisText, Literal(first["legal_basis"], lang="vi")
        for number in filter(None, first.get("legal_basis_number", "").split("; ")):
            yield event, VNP.changeBasis, node_iri(schema.document_key(number, schema.NATION_SLUG))
        if first.get("source"):
            yield event, PROV.wasDerivedFrom, file_iri(first["source"])
            yield from _file_triples(first["source"], seen)


def succession_steps(edges: Iterable[tuple[str, str, str, dict]]) -> list[tuple[str, str, dict]]:
    """The SUCCEEDED_BY edges among (from, to, type, attributes): what change_event_triples reads."""
    return [(u, v, data) for u, v, etype, data in edges if data.get("type", etype) == schema.SUCCEEDED_BY]


# ---------------------------------------------------------------------------- graph -> RDF

def triples(G: nx.MultiDiGraph) -> Iterator[Triple]:
    """Every triple of the graph, each once, in a fixed order: nodes by key, then edges by (from, type, to),
    then the files not yet described, then the description of the dataset and its build (graphbuild.dataset).

    The same graph gives the same sequence, so a writer that prints triples as they come
    (N-Triples, Turtle) writes the same bytes each time.
    """
    seen = _Seen(G)
    count = 0
    for key in sorted(G.nodes):
        for triple in node_triples(key, G.nodes[key], seen):
            count += 1
            yield triple
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[3].get("type", e[2]), e[1]))
    files: set[str] = set(G.graph.get("sources") or ())
    for u, v, etype, data in edges:
        files.update(data.get("sources") or ())
        for triple in edge_triples(G, u, v, data.get("type", etype), data):
            count += 1
            yield triple
    for source in sorted(files):
        for triple in _file_triples(source, seen):
            count += 1
            yield triple
    for triple in change_event_triples(succession_steps(edges), seen):
        count += 1
        yield triple
    yield from dataset.description_triples(G, count)


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in turtle_prefixes().items():
        g.bind(prefix, ns, override=True)
    return g


def turtle_prefixes() -> dict[str, str]:
    return {prefix: ns for prefix, ns in schema.PREFIXES.items() if prefix != "kg"}


def to_rdf(G: nx.MultiDiGraph) -> Graph:
    """The graph as an rdflib Graph (the triples of `triples(G)`)."""
    g = bind_prefixes(Graph())
    for triple in triples(G):
        g.add(triple)
    return g


def _triples_of(data: nx.MultiDiGraph | Graph) -> Iterable[Triple]:
    return data if isinstance(data, Graph) else triples(data)


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The rdflib format name for a file: given (a name or alias), or from its suffix (.ttl, .jsonld, .nt)."""
    export = schema.export_format(fmt) if fmt else schema.export_format_for_path(str(path), family="rdf")
    if export.family != "rdf":
        raise GraphbuildError(f"{fmt or path}: not an RDF format (turtle, jsonld, nt)")
    return export.rdf_format


def serialize(data: nx.MultiDiGraph | Graph, fmt: str = "turtle") -> bytes:
    """Bytes of the graph in `fmt` (turtle, nt, json-ld); the same graph gives the same bytes.

    N-Triples and Turtle are sorted (Turtle through Oxigraph's serialiser, about four times faster
    than rdflib's on large graphs), so that each subject is written once and the output is stable.
    """
    fmt = format_for("", fmt)
    if fmt == "json-ld":
        return jsonld(_triples_of(data))
    lines = sorted({nt_line(t) for t in _triples_of(data)})
    nt = "".join(lines).encode("utf-8")
    if fmt == "nt":
        return nt
    parsed = pyoxigraph.parse(nt, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return pyoxigraph.serialize(parsed, format=pyoxigraph.RdfFormat.TURTLE, prefixes=turtle_prefixes())


_NT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_NT_SPECIAL = re.compile(r'[\\"\n\r]')


def nt_term(node: Node) -> str:
    """One term in N-Triples syntax (canonical escapes: backslash, quote, line feed, carriage return)."""
    if isinstance(node, Literal):
        text = _NT_SPECIAL.sub(lambda m: _NT_ESCAPES[m.group(0)], str(node))
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype and node.datatype != XSD.string:
            return f'"{text}"^^<{node.datatype}>'
        return f'"{text}"'
    if isinstance(node, BNode):
        return f"_:{node}"
    return f"<{node}>"


def nt_line(triple: Triple) -> str:
    """One triple as an N-Triples line (with its newline): what a streaming writer prints for each triple."""
    s, p, o = triple
    return f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n"


def write_rdf(G: nx.MultiDiGraph | Graph, path: str | Path, format: str | None = None) -> Path:
    """Write the graph as Turtle, JSON-LD or N-Triples (format from the suffix .ttl/.jsonld/.nt unless given)."""
    path = Path(path)
    fmt = format_for(path, format)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(serialize(G, fmt))
    return path


# ---------------------------------------------------------------------------- JSON-LD

@cache
def jsonld_context() -> dict[str, Any]:
    """The `@context` of ontology/context.jsonld: a term for every class and property the data uses."""
    return json.loads(knowledge.ontology_text("context.jsonld"))["@context"]


@cache
def _jsonld_terms() -> tuple[dict[str, tuple[str, dict[str, str]]], list[tuple[str, str]], dict[str, str]]:
    """(property IRI -> (term, definition)), prefixes longest first, (class IRI -> term)."""
    context = jsonld_context()
    prefixes = sorted(((name, iri) for name, iri in context.items()
                       if isinstance(iri, str) and not name.startswith("@") and iri[-1:] in "/#"),
                      key=lambda item: -len(item[1]))

    def expand_curie(value: str) -> str:
        prefix, _, local = value.partition(":")
        return dict(prefixes).get(prefix, "") + local if prefix in dict(prefixes) else value

    properties: dict[str, tuple[str, dict[str, str]]] = {}
    classes: dict[str, str] = {}
    for name, definition in context.items():
        if name.startswith("@") or name in dict(prefixes) or definition in ("@id", "@type"):
            continue
        if isinstance(definition, str):
            if name[:1].isupper():
                classes[expand_curie(definition)] = name
                continue
            definition = {"@id": definition}
        spec = {k: (expand_curie(v) if k == "@type" and v != "@id" else v) for k, v in definition.items()}
        properties[expand_curie(spec["@id"])] = (name, spec)
    return properties, prefixes, classes


def _compact(iri: str) -> str:
    for name, namespace in _jsonld_terms()[1]:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{name}:{iri[len(namespace):]}"
    return iri


def _value_object(node: Node) -> dict[str, str]:
    if isinstance(node, Literal):
        if node.language:
            return {"@value": str(node), "@language": node.language}
        if node.datatype and node.datatype != XSD.string:
            return {"@value": str(node), "@type": _compact(str(node.datatype))}
        return {"@value": str(node)}
    return {"@id": _compact(str(node))}


def _fits(literal: Literal, spec: dict[str, str]) -> bool:
    """A literal the term's definition writes as a bare string: its coerced datatype, or a plain string."""
    if "@type" in spec:
        return str(literal.datatype) == spec["@type"]
    return not spec.keys() - {"@id"} and not literal.language and literal.datatype in (None, XSD.string)


def _jsonld_entries(predicate: str, objects: list[Node]) -> list[tuple[str, Any]]:
    """The JSON-LD members for one predicate's objects: by the context's term where the values fit its
    definition, else under the full predicate IRI with explicit value objects."""
    term, spec = _jsonld_terms()[0].get(predicate, (None, {}))
    fitting: list[Any] = []
    by_language: dict[str, list[str]] = {}
    other: list[dict[str, str]] = []
    for node in objects:
        literal = node if isinstance(node, Literal) else None
        if term is None:
            other.append(_value_object(node))
        elif spec.get("@type") == "@id" and literal is None:
            fitting.append(_compact(str(node)))
        elif spec.get("@container") == "@language" and literal is not None and literal.language:
            by_language.setdefault(literal.language, []).append(str(literal))
        elif literal is not None and _fits(literal, spec):
            fitting.append(str(literal))
        else:
            other.append(_value_object(node))
    entries: list[tuple[str, Any]] = []
    if by_language:
        entries.append((term, {lang: v[0] if len(v) == 1 else v for lang, v in sorted(by_language.items())}))
    elif fitting:
        entries.append((term, fitting[0] if len(fitting) == 1 else fitting))
    if other:
        entries.append((predicate, other[0] if len(other) == 1 else other))
    return entries


def jsonld_object(subject: Node, members: dict[str, set[Node]]) -> dict[str, Any]:
    """The JSON-LD node object of one subject (`members`: predicate IRI -> objects), members and values sorted."""
    members = dict(members)
    classes = _jsonld_terms()[2]
    node: dict[str, Any] = {"@id": _compact(str(subject))}
    types = sorted(classes.get(str(t)) or _compact(str(t)) for t in members.pop(str(RDF.type), ()))
    if types:
        node["@type"] = types[0] if len(types) == 1 else types
    entries = [e for p, objs in members.items() for e in _jsonld_entries(p, sorted(objs, key=nt_term))]
    node.update(sorted(entries, key=lambda e: e[0]))
    return node


def write_jsonld(objects: Iterable[dict[str, Any] | str], out: IO[bytes]) -> None:
    """Write a JSON-LD document of these node objects in the order given, one at a time (a stream): the bytes
    `json.dumps({"@context": ..., "@graph": [...]}, indent=1)` would give, without the list in memory. An
    object may come already dumped (`json.dumps(obj, ensure_ascii=False, indent=1)`)."""
    def dumped(value: Any, depth: int) -> str:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=1)
        return text.replace("\n", "\n" + " " * depth)

    out.write(('{\n "@context": ' + dumped(jsonld_context(), 1) + ',\n "@graph": [').encode("utf-8"))
    first = True
    for obj in objects:
        out.write((("\n" if first else ",\n") + "  " + dumped(obj, 2)).encode("utf-8"))
        first = False
    out.write(("]\n}\n" if first else "\n ]\n}\n").encode("utf-8"))


def jsonld(triples: Iterable[Triple]) -> bytes:
    """JSON-LD 1.1 with the full context of ontology/context.jsonld inline: one object per subject, subjects,
    members and values sorted, so the same triples give the same bytes."""
    subjects: dict[Node, dict[str, set[Node]]] = {}
    for s, p, o in triples:
        subjects.setdefault(s, {}).setdefault(str(p), set()).add(o)
    out = io.BytesIO()
    write_jsonld((jsonld_object(subject, subjects[subject]) for subject in sorted(subjects, key=str)), out)
    return out.getvalue()


# ---------------------------------------------------------------------------- ontology and validation

@cache
def _ontology() -> Graph:
    return Graph().parse(data=knowledge.ontology_text("vnplan.ttl"), format="turtle")


def ontology_graph() -> Graph:
    """ontology/vnplan.ttl (a copy: callers may add to it)."""
    g = Graph()
    for triple in _ontology():
        g.add(triple)
    for prefix, ns in _ontology().namespaces():
        g.bind(prefix, ns)
    return g


def shapes_graph() -> Graph:
    return Graph().parse(data=knowledge.ontology_text("shapes.ttl"), format="turtle")


SH = Namespace("http://www.w3.org/ns/shacl#")
REPORT_FORMATS = ("text", "json", "turtle")


@dataclass
class ValidationReport:
    """The outcome of checking the RDF against ontology/shapes.ttl: the SHACL report as text and as a graph."""

    conforms: bool
    triples: int
    text: str
    graph: Graph

    def results(self) -> list[dict[str, str | None]]:
        """One entry per result, sorted: severity, focus node, path, value, message, constraint."""
        rows = []
        for result in self.graph.subjects(RDF.type, SH.ValidationResult):
            def value(prop: URIRef, result: Node = result) -> str | None:
                found = self.graph.value(result, prop)
                return None if found is None or isinstance(found, BNode) else str(found)
            rows.append({"severity": (value(SH.resultSeverity) or "").rsplit("#", 1)[-1],
                         "focus": value(SH.focusNode), "path": value(SH.resultPath), "value": value(SH.value),
                         "message": value(SH.resultMessage),
                         "constraint": (value(SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1]})
        return sorted(rows, key=lambda r: tuple(r[k] or "" for k in ("severity", "focus", "path", "message", "value")))

    def summary(self) -> str:
        """One line: conforms or not, with the number of violations, warnings and nodes concerned."""
        results = self.results()
        violations = [r for r in results if r["severity"] == "Violation"]
        warnings = len(results) - len(violations)
        nodes = len({r["focus"] for r in violations})
        head = "conforms to" if self.conforms else "does not conform to"
        return (f"the graph ({self.triples} triples) {head} ontology/shapes.ttl: {len(violations)} violations"
                f"{f' on {nodes} nodes' if violations else ''}, {warnings} warnings")

    def render(self, fmt: str = "text") -> str:
        """The report as pyshacl's text, as JSON (one object per result) or as the SHACL report graph in Turtle."""
        if fmt == "json":
            return json.dumps({"conforms": self.conforms, "results": self.results()}, ensure_ascii=False, indent=1)
        if fmt == "turtle":
            return self.graph.serialize(format="turtle")
        if fmt == "text":
            return self.text
        raise GraphbuildError(f"unknown report format {fmt!r} (expected one of: {', '.join(REPORT_FORMATS)})")


def shacl_report(data: nx.MultiDiGraph | Graph) -> ValidationReport:
    """Check the RDF against ontology/shapes.ttl with pyshacl; warnings do not make it fail."""
    import pyshacl

    g = data if isinstance(data, Graph) else to_rdf(data)
    conforms, results, text = pyshacl.validate(g, shacl_graph=shapes_graph(), inference="none", allow_warnings=True,
                                               advanced=True)
    report = Graph()
    report.bind("sh", SH)
    for triple in results:
        report.add(triple)
    return ValidationReport(bool(conforms), len(g), str(text), report)


def validate(data: nx.MultiDiGraph | Graph) -> tuple[bool, str]:
    """`shacl_report` as (conforms, report text)."""
    report = shacl_report(data)
    return report.conforms, report.text


# ---------------------------------------------------------------------------- stores

def rdf_store(G: nx.MultiDiGraph | Graph, *, with_ontology: bool = False) -> pyoxigraph.Store:
    """An in-memory Oxigraph store with the graph in its default graph, for SPARQL queries in-process."""
    store = pyoxigraph.Store()
    store.load(serialize(G, "nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    if with_ontology:
        store.load(knowledge.ontology_text("vnplan.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def graph_store_url(store_url: str, graph_iri: str, gsp_path: str = "/store") -> str:
    """The Graph Store Protocol URL of a named graph: `<store><gsp_path>?graph=<iri>`."""
    endpoint = store_url.rstrip("/") + gsp_path
    return endpoint + ("&" if "?" in endpoint else "?") + "graph=" + quote(graph_iri, safe="")


def push_sparql(G: nx.MultiDiGraph | Graph, store_url: str, graph_iri: str = DEFAULT_GRAPH_IRI, *,
                gsp_path: str = "/store", format: str = "nt", timeout: float = 60.0,
                headers: dict[str, str] | None = None) -> int:
    """Replace a named graph in a SPARQL store with this build (Graph Store HTTP Protocol PUT); returns the triples.

    PUT, not POST: a rebuild replaces the graph instead of adding to it. `gsp_path` is "/store"
    for Oxigraph; other stores name their endpoint differently (Fuseki: "/<dataset>/data").
    """
    fmt = schema.export_format(format)
    if fmt.name not in ("turtle", "nt"):
        raise GraphbuildError(f"{format}: push_sparql sends Turtle or N-Triples")
    if not re.match(r"^https?://[^/\s]+", store_url):
        raise GraphbuildError(f"{store_url}: not an http(s) URL of a SPARQL store")
    body = serialize(G, fmt.rdf_format)
    put_graph(body, store_url, graph_iri, gsp_path=gsp_path, format=fmt.name, timeout=timeout, headers=headers)
    if fmt.name == "nt":
        return body.count(b"\n")
    return sum(1 for _ in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.TURTLE))


def put_graph(body: bytes | IO[bytes], store_url: str, graph_iri: str = DEFAULT_GRAPH_IRI, *,
              gsp_path: str = "/store", format: str = "nt", timeout: float = 60.0,
              headers: dict[str, str] | None = None, length: int | None = None) -> None:
    """PUT serialised RDF (bytes, or a file read as it is sent, of `length` bytes) as a named graph of a SPARQL
    store (Graph Store HTTP Protocol): what push_sparql sends, for a graph written to a file first."""
    fmt = schema.export_format(format)
    if not re.match(r"^https?://[^/\s]+", store_url):
        raise GraphbuildError(f"{store_url}: not an http(s) URL of a SPARQL store")
    url = graph_store_url(store_url, graph_iri, gsp_path)
    sized = {"Content-Length": str(length)} if length is not None else {}
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": f"{fmt.media_type}; charset=utf-8", **sized,
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as err:
        detail = " ".join(err.read().decode("utf-8", "replace").split())[:200]
        raise GraphbuildError(f"{store_url}: SPARQL store refused the graph (HTTP {err.code} {detail})") from err
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise GraphbuildError(f"{store_url}: cannot reach SPARQL store ({' '.join(str(reason).split())})") from err
