"""Deadlines (thời hạn): `due`, `due_text` and `recurring` of a task.

`due` is normalised to `YYYY`, `YYYY-MM`, `YYYY-QN`, `YYYY-MM-DD` or a period `YYYY/YYYY`; where
a task sets several, the earliest (by start, then end) is kept. A period that names a scheme
being carried out ("Đề án ... giai đoạn 2016-2020", "đến năm 2030") is not a deadline in running
text; only "trong giai đoạn ..." is. In a table's time column every date is a deadline.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from graphbuild.textutil import fold, squash

_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Y = r"((?:19|20)\d\d)"
# Bodies a task is submitted to ("trình Quốc hội năm 2022": due 2022).
_RECIPIENT = (r"thủ tướng chính phủ|chính phủ|quốc hội|ủy ban thường vụ quốc hội|bộ trưởng|ubnd tỉnh|ủy ban nhân dân tỉnh|"
              r"hđnd tỉnh|hội đồng nhân dân tỉnh|tỉnh ủy|ban thường vụ tỉnh ủy|cấp có thẩm quyền")
_PREP = r"(?:trước|trong|vào|đến|hoàn thành|xong|chậm nhất(?: là| vào)?|cuối|đầu|hạn|hết)"

_DAY = re.compile(rf"(?:{_PREP}\s+)+(?:ngày\s+)?(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})\s*[/.-]\s*{_Y}"
                  rf"|(?:{_PREP}\s+)+ngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+{_Y}"
                  rf"|(?:(?:{_PREP}|báo cáo|định kỳ)\s+)*\(?ngày\s+(\d{{1,2}})\s*/\s*(\d{{1,2}})\s+năm\s+{_Y}")
_MONTH = re.compile(rf"(?:(?:{_PREP}\s+)+|^)(?:trong\s+)?tháng\s+(\d{{1,2}})\s*(?:/|năm|-)\s*{_Y}")
_QUARTERS = re.compile(rf"quý\s+(iv|iii|ii|i|[1-4])\s*[-–]\s*(iv|iii|ii|i|[1-4])\s*(?:/|năm|-)\s*{_Y}")
# "đến năm 2030", "2025 và những năm tiếp theo": the year the work must reach.
_UNTIL = re.compile(rf"(?:(?:đến|tới)\s+năm\s+{_Y}\b(?!\s*,?\s*tầm nhìn))|^\s*(?:năm\s+)?{_Y}\s+và\s+(?:những|các)\s+năm\s+tiếp\s+theo")
# Words that make "đến năm 2030" part of a name ("Chiến lược ... đến năm 2030"), not a deadline.
_SCHEME = re.compile(r"(chiến lược|quy hoạch|đề án|chương trình|kế hoạch|định hướng|tầm nhìn|nghị quyết|kết luận|"
                     r"giai đoạn|thời kỳ|dự án)[^,;.:]*$")
_NAMED_YEAR = re.compile(r"\b(?:luật|bộ luật|pháp lệnh|chiến lược|đề án|chương trình|quy hoạch)\b[^,;.:()]*$")
_QUARTER = re.compile(rf"(?<!từ )quý\s+(iv|iii|ii|i|[1-4])\s*(?:/|năm|-)\s*{_Y}")
_YEAR = re.compile(rf"(?:(?:trong|trước|vào|hoàn thành(?: trong| vào| trước)?|cuối|đầu|hết)\s+)năm\s+{_Y}|^năm\s+{_Y}\b"
                   rf"|\b(?:trình|báo cáo)\s+(?:{_RECIPIENT})\s+(?:trong\s+)?năm\s+{_Y}\b")
_PERIOD_BODY = re.compile(rf"trong\s+(?:giai đoạn|thời kỳ|các năm|năm)\s+{_Y}\s*(?:-|đến)\s*{_Y}")
_PERIOD_CELL = re.compile(rf"(?:giai đoạn|thời kỳ|năm|từ năm|từ)?\s*{_Y}\s*(?:-|đến|–)\s*(?:năm\s+)?{_Y}")
_LAST_YEAR = re.compile(rf"(?<![\d/.-]){_Y}\s*\.?$")
_BARE_YEAR = re.compile(rf"^\s*(?:năm\s+)?{_Y}\s*\.?$")
_BARE_DAY = re.compile(rf"(?<![\d/])(\d{{1,2}})\s*/\s*(\d{{1,2}})\s*/\s*{_Y}")
_BARE_MONTH = re.compile(rf"(?<![\d/])(\d{{1,2}})\s*/\s*{_Y}(?![\d/])")
_RECURRING = (
    ("monthly", re.compile(r"(hằng|hàng|mỗi)\s+tháng|định kỳ\s+(hằng |hàng )?tháng")),
    ("quarterly", re.compile(r"(hằng|hàng|mỗi)\s+quý|định kỳ\s+(hằng |hàng )?quý|quý một lần")),
    ("semiannual", re.compile(r"(định kỳ|hằng|hàng|mỗi)\s+(06|6|sáu)\s+tháng|(06|6|sáu)\s+tháng một lần|nửa năm")),
    ("annual", re.compile(r"(hằng|hàng|mỗi)\s+năm|định kỳ\s+(hằng |hàng )?năm|thường niên")),
)
_VAGUE = re.compile(r"(trong\s+quá\s+trình[^,;.]*|theo lộ trình|khi có yêu cầu|trong thời gian thực hiện[^,;.]*|"
                    r"sau khi[^,;.]*phê duyệt|định kỳ|thường xuyên theo quy định)")


@dataclass
class Deadline:
    due: str | None = None
    due_text: str | None = None
    recurring: str | None = None


def _span(due: str) -> tuple[str, str]:
    """(first day, last day) of a normalised due value, for ordering."""
    if "/" in due:
        a, b = due.split("/")
        return f"{a}-01-01", f"{b}-12-31"
    if "-Q" in due:
        year, q = due.split("-Q")
        first = (int(q) - 1) * 3 + 1
        last = first + 2
        return f"{year}-{first:02d}-01", f"{year}-{last:02d}-{calendar.monthrange(int(year), last)[1]:02d}"
    parts = due.split("-")
    if len(parts) == 1:
        return f"{due}-01-01", f"{due}-12-31"
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        return f"{due}-01", f"{due}-{calendar.monthrange(year, month)[1]:02d}"
    return due, due


def earliest(values: list[str]) -> str | None:
    return min(values, key=_span) if values else None


def _clause(text: str, start: int, end: int) -> str:
    """The words a deadline came from: its clause, from the previous comma or semicolon."""
    left = max(text.rfind(",", 0, start), text.rfind(";", 0, start), text.rfind(".", 0, max(0, start - 1)))
    right = len(text)
    for mark in (",", ";"):
        i = text.find(mark, end)
        if i != -1:
            right = min(right, i)
    if text.find(". ", end) != -1:
        right = min(right, text.find(". ", end))
    clause = text[left + 1:right] if start - left < 120 else text[start:right]
    return squash(clause).rstrip(".")


_DAY_MONTH = re.compile(r"(?<![\d/])(?:ngày\s+)?(\d{1,2})\s*(?:/|\s+tháng\s+)(\d{1,2})(?![\d/])")


def find_dues(text: str, cell: bool = False, year: str | None = None) -> list[tuple[str, int, int]]:
    """Every deadline in `text` as (normalised value, start, end). `year`: the year a time column's heading
    prints ("Thời gian (Năm 2026)"), for cells that give only a day and a month."""
    folded = fold(text)
    if len(folded) != len(text):
        folded = text.lower()
    found: list[tuple[str, int, int]] = []
    covered: set[int] = set()  # characters already read as part of a deadline

    def add(value: str, m: re.Match) -> None:
        if m.start() not in covered:
            found.append((value, m.start(), m.end()))
            covered.update(range(m.start(), m.end()))

    for m in _QUARTERS.finditer(folded):  # "Quý I–II/2026": due by the end of the span
        add(f"{m.group(3)}-Q{_ROMAN_Q[m.group(2)]}", m)
    for m in _UNTIL.finditer(folded):
        if cell or not _names_a_scheme(folded, m.start(), m.end()):
            add(m.group(1) or m.group(2), m)
    for m in _DAY.finditer(folded):
        d, mo, y = next((m.group(k), m.group(k + 1), m.group(k + 2)) for k in (1, 4, 7) if m.group(k))
        if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
            add(f"{int(y):04d}-{int(mo):02d}-{int(d):02d}", m)
    for m in _MONTH.finditer(folded):
        if 1 <= int(m.group(1)) <= 12 and (cell or m.group(0).strip() != m.group(0)[m.group(0).find("tháng"):].strip()):
            add(f"{m.group(2)}-{int(m.group(1)):02d}", m)
    for m in _QUARTER.finditer(folded):
        add(f"{m.group(2)}-Q{_ROMAN_Q[m.group(1)]}", m)
    for m in _YEAR.finditer(folded):
        year = m.group(1) or m.group(2) or m.group(3)
        if m.group(2) and not cell:
            continue
        add(year, m)
    period = _PERIOD_CELL if cell else _PERIOD_BODY
    for m in period.finditer(folded):
        a, b = m.group(1), m.group(2)
        if a < b:
            add(f"{a}/{b}", m)
    if cell:  # a time column may print bare dates: "30/6/2024", "6/2024", "2024"
        for m in _BARE_DAY.finditer(folded):
            if 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
                add(f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}", m)
        for m in _BARE_MONTH.finditer(folded):
            if 1 <= int(m.group(1)) <= 12:
                add(f"{m.group(2)}-{int(m.group(1)):02d}", m)
    if cell and not found:
        m = _BARE_YEAR.match(folded) or _LAST_YEAR.search(folded)  # "Sở Xây dựng NSNN + XHH 2026": a broken row
        if m and not _NAMED_YEAR.search(folded[:m.start()]):  # not "... của Luật An ninh mạng 2025": a law's name
            add(m.group(1), m)
    if cell and not found and year:
        for m in _DAY_MONTH.finditer(folded):
            if 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
                add(f"{year}-{int(m.group(2)):02d}-{int(m.group(1)):02d}", m)
    return found


def _names_a_scheme(folded: str, start: int, end: int) -> bool:
    """Whether "đến năm YYYY" at `start` ends the name of a strategy, plan or scheme in its clause."""
    return bool(_SCHEME.search(folded[max(0, start - 100):start]))


def recurring(text: str) -> str | None:
    """The most frequent reporting or working cycle the text sets ("định kỳ 6 tháng, năm" -> semiannual)."""
    folded = fold(text)
    for name, pattern in _RECURRING:
        if pattern.search(folded):
            return name
    return None


def deadline(text: str, cell: bool = False, year: str | None = None) -> Deadline:
    """The deadline of a task's text (`cell=True` for a table's time column: the whole cell is the words;
    `year` the year its heading prints)."""
    dues = find_dues(text, cell, year)
    cycle = recurring(text)
    if dues:
        value, start, end = min(dues, key=lambda d: _span(d[0]))
        return Deadline(value, squash(text) if cell else _clause(text, start, end), cycle)
    if cycle:
        folded = fold(text)
        m = next(p.search(folded) for name, p in _RECURRING if name == cycle)
        return Deadline(None, squash(text) if cell else _clause(text, m.start(), m.end()), cycle)
    vague = _VAGUE.search(fold(text))
    if vague or cell:
        return Deadline(None, squash(text) if cell else squash(text[vague.start(): vague.end()]), None)
    return Deadline()
