"""The Neo4j loader end to end against a real Bolt server (FalkorDB started by the fixture).

What users rely on: the store holds exactly the networkx graph (per label, per relationship type,
property by property), a reload changes nothing, the usual questions give the same answers as
networkx, and a bad server, password or URI gives one clear line that never shows the password.
"""
from __future__ import annotations

import re
import socket
import time
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from support.falkordb import FalkorDBServer, falkordb_server, falkordb_uri
from support.oxigraph import oxigraph_server

from graphbuild import neo4j_store
from graphbuild.errors import GraphbuildError
from graphbuild.graph import build_graph, load_records
from graphbuild.model import Record
from graphbuild.neo4j_store import bolt_properties, bolt_value, load_graph, run_query, store_counts

FIXTURES = (falkordb_server, falkordb_uri, oxigraph_server)  # imported so that pytest finds them in this module

GOLD = Path(__file__).parent / "data" / "gold"


@pytest.fixture(scope="module")
def gold_graph() -> nx.MultiDiGraph:
    return build_graph(load_records(GOLD))


def expected_counts(G: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """What networkx says: nodes per label, distinct (from, type, to) relationships per type."""
    labels = Counter(data["label"] for _, data in G.nodes(data=True))
    rels = Counter(t for _, _, t in {(u, v, d.get("type", k)) for u, v, k, d in G.edges(keys=True, data=True)})
    rels["IN_JURISDICTION"] = sum(1 for _, d in G.nodes(data=True) if d.get("jurisdiction"))  # the attribute
    return {"nodes": dict(sorted(labels.items())), "relationships": dict(sorted(rels.items()))}


def tiny_graph() -> nx.MultiDiGraph:
    """A hand-made graph in the schema, with the values that trip up Bolt servers."""
    G = nx.MultiDiGraph()
    G.add_node("jur/thanh-hoa", id="jur/thanh-hoa", label="Jurisdiction", name="Thanh Hóa", level="province")
    G.add_node("jur/vn", id="jur/vn", label="Jurisdiction", name="Việt Nam", level="nation")
    G.add_node("doc/vn/58-NQ/TW", id="doc/vn/58-NQ/TW", label="Document", number="58-NQ/TW", kind="resolution",
               title=None, date="2020-08-05", issuer="Bộ Chính trị", jurisdiction="jur/vn", in_corpus=False)
    G.add_node("doc/thanh-hoa/2999/QĐ-UBND", id="doc/thanh-hoa/2999/QĐ-UBND", label="Document",
               number="2999/QĐ-UBND", kind="decision", title='Kế hoạch "hành động" C:\\path\\new', date=None,
               issuer="UBND tỉnh Thanh Hóa", jurisdiction="jur/thanh-hoa", in_corpus=True,
               source="001.txt", line_start=1, line_end=12)
    G.add_node("agency/thanh-hoa/ubnd-tinh", id="agency/thanh-hoa/ubnd-tinh", label="Agency", name="UBND tỉnh",
               name_en="Provincial People's Committee", kind="committee", jurisdiction="jur/thanh-hoa",
               level="province", known=True, aliases=["UBND tỉnh Thanh Hóa", "Ủy ban nhân dân tỉnh"])
    G.add_node("mandate/thanh-hoa/2999/QĐ-UBND/103", id="mandate/thanh-hoa/2999/QĐ-UBND/103", label="Mandate",
               text="Sở Tài chính chủ trì, phối hợp 'các sở' thực hiện.", section="II.1.a", due="2025",
               due_text="năm 2025", recurring=None, product=None, document="doc/thanh-hoa/2999/QĐ-UBND",
               source="001.txt", line_start=103, line_end=104)
    edges = [
        ("doc/thanh-hoa/2999/QĐ-UBND", "doc/vn/58-NQ/TW", "IMPLEMENTS", {"source": "001.txt", "lines": [3, 5]}),
        ("doc/thanh-hoa/2999/QĐ-UBND", "doc/vn/58-NQ/TW", "REFERENCES",
         {"basis": True, "count": 2, "source": "001.txt", "lines": [3, 5]}),
        ("doc/thanh-hoa/2999/QĐ-UBND", "agency/thanh-hoa/ubnd-tinh", "ISSUED_BY", {"source": "001.txt", "lines": [1]}),
        ("mandate/thanh-hoa/2999/QĐ-UBND/103", "doc/thanh-hoa/2999/QĐ-UBND", "PART_OF", {"source": "001.txt"}),
        ("agency/thanh-hoa/ubnd-tinh", "jur/thanh-hoa", "PART_OF", {}),
        ("agency/thanh-hoa/ubnd-tinh", "mandate/thanh-hoa/2999/QĐ-UBND/103", "LEADS",
         {"source": "001.txt", "lines": [103], "count": 1}),
        ("mandate/thanh-hoa/2999/QĐ-UBND/103", "doc/vn/58-NQ/TW", "MENTIONS", {"source": "001.txt", "lines": [104]}),
    ]
    for u, v, t, attrs in edges:
        G.add_edge(u, v, key=t, type=t, **attrs)
    return G


def closed_port_uri() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"bolt://127.0.0.1:{port}"  # nothing listens once the socket is closed


# ---------------------------------------------------------------------------- the gold graph in the store

def test_counts_after_load_equal_networkx(falkordb_uri: str, gold_graph: nx.MultiDiGraph) -> None:
    expected = expected_counts(gold_graph)
    result = load_graph(gold_graph, falkordb_uri, user="falkordb", password="")
    assert store_counts(falkordb_uri) == expected
    assert result["labels"] == expected["nodes"] and result["types"] == {
        t: expected["relationships"][t] for t in neo4j_store.STORE_REL_TYPES if t in expected["relationships"]}
    assert result["nodes_created"] == gold_graph.number_of_nodes()
    assert result["relationships_created"] == sum(expected["relationships"].values())
    assert set(result["schema"]) == set(expected["nodes"])
    assert set(result["schema"].values()) <= {"constraint", "index"}


def test_reload_leaves_the_same_counts(falkordb_uri: str, gold_graph: nx.MultiDiGraph) -> None:
    load_graph(gold_graph, falkordb_uri)
    first = store_counts(falkordb_uri)
    again = load_graph(gold_graph, falkordb_uri)
    assert store_counts(falkordb_uri) == first == expected_counts(gold_graph)
    assert again["nodes_created"] == 0 and again["relationships_created"] == 0
    indexes = run_query("CALL db.indexes()", uri=falkordb_uri)  # FalkorDB's listing: one id index per label
    assert sorted(i["label"] for i in indexes if "id" in i["properties"]) == sorted(first["nodes"])


@pytest.mark.parametrize("number", ["58-NQ/TW", "06-NQ/TW"])
def test_documents_implementing_a_resolution(falkordb_uri: str, gold_graph: nx.MultiDiGraph, number: str) -> None:
    load_graph(gold_graph, falkordb_uri)
    target = f"doc/vn/{number}"
    expected = sorted(u for u, _, k in gold_graph.in_edges(target, keys=True) if k == "IMPLEMENTS")
    assert expected, f"the gold graph has no plan implementing {number}"
    rows = run_query("MATCH (d:Document)-[:IMPLEMENTS]->(r:Document {number: $number}) RETURN d.id AS id",
                     {"number": number}, falkordb_uri)
    assert sorted(r["id"] for r in rows) == expected


def test_mandates_each_agency_leads(falkordb_uri: str, gold_graph: nx.MultiDiGraph) -> None:
    load_graph(gold_graph, falkordb_uri)
    expected = Counter(u for u, _, k in gold_graph.edges(keys=True) if k == "LEADS")
    rows = run_query("MATCH (a:Agency)-[:LEADS]->(m:Mandate) RETURN a.id AS agency, count(m) AS n", uri=falkordb_uri)
    assert {r["agency"]: r["n"] for r in rows} == dict(expected)
    busiest, n = expected.most_common(1)[0]
    rows = run_query("MATCH (a:Agency {id: $id})-[:LEADS]->(m:Mandate) RETURN count(m) AS n", {"id": busiest},
                     falkordb_uri)
    assert rows == [{"n": n}]


def test_a_mandate_keeps_its_properties_and_provenance(falkordb_uri: str, gold_graph: nx.MultiDiGraph) -> None:
    load_graph(gold_graph, falkordb_uri)
    key, attrs = next((n, d) for n, d in sorted(gold_graph.nodes(data=True))
                      if d["label"] == "Mandate" and d.get("due") and d.get("due_text"))
    rows = run_query("MATCH (m:Mandate {id: $id}) RETURN m AS m", {"id": key}, falkordb_uri)
    assert len(rows) == 1
    stored = rows[0]["m"]
    assert stored == {k: v for k, v in attrs.items() if k not in ("label", "jurisdiction") and v is not None}
    assert (stored["source"], stored["line_start"], stored["line_end"]) == (
        attrs["source"], attrs["line_start"], attrs["line_end"])
    part_of = run_query("MATCH (:Mandate {id: $id})-[r:PART_OF]->(d:Document) RETURN d.id AS doc, r.lines AS lines, "
                        "r.source AS source", {"id": key}, falkordb_uri)
    edge = gold_graph.edges[key, attrs["document"], "PART_OF"]
    assert part_of == [{"doc": attrs["document"], "lines": edge["lines"], "source": edge["source"]}]


# ---------------------------------------------------------------------------- values servers get wrong

def test_tiny_graph_round_trips_quotes_backslashes_lists(falkordb_uri: str) -> None:
    G = tiny_graph()
    load_graph(G, falkordb_uri)
    assert store_counts(falkordb_uri) == expected_counts(G)
    for node, attrs in G.nodes(data=True):
        stored = run_query("MATCH (n {id: $id}) RETURN n AS n, labels(n) AS labels", {"id": node}, falkordb_uri)
        assert stored == [{"n": {k: v for k, v in attrs.items() if k not in ("label", "jurisdiction") and v is not None},
                           "labels": [attrs["label"]]}]
        if attrs.get("jurisdiction"):  # a relationship, not a property
            assert run_query("MATCH ({id: $id})-[:IN_JURISDICTION]->(j:Jurisdiction) RETURN j.id AS j", {"id": node},
                             falkordb_uri) == [{"j": attrs["jurisdiction"]}]
    rows = run_query("MATCH (a:Agency) WHERE a.name_en = $name RETURN a.id AS id",
                     {"name": "Provincial People's Committee"}, falkordb_uri)
    assert rows == [{"id": "agency/thanh-hoa/ubnd-tinh"}]
    rows = run_query("MATCH (:Document)-[r:REFERENCES]->(:Document {number: '58-NQ/TW'}) "
                     "RETURN r.basis AS basis, r.count AS count, r.lines AS lines", uri=falkordb_uri)
    assert rows == [{"basis": True, "count": 2, "lines": [3, 5]}]


def test_a_property_larger_than_one_message_is_stored_whole(falkordb_uri: str) -> None:
    G = tiny_graph()
    mandate = "mandate/thanh-hoa/2999/QĐ-UBND/103"
    long_text = "Ủy ban nhân dân tỉnh 'chủ trì' \\ phối hợp. " * 600  # ~30 KB: FalkorDB takes ~4 KB per query
    G.nodes[mandate]["text"] = long_text
    G.edges["agency/thanh-hoa/ubnd-tinh", mandate, "LEADS"]["lines"] = list(range(1, 3001))
    load_graph(G, falkordb_uri)
    load_graph(G, falkordb_uri)
    rows = run_query("MATCH (a:Agency)-[r:LEADS]->(m:Mandate {id: $id}) RETURN m.text AS text, r.lines AS lines, "
                     "m.section AS section", {"id": mandate}, falkordb_uri)
    assert rows == [{"text": long_text, "lines": list(range(1, 3001)), "section": "II.1.a"}]
    assert store_counts(falkordb_uri) == expected_counts(G)


def test_bolt_values_are_flat_and_homogeneous() -> None:
    assert bolt_value(None) is None
    assert bolt_value(("a", "b")) == ["a", "b"]
    assert bolt_value([[1, 2], [3, None]]) == [1, 2, 3]
    assert bolt_value([1, 2.5]) == [1.0, 2.5]
    assert bolt_value(["a", 1, True]) == ["a", "1", "True"]
    assert bolt_value({"b", "a"}) == ["a", "b"]
    assert bolt_value(2 ** 70) == str(2 ** 70)
    assert bolt_value([{"k": 1}]) == ['{"k": 1}']
    assert bolt_properties({"id": "x", "label": "Agency", "due": None, "span": {"start": 1, "end": 2},
                            "tên": "a", "aliases": []}, skip=("id", "label")) == {
        "span_start": 1, "span_end": 2, "t_n": "a", "aliases": []}


# ---------------------------------------------------------------------------- modes and options

def test_one_row_per_transaction_mode_loads_the_same_graph(falkordb_uri: str, gold_graph: nx.MultiDiGraph) -> None:
    done: list[tuple[str, int, int]] = []
    per_row = load_graph(gold_graph, falkordb_uri, batch_size=1, progress=lambda *a: done.append(a))
    assert store_counts(falkordb_uri) == expected_counts(gold_graph)
    assert per_row["transactions"] == per_row["nodes"] + per_row["relationships"]
    assert done[-1] == ("relationships", per_row["relationships"], per_row["relationships"])
    assert ("nodes", per_row["nodes"], per_row["nodes"]) in done
    batched = load_graph(gold_graph, falkordb_uri)
    assert batched["transactions"] < per_row["transactions"] / 5
    assert store_counts(falkordb_uri) == expected_counts(gold_graph)


def test_neo4j_routing_uri_is_accepted(falkordb_uri: str, gold_graph: nx.MultiDiGraph) -> None:
    """FalkorDB advertises a routing table pointing at localhost:7687; the loader falls back to the given address."""
    routed = falkordb_uri.replace("bolt://", "neo4j://")
    result = load_graph(gold_graph, routed)
    assert result["uri"] == routed and result["routing"] is False
    started = time.monotonic()
    assert store_counts(routed) == expected_counts(gold_graph)
    assert time.monotonic() - started < neo4j_store.CONNECT_TIMEOUT  # no unanswered handshake on the way


def test_a_database_name_is_refused_where_the_server_would_ignore_it(falkordb_uri: str) -> None:
    """FalkorDB writes transactions to its default graph whatever database is named: refuse, write nothing."""
    with pytest.raises(GraphbuildError) as caught:
        load_graph(tiny_graph(), falkordb_uri, database="kg")
    assert "database" in assert_one_line(caught.value, falkordb_uri)
    assert store_counts(falkordb_uri) == {"nodes": {}, "relationships": {}}


def test_uri_and_credentials_from_the_environment(falkordb_uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", falkordb_uri)
    monkeypatch.setenv("NEO4J_USERNAME", "falkordb")
    monkeypatch.setenv("NEO4J_PASSWORD", "")
    G = tiny_graph()
    assert load_graph(G)["uri"] == falkordb_uri
    assert store_counts() == expected_counts(G)
    monkeypatch.setenv("NEO4J_PASSWORD", "env-secret-42")
    with pytest.raises(GraphbuildError) as caught:
        store_counts()
    assert "env-secret-42" not in str(caught.value) and str(caught.value).startswith(falkordb_uri)


# ---------------------------------------------------------------------------- errors: one line, no password

def assert_one_line(err: GraphbuildError, uri: str) -> str:
    message = str(err)
    assert "\n" not in message and message.startswith(f"{uri}: ")
    assert err.__cause__ is None and (err.__context__ is None or err.__suppress_context__)  # no driver error chain
    return message


def test_server_down_is_one_clear_line() -> None:
    uri = closed_port_uri()
    started = time.monotonic()
    with pytest.raises(GraphbuildError) as caught:
        load_graph(tiny_graph(), uri, user="neo4j", password="s3cret-pw")
    message = assert_one_line(caught.value, uri)
    assert "unreachable" in message and "Connection refused" in message and "s3cret-pw" not in message
    assert time.monotonic() - started < 5
    routed = uri.replace("bolt://", "neo4j://")
    with pytest.raises(GraphbuildError) as caught:
        load_graph(tiny_graph(), routed)
    assert "unreachable" in assert_one_line(caught.value, routed)


def test_wrong_password_is_refused_without_showing_it(falkordb_uri: str) -> None:
    with pytest.raises(GraphbuildError) as caught:
        load_graph(tiny_graph(), falkordb_uri, user="falkordb", password="hunter2-pw")
    message = assert_one_line(caught.value, falkordb_uri)
    assert "hunter2-pw" not in message and "'falkordb'" in message
    assert store_counts(falkordb_uri) == {"nodes": {}, "relationships": {}}


def test_bad_uris_and_missing_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(GraphbuildError, match="NEO4J_URI"):
        load_graph(tiny_graph())
    with pytest.raises(GraphbuildError) as caught:
        load_graph(tiny_graph(), "http://127.0.0.1:7474")
    assert "unsupported URI scheme 'http'" in assert_one_line(caught.value, "http://127.0.0.1:7474")
    uri = closed_port_uri()
    with pytest.raises(GraphbuildError) as caught:
        load_graph(tiny_graph(), uri.replace("bolt://", "bolt://me:pw-in-uri@"))
    message = assert_one_line(caught.value, uri)
    assert "pw-in-uri" not in message and "credentials in the URI" in message


def test_labels_and_types_outside_the_schema_are_refused_before_connecting() -> None:
    uri = closed_port_uri()
    G = tiny_graph()
    G.add_node("person/x", id="person/x", label="Person")
    with pytest.raises(GraphbuildError, match=r"^node person/x: label 'Person' is not one of"):
        load_graph(G, uri)
    G = tiny_graph()
    G.add_edge("jur/thanh-hoa", "doc/vn/58-NQ/TW", key="DELETES", type="DELETES")
    with pytest.raises(GraphbuildError, match=r"type 'DELETES' is not one of"):
        load_graph(G, uri)
    with pytest.raises(GraphbuildError, match="batch size"):
        load_graph(tiny_graph(), uri, batch_size=0)


def test_a_server_that_checks_passwords(falkordb_server: FalkorDBServer) -> None:
    """Against `--requirepass` the right password loads and a wrong one is one line without it."""
    with FalkorDBServer(falkordb_server.server, falkordb_server.module,
                        extra_args=("--requirepass", "right-pw")) as server:
        G = tiny_graph()
        load_graph(G, server.uri, user="falkordb", password="right-pw")
        assert store_counts(server.uri, user="falkordb", password="right-pw") == expected_counts(G)
        with pytest.raises(GraphbuildError) as caught:
            store_counts(server.uri, user="falkordb", password="wrong-pw")
        assert "wrong-pw" not in assert_one_line(caught.value, server.uri)


# ---------------------------------------------------------------------------- stores in step, dates, search

def _neo4j_facts(uri: str) -> tuple[set[str], set[tuple[str, str, str]]]:
    nodes = {r["id"] for r in run_query("MATCH (n) RETURN n.id AS id", uri=uri)}
    rels = {(r["a"], r["t"], r["b"]) for r in run_query("MATCH (a)-[r]->(b) WHERE type(r) <> 'IN_JURISDICTION' "
                                                         "RETURN a.id AS a, type(r) AS t, b.id AS b", uri=uri)}
    return nodes, rels


def _sparql_facts(base_url: str, graph_iri: str) -> tuple[set[str], set[tuple[str, str, str]]]:
    import json
    import urllib.parse
    import urllib.request

    from graphbuild.rdf import EDGE_PREDICATE, VNP, iri_key

    def select(query: str) -> list[dict]:
        request = urllib.request.Request(f"{base_url}/query?query={urllib.parse.quote(query)}",
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)["results"]["bindings"]

    names = {str(p): t for t, p in EDGE_PREDICATE.items()}
    nodes = {r["k"]["value"] for r in select(f"SELECT ?k WHERE {{ GRAPH <{graph_iri}> {{ ?n <{VNP.key}> ?k }} }}")}
    values = " ".join(f"<{p}>" for p in names)
    rels = {(iri_key(r["a"]["value"]), names[r["p"]["value"]], iri_key(r["b"]["value"]))
            for r in select(f"SELECT ?a ?p ?b WHERE {{ VALUES ?p {{ {values} }} GRAPH <{graph_iri}> {{ ?a ?p ?b }} }}")}
    return nodes, rels


def test_reloading_a_changed_document_keeps_neo4j_and_the_sparql_store_in_step(
        falkordb_uri: str, oxigraph_server: str, tmp_path: Path) -> None:
    """Load, change one document (a task removed, one reworded, the date moved), load again: Neo4j holds exactly
    what the SPARQL store holds, nothing stale, and both hold the new build."""
    from graphbuild.rdf import push_sparql

    graph_iri = "https://w3id.org/vn-plan-kg/graph/step"
    records = load_records(GOLD)
    before = build_graph(records)
    load_graph(before, falkordb_uri)
    push_sparql(before, oxigraph_server, graph_iri)
    changed = Record.from_dict(records[3].to_dict())
    gone = changed.mandates.pop(0)
    changed.mandates[0].text += " (sửa đổi)"
    changed.mandates[1].due = "2030"
    after = build_graph([*records[:3], changed, *records[4:]])
    result = load_graph(after, falkordb_uri)
    push_sparql(after, oxigraph_server, graph_iri)
    neo4j, sparql = _neo4j_facts(falkordb_uri), _sparql_facts(oxigraph_server, graph_iri)
    assert neo4j == sparql
    assert neo4j[0] == set(after.nodes) and neo4j[1] == {(u, k, v) for u, v, k in after.edges(keys=True)}
    assert result["nodes_removed"] >= 2 and result["relationships_removed"] >= 2
    stale = set(before.nodes) - set(after.nodes)
    assert stale and not stale & neo4j[0]
    assert not any(k.startswith("mandate/") and before.nodes[k]["text"] == gone.text for k in neo4j[0]
                   if k in before.nodes and before.nodes[k]["label"] == "Mandate" and k not in after.nodes)
    due = next(k for k, d in after.nodes(data=True) if d["label"] == "Mandate" and d.get("due") == "2030"
               and d["source"] == changed.source)
    assert run_query("MATCH (m:Mandate {id: $id}) RETURN m.due_date AS d", {"id": due}, falkordb_uri) == [
        {"d": "2030-12-31"}]


def test_a_property_the_build_no_longer_has_is_removed(falkordb_uri: str) -> None:
    G = tiny_graph()
    load_graph(G, falkordb_uri)
    del G.nodes["mandate/thanh-hoa/2999/QĐ-UBND/103"]["product"]
    G.nodes["mandate/thanh-hoa/2999/QĐ-UBND/103"]["due_text"] = None
    load_graph(G, falkordb_uri)
    [row] = run_query("MATCH (m:Mandate) RETURN m AS m", uri=falkordb_uri)
    assert "due_text" not in row["m"] and row["m"]["due"] == "2025"


def test_dates_are_cypher_dates_for_neo4j_and_text_for_falkordb() -> None:
    G = build_graph(load_records(GOLD))
    plain = neo4j_store.graph_rows(G)
    typed = neo4j_store.graph_rows(G, dates=True)
    mandate = next(r for r in typed.nodes["Mandate"] if r["due_date"])
    assert "due_date" not in mandate["props"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", mandate["due_date"])
    assert next(r for r in plain.nodes["Mandate"] if r["id"] == mandate["id"])["props"]["due_date"] == mandate["due_date"]
    document = next(r for r in typed.nodes["Document"] if r["date"])
    assert "date" not in document["props"]
    query = neo4j_store._node_query("Mandate", True)
    assert "date(row.due_date)" in query and "date(" not in neo4j_store._node_query("Mandate", False)


def test_names_and_mandate_text_are_searchable(falkordb_uri: str, gold_graph: nx.MultiDiGraph) -> None:
    result = load_graph(gold_graph, falkordb_uri)
    assert set(result["fulltext"].values()) == {"fulltext"}
    with neo4j_store.connected(falkordb_uri) as store:
        agencies = [r["id"] for r in neo4j_store.search(store, "Agency", "Tài chính")]
        mandates = [r["id"] for r in neo4j_store.search(store, "Mandate", "du lịch", limit=50)]
    assert "agency/thanh-hoa/so-tai-chinh" in agencies
    assert mandates and all("du lịch" in gold_graph.nodes[m]["text"].lower() for m in mandates[:5])
    again = load_graph(gold_graph, falkordb_uri)  # the indexes exist: nothing is created twice
    assert set(again["fulltext"].values()) == {"fulltext"}


def test_the_database_comes_from_neo4j_database_like_the_other_variables(falkordb_uri: str,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_DATABASE", "kg")
    with pytest.raises(GraphbuildError) as caught:  # FalkorDB cannot choose one: the name was read
        load_graph(tiny_graph(), falkordb_uri)
    assert "database" in assert_one_line(caught.value, falkordb_uri)
    monkeypatch.setenv("NEO4J_DATABASE", "")
    assert load_graph(tiny_graph(), falkordb_uri)["database"] is None
