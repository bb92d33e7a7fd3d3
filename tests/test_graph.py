"""build_graph on the gold records and on small hand-made records for cross-document identity."""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graphbuild import agencies, reorganisation
from graphbuild.errors import GraphbuildError
from graphbuild.extract import extract_paths
from graphbuild.graph import (
    agency_key,
    build_graph,
    document_key,
    jurisdiction_key,
    load_records,
    mandate_key,
    mandate_keys,
    number_kind,
    number_level,
    province_of,
    record_jurisdiction,
    slug,
    summary,
)
from graphbuild.model import Record
from graphbuild.rdf import file_iri, node_iri

GOLD = Path(__file__).parent / "data" / "gold"
CORPUS = Path(__file__).parent.parent / "data" / "corpus"


@pytest.fixture(scope="module")
def gold_records() -> list[Record]:
    return load_records(GOLD)


@pytest.fixture(scope="module")
def gold_graph(gold_records: list[Record]) -> nx.MultiDiGraph:
    return build_graph(gold_records)


def record(source: str, number: str | None, issuer: str, **extra: Any) -> Record:
    """A small record in the exchange format, with the extractor's extras when given."""
    document = {"number": number, "kind": extra.pop("kind", "plan"), "issuer": issuer,
                "date": extra.pop("date", None), "title": extra.pop("title", None)}
    if "jurisdiction" in extra:
        document["jurisdiction"] = extra.pop("jurisdiction")
    return Record.from_dict({"source": source, "document": document, **extra})


def mandate(line: int, lead: list[str], coordinators: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"line": line, "section": "II.1", "text": f"Nhiệm vụ dòng {line}", "lead": lead,
            "coordinators": coordinators or [], **extra}


def nodes_with(G: nx.MultiDiGraph, label: str, **attrs: Any) -> list[str]:
    return [n for n, d in G.nodes(data=True) if d["label"] == label and all(d.get(k) == v for k, v in attrs.items())]


def in_edges(G: nx.MultiDiGraph, node: str, etype: str) -> list[tuple[str, str]]:
    return [(u, v) for u, v, k in G.in_edges(node, keys=True) if k == etype]


def own_document(G: nx.MultiDiGraph, rec: Record) -> str:
    [key] = [n for n, d in G.nodes(data=True)
             if d["label"] == "Document" and d["in_corpus"] and d["source"] == rec.source]
    return key


# ---------------------------------------------------------------------------- keys and codes

