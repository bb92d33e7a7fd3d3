"""Extractor throughput: MB/s of text for read + outline + citations + agencies + mandates, on one core.

    python bench/bench_extract.py [--copies N] [--longest 1000000]

1. The six documents of tests/data/layouts (real layouts the rules were not written on), each read and
   extracted in this process; then the sample corpus (data/corpus), each copy varied (another province,
   shifted numbers) so that no cache of a previous copy's text helps the next. Prints CPU time, MB of UTF-8
   text and MB/s, and the cold cost of the first document (loading the gazetteer).
2. Line-length scaling: one task paragraph on a single line of 10k, 100k and 1M characters. Extraction is
   linear when the time grows like the length (a growth exponent near 1).
"""
from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from graphbuild.extract import extract_text
from graphbuild.model import Text
from graphbuild.read import read_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
LAYOUTS = ROOT / "tests" / "data" / "layouts"
PROVINCES = ["Nghệ An", "Quảng Trị", "Lào Cai", "Đồng Tháp", "Gia Lai", "Bắc Ninh", "Cà Mau", "Sơn La"]
TASK = ("Sở Tài chính chủ trì, phối hợp với Sở Xây dựng, Sở Kế hoạch và Đầu tư, UBND các huyện rà soát các dự án đầu"
        " tư công của Trung tâm Phát triển quỹ đất tỉnh, báo cáo UBND tỉnh trước tháng 9/2021; ")


def _size(texts: list[Text]) -> int:
    return sum(len("\n".join(t.lines).encode("utf-8")) for t in texts)


def _rate(label: str, texts: list[Text]) -> float:
    start = time.process_time()
    mandates = sum(len(extract_text(t).mandates) for t in texts)
    cpu = time.process_time() - start
    size = _size(texts)
    print(f"{label}: {len(texts)} documents, {size / 1e6:.2f} MB, {mandates} mandates, {cpu:.2f} s CPU "
          f"-> {size / 1e6 / cpu:.2f} MB/s per core")
    return size / 1e6 / cpu


def _line(n: int) -> float:
    line = (TASK * (n // len(TASK) + 1))[:n]
    text = Text("long.txt", "long.txt", ["KẾ HOẠCH", "Về việc thử", "I. NHIỆM VỤ", "1. " + line], "utf-8", "txt")
    start = time.process_time()
    extract_text(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--longest", type=int, default=1_000_000, help="length of the longest single line")
    args = parser.parse_args()

    layouts = [read_text(p) for p in sorted(LAYOUTS.glob("*.txt"))]
    start = time.process_time()
    extract_text(layouts[0])
    print(f"cold start (gazetteer, patterns, first document): {time.process_time() - start:.3f} s CPU")
    _rate("layouts", layouts)

    texts = [read_text(p) for p in sorted(CORPUS.glob("*.txt"))]
    variants = []
    for i in range(args.copies):
        province = PROVINCES[i % len(PROVINCES)]
        for t in texts:
            lines = [line.replace("Thanh Hóa", province).replace("Hà Tĩnh", province).replace("Quảng Ngãi", province)
                     .replace("/20", f"/{20 + i % 3}") for line in t.lines]
            variants.append(Text(source=f"{i}_{t.source}", path=t.path, lines=lines, encoding=t.encoding,
                                 format=t.format))
    _rate("sample corpus, varied copies", variants)

    print("one task on a single line:")
    lengths = [n for n in (10_000, 100_000, 1_000_000) if n <= args.longest]
    times = [_line(n) for n in lengths]
    for n, t in zip(lengths, times):
        print(f"  {n:>9,} characters: {t:.2f} s CPU")
    if len(lengths) >= 2 and times[0] > 0:
        exponent = math.log(times[-1] / times[0]) / math.log(lengths[-1] / lengths[0])
        print(f"  growth exponent {exponent:.2f} (1 is linear)")


if __name__ == "__main__":
    main()
