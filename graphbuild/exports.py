"""File exports for tools that do not speak RDF or Cypher: GraphML (yEd, Gephi, networkx), GEXF (Gephi),
CSV (pandas, Gephi's spreadsheet import).

The three formats share one table of columns, each with one meaning wherever it appears:

- `label`: what a tool shows for the row (a document's number, an agency's name, ...; Gephi reads it),
- `type`: the schema label of a node (Document, Agency, ...) or the type of an edge (IMPLEMENTS, ...),
- `key`: the graph key (docs/graph-schema.md), the node id in CSV and GEXF,
- `source_file`: the file a node or edge comes from (an edge's ends are `source` and `target`),
- then the schema's attributes; lists joined with "|", booleans `true`/`false`.

Every export says what it is and how it was built (graphbuild.dataset): GraphML as graph data,
GEXF in its meta, CSV in a CSV on the Web metadata file (`csv-metadata.json`) beside the tables.
The same graph gives the same bytes: rows and attributes are sorted, and no clock is read.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild import dataset, schema
from graphbuild.schema import display_name

LIST_SEPARATOR = "|"
NODE_COLUMNS = ("key", "label", "type")
EDGE_COLUMNS = ("source", "target", "type")
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"
GEXF_VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

# GEXF colours and sizes: by node type, agencies by their kind (as the views colour them).
TYPE_STYLE = {schema.JURISDICTION: ("#7f7f7f", 30.0), schema.DOCUMENT: ("#2ca02c", 20.0),
              schema.AGENCY: ("#1f77b4", 14.0), schema.MANDATE: ("#ff7f0e", 6.0)}
AGENCY_KIND_COLOURS = {"department": "#1f77b4", "committee": "#d62728", "ministry": "#9467bd", "party": "#e377c2",
                       "collective": "#bcbd22", "army": "#8c564b", "police": "#393b79", "press": "#17becf",
                       "government": "#d62728", "council": "#e7ba52", "company": "#8c6d31"}


# ---------------------------------------------------------------------------- rows and columns

def _value(value: Any) -> str | int | float | bool | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(map(str, value)) if isinstance(value, (set, frozenset)) else [str(v) for v in value]
        return LIST_SEPARATOR.join(items)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def node_row(key: str, data: dict[str, Any]) -> dict[str, Any]:
    """A node as export columns: key, label (display name), type (schema label), then its attributes."""
    row: dict[str, Any] = {"key": key, "label": display_name(key, data), "type": data.get("label")}
    for name, value in data.items():
        if name in ("id", "label"):
            continue
        row["source_file" if name == "source" else name] = _value(value)
    return row


def edge_row(u: str, v: str, etype: str, data: dict[str, Any]) -> dict[str, Any]:
    """An edge as export columns: source, target, type, then its attributes (its file as source_file)."""
    row: dict[str, Any] = {"source": u, "target": v, "type": data.get("type", etype)}
    for name, value in data.items():
        if name == "type":
            continue
        row["source_file" if name == "source" else name] = _value(value)
    return row


def node_rows(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    return [node_row(key, G.nodes[key]) for key in sorted(G.nodes)]


def edge_rows(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[3].get("type", e[2]), e[1]))
    return [edge_row(u, v, k, d) for u, v, k, d in edges]


@dataclass(frozen=True)
class Column:
    """A column and the type of its values: boolean, long (whole numbers), double or string."""

    name: str
    type: str


def columns(rows: Iterable[dict[str, Any]], first: tuple[str, ...]) -> list[Column]:
    """The columns of some rows, `first` in that order then the rest sorted, each with the type of its values."""
    kinds: dict[str, set[type]] = {}
    for row in rows:
        for name, value in row.items():
            kinds.setdefault(name, set())
            if value is not None:
                kinds[name].add(type(value))
    names = [n for n in first if n in kinds] + sorted(set(kinds) - set(first))
    out = []
    for name in names:
        found = kinds[name]
        kind = ("boolean" if found == {bool} else "long" if found == {int} else
                "double" if found and found <= {int, float} else "string")
        out.append(Column(name, kind))
    return out


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


# ---------------------------------------------------------------------------- GraphML

_NAME_START = re.compile(r"[^\W\d]|_|:", re.UNICODE)
_NAME_CHAR = re.compile(r"[\w.\-:\u00B7]", re.UNICODE)


def graphml_id(key: str) -> str:
    """A graph key as an XML NMTOKEN (GraphML's id type): every other character as `_xHHHH_`, and `_x` itself
    escaped, the convention of SQL/XML (ISO/IEC 9075-14). `doc/vn/58-NQ/TW` -> `doc_x002F_vn_x002F_58-NQ_x002F_TW`."""
    out = []
    for i, ch in enumerate(key):
        if ch == "_" and key[i + 1:i + 2] == "x" or not _NAME_CHAR.fullmatch(ch):
            out.append(f"_x{ord(ch):04X}_")
        else:
            out.append(ch)
    return "".join(out)


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """GraphML 1.0 that validates against its schema: NMTOKEN ids (`graphml_id`; the graph key is the `key`
    attribute), one <key> per attribute with a unique id (`n_<name>` for nodes, `e_<name>` for edges, `g_<name>`
    for the graph), typed (boolean, long, double, string). `label` is the name Gephi and yEd show."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nodes, edges = node_rows(G), edge_rows(G)
    node_columns = columns(nodes, NODE_COLUMNS)
    edge_columns = [c for c in columns(edges, EDGE_COLUMNS) if c.name not in ("source", "target")]
    meta = dataset.summary_attributes(G)
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation":
                                  f"{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"})
    for prefix, kind, cols in (("g", "graph", [Column(n, "string") for n in meta]), ("n", "node", node_columns),
                               ("e", "edge", edge_columns)):
        for col in cols:
            ET.SubElement(root, "key", {"id": f"{prefix}_{col.name}", "for": kind, "attr.name": col.name,
                                        "attr.type": col.type})
    graph = ET.SubElement(root, "graph", {"id": "G", "edgedefault": "directed"})
    for name, value in meta.items():
        ET.SubElement(graph, "data", {"key": f"g_{name}"}).text = value
    for row in nodes:
        node = ET.SubElement(graph, "node", {"id": graphml_id(row["key"])})
        _graphml_data(node, "n", node_columns, row)
    for row in edges:
        ident = "e" + hashlib.sha1(f"{row['source']}\t{row['type']}\t{row['target']}".encode()).hexdigest()[:16]
        edge = ET.SubElement(graph, "edge", {"id": ident, "source": graphml_id(row["source"]),
                                             "target": graphml_id(row["target"])})
        _graphml_data(edge, "e", edge_columns, row)
    _write_xml(root, path)
    return path


