"""Canned questions: networkx rows == SPARQL rows (embedded Oxigraph) == Cypher rows (a real FalkorDB server),
on the sample corpus and on small hand-made graphs; behaviour users rely on; safe parameter binding."""
from __future__ import annotations

import doctest
import inspect
from collections import Counter
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from support.falkordb import falkordb_server  # noqa: F401  (pytest fixture)

from graphbuild import knowledge, queries
from graphbuild.errors import GraphbuildError
from graphbuild.extract import extract_paths
from graphbuild.graph import build_graph
from graphbuild.names import UnknownName
from graphbuild.neo4j_store import connect, connected, load_graph
from graphbuild.queries import CANNED, PARAM_NAMES, due_end, run, run_cypher, run_sparql
from graphbuild.rdf import rdf_store, to_rdf

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"

# (name, params): every question, with and without its filters; each case is compared across the three stores.
CASES = [
    ("implementation_chain", {"document": "58-NQ/TW"}),
    ("implementation_chain", {"document": "29-NQ/TW", "direction": "down"}),
    ("implementation_chain", {"document": "2999/QĐ-UBND", "direction": "up"}),
    ("implementation_chain", {"document": "08-NQ/TU"}),
    ("agency_load", {}),
    ("agency_load", {"province": "Thanh Hóa", "top": 5}),
    ("agency_load", {"document": "2999/QĐ-UBND"}),
    ("agency_load", {"due_from": "2021-01-01", "due_to": "2021-12-31"}),
    ("agency_load", {"as_of": "2021-10-01", "within": 90, "groups": True}),
    ("agency_load", {"province": "Hà Tĩnh", "as_of": "2023-06-01"}),
    ("deadlines", {}),
    ("deadlines", {"as_of": "2021-10-01"}),
    ("deadlines", {"as_of": "2021-10-01", "status": "past-deadline"}),
    ("deadlines", {"as_of": "2021-10-15", "within": 60, "status": "due-soon"}),
    ("deadlines", {"due_from": "2021-10-01", "due_to": "2022-06-30", "province": "Thanh Hóa"}),
    ("mandates", {"as_of": "2021-10-01"}),
    ("mandates", {"agency": "Sở Tài chính", "as_of": "2021-10-01"}),
    ("mandates", {"agency": "Sở Kế hoạch và Đầu tư", "province": "Thanh Hóa", "status": "past-deadline",
                  "as_of": "2021-10-01"}),
    ("mandates", {"document": "2999/QĐ-UBND", "due_from": "2021-07-01", "due_to": "2021-12-31",
                  "as_of": "2021-10-01", "within": 45}),
    ("mandates", {"agency": "agency/thanh-hoa/so-tai-chinh", "as_of": "2021-10-01"}),
    ("cited_missing", {}),
    ("cited_missing", {"top": 3}),
    ("coordination", {}),
    ("coordination", {"province": "Thanh Hóa", "min_count": 3}),
    ("coordination", {"province": "Hà Tĩnh", "groups": True}),
    ("audit_gaps", {}),
    ("audit_gaps", {"province": "Quảng Ngãi"}),
    ("audit_gaps", {"reason": "group-lead-only"}),
    ("audit_gaps", {"province": "Thanh Hóa", "reason": "no deadline"}),
    ("citations", {"document": "58-NQ/TW"}),
    ("citations", {"document": "154/KH-UBND"}),
    ("agency_load_at_structure", {"as_of_structure": "2026-01-01"}),
    ("agency_load_at_structure", {"as_of_structure": "2026-01-01", "groups": True}),
    ("agency_load_at_structure", {"as_of_structure": "2025-04-01", "province": "Thanh Hóa", "top": 6}),
    ("agency_load_at_structure", {"as_of_structure": "2026-01-01", "province": "Kon Tum"}),
    ("agency_load_at_structure", {"as_of_structure": "2026-01-01", "due_from": "2021-01-01", "due_to": "2021-12-31"}),
    ("agency_load_at_structure", {"as_of_structure": "2026-01-01", "document": "2999/QĐ-UBND"}),
    ("agency_load", {"as_of_structure": "2026-01-01", "province": "Hà Tĩnh"}),
    ("agency_history", {"agency": "Sở Lao động, Thương binh và Xã hội"}),
    ("agency_history", {"agency": "Sở Nội vụ", "province": "Thanh Hóa"}),
    ("agency_history", {"province": "Quảng Ngãi"}),
    ("agency_history", {"province": "Kon Tum"}),
    ("agency_history", {"agency": "UBND cấp huyện", "province": "Hà Tĩnh"}),
    ("agency_history", {}),
    ("province_plans", {}),
    ("province_plans", {"province": "Kon Tum", "as_of_structure": "2026-01-01"}),
    ("province_plans", {"as_of_structure": "2026-01-01"}),
]
CASE_IDS = [f"{name}-{'-'.join(f'{k}={v}' for k, v in params.items()) or 'all'}" for name, params in CASES]


