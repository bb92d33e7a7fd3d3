"""Canned questions over the knowledge graph, each with a SPARQL and a Cypher twin (docs/queries.md).

Each question is one function that takes the graph first and keyword parameters drawn from one
set of names (the CLI maps its options onto them): `document`, `province`, `due_from`, `due_to`,
`as_of`, `top`, `direction`, `min_count`. It returns rows (dicts, columns in a fixed order,
sorted deterministically). `queries/<name>.rq` and `queries/<name>.cypher` ask the same question
of an RDF store (`run_sparql`) or a Bolt server (`run_cypher`); both return exactly the rows of
the networkx function, which the tests check on the sample corpus.

Parameters reach the twins prepared (`prepare`): a document number is normalised as the graph
builder does, a province becomes its jurisdiction key (`Thanh Hóa` -> `jur/thanh-hoa`), dates are
checked ISO dates. Deadlines (`due`: YYYY, YYYY-MM, YYYY-QN, YYYY-MM-DD, YYYY/YYYY) are compared by
the last day of their period (`due_end`), as ISO text, in all three.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import networkx as nx

from graphbuild import knowledge, names, schema
from graphbuild.errors import GraphbuildError
from graphbuild.graph import jurisdiction_slug, normalise_number
from graphbuild.registry import pick

MAX_DEPTH = 8  # longest implementation chain followed (central resolution -> ... -> commune plan is about 6)
LIST_SEPARATOR = "\x1f"  # GROUP_CONCAT separator of list columns in the SPARQL twins; no name contains it
PARAM_NAMES = ("agency", "document", "province", "due_from", "due_to", "as_of", "within", "status", "reason",
               "groups", "top", "direction", "min_count", "as_of_structure")
DIRECTIONS = ("down", "up")
GROUP_KIND = "collective"  # catch-all groups: "Các sở, ban, ngành", "UBND cấp huyện", "Các đơn vị liên quan"
DUE_SOON_DAYS = 30
# The task-tracking categories of the Government Office, as far as a plan can tell (plans do not record
# completion): past its deadline, due within `within` days, not yet due, recurring, no deadline.
STATUSES = ("past-deadline", "due-soon", "not-yet-due", "recurring", "no-deadline")
STATUS_COLUMNS = tuple(s.replace("-", "_") for s in STATUSES)

Row = dict[str, Any]



# ---------------------------------------------------------------------------- parameters and helpers

def due_end(due: str | None) -> str | None:
    """The last day (ISO) of a deadline's period: what "due by" means when comparing deadlines
    (`schema.due_end`, the one rule, as text).

    Examples
    --------
    >>> [due_end(d) for d in ("2021", "2024-02", "2021-Q3", "2021-10-15", "2021/2025", None)]
    ['2021-12-31', '2024-02-29', '2021-09-30', '2021-10-15', '2025-12-31', None]
    """
    end = schema.due_end(due)
    return end.isoformat() if end else None


def _task_edges(G: nx.MultiDiGraph, mandates: Mapping[str, Any], groups: bool) -> Iterator[tuple[str, str, str]]:
    """(agency, mandate, LEADS|COORDINATES) of the mandates counted; groups' edges only when `groups`."""
    for agency, mandate, etype in G.edges(keys=True):
        if etype in ("LEADS", "COORDINATES") and mandate in mandates and (groups or not is_group(G.nodes[agency])):
            yield agency, mandate, etype


def _outside_window(end: str | None, p: dict[str, Any]) -> bool:
    """Whether a deadline's last day falls outside the `--due-from`/`--due-to` window (none given: never);
    a mandate with no deadline is outside any window."""
    if p["due_from"] is None and p["due_to"] is None:
        return False
    return end is None or bool(p["due_from"] and end < p["due_from"]) or bool(p["due_to"] and end > p["due_to"])


def _iso_date(name: str, value: Any) -> str | None:
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, date) else str(value).strip()
    try:
        date.fromisoformat(text)
    except ValueError:
        raise GraphbuildError(f"{name}: {value!r} is not an ISO date (YYYY-MM-DD)") from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise GraphbuildError(f"{name}: {value!r} is not an ISO date (YYYY-MM-DD)")
    return text


def _int(name: str, value: Any, minimum: int) -> int | None:
    if value is None:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise GraphbuildError(f"{name}: {value!r} is not a whole number") from None
    if number < minimum or isinstance(value, bool) or (isinstance(value, float) and value != number):
        raise GraphbuildError(f"{name}: {value!r} must be a whole number of at least {minimum}")
    return number


def province_key(province: str | None) -> str | None:
    """The jurisdiction key a province parameter names: a name (`Thanh Hóa`, `Thanh Hoa`), a slug or a key."""
    if province is None:
        return None
    text = province.strip()
    if text.startswith("jur/"):
        return text
    return f"jur/{jurisdiction_slug(text)}"


def today() -> str:
    """The default `as_of`: today's date (ISO)."""
    return date.today().isoformat()


def prepare(**params: Any) -> dict[str, Any]:
    """Checked, normalised parameter values, as the functions and both twins use them.

    `province` becomes `jurisdiction` (a key); `as_of` defaults to today and, with `within` (days,
    default DUE_SOON_DAYS), gives `soon_until`, the last day a deadline counts as due soon; every
    other name keeps its name. Unknown names are an error, so a typo does not silently drop a filter.

    Examples
    --------
    >>> prepare(province="Thanh Hóa", document=" 58-NQ/TW", as_of="2021-10-01", top="5")
    {'document': '58-NQ/TW', 'jurisdiction': 'jur/thanh-hoa', 'as_of': '2021-10-01', 'soon_until': '2021-10-31', \
'top': 5}
    """
    unknown = sorted(set(params) - set(PARAM_NAMES))
    if unknown:
        raise GraphbuildError(f"unknown parameter(s): {', '.join(unknown)} (known: {', '.join(PARAM_NAMES)})")
    out: dict[str, Any] = {}
    if "document" in params:
        doc = params["document"]
        out["document"] = normalise_number(str(doc).strip()) if doc is not None else None
    if "province" in params:
        out["jurisdiction"] = province_key(params["province"])
    for name in ("due_from", "due_to"):
        if name in params:
            out[name] = _iso_date(name, params[name])
    if "as_of" in params or "within" in params:
        as_of = _iso_date("as_of", params.get("as_of")) or today()
        within = _int("within", params.get("within"), 0)
        out["as_of"] = as_of
        out["soon_until"] = (date.fromisoformat(as_of) + timedelta(days=DUE_SOON_DAYS if within is None
                                                                    else within)).isoformat()
    if "status" in params:
        out["status"] = _status(params["status"])
    if "reason" in params:
        out["reason"] = _choice("reason", params["reason"], AUDIT_REASONS)
    if "agency" in params:
        agency = params["agency"]
        out["agency"] = " ".join(str(agency).split()) if agency is not None else None
    if "groups" in params:
        out["groups"] = _bool("groups", params["groups"])
    if "top" in params:
        out["top"] = _int("top", params["top"], 1)
    if "min_count" in params:
        out["min_count"] = _int("min_count", params["min_count"], 1)
    if "as_of_structure" in params:
        out["as_of_structure"] = _iso_date("as_of_structure", params["as_of_structure"])
        if out["as_of_structure"] and out.get("jurisdiction"):
            out["jurisdiction"] = province_at_structure(params["province"], out["as_of_structure"])
    if "direction" in params:
        direction = params["direction"]
        if direction not in DIRECTIONS:
            raise GraphbuildError(f"direction: {direction!r} is not one of {', '.join(DIRECTIONS)}")
        out["direction"] = direction
    return out


