"""The graph as `neo4j-admin database import` files: the first load of a large graph into Neo4j, offline.

Bolt loads (graphbuild.neo4j_store) go through transactions; a first load of hundreds of thousands
of nodes is faster as CSV files that `neo4j-admin database import full` reads straight into a new
database (the server stopped). This writes, into one folder:

    nodes/<Label>.csv                      id:ID, then each property with its import type
    relationships/<TYPE>_<From>_<To>.csv   :START_ID, :END_ID, then each property
    import.sh                              the neo4j-admin command for exactly these files
    schema.cypher                          the constraints and full-text indexes `kg load neo4j` makes

The rows are the Bolt loader's (`neo4j_store.graph_rows`, dates as Cypher `date`), so a database
imported this way and one loaded with `kg load neo4j` hold the same nodes, relationships and
properties (but for empty lists, which an import cannot write: the property is absent), and `kg load neo4j`
afterwards only sets those. Lists are arrays whose items are
separated by U+001F (`--array-delimiter=U+001F`), a character no name contains; text may span lines
(`--multiline-fields=true`).
"""
from __future__ import annotations

import csv
import shlex
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild.neo4j_store import NODE_LABELS, _id_index_statements, fulltext_statements, graph_rows

ARRAY_DELIMITER = "\x1f"
_SCALAR_TYPE = {bool: "boolean", int: "long", float: "double", str: "string"}


def _column_type(values: list[Any]) -> str:
    """The import type of a property from its values: boolean, long, double, string, or an array of one."""
    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {list}:
        items = {type(i) for v in values if v for i in v}
        item = _SCALAR_TYPE.get(items.pop()) if len(items) == 1 else "string"
        return f"{item or 'string'}[]"
    if kinds == {int, float}:
        return "double"
    return _SCALAR_TYPE.get(kinds.pop(), "string") if len(kinds) == 1 else "string"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(_cell(v) for v in value)
    return str(value)


def _write_table(path: Path, first: list[str], rows: list[dict[str, Any]], firsts: list[str],
                 dates: tuple[str, ...] = ()) -> None:
    """One CSV file: the fixed columns, then every property of the rows (sorted) with its type."""
    names = sorted({name for row in rows for name in row["props"]})
    header = first + [f"{n}:{_column_type([row['props'].get(n) for row in rows])}" for n in names]
    header += [f"{d}:date" for d in dates]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[k] for k in firsts] + [_cell(row["props"].get(n)) for n in names]
                            + [_cell(row.get(d)) for d in dates])


def write_admin_import(G: nx.MultiDiGraph, folder: str | Path, database: str = "neo4j") -> dict[str, Path]:
    """Write the import files of the graph into `folder` (see the module docstring); returns what was written."""
    from graphbuild.neo4j_store import DATE_ATTRIBUTES

    folder = Path(folder)
    rows = graph_rows(G, dates=True)
    written: dict[str, Path] = {}
    node_args, rel_args = [], []
    for label in NODE_LABELS:
        if label not in rows.nodes:
            continue
        path = folder / "nodes" / f"{label}.csv"
        _write_table(path, ["id:ID"], rows.nodes[label], ["id"], DATE_ATTRIBUTES.get(label, ()))
        written[f"nodes/{label}"] = path
        node_args.append(f"--nodes={label}={path.relative_to(folder)}")
    for (rel_type, src, dst), group in sorted(rows.rels.items()):
        path = folder / "relationships" / f"{rel_type}_{src}_{dst}.csv"
        _write_table(path, [":START_ID", ":END_ID"], group, ["src", "dst"])
        written[f"relationships/{rel_type}_{src}_{dst}"] = path
        rel_args.append(f"--relationships={rel_type}={path.relative_to(folder)}")
    options = [*node_args, *rel_args, "--multiline-fields=true", "--array-delimiter=U+001F",
               "--overwrite-destination=true", database]
    script = folder / "import.sh"
    script.write_text("#!/bin/sh\n# Run with the Neo4j server stopped, from this folder; then start it and run\n"
                      "#   cypher-shell -f schema.cypher   (constraints and full-text indexes)\n"
                      "set -e\ncd \"$(dirname \"$0\")\"\n"
                      + "neo4j-admin database import full \\\n  "
                      + " \\\n  ".join(shlex.quote(part) for part in options) + "\n", encoding="utf-8")
    script.chmod(0o755)
    statements = [s for label in NODE_LABELS for s in _id_index_statements(label, True)] + fulltext_statements(True)
    (folder / "schema.cypher").write_text("".join(f"{s};\n" for s in statements), encoding="utf-8")
    written["import.sh"], written["schema.cypher"] = script, folder / "schema.cypher"
    return written
