"""Records -> one networkx MultiDiGraph with cross-document identity (docs/graph-schema.md).

Every key is built from content by graphbuild.schema (`document_key`, `agency_key`, `mandate_key`:
a mandate by the hash of its text within its document), so a rebuild from the same records gives
the same ids, an edit above a task renames nothing, and every store (RDF, Neo4j, GraphML, CSV)
uses these keys. Records are processed in order of their source name, so the result does not
depend on the order in which they are given.

Edge provenance: `source` is the first file (in name order) that states the fact and `lines`
its lines in that file; `sources` lists every file that states it and `count` counts every
occurrence in all of them.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild import agencies as gazetteer
from graphbuild import knowledge, places, reorganisation
from graphbuild.citations import number_kind, number_level
from graphbuild.dataset import build_time
from graphbuild.errors import GraphbuildError
from graphbuild.model import Agency, Citation, Mandate, Record
from graphbuild.schema import (  # noqa: F401  (the key helpers are part of this module's API too)
    AGENCY,
    COORDINATES,
    DOCUMENT,
    DOCUMENT_KINDS,
    IMPLEMENTS,
    ISSUED_BY,
    JURISDICTION,
    LEADS,
    MANDATE,
    MENTIONS,
    NATION_NAME,
    NATION_SLUG,
    PART_OF,
    REFERENCES,
    UNKNOWN_NAME,
    UNKNOWN_SLUG,
    agency_key,
    document_key,
    due_end,
    jurisdiction_key,
    jurisdiction_slug,
    mandate_key,
    mandate_keys,
    normalise_number,
    slug,
    text_hash,
)

_PROVINCE_RE = re.compile(
    r"(?P<unit>\b[Tt]ỉnh ủy|\b[Tt]hành ủy|\b[Tt]ỉnh|\b[Tt]hành phố|\bTP\.?)\s+(?P<name>[^\W\d_][^,;()]*?)\s*$"
)


# ---------------------------------------------------------------------------- numbers and names

def province_of(name: str | None) -> str | None:
    """The province an agency or issuer name ends with: `UBND tỉnh Thanh Hóa` -> `Thanh Hóa`."""
    if not name:
        return None
    m = _PROVINCE_RE.search(unicodedata.normalize("NFC", name.strip()))
    if not m or not m.group("name")[0].isupper():
        return None
    province = m.group("name")
    if m.group("unit").casefold() in ("tỉnh", "tỉnh ủy"):
        return province
    # Centrally-run cities are provinces (ontology/provinces.toml); any other "thành phố X" is a city inside one.
    city = places.province(province)
    return province if city and city.level == "thành phố" and city.name == province else None


def _strip_province(name: str, jur: str) -> str:
    """`UBND tỉnh Thanh Hóa` in Thanh Hóa is `UBND tỉnh`, the name the plan's own mandates use."""
    m = _PROVINCE_RE.search(name)
    if m and jurisdiction_slug(m.group("name")) == jur and province_of(name):
        return name[:m.start("name")].rstrip()
    return name


# ---------------------------------------------------------------------------- per-record context

@dataclass
class _Cited:
    """Everything one record says about one cited document (one number, one printed date)."""

    number: str
    jur: str
    date: str | None
    citations: list[Citation] = field(default_factory=list)
    in_references: bool = False
    implements: bool = False


@dataclass
class _Context:
    record: Record
    jur: str
    jur_name: str
    own_number: str | None
    cited: dict[tuple[str, str | None], _Cited] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    texts: Counter[str] = field(default_factory=Counter)  # mandates of this record per text hash

    @property
    def source(self) -> str:
        return self.record.source


def record_jurisdiction(record: Record) -> str:
    """The jurisdiction name of a record: its own field, else the province its issuer names, else Việt Nam
    when the number or the issuer is central, else `Không xác định`."""
    doc = record.document
    if doc.jurisdiction:
        return NATION_NAME if jurisdiction_slug(doc.jurisdiction) == NATION_SLUG else doc.jurisdiction
    province = province_of(doc.issuer)
    if province:
        return province
    if (doc.number and number_level(doc.number) == "nation") or (doc.issuer and gazetteer.lookup(doc.issuer).level
                                                                  == "nation"):
        return NATION_NAME
    return UNKNOWN_NAME


