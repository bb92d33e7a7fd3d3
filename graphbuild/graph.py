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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild import agencies as gazetteer
from graphbuild import places, reorganisation
from graphbuild.citations import number_kind, number_level
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
        dates = {c.date for c in cits if c.date}
        only = next(iter(dates)) if len(dates) == 1 else None  # "58-NQ/TW" again after "58-NQ/TW ngày 05/8/2020"
        for date in sorted(dates | {c.date for c in cits if not only}, key=lambda d: d or "") or [None]:
            group = [c for c in cits if (c.date or only) == date]
            cited = ctx.cited.get((fold, date))
            if cited is None:
                cited = ctx.cited[(fold, date)] = _Cited(number, _cited_jurisdiction(ctx, number, group), date,
                                                         group)
            cited.in_references |= why == "ref"
            cited.implements |= why == "impl" or any(c.implements for c in group)
    return ctx


def _cited_jurisdiction(ctx: _Context, number: str, citations: list[Citation]) -> str:
    if number_level(number) == "nation" or any(c.level == "nation" for c in citations):
        return NATION_SLUG
    province = next((p for p in map(province_of, (c.issuer for c in citations)) if p), None)
    return jurisdiction_slug(province) if province else ctx.jur


# ---------------------------------------------------------------------------- building

def _gazetteer_parent(name: str, province: str | None) -> str | None:
    """The parent body the gazetteer records for an agency (a department of a ministry ...), if any."""
    recogniser = getattr(gazetteer, "recogniser", None)
    return recogniser(province).parent(name) if recogniser else None


def _doc_attrs(number: str | None, kind: str, jur: str, source: str, line_start: int | None, line_end: int | None,
               *, title: str | None = None, date: str | None = None, issuer: str | None = None,
               in_corpus: bool = False) -> dict[str, Any]:
    """All Document attributes, so every Document node has the same keys (None when unknown)."""
    return {"number": number, "kind": kind, "title": title, "date": date, "issuer": issuer,
            "jurisdiction": jurisdiction_key(jur), "in_corpus": in_corpus, "source": source,
            "line_start": line_start, "line_end": line_end}


