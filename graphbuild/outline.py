"""Outline (bố cục): logical paragraphs, the header, zones, the section tree and appendix tables.

Input: a `Text` (NFC lines). Output: an `Outline` whose blocks each know their line span and
section path, so every later fact can name its file, lines and section.

Layouts handled generally: one paragraph per line; paragraphs separated by blank lines; text
hard-wrapped at a fixed width (web copies); a word or bullet broken across a blank line; table
cells one per line, or `|`-separated rows; page numbers on their own lines; a header flattened
into one column or two; markdown headings. A decision that promulgates a plan (Quyết định ban
hành Kế hoạch) yields the decision's header and the attached plan's body.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from graphbuild import fragments, knowledge
from graphbuild.citations import normalise_number
from graphbuild.model import Block, Paragraph, Text
from graphbuild.task_tables import (
    cell_rows,
    column_role,
    continues_row,
    extend_row,
    inherit_merged_cells,
    pipe_cells,
    pipe_row,
    portal_tables,
    row_block,
    table_info,
)
from graphbuild.textutil import fold, rule_free, squash

_PART = re.compile(r"^(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:THỨ\s+|thứ\s+)?([IVXLC]+|\d+|[A-ZĐÁÀẢÃẠÂĂÊÔƠƯ]+)\b\s*[.:\-–]?\s*(.*)$")
_ROMAN = re.compile(r"^([IVX]{1,5})\s*[.)/:\-–]\s*(.*)$")
_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})(?:\s*[.)]\s*|\s+(?=[A-ZĐÁÀẢÃẠÂĂÊÔƠƯ]))(.*)$")
_LETTER = re.compile(r"^([a-zđ])\s*\)\s*(.*)$|^([a-zđ])\.\s+(.*)$")
_BULLET = re.compile(r"^([\-–—•·▪●◦○■□*])\s*(.*)$")
_PLUS = re.compile(r"^(\+)\s*(.*)$")
_ARTICLE = re.compile(r"^(Điều|ĐIỀU)\s+(\d+)\s*[.:]?\s*(.*)$")
_APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục|PHỤ BIỂU|Phụ biểu)\b\s*([IVX\d]+)?\s*[.:\-–]?\s*(.*)$")
_NUMBER_LINE = re.compile(r"^(?:(?:Nghị quyết|Quyết định|Nghị định|Luật|Chỉ thị|Kết luận|Thông tư|Pháp lệnh)\s+)?"
                          r"Số\s*(?:hiệu)?\s*:?\s*(.*)$", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"(?P<place>[A-ZĐÁÀẢÃẠÂĂÊÔƠƯ][^,;:]{1,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2}|[.…\s_]*)\s*tháng\s*(?P<m>\d{1,2}|[.…\s_]*)"
    r"\s*năm\s*(?P<y>\d{4})")
_TERMINAL = re.compile(r"([.;:!?]|\./\.|[.;:]\s*[”\"')]|\))\s*$")
_FUNCTION_END = re.compile(
    r"\b(của|và|các|với|cho|về|để|những|trong|theo|tại|số|ngày|đến|từ|là|có|được|như|bằng|đối|giữa|sự|nhằm|"
    r"việc|do|thuộc|vào|trên|dưới|hoặc|hay|mà|thì|nhưng|gồm|tháng|năm|kỳ|đoạn|đồng thời|cùng|qua|tới|gửi|"
    r"khoản|điểm|điều|tiết)$",
    re.IGNORECASE)
_DATE_CONT = re.compile(r"\b(ngày|số|tháng|năm|đoạn|kỳ|đến|từ|và)$", re.IGNORECASE)
# Capitalised nouns that continue a wrapped name or title ("... thực hiện" / "Chiến lược hội nhập ...").
_NAME_START = re.compile(r"^(Chiến lược|Nghị quyết|Nghị định|Quyết định|Kế hoạch|Chương trình|Đề án|Chỉ thị|Kết luận|"
                         r"Thông tư|Luật|Bộ|Sở|Ủy ban|UBND|HĐND|Nhà nước|Thủ tướng|Chính phủ|Ban|Trung ương|Hội đồng|"
                         r"Quốc hội|Đảng|Tỉnh ủy|Việt Nam|Cục|Tổng cục|Văn phòng)\b")
_BARE_MARKER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[IVX]{1,5}\.|Điều\s+\d{1,3}\.?|[-–+])$")
_WANTS_NUMBER = re.compile(r"\b(?:khoản|điểm|điều|tiết|mục|số|năm|tháng|ngày|giai đoạn)$", re.IGNORECASE)
_SMALL_NUMBER = re.compile(r"\d{1,3}")
_PAGE_NUMBER = re.compile(r"^(?:[-–]\s*\d{1,3}\s*[-–]|Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?|\d{1,3}\s*/\s*\d{1,3})$")
_SUBJECT_LINE = re.compile(r"^(?:V/v|v/v|V/V|Về việc)\s+\S")


class _Caps:
    """Text in capitals (a few lower-case letters allowed, as in "1022/QĐ-TTg")."""

    @staticmethod
    @lru_cache(maxsize=4096)
    def match(text: str) -> bool:
        words = [w for w in text.split() if any(c.isalpha() for c in w[:3]) or w.isalpha()]
        if not words or sum(len(w) for w in words) < 2:
            return False
        return sum(w.isupper() for w in words) >= 0.85 * len(words) and sum(w.islower() for w in words) == 0


_UPPER = _Caps


@lru_cache(maxsize=1)
def layout() -> dict:
    return knowledge.layout()


@dataclass
class Header:
    """What the document's header says about it (any field may be missing)."""

    issuer_text: str | None = None  # the issuer lines, joined ("ỦY BAN NHÂN DÂN TỈNH THANH HÓA")
    number: str | None = None
    number_line: int | None = None
    place: str | None = None
    date: str | None = None
    period: str | None = None  # "YYYY-MM" or "YYYY" when the day is left blank (a draft)
    kind: str | None = None  # plan, decision, ...
    kind_line: int | None = None
    title: str | None = None
    title_lines: tuple[int, int] | None = None
    attached_kind: str | None = None  # the kind of the plan a decision promulgates
    attached_line: int | None = None
    attached_title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)  # a web copy's document card ("Số hiệu" ...)
    letter: bool = False  # a letter (công văn) with a subject line "V/v ..." and no kind line
    issued_by: str | None = None  # the body named under the kind line ("CỦA BỘ CHÍNH TRỊ")


