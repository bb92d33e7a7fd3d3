"""Reading stage: turn one input file (.txt, .md, .docx, .pdf) into a `Text` of clean NFC lines.

Every later stage cites facts by line number, and hand-checked gold records depend on those
numbers, so for plain text `lines[i]` is exactly physical line i + 1 of the file. Bad input
raises `GraphbuildError` with a one-line message that starts with the path; exceptions of the
libraries used here (python-docx, pypdf, codecs) never escape.
"""
from __future__ import annotations

import errno
import io
import logging
import os
import re
import stat
import unicodedata
import warnings as pywarnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphbuild.errors import GraphbuildError
from graphbuild.model import Text

SUPPORTED = (".txt", ".md", ".docx", ".pdf")
_EXPECTED = "expected .txt, .md, .docx, .pdf"


# --------------------------------------------------------------------------- public API


def read_text(path: str | Path) -> Text:
    """Read one file into NFC lines, reporting the encoding used; raise GraphbuildError on bad input."""
    shown = str(path)
    p = Path(path)
    try:
        if not os.path.lexists(p):
            raise GraphbuildError(f"{shown}: no such file")
        if p.is_dir():
            raise GraphbuildError(f"{shown}: is a folder, not a file")
        if why := unreadable_file(p):
            raise GraphbuildError(f"{shown}: {why}")
        suffix = p.suffix.lower()
        if suffix not in SUPPORTED:
            raise GraphbuildError(f"{shown}: {_unsupported(p)}")
        data = p.read_bytes()
    except OSError as exc:
        raise GraphbuildError(f"{shown}: cannot read ({exc.strerror or exc})") from None
    if not data:
        raise GraphbuildError(f"{shown}: empty file")
    if suffix == ".docx":
        lines, warnings = _read_docx(data, shown)
        return Text(p.name, shown, lines, "docx", "docx", warnings)
    if suffix == ".pdf":
        lines, warnings = _read_pdf(data, shown)
        return Text(p.name, shown, lines, "pdf", "pdf", warnings)
    text, encoding, warnings = _decode(data, shown)
    lines, split_warnings = _physical_lines(text)
    lines = [_clean(line) for line in lines]
    if suffix == ".md" or _looks_like_markdown(lines):
        lines = strip_markdown(lines)
    return Text(p.name, shown, lines, encoding, suffix[1:], warnings + split_warnings)


def find_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand folders (recursively, sorted, no hidden files) into supported files; collect one-line problems.

    Files are returned in the order given (folder contents sorted), each once. Problems name paths
    that do not exist, explicit files of unsupported type, files of other types inside folders
    (which are skipped), what cannot be read as a file (a symbolic link loop or a broken link, a
    FIFO, a device or a socket, which would hang or fail the reader) and folders without any
    document, so the CLI can tell the user what was left out; nothing here stops the others.
    """
    files: list[Path] = []
    problems: list[str] = []
    seen: set[str] = set()

    def add(file: Path, shown: str) -> bool:
        why = unreadable_file(file)
        if why:
            problems.append(f"{shown}: {why}")
            return False
        key = os.path.realpath(file)
        if key not in seen:
            seen.add(key)
            files.append(file)
        return True

    for given in paths:
        p = Path(given)
        try:
            is_dir, is_file, exists = p.is_dir(), p.is_file(), os.path.lexists(p)
        except OSError as exc:
            problems.append(f"{given}: cannot read ({exc.strerror or exc})")
            continue
        if is_dir:
            found = False
            for file in _walk(p, problems):
                if file.suffix.lower() in SUPPORTED:
                    found = add(file, str(file)) or found
                else:
                    problems.append(f"{file}: {unreadable_file(file) or 'skipped, ' + _unsupported(file)}")
            if not found:
                problems.append(f"{given}: no documents in this folder ({_EXPECTED})")
        elif is_file:
            if p.suffix.lower() in SUPPORTED:
                add(p, str(given))
            else:
                problems.append(f"{given}: {_unsupported(p)}")
        elif exists:
            problems.append(f"{given}: {unreadable_file(p) or 'not a regular file'}")
        else:
            problems.append(f"{given}: no such file or folder")
    return files, problems


def unreadable_file(path: str | Path) -> str | None:
    """Why `path` cannot be read as a document file (None when it can): a symbolic link loop, a broken link,
    something other than a regular file (reading a FIFO or a terminal waits for ever), or an error of the
    file system. Decided from the file's status alone, without opening it."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop, not read"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return f"broken link (to {os.readlink(path)}), not read"
        return f"cannot read ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    what = ("a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "a folder" if stat.S_ISDIR(mode) else "not a file")
    return f"{what}, not a regular file: not read"


