"""Bounded fuzzing of the extraction stages (hypothesis): whatever a file holds, reading, the outline,
citations and mandates never raise anything but a one-line GraphbuildError, and every fact points at a
line that exists. Examples are drawn from pieces of real plans, mangled; derandomised, so the suite is
repeatable and its time bounded."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild.agencies import recogniser
from graphbuild.citations import find_citations
from graphbuild.errors import GraphbuildError
from graphbuild.extract import extract_text
from graphbuild.mandates import extract_mandates
from graphbuild.model import Text
from graphbuild.outline import outline
from graphbuild.read import read_text

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
PIECES = [line for line in (CORPUS / "001_c4d425ed9c252e41.txt").read_text(encoding="utf-8").splitlines()[:160]
          if line.strip()]
NOISE = ["", "I.", "1.", "a)", "-", "+", "|", "| Sở Tài chính | Quý III/2021 |", "Số: 58/NQ-TW", "ngày 32/13/2021",
         "Điều 1.", "PHỤ LỤC", "**", "# ", "\t", "Căn cứ Nghị quyết số", "chủ trì, phối hợp", "trước ngày",
         "\u200b", "\u0301", "Nghị quyết số 58-NQ/TW ngày 05/8/2020 của Bộ Chính trị"]
SETTINGS = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

line = st.one_of(st.sampled_from(PIECES), st.sampled_from(NOISE), st.text(max_size=60),
                 st.builds(lambda a, b: a[: len(a) // 2] + b, st.sampled_from(PIECES), st.sampled_from(NOISE)))
document = st.lists(line, max_size=60)


@SETTINGS
@given(document)
def test_outline_citations_and_mandates_take_any_lines(lines: list[str]) -> None:
    text = Text("fuzz.txt", "fuzz.txt", [" ".join(x.split()) for x in lines], "utf-8", "txt")
    out = outline(text)
    n = len(text.lines)
    assert all(1 <= b.line_start <= b.line_end <= max(n, 1) for b in out.blocks)
    citations = find_citations(text.lines)
    assert all(1 <= c.line_start <= c.line_end <= n for c in citations)
    mandates = extract_mandates(out, recogniser(None), citations)
    assert all(1 <= m.line <= (m.line_end or m.line) <= n for m in mandates)
    record = extract_text(text)
    assert all(1 <= m.line <= n for m in record.mandates)
    assert record.to_dict()["source"] == "fuzz.txt"


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".md", ".docx", ".pdf"]))
def test_reading_any_bytes_is_a_text_or_one_line_error(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    try:
        text = read_text(path)
    except GraphbuildError as err:
        assert str(err).startswith(f"{path}: ") and "\n" not in str(err)
        return
    assert all("\n" not in x and "\r" not in x for x in text.lines)