def _context(record: Record) -> _Context:
    jur_name = record_jurisdiction(record)
    own = normalise_number(record.document.number) if record.document.number else None
    ctx = _Context(record, jurisdiction_slug(jur_name), jur_name, own)
    for agency in record.agencies:
        for name in (agency.name, *agency.aliases):
            ctx.agencies.setdefault(name, agency)
    by_number: dict[str, list[Citation]] = defaultdict(list)
    for c in record.citations:
        by_number[normalise_number(c.number).casefold()].append(c)
    wanted = [(n, "ref") for n in record.references] + [(n, "impl") for n in record.implements]
    wanted += [(c.number, "cit") for c in record.citations]
    for raw, why in wanted:
        number = normalise_number(raw)
        fold = number.casefold()
        if own and fold == own.casefold():
            continue
        cits = by_number.get(fold, [])
        dated = {id(c): _fitting_date(c, cits, record.document.date) for c in cits}
        for date in sorted(set(dated.values()), key=lambda d: d or "") or [None]:
            group = [c for c in cits if dated[id(c)] == date]
            cited = ctx.cited.get((fold, date))
            if cited is None:
                cited = ctx.cited[(fold, date)] = _Cited(number, _cited_jurisdiction(ctx, number, group), date,
                                                         group)
            cited.in_references |= why == "ref"
            cited.implements |= why == "impl" or any(c.implements for c in group)
    return ctx


def _fitting_date(c: Citation, cits: list[Citation], before: str | None) -> str | None:
    """The date of the document an undated citation names, when only one fits: the one date printed for that
    number in the text ("58-NQ/TW" again after "58-NQ/TW ngày 05/8/2020"), else the one printed before it
    (a repeat refers back), else the one not after the citing document's own date; None when several fit."""
    if c.date:
        return c.date
    dates = {d.date for d in cits if d.date}
    if len(dates) <= 1:
        return next(iter(dates), None)
    earlier = {d.date for d in cits if d.date and (d.line_start, d.column) < (c.line_start, c.column)}
    if earlier:
        return earlier.pop() if len(earlier) == 1 else None
    return only_fitting_date(dates, before)


def only_fitting_date(dates: Iterable[str], before: str | None) -> str | None:
    """The one date of `dates` not after `before` (a document cannot cite what was issued after it), else None."""
    fits = {d for d in dates if before is None or d <= before}
    return next(iter(fits)) if len(fits) == 1 else None


def _cited_jurisdiction(ctx: _Context, number: str, citations: list[Citation]) -> str:
    if number_level(number) == "nation" or any(c.level == "nation" for c in citations):
        return NATION_SLUG
    province = next((p for p in map(province_of, (c.issuer for c in citations)) if p), None)
    return jurisdiction_slug(province) if province else ctx.jur


# ---------------------------------------------------------------------------- building

def _kind_parent(info: Agency, jur: str, name: str) -> str | None:
    """The body a provincial agency of this kind belongs to (agencies.toml [parents]: a Sở to the UBND tỉnh)."""
    if info.level != "province" or jur in (NATION_SLUG, UNKNOWN_SLUG):
        return None
    parent = knowledge.agencies().get("parents", {}).get(info.kind)
    return parent if parent and parent != name else None


def _gazetteer_parent(name: str, province: str | None) -> str | None:
    """The parent body the gazetteer records for an agency (a department of a ministry ...), if any."""
    recogniser = getattr(gazetteer, "recogniser", None)
    return recogniser(province).parent(name) if recogniser else None


def parent_of(info: Agency, name: str, jur: str, province: str | None) -> str | None:
    """The body an agency belongs to: its record's, the gazetteer's, or the one its kind belongs to (a Sở to
    the UBND tỉnh)."""
    return getattr(info, "parent", None) or _gazetteer_parent(info.name, province) or _kind_parent(info, jur, name)


