"""The 2025 reorganisation (sắp xếp tổ chức bộ máy): which body holds, at a date, the duties a plan gave
to a body that has since merged, split or ended, and in which province.

The knowledge is `ontology/reorganisation.toml` (read through `graphbuild.knowledge`): legal bases,
changes of bodies (ministries, provincial departments, Party commissions, district committees) and
changes of provinces (NQ 202/2025/QH15). A body is a `Body` (canonical name, and its province unless
it is national); `links_from(body)` gives the `Link`s to its successors, with the change, its date and
legal basis; `holder(body, date)` follows the links the duties follow (a merger, a rename, a split's
main successor) up to a date, and says where it had to stop (a split without a main successor, a
dissolution). `check()` lists what is wrong with the data.

    >>> reorg = load()
    >>> h = reorg.holder(Body("Sở Kế hoạch và Đầu tư", "Kon Tum"), "2026-01-01")
    >>> h.body, [link.change.id for link in h.path]
    (Body(name='Sở Tài chính', province='Quảng Ngãi'), ['so-tai-chinh-2025', 'tinh-quang-ngai-2025'])
    >>> reorg.holder(Body("Sở Kế hoạch và Đầu tư", "Kon Tum"), "2025-04-01").body
    Body(name='Sở Tài chính', province='Kon Tum')
    >>> reorg.province_at("Kon Tum", "2026-01-01"), reorg.province_at("Kon Tum", "2025-06-30")
    ('Quảng Ngãi', 'Kon Tum')
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as _date
from functools import cache
from typing import Any

from graphbuild import knowledge, schema
from graphbuild.errors import GraphbuildError
from graphbuild.textutil import fold

SOURCE_NAME = "reorganisation.toml"
SOURCE = f"ontology/{SOURCE_NAME}"  # the `source` of the nodes and edges this module adds to a graph
KINDS = ("merged", "renamed", "split", "dissolved", "transfer")
LEVELS = ("nation", "province")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


# ---------------------------------------------------------------------------- the data

@dataclass(frozen=True)
class LegalBasis:
    """The act that made a change: its number and date as printed (`verified = False`: not certain here)."""

    id: str
    kind: str
    number: str
    date: str
    issuer: str
    title: str
    verified: bool = True
    note: str | None = None

    def cite(self) -> str:
        """`Nghị quyết 176/2025/QH15 ngày 18/02/2025`, as Vietnamese documents cite an act."""
        y, m, d = self.date.split("-")
        return f"{self.kind} {self.number} ngày {d}/{m}/{y}"


@dataclass(frozen=True)
class Successor:
    """A body that took over duties in a change; `duties` says which when they were divided."""

    name: str
    duties: str | None = None
    main: bool = False


@dataclass(frozen=True)
class Change:
    """One change of bodies (`subject` "agency") or of provinces (`subject` "province").

    `level` ("nation" or "province") says whether an agency change concerns one national body or
    the body every province has; a province change has no level.
    """

    id: str
    subject: str
    kind: str
    date: str
    basis: tuple[LegalBasis, ...]
    predecessors: tuple[str, ...]
    successors: tuple[Successor, ...]
    level: str | None = None
    approximate: bool = False
    note: str | None = None
    predecessors_like: tuple[str, ...] = ()
    line: int | None = None  # where the change is written in ontology/reorganisation.toml (provenance)

    @property
    def ended(self) -> tuple[str, ...]:
        """The predecessors that ended in this change (a transfer ends none; a body that is also the
        successor continues)."""
        if self.kind == "transfer":
            return ()
        kept = {fold(s.name) for s in self.successors}
        return tuple(p for p in self.predecessors if fold(p) not in kept)

    @property
    def duties_follow(self) -> Successor | None:
        """The successor that takes a predecessor's duties whole (or, in a split, the main one); None when
        they were divided (a split without a main successor, a dissolution, a transfer)."""
        if self.kind in ("merged", "renamed"):
            return self.successors[0] if self.successors else None
        if self.kind == "split":
            return next((s for s in self.successors if s.main), None)
        return None

    def basis_text(self) -> str:
        """Every legal basis of the change, cited, joined with `; `."""
        return "; ".join(b.cite() for b in self.basis)

    def names(self, name: str) -> bool:
        """Whether `name` is one of this change's predecessors (or begins like one, `predecessors_like`)."""
        folded = fold(name)
        return (any(fold(p) == folded for p in self.predecessors)
                or any(folded.startswith(fold(p) + " ") for p in self.predecessors_like))