def _bool(name: str, value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise GraphbuildError(f"{name}: {value!r} is not true or false")


def _status(value: Any) -> str | None:
    return _choice("status", value, STATUSES)


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str | None:
    """One of `allowed` (dashed codes), written with dashes, underscores or spaces, any case."""
    if value is None:
        return None
    text = "-".join(str(value).strip().lower().replace("_", " ").replace("-", " ").split())
    if text not in allowed:
        raise GraphbuildError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return text


def is_group(data: Mapping[str, Any]) -> bool:
    """A catch-all group ("Các sở, ban, ngành", "UBND cấp huyện"), not a body that can be held to account.

    The one rule every ranking uses: groups are left out of counts per agency unless asked for.
    """
    return data.get("kind") == GROUP_KIND


def mandate_status(data: Mapping[str, Any], as_of: str, soon_until: str) -> str:
    """The tracking status of a mandate as of a date (STATUSES): a recurring task (định kỳ, hằng năm) is
    `recurring` whatever its date; else by the end of its deadline's period (`due_end`): before `as_of` is
    `past-deadline`, up to `soon_until` is `due-soon`, later is `not-yet-due`; no date is `no-deadline`.

    Examples
    --------
    >>> [mandate_status({"due": d}, "2021-10-01", "2021-10-31") for d in ("2021-Q3", "2021-10", "2022", None)]
    ['past-deadline', 'due-soon', 'not-yet-due', 'no-deadline']
    >>> mandate_status({"due": "2021", "recurring": "annual"}, "2021-10-01", "2021-10-31")
    'recurring'
    """
    if data.get("recurring"):
        return "recurring"
    end = due_end(data.get("due"))
    if end is None:
        return "no-deadline"
    if end < as_of:
        return "past-deadline"
    return "due-soon" if end <= soon_until else "not-yet-due"


def province_at_structure(province: str, when: str) -> str:
    """The jurisdiction key of the province that, at `when`, holds the territory `province` names
    (by its old or its new name: `Kon Tum` at 2026-01-01 is `jur/quang-ngai`)."""
    from graphbuild import places, reorganisation

    text = province.strip()
    slug = text.removeprefix("jur/") if text.startswith("jur/") else None
    found = places.province_of_slug(slug) if slug else places.named_province(text)
    if found is None:
        return text if slug else f"jur/{jurisdiction_slug(text)}"
    return f"jur/{jurisdiction_slug(reorganisation.load().province_at(found.name, when))}"


def resolve_documents(G: nx.MultiDiGraph, document: str | None) -> list[str]:
    """Document keys a `document` parameter names: the key itself, or every document with that number, looked
    up as the extractor normalises numbers (`58/NQ-TW`, `2999/QD-UBND`, any case: see graphbuild.names);
    `08-NQ/TU` names each dated Party resolution of that number."""
    return names.find_documents(G, document)


def resolve_names(G: nx.MultiDiGraph, **params: Any) -> dict[str, Any]:
    """The parameters with each name as the graph spells it: a document's number (`58/NQ-TW` -> `58-NQ/TW`), a
    province's key, an agency's canonical name. Raises names.UnknownName, naming the nearest known names, for
    a name the graph does not have: an answer is never silently empty for a typo. `run` calls it; call it
    before `run_sparql` / `run_cypher`, which compare names exactly."""
    out = dict(params)
    for name, resolve in (("document", names.document_parameter), ("province", names.province_parameter),
                          ("agency", names.agency_parameter)):
        if params.get(name) is not None and str(params[name]).strip():
            out[name] = resolve(G, str(params[name]))
    return out


def _name(G: nx.MultiDiGraph, key: str | None) -> str | None:
    return G.nodes[key].get("name") if key in G else None


def _display(G: nx.MultiDiGraph, key: str) -> str:
    """How a document is shown: its number, else (unnumbered) its key."""
    return G.nodes[key].get("number") or key


def _nodes(G: nx.MultiDiGraph, label: str) -> Iterable[tuple[str, dict[str, Any]]]:
    return ((k, d) for k, d in G.nodes(data=True) if d.get("label") == label)


def _in(G: nx.MultiDiGraph, node: str, etype: str) -> list[str]:
    return [u for u, _, k in G.in_edges(node, keys=True) if k == etype]


def _out(G: nx.MultiDiGraph, node: str, etype: str) -> list[str]:
    return [v for _, v, k in G.out_edges(node, keys=True) if k == etype]


def _mandates(G: nx.MultiDiGraph, jurisdiction: str | None = None,
              documents: Iterable[str] | None = None) -> list[tuple[str, dict[str, Any]]]:
    """Mandates of documents in a jurisdiction (a province's plans) and/or of given documents."""
    docs = set(documents) if documents is not None else None
    out = []
    for key, data in _nodes(G, "Mandate"):
        doc = data.get("document")
        if jurisdiction is not None and (doc not in G or G.nodes[doc].get("jurisdiction") != jurisdiction):
            continue
        if docs is not None and doc not in docs:
            continue
        out.append((key, data))
    return out


def _document_row(G: nx.MultiDiGraph, key: str) -> Row:
    data = G.nodes[key]
    return {"document": _display(G, key), "kind": data.get("kind"), "province": _name(G, data.get("jurisdiction")),
            "date": data.get("date"), "in_corpus": bool(data.get("in_corpus"))}


# ---------------------------------------------------------------------------- the questions

def implementation_chain(G: nx.MultiDiGraph, document: str, direction: str = "down") -> list[Row]:
    """Documents that carry out `document`, directly or through a chain, across provinces ("down"),
    or the documents it carries out up to the central level ("up").

    A Politburo resolution is carried out by a Government resolution, a provincial programme and
    the plans of each province: the chain shows who took it up and how far down it went. `depth`
    is the shortest number of IMPLEMENTS steps (at most MAX_DEPTH); `root` is the document asked
    about (a number can name several, e.g. dated Party resolutions that share it).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("jur/vn", label="Jurisdiction", name="Việt Nam")
    >>> G.add_node("jur/th", label="Jurisdiction", name="Thanh Hóa")
    >>> for key, number, jur in [("doc/vn/58-NQ/TW", "58-NQ/TW", "jur/vn"), ("doc/th/11-CTr/TU", "11-CTr/TU", "jur/th"),
    ...                          ("doc/th/2999/QĐ-UBND", "2999/QĐ-UBND", "jur/th")]:
    ...     G.add_node(key, label="Document", number=number, kind="plan", jurisdiction=jur, in_corpus=False)
    >>> _ = G.add_edge("doc/th/11-CTr/TU", "doc/vn/58-NQ/TW", key="IMPLEMENTS", type="IMPLEMENTS")
    >>> _ = G.add_edge("doc/th/2999/QĐ-UBND", "doc/th/11-CTr/TU", key="IMPLEMENTS", type="IMPLEMENTS")
    >>> [(r["document"], r["province"], r["depth"]) for r in implementation_chain(G, "58-NQ/TW")]
    [('11-CTr/TU', 'Thanh Hóa', 1), ('2999/QĐ-UBND', 'Thanh Hóa', 2)]
    >>> [(r["document"], r["depth"]) for r in implementation_chain(G, "2999/QĐ-UBND", direction="up")]
    [('11-CTr/TU', 1), ('58-NQ/TW', 2)]
    """
    p = prepare(document=document, direction=direction)
    H = nx.DiGraph()
    H.add_edges_from((u, v) for u, v, k in G.edges(keys=True) if k == "IMPLEMENTS")
    walk = H.reverse(copy=False) if p["direction"] == "down" else H
    rows = []
    for root in resolve_documents(G, p["document"]):
        if root not in walk:
            continue
        for key, depth in nx.single_source_shortest_path_length(walk, root, cutoff=MAX_DEPTH).items():
            if key != root and G.nodes[key].get("label") == "Document":
                rows.append({"root": root, **_document_row(G, key), "depth": depth, "id": key})
    rows.sort(key=lambda r: (r["root"], r["depth"], r["id"]))
    return rows


def agency_load(G: nx.MultiDiGraph, province: str | None = None, document: str | None = None,
                due_from: str | None = None, due_to: str | None = None, as_of: str | None = None,
                within: int | None = None, groups: bool = False, top: int | None = None) -> list[Row]:
    """Agencies ranked by the mandates they lead (chủ trì) and coordinate (phối hợp), with their status.

    Counts the mandates of the province's documents (`province`), of one document (`document`),
    and/or with a deadline ending in [due_from, due_to] (a window drops mandates without a
    deadline). Catch-all groups (`is_group`: "UBND cấp huyện", "Các sở, ban, ngành") are left out
    unless `groups`. Each counted mandate has a status as of `as_of` (default today; STATUSES, one
    column each, summing to `total`); `next_due` is the first deadline end on or after `as_of`.
    `documents` is the number of documents that task the agency. Ranked by total, then led, then key.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("jur/thanh-hoa", label="Jurisdiction", name="Thanh Hóa")
    >>> G.add_node("doc/thanh-hoa/1", label="Document", number="1/KH-UBND", jurisdiction="jur/thanh-hoa")
    >>> G.add_node("agency/thanh-hoa/stc", label="Agency", name="Sở Tài chính", kind="department", jurisdiction="jur/thanh-hoa")
    >>> for line, due in ((10, "2021-Q3"), (11, None), (12, "2022")):
    ...     G.add_node(f"mandate/thanh-hoa/1/{line}", label="Mandate", document="doc/thanh-hoa/1", due=due)
    ...     _ = G.add_edge("agency/thanh-hoa/stc", f"mandate/thanh-hoa/1/{line}", key="LEADS", type="LEADS")
    >>> [(r["agency"], r["led"], r["past_deadline"], r["no_deadline"], r["next_due"])
    ...  for r in agency_load(G, province="Thanh Hóa", as_of="2021-10-01")]
    [('Sở Tài chính', 3, 1, 1, '2022-12-31')]
    """
    p = prepare(province=province, document=document, due_from=due_from, due_to=due_to, as_of=as_of, within=within,
                groups=groups, top=top)
    docs = resolve_documents(G, p["document"]) if p["document"] is not None else None
    counted: dict[str, str | None] = {}
    for key, data in _mandates(G, p["jurisdiction"], docs):
        end = due_end(data.get("due"))
        if _outside_window(end, p):
            continue
        counted[key] = end
    load: dict[str, Counter[str]] = defaultdict(Counter)
    ends: dict[str, list[str]] = defaultdict(list)
    tasking: dict[str, set[str]] = defaultdict(set)
    for agency, mandate, etype in _task_edges(G, counted, p["groups"]):
        load[agency][etype] += 1
        load[agency][mandate_status(G.nodes[mandate], p["as_of"], p["soon_until"])] += 1
        tasking[agency].add(G.nodes[mandate].get("document"))
        if counted[mandate] and counted[mandate] >= p["as_of"]:
            ends[agency].append(counted[mandate])
    rows = []
    for agency, c in load.items():
        data = G.nodes[agency]
        rows.append({"agency": data.get("name"), "jurisdiction": _name(G, data.get("jurisdiction")),
                     "kind": data.get("kind"), "led": c["LEADS"], "coordinated": c["COORDINATES"],
                     "total": c["LEADS"] + c["COORDINATES"], "documents": len(tasking[agency]),
                     **{s.replace("-", "_"): c[s] for s in STATUSES},
                     "next_due": min(ends[agency], default=None), "id": agency})
    rows.sort(key=lambda r: (-r["total"], -r["led"], r["id"]))
    return rows[:p["top"]] if p["top"] else rows


def deadlines(G: nx.MultiDiGraph, due_from: str | None = None, due_to: str | None = None, as_of: str | None = None,
              within: int | None = None, status: str | None = None, province: str | None = None) -> list[Row]:
    """Mandates with a deadline, their status as of a date and their lead agencies.

    A mandate is due in [due_from, due_to] when its period ends there (`due_end`: "2021-Q3"
    ends 2021-09-30). `status` (as of `as_of`, default today; see `status`) keeps one kind:
    `past-deadline` lists what is overdue. Mandates without a deadline are left out (see
    `mandates` and `audit_gaps`). Sorted by due_end, document, line.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc/th/1", label="Document", number="1/KH-UBND", jurisdiction="jur/th")
    >>> for line, due in ((10, "2021-Q3"), (11, "2021-10"), (12, None)):
    ...     G.add_node(f"mandate/th/1/{line}", label="Mandate", document="doc/th/1", due=due, line_start=line)
    >>> [(r["due"], r["due_end"], r["status"]) for r in deadlines(G, as_of="2021-10-01")]
    [('2021-Q3', '2021-09-30', 'past-deadline'), ('2021-10', '2021-10-31', 'due-soon')]
    >>> [r["due"] for r in deadlines(G, as_of="2021-10-01", status="past-deadline")]
    ['2021-Q3']
    >>> [r["due"] for r in deadlines(G, due_from="2021-10-01", due_to="2021-12-31")]
    ['2021-10']
    """
    p = prepare(due_from=due_from, due_to=due_to, as_of=as_of, within=within, status=status, province=province)
    rows = []
    for key, data in _mandates(G, p["jurisdiction"]):
        end = due_end(data.get("due"))
        if end is None or (p["due_from"] and end < p["due_from"]) or (p["due_to"] and end > p["due_to"]):
            continue
        state = mandate_status(data, p["as_of"], p["soon_until"])
        if p["status"] and state != p["status"]:
            continue
        doc = data.get("document")
        rows.append({"due_end": end, "due": data.get("due"), "status": state, "document": _display(G, doc),
                     "province": _name(G, G.nodes[doc].get("jurisdiction")), "section": data.get("section"),
                     "leads": sorted(G.nodes[a].get("name") for a in _in(G, key, "LEADS")),
                     "text": data.get("text"), "source": data.get("source"), "line": data.get("line_start"),
                     "mandate": key, "_doc": doc})
    rows.sort(key=lambda r: (r["due_end"], r["_doc"], r["line"] or 0, r["mandate"]))
    for row in rows:
        del row["_doc"]
    return rows


def mandates(G: nx.MultiDiGraph, agency: str | None = None, province: str | None = None, document: str | None = None,
             due_from: str | None = None, due_to: str | None = None, as_of: str | None = None,
             within: int | None = None, status: str | None = None) -> list[Row]:
    """Every mandate, or those one agency leads or coordinates (`agency`: its name, an alias or a gazetteer
    abbreviation; `role` says which), with document, section, text, lead and coordinating agencies, deadline,
    status as of `as_of` (default today) and where it is written (`source`, `line`).

    Filters: the province's documents, one document, a window on deadline ends (a window leaves out
    mandates without a deadline), one status. One row per mandate; sorted by document, line, key: the flat
    table `kg export mandates` writes.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc/th/1", label="Document", number="1/KH-UBND", jurisdiction="jur/th", issuer="UBND tỉnh")
    >>> for a, name in (("stc", "Sở Tài chính"), ("syt", "Sở Y tế")):
    ...     G.add_node(f"agency/th/{a}", label="Agency", name=name, kind="department", jurisdiction="jur/th")
    >>> for line, due in ((10, "2021-Q3"), (11, None)):
    ...     G.add_node(f"mandate/th/1/{line}", label="Mandate", document="doc/th/1", due=due, line_start=line)
    >>> _ = G.add_edge("agency/th/stc", "mandate/th/1/10", key="LEADS", type="LEADS")
    >>> _ = G.add_edge("agency/th/syt", "mandate/th/1/10", key="COORDINATES", type="COORDINATES")
    >>> _ = G.add_edge("agency/th/syt", "mandate/th/1/11", key="LEADS", type="LEADS")
    >>> [(r["line"], r["role"], r["coordinators"], r["status"]) for r in mandates(G, agency="Sở Y tế", as_of="2021-10-01")]
    [(10, 'coordinator', ['Sở Y tế'], 'past-deadline'), (11, 'lead', [], 'no-deadline')]
    """
    p = prepare(agency=agency, province=province, document=document, due_from=due_from, due_to=due_to, as_of=as_of,
                within=within, status=status)
    docs = resolve_documents(G, p["document"]) if p["document"] is not None else None
    agencies = set(names.find_agencies(G, p["agency"])) if p["agency"] else None
    rows = []
    for key, data in _mandates(G, p["jurisdiction"], docs):
        leads, coordinators = _in(G, key, "LEADS"), _in(G, key, "COORDINATES")
        role = None
        if agencies is not None:
            role = "lead" if agencies & set(leads) else "coordinator" if agencies & set(coordinators) else None
            if role is None:
                continue
        end = due_end(data.get("due"))
        if _outside_window(end, p):
            continue
        state = mandate_status(data, p["as_of"], p["soon_until"])
        if p["status"] and state != p["status"]:
            continue
        doc = data.get("document")
        rows.append({"document": _display(G, doc), "issuer": G.nodes[doc].get("issuer"),
                     "province": _name(G, G.nodes[doc].get("jurisdiction")), "section": data.get("section"),
                     "line": data.get("line_start"), "text": data.get("text"), "role": role,
                     "leads": sorted(G.nodes[a].get("name") for a in leads),
                     "coordinators": sorted(G.nodes[a].get("name") for a in coordinators),
                     "due": data.get("due"), "due_text": data.get("due_text"), "due_end": end, "status": state,
                     "source": data.get("source"), "mandate": key, "_doc": doc})
    rows.sort(key=lambda r: (r["_doc"], r["line"] or 0, r["mandate"]))
    for row in rows:
        del row["_doc"]
    return rows


def cited_missing(G: nx.MultiDiGraph, top: int | None = None) -> list[Row]:
    """Documents cited but not in the corpus, the ones most worth fetching first.

    Ranked by the number of distinct documents that cite them (`citing`: REFERENCES edges), then
    by the total number of citations (`citations`: the edges' counts), then by key. `mandates`
    counts the tasks that name the document. A document named only by mandates counts too.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc/th/1", label="Document", number="1/KH-UBND", in_corpus=True)
    >>> G.add_node("doc/vn/58-NQ/TW", label="Document", number="58-NQ/TW", kind="resolution", in_corpus=False)
    >>> _ = G.add_edge("doc/th/1", "doc/vn/58-NQ/TW", key="REFERENCES", type="REFERENCES", count=3)
    >>> [(r["document"], r["citing"], r["citations"]) for r in cited_missing(G)]
    [('58-NQ/TW', 1, 3)]
    """
    p = prepare(top=top)
    rows = []
    for key, data in _nodes(G, "Document"):
        if data.get("in_corpus"):
            continue
        refs = [(u, G.edges[u, key, "REFERENCES"].get("count") or 1) for u in _in(G, key, "REFERENCES")]
        mentioning = [m for m in _in(G, key, "MENTIONS") if G.nodes[m].get("label") == "Mandate"]
        if not refs and not mentioning:
            continue
        citing = {u for u, _ in refs} | {G.nodes[m].get("document") for m in mentioning}
        row = _document_row(G, key)
        del row["in_corpus"]
        rows.append({**row, "citing": len(citing), "citations": sum(n for _, n in refs),
                     "mandates": len(mentioning), "id": key})
    rows.sort(key=lambda r: (-r["citing"], -r["citations"], r["id"]))
    return rows[:p["top"]] if p["top"] else rows


def coordination(G: nx.MultiDiGraph, province: str | None = None, min_count: int = 1,
                 groups: bool = False) -> list[Row]:
    """Agency pairs that share mandates: a lead with each coordinator ("lead-coordinator", a -> b),
    and coordinators with each other ("coordinator-coordinator", a < b by key).

    `mandates` counts the shared mandates, `documents` the documents they come from; pairs
    sharing fewer than `min_count` mandates are left out, and so are catch-all groups (`is_group`)
    unless `groups`. Sorted by mandates (most first), relation, then keys.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc/th/1", label="Document", jurisdiction="jur/th")
    >>> G.add_node("mandate/th/1/5", label="Mandate", document="doc/th/1")
    >>> for a in ("a", "b", "c"):
    ...     G.add_node(f"agency/th/{a}", label="Agency", name=a.upper(), jurisdiction="jur/th")
    >>> _ = G.add_edge("agency/th/a", "mandate/th/1/5", key="LEADS", type="LEADS")
    >>> _ = G.add_edge("agency/th/b", "mandate/th/1/5", key="COORDINATES", type="COORDINATES")
    >>> _ = G.add_edge("agency/th/c", "mandate/th/1/5", key="COORDINATES", type="COORDINATES")
    >>> [(r["agency_a"], r["agency_b"], r["relation"]) for r in coordination(G)]
    [('B', 'C', 'coordinator-coordinator'), ('A', 'B', 'lead-coordinator'), ('A', 'C', 'lead-coordinator')]
    """
    p = prepare(province=province, min_count=min_count, groups=groups)
    minimum = p["min_count"] or 1
    shared: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    docs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    counted = (lambda a: True) if p["groups"] else (lambda a: not is_group(G.nodes[a]))
    for key, data in _mandates(G, p["jurisdiction"]):
        leads = set(filter(counted, _in(G, key, "LEADS")))
        coords = sorted(set(filter(counted, _in(G, key, "COORDINATES"))))
        pairs = [(a, b, "lead-coordinator") for a in leads for b in coords if a != b]
        pairs += [(a, b, "coordinator-coordinator") for i, a in enumerate(coords) for b in coords[i + 1:]]
        for pair in pairs:
            shared[pair].add(key)
            docs[pair].add(data.get("document"))
    rows = []
    for (a, b, relation), mandates in shared.items():
        if len(mandates) < minimum:
            continue
        rows.append({"agency_a": _name(G, a), "jurisdiction_a": _name(G, G.nodes[a].get("jurisdiction")),
                     "agency_b": _name(G, b), "jurisdiction_b": _name(G, G.nodes[b].get("jurisdiction")),
                     "relation": relation, "mandates": len(mandates), "documents": len(docs[(a, b, relation)]),
                     "id_a": a, "id_b": b})
    rows.sort(key=lambda r: (-r["mandates"], r["relation"], r["id_a"], r["id_b"]))
    return rows


AUDIT_REASONS = ("no-lead", "group-lead-only", "no-deadline", "vague-deadline")


def audit_gaps(G: nx.MultiDiGraph, province: str | None = None, reason: str | None = None) -> list[Row]:
    """Mandates nobody can be held to: no lead (`no-lead`), only catch-all groups as leads ("UBND cấp
    huyện", "các sở, ban, ngành": `group-lead-only`), no deadline (`no-deadline`), or a vague one (no
    date, only words such as "trong quá trình thực hiện": `vague-deadline`).

    One row per mandate and reason, `reason` keeping one of AUDIT_REASONS; sorted by reason (in that
    order), document, line. `count_by(rows, "reason")` groups them with counts (what `kg query
    audit_gaps` prints without `--reason`).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc/th/1", label="Document", number="1/KH-UBND", jurisdiction="jur/th")
    >>> G.add_node("agency/th/ubnd-cap-huyen", label="Agency", name="UBND cấp huyện", kind="collective")
    >>> G.add_node("mandate/th/1/5", label="Mandate", document="doc/th/1", due=None, due_text="định kỳ", line_start=5)
    >>> _ = G.add_edge("agency/th/ubnd-cap-huyen", "mandate/th/1/5", key="LEADS", type="LEADS")
    >>> [r["reason"] for r in audit_gaps(G)]
    ['group-lead-only', 'vague-deadline']
    >>> [r["reason"] for r in audit_gaps(G, reason="vague deadline")]
    ['vague-deadline']
    """
    p = prepare(province=province, reason=reason)
    rows = []
    for key, data in _mandates(G, p["jurisdiction"]):
        leads = _in(G, key, "LEADS")
        reasons = []
        if not leads:
            reasons.append("no-lead")
        elif all(is_group(G.nodes[a]) for a in leads):
            reasons.append("group-lead-only")
        if not data.get("due"):
            reasons.append("vague-deadline" if data.get("due_text") else "no-deadline")
        doc = data.get("document")
        for why in reasons:
            if p["reason"] and why != p["reason"]:
                continue
            rows.append({"reason": why, "document": _display(G, doc),
                         "province": _name(G, G.nodes[doc].get("jurisdiction")), "section": data.get("section"),
                         "line": data.get("line_start"), "leads": sorted(G.nodes[a].get("name") for a in leads),
                         "due_text": data.get("due_text"), "text": data.get("text"), "source": data.get("source"),
                         "mandate": key, "_doc": doc})
    rows.sort(key=lambda r: (AUDIT_REASONS.index(r["reason"]), r["_doc"], r["line"] or 0, r["mandate"]))
    for row in rows:
        del row["_doc"]
    return rows


def count_by(rows: Iterable[Mapping[str, Any]], column: str, order: Iterable[str] = ()) -> list[Row]:
    """Rows grouped by one column, with the number of rows (`mandates`) and of distinct documents in each, in
    the order given, then by value: `count_by(audit_gaps(G), "reason", AUDIT_REASONS)`.

    Examples
    --------
    >>> count_by([{"reason": "no-deadline", "document": "1/KH"}, {"reason": "no-lead", "document": "1/KH"},
    ...           {"reason": "no-deadline", "document": "2/KH"}], "reason", AUDIT_REASONS)
    [{'reason': 'no-lead', 'mandates': 1, 'documents': 1}, {'reason': 'no-deadline', 'mandates': 2, 'documents': 2}]
    """
    counts: Counter[str] = Counter()
    docs: dict[str, set[Any]] = defaultdict(set)
    for row in rows:
        counts[row[column]] += 1
        docs[row[column]].add(row.get("document"))
    rank = {value: i for i, value in enumerate(order)}
    return [{column: value, "mandates": counts[value], "documents": len(docs[value])}
            for value in sorted(counts, key=lambda v: (rank.get(v, len(rank)), str(v)))]


def citations(G: nx.MultiDiGraph, document: str) -> list[Row]:
    """What `document` cites ("cites") and what cites it ("cited_by"), with the legal-basis flag
    (`basis`: cited after "Căn cứ"), the number of citations and whether it is carried out.

    `implements` is true when the citing document also implements the cited one. Sorted by root,
    direction, then key.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("doc/th/1", label="Document", number="1/KH-UBND", in_corpus=True)
    >>> G.add_node("doc/vn/2", label="Document", number="58-NQ/TW", in_corpus=False)
    >>> _ = G.add_edge("doc/th/1", "doc/vn/2", key="REFERENCES", type="REFERENCES", basis=True, count=2)
    >>> [(r["direction"], r["document"], r["basis"]) for r in citations(G, "58-NQ/TW")]
    [('cited_by', '1/KH-UBND', True)]
    """
    p = prepare(document=document)
    rows = []
    for root in resolve_documents(G, p["document"]):
        for direction, pairs in (("cited_by", [(u, root) for u in _in(G, root, "REFERENCES")]),
                                 ("cites", [(root, v) for v in _out(G, root, "REFERENCES")])):
            for u, v in pairs:
                other = u if direction == "cited_by" else v
                edge = G.edges[u, v, "REFERENCES"]
                rows.append({"root": root, "direction": direction, **_document_row(G, other),
                             "basis": bool(edge.get("basis")), "count": edge.get("count") or 1,
                             "implements": G.has_edge(u, v, key="IMPLEMENTS"), "id": other})
    rows.sort(key=lambda r: (r["root"], r["direction"], r["id"]))
    return rows


# ---------------------------------------------------------------------------- the 2025 reorganisation

def _structure_holder(G: nx.MultiDiGraph, key: str, when: str | None) -> Any:
    from graphbuild.reorganisation import GraphHolding, graph_holder

    return graph_holder(G, key, when) if when else GraphHolding(key)


def _jurisdiction_at(G: nx.MultiDiGraph, jurisdiction: str | None, when: str | None) -> str | None:
    """The jurisdiction holding, at `when`, the territory of `jurisdiction` (itself without a date)."""
    if not jurisdiction or not when or jurisdiction not in G:
        return jurisdiction
    return _structure_holder(G, jurisdiction, when).key


def agency_load_at_structure(G: nx.MultiDiGraph, as_of_structure: str, province: str | None = None,
                             document: str | None = None, due_from: str | None = None, due_to: str | None = None,
                             groups: bool = False, top: int | None = None) -> list[Row]:
    """Agencies ranked by the mandates they carry at a structure date: each mandate counted for the
    body that holds, at that date, the duties of the agency the document named.

    A mandate of "Sở Kế hoạch và Đầu tư" (Thanh Hóa, 2021) counts, as of 2026-01-01, for
    Sở Tài chính of Thanh Hóa (merged on 1 March 2025, NĐ 45/2025/NĐ-CP): SUCCEEDED_BY edges dated
    up to the date are followed where the duties pass whole (`rollup`: a merger, a rename, a split's
    main successor). `from` says where each count came from ("<name> (<province>): <led> led,
    <coordinated> coordinated", with "via merger" or "via split, main successor"); a body whose
    duties were divided (district committees) keeps its mandates, with `status` "divided" and
    `divided_among` the bodies that took them. `province` names the province at that date (`Kon Tum`
    and `Quảng Ngãi` both name today's Quảng Ngãi); the other parameters are agency_load's (catch-all
    groups only with `groups`). `next_due` is the earliest deadline end among the counted mandates.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("jur/th", label="Jurisdiction", name="Thanh Hóa", level="province")
    >>> G.add_node("doc/th/1", label="Document", number="1/KH-UBND", jurisdiction="jur/th")
    >>> for key, name in (("agency/th/khdt", "Sở Kế hoạch và Đầu tư"), ("agency/th/tc", "Sở Tài chính")):
    ...     G.add_node(key, label="Agency", name=name, kind="department", jurisdiction="jur/th")
    ...     G.add_node(f"mandate/{key}", label="Mandate", document="doc/th/1", due=None)
    ...     _ = G.add_edge(key, f"mandate/{key}", key="LEADS", type="LEADS")
    >>> _ = G.add_edge("agency/th/khdt", "agency/th/tc", key="SUCCEEDED_BY", type="SUCCEEDED_BY",
    ...                change_date="2025-03-01", change_kind="merged", rollup=True)
    >>> [(r["agency"], r["led"], r["from"]) for r in agency_load_at_structure(G, "2026-01-01")]
    [('Sở Tài chính', 2, ['Sở Kế hoạch và Đầu tư (Thanh Hóa): 1 led, 0 coordinated via merger', 'Sở Tài chính (Thanh Hóa): 1 led, 0 coordinated'])]
    >>> [(r["agency"], r["led"]) for r in agency_load_at_structure(G, "2025-01-01")]
    [('Sở Kế hoạch và Đầu tư', 1), ('Sở Tài chính', 1)]
    """
    p = prepare(as_of_structure=as_of_structure, province=province, document=document, due_from=due_from,
                due_to=due_to, groups=groups, top=top)
    when = p["as_of_structure"]
    if when is None:
        raise GraphbuildError("as_of_structure: a structure date is required (YYYY-MM-DD)")
    docs = set(resolve_documents(G, p["document"])) if p["document"] is not None else None
    counted: dict[str, str | None] = {}
    for key, data in _nodes(G, "Mandate"):
        doc = data.get("document")
        if doc not in G or (docs is not None and doc not in docs):
            continue
        if p["jurisdiction"] and _jurisdiction_at(G, G.nodes[doc].get("jurisdiction"), when) != p["jurisdiction"]:
            continue
        end = due_end(data.get("due"))
        if _outside_window(end, p):
            continue
        counted[key] = end
    holders: dict[str, Any] = {}
    by_holder: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    ends: dict[str, list[str]] = defaultdict(list)
    tasking: dict[str, set[str]] = defaultdict(set)
    for agency, mandate, etype in _task_edges(G, counted, p["groups"]):
        held = holders.setdefault(agency, _structure_holder(G, agency, when))
        by_holder[held.key][agency][etype] += 1
        tasking[held.key].add(G.nodes[mandate].get("document"))
        if counted[mandate]:
            ends[held.key].append(counted[mandate])
    rows = []
    for holder, sources in by_holder.items():
        data = G.nodes[holder]
        led = sum(c["LEADS"] for c in sources.values())
        coordinated = sum(c["COORDINATES"] for c in sources.values())
        froms = []
        for agency, c in sources.items():
            how = {"succeeded": " via merger", "split": " via split, main successor"}.get(holders[agency].status, "")
            froms.append(f"{_name(G, agency)} ({_name(G, G.nodes[agency].get('jurisdiction'))}): "
                         f"{c['LEADS']} led, {c['COORDINATES']} coordinated{how}")
        divided = _structure_holder(G, holder, when).divided
        rows.append({"agency": data.get("name"), "jurisdiction": _name(G, data.get("jurisdiction")),
                     "kind": data.get("kind"), "led": led, "coordinated": coordinated, "total": led + coordinated,
                     "documents": len(tasking[holder]), "next_due": min(ends[holder], default=None),
                     "status": "divided" if divided else "current", "from": sorted(froms),
                     "divided_among": sorted(f"{_name(G, v)} ({_name(G, G.nodes[v].get('jurisdiction'))})"
                                             for _, v, _ in divided),
                     "id": holder})
    rows.sort(key=lambda r: (-r["total"], -r["led"], r["id"]))
    return rows[:p["top"]] if p["top"] else rows


def _history_roots(G: nx.MultiDiGraph, agency: str | None, jurisdiction: str | None) -> list[str]:
    """The agencies `agency` names (by key or name, as the twins compare: lower case), in `jurisdiction` when
    given; without an agency, the jurisdiction itself."""
    if not agency:
        return [jurisdiction] if jurisdiction in G else []
    folded = agency.lower()
    return sorted(key for key, data in G.nodes(data=True)
                  if data.get("label") == "Agency" and (key == agency or (data.get("name") or "").lower() == folded)
                  and (jurisdiction is None or data.get("jurisdiction") == jurisdiction))


def agency_history(G: nx.MultiDiGraph, agency: str | None = None, province: str | None = None) -> list[Row]:
    """An agency's predecessors and successors across the 2025 reorganisation, or a province's (`province`
    alone: Kon Tum merged into Quảng Ngãi), with the date, kind and legal basis of each step.

    `agency` is a name (any printed alias the gazetteer knows: `Sở KH&ĐT`, see graphbuild.names) or a
    key; `province` narrows it to one province; with neither, every step once, from its predecessor
    (the reorganisation as it touches the corpus's bodies). One row per SUCCEEDED_BY step on the way to the body
    (`relation` "predecessor") or from it ("successor"), however many steps away, through steps that
    ended a body (a `transfer` from a body that goes on is shown next to it, not followed): `duties`
    says which duties a step carried when they were divided, `rollup` whether they passed whole. Sorted
    by root, relation, date, then keys.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("jur/th", label="Jurisdiction", name="Thanh Hóa")
    >>> for key, name in (("agency/th/khdt", "Sở Kế hoạch và Đầu tư"), ("agency/th/tc", "Sở Tài chính")):
    ...     G.add_node(key, label="Agency", name=name, jurisdiction="jur/th")
    >>> _ = G.add_edge("agency/th/khdt", "agency/th/tc", key="SUCCEEDED_BY", type="SUCCEEDED_BY",
    ...                change_date="2025-03-01", change_kind="merged", rollup=True, legal_basis="Nghị định 45/2025/NĐ-CP ngày 28/02/2025", change="change/x")
    >>> [(r["relation"], r["predecessor"], r["successor"], r["date"]) for r in agency_history(G, "Sở Tài chính")]
    [('predecessor', 'Sở Kế hoạch và Đầu tư', 'Sở Tài chính', '2025-03-01')]
    """
    from graphbuild.reorganisation import SUCCEEDED_BY

    p = prepare(agency=agency, province=province)
    every = not p["agency"] and not p["jurisdiction"]
    H = nx.DiGraph()  # every step; the lineage goes on only through steps that ended a body (not a transfer)
    H.add_edges_from((u, v) for u, v, k in G.edges(keys=True) if k == SUCCEEDED_BY)
    through = nx.DiGraph()
    through.add_edges_from((u, v) for u, v, k, kind in G.edges(keys=True, data="change_kind")
                           if k == SUCCEEDED_BY and kind != "transfer")
    roots = sorted(H.nodes) if every else _history_roots(G, p["agency"], p["jurisdiction"])
    if not roots and not every:
        what = f"agency {agency!r}" + (f" in {province}" if province else "") if agency else f"province {province!r}"
        raise GraphbuildError(f"agency_history: no {what} in the graph")
    rows = []
    for root in roots:
        if root not in H:
            continue
        later = nx.descendants(through, root) if root in through and not every else set()
        earlier = nx.ancestors(through, root) if root in through and not every else set()
        steps = [("successor", root, v) for v in H.successors(root)]
        steps += [("successor", u, v) for u in later for v in through.successors(u)]
        if not every:
            steps += [("predecessor", u, root) for u in H.predecessors(root)]
            steps += [("predecessor", u, v) for v in earlier for u in through.predecessors(v)]
        for relation, u, v in steps:
            edge = G.edges[u, v, SUCCEEDED_BY]
            rows.append({"root": root, "relation": relation, "predecessor": _name(G, u),
                         "predecessor_jurisdiction": _jurisdiction_name(G, u), "successor": _name(G, v),
                         "successor_jurisdiction": _jurisdiction_name(G, v), "date": edge.get("change_date"),
                         "kind": edge.get("change_kind"), "duties": edge.get("duties"), "rollup": bool(edge.get("rollup")),
                         "approximate": bool(edge.get("approximate")), "basis": edge.get("legal_basis"),
                         "change": edge.get("change"), "predecessor_id": u, "successor_id": v})
    rows.sort(key=lambda r: (r["root"], r["relation"], r["date"], r["predecessor_id"], r["successor_id"]))
    return rows


def _jurisdiction_name(G: nx.MultiDiGraph, key: str) -> str | None:
    """The province of an agency; a jurisdiction is its own."""
    data = G.nodes[key]
    return data.get("name") if data.get("label") == "Jurisdiction" else _name(G, data.get("jurisdiction"))


def province_plans(G: nx.MultiDiGraph, province: str | None = None, as_of_structure: str | None = None) -> list[Row]:
    """The corpus's documents by province; with a structure date, by the province that holds their
    territory then, so a 2017 plan of Quảng Ngãi (or of Kon Tum) is found under today's Quảng Ngãi.

    `province` (old or new name) keeps one province; `issued_in` is the province the document names.
    Sorted by province, date, key.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for key, name in (("jur/kon-tum", "Kon Tum"), ("jur/quang-ngai", "Quảng Ngãi")):
    ...     G.add_node(key, label="Jurisdiction", name=name, level="province")
    >>> _ = G.add_edge("jur/kon-tum", "jur/quang-ngai", key="SUCCEEDED_BY", type="SUCCEEDED_BY",
    ...                change_date="2025-07-01", change_kind="merged", rollup=True)
    >>> G.add_node("doc/kon-tum/1", label="Document", number="1/KH-UBND", jurisdiction="jur/kon-tum", in_corpus=True)
    >>> [(r["province"], r["issued_in"]) for r in province_plans(G, "Quảng Ngãi", as_of_structure="2026-01-01")]
    [('Quảng Ngãi', 'Kon Tum')]
    >>> province_plans(G, "Quảng Ngãi")
    []
    """
    p = prepare(province=province, as_of_structure=as_of_structure)
    rows = []
    for key, data in _nodes(G, "Document"):
        if not data.get("in_corpus"):
            continue
        own = data.get("jurisdiction")
        held = _jurisdiction_at(G, own, p["as_of_structure"])
        if p["jurisdiction"] and held != p["jurisdiction"]:
            continue
        rows.append({"province": _name(G, held), "document": _display(G, key), "kind": data.get("kind"),
                     "date": data.get("date"), "issued_in": _name(G, own), "title": data.get("title"), "id": key})
    rows.sort(key=lambda r: (r["province"] or "", r["date"] or "", r["id"]))
    return rows


# ---------------------------------------------------------------------------- registry

@dataclass(frozen=True)
class Canned:
    """A canned question: its function, parameters, columns, and which columns hold lists (sorted)."""

    name: str
    title: str
    function: Callable[..., list[Row]]
    params: tuple[str, ...]
    columns: tuple[str, ...]
    description: str
    list_columns: tuple[str, ...] = ()

    @property
    def sparql(self) -> str:
        """The text of `queries/<name>.rq`."""
        return knowledge.query_text(self.name, "rq")

    @property
    def cypher(self) -> str:
        """The text of `queries/<name>.cypher`."""
        return knowledge.query_text(self.name, "cypher")


def _canned(function: Callable[..., list[Row]], title: str, params: tuple[str, ...], columns: tuple[str, ...],
            list_columns: tuple[str, ...] = ()) -> Canned:
    doc = (function.__doc__ or "").strip().split("\n\n")[0]
    return Canned(function.__name__, title, function, params, columns, " ".join(doc.split()), list_columns)


CANNED: dict[str, Canned] = {c.name: c for c in (
    _canned(implementation_chain, "What implements a document (down), or what it implements (up)",
            ("document", "direction"),
            ("root", "document", "kind", "province", "date", "in_corpus", "depth", "id")),
    _canned(agency_load, "Agencies ranked by mandates led and coordinated, with their status",
            ("province", "document", "due_from", "due_to", "as_of", "within", "groups", "top"),
            ("agency", "jurisdiction", "kind", "led", "coordinated", "total", "documents", *STATUS_COLUMNS,
             "next_due", "id")),
    _canned(deadlines, "Mandates with a deadline and their status as of a date (past deadline, due soon ...)",
            ("due_from", "due_to", "as_of", "within", "status", "province"),
            ("due_end", "due", "status", "document", "province", "section", "leads", "text", "source", "line",
             "mandate"),
            ("leads",)),
    _canned(mandates, "Mandates, or one agency's, with document, section, agencies, deadline, status, file:line",
            ("agency", "province", "document", "due_from", "due_to", "as_of", "within", "status"),
            ("document", "issuer", "province", "section", "line", "text", "role", "leads", "coordinators", "due",
             "due_text", "due_end", "status", "source", "mandate"), ("leads", "coordinators")),
    _canned(cited_missing, "Documents cited but not in the corpus", ("top",),
            ("document", "kind", "province", "date", "citing", "citations", "mandates", "id")),
    _canned(coordination, "Agency pairs that share mandates", ("province", "min_count", "groups"),
            ("agency_a", "jurisdiction_a", "agency_b", "jurisdiction_b", "relation", "mandates", "documents",
             "id_a", "id_b")),
    _canned(audit_gaps, "Mandates without a named lead or a firm deadline, by reason", ("province", "reason"),
            ("reason", "document", "province", "section", "line", "leads", "due_text", "text", "source", "mandate"),
            ("leads",)),
    _canned(citations, "What a document cites and what cites it", ("document",),
            ("root", "direction", "document", "kind", "province", "date", "in_corpus", "basis", "count",
             "implements", "id")),
    _canned(agency_load_at_structure, "Agencies ranked by mandates, rolled up to the bodies of a structure date",
            ("as_of_structure", "province", "document", "due_from", "due_to", "groups", "top"),
            ("agency", "jurisdiction", "kind", "led", "coordinated", "total", "documents", "next_due", "status",
             "from", "divided_among", "id"),
            ("from", "divided_among")),
    _canned(agency_history, "An agency's or province's predecessors and successors (2025 reorganisation)",
            ("agency", "province"),
            ("root", "relation", "predecessor", "predecessor_jurisdiction", "successor", "successor_jurisdiction",
             "date", "kind", "duties", "rollup", "approximate", "basis", "change", "predecessor_id",
             "successor_id")),
    _canned(province_plans, "Documents by province, or by the province that holds their territory at a date",
            ("province", "as_of_structure"),
            ("province", "document", "kind", "date", "issued_in", "title", "id")),
)}
# A question asked with `as_of_structure` that has a twin answering it at a structure date.
AT_STRUCTURE = {"agency_load": "agency_load_at_structure"}


def question(name: str, params: Mapping[str, Any]) -> Canned:
    """The canned question that answers `name` with these parameters (`agency_load` with `as_of_structure`
    is `agency_load_at_structure`), after checking that it takes them."""
    if params.get("as_of_structure") is not None and name in AT_STRUCTURE:
        name = AT_STRUCTURE[name]
    return pick(CANNED, "question", name, params)


_canned_for = question


def run(G: nx.MultiDiGraph, name: str, **params: Any) -> list[Row]:
    """Ask the canned question `name` of the networkx graph (`agency_load` with `as_of_structure` is
    `agency_load_at_structure`); a document, province or agency it does not have raises names.UnknownName
    (see `resolve_names`)."""
    canned = _canned_for(name, params)
    return canned.function(G, **resolve_names(G, **params))


def _twin_params(canned: Canned, params: Mapping[str, Any]) -> dict[str, Any]:
    """Every parameter a twin declares, prepared, None where not given (defaults as the function's)."""
    defaults = {"direction": "down", "min_count": 1, "groups": False}
    full = {name: params.get(name, defaults.get(name)) for name in canned.params}
    return prepare(**full)


# ---------------------------------------------------------------------------- SPARQL twins

XSD = "http://www.w3.org/2001/XMLSchema#"
_VALUES_BLOCK = re.compile(r"VALUES\s*\(([^)]*)\)\s*\{\s*\(([^)]*)\)\s*\}[ \t]*#[ \t]*params\b")
_TERM = re.compile(r'"(?:[^"\\]|\\.)*"(?:\^\^\S+|@[\w-]+)?|<[^>]*>|[^\s()]+')
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def sparql_literal(value: Any) -> str:
    """A SPARQL term for a parameter value: escaped string, typed number, boolean or date; UNDEF for None.

    Backslashes are escaped, and a `u` after one is written `\\U00000075`: engines that expand `\\uXXXX` in the
    whole query text first (rdflib, as the SPARQL grammar says) would otherwise turn `\\u0022` into a quote. The
    8-digit form also keeps hex digits that follow from being read into the escape.

    Examples
    --------
    >>> print(sparql_literal('58"} ?x'), sparql_literal(5), sparql_literal(None), sparql_literal(True))
    "58\\"} ?x" "5"^^<http://www.w3.org/2001/XMLSchema#integer> UNDEF true
    """
    if value is None:
        return "UNDEF"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, date):
        return f'"{value.isoformat()}"^^<{XSD}date>'
    out, previous = [], ""
    for ch in str(value):
        if previous == "\\" and ch in "uU":  # rdflib expands \uXXXX before parsing, even after an escaped backslash
            out.append(f"\\U{ord(ch):08X}")
        elif ch in _STRING_ESCAPES:
            out.append(_STRING_ESCAPES[ch])
        else:
            out.append(ch if ch >= " " else f"\\U{ord(ch):08X}")
        previous = ch
    return '"' + "".join(out) + '"'


