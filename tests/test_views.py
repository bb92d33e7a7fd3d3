"""Views: self-contained HTML that works offline, escaped tooltips, node limits, determinism, in headless Chromium."""
from __future__ import annotations

import inspect
import random
import re
from pathlib import Path

import networkx as nx
import pytest
from support.browser import open_view

from graphbuild import queries, reorganisation, views
from graphbuild.errors import GraphbuildError
from graphbuild.extract import extract_paths
from graphbuild.graph import build_graph

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
EVIL = '<script>window.__kg_xss = 1</script> "Sở" & \'Ban\' <img src=x onerror="window.__kg_xss = 2"> href=#'


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_graph(extract_paths([CORPUS]).records)


def _agencies_of(G: nx.MultiDiGraph, mandates: set[str]) -> set[str]:
    return {a for a, m, k in G.edges(keys=True) if k in ("LEADS", "COORDINATES") and m in mandates}


def expected_nodes(G: nx.MultiDiGraph, name: str, params: dict) -> int:
    """The number of nodes a view of the corpus should draw, from the graph and the queries (all under the limit)."""
    if name == "lineage":
        return 1 + len(queries.implementation_chain(G, params["document"]))
    if name == "plan":  # a plan of more than PLAN_GROUP_AT mandates: one node per section
        doc = queries.resolve_documents(G, params["document"])[0]
        mandates = {m for m, d in G.nodes(data=True) if d["label"] == "Mandate" and d["document"] == doc}
        named = {a for a in _agencies_of(G, mandates) if G.nodes[a]["kind"] != "collective"}
        units = mandates if len(mandates) <= views.PLAN_GROUP_AT else views._section_groups(
            [(m, G.nodes[m]) for m in mandates])
        return 1 + len(units) + len(named)
    if name == "agency_load" and "as_of_structure" in params:
        return expected_nodes(G, "agency_load_at_structure", params)
    if name == "agency_load":
        rows = queries.agency_load(G, province=params.get("province"), top=params.get("top", 25))
        tasked = {G.nodes[m]["document"] for r in rows for _, m, k in G.out_edges(r["id"], keys=True)
                  if k in ("LEADS", "COORDINATES")}
        return len(rows) + len(tasked)
    if name == "agency_history":
        rows = queries.agency_history(G, params["agency"], province=params.get("province"))
        return len({r["predecessor_id"] for r in rows} | {r["successor_id"] for r in rows})
    if name == "agency_load_at_structure":  # the agency_load view asked with as_of_structure
        when = params["as_of_structure"]
        held = {r["id"] for r in queries.agency_load_at_structure(G, when, top=params.get("top", 25))}
        return len({key for key in G if reorganisation.graph_holder(G, key, when).key in held})
    rows = queries.coordination(G, province=params.get("province"), min_count=params.get("min_count", 1))
    every = queries.coordination(G, province=params.get("province"))
    drawn = {r["id_a"] for r in rows} | {r["id_b"] for r in rows}
    return len(drawn) + (1 if ({r["id_a"] for r in every} | {r["id_b"] for r in every}) - drawn else 0)  # "+N more"


VIEW_CASES = [
    ("lineage", {"document": "58-NQ/TW"}),
    ("agency_load", {"top": 10}),
    ("plan", {"document": "2999/QĐ-UBND"}),
    ("coordination", {"province": "Thanh Hóa", "min_count": 2}),
    ("agency_history", {"agency": "Sở Lao động, Thương binh và Xã hội", "province": "Thanh Hóa"}),
    ("agency_load", {"top": 10, "as_of_structure": "2026-01-01"}),
]
VIEW_IDS = [name + ("-as-of-structure" if "as_of_structure" in params else "") for name, params in VIEW_CASES]


