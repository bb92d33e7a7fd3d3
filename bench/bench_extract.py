"""Extractor throughput: MB/s of text for read + outline + citations + agencies + mandates.

    python bench/bench_extract.py [--copies N]

Each copy of the sample corpus is varied (another province, shifted numbers) so that no cache of a
previous copy's text helps the next: the figure is what a new collection costs. Prints CPU time,
MB of UTF-8 text and MB/s, and the cold cost of the first document (loading the gazetteer).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from graphbuild.extract import extract_text
from graphbuild.read import read_text

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
PROVINCES = ["Nghệ An", "Quảng Trị", "Lào Cai", "Đồng Tháp", "Gia Lai", "Bắc Ninh", "Cà Mau", "Sơn La"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=8)
    args = parser.parse_args()
    texts = [read_text(p) for p in sorted(CORPUS.glob("*.txt"))]

    start = time.process_time()
    extract_text(texts[0])
    cold = time.process_time() - start

    variants = []
    for i in range(args.copies):
        province = PROVINCES[i % len(PROVINCES)]
        for t in texts:
            lines = [line.replace("Thanh Hóa", province).replace("Hà Tĩnh", province).replace("Quảng Ngãi", province)
                     .replace("/20", f"/{20 + i % 3}") for line in t.lines]
            variants.append(t.__class__(source=f"{i}_{t.source}", path=t.path, lines=lines, encoding=t.encoding,
                                        format=t.format))
    size = sum(len("\n".join(v.lines).encode("utf-8")) for v in variants)
    mandates = 0
    start = time.process_time()
    for v in variants:
        mandates += len(extract_text(v).mandates)
    cpu = time.process_time() - start
    print(f"cold start (gazetteer, patterns, first document): {cold:.3f} s CPU")
    print(f"{len(variants)} documents, {size / 1e6:.2f} MB of text, {mandates} mandates")
    print(f"extraction: {cpu:.3f} s CPU -> {size / 1e6 / cpu:.2f} MB/s, {len(variants) / cpu:.1f} documents/s")
    sample = sum(len("\n".join(t.lines).encode("utf-8")) for t in texts)
    print(f"the sample corpus ({sample / 1e3:.0f} kB) at this rate: {sample / 1e6 / (size / 1e6 / cpu):.3f} s CPU")


if __name__ == "__main__":
    main()
