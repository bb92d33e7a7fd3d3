"""RDF export: IRIs, serialisations, the ontology, SHACL, the embedded store and a real Oxigraph server."""
from __future__ import annotations

import hashlib
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
    jsonld_context,
    node_iri,
    ontology_graph,
    push_sparql,
    rdf_store,
    shacl_report,
    shapes_graph,
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


# ---------------------------------------------------------------------------- standard terms, context, description

ELI = ns.Namespace("http://data.europa.eu/eli/ontology#")
ORG = ns.Namespace("http://www.w3.org/ns/org#")
VOID = ns.Namespace("http://rdfs.org/ns/void#")
DCAT = ns.Namespace("http://www.w3.org/ns/dcat#")


def test_the_data_states_the_standard_terms_without_a_reasoner(G: nx.MultiDiGraph, g: Graph) -> None:
    for u, v, etype, data in G.edges(keys=True, data=True):
        s, o = node_iri(u), node_iri(v)
        if etype == "REFERENCES":
            assert (s, ELI.cites, o) in g and ((s, ELI.based_on, o) in g) == bool(data["basis"])
        if etype == "IMPLEMENTS":
            assert (s, ELI.ensures_implementation_of, o) in g
        if etype == "PART_OF" and G.nodes[u]["label"] == G.nodes[v]["label"] == "Agency":
            assert (s, ORG.subOrganizationOf, o) in g
    departments = [k for k, d in G.nodes(data=True) if d["label"] == "Agency" and d["kind"] == "department"
                   and d["level"] == "province"]
    assert departments and all((node_iri(k), ORG.subOrganizationOf, node_iri(f"agency/{k.split('/')[1]}/ubnd-tinh"))
                               in g for k in departments)
    for key, data in G.nodes(data=True):
        iri = node_iri(key)
        labels = list(g.objects(iri, RDFS.label))
        assert labels and all(label.language == "vi" for label in labels), key
        if data["label"] == "Agency":
            assert (iri, RDF.type, ORG.Organization) in g
        if data["label"] == "Document":
            assert (iri, RDF.type, ELI.LegalResource) in g
            pref = {label.language for label in g.objects(iri, SKOS.prefLabel)}
            assert pref == ({"vi", "en"} if data["number"] else {"vi"})
        if data.get("source"):  # the lines travel with the derivation from the file
            derivation = g.value(iri, PROV.qualifiedDerivation)
            assert g.value(derivation, PROV.entity) == file_iri(data["source"])
            if data.get("line_start") is not None:
                assert g.value(derivation, VNP.lineStart).toPython() == data["line_start"]


