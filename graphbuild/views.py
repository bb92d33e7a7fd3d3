"""Interactive views of the graph as self-contained HTML pages (pyvis / vis-network), for `kg view`.

Each view is a function that takes the graph first and returns a `Drawing` (nodes, edges, legend);
`render(G, name, path, **params)` writes it as one HTML file that works offline: the vis-network
script and style shipped in the pyvis package are inlined, and the page fetches nothing (pyvis's
Bootstrap links are removed, and a check refuses any other external reference).

Tooltips (node and edge `title`) are plain text: vis-network shows a string title with
`innerText`, and the data reach the page through JSON escaped for HTML (`<`, `>`, `&`, `'` as
`\\u003c` ...), so document text cannot inject markup. pyvis's alternative popup, which uses
`innerHTML` when a title contains "href", is never enabled.

Views stay usable on a province's full year of plans: each draws at most `max_nodes` nodes
(MAX_NODES) and folds the rest into grey summary nodes ("+412 more mandates"), as the legend
says. The layout is seeded (LAYOUT_SEED), so a page looks the same each time it is opened.
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild import labels, names, queries
from graphbuild.errors import GraphbuildError
from graphbuild.registry import pick

MAX_NODES = 250
LINEAGE_NODES = 80  # documents of a lineage drawn before the farthest are folded per province
AGENCY_LOAD_DOCUMENTS = 40  # documents drawn beside the most loaded agencies
PLAN_GROUP_AT = 40  # a plan with more mandates is drawn by section
PLAN_SECTIONS = 30  # at most this many section boxes (the deepest section level that stays under it)
COORDINATION_PAIRS = 150  # without --min-count, the smallest count that keeps at most this many pairs
MAX_EDGES = 1000  # the strongest links are drawn; vis-network slows down past a few thousand edges
LAYOUT_SEED = 20240501
SUMMARY_COLOR = "#bdbdbd"
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#7f7f7f", "#393b79", "#e7ba52")
KIND_COLORS = {"department": "#1f77b4", "committee": "#d62728", "ministry": "#9467bd", "party": "#e377c2",
               "collective": "#ff7f0e", "army": "#8c564b", "police": "#393b79", "press": "#17becf",
               "government": "#d62728", "council": "#e7ba52"}
OTHER_KIND_COLOR = "#7f7f7f"
DOCUMENT_COLOR = "#37474f"  # dark slate: apart from the palette of provinces and the status colours
STATUS_COLORS = {"past-deadline": "#d62728", "due-soon": "#ff7f0e", "not-yet-due": "#2ca02c",
                 "recurring": "#1f77b4", "no-deadline": "#b0b0b0"}  # as in the report


@dataclass
class Drawing:
    """What a view draws: vis-network nodes and edges (dicts), a legend, notes on what was left out."""

    title: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, meaning)
    notes: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)

    def node(self, node_id: str, label: str, title: str, color: str, size: float = 15, **extra: Any) -> None:
        self.nodes.append({"id": node_id, "label": label, "title": title, "color": color, "size": size, **extra})

    def edge(self, source: str, target: str, title: str = "", **extra: Any) -> None:
        self.edges.append({"from": source, "to": target, "title": title, **extra})


@dataclass(frozen=True)
class View:
    """A view: its function and the parameters (from queries.PARAM_NAMES) it takes."""

    name: str
    title: str
    function: Callable[..., Drawing]
    params: tuple[str, ...]
    description: str


# ---------------------------------------------------------------------------- text for tooltips

def _where(data: dict[str, Any]) -> str:
    """`file:line` (or `file:first-last`) of a node's source text."""
    source, start, end = data.get("source"), data.get("line_start"), data.get("line_end")
    if not source:
        return ""
    if start is None:
        return source
    return f"{source}:{start}" + (f"-{end}" if end not in (None, start) else "")


