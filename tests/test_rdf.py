"""RDF export: IRIs, serialisations, the ontology, SHACL, the embedded store and a real Oxigraph server."""
from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from pathlib import Path

import networkx as nx
import pytest
import rdflib.namespace as ns
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, SKOS
from support.oxigraph import free_port, oxigraph_server  # noqa: F401  (pytest fixture)

from graphbuild.errors import GraphbuildError
from graphbuild.graph import build_graph, load_records
from graphbuild.rdf import (
    EDGE_PREDICATE,
    ID_BASE,
    KIND_CLASS,
    VNP,
    file_iri,
    iri_key,
    node_iri,
    ontology_graph,
    push_sparql,
    rdf_store,
    statement_iri,
    to_rdf,
    validate,
    write_rdf,
)
from graphbuild.schema import due_period, parse_key

GOLD = Path(__file__).parent / "data" / "gold"
GRAPH_IRI = "https://w3id.org/vn-plan-kg/graph/test"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_graph(load_records(GOLD))


@pytest.fixture(scope="module")
def g(G: nx.MultiDiGraph) -> Graph:
    return to_rdf(G)


# ---------------------------------------------------------------------------- IRIs

TRICKY_KEYS = [
    "doc/vn/58-NQ/TW", "doc/thanh-hoa/685/2007/QĐ-UBND", "doc/ha-tinh/08-NQ/TU@2018-05-18",
    "doc/vn/1059/NQ-UBTVQH13", "doc/thanh-hoa/file:000_aa7159e0c2e7d853.txt", "mandate/thanh-hoa/2999/QĐ-UBND/0a1b2c3d4e5f",
    "mandate/ha-tinh/08-NQ/TU@2018-05-18/0a1b2c3d4e5f-2", "agency/ha-tinh/so-tai-chinh", "jur/vn",
    "doc/ha-tinh/file:plans/a/plan.txt", "mandate/ha-tinh/file:plans/a/plan.txt/0a1b2c3d4e5f",
]


@pytest.mark.parametrize("key", TRICKY_KEYS)
def test_iris_are_safe_and_round_trip(key: str) -> None:
    iri = node_iri(key)
    path = str(iri)[len(ID_BASE):]
    assert re.fullmatch(r"[A-Za-z0-9\-._~/%]+", path)
    assert iri_key(iri) == key
    # only the structural slashes stay: as many path segments as the key has parts
    assert path.count("/") == {"doc": 2, "mandate": 3, "agency": 2, "jur": 1}[key.split("/")[0]]
    assert parse_key(key).kind == key.split("/")[0]
    parsed = Graph().parse(data=f"<{iri}> <{VNP.key}> {json.dumps(key)} .", format="nt")
    [(s, _, o)] = list(parsed)
    assert (iri_key(s), str(o)) == (key, key)


def test_a_number_slash_is_encoded() -> None:
    assert str(node_iri("doc/vn/58-NQ/TW")) == ID_BASE + "doc/vn/58-NQ%2FTW"
    with pytest.raises(GraphbuildError):
        iri_key("http://example.org/x")


# ---------------------------------------------------------------------------- content

def test_every_node_and_edge_is_in_the_rdf(G: nx.MultiDiGraph, g: Graph) -> None:
    for key, data in G.nodes(data=True):
        iri = node_iri(key)
        assert (iri, VNP.key, Literal(key)) in g
        assert (iri, RDF.type, VNP[data["label"]]) in g
        assert (iri, PROV.wasDerivedFrom, file_iri(data["source"])) in g
        if data["label"] == "Document" and data["kind"] in KIND_CLASS:
            assert (iri, RDF.type, KIND_CLASS[data["kind"]]) in g
    for u, v, etype, data in G.edges(keys=True, data=True):
        s, p, o = node_iri(u), EDGE_PREDICATE[etype], node_iri(v)
        assert (s, p, o) in g
        stmt = statement_iri(u, etype, v)
        assert (stmt, RDF.subject, s) in g and (stmt, RDF.object, o) in g
        assert g.value(stmt, VNP["count"]).toPython() == data["count"]
        assert sorted(x.toPython() for x in g.objects(stmt, VNP.line)) == data["lines"]
        assert {str(f) for f in g.objects(stmt, PROV.wasDerivedFrom)} == {str(file_iri(f)) for f in data["sources"]}
        if etype == "REFERENCES":
            assert ((s, VNP.legalBasis, o) in g) == data["basis"]
    assert len(set(g.subjects(RDF.type, RDF.Statement))) == G.number_of_edges()


