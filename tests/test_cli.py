"""The `kg` command line, driven as a user drives it: output, files written, exit codes, one-line errors."""
import json
import re
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphbuild.cli import app

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_extract_writes_one_record_per_document(tmp_path):
    result = runner.invoke(app, ["extract", str(CORPUS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in tmp_path.glob("*.json")) == sorted(p.stem for p in CORPUS.glob("*.txt"))
    assert "5 records" in result.output


def test_extract_reports_bad_files_in_one_line_each_and_keeps_going(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.txt").write_text((CORPUS / "003_05e3fa0bd3f85029.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (docs / "empty.txt").write_text("")
    (docs / "scan.pdf").write_bytes(b"not a pdf at all")
    result = runner.invoke(app, ["extract", str(docs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(errors) == 2 and any("empty.txt" in e for e in errors) and any("scan.pdf" in e for e in errors)
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "plan.json").exists()


def test_extract_keeps_every_record_apart_and_each_document_once(tmp_path):
    """good.txt and good.md in one folder, two plan.txt in two folders: four files on disk, as announced."""
    docs = tmp_path / "docs"
    for folder, name, source in (("", "good.txt", "003_05e3fa0bd3f85029.txt"), ("", "good.md", "004_282ed3c59c12d421.txt"),
                                 ("a", "plan.txt", "001_c4d425ed9c252e41.txt"), ("b", "plan.txt", "002_29fe0bc805b62d20.txt"),
                                 ("b", "zz-copy.txt", "002_29fe0bc805b62d20.txt")):
        (docs / folder).mkdir(parents=True, exist_ok=True)
        (docs / folder / name).write_text((CORPUS / source).read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(docs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "4 records" in result.stdout
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == [
        "a__plan.txt.json", "b__plan.txt.json", "good.md.json", "good.txt.json"]
    [same] = [line for line in result.stderr.splitlines() if "same document" in line]
    assert "zz-copy.txt" in same and same.endswith("plan.txt")


def test_unreadable_input_never_stops_the_rest(tmp_path):
    """A symbolic link loop and a FIFO in the folder (a FIFO used to hang), a device named on the command line,
    an empty folder: one line each, and the good plan is still answered. Run as a user runs it, with a timeout."""
    import os
    import subprocess
    import sys

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.txt").write_text((CORPUS / "004_282ed3c59c12d421.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (docs / "loop.txt").symlink_to("loop.txt")
    os.mkfifo(docs / "pipe.txt")
    (tmp_path / "empty").mkdir()
    done = subprocess.run([sys.executable, "-m", "graphbuild", "query", "cited_missing", str(docs), "/dev/zero",
                           str(tmp_path / "empty"), "--top", "1", "--format", "csv"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("124/NQ-CP,")
    warnings = done.stderr.splitlines()
    assert f"warning: {docs / 'loop.txt'}: symbolic link loop, not read" in warnings
    assert f"warning: {docs / 'pipe.txt'}: a FIFO, not a regular file: not read" in warnings
    assert "warning: /dev/zero: a device, not a regular file: not read" in warnings
    assert f"warning: {tmp_path / 'empty'}: no documents in this folder (expected .txt, .md, .docx, .pdf)" in warnings
    assert "Traceback" not in done.stderr
    alone = subprocess.run([sys.executable, "-m", "graphbuild", "query", "cited_missing", str(tmp_path / "empty")],
                           capture_output=True, text=True, timeout=300, check=False)
    assert alone.returncode == 1
    assert alone.stderr.strip() == f"error: {tmp_path / 'empty'}: no documents in this folder (expected .txt, .md, " \
                                   ".docx, .pdf)"


def test_a_file_named_on_the_command_line_that_cannot_be_read_is_one_line(tmp_path, monkeypatch):
    good, locked = tmp_path / "plan.txt", tmp_path / "locked.txt"
    good.write_text((CORPUS / "004_282ed3c59c12d421.txt").read_text(encoding="utf-8"), encoding="utf-8")
    locked.write_text("Kế hoạch", encoding="utf-8")
    read_bytes = Path.read_bytes

    def refuse(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = runner.invoke(app, ["query", "cited_missing", str(locked), str(good), "--top", "1"])
    assert result.exit_code == 0, result.output
    assert "124/NQ-CP" in result.stdout
    assert f"warning: {locked}: cannot read (Permission denied)" in result.stderr.splitlines()


def test_extract_fails_when_nothing_could_be_read(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["extract", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == "error: nothing could be read"


def test_evaluate_prints_the_scorer_figures():
    result = runner.invoke(app, ["evaluate", "--gold", str(ROOT / "tests" / "data" / "gold"), str(CORPUS)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["documents_scored"] == 5 and summary["mandate_f1"] >= 0.92


def test_build_writes_every_export_and_a_summary(tmp_path):
    result = runner.invoke(app, ["build", str(CORPUS), "--out", str(tmp_path), "--formats", "all"])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.jsonld", "graph.nt", "graph.graphml", "graph.gexf", "csv/nodes.csv",
                 "csv/edges.csv"):
        assert (tmp_path / name).stat().st_size > 0, name
    assert "most loaded named agencies" in result.stdout and "Mandate" in result.stdout
    assert "Sở Kế hoạch và Đầu tư (Thanh Hóa)" in result.stdout  # named agencies with their province


def test_build_writes_the_streamed_exports_unless_asked_for_more(tmp_path):
    result = runner.invoke(app, ["build", str(CORPUS), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == \
        ["csv", "graph.db", "graph.nt", "graph.ttl"]
    more = runner.invoke(app, ["build", str(CORPUS), "--out", str(tmp_path), "--formats", "jsonld,gexf"])
    assert more.exit_code == 0 and (tmp_path / "graph.jsonld").exists() and (tmp_path / "graph.gexf").exists()
    wrong = runner.invoke(app, ["build", str(CORPUS), "--out", str(tmp_path), "--formats", "xlsx"])
    assert wrong.exit_code == 1 and "xlsx" in wrong.stderr


def test_build_also_reads_records_written_by_extract(tmp_path):
    runner.invoke(app, ["extract", str(CORPUS), "--out", str(tmp_path / "records")])
    from_records = runner.invoke(app, ["stats", str(tmp_path / "records"), "--format", "json"])
    from_documents = runner.invoke(app, ["stats", str(CORPUS), "--format", "json"])
    assert from_records.exit_code == 0 and json.loads(from_records.stdout) == json.loads(from_documents.stdout)


def test_export_rejects_an_unknown_format():
    result = runner.invoke(app, ["export", "xlsx", str(CORPUS)])
    assert result.exit_code == 1 and result.stderr.startswith("error: unknown format 'xlsx'")


def test_validate_passes_on_the_sample_graph():
    result = runner.invoke(app, ["validate", str(CORPUS)])
    assert result.exit_code == 0 and "conforms" in result.stdout


def test_stats_formats():
    as_csv = runner.invoke(app, ["stats", str(CORPUS), "--format", "csv"]).stdout.splitlines()
    as_table = runner.invoke(app, ["stats", str(CORPUS)]).stdout
    assert as_csv[0] == "what,count" and any(r.startswith("node Mandate,") for r in as_csv)
    assert "node Mandate" in as_table


def test_neo4j_down_is_one_line_and_never_shows_the_password(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    monkeypatch.setenv("NEO4J_USERNAME", "neo4j")
    uri = f"bolt://127.0.0.1:{_free_port()}"
    result = runner.invoke(app, ["load", "neo4j", str(CORPUS / "004_282ed3c59c12d421.txt"), "--uri", uri])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {uri}")
    assert "s3cret-pw" not in result.output and "Traceback" not in result.output


def test_sparql_store_down_is_one_line():
    url = f"http://127.0.0.1:{_free_port()}"
    result = runner.invoke(app, ["push", "sparql", str(CORPUS / "004_282ed3c59c12d421.txt"), "--store", url])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and url in result.stderr


@pytest.mark.parametrize("command", [["extract", "--help"], ["build", "--help"], ["query", "--help"],
                                     ["load", "neo4j", "--help"]])
def test_help_is_there(command):
    result = runner.invoke(app, command)
    assert result.exit_code == 0 and "Usage" in result.output


def test_a_question_without_its_required_parameter_is_one_line():
    result = runner.invoke(app, ["query", "citations", str(CORPUS / "004_282ed3c59c12d421.txt")])
    assert result.exit_code == 1 and result.stderr == "error: citations needs --document\n"


def test_query_rows_as_json_and_a_view_file(tmp_path):
    result = runner.invoke(app, ["query", "implementation_chain", str(CORPUS), "--document", "58-NQ/TW", "-f", "json"])
    rows = json.loads(result.stdout)
    assert result.exit_code == 0 and "2999/QĐ-UBND" in {r["document"] for r in rows}
    page = tmp_path / "lineage.html"
    result = runner.invoke(app, ["view", "lineage", str(CORPUS), "--document", "58-NQ/TW", "--out", str(page)])
    assert result.exit_code == 0 and page.stat().st_size > 0
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']https?:", html)  # no CDN: the page carries its scripts


def test_bad_store_addresses_are_one_line():
    doc = str(CORPUS / "004_282ed3c59c12d421.txt")
    for command in (["push", "sparql", doc, "--store", "notaurl"], ["load", "neo4j", doc, "--uri", "http://x"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1 and result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")


@pytest.mark.parametrize("command", [["query", "implementation_chain", "--document", "58-NQ/TX"],
                                     ["query", "citations", "--document", "58-NQ/TX"],
                                     ["view", "lineage", "--document", "58-NQ/TX"]])
def test_an_unknown_document_is_one_line_with_the_nearest_numbers(tmp_path, command):
    result = runner.invoke(app, [*command, str(CORPUS), *(["--out", str(tmp_path / "v.html")] if command[0] == "view"
                                                          else [])])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: no document '58-NQ/TX' in the graph (nearest: 58-NQ/TW, ")
    assert not (tmp_path / "v.html").exists()


@pytest.mark.parametrize("command", [["query", "agency_load"], ["view", "agency_load"], ["view", "coordination"]])
def test_an_unknown_province_is_one_line_with_the_nearest_names(tmp_path, command):
    result = runner.invoke(app, [*command, str(CORPUS), "--province", "Thanh Hao",
                                 *(["--out", str(tmp_path / "v.html")] if command[0] == "view" else [])])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("error: no province 'Thanh Hao' in the graph (nearest: Thanh Hóa")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_document_number_typed_loosely_is_found():
    result = runner.invoke(app, ["query", "citations", str(CORPUS), "--document", "2999/qd-ubnd", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert {r["root"] for r in json.loads(result.stdout)} == {"doc/thanh-hoa/2999/QĐ-UBND"}


def test_audit_gaps_are_counted_by_reason_and_listed_on_request():
    grouped = runner.invoke(app, ["query", "audit_gaps", str(CORPUS), "-f", "json"])
    assert grouped.exit_code == 0, grouped.output
    counts = json.loads(grouped.stdout)
    assert [c["reason"] for c in counts] == ["group-lead-only", "no-deadline", "vague-deadline"]
    listed = runner.invoke(app, ["query", "audit_gaps", str(CORPUS), "--reason", "no-deadline", "-f", "json"])
    rows = json.loads(listed.stdout)
    assert len(rows) == counts[1]["mandates"] and {r["reason"] for r in rows} == {"no-deadline"}
    every = runner.invoke(app, ["query", "audit_gaps", str(CORPUS), "--reason", "all", "-f", "json"])
    assert len(json.loads(every.stdout)) == sum(c["mandates"] for c in counts)


def test_one_agencys_mandates_on_the_command_line():
    result = runner.invoke(app, ["query", "mandates", str(CORPUS), "--agency", "Sở KH&ĐT", "--province", "Thanh Hóa",
                                 "--due-from", "2021-01-01", "--due-to", "2021-12-31", "--as-of", "2021-10-01",
                                 "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all("2021-01-01" <= r["due_end"] <= "2021-12-31" for r in rows)
    assert all("Sở Kế hoạch và Đầu tư" in r["leads"] + r["coordinators"] for r in rows)
    wrong = runner.invoke(app, ["query", "mandates", str(CORPUS), "--agency", "Sở Kế hoạch và Đàu tư xx"])
    assert wrong.exit_code == 1 and wrong.stderr.startswith("error: no agency 'Sở Kế hoạch và Đàu tư xx' in the graph")


def test_docs_list_every_question_with_its_options_as_typed():
    from graphbuild import queries
    from graphbuild.cli import FLAGS

    docs = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for name, canned in queries.CANNED.items():
        options = " ".join(FLAGS[p] for p in canned.params)
        assert f"| `{name}` | `{options}` |" in docs, name
        assert f"kg query {name}" in docs, name


def test_agency_load_as_of_a_structure_date_and_agency_history(tmp_path):
    plan = str(CORPUS / "001_c4d425ed9c252e41.txt")  # Thanh Hóa, 2021
    result = runner.invoke(app, ["query", "agency_load", plan, "--as-of-structure", "2026-01-01", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["agency"]: r for r in json.loads(result.stdout)}
    assert "Sở Kế hoạch và Đầu tư" not in rows
    assert any(f.startswith("Sở Kế hoạch và Đầu tư (Thanh Hóa)") for f in rows["Sở Tài chính"]["from"])
    result = runner.invoke(app, ["query", "agency_load", plan, "-f", "json"])
    assert "Sở Kế hoạch và Đầu tư" in {r["agency"] for r in json.loads(result.stdout)}
    result = runner.invoke(app, ["query", "agency_history", plan, "--agency", "Sở KH&ĐT", "-f", "csv"])
    assert result.exit_code == 0 and "Nghị định 45/2025/NĐ-CP ngày 28/02/2025" in result.stdout
    result = runner.invoke(app, ["query", "agency_history", plan, "--agency", "Sở Không Có"])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "no agency 'Sở Không Có'" in result.stderr
    result = runner.invoke(app, ["query", "agency_load", plan, "--as-of-structure", "1/7/2025"])
    assert result.exit_code == 1
    assert result.stderr == "error: as_of_structure: '1/7/2025' is not an ISO date (YYYY-MM-DD)\n"
    page = tmp_path / "history.html"
    result = runner.invoke(app, ["view", "agency_history", plan, "--agency", "Sở Kế hoạch và Đầu tư", "--out",
                                 str(page)])
    html = page.read_text(encoding="utf-8")
    assert result.exit_code == 0 and json.dumps("Sở Tài chính")[1:-1] in html and "Nghị định 45/2025/NĐ-CP" in html