def test_every_term_of_the_data_has_a_term_in_the_jsonld_context(g: Graph) -> None:
    context = jsonld_context()
    defined = set()
    for definition in context.values():
        iri = definition if isinstance(definition, str) else definition.get("@id", "") if isinstance(definition,
                                                                                                        dict) else ""
        prefix, _, local = iri.partition(":")
        defined.add(context[prefix] + local if prefix in context and isinstance(context[prefix], str) else iri)
    used = {str(p) for p in g.predicates() if p != RDF.type}
    used |= {str(c) for c in g.objects(None, RDF.type) if str(c).startswith(str(VNP))}
    assert used <= defined, sorted(used - defined)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_jsonld_uses_the_shipped_context_and_compact_terms(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    document = json.loads(write_rdf(G, tmp_path / "g.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == jsonld_context()
    mandate = next(n for n in document["@graph"] if n.get("@type") == "Mandate" and "dueDate" in n)
    assert set(mandate["text"]) == {"vi"} and mandate["partOf"].startswith("kg:doc/")


def test_every_export_describes_the_dataset_and_its_build(G: nx.MultiDiGraph, g: Graph) -> None:
    dataset = URIRef("https://w3id.org/vn-plan-kg/dataset")
    assert {(dataset, RDF.type, DCAT.Dataset), (dataset, RDF.type, VOID.Dataset)} <= set(g)
    described = {t for t in g if t[0] == dataset or str(t[0]).startswith(str(dataset) + "/")}
    build = g.value(dataset, PROV.wasGeneratedBy)
    activity = {t for t in g if t[0] in (build, g.value(build, PROV.wasAssociatedWith))}
    assert g.value(dataset, VOID.triples).toPython() == len(g) - len(described) - len(activity)
    assert g.value(dataset, VOID.entities).toPython() == G.number_of_nodes()
    assert set(g.objects(build, PROV.used)) == {file_iri(s) for s in G.graph["sources"]}
    tool = g.value(build, PROV.wasAssociatedWith)
    assert (tool, RDF.type, PROV.SoftwareAgent) in g and g.value(tool, ns.DCTERMS.hasVersion)


def test_input_checksums_and_build_time_reach_the_rdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graphbuild.extract import extract_paths

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    source = Path(__file__).parent.parent / "data" / "corpus" / "003_05e3fa0bd3f85029.txt"
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "kh.txt").write_bytes(source.read_bytes())
    H = build_graph(extract_paths([tmp_path]).records)
    h = to_rdf(H)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert h.value(file_iri("plans/kh.txt"), VNP.sha256) == Literal(digest)
    build = h.value(URIRef("https://w3id.org/vn-plan-kg/dataset"), PROV.wasGeneratedBy)
    assert h.value(build, PROV.endedAtTime).toPython().isoformat() == "2023-11-14T22:13:20+00:00"


# ---------------------------------------------------------------------------- SHACL on every corpus and kind

# the gold-backed corpora the repository carries: the sample plans and the six other layouts, with their records
ROOT = Path(__file__).resolve().parents[1]
GOLD_BACKED = [("seeds", ROOT / "data" / "corpus", ROOT / "tests" / "data" / "gold"),
               ("layouts", ROOT / "tests" / "data" / "layouts", ROOT / "tests" / "data" / "gold-layouts")]


def test_every_kind_the_gazetteer_assigns_is_allowed_by_the_shapes() -> None:
    from graphbuild import knowledge

    table = knowledge.agencies()
    kinds = {a["kind"] for a in table["agency"]} | {k for _, k in table["unknown"]["head_kinds"]}
    kinds |= {"collective", "other"}
    shapes = shapes_graph()
    SH = ns.Namespace("http://www.w3.org/ns/shacl#")
    [kind_shape] = [s for s in shapes.subjects(SH.path, VNP.agencyKind) if shapes.value(s, SH["in"])]
    from rdflib.collection import Collection

    allowed = {str(v) for v in Collection(shapes, shapes.value(kind_shape, SH["in"]))}
    assert "company" in kinds and kinds <= allowed, sorted(kinds - allowed)


def test_an_agency_of_kind_company_conforms() -> None:
    from graphbuild.model import Record

    rec = Record.from_dict({"source": "a.txt", "document": {"number": "1/KH-UBND", "kind": "plan",
                                                            "issuer": "UBND tỉnh Thanh Hóa"},
                            "mandates": [{"line": 5, "text": "Cấp điện cho khu công nghiệp",
                                          "lead": ["Công ty Điện lực Thanh Hóa"], "coordinators": []}]})
    H = build_graph([rec])
    [company] = [k for k, d in H.nodes(data=True) if d["label"] == "Agency" and d["kind"] == "company"]
    report = shacl_report(H)
    assert report.conforms, report.text
    assert not any(r["focus"] == str(node_iri(company)) for r in report.results())


@pytest.mark.parametrize("name, corpus, gold", GOLD_BACKED, ids=[c[0] for c in GOLD_BACKED])
def test_every_gold_backed_corpus_conforms(name: str, corpus: Path, gold: Path) -> None:
    """Both the graph of what we extract and the graph of the hand-checked records conform."""
    from graphbuild.extract import extract_paths

    records = extract_paths([corpus]).records
    assert records
    for graph in (build_graph(records), build_graph(load_records(gold))):
        report = shacl_report(graph)
        assert report.conforms, report.summary() + "\n" + report.text[:3000]


def test_the_sparql_twins_compare_typed_dates_not_strings() -> None:
    from graphbuild import knowledge

    for name in ("agency_load", "deadlines"):
        text = knowledge.query_text(name, "rq")
        assert "vnp:dueDate" in text and "SUBSTR(?due" not in text and "STRLEN(?due" not in text


# ---------------------------------------------------------------------------- kg validate

def _broken_records(tmp_path: Path) -> Path:
    record = {"source": "bad.txt", "document": {"number": "9/KH-UBND", "kind": "plan", "issuer": "UBND tỉnh Hà Tĩnh"},
              "mandates": [{"line": 3, "text": "", "lead": ["Sở Y tế"], "coordinators": []}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def test_kg_validate_prints_one_summary_line() -> None:
    from typer.testing import CliRunner

    from graphbuild.cli import app

    result = CliRunner().invoke(app, ["validate", str(GOLD)])
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    assert re.fullmatch(r"the graph \(\d+ triples\) conforms to ontology/shapes.ttl: 0 violations, \d+ warnings", line)


@pytest.mark.parametrize("fmt", ["text", "json", "turtle"])
def test_kg_validate_reports_a_broken_graph_in_each_format(tmp_path: Path, fmt: str) -> None:
    from typer.testing import CliRunner

    from graphbuild.cli import app

    result = CliRunner().invoke(app, ["validate", str(_broken_records(tmp_path)), "--format", fmt])
    assert result.exit_code == 1
    assert re.fullmatch(r"the graph \(\d+ triples\) does not conform to ontology/shapes.ttl: 1 violations on 1 nodes, "
                        r"\d+ warnings\n", result.stderr)
    if fmt == "json":
        report = json.loads(result.stdout)
        [violation] = [r for r in report["results"] if r["severity"] == "Violation"]
        assert report["conforms"] is False and violation["message"] == "a mandate needs its text"
        assert violation["focus"].startswith(ID_BASE + "mandate/ha-tinh/9%2FKH-UBND/")
    elif fmt == "turtle":
        report = Graph().parse(data=result.stdout, format="turtle")
        SH = ns.Namespace("http://www.w3.org/ns/shacl#")
        assert (None, SH.conforms, Literal(False)) in report
    else:
        assert "a mandate needs its text" in result.stdout
