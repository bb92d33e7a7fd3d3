"""Citations (trích dẫn văn bản): every document number in the text, normalised, with its kind,
issuer, level, date and the short alias the text defines for it.

Numbers come in two families (type codes and issuer codes live in ontology/doctypes.toml):
- state documents `N[/YYYY]/TYPE-ISSUER[-...]`: `13/NQ-CP`, `685/2007/QĐ-UBND`, `3584/SKHĐT-TH`;
- Party documents `N-TYPE/ISSUER`: `58-NQ/TW`, `11-CTr/TU`, `11-NQ/BTV`.
Printed variants are folded: stray spaces (`39- NQ/TW`), dash variants, a missing separator
(`13 KH/TW`), upper case in titles (`26-CTR/TU`), swapped separators (`36/NQ-TW`), and numbers
split over a wrapped line.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from graphbuild import knowledge
from graphbuild.model import Citation
from graphbuild.textutil import DASHES, fold, nfc, squash

_DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2212]"
_CODE = r"[A-ZĐ][A-Za-zĐđ0-9]{0,11}"
_STATE = re.compile(
    rf"(?<![\w/.])(?P<n>\d{{1,5}}[a-z]?)\s?/\s?(?:(?P<year>(?:19|20)\d\d)\s?/\s?)?"
    rf"(?P<code>{_CODE}(?:(?:{_DASH}\s?|\s{_DASH}){_CODE})+)"
)
_PARTY = re.compile(
    rf"(?<![\w/.])(?P<n>\d{{1,5}})(?:\s?{_DASH}\s?|\s)(?P<type>[A-ZĐ][A-Za-zĐđ]{{0,4}})\s?/\s?(?P<iss>[A-ZĐƯ][A-ZĐƯ]{{1,4}}\d*)(?![\w])"
)
_LAW = re.compile(r"(?<![\w/.])(?P<n>\d{1,4})/(?P<year>(?:19|20)\d\d)/(?P<code>QH\d{1,2})(?![\w])")
_DATE_AFTER = re.compile(
    r"^\s?[,;]?\s?(?:được\s+)?(?:ban hành\s+)?(?:ngày|ngầy)\s+(\d{1,2})\s*(?:[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
    r"|tháng\s+(\d{1,2})\s+năm\s+(\d{4}))",
    re.IGNORECASE,
)
_ALIAS_DEF = re.compile(r"\(\s*(?:sau đây )?(?:được )?(?:gọi|viết) (?:tắt )?là:?\s*[\"“]?([^)\"”]{3,60}?)[\"”]?\s*\)", re.IGNORECASE)
_OF_ISSUER = re.compile(r"^[^.;:()]{0,12}?\bcủa\s+(.{3,80})")


@dataclass(frozen=True)
class DocType:
    code: str
    kind: str
    words: tuple[str, ...]
    national: bool = False  # only central bodies issue it (Nghị định, Thông tư, Luật)


@dataclass(frozen=True)
class IssuerCode:
    code: str
    level: str
    issuer: str
    party: bool = False
    prefix: bool = False


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict[str, DocType], list[IssuerCode], list[tuple[str, str]], tuple[str, ...]]:
    """Type codes by folded code, issuer codes, (kind word, kind) longest first, and letter words."""
    data = knowledge.doctypes()
    types = {fold(t["code"]): DocType(t["code"], t["kind"], tuple(t.get("words", ())), t.get("national", False))
             for t in data["type"]}
    issuers = [IssuerCode(i["code"], i["level"], i["issuer"], i.get("party", False), i.get("prefix", False))
               for i in data["issuer"]]
    words = sorted(((fold(w), t.kind) for t in types.values() for w in t.words), key=lambda p: -len(p[0]))
    letter_words = tuple(fold(w) for w in data["letter"]["words"])
    words += [(w, "letter") for w in letter_words]
    words.sort(key=lambda p: -len(p[0]))
    return types, issuers, words, letter_words


def _issuer_code(code: str) -> IssuerCode | None:
    _, issuers, _, _ = vocabulary()
    folded = fold(code)
    for issuer in issuers:
        c = fold(issuer.code)
        if folded == c or (issuer.prefix and folded.startswith(c) and folded[len(c):].isdigit()):
            return issuer
    for issuer in issuers:  # department codes: SKHĐT, STC, SNgV ...
        if issuer.prefix and issuer.code == "S" and len(code) >= 2 and code[0] == "S" and code[1].isupper():
            return issuer
    return None


def _canonical_code(part: str) -> str:
    """Spell a code part as usual: known codes by the table (`CTR` -> `CTr`), others as printed."""
    types, issuers, _, _ = vocabulary()
    folded = fold(part)
    if folded in types:
        return types[folded].code
    for issuer in issuers:
        c = fold(issuer.code)
        if folded == c:
            return issuer.code
        if issuer.prefix and issuer.code != "S" and folded.startswith(c) and folded[len(c):].isdigit():
            return issuer.code + part[len(c):]
    return part


def _looks_like_code(part: str) -> bool:
    upper = sum(ch.isupper() or ch.isdigit() for ch in part)
    return upper >= len(part) - upper or fold(part) in vocabulary()[0]


@dataclass
class _Match:
    number: str
    printed: str
    start: int
    end: int
    type_code: str | None
    issuer_code: str | None
    party: bool


def _parse(match: re.Match, family: str) -> _Match | None:
    printed = match.group(0)
    n = match.group("n")
    if family == "law":
        return _Match(f"{n}/{match.group('year')}/{match.group('code')}", printed, match.start(), match.end(),
                      None, match.group("code"), False)
    if family == "party":
        type_part, iss = match.group("type"), match.group("iss")
        issuer = _issuer_code(iss)
        if issuer is None or not issuer.party or fold(type_part) not in vocabulary()[0]:
            return None
        return _Match(f"{n}-{_canonical_code(type_part)}/{_canonical_code(iss)}", printed, match.start(), match.end(),
                      _canonical_code(type_part), issuer.code, True)
    parts = [p for p in re.split(rf"\s?{_DASH}\s?", match.group("code").translate(DASHES)) if p]
    while len(parts) > 1 and not _looks_like_code(parts[-1]):
        parts.pop()
    if len(parts) < 2:
        return None
    end = match.start() + printed.find(parts[-1], len(n)) + len(parts[-1]) if parts[-1] in printed else match.end()
    printed = printed[: end - match.start()]
    parts = [_canonical_code(p) for p in parts]
    types = vocabulary()[0]
    type_code = parts[0] if fold(parts[0]) in types else None
    year = match.group("year")
    last = _issuer_code(parts[-1])
    if type_code and last and last.party and len(parts) == 2 and not year:  # 36/NQ-TW misprinted for 36-NQ/TW
        return _Match(f"{n}-{type_code}/{last.code}", printed, match.start(), end, type_code, last.code, True)
    issuer_part = parts[1] if type_code else parts[0]
    number = f"{n}/{year}/" if year else f"{n}/"
    return _Match(number + "-".join(parts), printed, match.start(), end, type_code, issuer_part, False)


def _code_parts(number: str) -> list[str]:
    """The letter parts of a number, trailing digits dropped: `1059/NQ-UBTVQH13` -> [NQ, UBTVQH]."""
    parts = (re.sub(r"\d+$", "", p) for p in re.split(r"[-/]", re.sub(r"\s+", "", nfc(number).translate(DASHES))))
    return [p for p in parts if p and not p.isdigit()]


def number_level(number: str) -> str:
    """`nation` when the number's codes name a central body (/TW, -CP, -TTg, QH, a ministry) or a type only
    central bodies issue (NĐ, TT, Luật), else `province`."""
    types = vocabulary()[0]
    parts = _code_parts(number)
    if parts and (t := types.get(fold(parts[0]))) and t.national:
        return "nation"
    return "nation" if any((c := _issuer_code(p)) and c.level == "nation" for p in parts) else "province"


def number_issuer(number: str) -> str | None:
    """The central body a number's issuer code names ("624/TB-VPCP" -> Văn phòng Chính phủ), if one does."""
    for part in _code_parts(number):
        code = _issuer_code(part)
        if code and code.level == "nation" and code.issuer:
            return code.issuer
    return None