def _doc_attrs(number: str | None, kind: str, jur: str, source: str, line_start: int | None, line_end: int | None,
               *, title: str | None = None, date: str | None = None, issuer: str | None = None,
               in_corpus: bool = False) -> dict[str, Any]:
    """All Document attributes, so every Document node has the same keys (None when unknown). A span given
    backwards (a header read as lines 5 to 1) is put in order: a span runs from its first line to its last."""
    if line_start is not None and line_end is not None and line_end < line_start:
        line_start, line_end = line_end, line_start
    return {"number": number, "kind": kind, "title": title, "date": date, "issuer": issuer,
            "jurisdiction": jurisdiction_key(jur), "in_corpus": in_corpus, "source": source,
            "line_start": line_start, "line_end": line_end}


# ---------------------------------------------------------------------------- identity across the corpus

Ident = tuple[str, str]  # (jurisdiction slug, case-folded number): one document number in one jurisdiction


@dataclass(frozen=True)
class NumberClaim:
    """What one record says about one number: the record's own number (`owned`), or a number it cites, printed
    as `variant` `weight` times, with the date printed beside it."""

    ident: Ident
    variant: str
    weight: int
    owned: bool
    date: str | None


@dataclass(frozen=True)
class Claims:
    """A record's say in corpus-wide identity: its numbers, and the jurisdictions it names (tier 0: its own,
    1: a province an agency or issuer name ends with)."""

    numbers: tuple[NumberClaim, ...]
    jurisdictions: tuple[tuple[str, str, int], ...]  # (slug, name, tier)


def claims(ctx: _Context) -> Claims:
    numbers = []
    if ctx.own_number:
        numbers.append(NumberClaim((ctx.jur, ctx.own_number.casefold()), ctx.own_number, 0, True,
                                   ctx.record.document.date))
    for (fold, date), cited in ctx.cited.items():
        numbers.append(NumberClaim((cited.jur, fold), cited.number, max(1, len(cited.citations)), False, date))
    rec = ctx.record
    printed = [rec.document.issuer, *(c.issuer for c in rec.citations),
               *(name for m in rec.mandates for name in (*m.lead, *m.coordinators))]
    named = [(jurisdiction_slug(p), p, 1) for p in dict.fromkeys(map(province_of, printed)) if p]
    return Claims(tuple(numbers), ((ctx.jur, ctx.jur_name, 0), *named))


def decide_number(claims_in_order: Iterable[NumberClaim]) -> tuple[str | None, frozenset[str]]:
    """The canonical spelling of one number (the document's own, else the most cited variant) and every date
    printed for it, from the claims of the records in source order."""
    owned: str | None = None
    variants: Counter[str] = Counter()
    dates: set[str] = set()
    for claim in claims_in_order:
        if claim.owned:
            owned = owned or claim.variant
        else:
            variants[claim.variant] += claim.weight
        if claim.date:
            dates.add(claim.date)
    canonical = owned or (min(variants, key=lambda v: (-variants[v], v)) if variants else None)
    return canonical, frozenset(dates)


def decide_jurisdiction_name(names_in_order: Iterable[tuple[str, int]]) -> str | None:
    """The name of a jurisdiction slug: the first a record gives as its own, else the first an agency name gives."""
    best = None
    for name, tier in names_in_order:
        if best is None or tier < best[1]:
            best = (name, tier)
    return best[0] if best else None


