"""Task tables that PDF conversion flattened into fragments (bảng bị vỡ khi chuyển từ PDF).

A table printed over several lines per row comes out of a PDF text layer as a mix of `|` rows
(the fragments the converter still recognised as a table, each with the table's columns) and free
lines (cells of several columns run together, separated by runs of spaces), in reading order; the
row number (STT) stands in the middle of its row, where the PDF centred it vertically. This module
rebuilds the rows:

1. the header: `|` heading rows merged column by column ("Đơn vị" over "chủ trì"), with the column
   roles of ontology/layout.toml;
2. row boundaries: between two row numbers, the row below begins where a new task begins (a line
   whose first cell opens with a capitalised word and goes on in lower case: "Chỉnh trang cảnh quan
   ..."), not at a place name ("Kim Long, Thủy Xuân") or an agency ("Sở Du lịch");
3. each piece is read by its column when a `|` row gives it, else by what it holds (a date, a
   source of funds, an agency, a list of places, or the task's words).

The result is one dict of cells per row (content, lead, coordinators, due), as the other table
readers give, with its line span; agencies are read from those cells later, by the recogniser.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphbuild.task_tables import column_role, pipe_cells
from graphbuild.textutil import fold, squash

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}")
_STT = re.compile(r"^(\d{1,2})\.(?:\s+(.*))?$")
_GROUP = re.compile(r"^([IVX]{1,5})\.?$")
_FREE_GROUP = re.compile(r"^([IVX]{1,5})\.?\s+([A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ,–-]{5,})$")
_DATE = re.compile(r"\b(?:19|20)\d\d\b|thường\s*xuyên|hằng năm|hàng năm|^quý\b|^năm\b|^tháng\b", re.IGNORECASE)
_FUNDS = re.compile(r"\b(nsnn|xhh|ngân sách|xã hội hóa|kinh phí|nguồn)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w]*")


@dataclass
class FragmentRow:
    """One rebuilt row: its cells by role and the lines it spans."""

    stt: str
    group: str | None
    line_start: int
    line_end: int
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class _Line:
    number: int
    cells: list[str] | None  # a `|` row of the table's width
    chunks: list[str]  # a free line's runs of text, or the non-empty cells of a `|` row of another width


def header_roles(lines: list[str], start: int) -> tuple[list[str], int] | None:
    """The column roles of a table whose heading `|` rows begin at index `start` (0-based), merged column by
    column with the heading rows just below it; and the index after the heading. None if it names no lead."""
    first = pipe_cells(lines[start])
    if not first or len(first) < 5:
        return None
    merged = list(first)
    end = start + 1
    seen = 0
    while end < len(lines) and seen < 4:
        text = lines[end].strip()
        cells = pipe_cells(text)
        if _SEPARATOR.match(text) or not text:
            end += 1
            continue
        if cells and len(cells) == len(merged) and all(len(c.split()) <= 4 for c in cells) \
                and any(column_role(c) for c in cells if c):
            merged = [f"{a} {b}".strip() for a, b in zip(merged, cells)]
            end += 1
            seen += 1
            continue
        if cells is None and len(text) < 40 and column_role(text) == "content":
            end += 1  # "Nội dung nhiệm vụ": the heading of the columns left blank above
            seen += 1
            continue
        break
    roles = [column_role(h) if h else None for h in merged]
    if "lead" not in roles:
        return None
    roles = [r or ("content" if not h and i > 0 else f"col{i}") for i, (r, h) in enumerate(zip(roles, merged))]
    return roles, end


def is_fragmented(lines: list[str], start: int, end: int) -> bool:
    """Free lines among the `|` rows just below the heading: the converter broke the table."""
    window = [s.strip() for s in lines[end:end + 30] if s.strip() and not _SEPARATOR.match(s)]
    free = sum(1 for s in window if pipe_cells(s) is None)
    return len(window) >= 6 and free >= 0.2 * len(window)


def read_table(lines: list[str], start: int, roles: list[str], heads: tuple[str, ...]) -> tuple[list[FragmentRow], int]:
    """The rows of a fragmented table whose body begins at index `start`; and the index where it ends.
    `heads`: words that open an agency's name (from the gazetteer)."""
    width = len(roles)
    items: list[_Line] = []
    end = start
    for i in range(start, len(lines)):
        text = lines[i].strip()
        folded = fold(text)
        if folded.startswith(("nơi nhận", "tm.", "kt.", "phụ lục")) and i > start:
            break
        end = i + 1
        if not text or _SEPARATOR.match(text) or re.fullmatch(r"\d{1,3}", text):
            continue
        cells = pipe_cells(text)
        if cells is not None and len(cells) == width:
            items.append(_Line(i + 1, cells, []))
        elif cells is not None:
            items.append(_Line(i + 1, None, [c for c in cells if c]))
        else:
            items.append(_Line(i + 1, None, _chunks(text)))
    return _rows(items, roles, heads), end