@dataclass
class Outline:
    header: Header
    paragraphs: list[Paragraph]
    blocks: list[Block]  # preamble, decision, body and appendix blocks, in order
    hard_wrapped: bool = False
    cell_bars: tuple[int, ...] = ()  # lines that hold only "|": the bounds of the cells of a portal export's tables

    def across_cells(self, first: int, second: int) -> bool:
        """Whether a cell bound lies between lines `first` and `second`: two cells of a table, not a paragraph
        and its follow-on."""
        i = bisect.bisect_right(self.cell_bars, first)
        return i < len(self.cell_bars) and self.cell_bars[i] < second


# --- physical lines to logical paragraphs -------------------------------------------------------

def _is_marker(line: str) -> bool:
    if _BULLET.match(line) or _PLUS.match(line):
        return True
    return bool(_PART.match(line) or _ROMAN.match(line) or _NUMBER.match(line) or _LETTER.match(line)
                or _ARTICLE.match(line) or _APPENDIX.match(line))


def _kind_of_line(line: str) -> tuple[str, str] | None:
    """(kind, rest) when the line is a kind line in capitals: "KẾ HOẠCH", "QUYẾT ĐỊNH", "KẾ HOẠCH HÀNH ĐỘNG CỦA ..."."""
    line = line.strip()
    if not line[:2].isupper() or not _UPPER.match(line):
        return None
    folded = fold(line).strip(" :")
    for word, kind in layout()["kinds"].items():
        if folded == word or folded.startswith(word + " "):
            return kind, line.strip()[len(word):].strip(" :")
    return None


def _wrap_width(lines: list[str]) -> tuple[int, bool]:
    lengths = sorted(len(s) for s in lines if s)
    if len(lengths) < 10:
        return (lengths[-1] if lengths else 0), False
    width = lengths[int(len(lengths) * 0.9)]
    long = wrapped = 0
    for a, b in itertools.pairwise(lines):
        if a and len(a) >= 0.8 * width:
            long += 1
            if b and not _TERMINAL.search(a):
                wrapped += 1
    # hard-wrapped: the full-width lines mostly break off mid-sentence (in a text with one paragraph per line
    # the long lines end their sentences), whatever short lines (cells, web page words) stand around them
    return width, width <= 130 and long >= 10 and wrapped >= 0.4 * long


