"""One self-contained, offline HTML report for a corpus, a province or a central resolution (`kg report`).

What an auditor reads first, on one page: the implementation chain, mandates per agency with their
status as of a date (a bar chart), deadlines over time (a timeline by quarter), the mandates without
a lead or a deadline, and the table of every mandate in scope with its file and line. Every number is
a link to its rows: a small inline script filters the table (`#rows?agency=...&status=...`); without
scripts the whole table shows. Nothing is fetched: styles, script and charts (SVG) are in the page.

The figures are those of the canned questions (queries.mandates, queries.agency_load rules: catch-all
groups are not counted per agency, statuses by queries.mandate_status), so the report and `kg query`
agree. `--lang vi|en` sets the words; agency names and document text stay in Vietnamese.
"""
from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild import labels, names, queries
from graphbuild.errors import GraphbuildError

TOP_AGENCIES = 20
STATUS_COLORS = {"past-deadline": "#d62728", "due-soon": "#ff7f0e", "not-yet-due": "#2ca02c",
                 "recurring": "#1f77b4", "no-deadline": "#b0b0b0"}


@dataclass
class Scope:
    """What a report covers: its title, the documents whose mandates count, and the chain to draw."""

    title: str
    documents: set[str] | None  # None: every document
    jurisdiction: str | None = None
    roots: list[str] = field(default_factory=list)  # documents whose implementation chain is drawn


def scope(G: nx.MultiDiGraph, province: str | None = None, document: str | None = None, lang: str = "en") -> Scope:
    """The documents a report covers: the corpus, a province's documents, or a document and every document
    that carries it out (a central resolution's plans, across provinces)."""
    if province and document:
        raise GraphbuildError("a report covers a province or a document, not both")
    if document:
        number = names.document_parameter(G, document)
        roots = queries.resolve_documents(G, number)
        chain = queries.implementation_chain(G, number)
        return Scope(labels.ui("scope_document", lang, name=number), set(roots) | {r["id"] for r in chain},
                     roots=roots)
    if province:
        jur = names.province_parameter(G, province)
        docs = {k for k, d in G.nodes(data=True) if d.get("label") == "Document" and d.get("jurisdiction") == jur}
        return Scope(labels.ui("scope_province", lang, name=G.nodes[jur].get("name") or jur), docs, jur,
                     _chain_roots(G, docs))
    return Scope(labels.ui("scope_corpus", lang), None, roots=_chain_roots(G, None))


def _implements(G: nx.MultiDiGraph) -> nx.DiGraph:
    H = nx.DiGraph()
    H.add_edges_from((u, v) for u, v, k in G.edges(keys=True) if k == "IMPLEMENTS")
    return H


def _chain_roots(G: nx.MultiDiGraph, documents: set[str] | None) -> list[str]:
    """The top of each chain the corpus's documents (in scope) belong to, the most implemented first."""
    H = _implements(G)
    tops: Counter[str] = Counter()
    for key in H:
        if not G.nodes[key].get("in_corpus") or (documents is not None and key not in documents):
            continue
        for up in nx.descendants(H, key):
            if H.out_degree(up) == 0:
                tops[up] += 1
    return sorted(tops, key=lambda k: (-tops[k], k))


# ---------------------------------------------------------------------------- figures

@dataclass
class Figures:
    """Everything the page shows, computed once."""

    rows: list[dict[str, Any]]
    agencies: list[dict[str, Any]]
    quarters: list[tuple[str, Counter[str]]]
    gaps: list[dict[str, Any]]
    mandate_agencies: dict[str, list[str]]  # mandate key -> agency keys (named agencies only)
    mandate_gaps: dict[str, list[str]]