def test_deadlines_keep_the_literal_and_add_the_due_date_and_period(G: nx.MultiDiGraph, g: Graph) -> None:
    dues = [(key, d["due"]) for key, d in G.nodes(data=True) if d["label"] == "Mandate" and d["due"]]
    assert {len(due) for _, due in dues} >= {4, 7, 9}  # years, months and periods at least
    time = ns.Namespace("http://www.w3.org/2006/time#")
    for key, due in dues:
        iri = node_iri(key)
        assert str(g.value(iri, VNP.due)) == due
        start, end = due_period(due)
        assert g.value(iri, VNP.dueDate) == Literal(end.isoformat(), datatype=ns.XSD.date)
        period = g.value(iri, VNP.duePeriod)
        assert (period, RDF.type, time.Interval) in g
        begins = g.value(g.value(period, time.hasBeginning), time.inXSDDate)
        ends = g.value(g.value(period, time.hasEnd), time.inXSDDate)
        assert (begins.toPython(), ends.toPython()) == (start, end)
    assert due_period("2021-Q3")[1].isoformat() == "2021-09-30"
    assert due_period("2024-02")[1].isoformat() == "2024-02-29"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own JSON-LD parser
@pytest.mark.parametrize("suffix, fmt", [(".ttl", "turtle"), (".jsonld", "json-ld"), (".nt", "nt")])
def test_serialisations_parse_back_with_the_same_triples(g: Graph, G: nx.MultiDiGraph, tmp_path: Path,
                                                         suffix: str, fmt: str) -> None:
    path = write_rdf(G, tmp_path / f"graph{suffix}")
    back = Graph().parse(path, format=fmt)
    assert len(back) == len(g)
    assert set(back) == set(g)