class _Builder:
    def __init__(self, contexts: list[_Context]) -> None:
        self.G = nx.MultiDiGraph()
        self.contexts = contexts
        self.jur_names: dict[str, str] = {}
        self.dates: dict[tuple[str, str], set[str]] = defaultdict(set)
        variants: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        owned: dict[tuple[str, str], str] = {}
        for ctx in contexts:
            self.jur_names.setdefault(ctx.jur, ctx.jur_name)
            if ctx.own_number:
                ident = (ctx.jur, ctx.own_number.casefold())
                owned.setdefault(ident, ctx.own_number)
                if ctx.record.document.date:
                    self.dates[ident].add(ctx.record.document.date)
            for (fold, date), cited in ctx.cited.items():
                variants[(cited.jur, fold)][cited.number] += max(1, len(cited.citations))
                if date:
                    self.dates[(cited.jur, fold)].add(date)
        self.canonical = {ident: owned.get(ident) or min(c, key=lambda v: (-c[v], v)) for ident, c in variants.items()}
        self.canonical.update(owned)
        self.jur_names.setdefault(NATION_SLUG, NATION_NAME)

    # -- identity

    def doc_key(self, jur: str, number: str, date: str | None) -> str:
        ident = (jur, number.casefold())
        split = len(self.dates.get(ident, ())) > 1
        return document_key(self.canonical.get(ident, number), jur, date if split else None)

    def own_key(self, ctx: _Context) -> str:
        if ctx.own_number:
            return self.doc_key(ctx.jur, ctx.own_number, ctx.record.document.date)
        return document_key(None, ctx.jur, source=ctx.source)

    def resolve(self, ctx: _Context, number: str) -> str:
        """The key of a number a mandate or an implements pair names, using the record's own dated citations."""
        number = normalise_number(number)
        fold = number.casefold()
        if ctx.own_number and fold == ctx.own_number.casefold():
            return self.own_key(ctx)
        matches = [c for (f, _), c in ctx.cited.items() if f == fold]
        if len(matches) == 1:
            return self.doc_key(matches[0].jur, matches[0].number, matches[0].date)
        if matches:  # the record cites two documents of that number: the undated key says "one of them"
            return self.doc_key(matches[0].jur, number, None)
        jur = NATION_SLUG if number_level(number) == "nation" else ctx.jur
        return self.doc_key(jur, number, None)

    # -- nodes

    def jurisdiction(self, jur: str, source: str, line: int | None) -> str:
        key = jurisdiction_key(jur)
        if key not in self.G:
            level = "nation" if jur == NATION_SLUG else "unknown" if jur == UNKNOWN_SLUG else "province"
            self.G.add_node(key, id=key, label=JURISDICTION, name=self.jur_names.get(jur, jur), level=level,
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
                self.jur_names.setdefault(jur, named_province)
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
        parent = getattr(info, "parent", None) or _gazetteer_parent(info.name, province)
        if parent and depth < 5:
            self.edge(key, self.agency(ctx, parent, jur, line, depth + 1), PART_OF, ctx.source, [line])
        return key

    def _province_name(self, jur: str) -> str | None:
        return None if jur in (NATION_SLUG, UNKNOWN_SLUG) else self.jur_names.get(jur)

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
        number = self.canonical.get((ctx.jur, ctx.own_number.casefold())) if ctx.own_number else None
        self.document(own, _doc_attrs(number, doc.kind or "other", ctx.jur, ctx.source, doc.line_start, doc.line_end,
                                      title=doc.title, date=doc.date, issuer=doc.issuer, in_corpus=True))
        if doc.issuer:
            self.edge(own, self.agency(ctx, doc.issuer, ctx.jur, doc.line_start), ISSUED_BY, ctx.source, header)

        implemented: set[str] = set()
        for cited in ctx.cited.values():
            key = self.doc_key(cited.jur, cited.number, cited.date)
            cits = sorted(cited.citations, key=lambda c: c.line_start)
            first = cits[0] if cits else None
            kind = next((c.kind for c in cits if c.kind and c.kind != "other"), None) or number_kind(cited.number)
            issuer = next((c.issuer for c in cits if c.issuer), None)
            self.jurisdiction(cited.jur, ctx.source, first.line_start if first else None)
            number = self.canonical.get((cited.jur, cited.number.casefold()), cited.number)
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
            ka, kb = self.resolve(ctx, a), self.resolve(ctx, b)
            if ka == kb or (ka == own and kb in implemented):
                continue
            self.ensure_document(ka, a, ctx.source, None, None)
            self.ensure_document(kb, b, ctx.source, None, None)
            lines_a = {c.line_start for c in rec.citations if normalise_number(c.number).casefold()
                       == normalise_number(a).casefold()}
            lines_b = {c.line_start for c in rec.citations if normalise_number(c.number).casefold()
                       == normalise_number(b).casefold()}
            self.edge(ka, kb, IMPLEMENTS, ctx.source, (lines_a & lines_b) or lines_a)

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
            self.G.add_node(key, id=key, label=MANDATE, text=m.text, section=m.section or None, due=m.due,
                            due_text=m.due_text, recurring=m.recurring, product=m.product, document=own,
                            source=ctx.source, line_start=m.line, line_end=m.line_end or m.line)
        self.edge(key, own, PART_OF, ctx.source, span)
        for name in m.lead:
            self.edge(self.agency(ctx, name, ctx.jur, m.line), key, LEADS, ctx.source, span)
        for name in m.coordinators:
            self.edge(self.agency(ctx, name, ctx.jur, m.line), key, COORDINATES, ctx.source, span)
        for number in m.mentions:
            target = self.resolve(ctx, number)
            self.ensure_document(target, number, ctx.source, m.line, m.line_end or m.line)
            self.edge(key, target, MENTIONS, ctx.source, span)


def build_graph(records: Iterable[Record]) -> nx.MultiDiGraph:
    """Build the knowledge graph of docs/graph-schema.md from extraction records.

    One node per real-world thing: a document cited by many plans, or an agency named in many
    plans of one province, is one node whatever record mentions it.
    """
    contexts = [_context(r) for r in sorted(records, key=lambda r: r.source)]
    builder = _Builder(contexts)
    for ctx in contexts:
        builder.add_record(ctx)
    for _, data in builder.G.nodes(data=True):
        data.pop("_from_record", None)
    builder.G.graph["sources"] = {ctx.source: ctx.record.checksum for ctx in contexts}  # file -> SHA-256
    reorganisation.link_graph(builder.G)
    return builder.G


# ---------------------------------------------------------------------------- summary and loading

def summary(G: nx.MultiDiGraph, top: int = 10) -> dict[str, Any]:
    """Counts per node label and edge type, and the agencies that lead or coordinate the most mandates."""
    labels = Counter(d.get("label") for _, d in G.nodes(data=True))
    types = Counter(k for _, _, k in G.edges(keys=True))
    load = []
    for node, data in G.nodes(data=True):
        if data.get("label") != "Agency":
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
