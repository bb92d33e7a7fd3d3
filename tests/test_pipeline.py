"""The whole job as library calls: one document given twice is counted once; record files never collide."""
from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from graphbuild import queries
from graphbuild.model import DocumentInfo, Record
from graphbuild.pipeline import build, drop_duplicates, read_inputs, record_file_names

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
PLAN = CORPUS / "003_05e3fa0bd3f85029.txt"


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plan, the same plan saved as .docx and as UTF-16, and one other plan."""
    folder = tmp_path_factory.mktemp("copies")
    text = PLAN.read_text(encoding="utf-8")
    shutil.copy(PLAN, folder / "plan.txt")
    (folder / "plan-utf16.txt").write_text(text, encoding="utf-16")
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(folder / "plan copy.docx")
    shutil.copy(CORPUS / "004_282ed3c59c12d421.txt", folder / "other.txt")
    return folder


def test_the_same_plan_in_three_files_is_counted_once(copies: Path) -> None:
    once = build([PLAN, CORPUS / "004_282ed3c59c12d421.txt"], out_dir=None)
    thrice = build([copies], out_dir=None)
    assert len(thrice.records) == 2
    assert queries.agency_load(thrice.graph, groups=True) == queries.agency_load(once.graph, groups=True)
    [line] = [p for p in thrice.problems if "same document" in p]
    assert all(name in line for name in ("plan.txt", "plan-utf16.txt", "plan copy.docx", "154/KH-UBND"))
    assert line.endswith(f"counted once, from {copies / 'plan.txt'}")


def record(path: str, number: str | None = None, date: str | None = None, title: str | None = None) -> Record:
    return Record(source=Path(path).name, path=path,
                  document=DocumentInfo(number, "plan", "UBND tỉnh Hà Tĩnh", date, title))


def test_same_number_issuer_and_date_is_one_document_whatever_the_text() -> None:
    kept, lines = drop_duplicates([record("b/x.pdf", "154/KH-UBND", "2023-05-05"),
                                   record("a/x.txt", "154/KH-UBND", "2023-05-05", title="Kế hoạch")])
    assert [r.path for r in kept] == ["a/x.txt"] and len(lines) == 1
    other_date = [record("a/x.txt", "08-NQ/TU", "2018-05-18"), record("b/y.txt", "08-NQ/TU", "2021-11-22")]
    assert drop_duplicates(other_date) == (other_date, [])
    untitled = [record("a/x.txt"), record("b/y.txt")]  # nothing to compare: never merged
    assert drop_duplicates(untitled) == (untitled, [])


def test_record_files_do_not_collide() -> None:
    records = [record("docs/good.txt"), record("docs/good.md"), record("a/plan.txt"), record("b/plan.txt"),
               record("c/only.txt")]
    assert record_file_names(records) == ["good.txt.json", "good.md.json", "a__plan.txt.json", "b__plan.txt.json",
                                          "only.json"]


def test_read_inputs_reads_records_and_documents_together(tmp_path: Path) -> None:
    inputs = read_inputs([CORPUS])
    assert len(inputs.records) == 5 and not [p for p in inputs.problems if "same document" in p]
