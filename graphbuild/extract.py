"""Extraction: one document in, one `Record` out (the exchange format of ../shared/eval/SCHEMA.md
plus provenance and typed extras). The stages run in order: read -> outline -> citations ->
agencies -> mandates.

    >>> from graphbuild.extract import extract_file
    >>> record = extract_file("data/corpus/003_05e3fa0bd3f85029.txt")
    >>> record.document.number, record.implements[0]
    ('154/KH-UBND', '26-CTr/TU')
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graphbuild.agencies import Recogniser, city_form, recogniser, unify_names
from graphbuild.citations import (
    alias_mentions,
    find_citations,
    implemented,
    implemented_chain,
    number_issuer,
    number_kind,
    number_level,
)
from graphbuild.errors import GraphbuildError
from graphbuild.mandates import extract_mandates
from graphbuild.model import Agency, Citation, DocumentInfo, Record, Text
from graphbuild.outline import Outline, outline
from graphbuild.places import Province, find_province, most_named_province, province
from graphbuild.read import find_inputs, read_text
from graphbuild.textutil import fold

_SCHEMA_KINDS = {"plan", "decision", "resolution", "program", "directive", "conclusion"}
_ISSUER_IN_TEXT = re.compile(r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|thành phố)(?:\s+[A-ZĐ]\w*)*\s+ban hành")


def _province(out: Outline, text: Text) -> Province | None:
    header = out.header
    for candidate in (header.place, header.metadata.get("nơi ban hành")):
        if candidate and (p := province(candidate)):
            return p
    for candidate in (header.issuer_text, header.metadata.get("nơi ban hành")):
        if candidate and (p := find_province(candidate)):
            return p
    return most_named_province(" ".join(text.lines[:400]))


def _national_issuer(out: Outline) -> bool:
    """Whether a central body issues the document: by the issuer it prints, else by its number's codes."""
    named = [m for m in recogniser(None).find_all(out.header.issuer_text or "") if not m.collective]
    if named:
        return recogniser(None).describe(named[-1].names[0]).level == "nation"
    return bool(out.header.number) and number_level(out.header.number) == "nation"


def _with_jurisdiction(name: str, p: Province | None) -> str:
    """`UBND tỉnh` + Thanh Hóa -> `UBND tỉnh Thanh Hóa`; `Sở Tài chính` -> `Sở Tài chính tỉnh Thanh Hóa`."""
    if p is None:
        return name
    if name.endswith(" tỉnh"):
        return f"{name[: -len(' tỉnh')]} {p.level} {p.name}"
    if name in ("Tỉnh ủy",):
        return f"{'Thành ủy' if p.level == 'thành phố' else 'Tỉnh ủy'} {p.name}"
    if fold(p.name) in fold(name):
        return name
    return f"{name} {p.level} {p.name}"


_LOCAL_COMMITTEE = re.compile(r"(?:ủy ban nhân dân|ubnd)\s+(huyện|quận|thị xã|thành phố|xã|phường|thị trấn|đặc khu)\s+(.+)$")


def _issuer(out: Outline, text: Text, rec: Recogniser, p: Province | None) -> str | None:
    header = out.header
    local = _LOCAL_COMMITTEE.search(fold(header.issuer_text or ""))
    if local and not province(local.group(2)):  # a district's or commune's committee
        name = header.issuer_text[local.start(2):].strip()
        return f"UBND {local.group(1)} {name.title() if name.isupper() else name}"
    for text_ in (header.issued_by, header.issuer_text, header.metadata.get("nơi ban hành")):
        if not text_:
            continue
        mentions = rec.find_all(text_)
        named = [m for m in mentions if not m.collective]
        if named:
            agency = rec.describe(named[-1].names[0])
            return agency.name if agency.level == "nation" else _with_jurisdiction(agency.name, p)
    body = " ".join(text.lines[:80])
    if _ISSUER_IN_TEXT.search(body) or any(fold(s).startswith(("tm. ủy ban nhân dân", "tm. ubnd")) for s in text.lines):
        return _with_jurisdiction("UBND tỉnh", p)
    place = header.metadata.get("nơi ban hành")
    if place and p:
        return _with_jurisdiction("UBND tỉnh", p)
    return number_issuer(header.number) if header.number else None  # "624/TB-VPCP": Văn phòng Chính phủ


