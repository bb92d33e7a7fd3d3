"""GraphML, GEXF and CSV exports of the gold graph: read back by the tools users open them with (networkx,
csv), GraphML valid against the GraphML schema, and every export byte-identical for the same input."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from graphbuild.exports import (
    LIST_SEPARATOR,
    TYPE_STYLE,
    graphml_id,
    read_graphml,
    write_csv,
    write_gexf,
    write_graphml,
)
from graphbuild.graph import build_graph, load_records
from graphbuild.schema import EXPORT_FORMATS, display_name

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
GRAPHML_XSD = ROOT / "tests" / "data" / "graphml" / "graphml-structure.xsd"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_graph(load_records(GOLD))


def _scalar(value: object) -> object:
    return LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list) else value


# ---------------------------------------------------------------------------- GraphML

def test_graphml_is_valid_against_the_graphml_schema(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_graphml(G, tmp_path / "g.graphml")
    schema = etree.XMLSchema(etree.parse(str(GRAPHML_XSD)))
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log
    # each <data> names a key declared for its kind of element (a rule the schema's prose states)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    declared = {k.get("id"): k.get("for") for k in document.findall("g:key", ns)}
    for kind in ("graph", "node", "edge"):
        for data in document.iterfind(f".//g:{kind}/g:data", ns):
            assert declared[data.get("key")] in (kind, "all")


def test_the_schema_check_catches_the_old_graphml(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    """What networkx wrote before (a `source` key declared twice, keys with `/` as node ids) does not pass."""
    H = nx.MultiDiGraph()
    H.add_node("doc/vn/58-NQ/TW", source="a.txt")
    H.add_node("jur/vn", source="a.txt")
    H.add_edge("doc/vn/58-NQ/TW", "jur/vn", key="PART_OF", source="a.txt")
    nx.write_graphml(H, tmp_path / "old.graphml", named_key_ids=True)
    schema = etree.XMLSchema(etree.parse(str(GRAPHML_XSD)))
    assert not schema.validate(etree.parse(str(tmp_path / "old.graphml")))
    messages = " ".join(e.message for e in schema.error_log)
    assert "Duplicate key-sequence ['source']" in messages and "NMTOKEN" in messages


def test_graphml_reads_back_with_the_same_nodes_edges_and_attributes(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    H = read_graphml(write_graphml(G, tmp_path / "g.graphml"))
    assert set(H.nodes) == set(G.nodes)
    assert set(H.edges(keys=True)) == set(G.edges(keys=True))
    for node, data in G.nodes(data=True):
        expected = {("source_file" if k == "source" else k): _scalar(v) for k, v in data.items()
                    if v is not None and k not in ("id", "label")}
        got = H.nodes[node]
        assert (got.pop("key"), got.pop("label"), got.pop("type")) == (node, display_name(node, data), data["label"])
        assert got == expected
    for u, v, k, data in G.edges(keys=True, data=True):
        got = H.edges[u, v, k]
        assert got["type"] == k and got["source_file"] == data["source"] and got["count"] == data["count"]
        assert got["lines"] == LIST_SEPARATOR.join(map(str, data["lines"]))
    assert H.graph["dataset"] == "https://w3id.org/vn-plan-kg/dataset" and "graphbuild" in H.graph["generated_by"]


def test_graphml_ids_are_nmtokens_that_map_back_to_keys() -> None:
    assert graphml_id("doc/vn/58-NQ/TW") == "doc_x002F_vn_x002F_58-NQ_x002F_TW"
    assert graphml_id("a_x") == "a_x005F_x"  # the escape itself is escaped, so the mapping is one to one
    assert graphml_id("mandate/thanh-hoa/2999/QĐ-UBND/0a1b") == "mandate_x002F_thanh-hoa_x002F_2999_x002F_QĐ-UBND_x002F_0a1b"


# ---------------------------------------------------------------------------- GEXF

def test_gexf_reads_back_for_gephi_with_names_colours_and_sizes(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    H = nx.read_gexf(write_gexf(G, tmp_path / "g.gexf"))
    assert set(H.nodes) == set(G.nodes) and H.number_of_edges() == G.number_of_edges()
    colours: dict[str, set] = {}
    for node, data in G.nodes(data=True):
        got = H.nodes[node]
        assert got["label"] == display_name(node, data) and got["type"] == data["label"]
        colour = got["viz"]["color"]
        colours.setdefault(data["label"], set()).add((colour["r"], colour["g"], colour["b"]))
        assert got["viz"]["size"] > 0
    assert H.nodes["jur/vn"]["viz"]["size"] == TYPE_STYLE["Jurisdiction"][1]
    # documents, mandates and jurisdictions have one colour each, all different; agencies vary by kind
    singles = [next(iter(colours[t])) for t in ("Document", "Mandate", "Jurisdiction")]
    assert all(len(colours[t]) == 1 for t in ("Document", "Mandate", "Jurisdiction")) and len(set(singles)) == 3
    assert len(colours["Agency"]) > 3
    assert sorted(d["label"] for *_, d in H.edges(data=True)) == sorted(k for *_, k in G.edges(keys=True))


# ---------------------------------------------------------------------------- CSV

def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def test_csv_rows_columns_and_booleans(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    nodes_path, edges_path = write_csv(G, tmp_path / "csv")
    node_header, nodes = _read(nodes_path)
    edge_header, edges = _read(edges_path)
    assert node_header[:3] == ["key", "label", "type"] and edge_header[:3] == ["source", "target", "type"]
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    by_key = {row["key"]: row for row in nodes}
    for node, data in G.nodes(data=True):
        row = by_key[node]
        assert (row["type"], row["label"]) == (data["label"], display_name(node, data))
        assert row["source_file"] == (data.get("source") or "")
        for name in ("in_corpus", "known"):
            if data.get(name) is not None:
                assert row[name] == ("true" if data[name] else "false")
    for row in edges:
        data = G.edges[row["source"], row["target"], row["type"]]
        assert row["source_file"] == data["source"] and int(row["count"]) == data["count"]
        assert row["lines"] == LIST_SEPARATOR.join(map(str, data["lines"]))
        assert row["basis"] in (("true", "false") if row["type"] == "REFERENCES" else ("",))
    booleans = {v for row in nodes + edges for k in ("in_corpus", "known", "basis") for v in [row.get(k)] if v}
    assert booleans == {"true", "false"}


def test_csv_column_names_mean_one_thing_across_both_files(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    """`source` is an edge's start node only; a node's or an edge's file is `source_file` in both files."""
    nodes_path, edges_path = write_csv(G, tmp_path / "csv")
    node_header, _ = _read(nodes_path)
    edge_header, _ = _read(edges_path)
    assert "source" not in node_header and "source_file" in node_header and "source_file" in edge_header
    assert set(node_header) & set(edge_header) == {"type", "source_file"}
    metadata = json.loads((tmp_path / "csv" / "csv-metadata.json").read_text(encoding="utf-8"))
    assert metadata["@context"] == "http://www.w3.org/ns/csvw"
    tables = {t["url"]: [c["name"] for c in t["tableSchema"]["columns"]] for t in metadata["tables"]}
    assert tables == {"nodes.csv": node_header, "edges.csv": edge_header}
    assert metadata["prov:wasGeneratedBy"]["prov:wasAssociatedWith"].startswith("graphbuild ")