def figures(G: nx.MultiDiGraph, where: Scope, as_of: str | None = None, within: int | None = None,
            top: int = TOP_AGENCIES) -> Figures:
    p = queries.prepare(as_of=as_of, within=within)
    if where.documents is None or where.jurisdiction:
        rows = queries.mandates(G, province=where.jurisdiction, as_of=p["as_of"], within=within)
    else:
        rows = [r for doc in sorted(where.documents)
                for r in queries.mandates(G, document=doc, as_of=p["as_of"], within=within)]
        rows = list({r["mandate"]: r for r in rows}.values())
        rows.sort(key=lambda r: (G.nodes[r["mandate"]].get("document"), r["line"] or 0, r["mandate"]))
    status = {r["mandate"]: r["status"] for r in rows}
    load: dict[str, Counter[str]] = defaultdict(Counter)
    mandate_agencies: dict[str, list[str]] = defaultdict(list)
    for mandate, state in status.items():
        for agency, _, etype in G.in_edges(mandate, keys=True):
            if etype in ("LEADS", "COORDINATES") and not queries.is_group(G.nodes[agency]):
                load[agency][etype] += 1
                load[agency][state] += 1
                mandate_agencies[mandate].append(agency)
    agencies = [{"id": a, "agency": G.nodes[a].get("name"), "jurisdiction": queries._name(G, G.nodes[a].get(
                 "jurisdiction")), "led": c["LEADS"], "coordinated": c["COORDINATES"],
                 "total": c["LEADS"] + c["COORDINATES"], **{s: c[s] for s in queries.STATUSES}}
                for a, c in load.items()]
    agencies.sort(key=lambda r: (-r["total"], -r["led"], r["id"]))
    by_quarter: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        if row["due_end"]:
            by_quarter[quarter(row["due_end"])][row["status"]] += 1
    keys = {r["mandate"] for r in rows}
    gap_rows = [g for g in queries.audit_gaps(G) if g["mandate"] in keys]
    mandate_gaps: dict[str, list[str]] = defaultdict(list)
    for g in gap_rows:
        mandate_gaps[g["mandate"]].append(g["reason"])
    return Figures(rows, agencies[:top] if top else agencies, sorted(by_quarter.items()),
                   queries.count_by(gap_rows, "reason", queries.AUDIT_REASONS), dict(mandate_agencies),
                   dict(mandate_gaps))


def quarter(day: str) -> str:
    """`2021-08-31` -> `2021-Q3`."""
    return f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}"


# ---------------------------------------------------------------------------- HTML

def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _link(count: int, **filters: str) -> str:
    """A number that shows its rows when clicked."""
    if not count:
        return '<span class="zero">0</span>'
    query = "&".join(f"{k}={html.escape(v, quote=True)}" for k, v in filters.items())
    return f'<a class="n" href="#rows?{query}">{count}</a>'


def _summary(G: nx.MultiDiGraph, fig: Figures, where: Scope, lang: str) -> str:
    docs = {G.nodes[r["mandate"]].get("document") for r in fig.rows}
    counts = Counter(r["status"] for r in fig.rows)
    items = [f"<li>{_link(len(fig.rows), all='1')} {_e(labels.ui('mandates_total', lang))}</li>",
             f"<li><b>{len(docs)}</b> {_e(labels.ui('documents_in_corpus', lang))}</li>",
             (f"<li><b>{len({a for v in fig.mandate_agencies.values() for a in v})}</b> "
              f"{_e(labels.ui('agencies_named', lang))}</li>")]
    items += [f'<li><span class="sw" style="background:{STATUS_COLORS[s]}"></span>{_link(counts[s], status=s)} '
              f"{_e(labels.text(s, lang))}</li>" for s in queries.STATUSES]
    return f'<ul class="summary">{"".join(items)}</ul>'


def _chain(G: nx.MultiDiGraph, where: Scope, fig: Figures, lang: str, limit: int = 12) -> str:
    per_doc = Counter(G.nodes[r["mandate"]].get("document") for r in fig.rows)
    if not where.roots:
        return f"<p>{_e(labels.ui('chain_none', lang))}</p>"
    H = _implements(G)
    keep = None
    if where.documents is not None:  # documents in scope and those on their way up
        keep = set(where.documents) | {up for d in where.documents if d in H for up in nx.descendants(H, d)}
    parts = [f"<li>{_doc_label(G, root, per_doc)}{_children(G, H, root, per_doc, keep, {root})}</li>"
             for root in where.roots[:limit]]
    more = len(where.roots) - limit
    tail = f'<p class="note">{_e(labels.ui("chains_more", lang, n=more))}</p>' if more > 0 else ""
    return f'<p class="note">{_e(labels.ui("chain_note", lang))}</p><ul class="tree">{"".join(parts)}</ul>{tail}'