def test_unknown_rdf_suffix_is_refused(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(GraphbuildError, match="unknown RDF format"):
        write_rdf(G, tmp_path / "graph.xyz")


# ---------------------------------------------------------------------------- ontology and shapes

def test_every_term_used_is_declared_with_labels_and_definitions_in_two_languages(g: Graph) -> None:
    onto = ontology_graph()
    used = {p for p in g.predicates() if str(p).startswith(str(VNP))}
    used |= {c for c in g.objects(None, RDF.type) if str(c).startswith(str(VNP))}
    declared = {s for s in onto.subjects(RDF.type, None) if str(s).startswith(str(VNP))}
    assert used <= declared, used - declared
    for term in declared:
        assert set(onto.objects(term, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
        for prop in (RDFS.label, SKOS.definition):
            assert {o.language for o in onto.objects(term, prop)} >= {"vi", "en"}, (term, prop)


def test_ontology_aligns_with_established_vocabularies() -> None:
    onto = ontology_graph()
    eli = "http://data.europa.eu/eli/ontology#"
    assert (VNP.Document, RDFS.subClassOf, URIRef(eli + "LegalResource")) in onto
    assert (VNP.Agency, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in onto
    assert (VNP.legalBasis, RDFS.subPropertyOf, URIRef(eli + "based_on")) in onto
    assert (VNP.references, RDFS.subPropertyOf, URIRef(eli + "cites")) in onto
    assert (VNP.implements, RDFS.subPropertyOf, URIRef(eli + "ensures_implementation_of")) in onto
    for kind_class in KIND_CLASS.values():
        assert (kind_class, RDFS.subClassOf, VNP.Document) in onto


def test_the_real_graph_conforms_to_the_shapes(G: nx.MultiDiGraph) -> None:
    conforms, report = validate(G)
    assert conforms, report


def test_a_graph_of_the_extractor_records_conforms() -> None:
    from graphbuild.extract import extract_paths

    records = extract_paths([Path(__file__).parent.parent / "data" / "corpus"]).records
    assert records
    conforms, report = validate(build_graph(records))
    assert conforms, report


def _broken(G: nx.MultiDiGraph, label: str, **changes: object) -> tuple[nx.MultiDiGraph, str]:
    H = G.copy()
    key = next(n for n, d in H.nodes(data=True) if d["label"] == label and ("number" not in changes or d["number"]))
    H.nodes[key].update(changes)
    return H, key


@pytest.mark.parametrize("label, changes, message", [
    ("Mandate", {"text": None}, "a mandate needs its text"),
    ("Mandate", {"line_start": None}, "a mandate needs its first line"),
    ("Document", {"number": None, "in_corpus": False}, "exactly one identity"),
    ("Agency", {"level": "nation"}, "national agency belongs to jur/vn"),
    ("Agency", {"kind": "spaceship"}, "agencyKind"),
])
def test_a_broken_graph_does_not_conform(G: nx.MultiDiGraph, label: str, changes: dict, message: str) -> None:
    H, key = _broken(G, label, **changes)
    conforms, report = validate(H)
    assert not conforms
    assert message in report
    assert str(node_iri(key)) in report


def test_a_mandate_moved_out_of_its_document_does_not_conform(G: nx.MultiDiGraph) -> None:
    H = G.copy()
    key = next(n for n, d in H.nodes(data=True) if d["label"] == "Mandate")
    H.remove_edge(key, H.nodes[key]["document"], "PART_OF")
    conforms, report = validate(H)
    assert not conforms and "part of exactly one document" in report


# ---------------------------------------------------------------------------- stores

COUNT_MANDATES = f"SELECT (COUNT(?m) AS ?n) WHERE {{ ?m a <{VNP.Mandate}> }}"


def test_embedded_store_answers_sparql(G: nx.MultiDiGraph, g: Graph) -> None:
    store = rdf_store(G)
    assert len(store) == len(g)
    [row] = list(store.query(COUNT_MANDATES))
    assert int(row["n"].value) == sum(1 for _, d in G.nodes(data=True) if d["label"] == "Mandate")


def _sparql_count(base_url: str, graph_iri: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(f"{base_url}/query?query={urllib.parse.quote(query)}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def test_push_replaces_the_named_graph(G: nx.MultiDiGraph, g: Graph, oxigraph_server: str) -> None:  # noqa: F811
    assert push_sparql(G, oxigraph_server, GRAPH_IRI) == len(g)
    assert _sparql_count(oxigraph_server, GRAPH_IRI) == len(g)
    push_sparql(G, oxigraph_server, GRAPH_IRI)
    assert _sparql_count(oxigraph_server, GRAPH_IRI) == len(g)
    # a smaller build replaces the graph: a POST (append) would leave the old triples in place
    one_record = build_graph(load_records(min(GOLD.glob("*.json"))))
    small = push_sparql(one_record, oxigraph_server, GRAPH_IRI, format="ttl")
    assert small < len(g)
    assert _sparql_count(oxigraph_server, GRAPH_IRI) == small
    # other named graphs are left alone
    push_sparql(one_record, oxigraph_server, GRAPH_IRI + "/other")
    assert _sparql_count(oxigraph_server, GRAPH_IRI) == small


def test_push_to_a_store_that_is_down_fails_in_one_line(G: nx.MultiDiGraph) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(GraphbuildError) as err:
        push_sparql(G, url, GRAPH_IRI, timeout=5)
    message = str(err.value)
    assert message.startswith(f"{url}: cannot reach SPARQL store (")
    assert "\n" not in message


def test_push_reports_a_refusing_endpoint(G: nx.MultiDiGraph, oxigraph_server: str) -> None:  # noqa: F811
    with pytest.raises(GraphbuildError, match=r"refused the graph \(HTTP 4\d\d"):
        push_sparql(G, oxigraph_server, GRAPH_IRI, gsp_path="/no-such-endpoint")
