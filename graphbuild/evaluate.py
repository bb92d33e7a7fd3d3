"""Evaluation (đánh giá): score extraction records against hand-annotated ones.

Users annotate a few of their own documents in the record format and measure the tool on their
genre. The figures are those of the shared evaluation: mandates aligned one-to-one greedily by
word-token Dice similarity (at least 0.5; a shared start line breaks ties), then precision,
recall and F1 of mandates, (mandate, lead) and (mandate, coordinator) pairs, deadline accuracy,
cited and implemented numbers, document fields, and the error in mandates led per actor.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphbuild.errors import GraphbuildError
from graphbuild.textutil import DASHES, WORD, dice, nfc

# Abbreviations a system may leave unexpanded; annotations use full names.
_ABBREVIATIONS = [
    (r"\bnn\s*&\s*ptnt\b", "nông nghiệp và phát triển nông thôn"),
    (r"\bnông nghiệp và ptnt\b", "nông nghiệp và phát triển nông thôn"),
    (r"\bkh\s*&\s*đt\b", "kế hoạch và đầu tư"),
    (r"\btn\s*&\s*mt\b", "tài nguyên và môi trường"),
    (r"\btt\s*&\s*tt\b", "thông tin và truyền thông"),
    (r"\blđtb\s*&\s*xh\b", "lao động, thương binh và xã hội"),
    (r"\bkh\s*&\s*cn\b", "khoa học và công nghệ"),
    (r"\bgd\s*&\s*đt\b", "giáo dục và đào tạo"),
    (r"\bvh,?\s*tt\s*&\s*dl\b", "văn hóa, thể thao và du lịch"),
    (r"\bkkt\b", "khu kinh tế"),
    (r"\bkcn\b", "khu công nghiệp"),
    (r"\bubnd\b", "ủy ban nhân dân"),
]
COLLECTIVES = {"các sở, ban, ngành cấp tỉnh", "ủy ban nhân dân cấp huyện", "ủy ban nhân dân cấp xã",
               "ủy ban nhân dân cấp tỉnh", "các bộ, ngành trung ương", "các đơn vị liên quan"}
HEADLINE = ("mandate_f1", "lead_f1", "coord_f1", "due_acc", "references_f1", "implements_f1", "load_error",
            "lead_named_f1", "coord_named_f1")


def tokens(text: str) -> Counter:
    """Word tokens of NFC, case-folded text (no other folding: figures must match the shared scorer)."""
    return Counter(WORD.findall(nfc(text).casefold()))


def number_key(number: str) -> str:
    return re.sub(r"\s+", "", nfc(number).translate(DASHES)).casefold()


def actor_key(name: str) -> str:
    """One spelling per actor: case, tone placement, abbreviations, dash or comma separators."""
    s = nfc(name).casefold().translate(DASHES)
    s = s.replace("uỷ", "ủy").replace("hoá", "hóa").replace("hoà", "hòa")
    for pattern, full in _ABBREVIATIONS:
        s = re.sub(pattern, full, s)
    s = re.sub(r"\s*-\s*", ", ", s)
    s = re.sub(r"\s*,\s*", ", ", s)
    s = re.sub(r"\s+", " ", s)
    return s.strip(" .;:")


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.pred, self.gold = self.tp + other.tp, self.pred + other.pred, self.gold + other.gold

    def f1(self) -> float:
        p = self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)
        r = self.tp / self.gold if self.gold else (1.0 if not self.pred else 0.0)
        return round(2 * p * r / (p + r), 4) if p + r else 0.0


def _texts(m: dict) -> list[str]:
    return [m.get("text") or ""] + [t for t in m.get("alt_texts", []) if t]


def align(gold: list[dict], pred: list[dict], threshold: float = 0.5) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing of gold and predicted mandates by text similarity."""
    gtoks = [[tokens(t) for t in _texts(g)] for g in gold]
    ptoks = [tokens(p.get("text") or "") for p in pred]
    scored = []
    for i, gts in enumerate(gtoks):
        for j, pt in enumerate(ptoks):
            score = max(dice(gt, pt) for gt in gts)
            if score >= threshold:
                scored.append((score + (0.01 if gold[i].get("line") == pred[j].get("line") else 0.0), i, j))
    scored.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _actors(m: dict, key: str, named_only: bool = False) -> set[str]:
    names = {actor_key(a) for a in (m.get(key) or []) if a}
    return names - COLLECTIVES if named_only else names