class Identity:
    """The corpus-wide decisions keys depend on: each number's canonical spelling and dates (a number printed
    with two dates names two documents) and each jurisdiction's name.

    `numbers` and `names` are functions, so a store can answer from its tables what an in-memory build
    answers from all the records; `used` collects every number and jurisdiction asked about (what a
    record's part of the graph depends on).
    """

    def __init__(self, numbers: Callable[[Ident], tuple[str | None, frozenset[str]]],
                 names: Callable[[str], str | None]) -> None:
        self._numbers, self._names = numbers, names
        self.used_numbers: set[Ident] = set()
        self.used_names: set[str] = set()

    @classmethod
    def of(cls, contexts: Iterable[_Context]) -> Identity:
        number_claims: dict[Ident, list[NumberClaim]] = defaultdict(list)
        name_claims: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for ctx in contexts:  # in source order
            said = claims(ctx)
            for claim in said.numbers:
                number_claims[claim.ident].append(claim)
            for slug_, name, tier in said.jurisdictions:
                name_claims[slug_].append((name, tier))
        numbers = {ident: decide_number(c) for ident, c in number_claims.items()}
        names = {slug_: decide_jurisdiction_name(c) for slug_, c in name_claims.items()}
        return cls(lambda ident: numbers.get(ident, (None, frozenset())), names.get)

    def number(self, ident: Ident) -> tuple[str | None, frozenset[str]]:
        self.used_numbers.add(ident)
        return self._numbers(ident)

    def canonical(self, ident: Ident, default: str | None = None) -> str | None:
        return self.number(ident)[0] or default

    def dates(self, ident: Ident) -> frozenset[str]:
        return self.number(ident)[1]

    def name(self, jur: str) -> str | None:
        self.used_names.add(jur)
        return NATION_NAME if jur == NATION_SLUG and not self._names(jur) else self._names(jur)


# ---------------------------------------------------------------------------- one record's part of the graph

