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
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from graphbuild import knowledge
from graphbuild.model import Agency
from graphbuild.textutil import fold, squash, strip_accents

_WINDOW = 300  # characters looked at after a position: far more than any agency name, so reading stays linear
_TOKEN = re.compile(r"\w+(?:[&-]\w+)*&\w+|\w+")
_SPACE = re.compile(r"\s*")


@dataclass
class Mention:
    """Agencies named by one phrase of the text (a phrase may name several: "các cấp, các ngành")."""

    names: list[str]
    start: int
    end: int
    printed: str
    collective: bool = False
    agencies: list[Agency] = field(default_factory=list)


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


class Recogniser:
    """Reads agency mentions for documents of one province (None: unknown province)."""

    def __init__(self, province: str | None = None, tier: str = "province") -> None:
        """`tier`: who issues the documents read: "nation" (central bodies), "province" (a province before
        the two-tier reform of 1 July 2025) or "province-2025" (a province from then on, without districts);
        it decides what "các địa phương" and "các ngành" name."""
        data = gazetteer_data()
        self.province = province
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
        for group in data.get("group", []):
            members = [self.entries.get(fold(n)) for n in group["names"]]
            entry = _Entry(group["names"][0], "group", "province", None, None, tuple(group["names"]))
            if all(members):
                self._add(_key(group["text"]), entry)
        self.collective_names = data["collectives"]
        self._collective = _collective_regex(data)
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

    def collective_at(self, text: str, pos: int, role: str) -> Mention | None:
        folded = fold(text)
        if len(folded) != len(text):
            folded = text.lower()
        m = self._collective.match(folded, pos)
        if not m or not (m.group("nouns") or m.group("level")):
            return None
        first = m.start("nouns") if m.group("nouns") else m.start("level")
        if text[first:first + 1].isupper() and re.match(r"\w+\s+[A-ZĐ]", text[first:]) \
                and not re.match(r"\w+\s*,", text[first:]):
            return None  # "các Ban Chỉ đạo ...": named bodies, not a collective
        ubnd = bool(m.group("ubnd"))
        end = m.end()
        nouns = [(key, [self.relative.get(g, g) for g in groups], end)
                 for key, groups, end in _split_nouns(m.group("nouns"))] if m.group("nouns") else []
        if ubnd and nouns:
            admin = [n for n in nouns if set(n[1]) <= {"districts", "communes", "provinces"}]
            cut = next((i for i, n in enumerate(nouns) if n not in admin), len(nouns))
            if cut < len(nouns):
                nouns = nouns[:cut]
                end = m.start("nouns") + nouns[-1][2] if nouns else end
        if m.group("nouns") and not nouns:
            return None
        if not m.group("cac") and not ubnd and len(nouns) < 2 and not m.group("related") and not m.group("level") \
                and not (role == "coordinator" and nouns and nouns[0][0] == "địa phương"):
            return None  # a bare noun ("sở", "ngành") is no group; "phối hợp với địa phương" is local government
        if ubnd and not m.group("cac") and not m.group("level") and len(nouns) < 2:
            return None  # "UBND huyện": one committee, not the collective ("UBND xã, phường" is)
        bare_local = role == "coordinator" and len(nouns) == 1 and nouns[0][0] == "địa phương"
        if not ubnd and not m.group("cac") and nouns and not set(nouns[0][1]) <= {"departments", "ministries"} \
                and not m.group("related") and not bare_local:
            return None  # "huyện và ...": a place word, not a collective
        if end != m.end():
            related_here = False
        else:
            related_here = bool(m.group("related"))
        if ubnd and m.group("level"):
            groups = [{"huyện": "districts", "xã": "communes", "tỉnh": "provinces"}[m.group("level").split()[-1]]]
        elif ubnd:
            groups = [g for noun in nouns for g in noun[1] if g in ("districts", "communes", "provinces")]
            if "provinces" in groups:
                groups = ["provinces"]
        else:
            groups = [g for noun in nouns for g in noun[1]]
        if not groups and not m.group("related"):
            return None
        if m.group("cac") and len(nouns) == 1 and nouns[0][0] == "cấp" and not ubnd:
            return None  # "các cấp ủy" ...
        related = related_here
        private_last = bool(nouns) and all(g == "private" for g in nouns[-1][1])
        state = [g for g in dict.fromkeys(groups) if g != "private"]
        if role == "coordinator" and related:
            names_groups = (state if private_last and len(nouns) > 1 else []) + ["related"]
        elif "private" in groups and not state:
            if not m.group("cac") or related:
                return None
            # "các tổ chức, doanh nghiệp": organisations outside the state, named as printed
            printed = squash(text[pos:end])
            name = printed[:1].upper() + printed[1:]
            return Mention([name], pos, end, printed, agencies=[Agency(name, "other", "province", known=False)])
        else:
            names_groups = state or (["departments"] if related else [])
        if not names_groups:
            return None
        scopes = gazetteer_data().get("collective_scopes", {})
        if any(scope in folded[pos:end] for scope in scopes):
            names_groups = [next(g for s, g in scopes.items() if s in folded[pos:end])]
        names = [self.collective_names[g] for g in dict.fromkeys(names_groups)]
        agencies = [Agency(n, "collective", "province") for n in names]
        return Mention(names, pos, end, text[pos: end], collective=True, agencies=agencies)

    def unknown_at(self, text: str, pos: int) -> Mention | None:
        """An agency the gazetteer does not know: a capitalised head noun and the words of its name."""
        plural = re.match(r"[Cc]ác\s+(?=[A-ZĐ])", text[pos:pos + 20])
        if plural:
            inner = self.unknown_at(text, pos + plural.end())
            if inner:
                name = "Các " + inner.names[0]
                return Mention([name], pos, inner.end, text[pos: inner.end],
                               agencies=[Agency(name, inner.agencies[0].kind, "province", known=False)])
        head = next((h for h in self.heads_by_letter.get(text[pos:pos + 1], ()) if text.startswith(h, pos) and
                     (pos + len(h) == len(text) or not text[pos + len(h)].isalnum())), None)
        if head is None and text[pos: pos + 1].isupper():
            plain = strip_accents(text[pos: pos + 20])
            head = next((h for h, bare in self.bare_heads if plain.startswith(bare)
                         and not text[pos + len(h): pos + len(h) + 1].isalnum()), None)
        if head is None or text.startswith(self.not_names, pos):
            return None
        end = pos + len(head)
        if head in self.strict_heads and not re.match(r" (?:và )?[A-ZĐÁÀẢÃẠÂĂÊÔƠƯÉÈÍÌÓÒÚÙÝ]", text[end: end + 6]):
            level = _LEVEL_WORDS.match(text, end) if head not in self.local_units else None
            if level:  # "Công an thành phố", "Công an xã": the body of that level
                end = level.end()
            elif " " not in head:
                return None
            printed = text[pos:end]
            return Mention([canonical_printed(printed)], pos, end, printed,
                           agencies=[Agency(canonical_printed(printed), _kind_of_head(head), "province", known=False)])
        words = 0
        while end < len(text) and words < 14:
            rest = text[end:end + _WINDOW]
            folded_rest = fold(rest)
            if folded_rest.startswith(self.spaced_continuations):
                c = next(c for c in self.continuations if folded_rest.startswith(" " + c))
                end += len(c) + 1
                continue
            dash = re.match(r" [-–](?= [A-ZĐ])", rest)
            if dash and words:
                known = self.known_at(text, pos)
                if known and known.end >= end:
                    break  # "Sở Công thương - Cơ quan thường trực ...": an apposition, not one name
                end += dash.end()
                continue
            m = re.match(r" (\S+)", rest)
            if not m:
                break
            word = m.group(1)
            if "/" in word.strip("/") and words:  # "Sở Du lịch/UBND các địa phương": two agencies, one stroke apart
                word = word.split("/")[0] + "/"
            if word.endswith(",") and words and self._name_goes_on(text, pos, end + 1 + len(word), head):
                end += 1 + len(word)  # "Báo và Phát thanh, Truyền hình tỉnh": a comma inside the name
                continue
            bare = word.rstrip(",;:.)(/")
            if not bare or not (bare[0].isalnum()):
                break
            if bare == "và":
                nxt = re.match(r" và (\S+)", rest)
                if nxt and nxt.group(1)[:1].isupper() \
                        and not any(rest.startswith(h, 4) for h in self.heads_by_letter.get(rest[4:5], ())) \
                        and not self.known_at(text, end + 4):
                    end += 3
                    continue
                break
            if re.match(r" số \d", rest) or (words and word == head):
                break  # a document's number follows, or a second unit of the same kind ("Phòng A Phòng B")
            low = fold(rest[1:])
            if (words or " " in head) and bare[0].islower() and low.startswith(self.predicates) and \
                    re.match(r"(" + "|".join(map(re.escape, self.predicates)) + r")\b", low):
                break
            if words and (self.known_at(text, end + 1) or (re.match(r"(?:các|ubnd|ủy ban)\s", fold(text[end + 1:end + 12]))
                                                           and self.collective_at(text, end + 1, "lead"))):
                break
            end += 1 + len(bare)
            words += 1
            if bare != word:
                break
        if words == 0 and " " not in head:
            return None  # a one-word head alone ("Sở", "Ban") names nothing; "Ban Chỉ đạo" alone is the committee
        trailing = re.search(r"\s+(và|[-–])$", text[pos:end])
        if trailing:
            end = pos + trailing.start()
        printed = text[pos:end]
        name = canonical_printed(printed)
        return Mention([name], pos, end, printed, agencies=[Agency(name, _kind_of_head(head), "province", known=False)])

    def _name_goes_on(self, text: str, name_start: int, pos: int, head: str) -> bool:
        """After a comma inside an unknown name: the name goes on when what precedes the comma is no known name,
        and the next words are capitalised, open no agency of their own (known, unknown or collective, nor
        "Sở X" in a distributive list) and end where a task begins."""
        known = self.known_at(text, name_start)
        if known and known.end >= pos - 1:
            return False
        nxt = re.match(r" ([A-ZĐÁÀẢÃẠÂĂÊÔƠƯÉÈÍÌÓÒÚÙÝ][^\s,;:.()]*)", text[pos:pos + _WINDOW])
        if not nxt or nxt.group(1) in ("UBND",) or any(text.startswith(h, pos + 1) for h in self.heads):
            return False
        start = pos + 1
        if self.known_at(text, start) or self.collective_at(text, start, "lead") \
                or self.known_at(f"{head} {text[start:start + _WINDOW]}", 0):
            return False
        tail = re.match(r"[^,;:.()]*", text[start:start + _WINDOW]).group(0)
        low = fold(tail)
        return bool(re.search(r"\b(" + "|".join(map(re.escape, self.predicates)) + r")\b", low)) or \
            bool(re.fullmatch(r"[\w\s&-]*", tail) and len(tail.split()) <= 6 and
                 text[start + len(tail): start + len(tail) + 1] in ("", ",", ";", ":", ".", "("))

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
        return max(candidates, key=lambda m: (m.end, not m.collective))

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
                probe = f"{prefix} {text[start:start + _WINDOW]}"
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
        return Agency(name, _kind_of_head(name), "nation" if name.startswith("Bộ ") and "Chỉ huy" not in name
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


_LEVEL_WORDS = re.compile(r" (?:cấp\s+)?(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu|trung ương)\b")


@lru_cache(maxsize=1)
def _noun_patterns() -> list[tuple[str, list[str], re.Pattern]]:
    table = gazetteer_data()["collective_nouns"]
    return [(key, table[key], re.compile(re.escape(key).replace(r"\ ", r"\s*").replace(",", r"\s*,\s*")
                                         .replace(r"\-", r"\s*-\s*") + r"\b"))
            for key in sorted(table, key=len, reverse=True)]


_NOUN_SEP = re.compile(r"(\s*,\s*(và\s+)?|\s+và\s+|\s*)(các\s+)?")


def _split_nouns(nouns: str) -> list[tuple[str, list[str], int]]:
    """The nouns of a collective phrase, each with its groups and where it ends in `nouns`."""
    out = []
    pos = 0
    patterns = _noun_patterns()
    while pos < len(nouns):
        start = pos + _NOUN_SEP.match(nouns, pos).end() - pos
        if start >= len(nouns):
            break
        for key, groups, pattern in patterns:
            m = pattern.match(nouns, start)
            if m:
                out.append((key, groups, m.end()))
                pos = m.end()
                break
        else:
            break
    return out


def _collective_regex(data: dict) -> re.Pattern:
    nouns = sorted(data["collective_nouns"], key=len, reverse=True)
    noun = "(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+").replace(",", r"\s*,\s*").replace(r"\-", r"\s*-\s*")
                            for n in nouns) + r")\b"
    sep = r"(?:\s*,\s*(?:và\s+)?|\s+và\s+)"
    quals = data["collective_qualifiers"]
    related = "|".join(re.escape(q) for q in sorted(quals["related"], key=len, reverse=True))
    plain = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(quals["plain"], key=len, reverse=True))
    heads = "|".join(re.escape(h) for h in sorted(data["heads"]["words"], key=len, reverse=True))
    return re.compile(
        rf"(?:(?:các\s+)?(?:{heads})\s+(?:\(\s*thủ trưởng\s*\)\s+)?)?"
        rf"(?P<ubnd>(?:ủy ban nhân dân|ubnd)\s+)?(?P<cac>(?:tất cả\s+)?các\s+)?"
        rf"(?:(?P<level>cấp\s+(?:huyện|xã|tỉnh))|(?P<nouns>{noun}(?:{sep}(?:các\s+)?{noun})*))"
        rf"(?:\s+(?:{plain})\b)*(?:\s+(?P<related>{related})\b)?(?:\s+(?:{plain})\b)*"
    )