# ---------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_graph(extract_paths([CORPUS]).records)


@pytest.fixture(scope="module")
def store(G: nx.MultiDiGraph) -> pyoxigraph.Store:
    return rdf_store(G)


@pytest.fixture(scope="module")
def bolt_store(falkordb_server):  # noqa: F811
    """One neo4j_store.Store on the session's FalkorDB server for this module."""
    store = connect(falkordb_server.uri, "falkordb", "")
    yield store
    store.close()


@pytest.fixture
def bolt(G: nx.MultiDiGraph, falkordb_server, bolt_store):  # noqa: F811
    """The store with the corpus graph in it: loaded on first use, and again after another test emptied it."""
    if bolt_store.read("MATCH (n) RETURN count(n) AS n")[0]["n"] != G.number_of_nodes():
        falkordb_server.flush()
        load_graph(G, falkordb_server.uri, "falkordb", "")
    return bolt_store


def chain_graph(length: int) -> nx.MultiDiGraph:
    """doc/p/0 <- doc/p/1 <- ... <- doc/p/<length> (each implements the previous), plus doc/p/2 -> doc/p/0
    directly (a shortcut: depth 1, not 2), in two provinces so the province column varies."""
    G = nx.MultiDiGraph()
    for jur, name in (("jur/vn", "Việt Nam"), ("jur/a", "Tỉnh A")):
        G.add_node(jur, id=jur, label="Jurisdiction", name=name, level="province", source="t.txt", line_start=1,
                   line_end=1)
    for i in range(length + 1):
        key = f"doc/{'vn' if i == 0 else 'a'}/{i}/KH-X"
        G.add_node(key, id=key, label="Document", number=f"{i}/KH-X", kind="plan", title=None, date=None,
                   issuer=None, jurisdiction="jur/vn" if i == 0 else "jur/a", in_corpus=i == length, source="t.txt",
                   line_start=i + 1, line_end=i + 1)
    keys = [f"doc/{'vn' if i == 0 else 'a'}/{i}/KH-X" for i in range(length + 1)]
    for lower, upper in zip(keys[1:], keys):
        G.add_edge(lower, upper, key="IMPLEMENTS", type="IMPLEMENTS", source="t.txt", sources=["t.txt"], lines=[1],
                   count=1)
    G.add_edge(keys[2], keys[0], key="IMPLEMENTS", type="IMPLEMENTS", source="t.txt", sources=["t.txt"], lines=[2],
               count=1)
    return G


# ---------------------------------------------------------------------------- registry

def test_registry_matches_functions_and_twin_files() -> None:
    for name, canned in CANNED.items():
        assert canned.name == name == canned.function.__name__
        assert set(canned.params) <= set(PARAM_NAMES)
        signature = inspect.signature(canned.function)
        assert list(signature.parameters)[1:] == list(canned.params), name
        assert canned.sparql.strip() and canned.cypher.strip(), name
        assert set(canned.list_columns) <= set(canned.columns)
        assert "Examples" in (canned.function.__doc__ or ""), name
    assert set(knowledge.query_names("rq")) == set(CANNED)
    assert set(knowledge.query_names("cypher")) == set(CANNED)