@dataclass(frozen=True)
class Body:
    """An agency as the reorganisation sees it: its canonical name and its province (None: national)."""

    name: str
    province: str | None = None


@dataclass(frozen=True)
class Link:
    """One predecessor -> successor step of a change (a SUCCEEDED_BY edge in the graph)."""

    predecessor: Body
    successor: Body
    change: Change
    duties: str | None = None
    main: bool = False
    rollup: bool = False  # the predecessor's duties follow this link whole (merged, renamed, a split's main)

    @property
    def date(self) -> str:
        return self.change.date


@dataclass(frozen=True)
class Holding:
    """Who holds a body's duties at a date: `body`, reached through `path`; `divided` lists the links
    dated by then that the duties were divided along (a split without a main successor, a dissolution),
    so nothing went past `body` there."""

    body: Body
    path: tuple[Link, ...] = ()
    divided: tuple[Link, ...] = ()

    @property
    def split(self) -> bool:
        """Whether a split lies on the path: the holder took the main part, other parts went elsewhere."""
        return any(link.change.kind == "split" for link in self.path)

    @property
    def status(self) -> str:
        """`same` (nothing changed), `succeeded` (rolled up), `split` (rolled up to a split's main successor),
        `divided` (stopped: the duties were divided, see `divided`)."""
        if self.divided:
            return "divided"
        if not self.path:
            return "same"
        return "split" if self.split else "succeeded"


def _basis(item: dict) -> LegalBasis:
    return LegalBasis(item["id"], item.get("kind", ""), item.get("number", ""), item.get("date", ""),
                      item.get("issuer", ""), item.get("title", ""), bool(item.get("verified", True)),
                      item.get("note"))


def _change(item: dict, subject: str, bases: dict[str, LegalBasis], lines: dict[str, int] | None = None) -> Change:
    where = f"ontology/reorganisation.toml: {subject} change {item.get('id', '?')!r}"
    try:
        basis = tuple(bases[b] for b in item.get("basis", []))
    except KeyError as err:
        raise GraphbuildError(f"{where}: unknown legal basis {err.args[0]!r}") from None
    if subject == "province":
        successors: tuple[Successor, ...] = (Successor(item["successor"]),) if item.get("successor") else ()
    else:
        successors = tuple(Successor(s["name"], s.get("duties"), bool(s.get("main", False)))
                           for s in item.get("successors", []))
    try:
        return Change(item["id"], subject, item["kind"], item["date"], basis, tuple(item["predecessors"]), successors,
                      item.get("level"), bool(item.get("approximate", False)), item.get("note"),
                      tuple(item.get("predecessors_like", [])), (lines or {}).get(item["id"]))
    except KeyError as err:
        raise GraphbuildError(f"{where}: missing {err.args[0]!r}") from None


# ---------------------------------------------------------------------------- questions of the data

