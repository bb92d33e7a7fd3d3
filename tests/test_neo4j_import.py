"""neo4j-admin import files hold exactly the rows `kg load neo4j` sends, with the types neo4j-admin reads."""
import csv
from pathlib import Path

import pytest

from graphbuild.graph import build_graph, load_records
from graphbuild.neo4j_import import ARRAY_DELIMITER, write_admin_import
from graphbuild.neo4j_store import graph_rows

GOLD = Path(__file__).parent / "data" / "gold"


def _typed(text: str, kind: str):
    if text == "":
        return None
    if kind.endswith("[]"):
        return [_typed(item, kind[:-2]) for item in text.split(ARRAY_DELIMITER)]
    return {"long": int, "double": float, "boolean": lambda t: t == "true"}.get(kind, str)(text)


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = []
        for values in reader:
            row = {}
            for column, value in zip(header, values):
                name, _, kind = column.partition(":")
                row[name or kind] = _typed(value, kind if kind not in ("ID", "START_ID", "END_ID") else "string")
            rows.append(row)
    return rows


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    G = build_graph(load_records(GOLD))
    folder = tmp_path_factory.mktemp("import")
    return G, folder, write_admin_import(G, folder)


def test_the_import_files_hold_the_rows_the_bolt_loader_sends(written) -> None:
    G, folder, _ = written
    rows = graph_rows(G, dates=True)
    for label, expected in rows.nodes.items():
        found = _read(folder / "nodes" / f"{label}.csv")
        assert [r["id"] for r in found] == [r["id"] for r in expected]
        for got, want in zip(found, expected):
            props = {k: v for k, v in got.items() if k != "id" and v is not None}
            dates = {k: want[k] for k in ("date", "due_date") if want.get(k) is not None}
            assert props == {**{k: v for k, v in want["props"].items() if v != []}, **dates}  # no empty arrays
    for (rel_type, src, dst), expected in rows.rels.items():
        found = _read(folder / "relationships" / f"{rel_type}_{src}_{dst}.csv")
        assert [(r["START_ID"], r["END_ID"]) for r in found] == [(r["src"], r["dst"]) for r in expected]
        assert [{k: v for k, v in r.items() if k not in ("START_ID", "END_ID") and v is not None} for r in found] \
            == [{k: v for k, v in r["props"].items() if v != []} for r in expected]


def test_the_command_names_every_file_with_its_label_or_type(written) -> None:
    _, folder, files = written
    script = (folder / "import.sh").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in script and "--array-delimiter=U+001F" in script
    for name, path in files.items():
        if name.startswith("nodes/"):
            assert f"--nodes={name.split('/')[1]}={path.relative_to(folder)}" in script
        elif name.startswith("relationships/"):
            assert f"--relationships={name.split('/')[1].split('_')[0]}={path.relative_to(folder)}" in script \
                or f"--relationships={'_'.join(name.split('/')[1].split('_')[:2])}=" in script
    header = (folder / "nodes" / "Document.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[0] == "id:ID" and "date:date" in header and "in_corpus:boolean" in header
    agency = (folder / "nodes" / "Agency.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "aliases:string[]" in agency and "line_start:long" in agency


def test_the_schema_statements_are_neo4j_5_cypher(written) -> None:
    from test_cypher_lint import lint

    _, folder, _ = written
    statements = [s for s in (folder / "schema.cypher").read_text(encoding="utf-8").split(";\n") if s.strip()]
    assert len(statements) == 8
    assert lint({f"schema {i}": s for i, s in enumerate(statements)}) == []