@pytest.mark.parametrize("text, expected", [
    ("Thanh Hóa", "thanh-hoa"), ("Hà Tĩnh", "ha-tinh"), ("Đắk Lắk", "dak-lak"), ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
    ("Sở Kế hoạch và Đầu tư", "so-ke-hoach-va-dau-tu"), ("Các sở, ban, ngành cấp tỉnh", "cac-so-ban-nganh-cap-tinh"),
    ("Thanh Hoá", "thanh-hoa"),  # old tone placement: the same province
])
def test_slug_removes_diacritics_and_joins_words(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_key_helpers_follow_the_schema() -> None:
    assert document_key("58-NQ/TW", "vn") == "doc/vn/58-NQ/TW"
    assert document_key("08-NQ/TU", "ha-tinh", "2018-05-18") == "doc/ha-tinh/08-NQ/TU@2018-05-18"
    assert document_key(None, "thanh-hoa", source="000_aa7159e0c2e7d853.txt") == \
        "doc/thanh-hoa/file:000_aa7159e0c2e7d853.txt"
    assert document_key(None, "thanh-hoa", source="a/plan.txt") != document_key(None, "thanh-hoa", source="b/plan.txt")
    assert document_key("39- NQ/TW", "vn") == document_key("39-NQ/TW", "vn")
    assert agency_key("Sở Tài chính", "ha-tinh") == "agency/ha-tinh/so-tai-chinh"
    task = "Sở Tài chính chủ trì  thực hiện"
    key = mandate_key("doc/thanh-hoa/2999/QĐ-UBND", task)
    assert re.fullmatch(r"mandate/thanh-hoa/2999/QĐ-UBND/[0-9a-f]{12}", key)
    assert mandate_key("doc/thanh-hoa/2999/QĐ-UBND", "sở tài chính chủ trì thực hiện") == key  # case and spaces
    assert mandate_key("doc/thanh-hoa/2999/QĐ-UBND", task, 2) == key + "-2"
    assert mandate_key("doc/thanh-hoa/2999/QĐ-UBND", task + " ngay") != key
    with pytest.raises(GraphbuildError):
        document_key(None, "vn")


@pytest.mark.parametrize("number", ["58-NQ/TW", "13/NQ-CP", "1022/QĐ-TTg", "1059/NQ-UBTVQH13", "13/2019/NĐ-CP",
                                    "05/2020/TT-BTC", "61/2020/QH14", "1804/TTg-CN", "41-CT/TW"])
def test_central_codes_are_national(number: str) -> None:
    assert number_level(number) == "nation"


@pytest.mark.parametrize("number", ["685/2007/QĐ-UBND", "11-NQ/BTV", "3584/SKHĐT-TH", "95/2022/NQ-HĐND", "14-KH/TU",
                                    "60/KH-UBND", "565/UBND-KT1"])
def test_local_codes_are_provincial(number: str) -> None:
    assert number_level(number) == "province"


@pytest.mark.parametrize("number, kind", [
    ("58-NQ/TW", "resolution"), ("2999/QĐ-UBND", "decision"), ("154/KH-UBND", "plan"), ("26-CTr/TU", "program"),
    ("46-KL/TU", "conclusion"), ("10-CT/TU", "directive"), ("13/2019/NĐ-CP", "decree"), ("05/2020/TT-BTC", "circular"),
    ("3584/SKHĐT-TH", "letter"), ("1804/TTg-CN", "letter"), ("61/2020/QH14", "law"),
])
def test_kind_from_the_type_code(number: str, kind: str) -> None:
    assert number_kind(number) == kind


@pytest.mark.parametrize("issuer, province", [
    ("UBND tỉnh Thanh Hóa", "Thanh Hóa"), ("Ban Thường vụ Tỉnh ủy Hà Tĩnh", "Hà Tĩnh"),
    ("Ủy ban nhân dân thành phố Hà Nội", "Hà Nội"), ("UBND thành phố Sầm Sơn", None), ("UBND tỉnh", None),
    ("Bộ Chính trị", None),
])
def test_province_of_an_issuer(issuer: str, province: str | None) -> None:
    assert province_of(issuer) == province


def test_jurisdiction_from_the_record_extra_wins_over_the_issuer() -> None:
    plain = record("a.txt", "1/KH-UBND", "UBND tỉnh Thanh Hóa")
    extra = record("b.txt", "1/KH-UBND", "UBND tỉnh", jurisdiction="Nghệ An")
    central = record("c.txt", "5/NQ-CP", "Chính phủ")
    assert [record_jurisdiction(r) for r in (plain, extra, central)] == ["Thanh Hóa", "Nghệ An", "Việt Nam"]


# ---------------------------------------------------------------------------- the gold records

def test_every_gold_document_is_one_in_corpus_node(gold_records: list[Record], gold_graph: nx.MultiDiGraph) -> None:
    for rec in gold_records:
        key = own_document(gold_graph, rec)
        data = gold_graph.nodes[key]
        assert data["number"] == rec.document.number
        assert data["kind"] == rec.document.kind
        assert data["jurisdiction"] == jurisdiction_key(slug(province_of(rec.document.issuer)))
        if rec.document.number is None:
            assert key.endswith("/file:" + rec.source)


def test_gold_mandates_their_documents_and_actors(gold_records: list[Record], gold_graph: nx.MultiDiGraph) -> None:
    G = gold_graph
    assert len(nodes_with(G, "Mandate")) == sum(len(r.mandates) for r in gold_records)
    for rec in gold_records:
        doc = own_document(G, rec)
        for m, key in zip(rec.mandates, mandate_keys(doc, [m.text for m in rec.mandates])):
            data = G.nodes[key]
            assert (data["text"], data["due"], data["line_start"], data["source"]) == (m.text, m.due, m.line, rec.source)
            assert G.has_edge(key, doc, "PART_OF")
            for etype, printed in (("LEADS", m.lead), ("COORDINATES", m.coordinators)):
                actors = [u for u, _ in in_edges(G, key, etype)]
                assert len(actors) == len(set(printed))
                names = {n for u in actors for n in (G.nodes[u]["name"], *G.nodes[u]["aliases"])}
                assert names >= set(printed)


def test_gold_references_and_implements(gold_records: list[Record], gold_graph: nx.MultiDiGraph) -> None:
    G = gold_graph
    for rec in gold_records:
        doc = own_document(G, rec)
        referenced = {G.nodes[v]["number"] for _, v, k in G.out_edges(doc, keys=True) if k == "REFERENCES"}
        implemented = {G.nodes[v]["number"] for _, v, k in G.out_edges(doc, keys=True) if k == "IMPLEMENTS"}
        assert referenced == set(rec.references) - {rec.document.number}
        assert implemented == set(rec.implements)
        for _, v, k in G.out_edges(doc, keys=True):
            if k == "REFERENCES":
                level = number_level(G.nodes[v]["number"])
                expected = "jur/vn" if level == "nation" else G.nodes[doc]["jurisdiction"]
                assert G.nodes[v]["jurisdiction"] == expected
                assert G.nodes[v]["in_corpus"] is False


def test_gold_agency_shared_by_two_plans_of_one_province(gold_records: list[Record],
                                                          gold_graph: nx.MultiDiGraph) -> None:
    G = gold_graph
    by_province: dict[str, list[Record]] = {}
    for rec in gold_records:
        by_province.setdefault(province_of(rec.document.issuer), []).append(rec)
    checked = 0
    for province, recs in by_province.items():
        if len(recs) < 2:
            continue
        names = [{n for m in r.mandates for n in m.lead} for r in recs]
        for name in set.intersection(*names):
            jur = "vn" if agencies.lookup(name).level == "nation" else slug(province)
            [key] = [n for n in nodes_with(G, "Agency", jurisdiction=jurisdiction_key(jur))
                     if name == G.nodes[n]["name"] or name in G.nodes[n]["aliases"]]
            led_docs = {G.nodes[v]["document"] for _, v, k in G.out_edges(key, keys=True) if k == "LEADS"}
            assert led_docs >= {own_document(G, r) for r in recs if any(name in m.lead for m in r.mandates)}
            assert len(G.edges[key, jurisdiction_key(jur), "PART_OF"]["sources"]) == 2
            checked += 1
    assert checked > 0, "the gold set should have two plans of one province sharing an agency"


def test_every_node_and_edge_carries_provenance(gold_graph: nx.MultiDiGraph) -> None:
    for key, data in gold_graph.nodes(data=True):
        assert data["id"] == key
        assert data["label"] in ("Document", "Agency", "Mandate", "Jurisdiction")
        assert data["source"].endswith(".txt") or data["source"] == reorganisation.SOURCE  # a successor no plan names
    for _, _, key, data in gold_graph.edges(keys=True, data=True):
        assert data["type"] == key
        assert data["source"] in data["sources"]
        assert data["count"] >= 1
        assert data["lines"] == sorted(set(data["lines"]))


def test_rebuild_gives_the_same_graph_whatever_the_order(gold_records: list[Record],
                                                         gold_graph: nx.MultiDiGraph) -> None:
    again = build_graph(list(reversed(load_records(GOLD))))
    assert dict(again.nodes(data=True)) == dict(gold_graph.nodes(data=True))
    assert sorted(again.edges(keys=True, data=True)) == sorted(gold_graph.edges(keys=True, data=True))


def test_summary_counts_what_the_graph_holds(gold_graph: nx.MultiDiGraph) -> None:
    s = summary(gold_graph, top=5)
    assert sum(s["labels"].values()) == s["nodes"] == gold_graph.number_of_nodes()
    assert sum(s["edge_types"].values()) == s["edges"] == gold_graph.number_of_edges()
    assert s["documents_in_corpus"] + s["documents_cited_only"] == s["labels"]["Document"]
    loads = [(a["leads"] + a["coordinates"]) for a in s["top_agencies"]]
    assert loads == sorted(loads, reverse=True) and len(loads) == 5
    busiest = max((n for n in nodes_with(gold_graph, "Agency") if gold_graph.nodes[n]["kind"] != "collective"),
                  key=lambda n: sum(1 for *_, k in gold_graph.out_edges(n, keys=True) if k in ("LEADS", "COORDINATES")))
    top = s["top_agencies"][0]
    assert top["leads"] + top["coordinates"] == \
        sum(1 for *_, k in gold_graph.out_edges(busiest, keys=True) if k in ("LEADS", "COORDINATES"))


# ---------------------------------------------------------------------------- cross-document identity

def test_a_resolution_implemented_by_three_provinces_is_one_node() -> None:
    provinces = ["Thanh Hóa", "Hà Tĩnh", "Quảng Ngãi"]
    records = [record(f"{i}.txt", f"{10 + i}/KH-UBND", f"UBND tỉnh {p}", implements=["58-NQ/TW"],
                      references=["58-NQ/TW"]) for i, p in enumerate(provinces)]
    G = build_graph(records)
    [resolution] = nodes_with(G, "Document", number="58-NQ/TW")
    assert resolution == "doc/vn/58-NQ/TW"
    assert G.nodes[resolution]["in_corpus"] is False
    assert G.nodes[resolution]["kind"] == "resolution"
    implementers = {u for u, _ in in_edges(G, resolution, "IMPLEMENTS")}
    assert implementers == {own_document(G, r) for r in records}
    assert {G.nodes[u]["jurisdiction"] for u in implementers} == {jurisdiction_key(slug(p)) for p in provinces}


def test_same_agency_in_two_plans_of_one_province_is_one_node() -> None:
    a = record("a.txt", "1/KH-UBND", "UBND tỉnh Hà Tĩnh", mandates=[mandate(5, ["Sở Tài chính"])])
    b = record("b.txt", "2/KH-UBND", "UBND tỉnh Hà Tĩnh", mandates=[mandate(7, ["Sở Y tế"], ["Sở Tài chính"])])
    G = build_graph([a, b])
    [agency] = nodes_with(G, "Agency", name="Sở Tài chính")
    assert agency == "agency/ha-tinh/so-tai-chinh"
    assert {k for _, _, k in G.out_edges(agency, keys=True)} == {"LEADS", "COORDINATES", "PART_OF"}
    part_of = G.edges[agency, "jur/ha-tinh", "PART_OF"]
    assert part_of["sources"] == ["a.txt", "b.txt"] and part_of["count"] == 2
    assert part_of["source"] == "a.txt" and part_of["lines"] == [5]
    # the issuer and the mandates' "UBND tỉnh" are one body
    c = record("c.txt", "3/KH-UBND", "UBND tỉnh Hà Tĩnh", mandates=[mandate(9, ["UBND tỉnh"])])
    G = build_graph([a, c])
    [ubnd] = nodes_with(G, "Agency", name="UBND tỉnh")
    assert G.nodes[ubnd]["aliases"] == ["UBND tỉnh Hà Tĩnh"]
    # the document it issued, and Sở Tài chính, one of its departments (agencies.toml [parents])
    assert {(u, k) for u, _, k in G.in_edges(ubnd, keys=True)} == {(own_document(G, a), "ISSUED_BY"),
                                                                   (own_document(G, c), "ISSUED_BY"),
                                                                   ("agency/ha-tinh/so-tai-chinh", "PART_OF")}
    assert {k for _, _, k in G.out_edges(ubnd, keys=True)} == {"LEADS", "PART_OF"}


def test_same_number_in_two_provinces_is_two_nodes() -> None:
    a = record("a.txt", "1/KH-UBND", "UBND tỉnh Thanh Hóa", references=["60/KH-UBND"])
    b = record("b.txt", "2/KH-UBND", "UBND tỉnh Hà Tĩnh", references=["60/KH-UBND"])
    G = build_graph([a, b])
    assert sorted(nodes_with(G, "Document", number="60/KH-UBND")) == ["doc/ha-tinh/60/KH-UBND",
                                                                      "doc/thanh-hoa/60/KH-UBND"]
    # and a document in the corpus is the node its citations point to
    c = record("c.txt", "60/KH-UBND", "UBND tỉnh Thanh Hóa", date="2019-03-01")
    G = build_graph([a, b, c])
    node = G.nodes["doc/thanh-hoa/60/KH-UBND"]
    assert node["in_corpus"] is True and node["source"] == "c.txt" and node["date"] == "2019-03-01"
    assert G.has_edge(own_document(G, a), "doc/thanh-hoa/60/KH-UBND", "REFERENCES")


def test_a_number_printed_with_two_dates_splits_by_date() -> None:
    cite = {"number": "08-NQ/TU", "kind": "resolution", "issuer": "Tỉnh ủy", "line_start": 4, "line_end": 4,
            "printed": "08-NQ/TU"}
    a = record("a.txt", "1/KH-UBND", "UBND tỉnh Hà Tĩnh", references=["08-NQ/TU"],
               citations=[{**cite, "date": "2018-05-18"}])
    b = record("b.txt", "2/KH-UBND", "UBND tỉnh Hà Tĩnh", references=["08-NQ/TU"],
               citations=[{**cite, "date": "2021-12-02"}], mandates=[mandate(9, ["Sở Y tế"], mentions=["08-NQ/TU"])])
    G = build_graph([a, b])
    assert sorted(nodes_with(G, "Document", number="08-NQ/TU")) == ["doc/ha-tinh/08-NQ/TU@2018-05-18",
                                                                    "doc/ha-tinh/08-NQ/TU@2021-12-02"]
    # the mandate's undated mention resolves through its own record's dated citation
    assert G.has_edge(mandate_key(own_document(G, b), "Nhiệm vụ dòng 9"), "doc/ha-tinh/08-NQ/TU@2021-12-02", "MENTIONS")
    # one date only: no split
    assert nodes_with(build_graph([a]), "Document", number="08-NQ/TU") == ["doc/ha-tinh/08-NQ/TU"]
    # a record that cites both, once without a date, points the undated citation at neither
    c = record("c.txt", "3/KH-UBND", "UBND tỉnh Hà Tĩnh", references=["08-NQ/TU"],
               citations=[{**cite, "date": "2018-05-18"}, {**cite, "date": "2021-12-02", "line_start": 6},
                          {**cite, "date": None, "line_start": 8}])
    G = build_graph([c])
    targets = {v: d["lines"] for _, v, k, d in G.out_edges(own_document(G, c), keys=True, data=True)
               if k == "REFERENCES"}
    assert targets == {"doc/ha-tinh/08-NQ/TU@2018-05-18": [4], "doc/ha-tinh/08-NQ/TU@2021-12-02": [6],
                       "doc/ha-tinh/08-NQ/TU": [8]}


def test_an_undated_citation_joins_the_one_dated_document_that_fits() -> None:
    """No phantom third node: an undated "08-NQ/TU" beside two dated ones names the one that fits, if only one."""
    cite = {"number": "08-NQ/TU", "kind": "resolution", "issuer": "Tỉnh ủy", "line_start": 4, "line_end": 4,
            "printed": "08-NQ/TU"}
    a = record("a.txt", "1/KH-UBND", "UBND tỉnh Hà Tĩnh", references=["08-NQ/TU"], date="2022-01-10",
               citations=[{**cite, "date": "2018-05-18"}])
    b = record("b.txt", "2/KH-UBND", "UBND tỉnh Hà Tĩnh", references=["08-NQ/TU"], date="2022-03-01",
               citations=[{**cite, "date": "2021-11-22"}])
    # issued in 2019: only the 2018 resolution existed then
    c = record("c.txt", "3/KH-UBND", "UBND tỉnh Hà Tĩnh", references=["08-NQ/TU"], date="2019-06-01",
               citations=[{**cite, "date": None}], mandates=[mandate(9, ["Sở Y tế"], mentions=["08-NQ/TU"])])
    # issued in 2023, cites the 2018 one and then repeats the number without a date on the same line
    d = record("d.txt", "4/KH-UBND", "UBND tỉnh Hà Tĩnh", references=["08-NQ/TU"], date="2023-05-05",
               citations=[{**cite, "date": "2018-05-18", "column": 10}, {**cite, "date": None, "column": 90}])
    # issued in 2023 and cites it undated only: both fit, so it stays "one of them"
    e = record("e.txt", "5/KH-UBND", "UBND tỉnh Hà Tĩnh", references=["08-NQ/TU"], date="2023-05-05",
               citations=[{**cite, "date": None}])
    G = build_graph([a, b, c, d])
    assert sorted(nodes_with(G, "Document", number="08-NQ/TU")) == ["doc/ha-tinh/08-NQ/TU@2018-05-18",
                                                                    "doc/ha-tinh/08-NQ/TU@2021-11-22"]
    assert G.has_edge(own_document(G, c), "doc/ha-tinh/08-NQ/TU@2018-05-18", "REFERENCES")
    assert G.has_edge(mandate_key(own_document(G, c), "Nhiệm vụ dòng 9"), "doc/ha-tinh/08-NQ/TU@2018-05-18", "MENTIONS")
    assert G.edges[own_document(G, d), "doc/ha-tinh/08-NQ/TU@2018-05-18", "REFERENCES"]["count"] == 2
    assert "doc/ha-tinh/08-NQ/TU" in build_graph([a, b, e])


def test_the_sample_plan_has_no_phantom_undated_resolution() -> None:
    from graphbuild.extract import extract_file

    G = build_graph([extract_file(CORPUS / "003_05e3fa0bd3f85029.txt")])
    assert sorted(nodes_with(G, "Document", number="08-NQ/TU")) == ["doc/ha-tinh/08-NQ/TU@2018-05-18",
                                                                    "doc/ha-tinh/08-NQ/TU@2021-11-22"]


def test_citation_extras_fill_the_cited_document_and_the_reference() -> None:
    cites = [
        {"number": "58-NQ/TW", "kind": "resolution", "issuer": "Bộ Chính trị", "date": "2020-08-05", "line_start": 3,
         "line_end": 3, "printed": "58-NQ/TW", "implements": True, "level": "nation"},
        {"number": "58-NQ/TW", "kind": "resolution", "issuer": None, "date": None, "line_start": 40, "line_end": 40,
         "printed": "58-NQ/TW", "basis": True, "level": "nation"},
    ]
    rec = record("a.txt", "1/KH-UBND", "UBND tỉnh Thanh Hóa", implements=["58-NQ/TW"], references=["58-NQ/TW"],
                 citations=cites)  # the second, undated citation is the same document as the first
    G = build_graph([rec])
    doc, target = own_document(G, rec), "doc/vn/58-NQ/TW"
    assert {k: G.nodes[target][k] for k in ("kind", "issuer", "date")} == \
        {"kind": "resolution", "issuer": "Bộ Chính trị", "date": "2020-08-05"}
    ref = G.edges[doc, target, "REFERENCES"]
    assert (ref["count"], ref["lines"], ref["basis"]) == (2, [3, 40], True)
    assert G.edges[doc, target, "IMPLEMENTS"]["lines"] == [3]
    assert G.has_edge(target, "agency/vn/bo-chinh-tri", "ISSUED_BY")


def test_agency_extras_override_the_gazetteer() -> None:
    name = "Trung tâm Thử nghiệm Quy hoạch"
    seen = agencies.lookup(name, province="Thanh Hóa")
    level = "province" if seen.level == "nation" else "nation"  # the record says otherwise
    plain = record("a.txt", "1/KH-UBND", "UBND tỉnh Thanh Hóa", mandates=[mandate(5, [name])])
    rich = record("a.txt", "1/KH-UBND", "UBND tỉnh Thanh Hóa", mandates=[mandate(5, [name])],
                  agencies=[{"name": name, "kind": "centre", "level": level, "known": True,
                             "en": "Planning Test Centre", "aliases": ["TT Thử nghiệm"]}])
    jur = {"nation": "vn", "province": "thanh-hoa"}
    assert nodes_with(build_graph([plain]), "Agency", name=name) == [agency_key(name, jur[seen.level])]
    G = build_graph([rich])
    [key] = nodes_with(G, "Agency", name=name)
    assert key == agency_key(name, jur[level])
    assert (G.nodes[key]["known"], G.nodes[key]["name_en"], G.nodes[key]["aliases"], G.nodes[key]["level"]) == \
        (True, "Planning Test Centre", ["TT Thử nghiệm"], level)
    assert G.has_edge(key, f"jur/{jur[level]}", "PART_OF")


def test_gazetteer_parent_becomes_a_part_of_edge() -> None:
    if not hasattr(agencies, "gazetteer_data"):
        pytest.skip("the gazetteer has no parent data yet")
    entries = [a for a in agencies.gazetteer_data()["agency"] if a.get("parent") and "{province}" not in a["name"]]
    assert entries, "the gazetteer should record some parent bodies"
    child = entries[0]
    rec = record("a.txt", "1/KH-UBND", "UBND tỉnh Thanh Hóa", mandates=[mandate(5, [child["name"]])])
    G = build_graph([rec])
    [key] = nodes_with(G, "Agency", name=child["name"])
    parents = [v for _, v, k in G.out_edges(key, keys=True) if k == "PART_OF" and G.nodes[v]["label"] == "Agency"]
    assert [G.nodes[p]["name"] for p in parents] == [child["parent"]]


def test_implements_chain_links_the_cited_documents() -> None:
    rec = record("a.txt", "415/KH-UBND", "UBND tỉnh Hà Tĩnh", implements=["124/NQ-CP", "23-NQ/TW"],
                 references=["124/NQ-CP", "23-NQ/TW"], implements_chain=[["124/NQ-CP", "23-NQ/TW"]])
    G = build_graph([rec])
    assert G.has_edge("doc/vn/124/NQ-CP", "doc/vn/23-NQ/TW", "IMPLEMENTS")
    assert G.edges["doc/vn/124/NQ-CP", "doc/vn/23-NQ/TW", "IMPLEMENTS"]["source"] == "a.txt"


def test_repeated_mention_is_counted_not_duplicated() -> None:
    rec = record("a.txt", "1/KH-UBND", "UBND tỉnh Hà Tĩnh",
                 mandates=[mandate(5, ["Sở Y tế", "Sở Y tế"], mentions=["13/NQ-CP", "13/NQ-CP"])])
    G = build_graph([rec])
    key = mandate_key(own_document(G, rec), "Nhiệm vụ dòng 5")
    assert G.number_of_edges("agency/ha-tinh/so-y-te", key) == 1
    assert G.edges["agency/ha-tinh/so-y-te", key, "LEADS"]["count"] == 2
    assert G.edges[key, "doc/vn/13/NQ-CP", "MENTIONS"]["count"] == 2


def test_national_issuer_and_case_variants_of_a_number() -> None:
    a = record("a.txt", "1/KH-UBND", "UBND tỉnh Thanh Hóa", references=["1022/QĐ-TTg"])
    b = record("b.txt", "2/KH-UBND", "UBND tỉnh Hà Tĩnh", references=["1022/QĐ-TTG"])
    c = record("c.txt", "3/KH-UBND", "UBND tỉnh Nghệ An", references=["1022/QĐ-TTg"])
    G = build_graph([a, b, c])
    [node] = [n for n in nodes_with(G, "Document") if n.casefold() == "doc/vn/1022/qđ-ttg"]
    assert node == "doc/vn/1022/QĐ-TTg"  # the spelling most records use
    assert len(in_edges(G, node, "REFERENCES")) == 3


# ---------------------------------------------------------------------------- the extractor's records

@pytest.fixture(scope="module")
def extracted() -> list[Record]:
    from graphbuild.extract import extract_paths

    run = extract_paths([CORPUS])
    assert run.records and not run.problems
    return run.records


def test_extracted_records_use_their_citations_and_chains(extracted: list[Record]) -> None:
    G = build_graph(extracted)
    for rec in extracted:
        doc = own_document(G, rec)
        assert G.nodes[doc]["jurisdiction"] == jurisdiction_key(slug(record_jurisdiction(rec)))
        for a, b in rec.implements_chain:
            assert any(G.nodes[u]["number"] == a and G.nodes[v]["number"] == b
                       for u, v, k in G.edges(keys=True) if k == "IMPLEMENTS"), (a, b)
        for c in rec.citations:
            if c.number == rec.document.number:
                continue
            cited = [v for _, v, k in G.out_edges(doc, keys=True) if k == "REFERENCES"
                     and G.nodes[v]["number"].casefold() == c.number.casefold()]
            assert cited, c.number
            if c.basis:
                assert any(G.edges[doc, v, "REFERENCES"]["basis"] for v in cited)
    # numbers one province prints with two dates are split by date
    dates: dict[tuple[str, str], set[str]] = {}
    for rec in extracted:
        for c in rec.citations:
            if c.date and c.level != "nation":
                dates.setdefault((record_jurisdiction(rec), c.number), set()).add(c.date)
    for (province, number), seen in dates.items():
        if len(seen) > 1:
            for date in seen:
                assert document_key(number, slug(province), date) in G


# ---------------------------------------------------------------------------- loading

def test_load_records_from_files_and_folders(tmp_path: Path) -> None:
    files = sorted(GOLD.glob("*.json"))
    assert [r.source for r in load_records(GOLD)] == [json.loads(f.read_text())["source"] for f in files]
    assert len(load_records([files[0], files[1]])) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GraphbuildError, match="bad.json: cannot read record") as err:
        load_records(bad)
    assert "\n" not in str(err.value)
    with pytest.raises(GraphbuildError, match="no such file"):
        load_records(tmp_path / "missing")
    (tmp_path / "list.json").write_text(json.dumps([json.loads(f.read_text()) for f in files[:2]]), encoding="utf-8")
    assert Counter(r.source for r in load_records(tmp_path / "list.json")) == \
        Counter(json.loads(f.read_text())["source"] for f in files[:2])