def canonical_printed(printed: str) -> str:
    """A printed name the gazetteer does not know, tidied: abbreviations expanded, spaces folded."""
    expansions = {"KKT": "Khu kinh tế", "KCN": "khu công nghiệp", "CCN": "cụm công nghiệp", "UBND": "UBND",
                  "TP.": "thành phố", "TP": "thành phố"}
    words = [expansions.get(w, w) for w in squash(printed).split()]
    name = " ".join(words)
    name = re.sub(r"^Ủy ban nhân dân (?=huyện|quận|thị xã|thành phố|xã|phường|thị trấn|đặc khu)", "UBND ", name)
    name = re.sub(r"^Ban quản lý\b", "Ban Quản lý", name)
    unit = next((u for u in gazetteer_data()["unknown"].get("local_units", ()) if name.startswith(u + " ")), None)
    if unit:  # "Xã Lạc Dương": its people's committee
        name = f"UBND {unit.lower()}{name[len(unit):]}"
    return name.strip(" ,;:.")


def _kind_of_head(name: str) -> str:
    """The kind of an agency the gazetteer does not know, from the head of its name (agencies.toml)."""
    return next((kind for head, kind in gazetteer_data()["unknown"]["head_kinds"] if name.startswith(head)), "other")


@lru_cache(maxsize=128)
def recogniser(province: str | None = None, tier: str = "province") -> Recogniser:
    return Recogniser(province, tier)


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
