"""kg report: one offline page whose numbers are the canned questions' and link to their rows, in Chromium."""
from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from support.browser import open_view
from typer.testing import CliRunner

from graphbuild import queries, report
from graphbuild.cli import app
from graphbuild.errors import GraphbuildError
from graphbuild.pipeline import build

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
AS_OF = "2021-10-01"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return build([CORPUS], out_dir=None).graph


def test_the_figures_are_the_questions_figures(G: nx.MultiDiGraph) -> None:
    where = report.scope(G, province="Thanh Hoa")
    fig = report.figures(G, where, AS_OF, top=0)
    load = queries.agency_load(G, province="Thanh Hóa", as_of=AS_OF)
    assert [(a["id"], a["led"], a["coordinated"], *(a[s] for s in queries.STATUSES)) for a in fig.agencies] == \
        [(r["id"], r["led"], r["coordinated"], *(r[c] for c in queries.STATUS_COLUMNS)) for r in load]
    assert [r["mandate"] for r in fig.rows] == [r["mandate"] for r in queries.mandates(G, province="Thanh Hóa",
                                                                                       as_of=AS_OF)]
    gaps = queries.count_by([g for g in queries.audit_gaps(G, province="Thanh Hóa")], "reason", queries.AUDIT_REASONS)
    assert fig.gaps == gaps
    assert sum(sum(c.values()) for _, c in fig.quarters) == sum(1 for r in fig.rows if r["due_end"])


def test_a_resolution_report_covers_the_plans_that_carry_it_out(G: nx.MultiDiGraph) -> None:
    where = report.scope(G, document="58/NQ-TW")
    chain = {r["id"] for r in queries.implementation_chain(G, "58-NQ/TW")}
    assert where.roots == ["doc/vn/58-NQ/TW"] and where.documents == chain | {"doc/vn/58-NQ/TW"}
    fig = report.figures(G, where, AS_OF)
    assert {G.nodes[r["mandate"]]["document"] for r in fig.rows} == {"doc/thanh-hoa/2999/QĐ-UBND"}
    with pytest.raises(GraphbuildError, match="no document '58-NQ/TX'"):
        report.scope(G, document="58-NQ/TX")


def test_the_page_is_offline_and_each_number_shows_its_rows(G: nx.MultiDiGraph, tmp_path: Path,
                                                            browser_context) -> None:
    path = report.render(G, tmp_path / "report.html", province="Thanh Hóa", as_of=AS_OF)
    page_text = path.read_text(encoding="utf-8")
    tags = re.findall(r"<(?:script|link|img|iframe|source|embed|object)\b[^>]*>", page_text, flags=re.IGNORECASE)
    assert not [t for t in tags if re.search(r"\b(?:src|href|data)\s*=", t, flags=re.IGNORECASE)]
    loaded = open_view(browser_context, path)
    try:
        assert loaded.console_errors == [] and loaded.requests == []
        rows = queries.mandates(G, province="Thanh Hóa", as_of=AS_OF)
        assert loaded.evaluate("() => window.kgShown") == len(rows)
        [top] = queries.agency_load(G, province="Thanh Hóa", as_of=AS_OF, top=1)
        link = loaded.page.locator(f'table.grid a[href="#rows?agency={top["id"]}&status=past-deadline"]')
        assert link.inner_text() == str(top["past_deadline"])
        link.click()
        loaded.page.wait_for_function(f"() => window.kgShown === {top['past_deadline']}")
        visible = loaded.evaluate("""() => [...document.querySelectorAll('#rows-table tbody tr')]
            .filter(r => r.style.display !== 'none').map(r => [r.dataset.status, r.dataset.agency])""")
        assert len(visible) == top["past_deadline"]
        assert all(status == "past-deadline" and top["id"] in agencies.split() for status, agencies in visible)
        gap = loaded.page.locator('a[href="#rows?gap=no-deadline"]')
        expected = len(queries.audit_gaps(G, province="Thanh Hóa", reason="no-deadline"))
        assert gap.inner_text() == str(expected)
        gap.click()
        loaded.page.wait_for_function(f"() => window.kgShown === {expected}")
        bars = loaded.evaluate("() => document.querySelectorAll('svg.chart rect').length")
        assert bars >= len(queries.agency_load(G, province="Thanh Hóa", top=20, as_of=AS_OF))
    finally:
        loaded.close()


def test_report_in_vietnamese_from_the_command_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", str(CORPUS), "--document", "58-NQ/TW", "--lang", "vi", "--as-of",
                                      AS_OF, "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and "Báo cáo thực hiện nhiệm vụ" in page and "Quá hạn" in page
    assert "2999/QĐ-UBND" in page and "Sở Kế hoạch và Đầu tư" in page
    bad = CliRunner().invoke(app, ["report", str(CORPUS), "--lang", "fr", "--out", str(tmp_path / "x.html")])
    assert bad.exit_code == 1 and bad.stderr.strip() == "error: language 'fr': expected one of vi, en"