class _Builder:
    """Builds the part of the graph one record states (a fragment), with keys decided corpus-wide (`identity`)."""

    def __init__(self, identity: Identity) -> None:
        self.G = nx.MultiDiGraph()
        self.identity = identity
        self.local_names: dict[str, str] = {}

    # -- identity

    def doc_key(self, jur: str, number: str, date: str | None, citing_date: str | None = None) -> str:
        """The key of a cited number; an undated citation of a number printed with several dates joins the one
        dated document that fits the citing document's date (`only_fitting_date`), else stays undated."""
        ident = (jur, number.casefold())
        canonical, dates = self.identity.number(ident)
        split = len(dates) > 1
        if split and date is None and citing_date is not None:
            date = only_fitting_date(dates, citing_date)
        return document_key(canonical or number, jur, date if split else None)

    def own_key(self, ctx: _Context) -> str:
        if ctx.own_number:
            return self.doc_key(ctx.jur, ctx.own_number, ctx.record.document.date)
        return document_key(None, ctx.jur, source=ctx.source)

    def resolve(self, ctx: _Context, number: str, lines: tuple[int, int] | None = None) -> str:
        """The key of a number a mandate (on `lines`) or an implements pair names, using the record's own dated
        citations."""
        number = normalise_number(number)
        fold = number.casefold()
        if ctx.own_number and fold == ctx.own_number.casefold():
            return self.own_key(ctx)
        matches = [c for (f, _), c in ctx.cited.items() if f == fold]
        if len(matches) == 1:
            return self.doc_key(matches[0].jur, matches[0].number, matches[0].date, ctx.record.document.date)
        near = [c for c in matches if lines and any(lines[0] <= x.line_start <= lines[1] for x in c.citations)]
        if len(near) == 1:  # a mandate names the one cited on its own lines
            return self.doc_key(near[0].jur, near[0].number, near[0].date, ctx.record.document.date)
        if matches:  # the record cites two documents of that number: the undated key says "one of them"
            return self.doc_key(matches[0].jur, number, None)
        jur = NATION_SLUG if number_level(number) == "nation" else ctx.jur
        return self.doc_key(jur, number, None, ctx.record.document.date)

    # -- nodes

    def jurisdiction(self, jur: str, source: str, line: int | None) -> str:
        key = jurisdiction_key(jur)
        if key not in self.G:
            level = "nation" if jur == NATION_SLUG else "unknown" if jur == UNKNOWN_SLUG else "province"
            self.G.add_node(key, id=key, label=JURISDICTION, name=self._jur_name(jur) or jur, level=level,
                            source=source, line_start=line, line_end=line)
        return key

    def document(self, key: str, attrs: dict[str, Any]) -> None:
        """Add a Document node, or fill the attributes an earlier, poorer mention left empty."""
        if key not in self.G:
            self.G.add_node(key, id=key, label=DOCUMENT, **attrs)
            return
        node = self.G.nodes[key]
        if attrs["in_corpus"] and not node["in_corpus"]:
            node.update(attrs)
            return
        for name, value in attrs.items():
            if node.get(name) in (None, "other") and value not in (None, "other"):
                node[name] = value

    def ensure_document(self, key: str, number: str, source: str, line: int | None, line_end: int | None) -> None:
        """A document known only from a mandate's mention or an implements pair: what its number says."""
        if key in self.G:
            return
        jur = key.split("/")[1]
        self.jurisdiction(jur, source, line)
        self.document(key, _doc_attrs(normalise_number(number), number_kind(number), jur, source, line, line_end))
        self.G.nodes[key]["_weak"] = True  # across records: only where no other record has the document

    def agency(self, ctx: _Context, printed: str, default_jur: str, line: int | None, depth: int = 0) -> str:
        """The key of an agency named in a record, creating it (and its PART_OF edges) on first sight.

        The record's own `agencies` entry describes it when there is one, else the gazetteer,
        told the province so that `UBND tỉnh Thanh Hóa` and `UBND tỉnh` name one body.
        """
        named_province = province_of(printed)
        province = named_province or self._province_name(default_jur)
        info = ctx.agencies.get(printed)
        from_record = info is not None
        info = info or gazetteer.lookup(printed, province=province)
        if info.level == "nation":
            jur = NATION_SLUG
        else:
            jur = jurisdiction_slug(named_province) if named_province else default_jur
            if named_province:
                self.local_names.setdefault(jur, named_province)
        name = info.name if jur == NATION_SLUG else _strip_province(info.name, jur)
        key = agency_key(name, jur)
        aliases = {a for a in (printed, *info.aliases) if a != name}
        if key not in self.G:
            self.G.add_node(key, id=key, label=AGENCY, name=name, name_en=info.en, kind=info.kind,
                            jurisdiction=jurisdiction_key(jur), level=info.level, known=info.known,
                            aliases=sorted(aliases), source=ctx.source, line_start=line, line_end=line,
                            _from_record=from_record)
        else:
            node = self.G.nodes[key]
            node["aliases"] = sorted(set(node["aliases"]) | aliases)
            if from_record and not node["_from_record"]:
                node.update(kind=info.kind, level=info.level, known=info.known, name_en=info.en, _from_record=True)
        self.edge(key, self.jurisdiction(jur, ctx.source, line), PART_OF, ctx.source, [line])
        parent = parent_of(info, name, jur, province)
        if parent and depth < 5:
            self.edge(key, self.agency(ctx, parent, jur, line, depth + 1), PART_OF, ctx.source, [line])
        return key

    def _province_name(self, jur: str) -> str | None:
        return None if jur in (NATION_SLUG, UNKNOWN_SLUG) else self._jur_name(jur)

    def _jur_name(self, jur: str) -> str | None:
        return self.identity.name(jur) or self.local_names.get(jur)

    # -- edges

    def edge(self, u: str, v: str, etype: str, source: str, lines: Iterable[int | None], n: int = 1,
             **attrs: Any) -> None:
        """Add a fact; a fact seen again is counted, its lines (in the first source) and files collected."""
        lines = {line for line in lines if line is not None}
        if self.G.has_edge(u, v, key=etype):
            data = self.G.edges[u, v, etype]
            data["count"] += n
            if source == data["source"]:
                data["lines"] = sorted(set(data["lines"]) | lines)
            if source not in data["sources"]:
                data["sources"] = sorted([*data["sources"], source])
            if attrs.get("basis"):
                data["basis"] = True
            return
        self.G.add_edge(u, v, key=etype, type=etype, source=source, sources=[source], lines=sorted(lines),
                        count=n, **attrs)

    # -- one record

    def add_record(self, ctx: _Context) -> None:
        rec, doc = ctx.record, ctx.record.document
        own = self.own_key(ctx)
        header = (doc.line_start, doc.line_end)
        self.jurisdiction(ctx.jur, ctx.source, doc.line_start)
        number = self.identity.canonical((ctx.jur, ctx.own_number.casefold())) if ctx.own_number else None
        self.document(own, _doc_attrs(number, doc.kind or "other", ctx.jur, ctx.source, doc.line_start, doc.line_end,
                                      title=doc.title, date=doc.date, issuer=doc.issuer, in_corpus=True))
        if doc.issuer:
            self.edge(own, self.agency(ctx, doc.issuer, ctx.jur, doc.line_start), ISSUED_BY, ctx.source, header)

        implemented: set[str] = set()
        for cited in ctx.cited.values():
            key = self.doc_key(cited.jur, cited.number, cited.date, doc.date)
            cits = sorted(cited.citations, key=lambda c: c.line_start)
            first = cits[0] if cits else None
            kind = next((c.kind for c in cits if c.kind and c.kind != "other"), None) or number_kind(cited.number)
            issuer = next((c.issuer for c in cits if c.issuer), None)
            self.jurisdiction(cited.jur, ctx.source, first.line_start if first else None)
            number = self.identity.canonical((cited.jur, cited.number.casefold()), cited.number)
            self.document(key, _doc_attrs(number, kind, cited.jur, ctx.source, first and first.line_start,
                                          first and first.line_end, date=cited.date, issuer=issuer))
            if issuer:
                self.edge(key, self.agency(ctx, issuer, cited.jur, first.line_start), ISSUED_BY, ctx.source,
                          [c.line_start for c in cits if c.issuer == issuer])
            if key == own:
                continue
            self.edge(own, key, REFERENCES, ctx.source, [c.line_start for c in cits], n=max(1, len(cits)),
                      basis=any(c.basis for c in cits))
            if cited.implements and key not in implemented:
                implemented.add(key)
                flagged = [c.line_start for c in cits if c.implements]
                self.edge(own, key, IMPLEMENTS, ctx.source, flagged)

        for a, b in rec.implements_chain:
            lines_a = {c.line_start for c in rec.citations if normalise_number(c.number).casefold()
                       == normalise_number(a).casefold()}
            lines_b = {c.line_start for c in rec.citations if normalise_number(c.number).casefold()
                       == normalise_number(b).casefold()}
            shared = lines_a & lines_b
            span = (min(shared), max(shared)) if shared else None
            ka, kb = self.resolve(ctx, a, span), self.resolve(ctx, b, span)
            if ka == kb or (ka == own and kb in implemented):
                continue
            self.ensure_document(ka, a, ctx.source, None, None)
            self.ensure_document(kb, b, ctx.source, None, None)
            self.edge(ka, kb, IMPLEMENTS, ctx.source, shared or lines_a)

        for m in rec.mandates:
            self.add_mandate(ctx, own, m)

    def add_mandate(self, ctx: _Context, own: str, m: Mandate) -> None:
        """A mandate keyed by its text within its document (the n-th with one text gets `-n`); two files of one
        document that state the same task give one mandate, with the lines of the first file."""
        digest = text_hash(m.text)
        ctx.texts[digest] += 1
        key = mandate_key(own, m.text, ctx.texts[digest])
        span = [m.line]
        if key not in self.G:
            end = due_end(m.due)
            self.G.add_node(key, id=key, label=MANDATE, text=m.text, section=m.section or None, due=m.due,
                            due_date=end.isoformat() if end else None, due_text=m.due_text, recurring=m.recurring,
                            product=m.product, document=own,
                            source=ctx.source, line_start=m.line, line_end=m.line_end or m.line)
        self.edge(key, own, PART_OF, ctx.source, span)
        for name in m.lead:
            self.edge(self.agency(ctx, name, ctx.jur, m.line), key, LEADS, ctx.source, span)
        for name in m.coordinators:
            self.edge(self.agency(ctx, name, ctx.jur, m.line), key, COORDINATES, ctx.source, span)
        for number in m.mentions:
            target = self.resolve(ctx, number, (m.line, m.line_end or m.line))
            self.ensure_document(target, number, ctx.source, m.line, m.line_end or m.line)
            self.edge(key, target, MENTIONS, ctx.source, span)