@dataclass(frozen=True)
class Reorganisation:
    """The reorganisation data with its questions: successors, holders at a date, provinces at a date."""

    bases: dict[str, LegalBasis]
    changes: tuple[Change, ...]
    province_changes: tuple[Change, ...]
    province_names: tuple[str, ...] = ()  # every province of ontology/provinces.toml, before and after
    _by_province: dict[str, list[Change]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for change in self.province_changes:
            for name in change.predecessors:
                self._by_province.setdefault(fold(name), []).append(change)

    # -- provinces

    def province_change(self, province: str) -> Change | None:
        """The change that ended `province` (merged into another or renamed), if any."""
        return next((c for c in self._by_province.get(fold(province), []) if fold(province) in map(fold, c.ended)),
                    None)

    def province_at(self, province: str, when: str) -> str:
        """The province that, at `when`, holds the territory `province` named (itself when unchanged)."""
        seen = set()
        while (change := self.province_change(province)) and change.date <= when and change.successors:
            if fold(province) in seen:
                raise GraphbuildError(f"ontology/reorganisation.toml: province changes loop at {province!r}")
            seen.add(fold(province))
            province = change.successors[0].name
        return province

    def province_predecessors(self, province: str) -> list[tuple[str, Change]]:
        """Every province that became part of `province` (directly or through a chain), with its change."""
        out, todo = [], [province]
        while todo:
            current = fold(todo.pop())
            for change in self.province_changes:
                if current in map(fold, (s.name for s in change.successors)):
                    for old in change.ended:
                        if all(fold(o) != fold(old) for o, _ in out):
                            out.append((old, change))
                            todo.append(old)
        return out

    def provinces_at(self, when: str) -> list[str]:
        """The provinces that exist at `when` (63 before 1 July 2025, 34 after)."""
        starts = {fold(s.name): c.date for c in self.province_changes for s in c.successors
                  if fold(s.name) not in map(fold, c.predecessors)}
        out = []
        for name in self.province_names:
            change = self.province_change(name)
            if (change and change.date <= when) or starts.get(fold(name), "") > when:
                continue
            out.append(name)
        return out

    # -- bodies

    def agency_changes(self, name: str, level: str) -> list[Change]:
        """The changes of bodies at `level` that name `name` as a predecessor, by date."""
        return sorted((c for c in self.changes if c.level == level and c.names(name)), key=lambda c: c.date)

    def links_from(self, body: Body, *, known: bool = True) -> list[Link]:
        """The successor links of a body: its changes, and the merger of its province.

        A body of a province that merged passes to the body of the same name in the successor
        province, unless a change of its own ended it by then, or it is not `known` (a body the
        gazetteer does not know: guessing its successor would be inventing it).
        """
        level = "province" if body.province else "nation"
        links: list[Link] = []
        ended_on = None
        for change in self.agency_changes(body.name, level):
            ends = change.kind != "transfer" and all(fold(s.name) != fold(body.name) for s in change.successors)
            if ends and ended_on is None:
                ended_on = change.date
            follow = change.duties_follow if ends else None
            for s in change.successors:
                if fold(s.name) == fold(body.name):
                    continue
                links.append(Link(body, Body(s.name, body.province), change, s.duties, s.main,
                                  rollup=follow is not None and s == follow))
        moved = self.province_change(body.province) if body.province and known else None
        if moved and moved.successors and (ended_on is None or ended_on > moved.date):
            links.append(Link(body, Body(body.name, moved.successors[0].name), moved, rollup=True))
        return sorted(links, key=lambda link: (link.date, link.change.id, link.successor.name))

    def holder(self, body: Body, when: str, *, known: bool = True) -> Holding:
        """Who holds `body`'s duties at `when`: follow, in date order, the links the duties follow whole."""
        path: list[Link] = []
        seen = {body}
        while True:
            links = [link for link in self.links_from(body, known=known) if link.date <= when]
            rolled = [link for link in links if link.rollup]
            if rolled:
                body = rolled[0].successor
                if body in seen:
                    raise GraphbuildError(f"ontology/reorganisation.toml: successors loop at {body}")
                seen.add(body)
                path.append(rolled[0])
                continue
            divided = tuple(link for link in links if link.change.kind in ("split", "dissolved"))
            return Holding(body, tuple(path), divided)

    # -- checks

    def check(self, gazetteer: dict | None = None, provinces: dict | None = None) -> list[str]:
        """Every problem of the data, one line each (empty: fine). See `_problems`."""
        return list(_problems(self, gazetteer if gazetteer is not None else knowledge.agencies(),
                              provinces if provinces is not None else knowledge.provinces()))


def _problems(reorg: Reorganisation, gazetteer: dict, provinces: dict) -> Iterable[str]:
    """What the tests require of the data.

    Every change has a known kind, an ISO date and at least one legal basis with a number and an ISO
    date; a merger or rename has one successor, a split several (at most one main), a dissolution or
    transfer no main one; every body that ends has a successor or is dissolved with a note; every
    gazetteer agency marked `until` ends in a change of its level, and its `successor` field is the
    one the duties follow (or one of a split's successors); no chain of successors loops; the
    provinces agree with provinces.toml (`merged_into`) and number 63 before 1 July 2025, 34 after.
    """
    where = "ontology/reorganisation.toml"
    for b in reorg.bases.values():
        if not b.number or not _ISO.fullmatch(b.date or "") or not b.title:
            yield f"{where}: basis {b.id!r} lacks a number, an ISO date or a title"
    for c in (*reorg.changes, *reorg.province_changes):
        name = f"{where}: change {c.id!r}"
        if c.kind not in KINDS:
            yield f"{name}: kind {c.kind!r} is not one of {', '.join(KINDS)}"
        if not _ISO.fullmatch(c.date):
            yield f"{name}: date {c.date!r} is not an ISO date"
        else:
            try:
                _date.fromisoformat(c.date)
            except ValueError:
                yield f"{name}: date {c.date!r} is not a date"
        if not c.basis:
            yield f"{name}: no legal basis"
        if c.subject == "agency" and c.level not in LEVELS:
            yield f"{name}: level {c.level!r} is not one of {', '.join(LEVELS)}"
        if not c.predecessors:
            yield f"{name}: no predecessors"
        mains = sum(s.main for s in c.successors)
        if c.kind in ("merged", "renamed") and len(c.successors) != 1:
            yield f"{name}: a {c.kind} change has exactly one successor"
        if c.kind == "split" and (len(c.successors) < 2 or mains > 1):
            yield f"{name}: a split has several successors, at most one of them main"
        if c.kind in ("dissolved", "transfer") and mains:
            yield f"{name}: a {c.kind} change has no main successor"
        if c.kind == "transfer" and not c.successors:
            yield f"{name}: a transfer names who received the duties"
        if c.kind == "dissolved" and not c.successors and not c.note:
            yield f"{name}: a body dissolved without successors needs a note saying where its duties went"
        if c.kind in ("split", "dissolved") and any(not s.duties for s in c.successors):
            yield f"{name}: each successor of a divided body says which duties it took"
    yield from _gazetteer_problems(reorg, gazetteer)
    yield from _loop_problems(reorg)
    yield from _province_problems(reorg, provinces)


def _gazetteer_problems(reorg: Reorganisation, gazetteer: dict) -> Iterable[str]:
    for agency in gazetteer.get("agency", []):
        if "until" not in agency:
            continue
        name, level = agency["name"], agency.get("level", "province")
        ending = [c for c in reorg.agency_changes(name, level) if fold(name) in map(fold, c.ended)]
        if not ending:
            yield f"ontology/agencies.toml: {name!r} ends ({agency['until']}) but no change of ontology/reorganisation.toml ends it"
            continue
        change = ending[0]
        if successor := agency.get("successor"):
            follow = change.duties_follow
            allowed = {fold(s.name) for s in change.successors} if change.kind == "split" else (
                {fold(follow.name)} if follow else set())
            if fold(successor) not in allowed:
                yield (f"ontology/agencies.toml: {name!r} has successor {successor!r}, but change {change.id!r} "
                       f"passes its duties to {', '.join(s.name for s in change.successors) or 'nobody'}")


def _loop_problems(reorg: Reorganisation) -> Iterable[str]:
    """A successor chain that comes back to a body it left (by name, at each level; provinces by name)."""
    edges: dict[tuple[str | None, str], set[tuple[str | None, str]]] = {}
    for c in reorg.changes:
        for p in c.ended if c.kind != "transfer" else c.predecessors:
            edges.setdefault((c.level, fold(p)), set()).update((c.level, fold(s.name)) for s in c.successors
                                                               if fold(s.name) != fold(p))
    for c in reorg.province_changes:
        for p in c.ended:
            edges.setdefault((None, fold(p)), set()).update((None, fold(s.name)) for s in c.successors)
    state: dict[tuple[str | None, str], int] = {}

    def visit(node: tuple[str | None, str], trail: list[str]) -> Iterable[str]:
        state[node] = 1
        for nxt in sorted(edges.get(node, ()), key=str):
            if state.get(nxt) == 1:
                yield f"ontology/reorganisation.toml: successors loop: {' -> '.join([*trail, node[1], nxt[1]])}"
            elif nxt not in state:
                yield from visit(nxt, [*trail, node[1]])
        state[node] = 2

    for node in sorted(edges, key=str):
        if node not in state:
            yield from visit(node, [])


def _province_problems(reorg: Reorganisation, provinces: dict) -> Iterable[str]:
    table = {fold(p["name"]): p for p in provinces.get("province", [])}
    for c in reorg.province_changes:
        for name in (*c.predecessors, *(s.name for s in c.successors)):
            if fold(name) not in table:
                yield f"ontology/reorganisation.toml: change {c.id!r}: {name!r} is not a province of ontology/provinces.toml"
        for old in c.ended:
            merged_into = table.get(fold(old), {}).get("merged_into")
            if merged_into and c.successors and fold(merged_into) != fold(c.successors[0].name):
                yield (f"ontology/provinces.toml: {old!r} merged_into {merged_into!r}, but change {c.id!r} "
                       f"makes it part of {c.successors[0].name!r}")
    for item in table.values():
        if item.get("merged_into") and not reorg.province_change(item["name"]):
            yield f"ontology/provinces.toml: {item['name']!r} merged_into {item['merged_into']!r}, but no change ends it"
    before, after = len(reorg.provinces_at("2025-06-30")), len(reorg.provinces_at("2025-07-01"))
    if (before, after) != (63, 34):
        yield f"ontology/reorganisation.toml: {before} provinces before 1 July 2025 and {after} after (want 63 and 34)"


@cache
def load() -> Reorganisation:
    """The reorganisation of ontology/reorganisation.toml (loaded once)."""
    data = knowledge.reorganisation()
    lines = {m.group(1): n for n, line in enumerate(knowledge.ontology_text(SOURCE_NAME).splitlines(), 1)
             if (m := re.match(r'id\s*=\s*"([^"]+)"', line))}
    bases = {item["id"]: _basis(item) for item in data.get("basis", [])}
    changes = tuple(_change(item, "agency", bases, lines) for item in data.get("change", []))
    province_changes = tuple(_change(item, "province", bases, lines) for item in data.get("province_change", []))
    names = tuple(p["name"] for p in knowledge.provinces().get("province", []))
    return Reorganisation(bases, changes, province_changes, names)


# ---------------------------------------------------------------------------- the graph

SUCCEEDED_BY = schema.SUCCEEDED_BY


def event_key(change: Change, jurisdiction_slug: str | None = None) -> str:
    """The key of one change event (schema.change_key): `change/<id>` for a national change or a province
    merger, `change/<id>/<jur>` for a change each province made on its own (its departments)."""
    if change.subject == "agency" and change.level == "province" and jurisdiction_slug:
        return schema.change_key(change.id, jurisdiction_slug)
    return schema.change_key(change.id)


@dataclass(frozen=True)
class GraphHolding:
    """`Holding` in graph keys: the holder's key, the SUCCEEDED_BY edges followed (u, v, attributes) and
    the ones, dated by then, along which the duties were divided."""

    key: str
    path: tuple[tuple[str, str, dict], ...] = ()
    divided: tuple[tuple[str, str, dict], ...] = ()

    @property
    def status(self) -> str:
        if self.divided:
            return "divided"
        if not self.path:
            return "same"
        return "split" if any(d["change_kind"] == "split" for _, _, d in self.path) else "succeeded"


def successor_edges(G: Any, key: str) -> list[tuple[str, str, dict]]:
    """The SUCCEEDED_BY edges out of a node, by date then successor."""
    return sorted(((u, v, d) for u, v, k, d in G.out_edges(key, keys=True, data=True) if k == SUCCEEDED_BY),
                  key=lambda e: (e[2]["change_date"], e[1]))


def predecessor_edges(G: Any, key: str) -> list[tuple[str, str, dict]]:
    """The SUCCEEDED_BY edges into a node, by date then predecessor."""
    return sorted(((u, v, d) for u, v, k, d in G.in_edges(key, keys=True, data=True) if k == SUCCEEDED_BY),
                  key=lambda e: (e[2]["change_date"], e[0]))


def graph_holder(G: Any, key: str, when: str) -> GraphHolding:
    """Who holds, at `when`, the duties of the agency (or the territory of the jurisdiction) `key`:
    the SUCCEEDED_BY edges the duties follow whole (`rollup`), dated up to `when`, in order."""
    path: list[tuple[str, str, dict]] = []
    seen = {key}
    while True:
        edges = [e for e in successor_edges(G, key) if e[2]["change_date"] <= when]
        rolled = [e for e in edges if e[2].get("rollup")]
        if not rolled:
            divided = tuple(e for e in edges if e[2]["change_kind"] in ("split", "dissolved"))
            return GraphHolding(key, tuple(path), divided)
        key = rolled[0][1]
        if key in seen:
            raise GraphbuildError(f"SUCCEEDED_BY edges loop at {key}")
        seen.add(key)
        path.append(rolled[0])


def _canonical_province(name: str) -> str:
    from graphbuild import places

    found = places.province(name)
    return found.name if found else name


class _Linker:
    """Adds the reorganisation to a graph built from records (see `link_graph`)."""

    def __init__(self, G: Any, reorg: Reorganisation) -> None:
        self.G, self.reorg, self.keys, self.added = G, reorg, schema, 0

    def edge(self, u: str, v: str, change: Change, event: str, *, rollup: bool, duties: str | None = None,
             main: bool = False) -> None:
        if self.G.has_edge(u, v, key=SUCCEEDED_BY):
            return
        lines = [change.line] if change.line else []
        extra = {"duties": duties} if duties else {}  # exports keep no empty attributes on edges
        self.G.add_edge(u, v, key=SUCCEEDED_BY, type=SUCCEEDED_BY, source=SOURCE, sources=[SOURCE], lines=lines,
                        count=1, change_date=change.date, change_kind=change.kind, change=event, legal_basis=change.basis_text(),
                        legal_basis_number="; ".join(b.number for b in change.basis), main=main, rollup=rollup,
                        approximate=change.approximate, **extra)
        self.added += 1

    def jurisdiction(self, name: str, change: Change) -> str:
        key = self.keys.jurisdiction_key(self.keys.jurisdiction_slug(name))
        if key not in self.G:
            self.G.add_node(key, id=key, label="Jurisdiction", name=name, level="province", source=SOURCE,
                            line_start=change.line, line_end=change.line)
        return key

    def agency(self, body: Body, change: Change, depth: int = 0) -> tuple[str, bool]:
        """The key of a successor body, added (with PART_OF its jurisdiction and its parent body, as the graph
        builder does) when no document named it."""
        from graphbuild import agencies as gazetteer
        from graphbuild.graph import parent_of

        jur = self.keys.jurisdiction_slug(body.province) if body.province else self.keys.NATION_SLUG
        key = self.keys.agency_key(body.name, jur)
        if key in self.G:
            return key, False
        jur_key = self.jurisdiction(body.province, change) if body.province else self.keys.jurisdiction_key(jur)
        if jur_key not in self.G:
            self.G.add_node(jur_key, id=jur_key, label="Jurisdiction", name=self.keys.NATION_NAME, level="nation",
                            source=SOURCE, line_start=change.line, line_end=change.line)
        info = gazetteer.lookup(body.name, province=body.province)
        self.G.add_node(key, id=key, label="Agency", name=body.name, name_en=info.en, kind=info.kind,
                        jurisdiction=jur_key, level=info.level, known=info.known, aliases=[], source=SOURCE,
                        line_start=change.line, line_end=change.line)
        self.part_of(key, jur_key, change)
        parent = parent_of(info, body.name, jur, body.province) if depth < 5 else None
        if parent:
            national = gazetteer.lookup(parent, province=body.province).level == "nation"
            parent_key, _ = self.agency(Body(parent, None if national else body.province), change, depth + 1)
            self.part_of(key, parent_key, change)
        return key, True

    def part_of(self, u: str, v: str, change: Change) -> None:
        if not self.G.has_edge(u, v, key="PART_OF"):
            self.G.add_edge(u, v, key="PART_OF", type="PART_OF", source=SOURCE, sources=[SOURCE],
                            lines=[change.line] if change.line else [], count=1)

    def provinces(self) -> None:
        """Each province's successors, and the provinces that merged into it (so that the old name
        finds it in every store)."""
        for key, data in list(self.G.nodes(data=True)):
            if data.get("label") != "Jurisdiction" or data.get("level") != "province":
                continue
            name = _canonical_province(data.get("name") or "")
            for old, change in self.reorg.province_predecessors(name):
                if change.successors:
                    self.edge(self.jurisdiction(old, change), self.jurisdiction(change.successors[0].name, change),
                              change, event_key(change), rollup=True)
            while (change := self.reorg.province_change(name)) and change.successors:
                new = change.successors[0].name
                new_key = self.jurisdiction(new, change)
                self.edge(key, new_key, change, event_key(change), rollup=True)
                key, name = new_key, new

    def body(self, data: dict) -> Body | None:
        jur = data.get("jurisdiction")
        if jur == self.keys.jurisdiction_key(self.keys.NATION_SLUG):
            return Body(data["name"])
        node = self.G.nodes.get(jur) if jur else None
        if not node or node.get("level") != "province":
            return None
        return Body(data["name"], _canonical_province(node.get("name") or ""))

    def agencies(self) -> None:
        todo = [k for k, d in self.G.nodes(data=True) if d.get("label") == "Agency"]
        while todo:
            key = todo.pop()
            data = self.G.nodes[key]
            body = self.body(data)
            if body is None:
                continue
            for link in self.reorg.links_from(body, known=bool(data.get("known", True))):
                successor, new = self.agency(link.successor, link.change)
                if new:
                    todo.append(successor)
                province = link.predecessor.province
                event = event_key(link.change, self.keys.jurisdiction_slug(province) if province else None)
                self.edge(key, successor, link.change, event, rollup=link.rollup, duties=link.duties, main=link.main)


def link_graph(G: Any, reorg: Reorganisation | None = None) -> int:
    """Link the graph's agencies and provinces to their successors; returns the number of edges added.

    Every node keeps the identity its documents gave it (a 2021 mandate stays on the 2021
    Sở Kế hoạch và Đầu tư); SUCCEEDED_BY edges (date, kind, change event, legal basis, duties,
    `rollup` when the duties follow the edge whole) lead to successors, which are added as nodes
    (source ontology/reorganisation.toml) when no document named them.
    """
    linker = _Linker(G, reorg or load())
    linker.provinces()
    linker.agencies()
    return linker.added