def number_kind(number: str) -> str:
    """The kind the type code says (NQ -> resolution ...); a law for `N/YYYY/QH..`; a letter (công văn) for
    `N/<issuer>-<unit>`."""
    parts = _code_parts(number)
    if not parts:
        return "other"
    if (t := vocabulary()[0].get(fold(parts[0]))) is not None:
        return t.kind
    if len(parts) == 1 and fold(parts[0]) == "qh":
        return "law"
    return "letter" if len(parts) >= 2 else "other"


def normalise_number(printed: str) -> str | None:
    """The usual form of a printed number (`58- NQ/TW` -> `58-NQ/TW`), or None if it is not one."""
    found = _scan(nfc(printed))
    return found[0].number if found else None


def _scan(text: str) -> list[_Match]:
    found: list[_Match] = []
    for family, pattern in (("law", _LAW), ("party", _PARTY), ("state", _STATE)):
        for match in pattern.finditer(text):
            parsed = _parse(match, family)
            if parsed and not any(f.start < parsed.end and parsed.start < f.end for f in found):
                found.append(parsed)
    return sorted(found, key=lambda m: m.start)


def _kind_from_words(before: str) -> str | None:
    """The kind named just before a number: "... Nghị quyết số", "tại Văn bản số", "các Công văn: số"."""
    tail = fold(before[-80:])
    tail = re.sub(r"[\s:,]*(số|số hiệu)?[\s:]*$", "", tail)
    for word, kind in vocabulary()[2]:
        if re.search(rf"(^|\W){re.escape(word)}(\s+[\wđ]+){{0,4}}$", tail) and len(tail) - tail.rfind(word) < 60:
            return kind
    return None


