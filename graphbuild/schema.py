"""The graph schema, defined once: node labels, edge types, the key layout and the export formats.

Every store speaks this schema: `graph` builds keys with the functions here, `rdf` maps labels and
edge types to the classes and predicates named here, `neo4j_store` loads only these labels and
relationship types, `exports` and the CLI name formats from `EXPORT_FORMATS`. docs/graph-schema.md
describes the same tables for people.

Keys (the identity scheme of ../shared/DESIGN.md; `/` separates structural parts, and the last
part of a document key may itself contain `/`, as document numbers do):

    jur/<jurisdiction slug>                          jur/thanh-hoa, jur/vn
    doc/<jur>/<number>[@<date>]                      doc/vn/58-NQ/TW, doc/ha-tinh/08-NQ/TU@2018-05-18
    doc/<jur>/file:<path in the corpus>              an unnumbered document, keyed by its source file
    agency/<jur>/<slug of the canonical name>        agency/thanh-hoa/so-tai-chinh
    mandate/<document key without doc/>/<text hash>[-<n>]
    file/<path in the corpus>                        a source file (its checksum is a property)
    change/<change id>[/<jur>]                       a change event of the 2025 reorganisation

A mandate is keyed by a short hash of its normalised text within its document, so an edit above
a task does not rename it; the n-th mandate of one document with the same text gets `-<n>`.
"""
from __future__ import annotations

import calendar
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote, unquote

from graphbuild import textutil
from graphbuild.errors import GraphbuildError

# ---------------------------------------------------------------------------- namespaces

ID_BASE = "https://w3id.org/vn-plan-kg/id/"  # node IRIs: ID_BASE + the key, percent-encoded per part
ONTOLOGY_NS = "https://w3id.org/vn-plan-kg/ontology#"  # vnp:
ONTOLOGY_IRI = "https://w3id.org/vn-plan-kg/ontology"
DATASET_IRI = "https://w3id.org/vn-plan-kg/dataset"
DEFAULT_GRAPH_IRI = "https://w3id.org/vn-plan-kg/graph"