def contexts_of(records: Iterable[Record]) -> list[_Context]:
    """What each record says, in source order (the order every rule across records follows)."""
    return [_context(r) for r in sorted(records, key=lambda r: r.source)]


def fragment(ctx: _Context, identity: Identity) -> nx.MultiDiGraph:
    """The part of the graph one record states, keys decided corpus-wide; `merge` puts fragments together.

    Nodes carry two markers for `merge_node`: `_weak` (a document known only from a mention, which
    another record's fuller description replaces) and `_from_record` (an agency described by the record
    itself rather than by the gazetteer)."""
    builder = _Builder(identity)
    builder.add_record(ctx)
    reorganisation.link_graph(builder.G)  # its agencies' and provinces' successors (2025), in every part
    return builder.G


def merge_node(node: dict[str, Any] | None, incoming: dict[str, Any]) -> dict[str, Any]:
    """A node after a later record's fragment says `incoming` about it (None: not yet in the graph).

    The rules of one record's builder, across records: a document a corpus file describes replaces
    one known from citations, else empty attributes are filled in; a document known only from a
    mention adds nothing to one already there; an agency collects aliases and takes the record's own
    description over the gazetteer's; anything else keeps what the first record said."""
    if node is None:
        return dict(incoming)
    label = incoming.get("label")
    if label == DOCUMENT:
        if incoming.get("_weak"):
            return node
        if incoming.get("in_corpus") and not node.get("in_corpus"):
            return {**node, **{k: v for k, v in incoming.items() if k != "_weak"}}
        filled = dict(node)
        for name, value in incoming.items():
            if name not in ("id", "label", "_weak") and filled.get(name) in (None, "other") \
                    and value not in (None, "other"):
                filled[name] = value
        return filled
    if label == AGENCY:
        merged = {**node, "aliases": sorted(set(node.get("aliases") or ()) | set(incoming.get("aliases") or ()))}
        if incoming.get("_from_record") and not node.get("_from_record"):
            merged.update({k: incoming.get(k) for k in ("kind", "level", "known", "name_en")}, _from_record=True)
        return merged
    return node


