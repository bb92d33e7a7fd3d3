"""The 2025 reorganisation as data (ontology/reorganisation.toml): the data passes its checks, the checks
catch what they promise to, and successors, holders at a date and provinces at a date are right."""
from __future__ import annotations

import doctest
from collections import Counter
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest

from graphbuild import knowledge, reorganisation
from graphbuild.graph import build_graph, load_records
from graphbuild.model import Record
from graphbuild.reorganisation import Body, Change, LegalBasis, Reorganisation, Successor, load

BASIS = LegalBasis("b", "Nghị quyết", "1/2025/QH15", "2025-01-01", "Quốc hội", "test")


def change(id: str, predecessors: list[str], successors: list[str], kind: str = "merged", level: str = "province",
           date: str = "2025-03-01", **kw) -> Change:
    return Change(id, "agency", kind, date, (BASIS,), tuple(predecessors), tuple(Successor(s) for s in successors),
                  level, **kw)


def problems(changes: list[Change], gazetteer: dict | None = None) -> list[str]:
    real = load()
    reorg = Reorganisation(real.bases, tuple(changes), real.province_changes, real.province_names)
    return reorg.check(gazetteer if gazetteer is not None else {"agency": []}, knowledge.provinces())


# ---------------------------------------------------------------------------- the data

def test_data_passes_every_check() -> None:
    assert load().check() == []


def test_every_change_carries_its_legal_basis_number_and_date() -> None:
    reorg = load()
    for c in (*reorg.changes, *reorg.province_changes):
        assert c.basis, c.id
        for b in c.basis:
            assert b.number and b.date[:4] in ("2024", "2025"), (c.id, b)
            assert b.cite().startswith(f"{b.kind} {b.number} ngày ")


def test_every_body_that_ends_has_a_successor_or_is_explicitly_divided() -> None:
    reorg = load()
    for c in reorg.changes:
        for old in c.ended:
            assert c.successors or (c.kind == "dissolved" and c.note), (c.id, old)
            if len(c.successors) > 1:
                assert c.kind in ("split", "dissolved"), c.id  # several successors: say it was divided


def test_gazetteer_successor_fields_agree_with_the_legal_changes() -> None:
    reorg = load()
    for agency in knowledge.agencies()["agency"]:
        if "successor" in agency:
            level = agency.get("level", "province")
            body = Body(agency["name"], "Thanh Hóa" if level == "province" else None)
            assert agency["successor"] in {link.successor.name for link in reorg.links_from(body)}, agency["name"]


def test_the_2025_ministries() -> None:
    reorg = load()
    at = "2026-01-01"
    assert reorg.holder(Body("Bộ Kế hoạch và Đầu tư"), at).body == Body("Bộ Tài chính")
    assert reorg.holder(Body("Bộ Tài nguyên và Môi trường"), at).body == Body("Bộ Nông nghiệp và Môi trường")
    assert reorg.holder(Body("Bộ Giao thông vận tải"), at).body == Body("Bộ Xây dựng")
    assert reorg.holder(Body("Bộ Thông tin và Truyền thông"), at).body == Body("Bộ Khoa học và Công nghệ")
    labour = reorg.holder(Body("Bộ Lao động, Thương binh và Xã hội"), at)
    assert labour.body == Body("Bộ Nội vụ") and labour.status == "split"
    parts = {link.successor.name for link in reorg.links_from(Body("Bộ Lao động, Thương binh và Xã hội"))}
    assert parts == {"Bộ Nội vụ", "Bộ Giáo dục và Đào tạo", "Bộ Y tế", "Bộ Nông nghiệp và Môi trường"}
    assert reorg.holder(Body("Bộ Kế hoạch và Đầu tư"), "2025-02-28").status == "same"
    # a body that continues and hands over some duties is not rolled up anywhere
    assert reorg.holder(Body("Bộ Nội vụ"), at).status == "same"
    assert {link.change.kind for link in reorg.links_from(Body("Bộ Nội vụ"))} == {"transfer"}


def test_a_provincial_department_of_an_unchanged_province() -> None:
    reorg = load()
    held = reorg.holder(Body("Sở Kế hoạch và Đầu tư", "Thanh Hóa"), "2026-01-01")
    assert held.body == Body("Sở Tài chính", "Thanh Hóa") and held.status == "succeeded"
    assert [link.change.basis[0].number for link in held.path] == ["45/2025/NĐ-CP"]
    assert reorg.holder(Body("Sở Tài chính", "Thanh Hóa"), "2026-01-01").status == "same"


