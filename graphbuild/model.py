"""Plain dataclasses for everything the pipeline passes between stages.

Stages (one module each): read -> outline -> citations / agencies / mandates -> record
-> graph -> rdf / neo4j / exports / queries / views. Every extracted fact carries its
provenance: the source file name and a 1-based line span.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Text:
    """A document read into NFC lines.

    `lines[i]` is source line `i + 1`. For .docx and .pdf, a "line" is a paragraph, a
    table row (cells joined by " | ") or a line of the text layer, numbered in reading order.
    """

    source: str  # file name as given (no directory)
    path: str  # path it was read from
    lines: list[str]
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "windows-1258", "docx", "pdf"
    format: str  # "txt", "md", "docx", "pdf"
    warnings: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    """A logical paragraph of the outline: physical lines joined where the text was wrapped."""

    text: str
    line_start: int
    line_end: int
    cells: list[str] | None = None  # a `|` row


@dataclass
class Block:
    """One unit of the outline: a heading, a numbered/lettered item, a bullet, a paragraph or a table row.

    `label` is the printed marker ("II", "3", "b", "-", "Phụ lục"); `text` is the unit's
    text with line breaks folded and without the marker. `path` is the section path
    (("II", "3", "b") ...). Table rows carry their cells keyed by column role.
    """

    kind: str  # "part", "roman", "number", "letter", "bullet", "paragraph", "row", "title"
    label: str
    text: str
    line_start: int
    line_end: int
    path: tuple[str, ...] = ()
    cells: dict[str, str] = field(default_factory=dict)
    in_appendix: bool = False
    zone: str = "body"  # "preamble", "decision", "body", "appendix"


@dataclass
class Citation:
    """A document cited by number (số ký hiệu), with what the text says about it."""

    number: str  # normalised: "58-NQ/TW", "685/2007/QĐ-UBND"
    kind: str  # resolution, decision, plan, program, conclusion, directive, decree, circular, letter, law, other
    issuer: str | None  # "Bộ Chính trị", "Chính phủ", "UBND tỉnh Thanh Hóa" ...
    date: str | None  # ISO date when printed
    line_start: int
    line_end: int
    printed: str  # the number as printed
    basis: bool = False  # cited as legal basis (Căn cứ ...)
    implements: bool = False  # this document says it carries it out
    alias: str | None = None  # short name the text defines ("Nghị quyết 29")
    level: str = "province"  # "nation" when the code implies a central body, else "province"
    column: int = 0  # character offset of the number in line `line_start`


@dataclass
class Agency:
    """An agency as the gazetteer knows it (or as printed, when it does not)."""

    name: str  # canonical name ("Sở Kế hoạch và Đầu tư", "UBND cấp huyện")
    kind: str  # department, committee, ministry, party, collective, army, police, press, bank, ...
    level: str  # "nation" or "province"
    known: bool = True  # False when not in the gazetteer
    en: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class Mandate:
    """One unit of assigned work (nhiệm vụ): who leads (chủ trì), who coordinates (phối hợp), by when."""

    line: int
    line_end: int
    section: str
    text: str
    lead: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    due: str | None = None  # YYYY, YYYY-MM, YYYY-QN, YYYY-MM-DD or YYYY/YYYY
    due_text: str | None = None
    recurring: str | None = None  # annual, semiannual, quarterly, monthly
    product: str | None = None
    mentions: list[str] = field(default_factory=list)  # numbers of documents the text cites
    alt_texts: list[str] = field(default_factory=list)
    appendix_line: int | None = None  # line of the appendix row merged into this mandate
    lead_source: str = "text"  # where the lead was read: text, heading, context (a lead-in or the unit above), row


@dataclass
class DocumentInfo:
    number: str | None
    kind: str
    issuer: str | None
    date: str | None
    title: str | None
    jurisdiction: str | None = None  # province name ("Thanh Hóa") or "Việt Nam" for central bodies
    line_start: int = 1
    line_end: int = 1


@dataclass
class Record:
    """The extraction record of one document (format: ../shared/eval/SCHEMA.md, plus extra fields)."""

    source: str  # path within the corpus folder it was read from ("a/plan.txt"), or the file name
    document: DocumentInfo
    implements: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    mandates: list[Mandate] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    implements_chain: list[tuple[str, str]] = field(default_factory=list)  # (a, b): a carries out b
    agencies: list[Agency] = field(default_factory=list)
    path: str | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    checksum: str | None = None  # SHA-256 of the source file's bytes (file identity: path in the corpus + checksum)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON values (dataclasses as dicts, tuples as lists): what record files hold."""
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Read a record back, including records that carry only the SCHEMA.md fields (gold files)."""
        doc = data.get("document") or {}
        document = DocumentInfo(**{k: doc.get(k) for k in ("number", "kind", "issuer", "date", "title")},
                                jurisdiction=doc.get("jurisdiction"),
                                line_start=doc.get("line_start") or 1, line_end=doc.get("line_end") or 1)
        document.kind = document.kind or "other"
        mandate_fields = set(Mandate.__dataclass_fields__)
        mandates = []
        for m in data.get("mandates") or []:
            values = {k: v for k, v in m.items() if k in mandate_fields}
            values.setdefault("line_end", values.get("line"))
            values.setdefault("section", "")
            values["lead"] = list(values.get("lead") or [])
            values["coordinators"] = list(values.get("coordinators") or [])
            mandates.append(Mandate(**values))
        citation_fields = set(Citation.__dataclass_fields__)
        citations = [Citation(**{k: v for k, v in c.items() if k in citation_fields}) for c in data.get("citations") or []]
        agencies = [Agency(**{**a, "aliases": tuple(a.get("aliases") or ())}) for a in data.get("agencies") or []]
        return cls(
            source=data["source"],
            document=document,
            implements=list(data.get("implements") or []),
            references=list(data.get("references") or []),
            mandates=mandates,
            citations=citations,
            implements_chain=[tuple(p) for p in data.get("implements_chain") or []],
            agencies=agencies,
            path=data.get("path"),
            encoding=data.get("encoding"),
            warnings=list(data.get("warnings") or []),
            checksum=data.get("checksum"),
        )


def _plain(value: Any) -> Any:
    """dataclasses.asdict without its deep copies (a record is written for every file of a large corpus)."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