def _chunks(text: str) -> list[str]:
    """A free line's runs of text between wide gaps; runs of single words are one justified run of text
    ("Xây  dựng  Bộ  tiêu  chuẩn" is one cell printed with wide spaces, not five cells)."""
    out: list[str] = []
    for chunk in (c for c in re.split(r"\s{2,}", text) if c):
        if out and " " not in chunk and " " not in out[-1].split(". ", 1)[-1] and not _STT.match(chunk):
            out[-1] = f"{out[-1]} {chunk}"
        else:
            out.append(chunk)
    return out


def _content_cells(line: _Line, roles: list[str]) -> str:
    if line.cells is not None:
        return squash(" ".join(c for c, r in zip(line.cells, roles) if r in ("content", "stt") and c))
    return line.chunks[0] if line.chunks else ""


def _marker(line: _Line, roles: list[str]) -> tuple[str, str, str] | None:
    """("stt", number, rest) or ("group", roman, title) when the line carries a row number or a group heading."""
    first = line.cells[0] if line.cells is not None else (line.chunks[0] if line.chunks else "")
    if line.cells is not None and (g := _GROUP.match(first)):
        title = squash(" ".join(c for c in line.cells[1:] if c))
        return "group", g.group(1), title
    if line.cells is None and (g := _FREE_GROUP.match(" ".join(line.chunks))):
        return "group", g.group(1), g.group(2)
    m = _STT.match(first)
    if m:
        return "stt", m.group(1), m.group(2) or ""
    return None


def _opens_task(text: str, heads: tuple[str, ...]) -> bool:
    """A cell that begins a task: a capitalised word and lower-case words after it ("Chỉnh trang cảnh quan")."""
    words = _WORD.findall(text)
    if len(words) < 3 or not words[0][0].isupper() or not words[1][0].islower():
        return False
    return not text.startswith(heads) and not _DATE.search(words[0]) and not _FUNDS.search(text[:12])


def _rows(items: list[_Line], roles: list[str], heads: tuple[str, ...]) -> list[FragmentRow]:
    markers = [(k, _marker(line, roles)) for k, line in enumerate(items)]
    markers = [(k, m) for k, m in markers if m]
    rows: list[FragmentRow] = []
    group: str | None = None
    previous_end = 0  # index of the first item not yet given to a row
    for n, (k, (kind, label, rest)) in enumerate(markers):
        if kind == "group":
            if rows:
                _close(rows[-1], items[previous_end:k], roles, heads)
            group, previous_end = label, k + 1
            continue
        start = k
        for j in range(previous_end, k):  # where this row's task begins, after the row above ends
            if _opens_task(_content_cells(items[j], roles), heads):
                start = j
                break
        if rows and rows[-1].group == group:
            _close(rows[-1], items[previous_end:start], roles, heads)
        row = FragmentRow(label, group, items[start].number, items[k].number)
        row.cells["content_parts"] = ""
        rows.append(row)
        _take(row, items[start:k + 1], roles, heads, marker_rest=rest, marker_at=k - start)
        previous_end = k + 1
        if n + 1 == len(markers) or markers[n + 1][1][0] == "group":
            stop = markers[n + 1][0] if n + 1 < len(markers) else len(items)
            _close(row, items[k + 1:stop], roles, heads)
            previous_end = stop
    for row in rows:
        row.cells.pop("content_parts", None)
        for role in ("content", "lead", "coordinators", "due"):
            if role in row.cells:
                row.cells[role] = squash(row.cells[role])
    return [r for r in rows if r.cells.get("content")]