# --------------------------------------------------------------------------- shared helpers


def _unsupported(p: Path) -> str:
    kind = p.suffix.lower() or "(no extension)"
    return f"unsupported file type {kind} ({_EXPECTED})"


def _is_hidden(name: str) -> bool:
    # "~$x.docx" are Word's lock files: hidden in Explorer and not readable documents.
    return name.startswith((".", "~$"))


def _walk(folder: Path, problems: list[str]) -> Iterator[Path]:
    """Files under `folder`, depth first, names sorted, hidden files and folders skipped."""

    def unreadable(exc: OSError) -> None:
        problems.append(f"{exc.filename}: cannot read folder ({exc.strerror or exc})")

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        base = Path(root)
        for name in sorted(names):
            if not _is_hidden(name):
                yield base / name


def _why(exc: BaseException) -> str:
    """One-line, bounded description of a library exception for an error message."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


# Space variants become " "; zero-width characters and soft hyphens go; control characters and
# the separators str.splitlines() would split on (\x0b \x0c \x1c-\x1e \x85 \u2028 \u2029 ...) become
# " " so that no later stage can shift line numbers by re-splitting. Tab is kept.
_TRANSLATE: dict[int, str | None] = {c: " " for c in [*range(0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0)]}
_TRANSLATE.update({c: " " for c in [0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]})
_TRANSLATE.update({c: None for c in [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD,
                                    0xFE0E, 0xFE0F, 0x20E3]})  # variation selectors: "1️." is "1."


def _clean(line: str) -> str:
    """Unify spaces, drop zero-width characters, compose accents (NFC) without changing the line count."""
    return unicodedata.normalize("NFC", line.translate(_TRANSLATE))


# --------------------------------------------------------------------------- plain text

_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _looks_like_text(text: str) -> bool:
    return not _BAD_CONTROL.search(text) and any(c.isalpha() for c in text)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Codec name if the NUL bytes sit where UTF-16 puts the high byte of ASCII characters."""
    if len(data) % 2:
        return None
    sample = data[:65536]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    units = len(sample) // 2
    if odd >= 0.2 * units and even <= 0.02 * units:
        return "utf-16-le"
    if even >= 0.2 * units and odd <= 0.02 * units:
        return "utf-16-be"
    return None


def _decode(data: bytes, shown: str) -> tuple[str, str, list[str]]:
    """Decode bytes as BOM-marked, UTF-16, UTF-8 or Windows-1258 text; say in a warning when not plain UTF-8."""
    if not data.strip():
        raise GraphbuildError(f"{shown}: empty file")
    text: str | None
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8")
        if text is None:
            raise GraphbuildError(f"{shown}: cannot decode (starts with a UTF-8 byte-order mark but is not UTF-8)")
        result = text, "utf-8-sig", ["decoded as UTF-8 with a byte-order mark (BOM)"]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        codec = "utf-16-le" if data[:2] == b"\xff\xfe" else "utf-16-be"
        text = _strict(data[2:], codec)
        if text is None or not _looks_like_text(text):
            raise GraphbuildError(f"{shown}: cannot decode (starts with a UTF-16 byte-order mark but is not UTF-16)")
        result = text, "utf-16", [f"decoded as UTF-16 {codec[-2:].upper()}"]
    elif b"\x00" in data:
        codec_guess = _utf16_without_bom(data)
        text = _strict(data, codec_guess) if codec_guess else None
        if codec_guess is None or text is None or not _looks_like_text(text):
            raise GraphbuildError(f"{shown}: binary file, not text")
        result = text, "utf-16", [f"decoded as UTF-16 {codec_guess[-2:].upper()} (no byte-order mark)"]
    elif (text := _strict(data, "utf-8")) is not None:
        result = text, "utf-8", []
    else:
        text = _strict(data, "cp1258")
        if text is None or not _looks_like_text(text):
            raise GraphbuildError(f"{shown}: cannot decode (not UTF-8, UTF-16 or Windows-1258)")
        result = text, "windows-1258", ["decoded as Windows-1258 (the file is not valid UTF-8)"]
    if not result[0].translate(_TRANSLATE).strip():
        raise GraphbuildError(f"{shown}: empty file")
    return result


