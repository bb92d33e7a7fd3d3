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

from graphbuild import knowledge
from graphbuild.errors import GraphbuildError
from graphbuild.textutil import fold

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


def _change(item: dict, subject: str, bases: dict[str, LegalBasis]) -> Change:
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
                      tuple(item.get("predecessors_like", [])))
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
    bases = {item["id"]: _basis(item) for item in data.get("basis", [])}
    changes = tuple(_change(item, "agency", bases) for item in data.get("change", []))
    province_changes = tuple(_change(item, "province", bases) for item in data.get("province_change", []))
    names = tuple(p["name"] for p in knowledge.provinces().get("province", []))
    return Reorganisation(bases, changes, province_changes, names)