def _children(G: nx.MultiDiGraph, H: nx.DiGraph, key: str, per_doc: Counter[str], keep: set[str] | None,
              seen: set[str], depth: int = 1) -> str:
    if depth > queries.MAX_DEPTH or key not in H:
        return ""
    kids = sorted((k for k in H.predecessors(key) if k not in seen and (keep is None or k in keep)),
                  key=lambda k: (G.nodes[k].get("jurisdiction") or "", G.nodes[k].get("number") or k))
    if not kids:
        return ""
    seen = seen | set(kids)
    return "<ul>" + "".join(f"<li>{_doc_label(G, k, per_doc)}{_children(G, H, k, per_doc, keep, seen, depth + 1)}"
                            f"</li>" for k in kids) + "</ul>"


def _doc_label(G: nx.MultiDiGraph, key: str, per_doc: Counter[str]) -> str:
    d = G.nodes[key]
    province = queries._name(G, d.get("jurisdiction"))
    title = d.get("title") or ""
    short = title if len(title) <= 90 else title[:89] + "…"
    mandates = f" · {_link(per_doc[key], document=key)} ▸" if per_doc.get(key) else ""
    cited = "" if d.get("in_corpus") else ' <span class="cited">◆</span>'
    number = d.get("number") or (short and "") or Path(d.get("source") or key).name
    return (f'<b>{_e(number)}</b>{cited} <span class="meta">{_e(province)}'
            f'{" · " + _e(d.get("date")) if d.get("date") else ""}</span> {_e(short)}{mandates}')


def _bars(fig: Figures, lang: str) -> str:
    """Horizontal stacked bars, one per agency, one segment per status; each segment links to its rows."""
    if not fig.agencies:
        return ""
    width, label_w, bar_h, gap = 900, 330, 18, 6
    biggest = max(a["total"] for a in fig.agencies)
    scale = (width - label_w - 60) / biggest
    tall = len(fig.agencies) * (bar_h + gap) + 10
    out = [(f'<svg class="chart" role="img" width="{width}" height="{tall}" viewBox="0 0 {width} {tall}" '
            'xmlns="http://www.w3.org/2000/svg">')]
    for i, a in enumerate(fig.agencies):
        y = 5 + i * (bar_h + gap)
        name = a["agency"] + (f" ({a['jurisdiction']})" if a["jurisdiction"] else "")
        shown = name if len(name) <= 48 else name[:47] + "…"
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end" class="lbl"><title>{_e(name)}'
                   f"</title>{_e(shown)}</text>")
        x = label_w
        for s in queries.STATUSES:
            if not a[s]:
                continue
            w = a[s] * scale
            out.append(f'<a href="#rows?agency={_e(a["id"])}&amp;status={s}"><rect x="{x:.1f}" y="{y}" '
                       f'width="{max(w, 1):.1f}" height="{bar_h}" fill="{STATUS_COLORS[s]}"><title>{_e(name)}: '
                       f'{a[s]} {_e(labels.text(s, lang))}</title></rect></a>')
            x += w
        out.append(f'<a href="#rows?agency={_e(a["id"])}"><text x="{x + 6:.1f}" y="{y + bar_h - 4}" class="tot">'
                   f'{a["total"]}</text></a>')
    out.append("</svg>")
    return "".join(out)