def test_a_department_of_a_merged_province_passes_through_both_changes_in_date_order() -> None:
    reorg = load()
    held = reorg.holder(Body("Sở Tài nguyên và Môi trường", "Kon Tum"), "2026-01-01")
    assert held.body == Body("Sở Nông nghiệp và Môi trường", "Quảng Ngãi")
    assert [(link.date, link.change.basis[0].number) for link in held.path] == [
        ("2025-03-01", "45/2025/NĐ-CP"), ("2025-07-01", "202/2025/QH15")]
    # the ended body does not also move province: only its successor does
    assert [link.successor for link in reorg.links_from(Body("Sở Tài nguyên và Môi trường", "Kon Tum"))] == [
        Body("Sở Nông nghiệp và Môi trường", "Kon Tum")]


def test_a_body_the_gazetteer_does_not_know_is_not_guessed_into_the_merged_province() -> None:
    reorg = load()
    body = Body("Ban Quản lý Khu kinh tế tỉnh Kon Tum", "Kon Tum")
    assert reorg.links_from(body, known=False) == []
    assert reorg.links_from(body, known=True)[0].successor.province == "Quảng Ngãi"


def test_district_committees_end_and_their_duties_are_divided_not_rolled_up() -> None:
    reorg = load()
    for name in ("UBND cấp huyện", "UBND huyện Như Xuân"):
        held = reorg.holder(Body(name, "Thanh Hóa"), "2026-01-01")
        assert held.body == Body(name, "Thanh Hóa") and held.status == "divided"
        assert {link.successor.name for link in held.divided} == {"UBND cấp xã", "UBND tỉnh"}
        assert {link.change.basis[0].number for link in held.divided} == {"203/2025/QH15"}
    assert reorg.holder(Body("UBND cấp huyện", "Thanh Hóa"), "2025-06-30").status == "same"
    assert reorg.links_from(Body("UBND tỉnh", "Thanh Hóa")) == []


def test_provinces_63_before_and_34_after_1_july_2025() -> None:
    reorg = load()
    assert len(reorg.provinces_at("2025-06-30")) == 63
    after = reorg.provinces_at("2025-07-01")
    assert len(after) == 34 and "Quảng Ngãi" in after and "Kon Tum" not in after
    assert "Thừa Thiên Huế" in reorg.provinces_at("2024-12-31") and "Huế" not in reorg.provinces_at("2024-12-31")


def test_a_province_is_found_by_its_old_and_its_new_name() -> None:
    reorg = load()
    assert reorg.province_at("Kon Tum", "2026-01-01") == "Quảng Ngãi"
    assert reorg.province_at("Quảng Ngãi", "2026-01-01") == "Quảng Ngãi"
    assert reorg.province_at("Thừa Thiên Huế", "2026-01-01") == "Huế"
    assert [old for old, _ in reorg.province_predecessors("Quảng Ngãi")] == ["Kon Tum"]
    assert sorted(old for old, _ in reorg.province_predecessors("Hồ Chí Minh")) == ["Bà Rịa - Vũng Tàu", "Bình Dương"]
    for name in ("Hà Tĩnh", "Thanh Hóa"):  # unchanged by NQ 202/2025/QH15
        assert reorg.province_change(name) is None and reorg.province_predecessors(name) == []


# ---------------------------------------------------------------------------- the checks catch what they promise

def test_check_finds_a_successor_loop() -> None:
    found = problems([change("a", ["Sở A"], ["Sở B"]), change("b", ["Sở B"], ["Sở C"]), change("c", ["Sở C"], ["Sở A"])])
    assert any("loop" in p and "sở a" in p for p in found), found


def test_check_finds_a_change_without_legal_basis_or_with_a_bad_date() -> None:
    found = problems([replace(change("a", ["Sở A"], ["Sở B"]), basis=()), change("b", ["Sở C"], ["Sở D"], date="2025-3-1")])
    assert any("'a': no legal basis" in p for p in found) and any("'b': date" in p for p in found), found


def test_check_wants_several_successors_declared_as_divided() -> None:
    found = problems([change("a", ["Sở A"], ["Sở B", "Sở C"])])
    assert any("exactly one successor" in p for p in found), found
    two_mains = change("b", ["Sở A"], [], kind="split")
    two_mains = replace(two_mains, successors=(Successor("Sở B", "x", True), Successor("Sở C", "y", True)))
    assert any("at most one of them main" in p for p in problems([two_mains]))
    silent = change("c", ["Sở A"], [], kind="dissolved")
    assert any("needs a note" in p for p in problems([silent]))


