"""The graph as RDF: the ontology in ontology/vnplan.ttl, checked by ontology/shapes.ttl.

Node IRIs are the graph keys under https://w3id.org/vn-plan-kg/id/, so RDF, Neo4j and the file
exports name a thing the same way. Each edge is one triple with the schema predicate, plus an
`rdf:Statement` (IRI derived from the edge) that carries its count, lines and source files, so
provenance survives in plain RDF 1.1.
"""
from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from collections.abc import Iterable
from datetime import date as _date
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote

import networkx as nx
import pyoxigraph
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, SKOS

from graphbuild import knowledge
from graphbuild.errors import GraphbuildError

ID_BASE = "https://w3id.org/vn-plan-kg/id/"
VNP = Namespace("https://w3id.org/vn-plan-kg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
DEFAULT_GRAPH_IRI = "https://w3id.org/vn-plan-kg/graph"

KIND_CLASS = {
    "resolution": VNP.Resolution, "decision": VNP.Decision, "plan": VNP.Plan, "program": VNP.Program,
    "conclusion": VNP.Conclusion, "directive": VNP.Directive, "decree": VNP.Decree, "circular": VNP.Circular,
    "letter": VNP.Letter, "law": VNP.Law,
}
LABEL_CLASS = {"Document": VNP.Document, "Agency": VNP.Agency, "Mandate": VNP.Mandate,
               "Jurisdiction": VNP.Jurisdiction}
EDGE_PREDICATE = {
    "IMPLEMENTS": VNP.implements, "REFERENCES": VNP.references, "ISSUED_BY": VNP.issuedBy, "PART_OF": VNP.partOf,
    "LEADS": VNP.leads, "COORDINATES": VNP.coordinates, "MENTIONS": VNP.mentions,
}
FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt"}
_MEDIA_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples"}
_TURTLE_PREFIXES = ("vnp", "eli", "org", "prov", "skos", "rdf", "rdfs", "xsd", "owl")


# ---------------------------------------------------------------------------- IRIs

def _key_segments(key: str) -> list[str]:
    """Split a key into the parts whose `/` is structural; a number's own `/` stays inside its part."""
    head, _, rest = key.partition("/")
    parts = rest.split("/")
    if head == "doc" and len(parts) > 1:
        return [head, parts[0], "/".join(parts[1:])]
    if head == "mandate" and len(parts) > 2:
        return [head, parts[0], "/".join(parts[1:-1]), parts[-1]]
    return [head, *parts] if rest else [head]


@lru_cache(maxsize=1 << 16)
def node_iri(key: str) -> URIRef:
    """`doc/vn/58-NQ/TW` -> `https://w3id.org/vn-plan-kg/id/doc/vn/58-NQ%2FTW` (UTF-8 percent-encoding)."""
    return URIRef(ID_BASE + "/".join(quote(part, safe="") for part in _key_segments(key)))


def iri_key(iri: str) -> str:
    """The graph key of a node IRI (inverse of `node_iri`)."""
    if not str(iri).startswith(ID_BASE):
        raise GraphbuildError(f"{iri}: not a vn-plan-kg node IRI")
    return unquote(str(iri)[len(ID_BASE):])


def file_iri(source: str) -> URIRef:
    return URIRef(ID_BASE + "file/" + quote(source, safe=""))


def statement_iri(u: str, etype: str, v: str) -> URIRef:
    """A stable IRI for the statement of one edge, from its ends and type."""
    digest = hashlib.sha1(f"{u}\t{etype}\t{v}".encode()).hexdigest()[:20]
    return URIRef(ID_BASE + "stmt/" + digest)


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


def _due_triples(node: URIRef, due: str) -> Iterable[tuple[URIRef, URIRef, Literal]]:
    """Typed values for a deadline: the literal stays in vnp:due; vnp:dueValue is the xsd form of its end."""
    yield node, VNP.due, Literal(due)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", due):
        yield node, VNP.dueValue, Literal(m.group(1), datatype=XSD.gYear)
        yield node, VNP.dueQuarter, Literal(int(m.group(2)))
    elif m := re.fullmatch(r"(\d{4})/(\d{4})", due):
        yield node, VNP.dueFrom, Literal(m.group(1), datatype=XSD.gYear)
        yield node, VNP.dueValue, Literal(m.group(2), datatype=XSD.gYear)
    elif (typed := typed_date(due)) is not None:
        yield node, VNP.dueValue, typed


# ---------------------------------------------------------------------------- graph -> RDF

def _provenance(g: Graph, node: URIRef, data: dict) -> None:
    if data.get("source"):
        src = file_iri(data["source"])
        g.add((node, PROV.wasDerivedFrom, src))
        g.add((src, RDF.type, VNP.SourceFile))
        g.add((src, VNP.fileName, Literal(data["source"])))
    for attr, prop in (("line_start", VNP.lineStart), ("line_end", VNP.lineEnd)):
        if data.get(attr) is not None:
            g.add((node, prop, Literal(int(data[attr]))))


def _add_node(g: Graph, key: str, data: dict) -> None:
    node = node_iri(key)
    label = data.get("label")
    if label not in LABEL_CLASS:
        raise GraphbuildError(f"{key}: node label {label!r} is not in the graph schema")
    g.add((node, RDF.type, LABEL_CLASS[label]))
    g.add((node, VNP.key, Literal(key)))
    _provenance(g, node, data)
    if data.get("jurisdiction"):
        g.add((node, VNP.jurisdiction, node_iri(data["jurisdiction"])))
    if label == "Document":
        kind = data.get("kind") or "other"
        if kind in KIND_CLASS:
            g.add((node, RDF.type, KIND_CLASS[kind]))
        g.add((node, VNP.kind, Literal(kind)))
        g.add((node, RDFS.label, Literal(data.get("number") or data.get("title") or key)))
        if data.get("number"):
            g.add((node, VNP.number, Literal(data["number"])))
        if data.get("title"):
            g.add((node, VNP["title"], Literal(data["title"], lang="vi")))
        if data.get("date"):
            g.add((node, VNP.date, typed_date(data["date"]) or Literal(data["date"])))
        if data.get("issuer"):
            g.add((node, VNP.issuerName, Literal(data["issuer"], lang="vi")))
        g.add((node, VNP.inCorpus, Literal(bool(data.get("in_corpus")))))
    elif label == "Agency":
        g.add((node, SKOS.prefLabel, Literal(data["name"], lang="vi")))
        g.add((node, RDFS.label, Literal(data["name"], lang="vi")))
        if data.get("name_en"):
            g.add((node, SKOS.prefLabel, Literal(data["name_en"], lang="en")))
        for alias in data.get("aliases") or ():
            g.add((node, SKOS.altLabel, Literal(alias, lang="vi")))
        for attr, prop in (("kind", VNP.agencyKind), ("level", VNP.level)):
            if data.get(attr):
                g.add((node, prop, Literal(data[attr])))
        g.add((node, VNP.known, Literal(bool(data.get("known")))))
    elif label == "Mandate":
        if data.get("text"):
            g.add((node, VNP.text, Literal(data["text"], lang="vi")))
        if data.get("section"):
            g.add((node, VNP.section, Literal(data["section"])))
        if data.get("due"):
            for triple in _due_triples(node, data["due"]):
                g.add(triple)
        for attr, prop in (("due_text", VNP.dueText), ("product", VNP.product)):
            if data.get(attr):
                g.add((node, prop, Literal(data[attr], lang="vi")))
        if data.get("recurring"):
            g.add((node, VNP.recurring, Literal(data["recurring"])))
    elif label == "Jurisdiction":
        g.add((node, SKOS.prefLabel, Literal(data["name"], lang="vi")))
        g.add((node, RDFS.label, Literal(data["name"], lang="vi")))
        if data.get("level"):
            g.add((node, VNP.level, Literal(data["level"])))


def _add_edge(g: Graph, G: nx.MultiDiGraph, u: str, v: str, etype: str, data: dict) -> None:
    s, o = node_iri(u), node_iri(v)
    p = EDGE_PREDICATE.get(etype) or VNP[etype.lower()]
    g.add((s, p, o))
    if etype == "REFERENCES" and data.get("basis"):
        g.add((s, VNP.legalBasis, o))
    if etype == "PART_OF" and G.nodes[u].get("label") == "Agency" and G.nodes[v].get("label") == "Agency":
        g.add((s, ORG.subOrganizationOf, o))
    stmt = statement_iri(u, etype, v)
    g.add((stmt, RDF.type, RDF.Statement))
    g.add((stmt, RDF.subject, s))
    g.add((stmt, RDF.predicate, p))
    g.add((stmt, RDF.object, o))
    g.add((stmt, VNP["count"], Literal(int(data.get("count") or 1))))
    if etype == "REFERENCES":
        g.add((stmt, VNP.basis, Literal(bool(data.get("basis")))))
    if data.get("source"):
        g.add((stmt, VNP.sourceFile, file_iri(data["source"])))
    for source in data.get("sources") or ([data["source"]] if data.get("source") else []):
        g.add((stmt, PROV.wasDerivedFrom, file_iri(source)))
    for line in data.get("lines") or ():
        g.add((stmt, VNP.line, Literal(int(line))))


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in (("vnp", VNP), ("eli", ELI), ("org", ORG), ("prov", PROV), ("skos", SKOS), ("owl", OWL),
                       ("xsd", XSD), ("rdf", RDF), ("rdfs", RDFS)):
        g.bind(prefix, ns, override=True)
    return g


def to_rdf(G: nx.MultiDiGraph) -> Graph:
    """The graph as RDF triples in the vnp: ontology (nodes by key IRI, edges as triples plus provenance statements)."""
    g = bind_prefixes(Graph())
    for key, data in G.nodes(data=True):
        _add_node(g, key, data)
    for u, v, etype, data in G.edges(keys=True, data=True):
        _add_edge(g, G, u, v, data.get("type", etype), data)
    return g


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The rdflib format name for a file: given, or from its suffix (.ttl, .jsonld, .nt)."""
    if fmt:
        return {"ttl": "turtle", "jsonld": "json-ld", "ntriples": "nt"}.get(fmt, fmt)
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise GraphbuildError(f"{path}: unknown RDF format (use .ttl, .jsonld or .nt, or give the format)")
    return FORMATS[suffix]


def serialize(g: Graph, fmt: str = "turtle") -> bytes:
    """Bytes of the graph in `fmt` (turtle, nt, json-ld).

    Turtle goes through Oxigraph's serialiser, about four times faster than rdflib's on large
    graphs; triples are sorted so that each subject is written once and the output is stable.
    """
    fmt = format_for("", fmt)
    if fmt == "turtle":
        nt = g.serialize(format="nt", encoding="utf-8")
        triples = sorted(pyoxigraph.parse(nt, format=pyoxigraph.RdfFormat.N_TRIPLES),
                         key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        prefixes = {prefix: str(ns) for prefix, ns in g.namespaces() if prefix in _TURTLE_PREFIXES}
        return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)
    if fmt == "json-ld":
        return g.serialize(format="json-ld", context=_jsonld_context(g), indent=1, encoding="utf-8")
    return g.serialize(format=fmt, encoding="utf-8")


def write_rdf(G: nx.MultiDiGraph | Graph, path: str | Path, format: str | None = None) -> Path:
    """Write the graph as Turtle, JSON-LD or N-Triples (format from the suffix .ttl/.jsonld/.nt unless given)."""
    path = Path(path)
    fmt = format_for(path, format)
    g = G if isinstance(G, Graph) else to_rdf(G)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(serialize(g, fmt))
    return path


def _jsonld_context(g: Graph) -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in g.namespaces() if prefix in ("vnp", "prov", "skos", "rdfs", "xsd")}


# ---------------------------------------------------------------------------- ontology and validation

def ontology_graph() -> Graph:
    return Graph().parse(data=knowledge.ontology_text("vnplan.ttl"), format="turtle")


def shapes_graph() -> Graph:
    return Graph().parse(data=knowledge.ontology_text("shapes.ttl"), format="turtle")


def validate(data: nx.MultiDiGraph | Graph) -> tuple[bool, str]:
    """Check the RDF against ontology/shapes.ttl with pyshacl; warnings do not fail it."""
    import pyshacl

    g = data if isinstance(data, Graph) else to_rdf(data)
    conforms, _, text = pyshacl.validate(g, shacl_graph=shapes_graph(), inference="none", allow_warnings=True,
                                         advanced=True)
    return bool(conforms), str(text)


# ---------------------------------------------------------------------------- stores

def rdf_store(G: nx.MultiDiGraph | Graph, *, with_ontology: bool = False) -> pyoxigraph.Store:
    """An in-memory Oxigraph store with the graph in its default graph, for SPARQL queries in-process."""
    g = G if isinstance(G, Graph) else to_rdf(G)
    store = pyoxigraph.Store()
    store.load(g.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
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
    fmt = format_for("", format)
    if fmt not in _MEDIA_TYPES:
        raise GraphbuildError(f"{format}: push_sparql sends Turtle or N-Triples")
    if not re.match(r"^https?://[^/\s]+", store_url):
        raise GraphbuildError(f"{store_url}: not an http(s) URL of a SPARQL store")
    g = G if isinstance(G, Graph) else to_rdf(G)
    body = serialize(g, fmt)
    url = graph_store_url(store_url, graph_iri, gsp_path)
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": f"{_MEDIA_TYPES[fmt]}; charset=utf-8", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as err:
        detail = " ".join(err.read().decode("utf-8", "replace").split())[:200]
        raise GraphbuildError(f"{store_url}: SPARQL store refused the graph (HTTP {err.code} {detail})") from err
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise GraphbuildError(f"{store_url}: cannot reach SPARQL store ({' '.join(str(reason).split())})") from err
    return len(g)

