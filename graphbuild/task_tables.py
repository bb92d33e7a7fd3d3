"""Task tables (bảng nhiệm vụ): their columns, and their rows in each form a text gives them.

- `|` rows (markdown, DOCX tables, text copies): `pipe_cells`, and `pipe_row` by the column roles of the
  table's heading row, with the cells merged down and rows broken over two lines joined;
- the legal portals' export, where each cell stands on lines of its own between lines that hold only "|":
  `portal_tables` gives their rows as `|` rows;
- one cell per line (web copies): `cell_rows`, a row opening at its number cell (STT);
- tables broken by PDF conversion are read by `graphbuild.fragments`.

Columns are named by their headings (`column_role`, words in ontology/layout.toml); a column that no heading
names is read by what its cells hold, later, where agencies can be told (mandates._infer_columns).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graphbuild import knowledge
from graphbuild.model import Block, Paragraph
from graphbuild.textutil import fold, rule_free, squash

STT = re.compile(r"^(\d{1,3}(?:\.\d{1,2})?|[IVX]{1,5}|[a-zđ])\.?$")


def pipe_cells(line: str) -> list[str] | None:
    """The cells of a `|` row, or None for a line that is no row."""
    if line.count("|") < 2:
        return None
    cells = [squash(c) for c in line.strip().strip("|").split("|")]
    return cells if len(cells) >= 2 else None


@lru_cache(maxsize=8192)
def column_role(heading: str) -> str | None:
    folded = fold(squash(heading)).strip(" .:")
    if not folded or len(folded) > 90:
        return None
    for column in knowledge.layout()["column"]:
        for word in column["words"]:
            if (column.get("exact") and folded == word) or (not column.get("exact") and word in folded):
                return column["role"]
    return None


def table_info(header: Paragraph, roles: list[str]) -> dict[str, str]:
    """What a table's header says about every row: which table it is, and a year printed in the heading of
    the time column ("Thời gian (Năm 2026)") that its day-and-month cells leave out."""
    info = {"table": str(header.line_start)}
    for role, heading in zip(roles, header.cells or []):
        year = re.search(r"\b((?:19|20)\d\d)\b", heading)
        if role == "due" and year:
            info["due_year"] = year.group(1)
    return info


def row_block(cells: dict[str, str], stt: str, group: str | None, line_start: int, line_end: int,
               appendix_label: str) -> Block:
    path = (appendix_label,) + ((group,) if group else ()) + (stt,)
    return Block("row", stt, cells.get("content", ""), line_start, line_end, path, cells=cells, zone="appendix",
                 in_appendix=True)


def cell_rows(cells: list[Paragraph], roles: list[str], appendix_label: str) -> list[Block]:
    """Rows of a one-cell-per-line table: a row opens at its number cell (STT)."""
    content_roles = [r for r in roles if r != "stt"]
    segments: list[list[Paragraph]] = []
    for c in cells:
        if STT.match(c.text) or not segments:
            segments.append([c])
        else:
            segments[-1].append(c)
    out: list[Block] = []
    group = None
    for seg in segments:
        stt, values = seg[0].text.rstrip("."), seg[1:]
        if not STT.match(seg[0].text):
            stt, values = "", seg
        if len(values) <= 1:
            group = stt or group
            continue
        assigned = _assign_cells([v.text for v in values], content_roles)
        assigned["table"] = str(cells[0].line_start) if cells else ""
        out.append(row_block(assigned, stt, group, seg[0].line_start, seg[-1].line_end, appendix_label))
        out[-1].cells["content_line"] = str(values[0].line_start)
    return out


def _assign_cells(values: list[str], roles: list[str]) -> dict[str, str]:
    if len(values) >= len(roles):
        return dict(zip(roles, values))
    out = {"content": values[0]} if "content" in roles else {}
    rest_roles = [r for r in roles if r != "content"]
    rest = values[1:]
    if rest and "due" in rest_roles and re.search(r"\d{4}|quý|tháng|năm|thường xuyên|định kỳ|hằng|hàng", fold(rest[-1])):
        out["due"] = rest.pop()
        rest_roles.remove("due")
    out.update(zip(rest_roles, rest))
    return out


def continues_row(p: Paragraph, roles: list[str]) -> bool:
    """A `|` row with no number whose cells carry on the row above (a cell broken over two lines)."""
    values = dict(zip(roles, p.cells or []))
    content = values.get("content", "")
    return not values.get("stt") and bool(content) and content[0].islower()


def extend_row(row: Block, p: Paragraph, roles: list[str]) -> None:
    for role, value in zip(roles, p.cells or []):
        if value and role != "stt":
            row.cells[role] = f"{row.cells.get(role, '')} {value}".strip()
    row.text = row.cells.get("content", row.text)
    row.line_end = p.line_end


def inherit_merged_cells(row: Block, above: Block) -> None:
    """A lead cell merged down over several rows prints once: the rows below it share its agencies."""
    if not row.cells.get("lead") and above.cells.get("lead"):
        row.cells["lead"] = above.cells["lead"]
        if not row.cells.get("coordinators") and above.cells.get("coordinators"):
            row.cells["coordinators"] = above.cells["coordinators"]


def pipe_row(p: Paragraph, roles: list[str], group: str | None, appendix_label: str) -> tuple[Block | None, str | None]:
    cells = p.cells or []
    values = dict(zip(roles, cells))
    stt = (values.get("stt") or "").rstrip(".")
    filled = [c for c in cells if c]
    if [column_role(c) for c in cells].count(None) < len(cells) - 2:
        return None, group  # a repeated header row
    if len(filled) <= 2 and (not stt or STT.match(stt)):
        title = next((c for c in cells if c and c != stt), "")
        return None, (stt or title[:20] or group)
    if not values.get("content"):
        return None, group
    block = row_block({k: v for k, v in values.items() if v}, stt, group, p.line_start, p.line_end, appendix_label)
    block.cells["content_line"] = str(p.line_start)
    return block, group
@dataclass
class _PortalCell:
    text: str
    first: int
    last: int
    opens_row: bool  # two bars stood before it: a new row


def portal_tables(lines: list[str]) -> list[Paragraph]:
    """Rows of task tables in the legal portals' markdown export, where every cell stands on lines of its own
    between lines that hold only "|", and two such lines in a row end one row and open the next (an empty cell
    looks the same, and is lost). A table is read as `|` rows from a run of cells that name three columns by
    their headings (ontology/layout.toml), one of them the task's; other bar-separated text stays text."""
    out: list[Paragraph] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != "|":
            i += 1
            continue
        cells, i = _portal_cells(lines, i)
        k = 0
        while k < len(cells):
            width = _portal_heading(cells, k)
            if not width:
                k += 1
                continue
            rows = [cells[k:k + width]]
            k += width
            while k < len(cells):
                row = [cells[k]]
                k += 1
                while k < len(cells) and not cells[k].opens_row and len(row) < width:
                    row.append(cells[k])
                    k += 1
                if _portal_heading(row, 0) and len(rows) > 1:
                    k -= len(row)  # another table's heading
                    break
                rows.append(row)
            for row in rows:
                texts = [c.text for c in row]
                out.append(Paragraph(" | ".join(texts), row[0].first, row[-1].last, cells=texts))
    return out


def _portal_heading(cells: list[_PortalCell], k: int) -> int:
    """The width of a heading row that opens at cell `k`: the run of cells that name columns, 0 if none."""
    n = 0
    roles = []
    while k + n < len(cells) and len(cells[k + n].text) <= 60 and (role := column_role(cells[k + n].text)):
        roles.append(role)
        n += 1
    return n if n >= 3 and "content" in roles else 0


def _portal_cells(lines: list[str], i: int) -> tuple[list[_PortalCell], int]:
    """The cells of the bar-separated text whose first bar is line index `i`; and the index where it ends."""
    cells: list[_PortalCell] = []
    text = ""
    first = last = 0
    bars = 0
    while i < len(lines):
        line = lines[i].strip()
        if line == "|" or not line:
            if text:
                cells.append(_PortalCell(squash(text), first, last, bars >= 2))
                text, bars = "", 0
            if not line:
                break
            bars += 1
        else:
            if not text:
                first = i + 1
            text = f"{text} {rule_free(line)}"
            last = i + 1
        i += 1
    return cells, i