def _lines(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def _short(text: str | None, limit: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _document_tooltip(G: nx.MultiDiGraph, key: str) -> str:
    d = G.nodes[key]
    province = G.nodes[d["jurisdiction"]].get("name") if d.get("jurisdiction") in G else None
    return _lines(d.get("number") or key, d.get("title"), f"kind: {d.get('kind')}", d.get("date") and f"date: {d['date']}",
                  province and f"province: {province}", d.get("issuer") and f"issuer: {d['issuer']}",
                  "in the corpus" if d.get("in_corpus") else "cited, not in the corpus", _where(d))


def _agency_tooltip(G: nx.MultiDiGraph, key: str, extra: str = "") -> str:
    d = G.nodes[key]
    province = G.nodes[d["jurisdiction"]].get("name") if d.get("jurisdiction") in G else None
    return _lines(d.get("name"), province and f"jurisdiction: {province}", f"kind: {d.get('kind')}", extra)


def _mandate_tooltip(data: dict[str, Any], leads: list[str], coordinators: list[str]) -> str:
    due = data.get("due") or (data.get("due_text") and f"({data['due_text']})") or "none"
    return _lines(data.get("text"), f"due: {due}" + (f", {data['recurring']}" if data.get("recurring") else ""),
                  leads and "lead: " + "; ".join(leads), coordinators and "with: " + "; ".join(coordinators),
                  data.get("section") and f"section {data['section']}", _where(data))


def _kind_color(kind: str | None) -> str:
    return KIND_COLORS.get(kind or "", OTHER_KIND_COLOR)


def _kind_legend(kinds: set[str], lang: str = "en") -> list[tuple[str, str]]:
    known = sorted(k for k in kinds if k in KIND_COLORS)
    legend = [(KIND_COLORS[k], labels.view("agency_kind", lang, kind=k)) for k in known]
    if kinds - set(KIND_COLORS):
        legend.append((OTHER_KIND_COLOR, labels.view("agency_kind", lang, kind=", ".join(sorted(kinds - set(KIND_COLORS))))))
    return legend


def _documents(G: nx.MultiDiGraph, document: str | None) -> list[str]:
    if not document:
        raise GraphbuildError("this view needs a document (a number such as 58-NQ/TW, or a key)")
    return queries.resolve_documents(G, names.document_parameter(G, document))


def _limit(max_nodes: int) -> int:
    if max_nodes < 2:
        raise GraphbuildError(f"max_nodes must be at least 2, not {max_nodes}")
    return max_nodes


# ---------------------------------------------------------------------------- labels

def _province(G: nx.MultiDiGraph, key: str) -> str | None:
    jur = G.nodes[key].get("jurisdiction")
    return G.nodes[jur].get("name") if jur in G else None


def _doc_label(G: nx.MultiDiGraph, key: str, with_province: bool = True, with_title: bool = True) -> str:
    """Number (or a short title, or the file), province, and the first words of the title."""
    d = G.nodes[key]
    head = d.get("number") or _short(d.get("title"), 28) or Path(d.get("source") or key).name
    lines = [head]
    if with_province and _province(G, key):
        lines.append(_province(G, key))
    if with_title and d.get("number") and d.get("title"):
        lines.append(_short(d["title"], 30))
    return "\n".join(lines)


def _agency_label(G: nx.MultiDiGraph, key: str, with_province: bool) -> str:
    """The name (short), and its province when agencies of several provinces are drawn."""
    name = _short(G.nodes[key].get("name"), 30)
    province = _province(G, key)
    return f"{name}\n({province})" if with_province and province else name


def _several_provinces(G: nx.MultiDiGraph, keys: Iterable[str]) -> bool:
    return len({G.nodes[k].get("jurisdiction") for k in keys}) > 1


def _province_colors(G: nx.MultiDiGraph, keys: Iterable[str]) -> dict[str, str]:
    jurs = sorted({G.nodes[k].get("jurisdiction") or "" for k in keys})
    return {j: PALETTE[i % len(PALETTE)] for i, j in enumerate(jurs)}


def _agency_colors(G: nx.MultiDiGraph, keys: list[str], lang: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Agencies coloured by province when several are drawn (two "Sở Tài chính" stay apart), else by kind."""
    if _several_provinces(G, keys):
        colors = _province_colors(G, keys)
        legend = [(c, G.nodes[j].get("name") if j in G else "?") for j, c in colors.items()]
        return {k: colors[G.nodes[k].get("jurisdiction") or ""] for k in keys}, legend
    kinds = {G.nodes[k].get("kind") or "other" for k in keys}
    return {k: _kind_color(G.nodes[k].get("kind")) for k in keys}, _kind_legend(kinds, lang)


# ---------------------------------------------------------------------------- the views

def lineage(G: nx.MultiDiGraph, document: str | None = None, lang: str = "en",
            max_nodes: int = LINEAGE_NODES) -> Drawing:
    """A resolution and every document that carries it out, level by level, coloured by province.

    Each document is a box with its number, province and the first words of its title; arrows point
    from the implementing document to what it implements (IMPLEMENTS). Beyond `max_nodes` documents
    the farthest are folded into one summary node per province.
    """
    max_nodes = _limit(max_nodes)
    roots = _documents(G, document)
    rows = queries.implementation_chain(G, document)
    depth = {root: 0 for root in roots}
    for row in rows:
        depth[row["id"]] = min(depth.get(row["id"], row["depth"]), row["depth"])
    ordered = sorted(depth, key=lambda k: (depth[k], k))
    dropped = ordered[max_nodes - 1:] if len(ordered) > max_nodes else []
    kept = ordered[: len(ordered) - len(dropped)]
    colors = _province_colors(G, ordered)
    d = Drawing(labels.view("lineage", lang, name=", ".join(G.nodes[r].get("number") or r for r in roots)))
    for key in kept:
        data = G.nodes[key]
        color = colors[data.get("jurisdiction") or ""]
        d.node(key, _doc_label(G, key), _document_tooltip(G, key), {"background": "#ffffff", "border": color},
               shape="box", borderWidth=4 if depth[key] == 0 else 2, level=depth[key],
               font={"size": 16 if depth[key] == 0 else 13, "face": "sans-serif", "multi": False},
               shapeProperties={"borderDashes": False if data.get("in_corpus") else [6, 4]}, margin=8)
    shown = set(kept)
    for u, v, k in sorted(G.edges(keys=True)):
        if k == "IMPLEMENTS" and u in shown and v in shown:
            d.edge(u, v, f"{G.nodes[u].get('number') or u} → {G.nodes[v].get('number') or v}", arrows="to",
                   color={"color": "#888888"})
    by_province: dict[str, list[str]] = defaultdict(list)
    for key in dropped:
        by_province[G.nodes[key].get("jurisdiction") or ""].append(key)
    for jur, keys in sorted(by_province.items()):
        name = G.nodes[jur].get("name") if jur in G else jur
        d.node(f"summary/{jur}", labels.view("more_docs_province", lang, n=len(keys), name=name),
               "\n".join(G.nodes[k].get("number") or k for k in keys[:40]), SUMMARY_COLOR, shape="box",
               level=max(depth[k] for k in keys))
    d.legend = [(colors[p], G.nodes[p].get("name") if p in G else "?") for p in colors]
    d.legend += [("#ffffff", labels.view("in_corpus", lang))]
    if dropped:
        d.legend.append((SUMMARY_COLOR, labels.view("not_drawn", lang)))
        d.notes.append(labels.view("docs_folded", lang, n=len(dropped), total=len(ordered), limit=max_nodes))
    d.options = {"layout": {"hierarchical": {"enabled": True, "direction": "UD", "sortMethod": "directed",
                                             "levelSeparation": 130, "nodeSpacing": 190, "shakeTowards": "roots"}},
                 "physics": {"enabled": False}, "edges": {"smooth": {"type": "cubicBezier",
                                                                    "forceDirection": "vertical"}}}
    return d


def agency_load(G: nx.MultiDiGraph, province: str | None = None, top: int | None = None, groups: bool = False,
                as_of_structure: str | None = None, lang: str = "en", max_nodes: int = MAX_NODES) -> Drawing:
    """The agencies that carry the most mandates, sized by load, linked to the documents that task them.

    `top` agencies (default 25) by `queries.agency_load` (catch-all groups only with `groups`); each
    edge says how many mandates a document gives the agency. Agencies are labelled (and coloured)
    with their province when several are drawn; documents by number, province and title. Documents
    beyond AGENCY_LOAD_DOCUMENTS (or what `max_nodes` leaves room for) are folded into one node.
    With `as_of_structure`, the load rolled up to the bodies of that date (`agency_load_at_structure`).
    """
    if as_of_structure:
        return agency_load_at_structure(G, as_of_structure, province=province, top=top, groups=groups,
                                        max_nodes=max_nodes)
    max_nodes = _limit(max_nodes)
    top = top if top is not None else 25
    rows = queries.agency_load(G, province=province, top=top, groups=groups)[: max_nodes - 1]
    jur = queries.province_key(province)
    where = labels.view("in", lang, name=G.nodes[jur].get("name")) if jur in G else ""
    d = Drawing(labels.view("agency_load", lang) + where)
    biggest = max((r["total"] for r in rows), default=1)
    links: Counter[tuple[str, str]] = Counter()
    roles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        for _, mandate, etype in G.out_edges(row["id"], keys=True):
            if etype not in ("LEADS", "COORDINATES"):
                continue
            doc = G.nodes[mandate].get("document")
            if doc not in G or (jur and G.nodes[doc].get("jurisdiction") != jur):
                continue
            links[(row["id"], doc)] += 1
            roles[(row["id"], doc)][etype] += 1
    weight: Counter[str] = Counter()
    for (_, doc), n in links.items():
        weight[doc] += n
    docs = sorted(weight, key=lambda k: (-weight[k], k))
    room = max(1, min(AGENCY_LOAD_DOCUMENTS, max_nodes - len(rows) - 1))
    kept_docs, folded = (docs, []) if len(docs) <= room else (docs[:room], docs[room:])
    ids = [r["id"] for r in rows]
    colors, legend = _agency_colors(G, ids, lang)
    several = _several_provinces(G, ids)
    for row in rows:
        extra = _lines(f"leads {row['led']}, coordinates {row['coordinated']} mandates",
                       row["next_due"] and f"next deadline: {row['next_due']}")
        d.node(row["id"], _agency_label(G, row["id"], several), _agency_tooltip(G, row["id"], extra), colors[row["id"]],
               size=10 + 40 * (row["total"] / biggest) ** 0.5, shape="dot")
    several_docs = _several_provinces(G, kept_docs)
    for doc in kept_docs:
        d.node(doc, _doc_label(G, doc, several_docs, with_title=False), _document_tooltip(G, doc), DOCUMENT_COLOR,
               size=14, shape="square", font={"size": 12, "strokeWidth": 3, "strokeColor": "#ffffff"})
    shown = set(kept_docs)
    strongest = sorted(((agency, doc) for agency, doc in links if doc in shown), key=lambda ad: (-links[ad], ad))
    hidden = len(links) - min(len(strongest), MAX_EDGES)
    for agency, doc in sorted(strongest[:MAX_EDGES]):
        r = roles[(agency, doc)]
        d.edge(agency, doc, f"{G.nodes[agency].get('name')}: leads {r['LEADS']}, coordinates {r['COORDINATES']}"
               f" mandates of {G.nodes[doc].get('number') or doc}", value=links[(agency, doc)])
    if folded:
        d.node("summary/documents", labels.view("more_docs", lang, n=len(folded)),
               "\n".join(G.nodes[k].get("number") or k for k in folded[:40]), SUMMARY_COLOR, size=14, shape="box")
        d.notes.append(labels.view("docs_limit", lang, n=len(folded), total=len(docs), limit=room))
    if hidden:
        d.notes.append(f"{hidden} weaker agency-document links not drawn (limit {MAX_EDGES}).")
    d.legend = legend + [(DOCUMENT_COLOR, labels.view("tasking_doc", lang)),
                         ("#ffffff", labels.view("load_size", lang))]
    if folded:
        d.legend.append((SUMMARY_COLOR, labels.view("not_drawn", lang)))
    d.notes.append(labels.view("top_agencies", lang, n=len(rows), where=where))
    if not groups:
        d.notes.append(labels.view("groups_hidden", lang, n=_groups_tasked(G, jur)))
    return d


def _groups_tasked(G: nx.MultiDiGraph, jur: str | None = None, documents: set[str] | None = None) -> int:
    """How many catch-all groups lead or coordinate mandates (of a province, or of given documents)."""
    found = set()
    for a, m, k in G.edges(keys=True):
        if k in ("LEADS", "COORDINATES") and queries.is_group(G.nodes[a]):
            doc = G.nodes[m].get("document")
            if (jur is None or (doc in G and G.nodes[doc].get("jurisdiction") == jur)) and \
                    (documents is None or doc in documents):
                found.add(a)
    return len(found)


def _section_groups(mandates: list[tuple[str, dict[str, Any]]]) -> dict[str, list[str]]:
    """Mandates by section, at the deepest level of the section path that still gives at most PLAN_SECTIONS
    groups (II, then II.3, then II.3.b ...), so that no section box swallows the whole plan."""
    best: dict[str, list[str]] = {}
    for depth in (1, 2, 3, 4):
        groups: dict[str, list[str]] = defaultdict(list)
        for key, data in mandates:
            groups[".".join((data.get("section") or "-").split(".")[:depth])].append(key)
        if best and len(groups) > PLAN_SECTIONS:
            break
        best = dict(groups)
    return best


def plan(G: nx.MultiDiGraph, document: str | None = None, as_of: str | None = None, groups: bool = False,
         lang: str = "en", max_nodes: int = MAX_NODES) -> Drawing:
    """One plan's mandates with their lead (solid arrow) and coordinating (dashed) agencies.

    Mandates are coloured by status as of `as_of` (default today) and labelled with their section
    and first words. A plan of more than PLAN_GROUP_AT mandates is drawn by section: one box per
    section (its mandates in the tooltip), agencies linked to the sections they work in. Catch-all
    groups are drawn only with `groups`. Past `max_nodes` nodes the rest is folded into one node.
    """
    max_nodes = _limit(max_nodes)
    roots = _documents(G, document)
    p = queries.prepare(as_of=as_of)
    d = Drawing(labels.view("plan", lang, name=", ".join(G.nodes[r].get("number") or r for r in roots)))
    mandates = sorted(((m, data) for m, data in G.nodes(data=True)
                       if data.get("label") == "Mandate" and data.get("document") in roots),
                      key=lambda md: (md[1].get("document"), md[1].get("line_start") or 0, md[0]))
    status = {m: queries.mandate_status(data, p["as_of"], p["soon_until"]) for m, data in mandates}
    for root in roots:
        d.node(root, _doc_label(G, root, False), _document_tooltip(G, root), DOCUMENT_COLOR, size=30, shape="square")
    counted = (lambda a: True) if groups else (lambda a: not queries.is_group(G.nodes[a]))
    grouped = len(mandates) > PLAN_GROUP_AT
    units = _section_groups(mandates) if grouped else {m: [m] for m, _ in mandates}
    drawn: list[str] = []
    hidden_agencies: set[str] = set()
    budget = max_nodes - len(roots)
    folded: list[str] = []
    for unit, members in units.items():
        leads = Counter(a for m in members for a in _agencies(G, m, "LEADS") if counted(a))
        coordinators = Counter(a for m in members for a in _agencies(G, m, "COORDINATES") if counted(a))
        new = [a for a in dict.fromkeys([*leads, *coordinators]) if a not in drawn]
        if grouped and not folded and 2 < budget < 1 + len(new) + 1:  # a big section: its busiest agencies
            new = sorted(new, key=lambda a: (-(leads[a] + coordinators[a]), a))[: budget - 2]
            hidden_agencies.update(a for a in [*leads, *coordinators] if a not in new and a not in drawn)
            leads = Counter({a: n for a, n in leads.items() if a in new or a in drawn})
            coordinators = Counter({a: n for a, n in coordinators.items() if a in new or a in drawn})
        if folded or budget < 1 + len(new) + 1:
            folded.extend(members)  # once one is folded, all later ones are: the drawing shows a prefix of the plan
            continue
        budget -= 1 + len(new)
        states = Counter(status[m] for m in members)
        color = queries_status_color(states.most_common(1)[0][0])
        if grouped:
            label = labels.view("section", lang, name=unit) + "\n" + labels.view("n_mandates", lang, n=len(members))
            tip = "\n".join(f"{G.nodes[m].get('section')}: {_short(G.nodes[m].get('text'), 90)} "
                            f"[{labels.text(status[m], lang)}]" for m in members[:30])
            node_id = f"section/{roots[0]}/{unit}"
            d.node(node_id, label, tip, color, shape="box", font={"size": 13})
        else:
            data = G.nodes[unit]
            names = [G.nodes[a].get("name") for a in leads], [G.nodes[a].get("name") for a in coordinators]
            node_id = unit
            d.node(unit, f"{data.get('section') or data.get('line_start')} · {_short(data.get('text'), 26)}",
                   _mandate_tooltip(data, *names) + f"\n{labels.text(status[unit], lang)}", color, size=10,
                   shape="dot", font={"size": 11})
        d.edge(node_id, G.nodes[members[0]]["document"], "", color="#cccccc")
        for agency in new:
            drawn.append(agency)
            d.node(agency, _short(G.nodes[agency].get("name"), 30), _agency_tooltip(G, agency),
                   _kind_color(G.nodes[agency].get("kind")), size=16, shape="triangle")
        for agency, n in leads.items():
            d.edge(agency, node_id, f"{G.nodes[agency].get('name')} leads {n}", arrows="to", value=n)
        for agency, n in coordinators.items():
            if agency not in leads:
                d.edge(agency, node_id, f"{G.nodes[agency].get('name')} coordinates {n}", arrows="to", dashes=True,
                       value=n)
    if folded:
        lines = [G.nodes[k].get("line_start") or 0 for k in folded]
        d.node("summary/mandates", labels.view("more_mandates", lang, n=len(folded)),
               f"{len(folded)} mandates not drawn (lines {min(lines)}-{max(lines)})", SUMMARY_COLOR, size=14,
               shape="box")
        d.edge("summary/mandates", roots[0], "", color="#cccccc")
        d.notes.append(f"{len(folded)} of {len(mandates)} mandates folded into one summary node (limit {max_nodes}).")
    d.legend = [(STATUS_COLORS[s], labels.text(s, lang)) for s in queries.STATUSES]
    d.legend.append((DOCUMENT_COLOR, labels.view("plan_square", lang)))
    if grouped:
        d.legend.append(("#ffffff", labels.view("section_box", lang)))
    d.legend += _kind_legend({G.nodes[a].get("kind") or "other" for a in drawn}, lang)
    d.legend.append(("#ffffff", labels.view("agency_arrows", lang)))
    if folded:
        d.legend.append((SUMMARY_COLOR, labels.view("not_drawn", lang)))
    if grouped:
        d.notes.append(labels.view("grouped", lang, n=len(mandates), k=len(units), at=PLAN_GROUP_AT))
    d.notes.append(labels.view("plan_counts", lang, n=len(mandates), k=len(drawn)))
    if hidden_agencies - set(drawn):
        d.notes.append(f"{len(hidden_agencies - set(drawn))} agencies with fewer mandates in a section not drawn "
                       f"(limit {max_nodes}).")
    if not groups and (hidden := _groups_tasked(G, documents=set(roots))):
        d.notes.append(labels.view("groups_hidden", lang, n=hidden))
    return d


def _agencies(G: nx.MultiDiGraph, mandate: str, etype: str) -> list[str]:
    return sorted(a for a, _, k in G.in_edges(mandate, keys=True) if k == etype)


def queries_status_color(state: str) -> str:
    return STATUS_COLORS[state]


def coordination(G: nx.MultiDiGraph, province: str | None = None, min_count: int | None = None,
                 groups: bool = False, lang: str = "en", max_nodes: int = MAX_NODES) -> Drawing:
    """Agencies linked when they share mandates: arrows from a lead to its coordinators, dashed lines between
    coordinators; line width is the number of shared mandates (`queries.coordination`).

    Without `min_count`, the smallest count that keeps COORDINATION_PAIRS pairs or fewer is chosen, and
    the page says so. Agencies are labelled and coloured by province when several are drawn. Past
    `max_nodes` agencies, the least connected are left out and counted in a summary node.
    """
    max_nodes = _limit(max_nodes)
    every = queries.coordination(G, province=province, min_count=1, groups=groups)
    chosen = min_count
    if chosen is None:
        chosen = 1
        while sum(1 for r in every if r["mandates"] >= chosen) > COORDINATION_PAIRS:
            chosen += 1
    rows = [r for r in every if r["mandates"] >= chosen]
    strength: Counter[str] = Counter()
    for row in rows:
        strength[row["id_a"]] += row["mandates"]
        strength[row["id_b"]] += row["mandates"]
    agencies = sorted(strength, key=lambda k: (-strength[k], k))
    kept = agencies if len(agencies) <= max_nodes else agencies[: max_nodes - 1]
    shown = set(kept)
    jur = queries.province_key(province)
    where = labels.view("in", lang, name=G.nodes[jur].get("name")) if jur in G else ""
    d = Drawing(labels.view("coordination", lang) + where)
    biggest = max(strength.values(), default=1)
    colors, legend = _agency_colors(G, kept, lang)
    several = _several_provinces(G, kept)
    for key in kept:
        d.node(key, _agency_label(G, key, several),
               _agency_tooltip(G, key, f"{strength[key]} shared mandates with the agencies drawn"),
               colors[key], size=8 + 32 * (strength[key] / biggest) ** 0.5, shape="dot")
    hidden_pairs = 0
    for row in rows:  # strongest pairs first
        if row["id_a"] not in shown or row["id_b"] not in shown or len(d.edges) >= MAX_EDGES:
            hidden_pairs += 1
            continue
        lead = row["relation"] == "lead-coordinator"
        d.edge(row["id_a"], row["id_b"],
               f"{row['agency_a']} {'leads, ' if lead else 'and '}{row['agency_b']} "
               f"{'coordinates' if lead else 'coordinate'}: {row['mandates']} mandates in {row['documents']} documents",
               value=row["mandates"], arrows="to" if lead else "", dashes=not lead)
    left_out = {r["id_a"] for r in every} | {r["id_b"] for r in every}
    rest = len(left_out - shown)
    if rest:
        d.node("summary/agencies", labels.view("more_agencies", lang, n=rest),
               f"{rest} agencies sharing fewer mandates, not drawn", SUMMARY_COLOR, size=14, shape="box")
    if len(rows) < len(every):
        d.notes.append(labels.view("threshold", lang, m=chosen, shown=len(rows), total=len(every)))
    if len(kept) < len(agencies) or hidden_pairs:
        d.notes.append(labels.view("agencies_left", lang, n=len(agencies) - len(kept), total=len(agencies),
                                   pairs=hidden_pairs, limit=max_nodes, edges=MAX_EDGES))
    if not groups:
        d.notes.append(labels.view("groups_hidden", lang, n=_groups_tasked(G, jur)))
    d.legend = legend + [("#ffffff", labels.view("coordination_legend", lang))]
    if rest:
        d.legend.append((SUMMARY_COLOR, labels.view("not_drawn", lang)))
    return d


# ---------------------------------------------------------------------------- the 2025 reorganisation

SUCCESSION_COLOR = "#555555"
DIVIDED_COLOR = "#d62728"


def agency_load_at_structure(G: nx.MultiDiGraph, as_of_structure: str, province: str | None = None,
                             top: int | None = None, groups: bool = False, max_nodes: int = MAX_NODES) -> Drawing:
    """The agencies of a structure date sized by the mandates they carry then, each linked from the
    bodies whose mandates it took over (`queries.agency_load_at_structure`).

    A holder is drawn as a dot sized by its rolled-up load; each earlier body it took mandates from is
    a small diamond with an arrow to it ("succeeded by", with the date and legal basis); a body whose
    duties were divided (district committees) is outlined in red and keeps its own mandates.
    """
    max_nodes = _limit(max_nodes)
    top = top if top is not None else 25
    rows = queries.agency_load_at_structure(G, as_of_structure, province=province, groups=groups,
                                            top=top)[: max_nodes // 2]
    where = f" in {province}" if province else ""
    d = Drawing(f"Agency load as of the structure of {as_of_structure}{where}")
    biggest = max((r["total"] for r in rows), default=1)
    drawn: set[str] = set()
    for row in rows:
        extra = _lines(f"as of {as_of_structure}: leads {row['led']}, coordinates {row['coordinated']} mandates",
                       "from: " + "; ".join(row["from"]),
                       row["divided_among"] and "duties divided among: " + "; ".join(row["divided_among"]))
        color = {"background": _kind_color(row["kind"]),
                 "border": DIVIDED_COLOR if row["status"] == "divided" else _kind_color(row["kind"])}
        d.node(row["id"], _short(row["agency"], 32), _agency_tooltip(G, row["id"], extra), color,
               size=10 + 40 * (row["total"] / biggest) ** 0.5, shape="dot", borderWidth=4 if row["divided_among"] else 1)
        drawn.add(row["id"])
    held = {row["id"] for row in rows}
    for u, v, data in _succession_edges(G):
        if len(d.nodes) >= max_nodes:
            d.notes.append(f"Earlier bodies beyond {max_nodes} nodes not drawn.")
            break
        if not data.get("rollup") or data.get("change_date", "") > as_of_structure or not _rolls_into(G, v, held,
                                                                                                 as_of_structure):
            continue
        for key in (u, v):
            if key not in drawn:
                d.node(key, _short(G.nodes[key].get("name"), 32), _agency_tooltip(G, key, "before the reorganisation"),
                       _kind_color(G.nodes[key].get("kind")), size=9, shape="diamond")
                drawn.add(key)
        d.edge(u, v, _succession_tooltip(G, u, v, data), dashes=True, color=SUCCESSION_COLOR, arrows="to")
    d.legend = _kind_legend({r["kind"] or "other" for r in rows})
    d.legend += [("#ffffff", "dot: a body of that date, sized by the mandates it carries then"),
                 (SUCCESSION_COLOR, "diamond and dashed arrow: an earlier body whose mandates it took over"),
                 (DIVIDED_COLOR, "red outline: duties divided among several bodies, not rolled up")]
    d.notes.append(f"The {len(rows)} agencies with the most mandates{where}, rolled up to the bodies that hold "
                   f"their duties on {as_of_structure} (2025 reorganisation, ontology/reorganisation.toml).")
    return d


def _succession_edges(G: nx.MultiDiGraph) -> list[tuple[str, str, dict[str, Any]]]:
    from graphbuild.reorganisation import SUCCEEDED_BY

    return sorted(((u, v, data) for u, v, k, data in G.edges(keys=True, data=True) if k == SUCCEEDED_BY),
                  key=lambda e: (e[2].get("change_date", ""), e[0], e[1]))


def _rolls_into(G: nx.MultiDiGraph, key: str, holders: set[str], when: str) -> bool:
    from graphbuild.reorganisation import graph_holder

    return graph_holder(G, key, when).key in holders


def _succession_tooltip(G: nx.MultiDiGraph, u: str, v: str, step: dict[str, Any]) -> str:
    """A SUCCEEDED_BY step, from its edge attributes or an agency_history row (`date`, `kind`, `basis`)."""
    date = step.get("change_date") or step.get("date") or ""
    kind = step.get("change_kind") or step.get("kind")
    basis = step.get("legal_basis") or step.get("basis")
    return _lines(f"{G.nodes[u].get('name')} → {G.nodes[v].get('name')}",
                  f"{kind} on {date}" + (" (approximate)" if step.get("approximate") else ""),
                  step.get("duties") and f"duties: {step['duties']}",
                  "its duties passed whole" if step.get("rollup") else "part of its duties",
                  basis and f"legal basis: {basis}")


def _lifespan(G: nx.MultiDiGraph, key: str, rows: list[dict[str, Any]]) -> str:
    """`until 2025-03-01` for a body that ended (its duties passed on or were divided), `from 2025-03-01` for
    one that the reorganisation created (no document names it), else nothing."""
    from graphbuild.reorganisation import SOURCE

    ended = [r["date"] for r in rows if r["predecessor_id"] == key and r["kind"] != "transfer"]
    if ended:
        return f"until {min(ended)}"
    began = [r["date"] for r in rows if r["successor_id"] == key]
    return f"from {min(began)}" if began and G.nodes[key].get("source") == SOURCE else ""


def agency_history(G: nx.MultiDiGraph, agency: str | None = None, province: str | None = None, lang: str = "en",
                   max_nodes: int = MAX_NODES) -> Drawing:
    """An agency's (or province's) lineage over time: predecessors on the left, successors on the right,
    each arrow a change with its date and legal basis (`queries.agency_history`).

    Columns follow the changes in date order: a body is drawn one column right of the latest body it
    succeeded. Solid arrows carry duties whole; dashed ones a part (a split, a dissolution, a transfer).
    """
    if not agency and not province:
        raise GraphbuildError("this view needs an agency (a name such as 'Sở Kế hoạch và Đầu tư', or a key) "
                              "or a province")
    max_nodes = _limit(max_nodes)
    rows = queries.agency_history(G, agency, province=province)
    jur = queries.province_key(province)
    where = G.nodes[jur].get("name") if jur in G else province
    d = Drawing(f"Lineage of {agency} ({where})" if agency and where else f"Lineage of {agency or where}")
    roots = {r["root"] for r in rows} or set(queries._history_roots(G, agency, jur))
    H = nx.DiGraph()
    H.add_nodes_from(roots)
    steps = {}
    for r in rows:
        H.add_edge(r["predecessor_id"], r["successor_id"])
        steps[(r["predecessor_id"], r["successor_id"])] = r
    column = {}
    for key in nx.topological_sort(H):
        column[key] = max((column[u] + 1 for u in H.predecessors(key)), default=0)
    kept = sorted(H.nodes, key=lambda k: (column[k], k))[:max_nodes]
    if len(kept) < len(H):
        d.notes.append(f"{len(H) - len(kept)} later bodies not drawn (limit {max_nodes}).")
    for key in kept:
        data = G.nodes[key]
        kind = data.get("kind") if data.get("label") == "Agency" else "province"
        span = _lifespan(G, key, rows)
        tooltip = _lines(data.get("name"), queries._jurisdiction_name(G, key) and
                         f"jurisdiction: {queries._jurisdiction_name(G, key)}", f"kind: {kind}", span,
                         "asked about" if key in roots else "")
        d.node(key, _short(data.get("name"), 32) + (f"\n{span}" if span else ""), tooltip, _kind_color(kind),
               size=22 if key in roots else 14, shape="box" if key in roots else "dot", level=column[key])
    for (u, v), r in sorted(steps.items()):
        if u not in kept or v not in kept:
            continue
        d.edge(u, v, _succession_tooltip(G, u, v, r), label=r["date"], arrows="to", color=SUCCESSION_COLOR,
               dashes=not r["rollup"], width=3 if r["rollup"] else 1)
    d.options = {"layout": {"hierarchical": {"enabled": True, "direction": "LR", "sortMethod": "directed",
                                             "levelSeparation": 260, "nodeSpacing": 90}},
                 "physics": {"enabled": False}}
    d.legend = _kind_legend({G.nodes[k].get("kind") or "province" for k in H.nodes})
    d.legend += [(SUCCESSION_COLOR, "arrow: succeeded by (date; hover for the legal basis); dashed: part of the duties"),
                 ("#ffffff", "box: the body asked about; columns: order of the changes")]
    if not rows:
        d.notes.append(f"No change of {agency or where} is recorded in ontology/reorganisation.toml.")
    bases = sorted({r["basis"] for r in rows if r["basis"]})
    d.notes += [f"Legal basis: {b}" for b in bases]
    return d


VIEWS: dict[str, View] = {v.name: v for v in (
    View("lineage", "A resolution and everything implementing it, by province", lineage, ("document",),
         (lineage.__doc__ or "").strip().split("\n")[0]),
    View("agency_load", "Agencies sized by load, linked to the documents that task them", agency_load,
         ("province", "top", "groups", "as_of_structure"), (agency_load.__doc__ or "").strip().split("\n")[0]),
    View("plan", "One plan's mandates, by section when large, with lead and coordinating agencies", plan,
         ("document", "as_of", "groups"), (plan.__doc__ or "").strip().split("\n")[0]),
    View("coordination", "Agencies that share mandates", coordination, ("province", "min_count", "groups"),
         (coordination.__doc__ or "").strip().split("\n")[0]),
    View("agency_history", "An agency's lineage across the 2025 reorganisation, with dates", agency_history,
         ("agency", "province"), (agency_history.__doc__ or "").strip().split("\n")[0]),
)}


# ---------------------------------------------------------------------------- HTML

_BASE_OPTIONS: dict[str, Any] = {
    "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": True},
    "physics": {"enabled": True, "solver": "forceAtlas2Based",
                "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
                "stabilization": {"enabled": True, "iterations": 400, "fit": True}, "minVelocity": 1.0},
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
    "edges": {"smooth": False, "color": {"inherit": "from"}, "scaling": {"min": 1, "max": 10}},
    "nodes": {"font": {"size": 14}, "borderWidth": 1},
}
_EXTERNAL = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=", re.IGNORECASE)
_STYLE = """
#kg-head { font-family: sans-serif; margin: 8px 12px; }
#kg-head h1 { font-size: 20px; margin: 4px 0; }
#kg-legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; margin: 6px 0; }
#kg-legend span.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 5px; border: 1px solid #888;
  vertical-align: middle; }
#kg-head p.note { font-size: 13px; color: #555; margin: 2px 0; }
div.vis-tooltip { white-space: pre-wrap !important; max-width: 520px; font-family: sans-serif; font-size: 13px; }
"""


# Physics runs for the seeded stabilisation only, then stops: the layout is the same at every opening and a large
# drawing does not keep the CPU busy. window.kgDrawn tells tests (and scripts) that the network is drawn.
_SETTLE = """network.once("stabilizationIterationsDone", function () {
  network.setOptions({physics: {enabled: false}});
  network.once("afterDrawing", function () { window.kgDrawn = true; });
  network.redraw();
});
"""
_DRAWN = """network.once("afterDrawing", function () { window.kgDrawn = true; });
"""


def _options(drawing: Drawing) -> dict[str, Any]:
    options = json.loads(json.dumps(_BASE_OPTIONS))
    if len(drawing.nodes) > 100:
        options["layout"]["improvedLayout"] = False  # Kamada-Kawai start is slow on large graphs
    for key, value in drawing.options.items():
        if isinstance(value, dict) and isinstance(options.get(key), dict):
            options[key].update(value)
        else:
            options[key] = value
    return options


def _header(drawing: Drawing) -> str:
    legend = "".join(f'<span class="item"><span class="swatch" style="background:{html.escape(color)}"></span>'
                     f"{html.escape(text)}</span>" for color, text in drawing.legend)
    notes = "".join(f'<p class="note">{html.escape(n)}</p>' for n in drawing.notes)
    return (f'<div id="kg-head"><h1>{html.escape(drawing.title)}</h1>'
            f'<div id="kg-legend">{legend}</div>{notes}</div>')


def to_html(drawing: Drawing, lang: str = "en") -> str:
    """The page for a drawing: pyvis's template with vis-network inlined, no external references."""
    from pyvis.network import Network

    net = Network(height="760px", width="100%", directed=True, cdn_resources="in_line")
    template = net.templateEnv.get_template(net.path)
    options = _options(drawing)
    page = template.render(
        height="760px", width="100%", nodes=drawing.nodes, edges=drawing.edges, heading="",
        options=json.dumps(options, ensure_ascii=False, sort_keys=True), physics_enabled=options["physics"]["enabled"],
        use_DOT=False, dot_lang=None, widget=False, bgcolor="#ffffff", conf=False,
        tooltip_link=False,  # pyvis's link popup sets innerHTML: never
        neighborhood_highlight=False, select_menu=False, filter_menu=False, notebook=False, cdn_resources="in_line")
    # pyvis's template links Bootstrap from a CDN (only for card styling), and keeps a commented node_modules link.
    page = re.sub(r"<link\s[^>]*href=\"https?://[^\"]*\"[^>]*>", "", page, flags=re.DOTALL)
    page = re.sub(r"<script\s[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>", "", page, flags=re.DOTALL)
    page = re.sub(r"<!--\s*<link[^>]*node_modules.*?-->", "", page, flags=re.DOTALL)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    page = page.replace("<html>", f'<!DOCTYPE html>\n<html lang="{lang}">', 1)
    page = page.replace("</head>", f"<style>{_STYLE}</style>\n<title>{html.escape(drawing.title)}</title>\n</head>", 1)
    page = page.replace("<body>", "<body>\n" + _header(drawing), 1)
    page = page.replace("drawGraph();\n", "drawGraph();\n" + (_SETTLE if options["physics"]["enabled"] else _DRAWN), 1)
    if _EXTERNAL.search(page):
        raise GraphbuildError("view HTML would load an external resource (pyvis template changed?)")
    return page


def build(G: nx.MultiDiGraph, name: str, lang: str = "en", **params: Any) -> Drawing:
    """The drawing of view `name` (parameters from its `params`), its words in `lang` (vi or en)."""
    view = pick(VIEWS, "view", name, params)
    given = queries.resolve_names(G, **{k: v for k, v in params.items() if v is not None})
    return view.function(G, **given, lang=labels.check(lang))


def render(G: nx.MultiDiGraph, name: str, path: str | Path, lang: str = "en", **params: Any) -> Path:
    """Write view `name` of the graph as a self-contained HTML file at `path`; returns the path."""
    page = to_html(build(G, name, lang, **params), lang)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