def sparql_iri(iri: str) -> str:
    """`<iri>`, refusing characters that would end the IRI or the query (node IRIs are percent-encoded)."""
    if _IRI_FORBIDDEN.search(iri):
        raise GraphbuildError(f"{iri!r}: not a valid IRI")
    return f"<{iri}>"


def _sparql_terms(params: Mapping[str, Any]) -> dict[str, str]:
    """SPARQL terms of prepared parameters: the jurisdiction as its node IRI, dates typed xsd:date."""
    from graphbuild.rdf import node_iri

    terms = {}
    for name, value in params.items():
        if value is None:
            terms[name] = "UNDEF"
        elif name == "jurisdiction":
            terms[name] = sparql_iri(str(node_iri(value)))
        elif name in ("due_from", "due_to", "as_of", "soon_until", "as_of_structure"):
            terms[name] = sparql_literal(date.fromisoformat(value))
        else:
            terms[name] = sparql_literal(value)
    return terms


def bind_sparql(query: str, params: Mapping[str, Any]) -> str:
    """The query with each `VALUES (?_a ?_b) { (UNDEF "x") } # params` row filled from prepared parameters
    (variable `?_name` takes parameter `name`; a parameter without a value keeps the file's default), and
    `LIMIT top` appended when `top` is given."""
    terms = {k: v for k, v in _sparql_terms(params).items() if v != "UNDEF"}

    def fill(match: re.Match[str]) -> str:
        names = [v.lstrip("?$") for v in match.group(1).split()]
        defaults = _TERM.findall(match.group(2))
        if len(defaults) != len(names):
            raise GraphbuildError(f"SPARQL parameter block {match.group(0)!r}: one value per variable")
        row = " ".join(terms.get(n.removeprefix("_"), d) for n, d in zip(names, defaults))
        return f"VALUES ({match.group(1).strip()}) {{ ({row}) }}"

    bound, count = _VALUES_BLOCK.subn(fill, query)
    if not count and any(name != "top" for name in params):
        raise GraphbuildError("SPARQL query has no `VALUES ... # params` block to bind parameters in")
    if params.get("top") is not None:
        bound = bound.rstrip() + f"\nLIMIT {int(params['top'])}\n"
    return bound