def _graphml_data(element: ET.Element, prefix: str, cols: list[Column], row: dict[str, Any]) -> None:
    for col in cols:
        value = row.get(col.name)
        if value is not None:
            ET.SubElement(element, "data", {"key": f"{prefix}_{col.name}"}).text = _text(value)


def _write_xml(root: ET.Element, path: Path) -> None:
    ET.indent(root, space="  ")
    with path.open("wb") as f:
        f.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(ET.tostring(root, encoding="utf-8", xml_declaration=False))
        f.write(b"\n")


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    """A GraphML export read back with networkx, nodes renamed to their graph keys and edges keyed by type."""
    H = nx.read_graphml(path, force_multigraph=True)
    G = nx.MultiDiGraph()
    G.graph.update(H.graph)
    names = {node: data["key"] for node, data in H.nodes(data=True)}
    for node, data in H.nodes(data=True):
        G.add_node(names[node], **data)
    for u, v, data in H.edges(data=True):
        G.add_edge(names[u], names[v], key=data["type"], **data)
    return G


# ---------------------------------------------------------------------------- GEXF

def _style(data: dict[str, Any]) -> tuple[tuple[int, int, int], float]:
    colour, size = TYPE_STYLE.get(data.get("label"), ("#7f7f7f", 10.0))
    if data.get("label") == schema.AGENCY:
        colour = AGENCY_KIND_COLOURS.get(data.get("kind") or "", colour)
    elif data.get("label") == schema.DOCUMENT and not data.get("in_corpus"):
        size *= 0.7
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)), size


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """GEXF 1.3 for Gephi: nodes coloured and sized by kind (viz:color, viz:size), labelled by name; the edge
    type is the edge label and its count the weight; the dataset description in <meta>."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nodes, edges = node_rows(G), edge_rows(G)
    node_columns = [c for c in columns(nodes, NODE_COLUMNS) if c.name not in ("key", "label")]
    edge_columns = [c for c in columns(edges, EDGE_COLUMNS) if c.name not in ("source", "target")]
    meta = dataset.summary_attributes(G)
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "xmlns:viz": GEXF_VIZ_NS, "version": "1.3"})
    meta_attrs = {"lastmodifieddate": meta["built"][:10]} if "built" in meta else {}
    meta_element = ET.SubElement(root, "meta", meta_attrs)
    ET.SubElement(meta_element, "creator").text = meta["generated_by"]
    ET.SubElement(meta_element, "description").text = json.dumps(meta, ensure_ascii=False, sort_keys=True)
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    gexf_types = {"boolean": "boolean", "long": "long", "double": "double", "string": "string"}
    for kind, cols in (("node", node_columns), ("edge", edge_columns)):
        attributes = ET.SubElement(graph, "attributes", {"class": kind, "mode": "static"})
        for col in cols:
            ET.SubElement(attributes, "attribute", {"id": col.name, "title": col.name, "type": gexf_types[col.type]})
    nodes_element = ET.SubElement(graph, "nodes")
    for row in nodes:
        node = ET.SubElement(nodes_element, "node", {"id": row["key"], "label": row["label"]})
        _gexf_values(node, node_columns, row)
        (r, g, b), size = _style(G.nodes[row["key"]])
        ET.SubElement(node, "viz:color", {"r": str(r), "g": str(g), "b": str(b)})
        ET.SubElement(node, "viz:size", {"value": f"{size:g}"})
    edges_element = ET.SubElement(graph, "edges")
    for i, row in enumerate(edges):
        edge = ET.SubElement(edges_element, "edge", {"id": str(i), "source": row["source"], "target": row["target"],
                                                     "label": row["type"], "weight": str(row.get("count") or 1)})
        _gexf_values(edge, edge_columns, row)
    _write_xml(root, path)
    return path


def _gexf_values(element: ET.Element, cols: list[Column], row: dict[str, Any]) -> None:
    values = [(col, row.get(col.name)) for col in cols if row.get(col.name) is not None]
    if values:
        attvalues = ET.SubElement(element, "attvalues")
        for col, value in values:
            ET.SubElement(attvalues, "attvalue", {"for": col.name, "value": _text(value)})


# ---------------------------------------------------------------------------- CSV

def write_csv(G: nx.MultiDiGraph, directory: str | Path) -> tuple[Path, Path]:
    """`nodes.csv` (key, label, type, then every attribute) and `edges.csv` (source, target, type, then every
    attribute), one meaning per column name across both; None is an empty cell, booleans `true`/`false`.
    `csv-metadata.json` (CSV on the Web) gives each column's datatype and the dataset description."""
    return write_csv_tables(lambda: node_rows(G), lambda: edge_rows(G), dataset.summary_attributes(G), directory)


