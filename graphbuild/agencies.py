"""Agencies (cơ quan): the gazetteer under ontology/agencies.toml and the reading of agency mentions.

A mention is one of:
- a named agency the gazetteer knows, in any printed variant (case, dashes or commas, a missing
  "và", abbreviations such as NN&PTNT, KH&ĐT, KKT, KCN, `{province}` filled with the document's
  province): `Sở Nông nghiệp và PTNT` -> `Sở Nông nghiệp và Phát triển nông thôn`;
- a collective ("các sở, ban, ngành", "UBND các huyện, thị xã, thành phố", "các cấp, các ngành",
  "các đơn vị liên quan") read by a small grammar whose words are data, mapped to the canonical
  collectives of SCHEMA.md according to the role it plays (lead or coordinator);
- an agency the gazetteer does not know, opened by a capitalised head noun ("Trung tâm ...",
  "Ban Chỉ đạo ...") and kept with its printed name (reported as unknown).

This module holds the gazetteer and the reading of lists; the grammars of groups and of unknown names are
in `graphbuild.agency_grammar`.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from graphbuild import knowledge
from graphbuild.agency_grammar import (
    WINDOW,
    CollectiveGrammar,
    Mention,
    UnknownNames,
    collective_regex,
    kind_of_head,
)
from graphbuild.model import Agency
from graphbuild.places import province
from graphbuild.textutil import fold, squash, strip_accents

_PROVINCE_AFTER = re.compile(r"\s+(?:(tỉnh|thành phố|TP\.?)\s+)?([A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*){0,3})")
_EVERY_PROVINCE = re.compile(r"\s+(các tỉnh(?:,\s*thành phố)?(?:\s+trực thuộc [Tt]rung ương)?)\b")
_TOKEN = re.compile(r"\w+(?:[&-]\w+)*&\w+|\w+")
_SPACE = re.compile(r"\s*")


@dataclass
class _Entry:
    name: str
    kind: str
    level: str
    en: str | None
    parent: str | None
    names: tuple[str, ...] = ()  # for groups: several canonical names


@lru_cache(maxsize=1)
def gazetteer_data() -> dict:
    return knowledge.agencies()


@lru_cache(maxsize=4096)
def _key_tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """Comparison tokens of `text` with their spans: folded, abbreviations expanded, "và" dropped."""
    data = gazetteer_data()
    folded = fold(text)
    if len(folded) != len(text):
        folded = text.lower()
    out: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(folded):
        word = m.group(0)
        expansion = data["abbreviations"].get(word)
        parts = expansion.split() if expansion else [word]
        for part in parts:
            if part != "và":
                out.append((part, m.start(), m.end()))
    spelling = data["spelling"]
    for wrong, right in spelling.items():
        w, r = wrong.split(), right.split()
        for i in range(len(out) - len(w) + 1):
            if [t[0] for t in out[i:i + len(w)]] == w:
                for j, word in enumerate(r[: len(w)]):
                    out[i + j] = (word, out[i + j][1], out[i + j][2])
    return tuple(out)


def _key(text: str) -> tuple[str, ...]:
    return tuple(t[0] for t in _key_tokens(text))


class Recogniser(CollectiveGrammar, UnknownNames):
    """Reads agency mentions for documents of one province (None: unknown province)."""

    def __init__(self, province: str | None = None, tier: str = "province", city: bool = False) -> None:
        """`tier`: who issues the documents read: "nation" (central bodies), "province" (a province before
        the two-tier reform of 1 July 2025) or "province-2025" (a province from then on, without districts);
        it decides what "các địa phương" and "các ngành" name. `city`: the province is a centrally-run city,
        whose bodies are printed "Công an Thành phố", "UBND Thành phố" (read as the province's)."""
        data = gazetteer_data()
        self.province = province
        self.city = city
        self.relative = {"local": {"nation": "provinces", "province-2025": "communes"}.get(tier, "districts"),
                         "sectors": "ministries" if tier == "nation" else "departments",
                         "local_party": "provincial_party" if tier == "nation" else "party_committees"}
        self.entries: dict[str, _Entry] = {}
        self.trie: dict = {}
        for item in data["agency"]:
            name = self._fill(item["name"])
            if name is None:
                continue
            entry = _Entry(name, item["kind"], item["level"], item.get("en"), item.get("parent"))
            self.entries[fold(name)] = entry
            for alias in [item["name"], *item.get("aliases", [])]:
                filled = self._fill(alias)
                if filled:
                    self._add(_key(filled), entry)
                    if city and item["level"] == "province":
                        self._add(_key(city_form(filled)), entry)
        for group in data.get("group", []):
            members = [self.entries.get(fold(n)) for n in group["names"]]
            entry = _Entry(group["names"][0], "group", "province", None, None, tuple(group["names"]))
            if all(members):
                self._add(_key(group["text"]), entry)
        self.collective_names = data["collectives"]
        self._collective = collective_regex(data)
        unknown = data["unknown"]
        self.heads = sorted(unknown["heads"], key=len, reverse=True)
        self.strict_heads = set(unknown.get("strict_heads", ()))
        self.bare_heads = [(h, strip_accents(h)) for h in self.heads if " " in h]
        self.continuations = [fold(c) for c in unknown["continuations"]]
        self.spaced_continuations = tuple(" " + c for c in self.continuations)
        self.not_names = tuple(unknown.get("not_names", ()))
        self.predicates = tuple(sorted(unknown["predicates"], key=len, reverse=True))
        self.title_heads = sorted(data["heads"]["words"], key=len, reverse=True)
        self.local_units = set(unknown.get("local_units", ()))
        self.heads_by_letter: dict[str, list[str]] = {}
        for h in self.heads:
            self.heads_by_letter.setdefault(h[0], []).append(h)

    def _fill(self, name: str) -> str | None:
        if "{province}" not in name:
            return name
        return name.replace("{province}", self.province) if self.province else None

    def _add(self, key: tuple[str, ...], entry: _Entry) -> None:
        if not key:
            return
        node = self.trie
        for word in key:
            node = node.setdefault(word, {})
        node.setdefault("$", entry)

    # --- one mention at a position ------------------------------------------------------------------

    def known_at(self, text: str, pos: int) -> Mention | None:
        """The longest gazetteer name starting at `pos`."""
        tokens = _key_tokens(text)
        i = bisect.bisect_left(tokens, pos, key=lambda t: t[1])
        if i >= len(tokens) or tokens[i][1] != pos:
            return None
        node, best = self.trie, None
        for k in range(i, len(tokens)):
            word, _, end = tokens[k]
            node = node.get(word)
            if node is None:
                break
            if "$" in node:
                best = (node["$"], end)
        if best is None:
            return None
        entry, end = best
        names = list(entry.names) or [entry.name]
        agencies = [self.describe(n) for n in names]
        return Mention(names, pos, end, text[pos: end], agencies=agencies)

    def at(self, text: str, pos: int, role: str = "lead") -> Mention | None:
        """The agency mention that starts at `pos` (after a head such as "Giám đốc", "đồng chí")."""
        pos += len(_SPACE.match(text, pos).group(0))
        folded = fold(text[pos: pos + 40])
        for head in self.title_heads:
            if folded.startswith(head + " ") and not self.collective_at(text, pos, role):
                inner = self.known_at(text, pos + len(head) + 1)
                if inner and not inner.names[0].startswith(("Chủ tịch", "Các Phó")):
                    if fold(inner.names[0]) in ("ủy ban nhân dân tỉnh", "ubnd tỉnh") and head.startswith("chủ tịch"):
                        break
                    inner.start = pos
                    return inner
                inner = self.collective_at(text, pos + len(head) + 1, role) or self.unknown_at(text, pos + len(head) + 1)
                if inner:
                    inner.start = pos
                    return inner
                break
        candidates = [m for m in (self.collective_at(text, pos, role), self.known_at(text, pos),
                                  self.unknown_at(text, pos)) if m]
        if not candidates:
            return None
        best = max(candidates, key=lambda m: (m.end, not m.collective))
        known = next((m for m in candidates if not m.collective and m.agencies and m.agencies[0].known
                      and len(m.names) == 1), None)
        if known is not None and best.start == known.start and (best is known or self._jurisdiction(
                text[known.end:best.end])):  # "Sở Nội vụ tỉnh Thanh Hóa": the known department, and its province
            best = self._with_province(text, known, best.end)
        every = _EVERY_PROVINCE.match(text, best.end)
        if every and not best.collective and len(best.names) == 1:  # "Sở Y tế các tỉnh, thành phố": each one's
            name = f"{best.names[0]} {squash(every.group(1))}"
            return Mention([name], best.start, every.end(), text[best.start:every.end()],
                           agencies=[Agency(name, best.agencies[0].kind if best.agencies else "other", "province",
                                            known=False)])
        return best

    def _with_province(self, text: str, known: Mention, end: int) -> Mention:
        """A known provincial body and the province printed after it: of the document's own province, the body
        itself ("Sở Nội vụ tỉnh Thanh Hóa" -> "Sở Nội vụ"); of another, that province's ("Thuế tỉnh Hà Tĩnh" in a
        ministry's letter -> "Cục Thuế tỉnh Hà Tĩnh")."""
        agency = known.agencies[0]
        m = _PROVINCE_AFTER.match(text, known.end)
        known.end, known.printed = end, text[known.start:end]
        if agency.level != "province" or not m or m.end() < end:
            return known
        named = province(m.group(2))
        if named is None or squash(m.group(2)) != squash(named.name) and fold(m.group(2)) != fold(named.name):
            return known
        known.end, known.printed = m.end(), text[known.start:m.end()]
        if self.province is not None and fold(named.name) == fold(self.province):
            return known
        base = agency.name
        name = f"{base} {named.name}" if base.endswith((" tỉnh", " thành phố")) else f"{base} {named.level} {named.name}"
        return Mention([name], known.start, m.end(), known.printed,
                       agencies=[Agency(name, agency.kind, "province", known=False, en=agency.en)])

    def _jurisdiction(self, words: str) -> bool:
        """Whether `words` only name the document's own province ("tỉnh", "thành phố Hà Nội", "Thanh Hóa")."""
        rest = re.sub(r"^(tỉnh|thành phố|tp\.?)\s*", "", fold(words).strip())
        if not fold(words).strip():
            return False
        if self.province is None:  # a national document: any province ("Sở Y tế Hà Nội")
            named = province(rest) if rest else None
            return rest == "" or (named is not None and fold(named.name) == rest)
        return rest in ("", fold(self.province))

    def parse_list(self, text: str, pos: int, role: str = "lead") -> tuple[list[Mention], int]:
        """A list of agencies from `pos`: "A, B và C", "Sở: Xây dựng, Tài chính", "A; B". Returns (mentions, end)."""
        mentions: list[Mention] = []
        end = pos
        distributive = None
        m = re.match(r"\s*(các\s+)?(Sở|sở|Bộ|bộ)\s*:\s*", text[pos:pos + 20])
        if m:
            distributive = m.group(2).capitalize()
            pos += m.end()
        while True:
            mention = self.at(text, pos, role)
            if mention is None and (distributive or (mentions and mentions[-1].names[0].split()[0] in ("Sở", "Bộ")
                                                       and not mentions[-1].collective)):
                prefix = distributive or mentions[-1].names[0].split()[0]
                start = pos + len(_SPACE.match(text, pos).group(0))
                probe = f"{prefix} {text[start:start + WINDOW]}"
                inner = self.known_at(probe, 0)
                if inner and inner.names[0].startswith(prefix):
                    shift = len(prefix) + 1
                    mention = Mention(inner.names, start, start + inner.end - shift, text[start: start + inner.end - shift],
                                      agencies=inner.agencies)
            if mention is None:
                break
            ministry_units = self.collective_names.get("ministry_units")
            if not (mention.names == [ministry_units] and mentions and mentions[-1].agencies
                    and mentions[-1].agencies[0].kind == "ministry"):  # "Bộ Công Thương, các cơ quan thuộc Bộ"
                mentions.append(mention)
            end = mention.end
            paren = re.match(r"\s*\([^)]{0,80}\)", text[end:end + 100])
            if paren:
                end += paren.end()
            sep = re.match(r"\s*(,\s*và\s+|,\s*|;\s*|\s+và\s+|\s+cùng\s+|\s*/\s*)", text[end:end + 20])
            if not sep and re.match(r"\s+[A-ZĐ]", text[end:end + 5]) and not mention.collective \
                    and (self.known_at(text, end + 1) or self.collective_at(text, end + 1, role)):
                sep = re.match(r"\s+", text[end:end + 5])  # "Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ"
            if not sep:
                break
            nxt = end + sep.end()
            if not (self.at(text, nxt, role) or distributive or (mentions[-1].names[0].split()[0] in ("Sở", "Bộ")
                                                                 and not mentions[-1].collective)):
                break
            pos = nxt
        return mentions, end

    def find_all(self, text: str, role: str = "lead") -> list[Mention]:
        """Every agency mention in `text`, left to right, not overlapping."""
        out: list[Mention] = []
        pos = 0
        for m in re.finditer(r"(?<![\w])(?=\w)", text):
            if m.start() < pos:
                continue
            mention = self.at(text, m.start(), role)
            if mention and mention.end > m.start():
                out.append(mention)
                pos = mention.end
        return out

    # --- names -------------------------------------------------------------------------------------

    def describe(self, name: str) -> Agency:
        """The gazetteer's view of a canonical name (kind, level), or an unknown agency."""
        entry = self.entries.get(fold(name))
        if entry:
            return Agency(entry.name, entry.kind, entry.level, True, entry.en)
        if name in self.collective_names.values():
            return Agency(name, "collective", "nation" if name == self.collective_names["ministries"] else "province")
        inner = self.known_at(name, 0)
        if inner and inner.end == len(name) and len(inner.names) == 1:
            return self.describe(inner.names[0])
        return Agency(name, kind_of_head(name), "nation" if name.startswith("Bộ ") and "Chỉ huy" not in name
                      else "province", known=False)

    def parent(self, name: str) -> str | None:
        entry = self.entries.get(fold(name))
        return entry.parent if entry else None

    def cell(self, text: str, role: str) -> list[str]:
        """The agencies of a table cell (the whole cell is a list)."""
        names: list[str] = []
        pos = 0
        while pos < len(text):
            mentions, end = self.parse_list(text, pos, role)
            for m in mentions:
                names.extend(m.names)
            nxt = re.search(r"[,;]|\svà\s", text[max(end, pos + 1):])
            if not nxt:
                break
            pos = max(end, pos + 1) + nxt.end()
        return list(dict.fromkeys(names))


@lru_cache(maxsize=128)
def recogniser(province: str | None = None, tier: str = "province", city: bool = False) -> Recogniser:
    return Recogniser(province, tier, city)


@lru_cache(maxsize=4096)
def city_form(name: str) -> str:
    """A provincial body's name in a centrally-run city's words: "Công an tỉnh" -> "Công an thành phố",
    "Văn phòng UBND tỉnh" -> "Văn phòng UBND thành phố", "Ban Tuyên giáo Tỉnh ủy" -> "... Thành ủy"
    (ontology/agencies.toml, [city_forms]); "cấp tỉnh" stays."""
    forms = gazetteer_data().get("city_forms", {})
    kept = {k: f"\x00{i}\x00" for i, k in enumerate(forms.get("keep", ()))}
    for k, mark in kept.items():
        name = name.replace(k, mark)
    for province_word, city_word in forms.get("words", ()):
        name = re.sub(rf"(?<!\w){re.escape(province_word)}(?!\w)", city_word, name)
    for k, mark in kept.items():
        name = name.replace(mark, k)
    return name


def lookup(name: str, province: str | None = None) -> Agency:
    """Describe a canonical agency name: its kind and whether it is a national or provincial body."""
    return recogniser(province).describe(name)


def recognise_issuer(text: str, province: str | None = None) -> str | None:
    """The issuing body named at the start of `text` ("Bộ Chính trị về ..." -> "Bộ Chính trị")."""
    mention = recogniser(province).known_at(text, 0)
    return mention.names[0] if mention else None


def unify_names(names: list[str], province: str | None) -> dict[str, str]:
    """Within one document, map variant spellings of unknown agencies onto one name: a name that is
    another plus the province ("... khu công nghiệp" / "... khu công nghiệp Quảng Ngãi"), or the same
    name but for accents ("Bản quản lý" / "Ban quản lý"), where the most used spelling wins."""
    counts = Counter(names)
    unique = sorted(counts, key=lambda n: (-len(n), n))
    out: dict[str, str] = {}
    for name in unique:
        for other in unique:
            if len(other) <= len(name) or not fold(other).startswith(fold(name)):
                continue
            rest = fold(other)[len(fold(name)):].strip()
            suffixes = {"tỉnh", "thành phố"} | ({fold(province), "tỉnh " + fold(province), "thành phố " + fold(province)}
                                              if province else set())
            if rest in suffixes:
                out[name] = other
                break
    groups: dict[str, list[str]] = {}
    for name in unique:
        groups.setdefault(strip_accents(fold(name)), []).append(name)
    for variants in groups.values():
        if len(variants) > 1:
            best = min(variants, key=lambda n: (-counts[n], n))
            for v in variants:
                if v != best:
                    out[v] = out.get(best, best)
    return out