def score_document(gold: dict, pred: dict) -> dict[str, Any]:
    """Counts and misses for one document."""
    out: dict[str, Any] = {}
    gdoc, pdoc = gold.get("document") or {}, pred.get("document") or {}
    out["fields"] = {
        "number": number_key(gdoc.get("number") or "") == number_key(pdoc.get("number") or ""),
        "kind": (gdoc.get("kind") or "") == (pdoc.get("kind") or ""),
        "issuer": actor_key(gdoc.get("issuer") or "") == actor_key(pdoc.get("issuer") or ""),
        "date": (gdoc.get("date") or "") == (pdoc.get("date") or ""),
    }
    for key in ("implements", "references"):
        g = {number_key(x) for x in gold.get(key) or []}
        p = {number_key(x) for x in pred.get(key) or []}
        out[key] = Counts(len(g & p), len(p), len(g))
        out[key + "_missed"], out[key + "_spurious"] = sorted(g - p), sorted(p - g)
    gm, pm = gold.get("mandates") or [], pred.get("mandates") or []
    pairs = align(gm, pm)
    out["mandates"] = Counts(len(pairs), len(pm), len(gm))
    paired_g, paired_p = {i for i, _ in pairs}, {j for _, j in pairs}
    out["missed_lines"] = sorted(gm[i].get("line") for i in range(len(gm)) if i not in paired_g)
    out["spurious_lines"] = sorted(pm[j].get("line") or 0 for j in range(len(pm)) if j not in paired_p)
    for key, name in (("lead", "lead"), ("coordinators", "coord")):
        for named, suffix in ((False, ""), (True, "_named")):
            tp = sum(len(_actors(gm[i], key, named) & _actors(pm[j], key, named)) for i, j in pairs)
            out[name + suffix] = Counts(tp, sum(len(_actors(m, key, named)) for m in pm),
                                        sum(len(_actors(m, key, named)) for m in gm))
    due_ok = due_total = 0
    wrong = []
    for i, j in pairs:
        if gm[i].get("due"):
            due_total += 1
            if (pm[j].get("due") or "") == gm[i]["due"]:
                due_ok += 1
            else:
                wrong.append((gm[i].get("line"), gm[i]["due"], pm[j].get("due")))
    out["due"] = (due_ok, due_total)
    out["due_wrong"] = wrong
    gload = Counter(a for m in gm for a in _actors(m, "lead"))
    pload = Counter(a for m in pm for a in _actors(m, "lead"))
    out["load"] = (sum(abs(gload[a] - pload[a]) for a in gload | pload), sum(gload.values()))
    return out


def summarise(per_doc: dict[str, dict], gold_names: list[str]) -> dict[str, Any]:
    """The headline figures over all documents (micro-averaged)."""
    totals = {k: Counts() for k in ("implements", "references", "mandates", "lead", "coord", "lead_named", "coord_named")}
    fields: Counter = Counter()
    due_ok = due_total = load_err = load_gold = 0
    for d in per_doc.values():
        for k, c in totals.items():
            c.add(d[k])
        fields.update(k for k, ok in d["fields"].items() if ok)
        due_ok, due_total = due_ok + d["due"][0], due_total + d["due"][1]
        load_err, load_gold = load_err + d["load"][0], load_gold + d["load"][1]
    n = len(per_doc)
    return {
        "documents_scored": n,
        "documents_missing": sorted(set(gold_names) - set(per_doc)),
        "doc_field_acc": {k: round(fields[k] / n, 4) if n else 0.0 for k in ("number", "kind", "issuer", "date")},
        "implements_f1": totals["implements"].f1(),
        "references_f1": totals["references"].f1(),
        "mandate_f1": totals["mandates"].f1(),
        "lead_f1": totals["lead"].f1(),
        "coord_f1": totals["coord"].f1(),
        "lead_named_f1": totals["lead_named"].f1(),
        "coord_named_f1": totals["coord_named"].f1(),
        "due_acc": round(due_ok / due_total, 4) if due_total else 1.0,
        "load_error": round(load_err / load_gold, 4) if load_gold else 0.0,
    }


def load_gold(path: str | Path) -> dict[str, dict]:
    """Annotated records by source file name: a JSON file, or a folder of them."""
    path = Path(path)
    if not path.exists():
        raise GraphbuildError(f"{path}: no such file or folder")
    files = [path] if path.is_file() else sorted(path.glob("*.json"))
    records: dict[str, dict] = {}
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise GraphbuildError(f"{f}: not a JSON record ({err.__class__.__name__})") from None
        for rec in data if isinstance(data, list) else [data]:
            if isinstance(rec, dict) and rec.get("source"):
                records[Path(rec["source"]).name] = rec
    if not records:
        raise GraphbuildError(f"{path}: no annotated records (JSON with a 'source' field)")
    return records


def evaluate(gold: dict[str, dict], predicted: dict[str, dict]) -> tuple[dict[str, Any], dict[str, dict]]:
    """(summary, per-document detail) of predicted records against gold ones, paired by source name."""
    per_doc = {name: score_document(g, predicted[name]) for name, g in gold.items() if name in predicted}
    return summarise(per_doc, list(gold)), per_doc
