"""Provinces (tỉnh, thành phố trực thuộc trung ương) of ontology/provinces.toml: finding a document's
jurisdiction from its place line, issuer or text."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from graphbuild import knowledge
from graphbuild.textutil import fold


@dataclass(frozen=True)
class Province:
    name: str
    level: str  # "tỉnh" or "thành phố"
    merged_into: str | None = None


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Province], list[tuple[str, Province]]]:
    data = knowledge.provinces()
    by_name: dict[str, Province] = {}
    spellings: list[tuple[str, Province]] = []
    for item in data["province"]:
        province = Province(item["name"], item.get("level", "tỉnh"), item.get("merged_into"))
        by_name[fold(item["name"])] = province
        for spelling in [item["name"], *item.get("aliases", []), *item.get("seats", [])]:
            spellings.append((fold(spelling), province))
    spellings.sort(key=lambda s: -len(s[0]))
    return by_name, spellings


def province(name: str) -> Province | None:
    """The province a place name denotes ("Vinh" -> Nghệ An), or None."""
    folded = fold(name).strip(" ,.")
    folded = re.sub(r"^(tỉnh|thành phố|tp\.?)\s+", "", folded)
    words = folded.split()
    for i in range(len(words)):  # "KH-UBND Nghệ An" (a flattened header line) ends with the place
        found = next((p for s, p in _table()[1] if " ".join(words[i:]) == s), None)
        if found:
            return found
    return None


def find_province(text: str) -> Province | None:
    """The first province named after "tỉnh" / "thành phố" / "TỈNH" in `text`."""
    folded = fold(text)
    for match in re.finditer(r"\b(tỉnh|thành phố|tp\.?)\s*", folded):
        rest = folded[match.end():]
        for spelling, p in _table()[1]:
            if rest.startswith(spelling) and (len(rest) == len(spelling) or not rest[len(spelling)].isalnum()):
                return p
    return None


def most_named_province(text: str) -> Province | None:
    """The province the text names most often as "tỉnh X" (a fallback for headerless documents)."""
    folded = fold(text)
    counts: Counter = Counter()
    for match in re.finditer(r"\b(tỉnh|thành phố|tp\.?)\s*", folded):
        rest = folded[match.end(): match.end() + 40]
        for spelling, p in _table()[1]:
            if rest.startswith(spelling) and (len(rest) == len(spelling) or not rest[len(spelling)].isalnum()):
                counts[p] += 1
                break
    return counts.most_common(1)[0][0] if counts else None


def named_province(name: str) -> Province | None:
    """The province whose name, alias or seat is exactly `name` (after "tỉnh" / "thành phố"), else None:
    unlike `province`, "Báo Thanh Hóa" names no province."""
    folded = re.sub(r"^(tỉnh|thành phố|tp\.?)\s+", "", fold(name).strip(" ,."))
    return next((p for s, p in _table()[1] if s == folded), None)


def province_of_slug(slug: str) -> Province | None:
    """The province whose name has this key slug (`kon-tum` -> Kon Tum), else None."""
    from graphbuild.textutil import slug as slug_of

    return next((p for p in _table()[0].values() if slug_of(p.name) == slug), None)