def merge_edge(edge: dict[str, Any] | None, incoming: dict[str, Any]) -> dict[str, Any]:
    """An edge after a later record's fragment states it too: counted again, its files collected, its lines
    kept from the first file that states it, legal basis when any citation was."""
    if edge is None:
        return {**incoming, "sources": list(incoming.get("sources") or ()), "lines": list(incoming.get("lines") or ())}
    merged = dict(edge)
    merged["count"] = (edge.get("count") or 0) + (incoming.get("count") or 0)
    if incoming.get("source") == edge.get("source"):
        merged["lines"] = sorted(set(edge.get("lines") or ()) | set(incoming.get("lines") or ()))
    merged["sources"] = sorted(set(edge.get("sources") or ()) | set(incoming.get("sources") or ()))
    if incoming.get("basis"):
        merged["basis"] = True
    return merged


def merge(G: nx.MultiDiGraph, part: nx.MultiDiGraph) -> None:
    """Add a later record's fragment to `G` (merge_node, merge_edge)."""
    for key, data in part.nodes(data=True):
        if key in G:
            current = G.nodes[key]  # the node's own attribute dict: updated in place, its edges stay
            merged = merge_node(current, data)
            if merged is not current:
                current.clear()
                current.update(merged)
        else:
            G.add_node(key, **data)
    for u, v, etype, data in part.edges(keys=True, data=True):
        if G.has_edge(u, v, key=etype):
            current = G.edges[u, v, etype]
            merged = merge_edge(current, data)
            current.clear()
            current.update(merged)
        else:
            G.add_edge(u, v, key=etype, **merge_edge(None, data))