def test_check_finds_a_gazetteer_agency_that_ends_without_a_change_or_with_another_successor() -> None:
    gazetteer = {"agency": [{"name": "Sở A", "level": "province", "until": "2025"},
                            {"name": "Sở B", "level": "province", "until": "2025", "successor": "Sở X"}]}
    found = problems([change("b", ["Sở B"], ["Sở C"])], gazetteer)
    assert any("'Sở A' ends" in p for p in found) and any("successor 'Sở X'" in p for p in found), found


def test_check_finds_provinces_that_disagree_with_provinces_toml() -> None:
    real = load()
    moved = tuple(replace(c, successors=(Successor("Gia Lai"),)) if c.id == "tinh-quang-ngai-2025" else c
                  for c in real.province_changes)
    reorg = Reorganisation(real.bases, real.changes, moved, real.province_names)
    found = reorg.check()
    assert any("'Kon Tum' merged_into 'Quảng Ngãi'" in p for p in found), found
    assert any("want 63 and 34" in p for p in found), found


def test_doctests() -> None:
    assert doctest.testmod(reorganisation).failed == 0


def test_an_unknown_basis_is_one_clear_error() -> None:
    with pytest.raises(reorganisation.GraphbuildError, match="unknown legal basis 'nope'"):
        reorganisation._change({"id": "x", "kind": "merged", "date": "2025-01-01", "basis": ["nope"],
                                "predecessors": ["A"], "successors": [{"name": "B"}]}, "agency", {})


# ---------------------------------------------------------------------------- the graph

GOLD = Path(__file__).parent / "data" / "gold"
KHDT_TH = "agency/thanh-hoa/so-ke-hoach-va-dau-tu"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_graph(load_records(GOLD))


def successions(G: nx.MultiDiGraph) -> list[tuple[str, str, dict]]:
    return [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == reorganisation.SUCCEEDED_BY]


def test_a_2021_mandate_stays_on_the_body_the_plan_named_and_rolls_up_at_a_structure_date(G) -> None:
    [plan] = [k for k, d in G.nodes(data=True) if d["label"] == "Document" and d.get("number") == "2999/QĐ-UBND"]
    assert G.nodes[plan]["date"].startswith("2021") and G.nodes[plan]["jurisdiction"] == "jur/thanh-hoa"
    led = [m for _, m, k in G.out_edges(KHDT_TH, keys=True) if k == "LEADS" and G.nodes[m]["document"] == plan]
    assert led, "the plan tasks Sở Kế hoạch và Đầu tư of Thanh Hóa"
    assert G.nodes[KHDT_TH]["name"] == "Sở Kế hoạch và Đầu tư"  # identity kept: no mandate moved
    held = reorganisation.graph_holder(G, KHDT_TH, "2026-01-01")
    assert held.key == "agency/thanh-hoa/so-tai-chinh" and held.status == "succeeded"
    [(_, _, step)] = held.path
    assert (step["change_date"], step["legal_basis_number"], step["change_kind"]) == ("2025-03-01", "45/2025/NĐ-CP", "merged")
    assert reorganisation.graph_holder(G, KHDT_TH, "2025-02-28").key == KHDT_TH


def test_every_succession_carries_date_and_legal_basis_and_no_chain_loops(G) -> None:
    edges = successions(G)
    assert edges
    for u, v, d in edges:
        assert d["change_date"] and d["legal_basis"] and d["legal_basis_number"] and d["change"].startswith("change/"), (u, v)
        assert d["source"] == reorganisation.SOURCE and d["lines"], (u, v)
    rolled = Counter(u for u, _, d in edges if d["rollup"])
    assert max(rolled.values()) == 1  # the duties of a body pass whole to one body at most
    H = nx.DiGraph([(u, v) for u, v, _ in edges])
    assert nx.is_directed_acyclic_graph(H)
    for u, v, d in edges:  # dates never go back along a chain
        assert all(d["change_date"] <= later["change_date"] for _, _, later in reorganisation.successor_edges(G, v))


def test_graph_holders_agree_with_the_data(G) -> None:
    reorg = load()
    for key, data in G.nodes(data=True):
        if data["label"] != "Agency" or not data["jurisdiction"].startswith("jur/") or data["jurisdiction"] == \
                "jur/unknown":
            continue
        jur = G.nodes[data["jurisdiction"]]
        body = Body(data["name"], None if jur["level"] == "nation" else jur["name"])
        want = reorg.holder(body, "2026-01-01", known=data["known"])
        got = reorganisation.graph_holder(G, key, "2026-01-01")
        assert (G.nodes[got.key]["name"], got.status) == (want.body.name, want.status), key


