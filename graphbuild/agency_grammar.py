"""The grammar of agency mentions beside the gazetteer: groups and agencies the gazetteer does not know.

- Groups (collectives): "các sở, ban, ngành", "UBND các xã, phường, đặc khu", "các cấp, các ngành", "các
  đơn vị liên quan", read by a small grammar whose words are data (ontology/agencies.toml: collective nouns,
  qualifiers, heads); some groups are relative to who issues the document ("các địa phương").
- Unknown agencies: a capitalised head noun ("Trung tâm", "Ban Chỉ đạo", "Xã") and the words of its name, up
  to a task verb, punctuation that ends the name, another agency, or a document number; a comma inside a
  name ("Báo và Phát thanh, Truyền hình tỉnh") where the words after it open no agency of their own.

`agencies.Recogniser` reads with both; this module holds the two grammars as its parts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from graphbuild import knowledge
from graphbuild.model import Agency
from graphbuild.textutil import fold, squash, strip_accents

WINDOW = 300  # characters looked at after a position: far more than any agency name, so reading stays linear


@dataclass
class Mention:
    """Agencies named by one phrase of the text (a phrase may name several: "các cấp, các ngành")."""

    names: list[str]
    start: int
    end: int
    printed: str
    collective: bool = False
    agencies: list[Agency] = field(default_factory=list)


_GROUP_WINDOW = 400


class CollectiveGrammar:
    """Groups of agencies named by plural nouns (part of `agencies.Recogniser`)."""

    @staticmethod
    def _bare_group(noun: str, role: str) -> bool:
        """A noun that names its group without "các" ("phối hợp với chính quyền địa phương")."""
        bare = knowledge.agencies().get("collective_bare", {})
        return noun in bare.get("any_role", ()) or (role == "coordinator" and noun in bare.get("coordinator", ()))

    def collective_at(self, text: str, pos: int, role: str) -> Mention | None:
        """The group named at `pos`, read in a window after it (a group's words are few: the cost of a position
        does not grow with the paragraph)."""
        mention = self._collective_in(text[pos:pos + _GROUP_WINDOW], role)
        if mention is not None:
            mention.start += pos
            mention.end += pos
        return mention

    def _collective_in(self, text: str, role: str) -> Mention | None:
        pos = 0
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
                and not (len(nouns) == 1 and self._bare_group(nouns[0][0], role)):
            return None  # a bare noun ("sở", "ngành") is no group; "phối hợp với địa phương" is local government
        if ubnd and not m.group("cac") and not m.group("level") and len(nouns) < 2 \
                and not (nouns and nouns[0][0].startswith("địa bàn")):
            return None  # "UBND huyện": one committee, not the collective ("UBND xã, phường", "UBND địa bàn cấp xã" are)
        bare_local = bool(nouns) and self._bare_group(nouns[0][0], role)
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
        state = [g for g in dict.fromkeys(groups) if g != "private"]
        if role == "coordinator" and related:
            # "các sở, ban, ngành, địa phương và tổ chức, cá nhân liên quan": "liên quan" qualifies the private
            # ones joined by "và"; "các bộ, ngành, địa phương, doanh nghiệp liên quan": the whole list
            k = len(nouns)
            while k > 0 and all(g == "private" for g in nouns[k - 1][1]):
                k -= 1
            apart = 0 < k < len(nouns) and re.match(r"\s*,?\s*và\b", m.group("nouns")[nouns[k - 1][2]:])
            names_groups = (state if apart else []) + ["related"]
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
        scopes = knowledge.agencies().get("collective_scopes", {})
        if any(scope in folded[pos:end] for scope in scopes):
            names_groups = [next(g for s, g in scopes.items() if s in folded[pos:end])]
        names = [self.collective_names[g] for g in dict.fromkeys(names_groups)]
        agencies = [Agency(n, "collective", "province") for n in names]
        return Mention(names, pos, end, text[pos: end], collective=True, agencies=agencies)



class UnknownNames:
    """Agencies the gazetteer does not know, read by their head noun (part of `agencies.Recogniser`)."""

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
                           agencies=[Agency(canonical_printed(printed), kind_of_head(head), "province", known=False)])
        words = 0
        while end < len(text) and words < 14:
            rest = text[end:end + WINDOW]
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
            if (text.startswith(("UBND", "Ủy ban nhân dân"), end + 1) and not words) or \
                    (words and text[end + 1:end + 2].isupper() and self._opens_name(text, end + 1)
                     and self._known_until(text, pos, end)):
                break  # "Sở UBND ...", "Sở NN&MT Doanh nghiệp": a second agency where a cell's lines were joined
            if not words and " " not in head and bare in ("các", "những", "và"):
                break  # "Sở các địa phương": the head word of a broken cell, not a name
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
        return Mention([name], pos, end, printed, agencies=[Agency(name, kind_of_head(head), "province", known=False)])

    def _opens_name(self, text: str, pos: int) -> bool:
        """A head noun of an agency name or a group noun begins at `pos` ("UBND", "Trung tâm", "Doanh nghiệp")."""
        if any(text.startswith(h, pos) and not text[pos + len(h): pos + len(h) + 1].isalnum()
               for h in self.heads_by_letter.get(text[pos:pos + 1], ())):
            return True
        folded = fold(text[pos:pos + 40])
        return any(p.match(folded) for _, _, p in _noun_patterns())

    def _known_until(self, text: str, pos: int, end: int) -> bool:
        """The words from `pos` to `end` are a whole known name."""
        known = self.known_at(text, pos)
        return known is not None and known.end == end

    def _name_goes_on(self, text: str, name_start: int, pos: int, head: str) -> bool:
        """After a comma inside an unknown name: the name goes on when what precedes the comma is no known name,
        and the next words are capitalised, open no agency of their own (known, unknown or collective, nor
        "Sở X" in a distributive list) and end where a task begins."""
        known = self.known_at(text, name_start)
        if known and known.end >= pos - 1:
            return False
        nxt = re.match(r" ([A-ZĐÁÀẢÃẠÂĂÊÔƠƯÉÈÍÌÓÒÚÙÝ][^\s,;:.()]*)", text[pos:pos + WINDOW])
        if not nxt:
            return self._pair_goes_on(text, pos)
        if nxt.group(1) in ("UBND",) or any(text.startswith(h, pos + 1) for h in self.heads):
            return False
        start = pos + 1
        if self.known_at(text, start) or self.collective_at(text, start, "lead") \
                or self.known_at(f"{head} {text[start:start + WINDOW]}", 0):
            return False
        tail = re.match(r"[^,;:.()]*", text[start:start + WINDOW]).group(0)
        low = fold(tail)
        return bool(re.search(r"\b(" + "|".join(map(re.escape, self.predicates)) + r")\b", low)) or \
            bool(re.fullmatch(r"[\w\s&-]*", tail) and len(tail.split()) <= 6 and
                 text[start + len(tail): start + len(tail) + 1] in ("", ",", ";", ":", ".", "("))


    def _pair_goes_on(self, text: str, pos: int) -> bool:
        """"Cục Quản lý Khám, chữa bệnh xây dựng ...": after a capitalised word and a comma, one or two words in
        lower case that a task verb follows are the second half of a pair inside the name."""
        if not re.search(r"[A-ZĐÀ-Ỹ][^\s,]*,$", text[max(0, pos - 30):pos]):
            return False
        words = re.match(r" ([^\W\d_]+(?: [^\W\d_]+)?) (\S+ \S+)", text[pos:pos + 80])
        if not words or not words.group(1)[0].islower():
            return False
        pair, after = fold(words.group(1)), fold(words.group(2))
        return not pair.startswith(self.predicates) and not pair.startswith(("các ", "và ")) \
            and after.startswith(self.predicates)


_LEVEL_WORDS = re.compile(r" (?:cấp\s+)?(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu|trung ương)\b")


@lru_cache(maxsize=1)
def _noun_patterns() -> list[tuple[str, list[str], re.Pattern]]:
    table = knowledge.agencies()["collective_nouns"]
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


def collective_regex(data: dict) -> re.Pattern:
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
        rf"(?P<ubnd>(?:ủy ban nhân dân|ubnd)\s+)?(?P<cac>(?:tất cả\s+)?(?:các|từng)\s+)?"
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
    unit = next((u for u in knowledge.agencies()["unknown"].get("local_units", ()) if name.startswith(u + " ")), None)
    if unit:  # "Xã Lạc Dương": its people's committee
        name = f"UBND {unit.lower()}{name[len(unit):]}"
    return name.strip(" ,;:.")


def kind_of_head(name: str) -> str:
    """The kind of an agency the gazetteer does not know, from the head of its name (agencies.toml)."""
    return next((kind for head, kind in knowledge.agencies()["unknown"]["head_kinds"] if name.startswith(head)), "other")


