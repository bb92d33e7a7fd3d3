"""Flat tables for a spreadsheet (kg export mandates): CSV, XLSX a real reader opens, JSON; Vietnamese headers."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from typer.testing import CliRunner

from graphbuild import queries, tables
from graphbuild.cli import app
from graphbuild.pipeline import build

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
COLUMNS = queries.CANNED["mandates"].columns
runner = CliRunner()


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build([CORPUS], out_dir=None).graph


def test_xlsx_opens_in_a_spreadsheet_reader_with_every_mandate(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    rows = queries.mandates(G, as_of="2021-10-01")
    path = tables.write_table(rows, COLUMNS, "xlsx", tmp_path / "m.xlsx", lang="vi")
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == [tables.labels.header(c, "vi") for c in COLUMNS]
    assert sheet.max_row == len(rows) + 1 and sheet.freeze_panes == "A2"
    first = dict(zip(COLUMNS, (c.value for c in sheet[2])))
    assert first["document"] == rows[0]["document"] and first["line"] == rows[0]["line"]
    assert first["leads"] == "; ".join(rows[0]["leads"])
    assert {c.value for c in sheet["M"][1:]} <= {tables.labels.text(s, "vi") for s in queries.STATUSES}
    assert path.read_bytes() == tables.write_table(rows, COLUMNS, "xlsx", tmp_path / "again.xlsx", "vi").read_bytes()


def test_cli_exports_one_agencys_mandates_as_csv_and_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "mandates", str(CORPUS), "--agency", "Sở Tài chính", "--province",
                                 "thanh hoa", "--as-of", "2021-10-01", "--out", str(tmp_path / "m.csv")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "m.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and list(rows[0]) == list(COLUMNS)
    assert all(r["province"] == "Thanh Hóa" and r["role"] in ("lead", "coordinator") for r in rows)
    assert all(r["source"] and r["line"].isdigit() for r in rows)
    assert f"({len(rows)} mandates)" in result.stdout
    result = runner.invoke(app, ["export", "mandates", str(CORPUS), "--format", "json", "--lang", "vi",
                                 "--status", "past-deadline", "--as-of", "2021-10-01", "--out", str(tmp_path / "m.json")])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data and {r["Tình trạng"] for r in data} == {"Quá hạn"}
    bad = runner.invoke(app, ["export", "mandates", str(CORPUS), "--format", "ods"])
    assert bad.exit_code == 1 and bad.stderr.strip() == "error: --format 'ods': expected one of csv, xlsx, json"