def _date(after: str) -> str | None:
    match = _DATE_AFTER.match(after)
    if not match:
        return None
    if match.group(2):
        d, m, y = int(match.group(1)), int(match.group(2)), int(match.group(3))
    else:
        d, m, y = int(match.group(1)), int(match.group(4)), int(match.group(5))
    if 1 <= d <= 31 and 1 <= m <= 12 and 1945 <= y <= 2100:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def _issuer(m: _Match, after: str, kind: str) -> tuple[str | None, str]:
    """The issuer named after the number ("của Bộ Chính trị"), else the one its code implies; and its level."""
    code = _issuer_code(m.issuer_code or "") if m.issuer_code else None
    level = number_level(m.number)
    issuer = code.issuer if code and code.code != "S" else None
    of = _OF_ISSUER.match(_DATE_AFTER.sub("", after, count=1))
    if of:
        from graphbuild.agencies import recognise_issuer

        named = recognise_issuer(of.group(1))
        if named:
            issuer = named
    return issuer, level


def _offsets(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def find_citations(lines: list[str]) -> list[Citation]:
    """Every cited document number in the text, in order, one Citation per occurrence."""
    text = " ".join(lines)
    starts = _offsets(lines)
    out: list[Citation] = []
    previous_end, previous_kind = -1000, None
    for m in _scan(text):
        before, after = text[max(0, m.start - 120): m.start], text[m.end: m.end + 160]
        type_kind = vocabulary()[0][fold(m.type_code)].kind if m.type_code else None
        word_kind = _kind_from_words(before)
        if word_kind is None and previous_kind and m.start - previous_end < 60 and re.fullmatch(
                r"\s*(ngày\s+[\d/.]+)?\s*(,|và|;)\s*(số)?\s*", fold(text[previous_end:m.start])):
            word_kind = previous_kind  # "các Công văn: số 686/... và số 259/..."
        kind = type_kind or word_kind or "other"
        if word_kind == "letter" and not type_kind:
            kind = "letter"
        if not m.type_code and m.issuer_code and fold(m.issuer_code).startswith("qh"):
            kind = "resolution" if word_kind == "resolution" else "law"
        issuer, level = _issuer(m, after, kind)
        line = bisect.bisect_right(starts, m.start)
        out.append(Citation(
            number=m.number, kind=kind, issuer=issuer, date=_date(after),
            line_start=line, line_end=bisect.bisect_right(starts, m.end - 1),
            printed=m.printed, level=level, column=m.start - starts[line - 1],
        ))
        previous_end, previous_kind = m.end, kind
    _assign_aliases(text, starts, out)
    _merge_year_forms(out)
    return out


def _assign_aliases(text: str, starts: list[int], citations: list[Citation]) -> None:
    """"(sau đây gọi là Nghị quyết 29)" names the document cited just before it."""
    positions = [starts[c.line_start - 1] + c.column for c in citations]
    for match in _ALIAS_DEF.finditer(text):
        alias = squash(nfc(match.group(1)))
        before = [i for i in range(bisect.bisect_left(positions, match.start())) if match.start() - positions[i] < 500]
        if not before:
            continue
        digits = re.search(r"\d+", alias)
        same_number = [i for i in before if digits and re.match(rf"0*{digits.group(0)}\b", citations[i].number)]
        citations[(same_number or before)[-1]].alias = alias


def _merge_year_forms(citations: list[Citation]) -> None:
    """`141/NQ-HĐND ngày 17/7/2015` and `141/2015/NQ-HĐND` in one text are one document: use the full form."""
    full = {}
    for c in citations:
        m = re.match(r"^(\d+)/((?:19|20)\d\d)/(.+)$", c.number)
        if m:
            full.setdefault((m.group(1), m.group(3)), set()).add(m.group(2))
    for c in citations:
        m = re.match(r"^(\d+)/([^/\d].*)$", c.number)
        if m and (m.group(1), m.group(2)) in full:
            years = full[(m.group(1), m.group(2))]
            year = c.date[:4] if c.date else None
            if (year and year in years) or (not year and len(years) == 1):
                c.number = f"{m.group(1)}/{year or next(iter(years))}/{m.group(2)}"


def alias_mentions(lines: list[str], citations: list[Citation]) -> list[Citation]:
    """Occurrences of the short names the text defines ("sau đây gọi là Nghị quyết 29"), as citations."""
    aliases = {c.alias: c for c in citations if c.alias and re.search(r"\d", c.alias)}
    out: list[Citation] = []
    for alias, target in aliases.items():
        pattern = re.compile(rf"(?<!\w){re.escape(alias)}(?![\w/-])", re.IGNORECASE)
        for i, line in enumerate(lines, start=1):
            for _ in pattern.finditer(line):
                if i == target.line_start:
                    continue
                out.append(Citation(number=target.number, kind=target.kind, issuer=target.issuer, date=target.date,
                                    line_start=i, line_end=i, printed=alias, level=target.level, alias=alias))
    return out


def implemented_chain(lines: list[str], citations: list[Citation],
                      paragraphs: list[tuple[int, int]] | None = None) -> list[tuple[str, str]]:
    """Pairs (a, b) the text states: "a ... (về) thực hiện / triển khai b", in one paragraph, nothing cited
    and no clause end between. `paragraphs` are (first line, last line) spans; by default each line is one."""
    text = " ".join(lines)
    starts = _offsets(lines)
    paragraph_of = {}
    for i, (first, last) in enumerate(paragraphs or [(n, n) for n in range(1, len(lines) + 1)]):
        for n in range(first, last + 1):
            paragraph_of[n] = i
    spans = sorted(((starts[c.line_start - 1] + c.column, c) for c in citations if c.printed != c.alias),
                   key=lambda s: s[0])
    pairs: list[tuple[str, str]] = []
    for (s1, a), (s2, b) in itertools.pairwise(spans):
        between = fold(text[s1 + len(a.printed): s2])
        if a.number == b.number or len(between) > 260 or re.search(r"[;.]\s", between) \
                or paragraph_of.get(a.line_start) != paragraph_of.get(b.line_end):
            continue
        if re.search(r"\b(thực hiện|triển khai|cụ thể hóa)\s+(?:các\s+)?(nghị quyết|kết luận|chỉ thị|quyết định|"
                     r"chương trình|kế hoạch|nghị định)(\s+[\wđ]+){0,3}\s*(số)?\s*$", between):
            pairs.append((a.number, b.number))
    return list(dict.fromkeys(pairs))


_IMPLEMENT_VERB = re.compile(r"\b(thực hiện|triển khai|cụ thể hóa|quán triệt)\b", re.IGNORECASE)
_OBJECT_START = re.compile(r"\b(nghị quyết|nghị định|chương trình|kế hoạch|chiến lược|đề án|kết luận|chỉ thị|quyết định|"
                           r"luật|thông báo|hướng dẫn|quy hoạch)\b")
_STOP = {"của", "và", "về", "số", "ngày", "các", "năm", "đến", "tại", "thực", "hiện", "ban", "hành", "việc", "trên",
         "địa", "bàn", "tỉnh", "cho", "với", "trong", "theo"}


def _context(lines: list[str], c: Citation) -> str:
    """The words around a citation within its sentence: its kind before it, its subject after it."""
    text = " ".join(lines[c.line_start - 1: c.line_start + 3])
    start = max(0, c.column - 60)
    after = text[c.column + len(c.printed): c.column + len(c.printed) + 260]
    stop = re.search(r"[;]|\.\s|:|\d+\s?[-/]\s?[A-ZĐ]", after)
    return text[start: c.column + len(c.printed)] + (after[: stop.start()] if stop else after)


def implemented(lines: list[str], citations: list[Citation], spans: list[tuple[int, int]],
                own: str | None = None) -> list[str]:
    """Numbers the document says it carries out. `spans` are the (first, last) lines of its title(s),
    its opening paragraph and the article that promulgates an attached plan.

    Within a span, every number cited after an implementing verb (thực hiện, triển khai, cụ thể hóa)
    is implemented, the chain included ("thực hiện Nghị quyết 124/NQ-CP ... ban hành Chương trình
    hành động thực hiện Nghị quyết 23-NQ/TW"). A document the span names without a number
    ("Chương trình hành động của Ban Chấp hành Đảng bộ tỉnh", "Chiến lược hội nhập quốc tế ...") is
    found among the document's citations by the words around them.
    """
    out: list[str] = []
    starts = _offsets(lines)
    numbers = [c for c in citations if c.number != own]
    for first, last in spans:
        span_text = fold(" ".join(lines[first - 1: last]))
        verb = _IMPLEMENT_VERB.search(span_text)
        if not verb:
            continue
        for part in _implemented_clauses(span_text[verb.start():]):
            segment_start = span_text.find(part)
            for c in numbers:
                if first <= c.line_start <= last:
                    offset = starts[c.line_start - 1] + c.column - starts[first - 1]
                    if segment_start <= offset <= segment_start + len(part) and c.number not in out:
                        out.append(c.number)
            for obj in _unnumbered_objects(part):
                match = _find_by_description(obj, numbers, lines)
                if match and match not in out:
                    out.append(match)
    return out


def _implemented_clauses(text: str) -> list[str]:
    """The clause after the implementing verb, and the clauses after it that go on listing documents
    ("Thực hiện Nghị quyết số 50/NQ-CP ...; Nghị quyết số 05-NQ/TU ..."), up to the first that does not."""
    parts = re.split(r"(?:;|\btrên cơ sở\b|\btheo đề nghị\b|\bxét đề nghị\b)", text)
    out = parts[:1]
    for part in parts[1:]:
        if not _OBJECT_START.match(part.strip()):
            break
        out.append(part)
    return out


def _unnumbered_objects(segment: str) -> list[str]:
    """Documents a title names after "thực hiện" without a number: each from its kind word to the next."""
    objects = []
    positions = [m.start() for m in _OBJECT_START.finditer(segment)]
    for i, start in enumerate(positions):
        end = positions[i + 1] if i + 1 < len(positions) else len(segment)
        obj = segment[start:end]
        if re.search(r"\d+\s*[-/]\s*[a-zđ]", obj[:40]):
            continue  # it carries its number
        preceding = segment[max(0, start - 25):start]
        if not _IMPLEMENT_VERB.search(preceding) and not re.search(r"\bvà\s*$", preceding):
            continue
        objects.append(obj)
    return objects


def _find_by_description(obj: str, citations: list[Citation], lines: list[str]) -> str | None:
    words = [w for w in re.findall(r"\w+", fold(obj)) if w not in _STOP]
    if len(words) < 3:
        return None
    kind_word = _OBJECT_START.match(obj)
    kinds = {w: k for w, k in vocabulary()[2]}
    kind = kinds.get(kind_word.group(1)) if kind_word else None
    best, best_score = None, 0.0
    for c in citations:
        context = set(re.findall(r"\w+", fold(_context(lines, c))))
        score = sum(w in context for w in words) / len(words) + (0.1 if kind and c.kind == kind else 0.0)
        if score > best_score:
            best, best_score = c.number, score
    return best if best_score >= 0.75 else None