def _close(row: FragmentRow, lines: list[_Line], roles: list[str], heads: tuple[str, ...]) -> None:
    """The lines below a row's number that still belong to it."""
    if lines:
        _take(row, lines, roles, heads)
        row.line_end = max(row.line_end, lines[-1].number)


def _take(row: FragmentRow, lines: list[_Line], roles: list[str], heads: tuple[str, ...],
          marker_rest: str = "", marker_at: int = -1) -> None:
    cells = row.cells
    for k, line in enumerate(lines):
        if line.cells is not None:
            for value, role in zip(line.cells, roles):
                if not value:
                    continue
                if role == "stt":  # the number column also carries the task's words where they overflow
                    m = _STT.match(value)
                    value, role = (m.group(2) or "" if m else value), "content"
                if role in ("content", "lead", "coordinators", "due"):
                    _add(cells, role, value)
            continue
        chunks = list(line.chunks)
        if k == marker_at and chunks and _STT.match(chunks[0]):
            chunks[0] = marker_rest
        agencies = []
        for n, chunk in enumerate(chunks):
            if not chunk:
                continue
            kind = _kind(chunk, heads, first=n == 0)
            if kind == "agency":
                agencies.extend(_split_agencies(chunk, heads))
            elif kind in ("content", "due"):
                _add(cells, kind, chunk)
        fresh = []
        for piece in agencies:  # "UBND các địa" ... "phương": a name broken over lines joins its first half
            role = next((r for r in ("lead", "coordinators") if _incomplete(cells.get(r, ""))), None)
            if role and (piece[:1].islower() or cells[role].rstrip().endswith(" và")):
                _add(cells, role, piece)
            else:
                fresh.append(piece)
        if len(fresh) >= 2:
            _add(cells, "lead", fresh[0])
            for a in fresh[1:]:
                _add(cells, "coordinators", a)
        elif fresh:
            _add(cells, "lead" if not cells.get("lead") else "coordinators", fresh[0])


def _split_agencies(chunk: str, heads: tuple[str, ...]) -> list[str]:
    """A run that holds two cells' agencies side by side ("Sở Du lịch UBND các địa"): cut before each head."""
    pattern = r"\s(?=(?:" + "|".join(re.escape(h) for h in heads if len(h) > 2) + r")\s)"
    return [p for p in re.split(pattern, chunk) if p]


def _incomplete(value: str) -> bool:
    """An agency's name cut at the end of a line: "UBND các địa", "Sở Khoa học và", "Sở Du"."""
    words = value.split()
    return bool(words) and (words[-1].rstrip(",;") in ("các", "địa", "Sở", "UBND", "và", "Du", "Hiệp", "hội", "Trung")
                            or value.rstrip().endswith((",", ";")))


def _kind(chunk: str, heads: tuple[str, ...], first: bool) -> str:
    """What a free piece of a row holds: a date, funds, an agency, places, or the task's words."""
    if _DATE.search(chunk) and len(chunk) < 30:
        return "due"
    if _FUNDS.search(chunk):
        return "funds"
    words = _WORD.findall(chunk)
    if chunk.startswith(heads) or re.match(r"(?:các\s+)?(?:địa phương|phương|xã, phường)\b", chunk):
        return "agency"
    capitals = sum(1 for w in words if w[0].isupper())
    if words and capitals >= max(2, 0.6 * len(words)) and not (first and _opens_task(chunk, heads)):
        return "places"
    return "content" if first or (words and words[0][0].islower()) else "places"


def _add(cells: dict[str, str], role: str, value: str) -> None:
    value = squash(value)
    if value:
        cells[role] = f"{cells[role]} {value}" if cells.get(role) else value