def test_successors_no_document_named_are_added_with_the_data_file_as_source(G) -> None:
    node = G.nodes["agency/thanh-hoa/so-nong-nghiep-va-moi-truong"]
    assert node["source"] == reorganisation.SOURCE and node["kind"] == "department" and node["line_start"]
    assert G.has_edge("agency/thanh-hoa/so-nong-nghiep-va-moi-truong", "jur/thanh-hoa", key="PART_OF")
    assert reorganisation.link_graph(G) == 0  # linking again adds nothing


def test_a_province_that_merged_into_one_of_the_corpus_is_in_the_graph_by_its_old_name(G) -> None:
    step = G.edges["jur/kon-tum", "jur/quang-ngai", reorganisation.SUCCEEDED_BY]
    assert (step["change_date"], step["legal_basis_number"], step["rollup"]) == ("2025-07-01", "202/2025/QH15", True)
    assert G.nodes["jur/kon-tum"]["name"] == "Kon Tum"
    assert not any(k == reorganisation.SUCCEEDED_BY for _, _, k in G.out_edges("jur/thanh-hoa", keys=True))


def test_a_department_of_a_merged_province_reaches_the_new_province() -> None:
    plan = Record.from_dict({"source": "kon_tum.txt", "document": {
        "number": "12/KH-UBND", "kind": "plan", "issuer": "UBND tỉnh Kon Tum", "date": "2021-03-01"},
        "mandates": [{"line": 9, "text": "Xây dựng kế hoạch đầu tư công", "lead": ["Sở Kế hoạch và Đầu tư"],
                      "coordinators": ["UBND huyện Đắk Hà"]}]})
    G = build_graph([plan])
    held = reorganisation.graph_holder(G, "agency/kon-tum/so-ke-hoach-va-dau-tu", "2026-01-01")
    assert held.key == "agency/quang-ngai/so-tai-chinh"
    assert [v for _, v, _ in held.path] == ["agency/kon-tum/so-tai-chinh", "agency/quang-ngai/so-tai-chinh"]
    assert reorganisation.graph_holder(G, "jur/kon-tum", "2026-01-01").key == "jur/quang-ngai"
    district = reorganisation.graph_holder(G, "agency/kon-tum/ubnd-huyen-dak-ha", "2026-01-01")
    assert district.status == "divided"  # not guessed into Quảng Ngãi, not rolled up
    assert sorted(v for _, v, _ in district.divided) == ["agency/kon-tum/ubnd-cap-xa", "agency/kon-tum/ubnd-tinh"]


# ---------------------------------------------------------------------------- RDF

ORG = "http://www.w3.org/ns/org#"


def test_rdf_has_one_change_event_per_change_with_its_date_and_legal_basis(G) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from graphbuild.rdf import VNP, node_iri, to_rdf

    g = to_rdf(G)
    event = node_iri("change/so-tai-chinh-2025/thanh-hoa")
    assert (event, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(ORG + "ChangeEvent")) in g
    assert (event, URIRef(ORG + "originalOrganization"), node_iri(KHDT_TH)) in g
    assert (event, URIRef(ORG + "resultingOrganization"), node_iri("agency/thanh-hoa/so-tai-chinh")) in g
    assert (event, VNP.changeDate, Literal("2025-03-01", datatype=XSD.date)) in g
    assert (event, VNP.changeBasis, node_iri("doc/vn/45/2025/NĐ-CP")) in g
    replaced = URIRef("http://purl.org/dc/terms/isReplacedBy")
    assert (node_iri(KHDT_TH), replaced, node_iri("agency/thanh-hoa/so-tai-chinh")) in g
    assert (node_iri(KHDT_TH), VNP.rollsUpTo, node_iri("agency/thanh-hoa/so-tai-chinh")) in g
    # a transfer from a body that goes on: succeeded by, not replaced by
    home, religion = node_iri("agency/thanh-hoa/so-noi-vu"), node_iri("agency/thanh-hoa/so-dan-toc-va-ton-giao")
    assert (home, VNP.succeededBy, religion) in g and (home, replaced, religion) not in g
    events = set(g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(ORG + "ChangeEvent")))
    assert len(events) == len({d["change"] for _, _, d in successions(G)})


def test_a_change_without_legal_basis_does_not_conform(G) -> None:
    from graphbuild.rdf import validate

    H = G.copy()
    for _, _, data in successions(H):
        data["legal_basis_number"] = ""
    conforms, report = validate(H)
    assert not conforms and "every change carries its legal basis" in report