def sparql_query(name: str, **params: Any) -> str:
    """The text of `queries/<name>.rq` with the parameters bound (for running it on any SPARQL endpoint)."""
    canned = _canned_for(name, params)
    return bind_sparql(canned.sparql, _twin_params(canned, params))


def _python_value(term: Any) -> Any:
    """A SPARQL result term (pyoxigraph or rdflib) as the value the networkx rows hold: node IRIs as keys,
    xsd:integer as int, xsd:boolean as bool, every other literal as its lexical form."""
    import pyoxigraph
    from rdflib import Literal as RdfLiteral

    from graphbuild.rdf import ID_BASE, iri_key

    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        text, datatype = term.value, term.datatype.value
    elif isinstance(term, RdfLiteral):
        text, datatype = str(term), str(term.datatype or XSD + "string")
    else:
        iri = getattr(term, "value", None) or str(term)
        return iri_key(iri) if iri.startswith(ID_BASE) else iri
    if datatype == XSD + "boolean":
        return text in ("true", "1")
    if datatype in (XSD + "integer", XSD + "int", XSD + "long"):
        return int(text)
    return text


def _normalise(canned: Canned, rows: Iterable[Mapping[str, Any]], split: bool) -> list[Row]:
    out = []
    for row in rows:
        item = {c: row.get(c) for c in canned.columns}
        for column in canned.list_columns:
            value = item[column]
            if split:
                value = value.split(LIST_SEPARATOR) if value else []
            item[column] = sorted(value or [])
        out.append(item)
    return out