TWO_TIER_FROM = "2025-07-01"  # local government without districts (Luật Tổ chức chính quyền địa phương 2025)


def _tier(national: bool, date: str | None) -> str:
    """Who issues the document, as the recogniser reads local government named as a group (SCHEMA.md)."""
    if national:
        return "nation"
    return "province-2025" if date and date[:7] >= TWO_TIER_FROM[:7] else "province"


def _kind(out: Outline, number: str | None) -> str:
    kind = out.header.kind
    if kind in _SCHEMA_KINDS:
        return kind
    if number and number_kind(number) in _SCHEMA_KINDS:
        return number_kind(number)
    loai = fold(out.header.metadata.get("loại văn bản", ""))
    for word, k in (("kế hoạch", "plan"), ("quyết định", "decision"), ("nghị quyết", "resolution"),
                    ("chương trình", "program"), ("chỉ thị", "directive"), ("kết luận", "conclusion")):
        if loai.startswith(word):
            return k
    return "other" if kind or out.header.letter else "plan"


def _date(out: Outline) -> str | None:
    if out.header.date:
        return out.header.date
    issued = out.header.metadata.get("ngày ban hành", "")
    m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", issued)
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else None


def sentence_case(title: str, citations: list[Citation], rec: Recogniser, p: Province | None) -> str:
    """A title printed in capitals, in sentence case with its numbers, names and numerals restored."""
    letters = [c for c in title if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.9 * len(letters):
        return title[:1].upper() + title[1:]  # "thực hiện Nghị quyết ..." under "KẾ HOẠCH": a title all the same
    out = title.lower()
    for c in citations:
        out = re.sub(re.escape(c.printed.lower()), c.number, out)
    for m in reversed(rec.find_all(out)):
        if not m.collective and len(m.names) == 1 and m.agencies and m.agencies[0].known:
            out = out[: m.start] + m.names[0] + out[m.end:]
    out = re.sub(r"\b(khóa|khoá|lần thứ) ([ivxlc]+)\b", lambda m: f"{m.group(1)} {m.group(2).upper()}", out)
    for kind in ("nghị quyết", "quyết định", "chương trình", "kế hoạch", "kết luận", "chỉ thị", "nghị định", "chiến lược"):
        out = re.sub(rf"\b{kind}(?= (số|hành động|của|\d))", kind.capitalize(), out)
    if p:
        out = re.sub(rf"\b{re.escape(p.name.lower())}\b", p.name, out)
    out = re.sub(r"\b(bch|ubnd|hđnd|tw)\b", lambda m: m.group(1).upper(), out)
    out = out.replace("đảng bộ", "Đảng bộ").replace("trung ương đảng", "Trung ương Đảng")
    out = out.replace("bch trung ương", "BCH Trung ương").replace("BCH trung ương", "BCH Trung ương")
    return out[:1].upper() + out[1:]


def _spans_of_implementation(out: Outline) -> list[tuple[int, int]]:
    """Title(s), opening paragraph(s) and the promulgating article: where a plan says what it carries out."""
    header = out.header
    spans: list[tuple[int, int]] = []
    if header.title_lines:
        spans.append(header.title_lines)
    if header.attached_line:  # the attached plan's own title, in capitals after its kind line
        after = [p for p in out.paragraphs if p.line_start > header.attached_line]
        spans += [(p.line_start, p.line_end) for p in after[:3] if p.text.isupper()]
    preamble = [b for b in out.blocks if b.zone == "preamble" and b.kind == "paragraph"]
    openers = [b for b in preamble if re.match(r"^(?:(?:tiếp tục|để|nhằm|để tiếp tục|nhằm tiếp tục)\s+)?"
                                                r"(thực hiện|triển khai|để triển khai|để tổ chức|nhằm|cụ thể hóa)",
                                                fold(b.text))]
    if header.attached_line:
        openers = [b for b in openers if b.line_start > header.attached_line] or openers
    spans += [(b.line_start, b.line_end) for b in openers[:2]]
    for b in out.blocks:
        if b.kind == "article" and b.label == "1" and re.search(r"ban hành kèm theo", fold(b.text)):
            spans.append((b.line_start, b.line_end))
    return spans


def _header_span(out: Outline) -> dict[str, int]:
    """The lines of the header that identify the document (number, kind, title), first to last."""
    header = out.header
    lines = [x for x in (header.number_line, header.kind_line, *(header.title_lines or ())) if x] or [1]
    return {"line_start": min(lines), "line_end": max(lines)}


def _basis(out: Outline, citations: list[Citation]) -> None:
    """Mark citations of "Căn cứ ..." paragraphs before the body: the document's legal basis."""
    spans = [(b.line_start, b.line_end) for b in out.blocks
             if b.zone in ("preamble", "decision") and fold(b.text).startswith("căn cứ")]
    for c in citations:
        c.basis = any(a <= c.line_start <= b for a, b in spans)


def extract_text(text: Text) -> Record:
    """Extract the record of one document already read."""
    out = outline(text)
    p = _province(out, text)
    national = _national_issuer(out)
    if national:
        p = None  # a ministry's or the Government's document: national, whatever its place line says
    rec = recogniser(p.name if p else None, _tier(national, _date(out) or out.header.period),
                     city=bool(p and p.level == "thành phố"))
    lines = text.lines
    citations = find_citations(lines)
    own = out.header.number or (out.header.metadata.get("số hiệu") and
                                 next((c.number for c in citations if c.printed in out.header.metadata["số hiệu"]), None))
    citations = [c for c in citations if c.number != own]
    citations += alias_mentions(lines, citations)
    citations.sort(key=lambda c: (c.line_start, c.column))
    _basis(out, citations)
    implements = implemented(lines, citations, _spans_of_implementation(out), own)
    for c in citations:
        c.implements = c.number in implements
    paragraphs = [(q.line_start, q.line_end) for q in out.paragraphs]
    chain = implemented_chain(lines, citations, paragraphs)
    references = list(dict.fromkeys(c.number for c in citations))
    number = own
    kind = _kind(out, number)
    title = out.header.title
    document = DocumentInfo(
        number=number, kind=kind, issuer=_issuer(out, text, rec, p), date=_date(out),
        title=sentence_case(title, citations, rec, p) if title else None,
        jurisdiction=p.name if p else ("Việt Nam" if national else None),
        **_header_span(out),
    )
    issuer_text = " ; ".join(t for t in (out.header.issuer_text, out.header.metadata.get("nơi ban hành"),
                                         out.header.metadata.get("cơ quan ban hành")) if t)
    issuer = frozenset(fold(n) for m in rec.find_all(issuer_text) if not m.collective for n in m.names)
    mandates = extract_mandates(out, rec, citations, issuer)
    _resolve_bare_heads(mandates, out, rec)
    _unify_agencies(mandates, rec, p)
    agencies = _agencies(mandates, rec)
    if rec.city:
        agencies = _in_city_words(mandates, agencies)
    return Record(source=text.source, document=document, implements=implements, references=references,
                  mandates=mandates, citations=citations, implements_chain=chain,
                  agencies=agencies, path=text.path, encoding=text.encoding,
                  warnings=list(text.warnings))


def _resolve_bare_heads(mandates, out: Outline, rec: Recogniser) -> None:
    """A body named by its head noun alone ("Hội đồng", "Ban Chỉ đạo", "Trung tâm") is the one of that kind the
    document last named in full before it ("Hội đồng Thi đua - Khen thưởng tỉnh ... Hội đồng xét ..."), else the
    first named after it; one a document never names in full stays as printed. Without this, every document's
    "Ban Chỉ đạo" would be one body in the graph."""
    heads = set(rec.heads)
    bare = {n for m in mandates for n in m.lead + m.coordinators if n in heads}
    if not bare:
        return
    named: dict[str, list[tuple[int, str]]] = {}
    for head in bare:
        pattern = re.compile(rf"(?<!\w){re.escape(head)}\s+(?=[A-ZĐ\d])")
        for q in out.paragraphs:
            for m in pattern.finditer(q.text):
                mention = rec.at(q.text, m.start())
                if mention and len(mention.names) == 1 and mention.names[0].startswith(head + " "):
                    named.setdefault(head, []).append((q.line_start, mention.names[0]))
    for m in mandates:
        for role in ("lead", "coordinators"):
            names = getattr(m, role)
            if any(n in named and not _described(m.text, n, rec) for n in names):
                setattr(m, role, list(dict.fromkeys(_full_name(n, m.line, named) if not _described(m.text, n, rec)
                                                    else n for n in names)))
        m.coordinators = [n for n in m.coordinators if n not in m.lead]


_NEAR_BEFORE, _NEAR_AFTER = 300, 40  # lines: how far the full name may stand from the bare one


def _described(text: str, head: str, rec: Recogniser) -> bool:
    """Whether the head in `text` goes on with words that make another body of its kind ("Hội đồng quản lý
    Quỹ", "Hội đồng khoa học"), not the one named before."""
    for m in re.finditer(rf"(?<!\w){re.escape(head)}\s+(\w+)", text):
        word = m.group(1)
        if word[:1].islower() and not fold(text[m.start(1):]).startswith(rec.predicates):
            return True
    return False


def _full_name(name: str, line: int, named: dict[str, list[tuple[int, str]]]) -> str:
    found = named.get(name, [])
    before = [full for at, full in found if line - _NEAR_BEFORE <= at <= line]
    after = [full for at, full in found if line < at <= line + _NEAR_AFTER]
    return before[-1] if before else after[0] if after else name


def _unify_agencies(mandates, rec: Recogniser, p: Province | None) -> None:
    unknown = [n for m in mandates for n in m.lead + m.coordinators if not rec.describe(n).known
               and rec.describe(n).kind != "collective"]
    mapping = unify_names(unknown, p.name if p else None)
    if not mapping:
        return
    for m in mandates:
        m.lead = list(dict.fromkeys(mapping.get(n, n) for n in m.lead))
        m.coordinators = [n for n in dict.fromkeys(mapping.get(n, n) for n in m.coordinators) if n not in m.lead]


def _agencies(mandates, rec: Recogniser) -> list[Agency]:
    seen: dict[str, Agency] = {}
    for m in mandates:
        for name in m.lead + m.coordinators:
            if name not in seen:
                seen[name] = rec.describe(name)
    return list(seen.values())


def _in_city_words(mandates, agencies: list[Agency]) -> list[Agency]:
    """A centrally-run city's bodies of provincial level named in its words ("Công an tỉnh" -> "Công an thành
    phố"): the names its documents print, the same in every one of them."""
    renamed = {a.name: city_form(a.name) for a in agencies
               if a.known and a.level == "province" and a.kind != "collective"}
    renamed = {k: v for k, v in renamed.items() if k != v}
    if not renamed:
        return agencies
    for m in mandates:
        m.lead = [renamed.get(n, n) for n in m.lead]
        m.coordinators = [renamed.get(n, n) for n in m.coordinators]
    return [dataclasses.replace(a, name=renamed[a.name]) if a.name in renamed else a for a in agencies]


def extract_file(path: str | Path) -> Record:
    """Read and extract one file. Raises GraphbuildError (one line naming the file) on bad input."""
    return extract_text(read_text(path))


def source_identity(file: Path, folders: Iterable[Path] = ()) -> tuple[str, str]:
    """A file's identity in the graph: its path within the folder it was found in (its name when given
    directly), so that `a/plan.txt` and `b/plan.txt` stay two files, and the SHA-256 of its bytes."""
    name = file.name
    for folder in folders:
        try:
            name = file.resolve().relative_to(folder.resolve()).as_posix()
            break
        except ValueError:
            continue
    return name, hashlib.sha256(file.read_bytes()).hexdigest()


@dataclass
class ExtractionRun:
    records: list[Record] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def extract_paths(paths: Iterable[str | Path], on_record: Callable[[Record], None] | None = None) -> ExtractionRun:
    """Extract every supported file under `paths` (files or folders). Bad files are reported in
    `problems` (one line each) and skipped; the others are still processed."""
    paths = list(paths)
    files, problems = find_inputs(paths)
    run = ExtractionRun(problems=list(problems))
    folders = [Path(p) for p in paths if Path(p).is_dir()]
    for f in files:
        try:
            record = extract_file(f)
        except GraphbuildError as err:
            run.problems.append(str(err))
            continue
        record.source, record.checksum = source_identity(f, folders)
        run.records.append(record)
        if on_record:
            on_record(record)
    return run


def write_record(record: Record, directory: str | Path, name: str | None = None) -> Path:
    """Write `DIR/<name>` (default `<file stem>.json`; pipeline.record_file_names keeps names apart)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / (name or f"{Path(record.source).stem}.json")
    target.write_text(json.dumps(record.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    return target