def write_csv_tables(nodes: Callable[[], Iterable[dict[str, Any]]], edges: Callable[[], Iterable[dict[str, Any]]],
                     meta: dict[str, str], directory: str | Path) -> tuple[Path, Path]:
    """`write_csv` from rows given twice (once for the columns, once to write): a store streams them."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tables = []
    paths = []
    for name, rows, first in (("nodes.csv", nodes, NODE_COLUMNS), ("edges.csv", edges, EDGE_COLUMNS)):
        cols = columns(rows(), first)
        target = directory / name
        with target.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow([c.name for c in cols])
            for row in rows():
                writer.writerow([_text(row.get(c.name)) for c in cols])
        paths.append(target)
        tables.append({"url": name, "tableSchema": {"columns": [_csvw_column(c) for c in cols]}})
    build = {"@id": meta["build"], "prov:wasAssociatedWith": meta["generated_by"],
             "prov:used": meta["inputs"].split(LIST_SEPARATOR) if meta["inputs"] else []}
    if "built" in meta:
        build["prov:endedAtTime"] = meta["built"]
    metadata = {"@context": "http://www.w3.org/ns/csvw", "@id": meta["dataset"], "dc:conformsTo": meta["conforms_to"],
                "prov:wasGeneratedBy": build, "tables": tables}
    (directory / "csv-metadata.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
    return paths[0], paths[1]


def _csvw_column(col: Column) -> dict[str, Any]:
    datatype = {"boolean": {"base": "boolean", "format": "true|false"}, "long": "integer", "double": "double",
                "string": "string"}[col.type]
    return {"name": col.name, "titles": col.name, "datatype": datatype}