def _physical_lines(text: str) -> tuple[list[str], list[str]]:
    """Split on "\\n" only (dropping a trailing "\\r"), so `lines[i]` is physical line i + 1."""
    warnings: list[str] = []
    if "\n" not in text and "\r" in text:
        parts = text.split("\r")
        warnings.append("old Mac line endings (CR only): lines split at CR")
    else:
        parts = [part.removesuffix("\r") for part in text.split("\n")]
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # the newline that ends the last line does not start another one
    return parts, warnings


# --------------------------------------------------------------------------- markdown

_MD_QUOTE = re.compile(r"^(?: {0,3}> ?)+")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_MD_BULLET = re.compile(r"^(\s*)\*(?=[ \t])")  # "+" stays: Vietnamese plans print "+" sub-items
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{}~])")  # every ASCII punctuation except "|" (an escaped cell bar stays escaped)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MD_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)  # line breaks inside table cells
_MD_STRONG_STAR = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_MD_STRONG_UNDERSCORE = re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)")
# "*em*" but not "(*)" footnote marks, "2*3*4" or "a * b".
_MD_EM = re.compile(r"(?<![\w*\\])\*([^\s*)\]}][^*]*?)(?<![\s(\[{])\*(?![\w*])")
_PUA = 0xE000  # escaped characters are parked in the private use area while markup is stripped
_STARS = re.compile(r"\s*\*[\s*]*")  # a line of emphasis markers alone
_PARKED = re.compile("[\ue000-\ue07f]")
_UNPARK = {_PUA + i: i for i in range(128)}
_MARKUP = re.compile(r"[*_\\\[#>|<]|^\s*\*")  # a line without any of these has no markup to strip


_MD_SIGNS = re.compile(r"^ {0,3}#{1,6}\s+\S|\*\*\S|^\s*\|?\s*:?-{3,}:?\s*\|")
# Emphasis left open at the end of a line and closed on another ("**ỦY BAN NHÂN DÂN" / "CHỦ NGHĨA VIỆT NAM**"),
# as the legal portals' markdown export prints it; "(*)" and "(**)" footnote marks are not markup.
_MD_LOOSE_STRONG = re.compile(r"(?<!\()\*\*(?!\))")
_MD_LOOSE_EM_START = re.compile(r"^(\s*)\*(?=[^\s*])")
_MD_LOOSE_EM_END = re.compile(r"(?<![(*])\s*\*\s*$")
# A lone marker inside a line that opens or closes emphasis begun or ended on another ("hiện: *Sở Tư pháp."):
# touching a word on one side only; "a * b", "2*3" and "(*)" stay.
_MD_LOOSE_EM_INNER = re.compile(r"(?<=[\s:;,.])\*(?=[^\s*\d)])|(?<=[^\s*(\d])\*(?=[\s:;,.])")


def _looks_like_markdown(lines: list[str]) -> bool:
    """A plain-text file written in markdown (headings, bold, table rules): strip it like a .md file."""
    return sum(1 for line in lines[:2000] if _MD_SIGNS.search(line)) >= 2


def strip_markdown(lines: list[str]) -> list[str]:
    """Plain text of markdown lines, one output line per input line (see `_strip_markdown`)."""
    out = ["" if _STARS.fullmatch(line) else _strip_markdown(line, _starts_table(lines, i - 1))
           for i, line in enumerate(lines)]
    return [_strip_loose_emphasis(line) for line in out]


def _strip_loose_emphasis(line: str) -> str:
    if "*" not in line:
        return line
    line = _MD_LOOSE_STRONG.sub("", line)
    if not re.match(r"\s*\*\s", line):  # "* item" is a bullet
        line = _MD_LOOSE_EM_START.sub(r"\1", line)
    line = _MD_LOOSE_EM_END.sub("", line)
    line = _MD_LOOSE_EM_INNER.sub("", line)
    return "" if re.fullmatch(r"[\s*]*", line) else line


def _starts_table(lines: list[str], i: int) -> bool:
    """True if line i is a "|" line right after a line without "|": a table's header row."""
    return i >= 0 and "|" in lines[i] and (i == 0 or "|" not in lines[i - 1])