def run_sparql(store: Any, name: str, **params: Any) -> list[Row]:
    """Run `queries/<name>.rq` on a pyoxigraph Store or an rdflib Graph; the same rows as `run(G, name, ...)`."""
    text = sparql_query(name, **params)
    canned = _canned_for(name, params)
    raw: list[dict[str, Any]] = []
    if type(store).__module__.startswith("pyoxigraph"):
        solutions = store.query(text)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            raw.append({n: _python_value(solution[n]) for n in names})
    else:  # rdflib Graph / Dataset
        result = store.query(text)
        names = [str(v) for v in result.vars]
        for solution in result:
            raw.append({n: _python_value(solution[n]) for n in names})
    return _normalise(canned, raw, split=True)


# ---------------------------------------------------------------------------- Cypher twins

def cypher_query(name: str) -> str:
    """The text of `queries/<name>.cypher` (parameters: the prepared names, as `$param`)."""
    return _canned_for(name, {}).cypher


CYPHER_SENT_LIMIT = 3800  # bytes of statement: FalkorDB 4.16 crashes when statement and pasted parameters pass 4 KiB


def _without_comments(text: str) -> str:
    r"""The statement as sent, without its `//` comment lines and indentation: FalkorDB pastes the parameters into
    the query text and crashes when that text passes 4 KiB (see graphbuild.neo4j_store), so only the statement is
    sent (the twins' comments stay in their files).

    Examples
    --------
    >>> _without_comments("// a question\nMATCH (n)\n  RETURN n  // all\n")
    'MATCH (n)\nRETURN n  // all'
    """
    return "\n".join(line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("//"))