def province_year(plans: int = 300, mandates_per_plan: int = 10, agencies: int = 400, seed: int = 7) -> nx.MultiDiGraph:
    """A synthetic province's year: `plans` plans under a few programmes under one resolution, thousands of
    mandates, and one big plan of 600 mandates; made to exceed every view's node limit."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    G.add_node("jur/p", label="Jurisdiction", name="Tỉnh P", level="province")
    G.add_node("jur/vn", label="Jurisdiction", name="Việt Nam", level="nation")

    def doc(key: str, number: str, jur: str, kind: str) -> None:
        G.add_node(key, label="Document", number=number, kind=kind, title=f"Văn bản {number}", date="2023-01-01",
                   jurisdiction=jur, in_corpus=jur == "jur/p", source=f"{number.replace('/', '_')}.txt",
                   line_start=1, line_end=3)

    doc("doc/vn/1-NQ/TW", "1-NQ/TW", "jur/vn", "resolution")
    for p in range(4):
        doc(f"doc/p/{p}-CTr/TU", f"{p}-CTr/TU", "jur/p", "program")
        G.add_edge(f"doc/p/{p}-CTr/TU", "doc/vn/1-NQ/TW", key="IMPLEMENTS", type="IMPLEMENTS")
    names = [f"agency/p/so-{i}" for i in range(agencies)]
    for i, key in enumerate(names):
        G.add_node(key, label="Agency", name=f"Sở số {i}", kind="collective" if i % 20 == 0 else "department",
                   jurisdiction="jur/p", level="province")
    for n in range(plans + 1):
        key, count = f"doc/p/{n}/KH-UBND", 600 if n == plans else mandates_per_plan
        doc(key, f"{n}/KH-UBND", "jur/p", "plan")
        G.add_edge(key, f"doc/p/{n % 4}-CTr/TU", key="IMPLEMENTS", type="IMPLEMENTS")
        for line in range(10, 10 + count):
            m = f"mandate/p/{n}/KH-UBND/{line}"
            G.add_node(m, label="Mandate", text=f"Nhiệm vụ {line}", section=f"II.{line}", due="2023-Q4",
                       due_text=None, recurring=None, product=None, document=key, source=f"{n}_KH-UBND.txt",
                       line_start=line, line_end=line)
            G.add_edge(m, key, key="PART_OF", type="PART_OF")
            picked = rng.sample(names, 4)
            G.add_edge(picked[0], m, key="LEADS", type="LEADS")
            for agency in picked[1:]:
                G.add_edge(agency, m, key="COORDINATES", type="COORDINATES")
    return G


# ---------------------------------------------------------------------------- registry and HTML

def test_registry_takes_the_query_parameter_names() -> None:
    assert set(views.VIEWS) >= {"lineage", "agency_load", "plan", "coordination"}
    for name, view in views.VIEWS.items():
        assert view.name == name and set(view.params) <= set(queries.PARAM_NAMES)
        signature = list(inspect.signature(view.function).parameters)
        assert signature[1:1 + len(view.params)] == list(view.params) and signature[-1] == "max_nodes"


def test_errors_name_the_problem(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(GraphbuildError, match="unknown view"):
        views.render(G, "pie_chart", tmp_path / "x.html")
    with pytest.raises(GraphbuildError, match="no document '999/XX' in the graph"):
        views.render(G, "plan", tmp_path / "x.html", document="999/XX")
    with pytest.raises(GraphbuildError, match="needs a document"):
        views.render(G, "lineage", tmp_path / "x.html")
    with pytest.raises(GraphbuildError, match="does not take"):
        views.render(G, "plan", tmp_path / "x.html", document="2999/QĐ-UBND", province="Thanh Hóa")


@pytest.mark.parametrize(("name", "params"), VIEW_CASES, ids=VIEW_IDS)
def test_html_is_self_contained(G: nx.MultiDiGraph, tmp_path: Path, name: str, params: dict) -> None:
    page = views.render(G, name, tmp_path / f"{name}.html", **params).read_text(encoding="utf-8")
    tags = re.findall(r"<(?:script|link|img|iframe|source|embed|object)\b[^>]*>", page, flags=re.IGNORECASE)
    assert tags and not [t for t in tags if re.search(r"\b(?:src|href|data)\s*=", t, flags=re.IGNORECASE)]
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", page)
    assert "vis.Network" in page and 'id="kg-legend"' in page
    assert "popup.innerHTML" not in page  # pyvis's HTML popup stays off


def test_defaults_stay_legible_at_a_province_year_and_say_what_was_folded() -> None:
    """Thresholds, sections instead of 600 dots, labels with province, notes that say what is not drawn."""
    H = province_year()
    coordination = views.build(H, "coordination")
    assert len(coordination.edges) <= views.COORDINATION_PAIRS
    assert any(note.startswith("Only pairs sharing at least") for note in coordination.notes)
    assert any("catch-all groups" in note for note in coordination.notes)
    assert not any(H.nodes[n["id"]]["kind"] == "collective" for n in coordination.nodes if n["id"] in H)
    plan = views.build(H, "plan", document="300/KH-UBND", as_of="2023-06-01")
    sections = [n for n in plan.nodes if n["id"].startswith("section/")]
    assert sections and not any(n["id"].startswith("mandate/") for n in plan.nodes)
    assert all(re.fullmatch(r"Section II(\.\d+)?\n\d+ mandates", n["label"]) for n in sections)
    assert sum(int(n["label"].split("\n")[1].split()[0]) for n in sections) == 600
    assert any("grouped under their" in note for note in plan.notes)
    lineage = views.build(H, "lineage", document="1-NQ/TW")
    assert len([n for n in lineage.nodes if not n["id"].startswith("summary/")]) <= views.LINEAGE_NODES
    assert "Tỉnh P" in lineage.nodes[1]["label"] and "Văn bản" in lineage.nodes[1]["label"]
    vi = views.build(H, "coordination", lang="vi")
    assert vi.title == "Phối hợp giữa các cơ quan" and any("Chỉ vẽ các cặp" in n for n in vi.notes)
    assert {n["label"] for n in vi.nodes if n["id"] in H} == {n["label"] for n in coordination.nodes if n["id"] in H}


def test_two_departments_of_one_name_in_two_provinces_are_told_apart(G: nx.MultiDiGraph) -> None:
    drawing = views.build(G, "agency_load", top=40)
    labels = [n["label"] for n in drawing.nodes if n["id"].startswith("agency/")]
    assert "Sở Tài chính\n(Thanh Hóa)" in labels and "Sở Tài chính\n(Hà Tĩnh)" in labels
    colours = {n["label"]: n["color"] for n in drawing.nodes}
    assert colours["Sở Tài chính\n(Thanh Hóa)"] != colours["Sở Tài chính\n(Hà Tĩnh)"]
    documents = [n["label"] for n in drawing.nodes if n["id"].startswith("doc/")]
    assert "2999/QĐ-UBND\nThanh Hóa" in documents and not any(label.startswith("doc/") for label in documents)


def test_output_is_deterministic(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    for name, params in VIEW_CASES:
        first = views.render(G, name, tmp_path / "a.html", **params).read_bytes()
        assert views.render(G, name, tmp_path / "b.html", **params).read_bytes() == first, name


def test_large_graphs_are_folded_under_the_limit() -> None:
    H = province_year()
    cases = [("lineage", {"document": "1-NQ/TW"}, "more (Tỉnh P)"),
             ("agency_load", {"top": 200}, "more documents"), ("coordination", {}, "more agencies")]
    for name, params, summary in cases:
        drawing = views.build(H, name, **params)
        assert len(drawing.nodes) <= views.MAX_NODES and len(drawing.edges) <= views.MAX_EDGES, name
        assert any(summary in n["label"] for n in drawing.nodes), name
        assert drawing.notes and any("limit" in note or "at least" in note for note in drawing.notes), name
        ids = {n["id"] for n in drawing.nodes}
        assert len(ids) == len(drawing.nodes) and all(e["from"] in ids and e["to"] in ids for e in drawing.edges)
    big_plan = views.build(H, "plan", document="300/KH-UBND")  # one section of 600 mandates: its busiest agencies
    assert len(big_plan.nodes) <= views.MAX_NODES and any("not drawn (limit" in n for n in big_plan.notes)
    small = views.plan(H, "300/KH-UBND", max_nodes=50)
    lines = [H.nodes[n["id"]]["line_start"] for n in small.nodes if n["id"].startswith("mandate/")]
    assert len(small.nodes) <= 50 and lines == list(range(10, 10 + len(lines)))  # a prefix of the plan, by line


# ---------------------------------------------------------------------------- in Chromium

@pytest.mark.parametrize(("name", "params"), VIEW_CASES, ids=VIEW_IDS)
def test_view_loads_offline_and_draws_its_nodes(G: nx.MultiDiGraph, tmp_path: Path, browser_context,
                                                name: str, params: dict) -> None:
    drawing = views.build(G, name, **params)
    loaded = open_view(browser_context, views.render(G, name, tmp_path / f"{name}.html", **params))
    try:
        assert loaded.console_errors == []
        assert loaded.requests == []
        assert loaded.node_count() == expected_nodes(G, name, params) == len(drawing.nodes)
        assert loaded.evaluate("() => network.body.data.edges.length") == len(drawing.edges)
        assert loaded.evaluate("() => document.querySelectorAll('#kg-legend .item').length") == len(drawing.legend)
        assert loaded.distinct_colours() > 4
    finally:
        loaded.close()


def test_tooltips_show_text_and_source_and_inject_nothing(tmp_path: Path, browser_context) -> None:
    H = nx.MultiDiGraph()
    H.add_node("jur/p", label="Jurisdiction", name="Tỉnh P")
    H.add_node("doc/p/1/KH", label="Document", number="1/KH", kind="plan", jurisdiction="jur/p", in_corpus=True,
               title=EVIL, source="plan.txt", line_start=1, line_end=2)
    H.add_node("mandate/p/1/KH/7", label="Mandate", text=EVIL, section="I.1", due="2021-Q3", due_text=None,
               recurring=None, document="doc/p/1/KH", source="plan.txt", line_start=7, line_end=7)
    H.add_node("agency/p/x", label="Agency", name=EVIL, kind="department", jurisdiction="jur/p")
    H.add_edge("agency/p/x", "mandate/p/1/KH/7", key="LEADS", type="LEADS")
    path = views.render(H, "plan", tmp_path / "evil.html", document="1/KH")
    page = path.read_text(encoding="utf-8")
    assert "<script>window.__kg_xss" not in page and "<img src=x" not in page
    loaded = open_view(browser_context, path)
    try:
        assert loaded.console_errors == [] and loaded.requests == []
        assert loaded.evaluate("() => window.__kg_xss") is None
        assert loaded.evaluate("() => document.querySelectorAll('img').length") == 0
        tooltip = _hover(loaded, "mandate/p/1/KH/7")
        assert EVIL in tooltip and "plan.txt:7" in tooltip and "due: 2021-Q3" in tooltip
        assert loaded.evaluate("() => window.__kg_xss") is None
    finally:
        loaded.close()


def _hover(loaded, node_id: str) -> str:
    """Move the mouse onto a node and return the text of the tooltip vis-network shows."""
    point = loaded.evaluate("""(id) => {
        const p = network.canvasToDOM(network.getPositions([id])[id]);
        const box = document.getElementById("mynetwork").getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", node_id)
    loaded.page.mouse.move(point["x"] + 30, point["y"] + 30)
    loaded.page.mouse.move(point["x"], point["y"], steps=5)
    loaded.page.wait_for_function("""() => {
        const t = document.querySelector("div.vis-tooltip");
        return t && t.style.visibility !== "hidden" && t.innerText.length > 0;
    }""", timeout=10_000)
    return loaded.evaluate("() => document.querySelector('div.vis-tooltip').innerText")


def test_large_view_loads_and_layout_is_seeded(tmp_path: Path, browser_context) -> None:
    """A province's year, folded under the limit, loads in the browser; two loads give the same layout."""
    H = province_year()
    path = views.render(H, "coordination", tmp_path / "big.html")
    positions = []
    for _ in range(2):
        loaded = open_view(browser_context, path)
        try:
            assert loaded.console_errors == [] and loaded.requests == []
            assert loaded.node_count() == len(views.build(H, "coordination").nodes) <= views.MAX_NODES
            positions.append(loaded.evaluate("() => network.getPositions()"))
        finally:
            loaded.close()
    assert positions[0] == positions[1]
