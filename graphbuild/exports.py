"""File exports of the graph for tools that do not speak RDF or Cypher: GraphML, GEXF (Gephi), CSV (pandas).

The node id in every format is the graph key (docs/graph-schema.md). GraphML and GEXF take scalar
attributes only, so lists are joined with "|" and None values are left out; CSV writes None as an
empty cell so that pandas reads it as missing.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild.schema import display_name

LIST_SEPARATOR = "|"
NODE_COLUMNS = ("id", "label")
EDGE_COLUMNS = ("source", "target", "type")


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def scalar_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of `G` whose attributes GraphML and GEXF can hold: lists joined with "|", None dropped."""
    H = nx.MultiDiGraph()
    H.graph.update({k: s for k, v in G.graph.items() if not isinstance(v, dict) and (s := _scalar(v)) is not None})
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: s for k, v in data.items() if (s := _scalar(v)) is not None})
    for u, v, key, data in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=key, **{k: s for k, val in data.items() if (s := _scalar(val)) is not None})
    return H


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """GraphML with the key as node id and the edge type as edge id (networkx reads it back as a MultiDiGraph)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(scalar_graph(G), path, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return path


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """GEXF for Gephi.

    GEXF reserves a node's `label` for the text to display and an edge's `type` for its direction,
    so the display label is the number, name or section, the schema label goes to the `node_label`
    attribute, and the edge type goes to the edge label.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    H = scalar_graph(G)
    for node, data in H.nodes(data=True):
        data["node_label"] = data.pop("label", "")
        data["label"] = display_name(node, G.nodes[node])
    for _, _, data in H.edges(data=True):
        data["label"] = data.pop("type")
    nx.write_gexf(H, path, encoding="utf-8", prettyprint=True)
    return path


def _cell(value: Any) -> str:
    value = _scalar(value)
    return "" if value is None else str(value)


def write_csv(G: nx.MultiDiGraph, directory: str | Path) -> tuple[Path, Path]:
    """`nodes.csv` (id, label, then every attribute) and `edges.csv` (source, target, type, then every attribute).

    An edge's provenance file is named `source` in the graph; in edges.csv, where `source` is the
    start node, that column is `source_file`.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    node_attrs = sorted({k for _, d in G.nodes(data=True) for k in d} - set(NODE_COLUMNS))
    nodes_path = directory / "nodes.csv"
    with nodes_path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([*NODE_COLUMNS, *node_attrs])
        for node, data in sorted(G.nodes(data=True), key=lambda item: item[0]):
            writer.writerow([node, _cell(data.get("label")), *(_cell(data.get(k)) for k in node_attrs)])

    edge_attrs = sorted({k for _, _, d in G.edges(data=True) for k in d} - {"type"})
    columns = [("source_file" if k == "source" else k) for k in edge_attrs]
    edges_path = directory / "edges.csv"
    with edges_path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([*EDGE_COLUMNS, *columns])
        for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
            writer.writerow([u, v, data.get("type", key), *(_cell(data.get(k)) for k in edge_attrs)])
    return nodes_path, edges_path