compact_cypher = _without_comments  # the public name (tests/test_queries.py checks every twin's length)


_PROBE = "graphbuild's \\ probe"


def _escape(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    return value


def _run_bolt(target: Any, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows from a neo4j_store.Store, a neo4j Driver or a Session.

    FalkorDB pastes string parameters into the query text unescaped (see graphbuild.neo4j_store):
    with a bare driver or session a probe tells whether to escape them; a Store knows already.
    """
    if hasattr(target, "read") and hasattr(target, "escape_strings"):
        return target.read(text, params)
    if hasattr(target, "session") and not hasattr(target, "run"):
        with target.session() as session:
            return _run_bolt(session, text, params)
    from neo4j.exceptions import Neo4jError

    try:
        echoed = target.run("RETURN $probe AS probe", {"probe": _PROBE}).single()
    except Neo4jError:  # FalkorDB: the pasted quote ends the literal early
        echoed = None
    if not echoed or echoed["probe"] != _PROBE:
        params = {k: _escape(v) for k, v in params.items()}
    return [record.data() for record in target.run(text, params)]


def run_cypher(session_or_driver: Any, name: str, **params: Any) -> list[Row]:
    """Run `queries/<name>.cypher` over Bolt (Neo4j 5 or FalkorDB loaded by `neo4j_store.load_graph`);
    the same rows as `run(G, name, ...)`."""
    canned = _canned_for(name, params)
    bound = _twin_params(canned, params)
    rows = _run_bolt(session_or_driver, _without_comments(canned.cypher), bound)
    return _normalise(canned, rows, split=False)
