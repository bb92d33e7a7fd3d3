"""Flat tables an auditor opens in a spreadsheet: rows of a canned question as CSV, XLSX or JSON.

`kg export mandates` writes one row per mandate (queries.mandates); headers and the words of the
status and role columns can be Vietnamese (`lang="vi"`: "Cơ quan chủ trì", "Quá hạn") or the column
names (`lang="en"`). List cells (lead and coordinating agencies) are joined with "; ".

The XLSX file is written here (Office Open XML, one sheet, text cells, the header row bold and frozen,
an autofilter), byte-identical for the same rows, so no spreadsheet library is needed to make it.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from graphbuild import labels
from graphbuild.errors import GraphbuildError

FORMATS = ("csv", "xlsx", "json")
TRANSLATED = ("status", "role", "reason")  # columns whose values are codes with words in labels.TEXT


def cell(value: Any) -> str:
    """A value as the text of one cell: lists joined with "; ", None empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(map(str, value))
    return str(value)


def localise(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], lang: str) -> tuple[list[str], list[list[Any]]]:
    """Headers and cell values in `lang`: Vietnamese headers and status/role/reason words for `vi`."""
    labels.check(lang)
    headers = [labels.header(c, lang) for c in columns]
    body = []
    for row in rows:
        values = []
        for column in columns:
            value = row.get(column)
            if lang == "vi" and column in TRANSLATED and isinstance(value, str):
                value = labels.text(value, lang)
            values.append(value)
        body.append(values)
    return headers, body


def to_csv(headers: list[str], body: list[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([cell(v) for v in values] for values in body)
    return buf.getvalue()


def to_json(headers: list[str], body: list[list[Any]]) -> str:
    return json.dumps([dict(zip(headers, values)) for values in body], ensure_ascii=False, indent=1) + "\n"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(value: Any) -> str:
    text = cell(value)
    text = "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)  # XML 1.0 has no other controls
    return escape(text)


def to_xlsx(headers: list[str], body: list[list[Any]], sheet: str = "mandates") -> bytes:
    """One sheet: the header row bold and frozen with an autofilter, numbers as numbers, the rest as text."""
    rows_xml = []
    for r, values in enumerate([headers, *body], start=1):
        cells = []
        for c, value in enumerate(values):
            ref = f"{_column_letter(c)}{r}"
            style = ' s="1"' if r == 1 else ""
            if isinstance(value, int) and not isinstance(value, bool) and r > 1:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{_xml_text(value)}</t>'
                             f"</is></c>")
        rows_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
    last = f"{_column_letter(max(len(headers), 1) - 1)}{len(body) + 1}"
    widths = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{_width(headers[i], [v[i] for v in body])}" '
                     f'customWidth="1"/>' for i in range(len(headers)))
    sheet_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                 'state="frozen"/></sheetView></sheetViews>'
                 f'<cols>{widths}</cols><sheetData>{"".join(rows_xml)}</sheetData>'
                 f'<autoFilter ref="A1:{last}"/></worksheet>')
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{escape(sheet[:31])}" sheetId="1" r:id="rId1"/></sheets>'
            f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"'{escape(sheet[:31])}'!$A$1:${last.rstrip('0123456789')}${len(body) + 1}</definedName></definedNames>"
            '</workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '</styleSheet>'),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content.encode("utf-8"))
    return buf.getvalue()


def _width(header: str, values: list[Any]) -> int:
    longest = max([len(header), *(len(cell(v)) for v in values[:500])], default=8)
    return max(8, min(60, longest + 2))


def write_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], fmt: str, target: str | Path,
                lang: str = "en") -> Path:
    """Write rows as `fmt` (csv, xlsx, json) at `target`, headers and words in `lang`; returns the path."""
    if fmt not in FORMATS:
        raise GraphbuildError(f"unknown table format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    headers, body = localise(rows, columns, lang)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        target.write_bytes(to_xlsx(headers, body))
    elif fmt == "json":
        target.write_text(to_json(headers, body), encoding="utf-8")
    else:
        target.write_text(to_csv(headers, body), encoding="utf-8-sig" if lang == "vi" else "utf-8", newline="")
    return target
