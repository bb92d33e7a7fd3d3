"""An N-document corpus made from the real documents of data/corpus and ../shared/corpus, for bench_scale.py.

    python bench/scale_corpus.py N FOLDER

Document i is real document i mod S (S real documents, in a fixed shuffled order). Its first copy is
the document itself; copy v >= 1 is moved to another province (every spelling of its province's name
replaced, capitals included), given another number (`Số: 154/KH-UBND` -> `1154/KH-UBND` ...) and
another day in its date line, so that each copy is a distinct document of a distinct key, as a
province's plan answering the same central resolution would be. The documents they cite are left
alone: many provinces answer the same resolutions, which is what makes the graph a graph.
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent.parent / "shared" / "corpus"  # /work/wt/<name> -> /work/shared/corpus
if not SHARED.is_dir():
    SHARED = ROOT.parent / "shared" / "corpus"
SOURCES = [ROOT / "data" / "corpus", SHARED / "seeds", SHARED / "layouts", SHARED / "wild"]
SUFFIXES = (".txt", ".md")
SEED = 20240501
_NUMBER = re.compile(r"(Số\s*:?\s*)(\d{1,5})(\s*/)", re.IGNORECASE)
_DATE = re.compile(r"(ngày\s+)(\d{1,2})(\s+tháng\s+\d{1,2}\s+năm\s+\d{4})", re.IGNORECASE)


def real_documents() -> list[Path]:
    """Every real document of the source folders, each content once, in a fixed shuffled order."""
    seen: set[bytes] = set()
    found: list[Path] = []
    for folder in SOURCES:
        for f in sorted(folder.glob("*")) if folder.is_dir() else []:
            if f.is_file() and f.suffix in SUFFIXES and (data := f.read_bytes()) not in seen:
                seen.add(data)
                found.append(f)
    random.Random(SEED).shuffle(found)
    return found


def provinces() -> list[str]:
    """Province names of ontology/provinces.toml as they stand now (not merged into another)."""
    from graphbuild import knowledge

    return [p["name"] for p in knowledge.provinces()["province"] if not p.get("merged_into")]


def _main_province(text: str, names: list[str]) -> str | None:
    counts = {n: text.count(n) + text.count(n.upper()) for n in names}
    best = max(counts, key=lambda n: (counts[n], n))
    return best if counts[best] else None


def variant(text: str, v: int, target: str, names: list[str]) -> str:
    """Copy `v` of a document: in province `target`, with another number and day (v = 0: the document)."""
    if v == 0:
        return text
    head, body = text[:4000], text[4000:]
    head = _NUMBER.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + 1000 * v}{m.group(3)}", head, count=1)
    head = _DATE.sub(lambda m: f"{m.group(1)}{(int(m.group(2)) - 1 + v) % 28 + 1:02d}{m.group(3)}", head, count=1)
    text = head + body
    own = _main_province(text, names)
    if own and own != target:
        text = text.replace(own, target).replace(own.upper(), target.upper())
    return text


def make_corpus(n: int, folder: str | Path) -> list[Path]:
    """Write N documents into `folder` (kept when it already holds them); returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sources = real_documents()
    if not sources:
        raise SystemExit("no real documents found under data/corpus or ../shared/corpus")
    names = provinces()
    written = []
    for i in range(n):
        base = sources[i % len(sources)]
        v = i // len(sources)
        target = folder / f"{i:05d}_{base.stem[:40]}{base.suffix}"
        if not target.exists():
            text = base.read_text(encoding="utf-8", errors="replace")
            own = _main_province(text, names)
            shift = names.index(own) if own in names else 0
            target.write_text(variant(text, v, names[(shift + v) % len(names)], names), encoding="utf-8")
        written.append(target)
    return written


def extra_document(folder: str | Path, index: int) -> Path:
    """One more distinct document (for "one document added"), numbered after the corpus."""
    sources = real_documents()
    names = provinces()
    base = sources[index % len(sources)]
    v = index // len(sources) + 1000
    target = Path(folder) / f"extra_{index:05d}_{base.stem[:40]}{base.suffix}"
    target.write_text(variant(base.read_text(encoding="utf-8", errors="replace"), v, names[v % len(names)], names),
                      encoding="utf-8")
    return target


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__.split("\n\n")[1].strip())
    paths = make_corpus(int(sys.argv[1]), sys.argv[2])
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {size / 1e6:.1f} MB in {sys.argv[2]}")