# ---------------------------------------------------------------------------- stable identity

def test_keys_of_unchanged_tasks_survive_a_line_inserted_above_them(tmp_path: Path) -> None:
    """Mandates are keyed by their text within their document: an edit above a task renames nothing."""
    source = CORPUS / "003_05e3fa0bd3f85029.txt"
    plan = tmp_path / source.name
    plan.write_bytes(source.read_bytes())
    before = build_graph(extract_paths([tmp_path]).records)
    tasks = {k: d for k, d in before.nodes(data=True) if d["label"] == "Mandate"}
    first = min(d["line_start"] for d in tasks.values())
    lines = plan.read_text(encoding="utf-8").split("\n")
    plan.write_text("\n".join([*lines[:first - 1], "", *lines[first - 1:]]), encoding="utf-8")
    after = build_graph(extract_paths([tmp_path]).records)
    moved = {k: d for k, d in after.nodes(data=True) if d["label"] == "Mandate"}
    assert len(tasks) > 50 and set(moved) == set(tasks)
    assert all(moved[k]["line_start"] == tasks[k]["line_start"] + 1 for k in tasks)
    assert {node_iri(k) for k in moved} == {node_iri(k) for k in tasks}


def test_two_tasks_with_one_text_in_one_document_are_two_mandates() -> None:
    rec = record("a.txt", "1/KH-UBND", "UBND tỉnh Hà Tĩnh",
                 mandates=[{**mandate(5, ["Sở Y tế"]), "text": "Báo cáo"}, {**mandate(9, ["Sở Tài chính"]), "text": "Báo cáo"}])
    G = build_graph([rec])
    first, second = mandate_keys(own_document(G, rec), ["Báo cáo", "Báo cáo"])
    assert second == first + "-2"
    assert (G.nodes[first]["line_start"], G.nodes[second]["line_start"]) == (5, 9)
    assert G.has_edge("agency/ha-tinh/so-tai-chinh", second, "LEADS")


def test_files_are_told_apart_by_their_path_in_the_corpus(tmp_path: Path) -> None:
    """Two plan.txt in two folders are two files (and an unnumbered document in each is two documents)."""
    text = (CORPUS / "000_aa7159e0c2e7d853.txt").read_bytes()
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "plan.txt").write_bytes(text)
    records = extract_paths([tmp_path]).records
    assert sorted(r.source for r in records) == ["a/plan.txt", "b/plan.txt"]
    assert records[0].checksum == records[1].checksum == hashlib.sha256(text).hexdigest()
    G = build_graph(records)
    docs = [k for k, d in G.nodes(data=True) if d["label"] == "Document" and d["in_corpus"]]
    assert sorted(G.nodes[k]["source"] for k in docs) == ["a/plan.txt", "b/plan.txt"]
    assert G.graph["sources"] == {"a/plan.txt": records[0].checksum, "b/plan.txt": records[1].checksum}
    assert file_iri("a/plan.txt") != file_iri("b/plan.txt")