def _strip_markdown(line: str, after_header: bool) -> str:
    """Plain text of one markdown line: no heading #s, quote >s, emphasis markers or table rule rows.

    A rule row ("|---|:--:|") is only recognised right after a table's header row, as in GitHub
    markdown, so a data row whose cells are all "-" (nothing to report) is kept.
    """
    if not _MARKUP.search(line):
        return line
    line = _MD_QUOTE.sub("", line)
    heading = _MD_HEADING.match(line)
    if heading:
        line = heading.group(1) or ""
    line = _MD_BULLET.sub(r"\1-", line)
    if after_header and "|" in line and _MD_TABLE_RULE.match(line):
        return ""
    line = _MD_BREAK.sub(" ", line)
    park = not _PARKED.search(line)
    if park:
        line = _MD_ESCAPE.sub(lambda m: chr(_PUA + ord(m.group(1))), line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_STRONG_STAR.sub(r"\1", line)
    line = _MD_STRONG_UNDERSCORE.sub(r"\1", line)
    line = _MD_EM.sub(r"\1", line)
    if park:
        line = line.translate(_UNPARK)
    return line


# --------------------------------------------------------------------------- docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {_W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom", _W + "instrText", _W + "delText", _MC_FALLBACK}


def _val(el: Any, tag: str) -> str | None:
    """`w:val` of child `tag` of `el` (None when either is missing)."""
    if el is None:
        return None
    child = el.find(_W + tag)
    return None if child is None else child.get(_W + "val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass
class _Level:
    fmt: str
    text: str
    start: int
    legal: bool
    suffix: str
    restart: int | None


def _parse_level(lvl: Any) -> _Level:
    suffix = _val(lvl, "suff") or "tab"
    return _Level(
        fmt=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        start=_int(_val(lvl, "start"), 0),
        legal=lvl.find(_W + "isLgl") is not None and _val(lvl, "isLgl") not in ("0", "false"),
        suffix="" if suffix == "nothing" else " ",
        restart=_int(_val(lvl, "lvlRestart"), -1) if lvl.find(_W + "lvlRestart") is not None else None,
    )


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += numeral * count
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: a..z, aa..zz, ...
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and n > 0:
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal and every format not reconstructed here


class _Numbering:
    """Reconstructs the labels Word prints for auto-numbered paragraphs (python-docx drops them)."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        self.abstracts: dict[str, Any] = {}
        self.nums: dict[str, Any] = {}
        if numbering is not None:
            for el in numbering.iterfind(_W + "abstractNum"):
                self.abstracts[el.get(_W + "abstractNumId")] = el
            for el in numbering.iterfind(_W + "num"):
                self.nums[el.get(_W + "numId")] = el
        self.styles: dict[str, Any] = {}
        self.default_style: str | None = None
        if styles is not None:
            for el in styles.iterfind(_W + "style"):
                if el.get(_W + "type") == "paragraph":
                    self.styles[el.get(_W + "styleId")] = el
                    if el.get(_W + "default") in ("1", "true"):
                        self.default_style = el.get(_W + "styleId")
        self.level_cache: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, dict[int, int]] = {}

    def _style_num(self, style_id: str | None) -> tuple[str | None, str | None, str | None]:
        """(numId, ilvl, style id) inherited through the basedOn chain of a paragraph style."""
        for _ in range(20):
            style = self.styles.get(style_id) if style_id else None
            if style is None:
                return None, None, None
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None and _val(num_pr, "numId") is not None:
                return _val(num_pr, "numId"), _val(num_pr, "ilvl"), style_id
            style_id = _val(style, "basedOn")
        return None, None, None

    def _abstract(self, num: Any) -> Any:
        abstract = self.abstracts.get(_val(num, "abstractNumId") or "")
        link = _val(abstract, "numStyleLink")
        if abstract is not None and link and abstract.find(_W + "lvl") is None:
            linked_num, _, _ = self._style_num(link)
            linked = self.nums.get(linked_num or "")
            abstract = self.abstracts.get(_val(linked, "abstractNumId") or "") if linked is not None else abstract
        return abstract

    def _levels(self, num_id: str) -> dict[int, _Level]:
        if num_id not in self.level_cache:
            levels: dict[int, _Level] = {}
            num = self.nums.get(num_id)
            abstract = self._abstract(num) if num is not None else None
            if abstract is not None:
                for lvl in abstract.iterfind(_W + "lvl"):
                    levels[_int(lvl.get(_W + "ilvl"), 0)] = _parse_level(lvl)
            if num is not None:
                for override in num.iterfind(_W + "lvlOverride"):
                    ilvl = _int(override.get(_W + "ilvl"), 0)
                    lvl = override.find(_W + "lvl")
                    if lvl is not None:
                        levels[ilvl] = _parse_level(lvl)
                    start = _val(override, "startOverride")
                    if start is not None and ilvl in levels:
                        levels[ilvl].start = _int(start, levels[ilvl].start)
            self.level_cache[num_id] = levels
        return self.level_cache[num_id]

    def _level_of_style(self, num_id: str, style_id: str | None) -> int:
        num = self.nums.get(num_id)
        abstract = self._abstract(num) if num is not None else None
        if abstract is not None and style_id:
            for lvl in abstract.iterfind(_W + "lvl"):
                if _val(lvl, "pStyle") == style_id:
                    return _int(lvl.get(_W + "ilvl"), 0)
        return 0

    def label(self, p: Any) -> str | None:
        """The printed label of paragraph `p` plus its separator ("a) ", "- "), or None if not numbered."""
        ppr = p.find(_W + "pPr")
        style_id = _val(ppr, "pStyle") or self.default_style
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        num_id = _val(num_pr, "numId")
        ilvl_text = _val(num_pr, "ilvl")
        numbered_by_style = None
        if num_id is None:
            num_id, style_ilvl, numbered_by_style = self._style_num(style_id)
            ilvl_text = ilvl_text or style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        ilvl = _int(ilvl_text, -1)
        if ilvl < 0:
            ilvl = self._level_of_style(num_id, numbered_by_style) if numbered_by_style else 0
        levels = self._levels(num_id)
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt == "bullet":
            return "- "
        if level.fmt == "none":
            return ""

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            ref = levels.get(k)
            if ref is None:
                return ""
            value = counters.get(k, ref.start)
            return _format_number(value, "decimal" if level.legal else ref.fmt)  # isLgl: arabic numerals only

        text = re.sub(r"%([1-9])", number, level.text).strip()
        return text + level.suffix if text else ""


class _DocxReader:
    """Walks a docx body in document order: one line per paragraph, one `| a | b |` line per table row."""

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering

    def block(self, el: Any, out: list[str]) -> None:
        tag = el.tag
        if tag == _W + "p":
            label = self.numbering.label(el)
            boxes: list[str] = []
            text = self._inline(el, boxes).strip()
            out.append((label or "") + text)
            out.extend(boxes)
        elif tag == _W + "tbl":
            self.table(el, out)
        elif tag in (_W + "sdt", _W + "customXml", _W + "sdtContent", _W + "txbxContent"):
            for child in el:
                self.block(child, out)

    def _inline(self, el: Any, boxes: list[str]) -> str:
        """Text of a paragraph's runs; text boxes inside it go to `boxes` as lines of their own."""
        parts: list[str] = []
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag in (_W + "tab", _W + "ptab"):
                parts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                parts.append(" ")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag == _W + "sym":
                code = _int_hex(child.get(_W + "char"))
                if code is not None and not 0xE000 <= code <= 0xF8FF:  # symbol-font glyphs have no meaning
                    parts.append(chr(code))
            elif tag == _W + "txbxContent":
                for block in child:
                    self.block(block, boxes)
            else:
                parts.append(self._inline(child, boxes))
        return "".join(parts)

    def table(self, tbl: Any, out: list[str]) -> None:
        for tr in _children(tbl, _W + "tr"):
            cells = []
            for tc in _children(tr, _W + "tc"):
                if _val(tc.find(_W + "tcPr"), "hMerge") == "continue":
                    continue  # legacy horizontal merge: the first cell already carries the text
                sub: list[str] = []
                for child in tc:
                    self.block(child, sub)
                # one line per row: fold the cell's paragraphs; "|" inside a cell would split the row
                cells.append(" ".join(" ".join(sub).split()).replace("|", "¦"))
            out.append("| " + " | ".join(cells) + " |")


def _int_hex(value: str | None) -> int | None:
    try:
        return int(value, 16) if value else None
    except ValueError:
        return None


def _children(el: Any, tag: str) -> Iterator[Any]:
    """Children with `tag`, looking through content controls (w:sdt) and custom XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            yield from _children(child, tag)


def _read_docx(data: bytes, shown: str) -> tuple[list[str], list[str]]:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise GraphbuildError(f"{shown}: not a .docx (old Word .doc format or password-protected); save it as .docx")
    if not data.startswith(b"PK"):
        raise GraphbuildError(f"{shown}: not a .docx file (not a ZIP package)")
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        try:
            numbering = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 - a missing or broken numbering part only costs the labels
            numbering = None
        try:
            styles = document.part.styles.element
        except Exception:  # noqa: BLE001
            styles = None
        lines: list[str] = []
        reader = _DocxReader(_Numbering(numbering, styles))
        for child in body:
            reader.block(child, lines)
    except Exception as exc:  # noqa: BLE001 - any failure of a broken package becomes one line
        raise GraphbuildError(f"{shown}: cannot read .docx ({_why(exc)})") from None
    lines = [_clean(line) for line in lines]
    if not any(line.strip() for line in lines):
        raise GraphbuildError(f"{shown}: empty document (no text)")
    return lines, []


# --------------------------------------------------------------------------- pdf

_PAGE_LABEL = re.compile(r"^(?:(?:trang|page)\s+)?(\d{1,4})(?:\s*/\s*(\d{1,4}))?$", re.IGNORECASE)
_PAGE_DASHED = re.compile(r"^[-–—]\s*(\d{1,4})\s*[-–—]$")


def _is_page_number(line: str, page: int) -> bool:
    """True for "3", "- 3 -", "Trang 3", "3/12" ... when the number fits the page it sits on.

    A bare number is taken for a page number only within 2 of the page's position, so a year
    or a table cell at the foot of a page is kept.
    """
    text = line.strip()
    dashed = _PAGE_DASHED.match(text)
    if dashed:
        return abs(int(dashed.group(1)) - page) <= 2
    label = _PAGE_LABEL.match(text)
    if not label:
        return False
    number, total = int(label.group(1)), label.group(2)
    if total is not None:
        return 1 <= number <= int(total)
    if text[0].isdigit():
        return abs(number - page) <= 2
    return True  # "Trang 3" / "Page 3"


def _drop_page_numbers(lines: list[str], page: int) -> list[str]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    drop = {i for i in (filled[:1] + filled[-1:]) if _is_page_number(lines[i], page)}
    return [line for i, line in enumerate(lines) if i not in drop]


def _read_pdf(data: bytes, shown: str) -> tuple[list[str], list[str]]:
    if b"%PDF-" not in data[:1024]:
        raise GraphbuildError(f"{shown}: not a PDF file")
    warnings: list[str] = []
    pages: list[list[str]] = []
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)  # pypdf logs the glitches it repairs; they are not the user's concern
    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("ignore")
            empty_pages = _pdf_pages(data, shown, pages, warnings)
    finally:
        logger.setLevel(level)
    if len(empty_pages) == len(pages):
        if warnings:  # every page failed: say why rather than blame a missing text layer
            raise GraphbuildError(f"{shown}: cannot extract text ({warnings[0]})")
        raise GraphbuildError(f"{shown}: no text layer (scanned PDF?)")
    if empty_pages:
        warnings.append(f"no text on page(s) {', '.join(map(str, empty_pages))} (scanned?)")
    return [line for page in pages for line in page], warnings


def _pdf_pages(data: bytes, shown: str, pages: list[list[str]], warnings: list[str]) -> list[int]:
    """Append each page's lines (page numbers dropped) to `pages`; return the numbers of pages without text."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # noqa: BLE001 - e.g. AES without the cryptography package
                raise GraphbuildError(f"{shown}: encrypted PDF, cannot decrypt ({_why(exc)})") from None
            if not opened:
                raise GraphbuildError(f"{shown}: encrypted PDF (needs a password)")
        extract: list[Callable[[], str]] = [page.extract_text for page in reader.pages]
    except GraphbuildError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise GraphbuildError(f"{shown}: cannot read PDF ({_why(exc)})") from None
    empty_pages: list[int] = []
    for number, page_text in enumerate(extract, 1):
        try:
            raw = page_text() or ""
        except Exception as exc:  # noqa: BLE001 - keep the other pages
            warnings.append(f"page {number}: cannot extract text ({_why(exc)})")
            raw = ""
        lines = [_clean(line).rstrip() for line in re.split(r"\r\n|\r|\n", raw)] if raw.strip() else []
        if not lines:
            empty_pages.append(number)
        pages.append(_drop_page_numbers(lines, number))
    return empty_pages