PREFIXES = {
    "vnp": ONTOLOGY_NS,
    "kg": ID_BASE,
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def expand(curie: str) -> str:
    """`eli:cites` -> `http://data.europa.eu/eli/ontology#cites`."""
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES:
        raise GraphbuildError(f"{curie}: unknown prefix {prefix!r}")
    return PREFIXES[prefix] + local


# ---------------------------------------------------------------------------- node labels

JURISDICTION, DOCUMENT, AGENCY, MANDATE = "Jurisdiction", "Document", "Agency", "Mandate"


@dataclass(frozen=True)
class NodeType:
    """A node label: its key prefix, its RDF classes and the attributes every node of it carries."""

    label: str
    prefix: str  # first part of the key
    rdf_class: str  # vnp: class
    standard_classes: tuple[str, ...]  # classes of established vocabularies, stated in the data too
    attributes: tuple[str, ...]  # besides id, label, source, line_start, line_end (every node has those)


NODE_TYPES: dict[str, NodeType] = {t.label: t for t in (
    NodeType(JURISDICTION, "jur", "vnp:Jurisdiction", ("dcterms:Jurisdiction",), ("name", "level")),
    NodeType(DOCUMENT, "doc", "vnp:Document", ("eli:LegalResource",),
             ("number", "kind", "title", "date", "issuer", "jurisdiction", "in_corpus")),
    NodeType(AGENCY, "agency", "vnp:Agency", ("org:Organization",),
             ("name", "name_en", "kind", "jurisdiction", "level", "known", "aliases")),
    NodeType(MANDATE, "mandate", "vnp:Mandate", (),
             ("text", "section", "due", "due_date", "due_text", "recurring", "product", "document")),
)}
NODE_LABELS: tuple[str, ...] = tuple(NODE_TYPES)  # in load order: a node's key parts exist before it
PROVENANCE_ATTRIBUTES = ("source", "line_start", "line_end")
DATE_ATTRIBUTES = {DOCUMENT: ("date",), MANDATE: ("due_date",)}  # ISO dates: Cypher `date` in Neo4j
FULLTEXT_ATTRIBUTES = {JURISDICTION: ("name",), DOCUMENT: ("number", "title"), AGENCY: ("name",),
                       MANDATE: ("text",)}  # full-text indexes: names and mandate text
REFERENCE_ATTRIBUTES = {"jurisdiction": JURISDICTION, "document": DOCUMENT}  # attributes that hold a node key

# Document kinds (vnp: subclasses of vnp:Document); other kinds stay plain vnp:Document.
DOCUMENT_KINDS = ("resolution", "decision", "plan", "program", "conclusion", "directive", "decree", "circular",
                  "letter", "law", "other")
DOCUMENT_KIND_CLASS = {
    "resolution": "vnp:Resolution", "decision": "vnp:Decision", "plan": "vnp:Plan", "program": "vnp:Program",
    "conclusion": "vnp:Conclusion", "directive": "vnp:Directive", "decree": "vnp:Decree",
    "circular": "vnp:Circular", "letter": "vnp:Letter", "law": "vnp:Law",
}


# ---------------------------------------------------------------------------- edge types

@dataclass(frozen=True)
class EdgeType:
    """A relationship type: which labels it joins, its vnp: predicate and the standard ones stated beside it."""

    name: str
    ends: tuple[tuple[str, str], ...]  # allowed (from label, to label) pairs
    predicate: str  # vnp: predicate
    standard: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # per (from, to) pair
    description: str = ""

    def standard_predicates(self, source_label: str, target_label: str) -> tuple[str, ...]:
        return self.standard.get((source_label, target_label), ())


IMPLEMENTS, REFERENCES, ISSUED_BY, PART_OF = "IMPLEMENTS", "REFERENCES", "ISSUED_BY", "PART_OF"
LEADS, COORDINATES, MENTIONS, SUCCEEDED_BY = "LEADS", "COORDINATES", "MENTIONS", "SUCCEEDED_BY"

EDGE_TYPES: dict[str, EdgeType] = {t.name: t for t in (
    EdgeType(IMPLEMENTS, ((DOCUMENT, DOCUMENT),), "vnp:implements",
             {(DOCUMENT, DOCUMENT): ("eli:ensures_implementation_of",)},
             "the document carries out the other (triển khai, thực hiện)"),
    EdgeType(REFERENCES, ((DOCUMENT, DOCUMENT),), "vnp:references", {(DOCUMENT, DOCUMENT): ("eli:cites",)},
             "the document cites the other; `basis` when cited as legal basis (căn cứ: eli:based_on)"),
    EdgeType(ISSUED_BY, ((DOCUMENT, AGENCY),), "vnp:issuedBy", {(DOCUMENT, AGENCY): ("eli:passed_by",)},
             "the agency that issued the document"),
    EdgeType(PART_OF, ((MANDATE, DOCUMENT), (AGENCY, JURISDICTION), (AGENCY, AGENCY)), "vnp:partOf",
             {(MANDATE, DOCUMENT): ("dcterms:isPartOf",), (AGENCY, AGENCY): ("org:subOrganizationOf",)},
             "a mandate is part of its document; an agency of its jurisdiction or of a parent body"),
    EdgeType(LEADS, ((AGENCY, MANDATE),), "vnp:leads", {}, "the agency leads the mandate (chủ trì)"),
    EdgeType(COORDINATES, ((AGENCY, MANDATE),), "vnp:coordinates", {},
             "the agency coordinates on the mandate (phối hợp)"),
    EdgeType(MENTIONS, ((MANDATE, DOCUMENT),), "vnp:mentions", {(MANDATE, DOCUMENT): ("dcterms:references",)},
             "the mandate's text names the document"),
    EdgeType(SUCCEEDED_BY, ((AGENCY, AGENCY), (JURISDICTION, JURISDICTION)), "vnp:succeededBy", {},
             "the body (or province) was replaced by the other in a reorganisation"),
)}
EDGE_NAMES: tuple[str, ...] = tuple(EDGE_TYPES)
JURISDICTION_RELATIONSHIP = "IN_JURISDICTION"  # Neo4j: the `jurisdiction` attribute as a relationship


def display_name(key: str, data: dict) -> str:
    """What a tool shows for a node: a document's number (else title), an agency's or jurisdiction's name,
    a mandate's section and the start of its text; the key when there is nothing else."""
    label = data.get("label")
    if label == DOCUMENT:
        text = data.get("number") or data.get("title")
    elif label == MANDATE:
        body = " ".join((data.get("text") or "").split())
        body = body if len(body) <= 60 else body[:59].rstrip() + "…"
        text = f"{data.get('section') or ''} {body}".strip()
    else:
        text = data.get("name")
    return text or key


def node_type(label: str | None) -> NodeType:
    if label not in NODE_TYPES:
        raise GraphbuildError(f"node label {label!r} is not in the graph schema ({', '.join(NODE_LABELS)})")
    return NODE_TYPES[label]


def edge_type(name: str | None) -> EdgeType:
    if name not in EDGE_TYPES:
        raise GraphbuildError(f"edge type {name!r} is not in the graph schema ({', '.join(EDGE_NAMES)})")
    return EDGE_TYPES[name]


# ---------------------------------------------------------------------------- building keys

NATION_SLUG = "vn"
NATION_NAME = "Việt Nam"
UNKNOWN_SLUG = "unknown"
UNKNOWN_NAME = "Không xác định"
MANDATE_HASH_LENGTH = 12  # hex digits of SHA-256: collisions within one document are out of reach


def slug(text: str) -> str:
    """`Thanh Hóa` -> `thanh-hoa` (textutil.slug), never empty."""
    return textutil.slug(text) or "x"


def jurisdiction_slug(name: str | None) -> str:
    """The key part of a jurisdiction name; `Việt Nam` is `vn`, no name is `unknown`."""
    if not name:
        return UNKNOWN_SLUG
    s = slug(name)
    return NATION_SLUG if s in ("viet-nam", "vn", "vietnam") else s


def normalise_number(number: str) -> str:
    """Minimal clean-up that keeps an extractor's normalised number intact: NFC, no spaces, one dash."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", number).translate(textutil.DASHES))


def corpus_path(path: str) -> str:
    """A source path as keys use it: `/` separators, no leading `./`, NFC."""
    text = unicodedata.normalize("NFC", str(path)).replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text


def jurisdiction_key(jurisdiction_slug: str) -> str:
    return f"jur/{jurisdiction_slug}"


def document_key(number: str | None, jurisdiction_slug: str, date: str | None = None, *,
                 source: str | None = None) -> str:
    """`doc/<jur>/<number>[@<date>]`, or `doc/<jur>/file:<path>` for an unnumbered document read from `source`."""
    if number:
        return f"doc/{jurisdiction_slug}/{normalise_number(number)}" + (f"@{date}" if date else "")
    if not source:
        raise GraphbuildError("document_key: an unnumbered document needs its source file")
    return f"doc/{jurisdiction_slug}/file:{corpus_path(source)}"


def agency_key(name: str, jurisdiction_slug: str) -> str:
    """`agency/<jur>/<slug of canonical name>`."""
    return f"agency/{jurisdiction_slug}/{slug(name)}"


def normalised_text(text: str) -> str:
    """What a mandate's identity reads of its text: NFC, plain dashes, one space between words, case folded."""
    return textutil.squash(unicodedata.normalize("NFC", text or "").translate(textutil.DASHES)).casefold()


def text_hash(text: str) -> str:
    """Short hash of the normalised text (`normalised_text`)."""
    return hashlib.sha256(normalised_text(text).encode("utf-8")).hexdigest()[:MANDATE_HASH_LENGTH]


def mandate_key(document_key: str, text: str, occurrence: int = 1) -> str:
    """`mandate/<document key without doc/>/<hash of text>`, `-<n>` for the n-th mandate with that text."""
    suffix = "" if occurrence <= 1 else f"-{occurrence}"
    return f"mandate/{document_key.removeprefix('doc/')}/{text_hash(text)}{suffix}"


def mandate_keys(document_key: str, texts: Iterable[str]) -> list[str]:
    """The keys of a document's mandates, given their texts in document order (repeats get `-2`, `-3` ...)."""
    seen: Counter[str] = Counter()
    keys = []
    for text in texts:
        seen[text_hash(text)] += 1
        keys.append(mandate_key(document_key, text, seen[text_hash(text)]))
    return keys


def change_key(change_id: str, jurisdiction_slug: str | None = None) -> str:
    """`change/<id>[/<jur>]`: one change event of the 2025 reorganisation (ontology/reorganisation.toml),
    per province when each province made it on its own (an org:ChangeEvent in RDF, a `change` property of
    SUCCEEDED_BY edges elsewhere)."""
    return f"change/{change_id}" + (f"/{jurisdiction_slug}" if jurisdiction_slug else "")


def file_key(path: str) -> str:
    """`file/<path in the corpus>`: two `plan.txt` in two folders are two files."""
    return f"file/{corpus_path(path)}"


# ---------------------------------------------------------------------------- deadlines

_DUE = re.compile(r"(\d{4})(?:-(?:Q([1-4])|(\d{2})(?:-(\d{2}))?)|/(\d{4}))?")


def due_period(due: str | None) -> tuple[date, date] | None:
    """The first and last day of a deadline's period (`due`: YYYY, YYYY-MM, YYYY-QN, YYYY-MM-DD, YYYY/YYYY).

    The last day is what "due by" means when deadlines are compared; None when `due` is not a deadline.

    >>> [str(due_period(d)[1]) for d in ("2021", "2024-02", "2021-Q3", "2021-10-15", "2021/2025")]
    ['2021-12-31', '2024-02-29', '2021-09-30', '2021-10-15', '2025-12-31']
    """
    m = _DUE.fullmatch(due or "")
    if not m:
        return None
    year, quarter, month, day, until = m.groups()
    try:
        if until:
            return date(int(year), 1, 1), date(int(until), 12, 31)
        if quarter:
            q = int(quarter)
            last = 3 * q
            return date(int(year), last - 2, 1), date(int(year), last, calendar.monthrange(int(year), last)[1])
        if day:
            one = date(int(year), int(month), int(day))
            return one, one
        if month:
            y, mo = int(year), int(month)
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        return date(int(year), 1, 1), date(int(year), 12, 31)
    except ValueError:
        return None


def due_end(due: str | None) -> date | None:
    """The last day of a deadline's period (see `due_period`)."""
    period = due_period(due)
    return period[1] if period else None


# ---------------------------------------------------------------------------- parsing keys

@dataclass(frozen=True)
class Key:
    """A key split into its structural parts: kind (jur, doc, agency, mandate, file) and the rest."""

    kind: str
    parts: tuple[str, ...]

    @property
    def jurisdiction(self) -> str | None:
        """The jurisdiction slug the key names (None for a file)."""
        return self.parts[0] if self.kind in ("jur", "doc", "agency", "mandate") and self.parts else None

    @property
    def document(self) -> str | None:
        """The document key of a document or mandate key."""
        if self.kind == "doc":
            return "doc/" + "/".join(self.parts)
        if self.kind == "mandate":
            return "doc/" + "/".join(self.parts[:2])
        return None


def parse_key(key: str) -> Key:
    """Split a key into its parts; a number's own `/` (and a file path's) stays inside its part.

    >>> parse_key("mandate/vn/58-NQ/TW/0a1b2c3d4e5f")
    Key(kind='mandate', parts=('vn', '58-NQ/TW', '0a1b2c3d4e5f'))
    >>> parse_key("doc/thanh-hoa/file:plans/a/plan.txt").parts
    ('thanh-hoa', 'file:plans/a/plan.txt')
    """
    head, _, rest = key.partition("/")
    if head not in ("jur", "doc", "agency", "mandate", "file", "change") or not rest:
        raise GraphbuildError(f"{key!r}: not a graph key (jur/, doc/, agency/, mandate/, file/ or change/ ...)")
    if head == "file":
        return Key(head, (rest,))
    parts = rest.split("/")
    if head == "doc" and len(parts) > 1:
        return Key(head, (parts[0], "/".join(parts[1:])))
    if head == "mandate" and len(parts) > 2:
        return Key(head, (parts[0], "/".join(parts[1:-1]), parts[-1]))
    return Key(head, tuple(parts))


def key_iri(key: str) -> str:
    """`doc/vn/58-NQ/TW` -> `https://w3id.org/vn-plan-kg/id/doc/vn/58-NQ%2FTW` (UTF-8 percent-encoding per part)."""
    parsed = parse_key(key)
    return ID_BASE + "/".join(quote(part, safe="") for part in (parsed.kind, *parsed.parts))


def iri_key(iri: str) -> str:
    """The graph key of a node IRI (inverse of `key_iri`)."""
    if not str(iri).startswith(ID_BASE):
        raise GraphbuildError(f"{iri}: not a vn-plan-kg node IRI")
    return unquote(str(iri)[len(ID_BASE):])


# ---------------------------------------------------------------------------- export formats

@dataclass(frozen=True)
class ExportFormat:
    """One export: its name, the names it also answers to, its default file and what it is."""

    name: str
    aliases: tuple[str, ...]
    file_name: str  # in the output folder (csv: a folder)
    family: str  # "rdf", "graph" (GraphML, GEXF), "table" (CSV)
    media_type: str
    rdf_format: str | None = None  # the rdflib / pyoxigraph name for RDF formats
    suffixes: tuple[str, ...] = ()


EXPORT_FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("turtle", ("ttl",), "graph.ttl", "rdf", "text/turtle", "turtle", (".ttl",)),
    ExportFormat("jsonld", ("json-ld",), "graph.jsonld", "rdf", "application/ld+json", "json-ld", (".jsonld", ".json")),
    ExportFormat("nt", ("ntriples", "n-triples"), "graph.nt", "rdf", "application/n-triples", "nt", (".nt",)),
    ExportFormat("graphml", (), "graph.graphml", "graph", "application/graphml+xml", None, (".graphml",)),
    ExportFormat("gexf", (), "graph.gexf", "graph", "application/gexf+xml", None, (".gexf",)),
    ExportFormat("csv", (), "csv", "table", "text/csv"),
)}


def export_format(name: str) -> ExportFormat:
    """The export format a name or alias stands for (case-insensitive); one-line error otherwise."""
    wanted = (name or "").strip().lower()
    for fmt in EXPORT_FORMATS.values():
        if wanted == fmt.name or wanted in fmt.aliases or (fmt.rdf_format and wanted == fmt.rdf_format):
            return fmt
    raise GraphbuildError(f"unknown format {name!r} (expected one of: {', '.join(EXPORT_FORMATS)})")


def export_format_for_path(path: str, family: str | None = None) -> ExportFormat:
    """The export format a file suffix names (`.ttl`, `.jsonld`, `.nt`, `.graphml`, `.gexf`)."""
    suffix = "." + str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
    for fmt in EXPORT_FORMATS.values():
        if suffix in fmt.suffixes and (family is None or fmt.family == family):
            return fmt
    known = [s for f in EXPORT_FORMATS.values() if family is None or f.family == family for s in f.suffixes]
    what = f"unknown {family.upper() if family == 'rdf' else family or 'export'} format"
    raise GraphbuildError(f"{path}: {what} (use {', '.join(known)}, or give the format)")
