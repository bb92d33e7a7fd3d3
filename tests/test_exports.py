"""GraphML, GEXF and CSV exports of the gold graph, read back with networkx and csv."""
from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest

from graphbuild.exports import LIST_SEPARATOR, write_csv, write_gexf, write_graphml
from graphbuild.graph import build_graph, load_records

GOLD = Path(__file__).parent / "data" / "gold"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build_graph(load_records(GOLD))


def _scalar(value: object) -> object:
    return LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list) else value


def test_graphml_reads_back_with_the_same_nodes_edges_and_attributes(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    H = nx.read_graphml(write_graphml(G, tmp_path / "g.graphml"), force_multigraph=True)
    assert isinstance(H, nx.MultiDiGraph)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert set(H.nodes) == set(G.nodes)
    assert set(H.edges(keys=True)) == set(G.edges(keys=True))
    for node, data in G.nodes(data=True):
        expected = {k: _scalar(v) for k, v in data.items() if v is not None}
        assert H.nodes[node] == expected
    for u, v, k, data in G.edges(keys=True, data=True):
        assert H.edges[u, v, k] == {a: _scalar(b) for a, b in data.items()}


def test_gexf_reads_back_for_gephi(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    H = nx.read_gexf(write_gexf(G, tmp_path / "g.gexf"))
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert set(H.nodes) == set(G.nodes)
    for node, data in G.nodes(data=True):
        assert H.nodes[node]["node_label"] == data["label"]
        if data["label"] == "Document" and data["number"]:
            assert H.nodes[node]["label"] == data["number"]
    assert sorted(d["label"] for *_, d in H.edges(data=True)) == sorted(k for *_, k in G.edges(keys=True))


def test_csv_has_one_header_and_one_row_per_node_and_edge(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    nodes_path, edges_path = write_csv(G, tmp_path / "csv")
    with nodes_path.open(encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with edges_path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        edges = list(reader)
        header = reader.fieldnames
    assert header[:3] == ["source", "target", "type"] and "source_file" in header
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    by_id = {row["id"]: row for row in nodes}
    assert set(by_id) == set(G.nodes)
    for node, data in G.nodes(data=True):
        row = by_id[node]
        assert row["label"] == data["label"]
        for k, v in data.items():
            assert row[k] == ("" if v is None else str(_scalar(v)))
    for row in edges:
        data = G.edges[row["source"], row["target"], row["type"]]
        assert row["source_file"] == data["source"]
        assert row["lines"] == LIST_SEPARATOR.join(map(str, data["lines"]))
        assert int(row["count"]) == data["count"]
