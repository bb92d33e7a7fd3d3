"""Wall time of the main job: extract the sample corpus, build the graph, write every export.

    python bench/bench_build.py [--runs N]

The target is under 3 s wall for the sample corpus (issue: the graph and its stores). Each run is a
fresh process so imports and the gazetteer load count, as they do for a user running `kg build`.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STAGES = """
import time, sys
t0 = time.perf_counter()
from graphbuild.pipeline import read_inputs, write_exports, EXPORTS
from graphbuild.graph import build_graph
t1 = time.perf_counter(); inputs = read_inputs([sys.argv[1]])
t2 = time.perf_counter(); G = build_graph(inputs.records)
t3 = time.perf_counter(); write_exports(G, sys.argv[2], EXPORTS)
t4 = time.perf_counter()
print(f"{t1-t0:.3f} {t2-t1:.3f} {t3-t2:.3f} {t4-t3:.3f}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    walls, stages = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m",
                            "graphbuild.cli", "build", str(ROOT / "data" / "corpus"), "--out", out],
                           check=True, capture_output=True, cwd=ROOT)
            walls.append(time.perf_counter() - start)
            result = subprocess.run([sys.executable, "-c", STAGES, str(ROOT / "data" / "corpus"), out],
                                    check=True, capture_output=True, text=True, cwd=ROOT)
            stages.append([float(x) for x in result.stdout.split()])
    print(f"kg build on the sample corpus: median {statistics.median(walls):.2f} s wall over {args.runs} runs "
          f"(target < 3 s)")
    names = ("imports", "extraction", "graph", "exports")
    for i, name in enumerate(names):
        print(f"  {name:<10} {statistics.median(s[i] for s in stages):.3f} s")


if __name__ == "__main__":
    main()