# ---------------------------------------------------------------------------- determinism

def _build(out: Path, seed: str, inputs: list[str], epoch: str | None = None) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = seed
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    done = subprocess.run([sys.executable, "-m", "graphbuild", "build", *inputs, "--out", str(out), "--jobs", "1",
                           "--formats", "all"],
                          check=False, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_every_export_is_byte_identical_for_the_same_input(tmp_path: Path) -> None:
    """Two builds in two processes (different string hashing, so no set order can leak through) write the same
    bytes in every export; the build time comes from SOURCE_DATE_EPOCH, not the clock."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("003_05e3fa0bd3f85029.txt", "004_282ed3c59c12d421.txt"):
        (corpus / name).write_bytes((ROOT / "data" / "corpus" / name).read_bytes())
    first = _build(tmp_path / "one", "1", [str(corpus)], epoch="1700000000")
    second = _build(tmp_path / "two", "2", [str(corpus)], epoch="1700000000")
    expected = {f.file_name for f in EXPORT_FORMATS.values() if f.name != "csv"}
    assert expected <= set(first) and {"csv/nodes.csv", "csv/edges.csv", "csv/csv-metadata.json"} <= set(first)
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], f"{name} differs between two builds of the same input"
    assert b"2023-11-14T22:13:20" in first["graph.ttl"]  # the build time: SOURCE_DATE_EPOCH
    # without SOURCE_DATE_EPOCH the time is the newest input's, still not the clock
    third = _build(tmp_path / "three", "3", [str(corpus)])
    fourth = _build(tmp_path / "four", "4", [str(corpus)])
    assert third == fourth