def _first_line_width(lines: list[str]) -> int:
    """The usual length of a bullet's first line in a hard-wrapped text (shorter than the rest by its indent)."""
    lengths = sorted(len(a) for a, b in itertools.pairwise(lines) if a and b and _BULLET.match(a) and b[0].islower()
                     and not _TERMINAL.search(a))
    return lengths[len(lengths) // 2] if len(lengths) >= 5 else 0


def _continues(a: str, b: str, gap: int, width: int, hard: bool, first_width: int = 0) -> bool:
    """Whether line `b` continues the paragraph that ends with line `a` (`gap` blank lines between)."""
    if not a or not b or _kind_of_line(b) or _kind_of_line(a):
        return False
    lower_start = b[0].islower()
    if b[0].isdigit() and _WANTS_NUMBER.search(a) and gap == 0:
        return True  # "... tại điểm b khoản" / "1 Điều 5 ...": the number the line break cut from its word
    if _is_marker(b):
        # "giáo dục" / "- đào tạo ...": a hyphen wrapped to the start of a line, not a bullet
        dash = re.match(r"^[-–]\s+(\w)", b)
        return bool(dash and dash.group(1).islower()) and not _TERMINAL.search(a) and gap == 0
    if a.endswith(","):
        return gap == 0 or len(a) >= 30
    if _TERMINAL.search(a):
        if hard and gap == 0 and a.endswith(";") and len(a) >= 0.8 * width:
            return True
        return lower_start and gap == 0 and not a.endswith(":")
    if _UPPER.match(a) and not _UPPER.match(b):
        return False
    if lower_start and (gap == 0 or len(a) >= 30):
        return True
    if _FUNCTION_END.search(a) and (gap == 0 or len(a) >= 30):
        return True  # "... ngày 15 tháng 9 năm 2025 của" / "Văn phòng Chính phủ ...": no line ends on "của"
    if _is_marker(a) and b[:1].isupper() and not hard:
        return False  # "5. Về xây dựng chính quyền số" / "Giao Sở ...": a heading line, then its first paragraph
    if b[0].isdigit() and (_DATE_CONT.search(a) or re.match(r"^\d+\s?[/-]\s?[A-ZĐ]", b)):
        return True
    if gap == 0 and hard:
        if len(a) >= 0.8 * width:
            return True
        last, first = a.split()[-1], b.split()[0]
        if len(a) >= 0.5 * width and last[:1].isupper() and first[:1].isupper():
            return True
        if len(a) >= 0.5 * width and _NAME_START.match(b):
            return True
        if first_width and _BULLET.match(a) and len(a) >= first_width - 8:
            return True  # the first line of a bullet, shorter for its indent, wrapped like the rest
    return False


def paragraphs(lines: list[str], skip: set[int] | None = None) -> tuple[list[Paragraph], bool]:
    """Join physical lines into logical paragraphs; lines in `skip` (table cells) stay one per paragraph."""
    skip = skip or set()
    cleaned = [rule_free(s) for s in lines]
    width, hard = _wrap_width([c for i, c in enumerate(cleaned) if i + 1 not in skip and not pipe_cells(c)])
    first_width = _first_line_width(cleaned) if hard else 0
    out: list[Paragraph] = []
    chunk_starts: set[int] = set()  # lines that open a paragraph after a blank line
    texts = [c for i, c in enumerate(cleaned) if i + 1 not in skip]
    runs = sum(1 for a, b in itertools.pairwise([""] + texts) if b and not a)
    blank_separated = runs >= 0.15 * max(1, sum(1 for c in texts if c))  # paragraphs stand between blank lines
    gap = 0
    i = 0
    while i < len(cleaned):
        line, number = cleaned[i], i + 1
        i += 1
        if not line:
            gap += 1
            continue
        if number in skip:
            out.append(Paragraph(line, number, number))
            gap = 0
            continue
        cells = pipe_cells(line)
        if cells:
            out.append(Paragraph(line, number, number, cells=cells))
            gap = 0
            continue
        if _PAGE_NUMBER.match(line) or (_SMALL_NUMBER.fullmatch(line) and (gap or not out or out[-1].cells)):
            continue  # a page number: alone on its line (a number that ends a sentence follows text directly)
        prev = out[-1] if out else None
        if prev and prev.cells is None and prev.line_end not in skip and _SMALL_NUMBER.fullmatch(line):
            nxt = next((c for c in cleaned[i:i + 3] if c), "")
            if nxt and not _TERMINAL.search(prev.text) and (nxt[0].islower() or _FUNCTION_END.search(prev.text)):
                continue  # a page number between two halves of a sentence
        if prev and prev.cells is None and prev.line_end not in skip and gap == 0 and (
                (_BARE_MARKER.match(prev.text) and not _is_marker(line))
                or (prev.text in ("Điều", "Chương", "Mục", "Phần") and re.match(r"(?:\d{1,3}|[IVXLC]{1,6})\b", line))):
            prev.text = f"{prev.text} {line}"  # "b)" / "Ban hành phương án ...", "Điều" / "5. Quy trình ...": a marker cut
            prev.line_end = number
            continue
        if prev and prev.cells is None and prev.line_end not in skip:
            last_line = cleaned[prev.line_end - 1]
            first = prev.line_end == prev.line_start
            if _continues(last_line, line, gap, width, hard, first_width if first else 0) \
                    or (hard and blank_separated and gap == 0 and first and prev.line_start in chunk_starts
                        and _opening_line_goes_on(last_line, line)):
                prev.text = f"{prev.text} {line}"
                prev.line_end = number
                gap = 0
                continue
        if gap or not out:
            chunk_starts.add(number)
        out.append(Paragraph(line, number, number))
        gap = 0
    return out, hard


def _opening_line_goes_on(a: str, b: str) -> bool:
    """In a hard-wrapped text whose paragraphs stand between blank lines (the legal portals' export), a
    paragraph's first line is cut short ("3. Sở" / "Nông nghiệp và Môi trường chủ trì ..."): the line below
    carries it on unless it opens a unit of its own."""
    return not _TERMINAL.search(a) and not _is_marker(b) and not _kind_of_line(b) and not _kind_of_line(a) \
        and not _PAGE_NUMBER.match(b)


# --- tables whose cells stand one per line -------------------------------------------------------

def _cell_tables(lines: list[str]) -> list[tuple[int, int, list[str]]]:
    """(first line, last line, column roles) of tables laid out one cell per line."""
    cleaned = [rule_free(s) for s in lines]
    nonempty = [i for i, s in enumerate(cleaned) if s]
    tables = []
    k = 0
    while k < len(nonempty):
        roles = []
        j = k
        while j < len(nonempty) and pipe_cells(cleaned[nonempty[j]]) is None:
            heading = cleaned[nonempty[j]]
            role = column_role(heading) if len(heading) <= 60 and not _TERMINAL.search(heading) else None
            if role is None or role in roles:
                break
            roles.append(role)
            j += 1
        if len(roles) >= 3 and "content" in roles and ("lead" in roles or "due" in roles):
            start = nonempty[k] + 1
            end = _cell_table_end(cleaned, nonempty, j)
            tables.append((start, end, roles))
            k = next((n for n, i in enumerate(nonempty) if i + 1 > end), len(nonempty))
        else:
            k += 1
    return tables


def _cell_table_end(cleaned: list[str], nonempty: list[int], j: int) -> int:
    end = nonempty[j - 1] + 1
    trailer = tuple(layout()["boilerplate"]["trailer"])
    for i in nonempty[j:]:
        line = cleaned[i]
        folded = fold(line)
        if folded.startswith(trailer) or _APPENDIX.match(line) or folded.startswith("nơi nhận") \
                or (_ROMAN.match(line) and _UPPER.match(line) and len(line) > 8):
            break
        end = i + 1
    return end


# --- the header ------------------------------------------------------------------------------------

def _iso(d: str, m: str, y: str) -> str | None:
    if not (d.strip().isdigit() and m.strip().isdigit()):
        return None
    day, month, year = int(d), int(m), int(y)
    if 1 <= day <= 31 and 1 <= month <= 12:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _header(paras: list[Paragraph], trailer: list[Paragraph]) -> Header:
    header = Header()
    boiler = tuple(layout()["boilerplate"]["lines"])
    issuer_lines: list[str] = []
    issuer_done = False
    card = _card(paras[:80], header.metadata)
    for idx, p in enumerate(paras[:80]):
        if idx in card:
            continue
        text = p.cells and " ".join(p.cells) or p.text
        folded = fold(text)
        issuer_done = issuer_done or folded.startswith(("cộng hòa", "độc lập"))
        number = _NUMBER_LINE.match(text)
        printed = number.group(1) if number else ""
        if number and not printed.strip() and idx + 1 < len(paras):  # "Số:" with the number on the next line
            printed = paras[idx + 1].cells and paras[idx + 1].cells[0] or paras[idx + 1].text
            printed = printed if re.match(r"\s*\d*\s*/\s*[\w.]", printed) else ""
        if number and header.number_line is None and "/" in printed[:40]:
            header.number_line = p.line_start
            header.number = normalise_number(printed[:40].split(" ngày")[0])
        place = _PLACE_DATE.search(text)
        if place and header.date is None and header.place is None:
            header.place = squash(place.group("place"))
            header.date = _iso(place.group("d"), place.group("m"), place.group("y"))
            month = place.group("m").strip()
            header.period = place.group("y") + (f"-{int(month):02d}" if month.isdigit() and 1 <= int(month) <= 12 else "")
        kind = _kind_of_line(text)
        if kind and header.kind is None:
            header.kind, header.kind_line = kind[0], p.line_start
            title = [kind[1]] if kind[1] and not kind[1].startswith("CỦA") else []
            first = last = None
            for q in paras[idx + 1: idx + 6]:
                if fold(q.text).startswith(("căn cứ", "(ban hành", "(kèm theo", "thực hiện", "triển khai")) \
                        and title:
                    break
                if not title and fold(q.text).startswith("của ") and _UPPER.match(q.text):
                    header.issued_by = q.text[4:].strip()  # "NGHỊ QUYẾT / CỦA BỘ CHÍNH TRỊ": who issues it
                    continue
                next_kind = _kind_of_line(q.text)
                if _is_marker(q.text) or (next_kind and not next_kind[1]) or _issuer_caps(q.text):
                    break  # a kind line of its own ("KẾ HOẠCH"), not a title opening with one ("QUY ĐỊNH mức ...")
                if title and not _UPPER.match(q.text):
                    break
                title.append(q.text)
                first = first or q.line_start
                last = q.line_end
                if not _UPPER.match(q.text):
                    break
            if title:
                header.title = squash(" ".join(title))
                header.title_lines = (first or p.line_start, last or p.line_end)
            break
        if not issuer_done and header.number_line is None and header.date is None and not folded.startswith(boiler) \
                and _UPPER.match(text) and not _marker(text):
            left = re.split(r"CỘNG HÒA|CỘNG HOÀ|ĐỘC LẬP|Độc lập", text)[0].strip()
            if left and not folded.startswith("số"):
                issuer_lines.append(left)
    if header.kind is None:  # a letter (công văn): no kind line, its subject line "V/v ..." is the title
        subject = next((p for p in paras[:40] if _SUBJECT_LINE.match(p.text)), None)
        if subject:
            header.title, header.title_lines = squash(subject.text), (subject.line_start, subject.line_end)
            header.letter = True
    header.issuer_text = squash(" ".join(issuer_lines)) or None
    for p in trailer:
        m = re.match(r"^[•·\-*]?\s*([^:]{3,40}):\s*(.+)$", p.text)
        if m:
            header.metadata[fold(m.group(1))] = m.group(2).strip()
    return header


def _card(paras: list[Paragraph], metadata: dict[str, str]) -> set[int]:
    """A web copy's document card before the text ("Số hiệu:" / "2904/QĐ-UBND", "Nơi ban hành:" / "Tỉnh Hà Tĩnh"):
    its fields go into `metadata`; the indexes of its paragraphs are returned, to be passed over."""
    keys = tuple(layout()["boilerplate"]["card"])
    taken: set[int] = set()
    for i, p in enumerate(paras[:-1]):
        key = fold(p.text).strip(" :")
        if p.text.rstrip().endswith(":") and key in keys and i + 1 not in taken:
            metadata.setdefault(key, paras[i + 1].text.strip())
            taken.update((i, i + 1))
    return taken


def _issuer_caps(text: str) -> bool:
    """A line that repeats the issuing authority before "Căn cứ" ("ỦY BAN NHÂN DÂN TỈNH THANH HÓA")."""
    folded = fold(text)
    return bool(_UPPER.match(text)) and folded.startswith(("ủy ban nhân dân", "chủ tịch ủy ban", "hội đồng nhân dân",
                                                           "thủ tướng chính phủ", "chính phủ", "bộ trưởng", "ban chấp hành",
                                                           "ban thường vụ", "tỉnh ủy", "giám đốc sở"))


# --- blocks and the section tree -------------------------------------------------------------------

def _marker(text: str) -> tuple[str, str, str] | None:
    """(kind, label, rest) of a paragraph's leading marker."""
    if m := _APPENDIX.match(text):
        return "appendix", "Phụ lục" + (f" {m.group(2)}" if m.group(2) else ""), m.group(3)
    if m := _PART.match(text):
        return "part", m.group(1), m.group(2)
    if m := _ARTICLE.match(text):
        return "article", m.group(2), m.group(3)
    if (m := _ROMAN.match(text)) and m.group(2) and (m.group(2)[0].isupper() or m.group(2)[0].isdigit()):
        return "roman", m.group(1), m.group(2)
    if (m := _NUMBER.match(text)) and m.group(2) and not re.match(r"^\d", m.group(2)) \
            and int(m.group(1).split(".")[0]) <= 40:
        return "number", m.group(1), m.group(2)
    if m := _LETTER.match(text):
        label, rest = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if rest:
            return "letter", label, rest
    if m := _PLUS.match(text):
        return "plus", "+", m.group(2)
    if (m := _BULLET.match(text)) and m.group(2):
        return "bullet", "-", m.group(2)
    return None


_LEVEL = {"appendix": 0, "part": 0, "article": 1, "roman": 1, "number": 2, "letter": 3, "bullet": 4, "plus": 5}


class _Tree:
    """The section path as paragraphs are read: part / roman / number / letter, then bullet ordinals."""

    def __init__(self) -> None:
        self.stack: dict[int, str] = {}
        self.bullets = 0
        self.plus = 0

    def enter(self, kind: str, label: str) -> tuple[str, ...]:
        level = _LEVEL[kind]
        if kind == "bullet":
            self.bullets += 1
            self.plus = 0
            self.stack = {k: v for k, v in self.stack.items() if k < 4}
            self.stack[4] = str(self.bullets)
        elif kind == "plus":
            self.plus += 1
            self.stack[5] = str(self.plus)
        else:
            self.stack = {k: v for k, v in self.stack.items() if k < level}
            self.stack[level] = label
            self.bullets = self.plus = 0
        return self.path()

    def path(self, with_bullets: bool = True) -> tuple[str, ...]:
        return tuple(v for k, v in sorted(self.stack.items()) if with_bullets or k < 4)


def outline(text: Text) -> Outline:
    """Read the document's structure: header, zones, section tree, appendix tables."""
    lines = text.lines
    tables = _cell_tables(lines)
    broken = _fragment_tables(lines)
    cell_lines = {n for start, end, _ in tables for n in range(start, end + 1)}
    cell_lines |= {n for start, end, _ in broken for n in range(start, end + 1)}
    portal = portal_tables(lines)
    if portal:  # rows stand where their lines stood; the lines themselves are read no more
        dropped = {n for row in portal for n in range(row.line_start, row.line_end + 1)}
        paras, hard = paragraphs(["" if i + 1 in dropped else s for i, s in enumerate(lines)], cell_lines)
        paras = sorted(paras + portal, key=lambda q: q.line_start)
    else:
        paras, hard = paragraphs(lines, cell_lines)
    trailer_words = tuple(layout()["boilerplate"]["trailer"])
    trailer_at = next((i for i, p in enumerate(paras) if fold(p.text).startswith(trailer_words)
                       and i > len(paras) // 2), len(paras))
    main, trailer = paras[:trailer_at], paras[trailer_at:]
    header = _header(main, trailer)
    blocks = _blocks(main, header, tables, broken)
    if header.letter:
        _letter_body(blocks, header, paras)
    bars = tuple(i + 1 for i, s in enumerate(lines) if s.strip() == "|")
    return Outline(header=header, paragraphs=paras, blocks=blocks, hard_wrapped=hard, cell_bars=bars)


def _is_signature(text: str) -> bool:
    folded = fold(text)
    words = layout()["boilerplate"]["signature"]
    return bool(folded.startswith(tuple(words)) and (_UPPER.match(text) or folded.startswith(("tm.", "kt.", "t/m", "tl.", "nơi nhận", "(đã ký)", "(ký tên"))))


def _is_person_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and not _UPPER.match(text) \
        and not re.search(r"\d|[,.;:]", text)


def _fragment_tables(lines: list[str]) -> list[tuple[int, int, list[fragments.FragmentRow]]]:
    """(first line, last line, rows) of task tables that PDF conversion broke into fragments."""
    words = knowledge.agencies()["unknown"]["heads"] + layout()["fragments"]["agency_openers"]
    heads = tuple(sorted(set(words), key=len, reverse=True))
    cleaned = [rule_free(s) if "|" not in s else s for s in lines]
    found = []
    i = 0
    while i < len(cleaned):
        if cleaned[i].count("|") >= 6 and (head := fragments.header_roles(cleaned, i)) \
                and fragments.is_fragmented(cleaned, i, head[1]):
            rows, end = fragments.read_table(cleaned, head[1], head[0], heads)
            if rows:
                found.append((i + 1, end, rows))
                i = end
                continue
        i += 1
    return found


def _blocks(paras: list[Paragraph], header: Header, tables: list[tuple[int, int, list[str]]],
            broken: list[tuple[int, int, list[fragments.FragmentRow]]] = ()) -> list[Block]:
    boiler = tuple(layout()["boilerplate"]["lines"])
    attached = tuple(layout()["attached"]["kinds"])
    title_end = header.title_lines[1] if header.title_lines else (header.kind_line or 0)
    broken_starts = {start: (end, rows) for start, end, rows in broken}
    table_starts = {start: roles for start, _, roles in tables}
    table_lines = {n for start, end, _ in tables for n in range(start, end + 1)}
    blocks: list[Block] = []
    tree = _Tree()
    zone = "preamble"
    seen_article = False
    in_recipients = False
    pipe_roles: list[str] | None = None
    current_table: dict[str, str] = {}
    table_group: str | None = None
    appendix_label = "Phụ lục"
    i = 0
    while i < len(paras):
        p = paras[i]
        i += 1
        if p.line_end <= title_end or (header.kind_line and p.line_start <= header.kind_line):
            continue
        text = p.text
        folded = fold(text)
        if p.line_start in broken_starts:
            end, rows = broken_starts[p.line_start]
            while i < len(paras) and paras[i].line_start <= end:
                i += 1
            zone = "appendix"
            for row in rows:
                block = row_block(row.cells, row.stt, row.group, row.line_start, row.line_end, appendix_label)
                block.cells.update(content_line=str(row.line_start), table=str(p.line_start))
                blocks.append(block)
            continue
        if p.line_start in table_starts:
            roles = table_starts[p.line_start]
            cells_paras = [q for q in paras[i - 1:] if q.line_start in table_lines]
            i += len(cells_paras) - 1
            zone = "appendix"
            blocks.extend(cell_rows(cells_paras[len(roles):], roles, appendix_label))
            continue
        if p.cells is not None:
            roles = [column_role(c) for c in p.cells]
            if sum(r is not None for r in roles) >= 2 and "content" in roles:
                new_roles = [r if r and r not in roles[:n] else f"col{n}" for n, r in enumerate(roles)]
                if new_roles != pipe_roles:  # a new table; the same header again is a page break
                    table_group = None
                    current_table = table_info(p, new_roles)
                pipe_roles = new_roles
                zone = "appendix" if zone in ("trailer", "appendix") or not blocks else zone
                continue
            if pipe_roles and len(roles) == len(pipe_roles) and any(roles) and "content" not in roles \
                    and all((r and len(c) <= 30) or not c for r, c in zip(roles, p.cells)):
                # a second heading row ("Cơ quan thực hiện" over "Chủ trì | Phối hợp"): its roles are the columns'
                pipe_roles = [r or old for r, old in zip(roles, pipe_roles)]
                continue
            if pipe_roles:
                last = blocks[-1] if blocks and blocks[-1].kind == "row" else None
                if last and continues_row(p, pipe_roles):
                    extend_row(last, p, pipe_roles)
                    continue
                row, table_group = pipe_row(p, pipe_roles, table_group, appendix_label)
                if row:
                    row.cells.update(current_table)
                    if last and last.path[:-1] == row.path[:-1] and last.cells.get("table") == row.cells.get("table"):
                        inherit_merged_cells(row, last)
                    blocks.append(row)
                continue
        if folded.startswith("nơi nhận"):
            in_recipients = True
            zone = "trailer" if zone in ("body", "appendix", "decision") else zone
            continue
        if in_recipients and (text.startswith(("-", "+", "•")) or folded.startswith("lưu")):
            continue
        if _is_signature(text) or folded.startswith(boiler) or (in_recipients and _is_person_name(text)):
            continue
        in_recipients = False
        kind = _kind_of_line(text)
        if kind and header.kind in ("decision", "resolution") and seen_article and folded.startswith(attached):
            header.attached_kind, header.attached_line = kind[0], p.line_start
            title = [kind[1]] if kind[1] and not fold(kind[1]).startswith("của") else []
            while i < len(paras) and _UPPER.match(paras[i].text) and not _marker(paras[i].text):
                title.append(paras[i].text)
                i += 1
            header.attached_title = squash(" ".join(title)) or None
            zone, tree = "preamble", _Tree()
            continue
        if _is_person_name(text) and blocks and zone in ("decision", "trailer"):
            continue
        marker = _marker(text)
        if marker and marker[0] == "article":
            seen_article = True
            zone = "decision" if header.attached_line is None else zone
        if marker and marker[0] == "appendix":
            zone = "appendix"
            appendix_label = marker[1]
            tree = _Tree()
            tree.enter("appendix", appendix_label)
            blocks.append(Block("title", appendix_label, squash(marker[2]), p.line_start, p.line_end, (appendix_label,),
                                zone="appendix", in_appendix=True))
            continue
        if zone == "preamble" and marker and marker[0] in ("part", "roman", "number") and not seen_article:
            zone = "body"
        if zone == "preamble" and marker and marker[0] in ("part", "roman", "article") and header.attached_line:
            zone = "body"  # the attached plan or regulation (Quy chế: Chương, Điều) begins
        if zone == "trailer":
            if marker and marker[0] in ("part", "roman"):
                zone = "body"
            else:
                continue
        if marker and marker[0] != "article":
            kind_name, label, rest = marker
            path = tree.enter(kind_name, label)
            blocks.append(Block(kind_name, label, squash(rest), p.line_start, p.line_end, path, zone=zone,
                                in_appendix=zone == "appendix"))
        else:
            path = tree.path(with_bullets=False)
            if marker:
                path = ("Điều", marker[1])
            blocks.append(Block("article" if marker else "paragraph", marker[1] if marker else "",
                                squash(marker[2] if marker else text), p.line_start, p.line_end, path, zone=zone,
                                in_appendix=zone == "appendix"))
        if text.rstrip().endswith("./.") and zone in ("body", "decision"):
            zone = "trailer"
    return blocks


def _letter_body(blocks: list[Block], header: Header, paras: list[Paragraph]) -> None:
    """A letter has no sections: what follows its address line ("Kính gửi: ...") is its body, up to its
    closing (the list of recipients, the signature) or a web page's words after it."""
    after = max(header.title_lines[1] if header.title_lines else 0, header.number_line or 0)
    trailer = tuple(layout()["boilerplate"]["trailer"])
    closing = next((p.line_start for p in paras if p.line_start > after and (
        _is_signature(p.text) or fold(p.text).startswith("nơi nhận") or fold(p.text).strip("* ") == "nơi"
        or fold(p.text).startswith(trailer))), None)
    address = False
    for b in blocks:
        if b.line_start <= after:
            continue
        if closing is not None and b.line_start >= closing:
            break  # its closing: what stands below is no longer the letter's
        folded = fold(b.text)
        if folded.startswith("kính gửi") or re.search(r"\bđiện\s*:$", folded):  # "THỦ TƯỚNG CHÍNH PHỦ điện:"
            address = not re.search(r"[.;]\s*$", b.text) or b.text.rstrip().endswith(":")
            b.zone = "preamble"
            continue
        if b.zone != "preamble" and not address:
            continue
        if address and b.kind == "bullet":
            b.zone = "preamble"
            continue  # the letter's addressees, one per line ("- Chủ tịch UBND các tỉnh: ...;")
        address = False
        if b.zone == "preamble" and not folded.startswith("căn cứ"):
            b.zone = "body"


