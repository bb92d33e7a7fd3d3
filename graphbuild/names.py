"""Finding what a user names: a document, a province or an agency, typed as people type them.

A document number is looked up the way the extractor normalises a printed one (`58/NQ-TW` is
`58-NQ/TW`, `2999/QD-UBND` is `2999/QĐ-UBND`; case, diacritics and stray spaces do not matter); a
province by its name with or without accents, its slug or its key; an agency by its canonical name,
any alias the graph records for it, or the gazetteer's abbreviations (`Sở TC`, `STC`, `Sở KH&ĐT`).

A name that matches nothing raises `UnknownName`: one line naming it and the nearest known names,
so that an answer never comes back silently empty for a typo.

    >>> document_match_key("2999 / qd-ubnd") == document_match_key("2999/QĐ-UBND")
    True
    >>> document_match_key("58/NQ-TW") == document_match_key("58-NQ/TW")
    True
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import lru_cache

import networkx as nx

from graphbuild.errors import GraphbuildError
from graphbuild.schema import jurisdiction_slug, normalise_number
from graphbuild.textutil import fold, strip_accents

NEAREST = 3  # how many near names an error offers


class UnknownName(GraphbuildError):
    """A document, province or agency the graph does not have (the message names the nearest ones)."""


# ---------------------------------------------------------------------------- matching keys

@lru_cache(maxsize=65536)
def document_match_key(text: str) -> str:
    """What two spellings of one document number share: the extractor's normal form, then no case, no
    diacritics (đ is d), no spaces."""
    from graphbuild.citations import normalise_number as extractor_form

    raw = " ".join(text.split())
    usual = extractor_form(raw) or extractor_form(raw.upper()) or raw
    return re.sub(r"\s+", "", strip_accents(normalise_number(usual))).casefold()


@lru_cache(maxsize=65536)
def name_match_key(text: str) -> str:
    """What two spellings of one name share: folded (one tone placement), no diacritics, single spaces."""
    return " ".join(strip_accents(fold(text)).replace("&", " và ").replace(",", " ").split())


def _nearest(wanted: str, candidates: dict[str, str]) -> list[str]:
    """Up to NEAREST display names whose match keys are closest to `wanted` (a match key)."""
    close = difflib.get_close_matches(wanted, list(candidates), n=NEAREST, cutoff=0.5)
    if not close:
        ranked = sorted(candidates, key=lambda k: (-difflib.SequenceMatcher(None, wanted, k).ratio(), k))
        close = ranked[:NEAREST]
    return list(dict.fromkeys(candidates[k] for k in close))


_NONE_KNOWN = {"document": "the graph has no numbered documents", "province": "the graph has no jurisdictions",
               "agency": "the graph has no agencies"}


def unknown(kind: str, printed: str, candidates: dict[str, str]) -> UnknownName:
    """The error for a `kind` ("document", "province", "agency") the graph does not hold: one line naming it and
    the nearest known names. `candidates`: match key -> display name of every one the graph holds."""
    match_key = document_match_key if kind == "document" else name_match_key
    near = _nearest(match_key(printed), candidates) if candidates else []
    hint = f" (nearest: {', '.join(near)})" if near else f" ({_NONE_KNOWN[kind]})"
    return UnknownName(f"no {kind} {printed!r} in the graph{hint}")


def _labelled(G: nx.MultiDiGraph, label: str) -> Iterable[tuple[str, dict]]:
    return ((k, d) for k, d in G.nodes(data=True) if d.get("label") == label)


# ---------------------------------------------------------------------------- documents

def find_documents(G: nx.MultiDiGraph, document: str | None) -> list[str]:
    """Document keys `document` names: the key itself, or every document whose number matches
    (`08-NQ/TU` names each dated Party resolution of that number). Empty when none does."""
    if not document or not document.strip():
        return []
    text = document.strip()
    if text in G and G.nodes[text].get("label") == "Document":
        return [text]
    wanted = document_match_key(text)
    return sorted(k for k, d in _labelled(G, "Document") if d.get("number") and
                  document_match_key(d["number"]) == wanted)


def document_parameter(G: nx.MultiDiGraph, document: str) -> str:
    """The spelling of `document` the twins compare with: the graph's own number (or the key given).
    Raises UnknownName, naming the nearest numbers, when no document matches."""
    keys = find_documents(G, document)
    if not keys:
        numbers = {document_match_key(d["number"]): d["number"] for _, d in _labelled(G, "Document")
                   if d.get("number")}
        raise unknown("document", document.strip(), numbers)
    if document.strip() in keys:
        return document.strip()
    return G.nodes[keys[0]].get("number") or keys[0]


# ---------------------------------------------------------------------------- provinces

def province_parameter(G: nx.MultiDiGraph, province: str) -> str:
    """The jurisdiction key `province` names (`Thanh Hóa`, `thanh hoa`, `thanh-hoa`, `jur/thanh-hoa`).
    Raises UnknownName, naming the nearest provinces, when the graph has no such jurisdiction."""
    text = province.strip()
    key = text if text.startswith("jur/") else f"jur/{jurisdiction_slug(text)}"
    if key in G and G.nodes[key].get("label") == "Jurisdiction":
        return key
    names = {name_match_key(d.get("name") or k): d.get("name") or k for k, d in _labelled(G, "Jurisdiction")}
    raise unknown("province", text, names)


# ---------------------------------------------------------------------------- agencies

def _gazetteer_names(text: str) -> set[str]:
    """Canonical names the gazetteer gives a printed name or abbreviation (any province)."""
    from graphbuild import agencies as gazetteer

    try:
        agency = gazetteer.lookup(text)
    except Exception:  # noqa: BLE001 - a name the gazetteer cannot parse simply adds nothing
        return set()
    return {agency.name} if agency and agency.known else set()


def find_agencies(G: nx.MultiDiGraph, agency: str | None) -> list[str]:
    """Agency keys `agency` names: the key itself, else every agency whose canonical name or a recorded alias
    matches (accents and case aside), else those the gazetteer's abbreviations point to."""
    if not agency or not agency.strip():
        return []
    text = agency.strip()
    if text in G and G.nodes[text].get("label") == "Agency":
        return [text]
    wanted = name_match_key(text)
    agencies = list(_labelled(G, "Agency"))
    by_name = sorted(k for k, d in agencies if name_match_key(d.get("name") or "") == wanted)
    if by_name:
        return by_name
    by_alias = sorted(k for k, d in agencies if any(name_match_key(a) == wanted for a in d.get("aliases") or ()))
    if by_alias:
        return by_alias
    canonical = {name_match_key(n) for n in _gazetteer_names(text)}
    return sorted(k for k, d in agencies if name_match_key(d.get("name") or "") in canonical)


def agency_parameter(G: nx.MultiDiGraph, agency: str) -> str:
    """The spelling of `agency` the twins compare with: the graph's canonical name shared by every agency it
    names (one per province), or the key given. Raises UnknownName (nearest names) when none matches, and a
    GraphbuildError naming the candidates when it names agencies of different names."""
    keys = find_agencies(G, agency)
    if not keys:
        names = {name_match_key(d.get("name") or k): d.get("name") or k for k, d in _labelled(G, "Agency")}
        raise unknown("agency", agency.strip(), names)
    if agency.strip() in keys:
        return agency.strip()
    names = sorted({G.nodes[k].get("name") for k in keys})
    if len(names) > 1:
        raise GraphbuildError(f"agency {agency.strip()!r} names several: {', '.join(names)}; give one of them")
    return names[0]