def _agency_table(fig: Figures, lang: str) -> str:
    head = "".join(f"<th>{_e(labels.title(c, lang))}</th>" for c in ("agency", "jurisdiction", "led", "coordinated",
                                                                      "total"))
    head += "".join(f'<th><span class="sw" style="background:{STATUS_COLORS[s]}"></span>{_e(labels.text(s, lang))}'
                    f"</th>" for s in queries.STATUSES)
    body = []
    for a in fig.agencies:
        cells = [f"<td>{_e(a['agency'])}</td>", f"<td>{_e(a['jurisdiction'])}</td>",
                 f'<td class="num">{a["led"]}</td>', f'<td class="num">{a["coordinated"]}</td>',
                 f'<td class="num">{_link(a["total"], agency=a["id"])}</td>']
        cells += [f'<td class="num">{_link(a[s], agency=a["id"], status=s)}</td>' for s in queries.STATUSES]
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _timeline(fig: Figures, as_of: str, lang: str) -> str:
    """Columns per quarter (stacked by status), a red line at the status date; each column links to its rows."""
    if not fig.quarters:
        return f"<p>{_e(labels.ui('timeline_none', lang))}</p>"
    first, last = fig.quarters[0][0], max(fig.quarters[-1][0], quarter(as_of))
    first = min(first, quarter(as_of))
    span = _quarters_between(first, last)
    if len(span) > 60:  # decades apart (a 2045 vision): keep the busiest stretch readable
        span = _quarters_between(first, fig.quarters[-1][0])[:60]
    counts = dict(fig.quarters)
    col, height, base = max(14, min(48, 860 // max(len(span), 1))), 220, 250
    biggest = max(sum(c.values()) for c in counts.values())
    width = 60 + col * len(span)
    out = [(f'<svg class="chart" role="img" width="{width}" height="{base + 40}" viewBox="0 0 {width} {base + 40}" '
            'xmlns="http://www.w3.org/2000/svg">'),
           f'<line x1="55" y1="{base}" x2="{width}" y2="{base}" stroke="#888"/>',
           f'<text x="50" y="{base - height + 10}" text-anchor="end" class="lbl">{biggest}</text>']
    for i, q in enumerate(span):
        x = 60 + i * col
        y = base
        for s in queries.STATUSES:
            n = counts.get(q, Counter())[s]
            if not n:
                continue
            h = n / biggest * height
            y -= h
            out.append(f'<a href="#rows?quarter={q}&amp;status={s}"><rect x="{x + 1}" y="{y:.1f}" width="{col - 2}" '
                       f'height="{h:.1f}" fill="{STATUS_COLORS[s]}"><title>{q}: {n} {_e(labels.text(s, lang))}'
                       f"</title></rect></a>")
        total = sum(counts.get(q, Counter()).values())
        if total:
            out.append(f'<a href="#rows?quarter={q}"><text x="{x + col / 2}" y="{y - 3:.1f}" text-anchor="middle" '
                       f'class="tot">{total}</text></a>')
        if q.endswith("Q1") or len(span) <= 12:
            out.append(f'<text x="{x + col / 2}" y="{base + 16}" text-anchor="middle" class="lbl">'
                       f'{q if len(span) <= 12 else q[:4]}</text>')
        if q == quarter(as_of):
            day = (int(as_of[5:7]) - 1) % 3 * 30 + int(as_of[8:10])
            mx = x + col * day / 92
            out.append(f'<line x1="{mx:.1f}" y1="{base - height - 10}" x2="{mx:.1f}" y2="{base + 4}" stroke="#d62728" '
                       f'stroke-width="2"/><text x="{mx + 4:.1f}" y="{base - height - 12}" class="asof">{as_of}</text>')
    out.append("</svg>")
    return "".join(out)


def _quarters_between(first: str, last: str) -> list[str]:
    out, (y, q) = [], (int(first[:4]), int(first[-1]))
    while f"{y}-Q{q}" <= last:
        out.append(f"{y}-Q{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def _gaps(fig: Figures, lang: str) -> str:
    if not fig.gaps:
        return ""
    rows = "".join(f"<tr><td>{_e(labels.text(g['reason'], lang))}</td>"
                   f'<td class="num">{_link(g["mandates"], gap=g["reason"])}</td>'
                   f'<td class="num">{g["documents"]}</td></tr>' for g in fig.gaps)
    head = "".join(f"<th>{_e(labels.title(c, lang))}</th>" for c in ("reason", "mandates", "documents"))
    return f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _rows(G: nx.MultiDiGraph, fig: Figures, lang: str) -> str:
    columns = ("document", "section", "text", "leads", "coordinators", "due", "status", "source")
    head = "".join(f"<th>{_e(labels.title(c, lang))}</th>" for c in columns)
    body = []
    for r in fig.rows:
        key = r["mandate"]
        due = r["due"] or (f"({r['due_text']})" if r["due_text"] else "")
        attrs = {"data-agency": " ".join(fig.mandate_agencies.get(key, [])), "data-status": r["status"],
                 "data-gap": " ".join(fig.mandate_gaps.get(key, [])),
                 "data-quarter": quarter(r["due_end"]) if r["due_end"] else "",
                 "data-document": G.nodes[key].get("document") or ""}
        attr = " ".join(f'{k}="{_e(v)}"' for k, v in attrs.items())
        body.append(f"<tr {attr}><td>{_e(r['document'])}</td><td>{_e(r['section'])}</td><td>{_e(r['text'])}</td>"
                    f"<td>{_e('; '.join(r['leads']))}</td><td>{_e('; '.join(r['coordinators']))}</td>"
                    f"<td>{_e(due)}</td><td><span class=\"sw\" style=\"background:{STATUS_COLORS[r['status']]}\">"
                    f"</span>{_e(labels.text(r['status'], lang))}</td><td>{_e(r['source'])}:{_e(r['line'])}</td></tr>")
    return (f'<table class="grid rows" id="rows-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


_STYLE = """
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; margin: 18px 28px; color: #222; max-width: 1400px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; }
p.note, .meta { color: #555; font-size: 13px; } .scope { font-size: 15px; color: #333; margin: 2px 0 10px; }
ul.summary { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 22px; font-size: 15px; }
.sw { display: inline-block; width: 11px; height: 11px; margin-right: 5px; border: 1px solid #888; vertical-align: middle; }
a.n { color: #0b57d0; font-weight: bold; text-decoration: none; border-bottom: 1px dotted #0b57d0; }
.zero { color: #aaa; }
table.grid { border-collapse: collapse; font-size: 13px; margin: 6px 0; }
table.grid th, table.grid td { border: 1px solid #ddd; padding: 3px 6px; vertical-align: top; text-align: left; }
table.grid th { background: #f3f3f3; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.rows td:nth-child(3) { min-width: 360px; max-width: 640px; }
table.rows td:nth-child(4), table.rows td:nth-child(5) { min-width: 150px; }
svg.chart { display: block; margin: 6px 0; max-width: 100%; height: auto; }
svg .lbl { font-size: 12px; fill: #333; } svg .tot { font-size: 11px; fill: #0b57d0; } svg .asof { font-size: 11px; fill: #d62728; }
ul.tree { font-size: 14px; } ul.tree ul { border-left: 1px dotted #bbb; margin-left: 6px; } .cited { color: #888; }
#rows-status { background: #fff8d6; padding: 4px 8px; font-size: 14px; display: inline-block; }
.legend span { margin-right: 16px; font-size: 13px; }
"""

_SCRIPT = """
(function () {
  var table = document.getElementById("rows-table"), status = document.getElementById("rows-status");
  var all = status.getAttribute("data-all"), shown = status.getAttribute("data-shown");
  function apply() {
    var h = decodeURIComponent(location.hash || ""), n = 0, what = [];
    var rows = table.tBodies[0].rows, filters = {};
    if (h.indexOf("#rows?") === 0) {
      h.slice(6).split("&").forEach(function (kv) {
        var i = kv.indexOf("="); if (i > 0) { filters[kv.slice(0, i)] = kv.slice(i + 1); }
      });
    }
    delete filters.all;
    Object.keys(filters).forEach(function (k) { what.push(k + ": " + filters[k]); });
    for (var r = 0; r < rows.length; r++) {
      var row = rows[r], ok = true;
      Object.keys(filters).forEach(function (k) {
        var have = (row.getAttribute("data-" + k) || "").split(" ");
        if (have.indexOf(filters[k]) < 0) { ok = false; }
      });
      row.style.display = ok ? "" : "none";
      if (ok) { n++; }
    }
    window.kgShown = n;
    status.textContent = what.length ? shown.replace("{n}", n).replace("{what}", what.join(", ")) : all;
    if (what.length) { document.getElementById("rows").scrollIntoView(); }
  }
  window.addEventListener("hashchange", apply);
  apply();
  window.kgDrawn = true;
})();
"""


def to_html(G: nx.MultiDiGraph, where: Scope, fig: Figures, as_of: str, within: int, lang: str = "en") -> str:
    """The page."""
    title = labels.ui("report", lang)
    legend = "".join(f'<span><span class="sw" style="background:{STATUS_COLORS[s]}"></span>{_e(labels.text(s, lang))}'
                     f"</span>" for s in queries.STATUSES)
    body = [f"<h1>{_e(title)}</h1>",
            (f'<p class="scope">{_e(where.title)} · {_e(labels.ui("as_of", lang))} {_e(as_of)} · '
             f'{_e(labels.ui("due_soon_days", lang, n=within))}</p>'),
            f'<h2>{_e(labels.ui("summary", lang))}</h2>', _summary(G, fig, where, lang),
            f'<h2>{_e(labels.ui("chain", lang))}</h2>', _chain(G, where, fig, lang),
            f'<h2>{_e(labels.ui("by_agency", lang))}</h2>',
            f'<p class="note">{_e(labels.ui("by_agency_note", lang, n=len(fig.agencies)))}</p>',
            f'<p class="legend">{legend}</p>', _bars(fig, lang), _agency_table(fig, lang),
            f'<h2>{_e(labels.ui("timeline", lang))}</h2>', f'<p class="note">{_e(labels.ui("timeline_note", lang))}</p>',
            _timeline(fig, as_of, lang),
            f'<h2>{_e(labels.ui("gaps", lang))}</h2>', _gaps(fig, lang),
            f'<h2 id="rows">{_e(labels.ui("rows", lang))}</h2>',
            (f'<p><span id="rows-status" data-all="{_e(labels.ui("rows_all", lang, n=len(fig.rows)))}" '
             f'data-shown="{_e(labels.ui("rows_shown", lang, n="{n}", what="{what}"))}"></span> '
             f'<a href="#rows?all=1">{_e(labels.ui("show_all", lang))}</a></p>'),
            _rows(G, fig, lang),
            f'<p class="note">{_e(labels.ui("generated", lang, n=_count_documents(G)))}</p>']
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{_e(title)} · '
            f'{_e(where.title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n' + "\n".join(body) +
            f"\n<script>{_SCRIPT}</script>\n</body>\n</html>\n")


def _count_documents(G: nx.MultiDiGraph) -> int:
    return sum(1 for _, d in G.nodes(data=True) if d.get("label") == "Document" and d.get("in_corpus"))


def render(G: nx.MultiDiGraph, path: str | Path, province: str | None = None, document: str | None = None,
           as_of: str | None = None, within: int | None = None, lang: str = "en", top: int | None = None) -> Path:
    """Write the report of the corpus, a province or a document (and what carries it out) at `path`."""
    labels.check(lang)
    p = queries.prepare(as_of=as_of, within=within)
    where = scope(G, province=province, document=document, lang=lang)
    fig = figures(G, where, p["as_of"], within, top if top is not None else TOP_AGENCIES)
    days = queries.DUE_SOON_DAYS if within is None else within
    page = to_html(G, where, fig, p["as_of"], days, lang)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def agency_rows(fig: Figures) -> Iterable[dict[str, Any]]:
    """The per-agency figures as rows (for tests and scripts): the numbers the bars and table show."""
    return ({k: v for k, v in a.items()} for a in fig.agencies)


def to_json(fig: Figures) -> str:
    """The figures as JSON (a machine-readable twin of the page)."""
    return json.dumps({"agencies": fig.agencies, "quarters": [[q, dict(c)] for q, c in fig.quarters],
                       "gaps": fig.gaps, "mandates": len(fig.rows)}, ensure_ascii=False, indent=1)
