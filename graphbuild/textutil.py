"""Small text helpers shared by the extraction stages: folding for comparison, slugs, similarity."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_DASH_RE = re.compile("[\u2010-\u2015\u2212]")
WORD = re.compile(r"\w+", re.UNICODE)
# Old and new Vietnamese tone placement in open syllables ("hoá"/"hóa", "uỷ"/"ủy"): fold to one
# spelling for comparison. With a final consonant ("hoạch", "toàn") the placement is fixed.
_TONE_VARIANTS = {"oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
                  "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
                  "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_TONE_RE = re.compile("(?<!q)(" + "|".join(_TONE_VARIANTS) + r")(?!\w)")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case NFC text with one spelling per tone placement and plain dashes, for matching."""
    text = nfc(text).casefold()
    if _DASH_RE.search(text):
        text = _DASH_RE.sub("-", text)
    return _TONE_RE.sub(lambda m: _TONE_VARIANTS[m.group(1)], text)


@lru_cache(maxsize=8192)
def strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def slug(text: str) -> str:
    """`Thanh Hóa` -> `thanh-hoa`: ASCII, lower case, runs of other characters as one dash."""
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(nfc(text)).lower()).strip("-")


def tokens(text: str) -> Counter:
    return Counter(WORD.findall(fold(text)))


def dice(a: Counter | str, b: Counter | str) -> float:
    """Dice coefficient over word tokens (the measure the evaluation aligns mandates with)."""
    a = tokens(a) if isinstance(a, str) else a
    b = tokens(b) if isinstance(b, str) else b
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def containment(part: Counter | str, whole: Counter | str) -> float:
    """Share of `part`'s tokens found in `whole`."""
    part = tokens(part) if isinstance(part, str) else part
    whole = tokens(whole) if isinstance(whole, str) else whole
    size = sum(part.values())
    return sum((part & whole).values()) / size if size else 0.0


def squash(text: str) -> str:
    """Fold runs of white space to one space and trim."""
    return re.sub(r"\s+", " ", text).strip()


_RULE = re.compile(r"[|\-_=*~.\s]*")
_DASH = re.compile(r"[-–]")


def rule_free(line: str) -> str:
    """The line stripped, or "" when it is only a rule or separator ("-------", "|", "___")."""
    line = line.strip()
    if _RULE.fullmatch(line) and not _DASH.fullmatch(line):
        return ""  # separators: "-------", "|", "___"
    return line