MARKERS = ("_weak", "_from_record")


@dataclass(frozen=True)
class WholeGraphPass:
    """A step that needs the whole graph, run once every record is merged (the 2025 reorganisation's successors,
    say). It reads only nodes of `reads` (and the edges between them) and only adds nodes and edges, never
    changing what a record made, so graphbuild.store can run it on the stored graph after an update and merge
    what it adds like one more record's part."""

    name: str
    reads: tuple[str, ...]
    run: Callable[[nx.MultiDiGraph], Any]


WHOLE_GRAPH_PASSES: list[WholeGraphPass] = []


def finish(G: nx.MultiDiGraph) -> None:
    """Run the whole-graph passes on a graph merged from records."""
    for step in WHOLE_GRAPH_PASSES:
        step.run(G)


def build_graph(records: Iterable[Record]) -> nx.MultiDiGraph:
    """Build the knowledge graph of docs/graph-schema.md from extraction records.

    One node per real-world thing: a document cited by many plans, or an agency named in many
    plans of one province, is one node whatever record mentions it. Each record's fragment is built
    with the keys the whole corpus decides (`Identity`) and merged in source order, which is also how
    graphbuild.store updates a stored graph one document at a time.
    """
    contexts = contexts_of(records)
    identity = Identity.of(contexts)
    G = nx.MultiDiGraph()
    for ctx in contexts:
        merge(G, fragment(ctx, identity))
    for _, data in G.nodes(data=True):
        for marker in MARKERS:
            data.pop(marker, None)
    finish(G)
    G.graph["sources"] = {ctx.source: ctx.record.checksum for ctx in contexts}  # file -> SHA-256
    G.graph["built"] = build_time(ctx.record.path for ctx in contexts)  # reproducible, not the clock
    return G


# ---------------------------------------------------------------------------- summary and loading

def summary(G: nx.MultiDiGraph, top: int = 10) -> dict[str, Any]:
    """Counts per node label and edge type, and the named agencies that lead or coordinate the most mandates
    (catch-all groups of kind `collective` left out, the rule of queries.agency_load)."""
    labels = Counter(d.get("label") for _, d in G.nodes(data=True))
    types = Counter(k for _, _, k in G.edges(keys=True))
    load = []
    for node, data in G.nodes(data=True):
        if data.get("label") != "Agency" or data.get("kind") == "collective":
            continue
        out = Counter(k for _, _, k in G.out_edges(node, keys=True))
        if out["LEADS"] or out["COORDINATES"]:
            load.append({"id": node, "name": data.get("name"), "jurisdiction": data.get("jurisdiction"),
                         "leads": out["LEADS"], "coordinates": out["COORDINATES"]})
    load.sort(key=lambda a: (-(a["leads"] + a["coordinates"]), -a["leads"], a["id"]))
    in_corpus = sum(1 for _, d in G.nodes(data=True) if d.get("label") == "Document" and d.get("in_corpus"))
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "labels": dict(sorted(labels.items())),
        "edge_types": dict(sorted(types.items())),
        "documents_in_corpus": in_corpus,
        "documents_cited_only": labels["Document"] - in_corpus,
        "top_agencies": load[:top],
    }


def load_records(paths: str | Path | Iterable[str | Path]) -> list[Record]:
    """Read record JSON files: each path is a file or a folder of *.json (one record, or a list, per file)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(p.glob("*.json")))
        elif p.is_file():
            files.append(p)
        else:
            raise GraphbuildError(f"{p}: no such file or folder")
    records = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
            items = data if isinstance(data, list) else [data]
            records.extend(Record.from_dict(item) for item in items)
        except (OSError, ValueError) as err:
            raise GraphbuildError(f"{f}: cannot read record ({' '.join(str(err).split())})") from err
        except (KeyError, TypeError, AttributeError) as err:
            raise GraphbuildError(f"{f}: not an extraction record ({type(err).__name__}: {err})") from err
    return records