def test_doctests() -> None:
    result = doctest.testmod(queries, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10 and result.failed == 0


def test_unknown_question_and_parameters_are_errors(G: nx.MultiDiGraph, store: pyoxigraph.Store) -> None:
    with pytest.raises(GraphbuildError, match="unknown question"):
        run(G, "no_such_question")
    with pytest.raises(GraphbuildError, match="does not take"):
        run(G, "cited_missing", province="Thanh Hóa")
    with pytest.raises(GraphbuildError, match="does not take"):
        run_sparql(store, "deadlines", document="58-NQ/TW")
    with pytest.raises(GraphbuildError, match="ISO date"):
        run(G, "deadlines", as_of="1/10/2021")
    with pytest.raises(GraphbuildError, match="ISO date"):
        run(G, "deadlines", as_of="2021-13-01")
    with pytest.raises(GraphbuildError, match="direction"):
        run(G, "implementation_chain", document="58-NQ/TW", direction="sideways")
    with pytest.raises(GraphbuildError, match="at least 1"):
        run(G, "agency_load", top=0)


# ---------------------------------------------------------------------------- three stores, same rows

@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_sparql_twin_gives_the_same_rows(G: nx.MultiDiGraph, store: pyoxigraph.Store, name: str,
                                         params: dict) -> None:
    rows = run(G, name, **params)
    assert rows, f"{name} {params}: no rows on the sample corpus, the comparison would prove nothing"
    assert all(list(row) == list(queries.question(name, params).columns) for row in rows)
    assert run_sparql(store, name, **params) == rows


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_cypher_twin_gives_the_same_rows(G: nx.MultiDiGraph, bolt, name: str, params: dict) -> None:
    assert run_cypher(bolt, name, **params) == run(G, name, **params)


def test_cypher_twin_on_a_bare_driver_session(G: nx.MultiDiGraph, bolt) -> None:
    """run_cypher also takes a neo4j Session or Driver, and escapes parameters itself for FalkorDB."""
    with bolt.driver.session() as session:
        assert run_cypher(session, "citations", document="58-NQ/TW") == run(G, "citations", document="58-NQ/TW")
        assert run_cypher(session, "citations", document="58'-NQ\\/TW") == []
    assert run_cypher(bolt.driver, "deadlines", as_of="2021-10-01") == run(G, "deadlines", as_of="2021-10-01")


def test_sparql_twin_on_an_rdflib_graph(G: nx.MultiDiGraph) -> None:
    g = to_rdf(G)
    for name, params in (("citations", {"document": "58-NQ/TW"}), ("deadlines", {"as_of": "2021-10-01"})):
        assert run_sparql(g, name, **params) == run(G, name, **params)


def test_chains_agree_on_depth_shortcuts_and_the_depth_limit(falkordb_server) -> None:  # noqa: F811
    """A shortcut gives the shorter depth, and a chain longer than MAX_DEPTH stops there, in all three stores."""
    length = queries.MAX_DEPTH + 2
    H = chain_graph(length)
    falkordb_server.flush()
    load_graph(H, falkordb_server.uri, "falkordb", "")
    down = run(H, "implementation_chain", document="0/KH-X")
    assert [r["depth"] for r in down] == [1, 1, *range(2, queries.MAX_DEPTH + 1)]
    assert {r["document"]: r["depth"] for r in down}["2/KH-X"] == 1
    up = run(H, "implementation_chain", document=f"{length}/KH-X", direction="up")
    assert [r["depth"] for r in up] == list(range(1, queries.MAX_DEPTH + 1))  # 1/KH-X and 0/KH-X lie 9 steps up
    top = run(H, "implementation_chain", document=f"{length - 1}/KH-X", direction="up")[-1]
    assert (top["document"], top["province"], top["depth"]) == ("0/KH-X", "Việt Nam", queries.MAX_DEPTH)
    with connected(falkordb_server.uri, "falkordb", "") as bolt_store:
        for direction, document, rows in (("down", "0/KH-X", down), ("up", f"{length}/KH-X", up)):
            assert run_sparql(rdf_store(H), "implementation_chain", document=document, direction=direction) == rows
            assert run_cypher(bolt_store, "implementation_chain", document=document, direction=direction) == rows
    falkordb_server.flush()


# ---------------------------------------------------------------------------- behaviour

def test_implementation_chain_crosses_levels_and_provinces(G: nx.MultiDiGraph) -> None:
    down = run(G, "implementation_chain", document="58-NQ/TW")
    by_doc = {r["document"]: r for r in down}
    assert by_doc["2999/QĐ-UBND"]["province"] == "Thanh Hóa"
    assert by_doc["2999/QĐ-UBND"]["depth"] == nx.shortest_path_length(
        G, by_doc["2999/QĐ-UBND"]["id"], "doc/vn/58-NQ/TW")
    assert by_doc["13/NQ-CP"]["province"] == "Việt Nam"
    assert all(nx.has_path(G, r["id"], r["root"]) for r in down)
    up = run(G, "implementation_chain", document="2999/QĐ-UBND", direction="up")
    assert {"58-NQ/TW", "13/NQ-CP"} <= {r["document"] for r in up}
    assert run(G, "implementation_chain", document="doc/vn/58-NQ/TW") == down  # a key works as well as a number
    assert run(G, "implementation_chain", document="58-nq/tw") == down  # so does another case


def test_a_number_shared_by_dated_documents_names_each(G: nx.MultiDiGraph) -> None:
    keys = queries.resolve_documents(G, "08-NQ/TU")
    assert len(keys) > 1 and all(G.nodes[k]["number"] == "08-NQ/TU" for k in keys)
    assert {r["root"] for r in run(G, "implementation_chain", document="08-NQ/TU")} <= set(keys)


def test_agency_load_counts_every_leads_and_coordinates_edge_of_named_agencies(G: nx.MultiDiGraph) -> None:
    rows = run(G, "agency_load", as_of="2021-10-01")
    named = [(a, k) for a, _, k in G.edges(keys=True) if k in ("LEADS", "COORDINATES") and not queries.is_group(G.nodes[a])]
    assert sum(r["led"] for r in rows) == sum(1 for _, k in named if k == "LEADS")
    assert sum(r["coordinated"] for r in rows) == sum(1 for _, k in named if k == "COORDINATES")
    assert all(r["total"] == r["led"] + r["coordinated"] for r in rows)
    assert [(-r["total"], -r["led"], r["id"]) for r in rows] == sorted((-r["total"], -r["led"], r["id"]) for r in rows)
    assert run(G, "agency_load", top=5, as_of="2021-10-01") == rows[:5]


def test_catch_all_groups_are_counted_only_on_request(G: nx.MultiDiGraph) -> None:
    """"Các sở, ban, ngành cấp tỉnh" and "UBND cấp huyện" topped the ranking; they are groups, not agencies."""
    named = run(G, "agency_load")
    assert named and not any(r["kind"] == "collective" for r in named)
    everyone = run(G, "agency_load", groups=True)
    types = Counter(k for _, _, k in G.edges(keys=True))
    assert sum(r["led"] for r in everyone) == types["LEADS"]
    assert sum(r["coordinated"] for r in everyone) == types["COORDINATES"]
    assert {r["agency"] for r in everyone if r["kind"] == "collective"} >= {"Các sở, ban, ngành cấp tỉnh",
                                                                             "UBND cấp huyện"}
    assert [r for r in everyone if r["kind"] != "collective"] == named
    pairs = run(G, "coordination", groups=True)
    assert any(G.nodes[r["id_a"]]["kind"] == "collective" for r in pairs)
    assert not any("collective" in (G.nodes[r["id_a"]]["kind"], G.nodes[r["id_b"]]["kind"])
                   for r in run(G, "coordination"))


def test_status_counts_add_up_and_next_due_is_the_next_one_after_the_as_of_date(G: nx.MultiDiGraph) -> None:
    as_of = "2021-10-01"
    rows = run(G, "agency_load", as_of=as_of)
    for row in rows:
        assert sum(row[c] for c in queries.STATUS_COLUMNS) == row["total"]
    by_id = {r["id"]: r for r in rows}
    for agency, row in by_id.items():
        ends = sorted(e for _, m, k in G.out_edges(agency, keys=True) if k in ("LEADS", "COORDINATES")
                      for e in [due_end(G.nodes[m].get("due"))] if e)
        later = [e for e in ends if e >= as_of]
        assert row["next_due"] == (later[0] if later else None)
    assert any(r["past_deadline"] and r["next_due"] and r["next_due"] >= as_of for r in rows)


def test_agency_load_in_a_province_counts_that_provinces_mandates(G: nx.MultiDiGraph) -> None:
    jur = "jur/thanh-hoa"
    mandates = {m for m, d in G.nodes(data=True) if d["label"] == "Mandate"
                and G.nodes[d["document"]]["jurisdiction"] == jur}
    leads = sum(1 for _, m, k in G.edges(keys=True) if k == "LEADS" and m in mandates)
    rows = run(G, "agency_load", province="Thanh Hóa", groups=True)
    assert sum(r["led"] for r in rows) == leads > 0
    assert run(G, "agency_load", province="thanh-hoa", groups=True) == rows
    assert run(G, "agency_load", province="Thanh Hoa", groups=True) == rows


def test_agency_load_window_counts_only_mandates_due_in_it(G: nx.MultiDiGraph) -> None:
    rows = run(G, "agency_load", due_from="2021-01-01", due_to="2021-12-31", as_of="2021-01-01", groups=True)
    due = {m for m, d in G.nodes(data=True) if d["label"] == "Mandate"
           and "2021-01-01" <= (due_end(d.get("due")) or "") <= "2021-12-31"}
    assert sum(r["total"] for r in rows) == sum(1 for _, m, k in G.edges(keys=True)
                                                if k in ("LEADS", "COORDINATES") and m in due)
    assert all("2021-01-01" <= r["next_due"] <= "2021-12-31" for r in rows)


def test_overdue_excludes_later_deadlines(G: nx.MultiDiGraph) -> None:
    as_of = "2021-10-01"
    rows = run(G, "deadlines", as_of=as_of, status="past-deadline")
    assert rows and all(r["due_end"] < as_of for r in rows)
    expected = {m for m, d in G.nodes(data=True) if d["label"] == "Mandate" and d.get("due")
                and due_end(d["due"]) < as_of}
    assert {r["mandate"] for r in rows} == expected
    later = {r["mandate"] for r in run(G, "deadlines", as_of=as_of)} - expected
    assert later and not later & {r["mandate"] for r in rows}
    assert [r["due_end"] for r in rows] == sorted(r["due_end"] for r in rows)


def test_a_quarter_is_due_at_its_last_day() -> None:
    G = nx.MultiDiGraph()
    G.add_node("doc/a/1", label="Document", number="1/KH", jurisdiction="jur/a")
    G.add_node("mandate/a/1/9", label="Mandate", document="doc/a/1", due="2021-Q3", line_start=9)
    assert run(G, "deadlines", as_of="2021-10-01")[0]["status"] == "past-deadline"
    assert run(G, "deadlines", as_of="2021-09-30")[0]["status"] == "due-soon"
    assert run(G, "deadlines", as_of="2021-09-30", within=0)[0]["status"] == "due-soon"
    assert run(G, "deadlines", as_of="2021-06-30", within=10)[0]["status"] == "not-yet-due"
    assert run(G, "deadlines", due_from="2021-09-30", due_to="2021-09-30")[0]["due"] == "2021-Q3"


def test_deadlines_in_a_window_have_their_lead_agencies(G: nx.MultiDiGraph) -> None:
    rows = run(G, "deadlines", due_from="2021-10-01", due_to="2022-06-30", province="Thanh Hóa")
    assert rows and all("2021-10-01" <= r["due_end"] <= "2022-06-30" and r["province"] == "Thanh Hóa" for r in rows)
    for row in rows:
        leads = sorted(G.nodes[a]["name"] for a, _, k in G.in_edges(row["mandate"], keys=True) if k == "LEADS")
        assert row["leads"] == leads


def test_cited_missing_ranks_documents_outside_the_corpus(G: nx.MultiDiGraph) -> None:
    rows = run(G, "cited_missing")
    assert rows and not any(G.nodes[r["id"]]["in_corpus"] for r in rows)
    top = rows[0]
    citing = {u for u, _, k in G.in_edges(top["id"], keys=True) if k == "REFERENCES"}
    assert top["citing"] >= len(citing) >= 1
    assert [(-r["citing"], -r["citations"]) for r in rows] == sorted((-r["citing"], -r["citations"]) for r in rows)
    assert run(G, "cited_missing", top=3) == rows[:3]
    assert "58-NQ/TW" in {r["document"] for r in rows}


def test_coordination_counts_shared_mandates(G: nx.MultiDiGraph) -> None:
    rows = run(G, "coordination")
    assert rows and all(r["id_a"] != r["id_b"] for r in rows)
    for row in rows[:10]:
        a_type = "LEADS" if row["relation"] == "lead-coordinator" else "COORDINATES"
        a_tasks = {m for _, m, k in G.out_edges(row["id_a"], keys=True) if k == a_type}
        b_tasks = {m for _, m, k in G.out_edges(row["id_b"], keys=True) if k == "COORDINATES"}
        assert row["mandates"] == len(a_tasks & b_tasks)
    assert all(r["id_a"] < r["id_b"] for r in rows if r["relation"] == "coordinator-coordinator")
    strong = run(G, "coordination", min_count=3)
    assert strong == [r for r in rows if r["mandates"] >= 3]


def test_audit_gaps_give_each_mandate_its_reasons(G: nx.MultiDiGraph) -> None:
    rows = run(G, "audit_gaps")
    reasons = Counter(r["reason"] for r in rows)
    mandates = [d for _, d in G.nodes(data=True) if d["label"] == "Mandate"]
    assert reasons["vague-deadline"] == sum(1 for d in mandates if not d.get("due") and d.get("due_text"))
    assert reasons["no-deadline"] == sum(1 for d in mandates if not d.get("due") and not d.get("due_text"))
    collective = [r for r in rows if r["reason"] == "group-lead-only"]
    assert collective
    for row in collective:
        leads = [a for a, _, k in G.in_edges(row["mandate"], keys=True) if k == "LEADS"]
        assert leads and all(G.nodes[a]["kind"] == "collective" for a in leads)


def test_audit_gaps_are_grouped_by_reason_with_counts_and_filtered(G: nx.MultiDiGraph) -> None:
    rows = run(G, "audit_gaps")
    groups = queries.count_by(rows, "reason", queries.AUDIT_REASONS)
    assert [g["reason"] for g in groups] == [r for r in queries.AUDIT_REASONS if r in {x["reason"] for x in rows}]
    assert sum(g["mandates"] for g in groups) == len(rows)
    for group in groups:
        only = run(G, "audit_gaps", reason=group["reason"])
        assert len(only) == group["mandates"] and {r["reason"] for r in only} == {group["reason"]}
        assert len({r["document"] for r in only}) == group["documents"]
    with pytest.raises(GraphbuildError, match="reason: 'late' is not one of no-lead"):
        run(G, "audit_gaps", reason="late")


@pytest.mark.parametrize("typed", ["Sở Tài chính", "so tai chinh", "SỞ TÀI CHÍNH", "Sở TC"])
def test_one_agencys_mandates_match_its_name_as_typed(G: nx.MultiDiGraph, typed: str) -> None:
    rows = run(G, "mandates", agency=typed, as_of="2021-10-01")
    keys = [k for k, d in G.nodes(data=True) if d["label"] == "Agency" and d["name"] == "Sở Tài chính"]
    led = {m for k in keys for _, m, t in G.out_edges(k, keys=True) if t == "LEADS"}
    coordinated = {m for k in keys for _, m, t in G.out_edges(k, keys=True) if t == "COORDINATES"}
    assert {r["mandate"] for r in rows} == led | coordinated and rows
    assert all(r["role"] == ("lead" if r["mandate"] in led else "coordinator") for r in rows)
    assert all(("Sở Tài chính" in r["leads"]) == (r["role"] == "lead") for r in rows)


def test_an_agencys_mandates_add_up_to_its_load(G: nx.MultiDiGraph) -> None:
    [load] = run(G, "agency_load", province="Thanh Hóa", top=1, as_of="2021-10-01")
    rows = run(G, "mandates", agency=load["id"], as_of="2021-10-01")
    assert len(rows) == load["total"] and sum(r["role"] == "lead" for r in rows) == load["led"]
    statuses = Counter(r["status"] for r in rows)
    assert {s.replace("-", "_"): statuses[s] for s in queries.STATUSES} == {c: load[c] for c in queries.STATUS_COLUMNS}
    with pytest.raises(UnknownName, match="no agency 'Sở Tài chánh' in the graph \\(nearest: Sở Tài chính"):
        run(G, "mandates", agency="Sở Tài chánh")


def test_citations_carry_the_legal_basis_flag(G: nx.MultiDiGraph) -> None:
    rows = run(G, "citations", document="2999/QĐ-UBND")
    cites = [r for r in rows if r["direction"] == "cites"]
    assert {r["id"] for r in cites} == {v for _, v, k in G.out_edges("doc/thanh-hoa/2999/QĐ-UBND", keys=True)
                                        if k == "REFERENCES"}
    for row in cites:
        edge = G.edges["doc/thanh-hoa/2999/QĐ-UBND", row["id"], "REFERENCES"]
        assert row["basis"] == bool(edge.get("basis")) and row["count"] == edge["count"]
    assert any(r["basis"] for r in cites) and any(r["implements"] for r in cites)
    back = run(G, "citations", document="58-NQ/TW")
    assert {"2999/QĐ-UBND"} <= {r["document"] for r in back if r["direction"] == "cited_by"}


# ---------------------------------------------------------------------------- names as users type them

@pytest.mark.parametrize("typed", ["58/NQ-TW", "58-nq/tw", " 58 - NQ / TW ", "58-NQ/TW"])
def test_a_number_is_looked_up_the_way_the_extractor_normalises_it(G: nx.MultiDiGraph, typed: str) -> None:
    assert queries.resolve_documents(G, typed) == ["doc/vn/58-NQ/TW"]
    assert run(G, "implementation_chain", document=typed) == run(G, "implementation_chain", document="58-NQ/TW")


@pytest.mark.parametrize("typed", ["2999/QD-UBND", "2999/qđ-ubnd", "2999 /QĐ-UBND"])
def test_a_number_without_diacritics_or_with_stray_spaces_finds_the_document(G: nx.MultiDiGraph, typed: str,
                                                                             store: pyoxigraph.Store) -> None:
    rows = run(G, "citations", document=typed)
    assert rows and rows == run(G, "citations", document="2999/QĐ-UBND")
    assert run_sparql(store, "citations", **queries.resolve_names(G, document=typed)) == rows


def test_unknown_names_say_so_with_the_nearest_known_ones(G: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownName, match=r"^no document '58-NQ/TX' in the graph \(nearest: 58-NQ/TW"):
        run(G, "implementation_chain", document="58-NQ/TX")
    with pytest.raises(UnknownName, match=r"^no province 'Thanh Hao' in the graph \(nearest: Thanh Hóa"):
        run(G, "agency_load", province="Thanh Hao")
    assert run(G, "agency_load", province="thanh hoa") == run(G, "agency_load", province="Thanh Hóa")


# ---------------------------------------------------------------------------- safe parameters

HOSTILE = ["\x01" + "0022", '58"} . ?x ?y ?z } #', "58'-NQ/TW) RETURN 1 //", "a\\u0022b", 'x\\"y', "line\nbreak\t<script>", "}"]


@pytest.mark.parametrize("value", HOSTILE)
def test_sparql_literals_round_trip_unchanged(value: str, store: pyoxigraph.Store) -> None:
    query = f"SELECT ?x WHERE {{ BIND({queries.sparql_literal(value)} AS ?x) }}"
    assert [s["x"].value for s in store.query(query)] == [value]
    assert [str(r[0]) for r in to_rdf(nx.MultiDiGraph()).query(query)] == [value]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_parameters_match_nothing_and_break_nothing(value: str, G: nx.MultiDiGraph,
                                                            store: pyoxigraph.Store, bolt) -> None:
    with pytest.raises(UnknownName):
        run(G, "citations", document=value)
    assert queries.citations(G, document=value) == []
    assert run_sparql(store, "citations", document=value) == []
    assert run_cypher(bolt, "citations", document=value) == []
    assert run_sparql(store, "deadlines", province=value) == [] == queries.deadlines(G, province=value)


def test_sparql_iri_refuses_characters_that_end_an_iri() -> None:
    with pytest.raises(GraphbuildError):
        queries.sparql_iri("https://example.org/a> } #")
    assert queries.sparql_iri("https://w3id.org/vn-plan-kg/id/jur/thanh-hoa") == \
        "<https://w3id.org/vn-plan-kg/id/jur/thanh-hoa>"


def test_sparql_query_text_is_runnable_elsewhere() -> None:
    """`sparql_query` gives the bound text for any endpoint: parameters inlined, `top` as LIMIT."""
    text = queries.sparql_query("agency_load", province="Thanh Hóa", top=3)
    assert "<https://w3id.org/vn-plan-kg/id/jur/thanh-hoa>" in text and text.rstrip().endswith("LIMIT 3")
    assert "UNDEF" in queries.sparql_query("agency_load")  # unbound parameters stay UNDEF: no filter


# ---------------------------------------------------------------------------- the 2025 reorganisation

AFTER = "2026-01-01"


def test_a_2021_mandate_of_the_planning_department_rolls_up_only_when_asked(G: nx.MultiDiGraph) -> None:
    """Thanh Hóa's 2021 plan tasks Sở Kế hoạch và Đầu tư; in 2026 its duties are Sở Tài chính's (merged
    1 March 2025): the count moves there with the option, and stays on the original body without it."""
    plain = {r["id"]: r for r in run(G, "agency_load", province="Thanh Hóa", document="2999/QĐ-UBND")}
    khdt, stc = "agency/thanh-hoa/so-ke-hoach-va-dau-tu", "agency/thanh-hoa/so-tai-chinh"
    assert plain[khdt]["led"] > 0
    rolled = {r["id"]: r for r in run(G, "agency_load", province="Thanh Hóa", document="2999/QĐ-UBND",
                                      as_of_structure=AFTER)}
    assert khdt not in rolled
    assert rolled[stc]["led"] == plain[khdt]["led"] + plain.get(stc, {"led": 0})["led"]
    assert (f"Sở Kế hoạch và Đầu tư (Thanh Hóa): {plain[khdt]['led']} led, {plain[khdt]['coordinated']} coordinated "
            "via merger") in rolled[stc]["from"]
    assert rolled[stc]["status"] == "current"


def test_rolling_up_never_doubles_or_drops_a_count(G: nx.MultiDiGraph) -> None:
    for params in ({}, {"groups": True}, {"province": "Hà Tĩnh"}, {"due_from": "2021-01-01", "due_to": "2025-12-31"}):
        plain = run(G, "agency_load", **params)
        for when in (AFTER, "2025-04-01", "2020-01-01"):
            rolled = run(G, "agency_load", as_of_structure=when, **params)
            for column in ("led", "coordinated"):
                assert sum(r[column] for r in rolled) == sum(r[column] for r in plain), (params, when)
    before = run(G, "agency_load", as_of_structure="2020-01-01")
    assert [(r["id"], r["total"]) for r in before] == [(r["id"], r["total"]) for r in run(G, "agency_load")]


def test_split_and_divided_bodies_say_so(G: nx.MultiDiGraph) -> None:
    rolled = {r["id"]: r for r in run(G, "agency_load", province="Thanh Hóa", as_of_structure=AFTER, groups=True)}
    home = rolled["agency/thanh-hoa/so-noi-vu"]
    assert any(f.startswith("Sở Lao động, Thương binh và Xã hội (Thanh Hóa)") and f.endswith("via split, main successor")
               for f in home["from"])
    district = rolled["agency/thanh-hoa/ubnd-cap-huyen"]
    assert district["status"] == "divided"
    assert district["divided_among"] == ["UBND cấp xã (Thanh Hóa)", "UBND tỉnh (Thanh Hóa)"]
    assert all(r["divided_among"] == [] for r in rolled.values() if r["status"] == "current")
    without_groups = run(G, "agency_load", province="Thanh Hóa", as_of_structure=AFTER)
    assert "agency/thanh-hoa/ubnd-cap-huyen" not in {r["id"] for r in without_groups}  # a catch-all group


def test_a_quang_ngai_plan_is_found_under_todays_province_by_its_old_and_new_names(G: nx.MultiDiGraph) -> None:
    """The corpus's Quảng Ngãi plan (997/QĐ-UBND, 2017) lies, since 1 July 2025, in the Quảng Ngãi that
    Kon Tum merged into (NQ 202/2025/QH15): asking for either name at a 2026 structure finds it."""
    for name in ("Quảng Ngãi", "Kon Tum", "kon tum"):
        rows = run(G, "province_plans", province=name, as_of_structure=AFTER)
        assert [(r["document"], r["province"], r["issued_in"]) for r in rows] == [
            ("997/QĐ-UBND", "Quảng Ngãi", "Quảng Ngãi")], name
    assert run(G, "province_plans", province="Kon Tum") == []  # Kon Tum itself issued nothing in the corpus
    assert run(G, "province_plans", province="Kon Tum", as_of_structure="2025-06-30") == []
    loads = run(G, "agency_load", province="Kon Tum", as_of_structure=AFTER)
    assert loads and {r["jurisdiction"] for r in loads if r["kind"] == "department"} == {"Quảng Ngãi"}
    history = run(G, "agency_history", province="Kon Tum")
    assert [(r["relation"], r["successor"], r["date"], r["basis"]) for r in history] == [
        ("successor", "Quảng Ngãi", "2025-07-01", "Nghị quyết 202/2025/QH15 ngày 12/06/2025")]
    assert [r["predecessor"] for r in run(G, "agency_history", province="Quảng Ngãi")] == ["Kon Tum"]


def test_agency_history_gives_predecessors_and_successors_with_dates_and_basis(G: nx.MultiDiGraph) -> None:
    rows = run(G, "agency_history", agency="Sở LĐTB&XH", province="Thanh Hóa")
    assert {(r["relation"], r["successor"], r["rollup"]) for r in rows} == {
        ("successor", "Sở Nội vụ", True), ("successor", "Sở Giáo dục và Đào tạo", False),
        ("successor", "Sở Y tế", False), ("successor", "Sở Nông nghiệp và Môi trường", False)}
    assert all(r["kind"] == "split" and r["duties"] and r["basis"].startswith("Nghị định 45/2025/NĐ-CP")
               for r in rows)
    finance = run(G, "agency_history", agency="Sở Tài chính", province="Thanh Hóa")
    assert [(r["relation"], r["predecessor"], r["date"]) for r in finance] == [
        ("predecessor", "Sở Kế hoạch và Đầu tư", "2025-03-01")]
    # a transfer from a body that goes on is shown beside it, not followed
    home = run(G, "agency_history", agency="Sở Nội vụ", province="Thanh Hóa")
    assert {(r["relation"], r["predecessor"], r["successor"], r["kind"]) for r in home} == {
        ("predecessor", "Sở Lao động, Thương binh và Xã hội", "Sở Nội vụ", "split"),
        ("successor", "Sở Nội vụ", "Sở Dân tộc và Tôn giáo", "transfer")}
    assert {r["root"] for r in run(G, "agency_history", agency="Sở Kế hoạch và Đầu tư")} == {
        "agency/thanh-hoa/so-ke-hoach-va-dau-tu", "agency/ha-tinh/so-ke-hoach-va-dau-tu",
        "agency/quang-ngai/so-ke-hoach-va-dau-tu"}
    with pytest.raises(GraphbuildError, match="no agency 'Sở Không Có'"):
        run(G, "agency_history", agency="Sở Không Có")
    with pytest.raises(GraphbuildError, match="as_of_structure"):
        run(G, "agency_load_at_structure", as_of_structure=None)


def test_every_cypher_twin_is_sent_short_enough_for_falkordb() -> None:
    """FalkorDB 4.16's Bolt server crashes (and takes the test server down) on a query text of about 4 KB: the twins
    are sent without comments and indentation, and stay under queries.CYPHER_SENT_LIMIT."""
    for name, canned in CANNED.items():
        sent = queries.compact_cypher(canned.cypher)
        assert len(sent.encode("utf-8")) < queries.CYPHER_SENT_LIMIT, name
        assert "//" not in sent.split("\n")[0], name
