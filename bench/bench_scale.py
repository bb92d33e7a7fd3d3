"""How graphbuild scales: N-document corpora made from the real documents, built cold, rebuilt, grown by one.

    python bench/bench_scale.py [N ...] [--work DIR] [--jobs J] [--sparql-up-to N]

For each N (default 100 1000 10000), bench/scale_corpus.py makes an N-document corpus from the real
documents of data/corpus and ../shared/corpus (numbers, dates and provinces varied so that every
copy is a distinct document), then this prints:

- extract: `kg extract`'s work, every core, into the record cache (wall, CPU, peak RSS);
- build: `kg build` from those records into a fresh store with every export (wall, CPU, peak RSS);
- rebuild: `kg build` again with nothing changed; add one: `kg build` after one new document;
- the store's size and the exports' size;
- each canned question's latency on the store (SQL twin, in process, first call), and for N up to
  --sparql-up-to the same question by networkx on the graph and by its SPARQL twin on Oxigraph;
- the growth exponent of each figure between the sizes (time ~ N^k: 1 is linear).

Peak RSS is the largest sum of the resident memory of the command and its worker processes,
sampled every 0.1 s. Figures depend on the machine's load: the load average is printed with them.
Targets (issue 11, 2 cores): 10,000 documents cold extract + build <= 10 min wall, rebuild <= 1 min,
one added <= 5 s, peak RSS <= 4 GB, each question <= 1 s on the store.
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_corpus import extra_document, make_corpus

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "graphbuild"]
AS_OF = "2024-01-01"
CASES = [  # {document}, {province}, {agency}: the most cited document, the busiest agency and its province
    ("implementation_chain", {"document": "{document}"}),
    ("agency_load", {"as_of": AS_OF, "top": 10}),
    ("agency_load", {"as_of": AS_OF, "province": "{province}"}),
    ("deadlines", {"as_of": AS_OF, "status": "past-deadline"}),
    ("mandates", {"as_of": AS_OF, "agency": "{agency}"}),
    ("cited_missing", {"top": 20}),
    ("coordination", {"min_count": 3}),
    ("audit_gaps", {"province": "{province}"}),
    ("citations", {"document": "{document}"}),
]


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return total


def measured(cmd: list[str], **kwargs) -> dict:
    """Run a command; its wall and CPU time (with its children) and peak resident memory (with its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.1)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    largest_child = after.ru_maxrss * 1024 if after.ru_maxrss > before.ru_maxrss else 0  # a child above all before
    return {"wall": wall, "cpu": cpu, "rss": max(peak, largest_child), "out": out}


EXTRACT = """
import sys
from graphbuild.cache import RecordCache
from graphbuild.pool import extract_paths
run = extract_paths([sys.argv[1]], jobs=int(sys.argv[3]) or None, cache=RecordCache(sys.argv[2]))
print(run.extracted, len(run.records), len(run.problems))
"""

QUESTIONS = """
import json, sys, time
from graphbuild.store import open_store
from graphbuild.store import questions
t = time.perf_counter(); store = open_store(sys.argv[1]); opened = time.perf_counter() - t
busiest = questions.run(store, "agency_load", as_of="2024-01-01", top=1)[0]
cited = questions.run(store, "implementation_chain", document="58-NQ/TW") if questions.find_documents(
    store, "58-NQ/TW") else []
document = "58-NQ/TW" if cited else questions.run(store, "cited_missing", top=1)[0]["document"]
chosen = {"document": document, "province": busiest["jurisdiction"], "agency": busiest["id"]}
cases = [(name, {k: v.format(**chosen) if isinstance(v, str) else v for k, v in params.items()})
         for name, params in json.loads(sys.argv[2])]
out = {"open": opened, "cases": cases}
for name, params in cases:
    t = time.perf_counter()
    try:
        rows = len(questions.run(store, name, **params))
    except Exception as err:
        rows = f"error: {err}"
    out[f"{name} {json.dumps(params, ensure_ascii=False)}"] = [time.perf_counter() - t, rows]
print(json.dumps(out))
"""

TWINS = """
import json, sys, time
import pyoxigraph
from graphbuild import queries
from graphbuild.store import open_store
cases = json.loads(sys.argv[3])
store = open_store(sys.argv[1])
t = time.perf_counter(); G = store.graph(); out = {"load graph": time.perf_counter() - t}
t = time.perf_counter(); ox = pyoxigraph.Store()
ox.bulk_load(path=sys.argv[2], format=pyoxigraph.RdfFormat.N_TRIPLES); out["load oxigraph"] = time.perf_counter() - t
for name, params in cases:
    t = time.perf_counter(); rows = queries.run(G, name, **params); nx_time = time.perf_counter() - t
    params = queries.resolve_names(G, **params)
    t = time.perf_counter(); twin = queries.run_sparql(ox, name, **params); sparql_time = time.perf_counter() - t
    out[f"{name} {json.dumps(params, ensure_ascii=False)}"] = [nx_time, sparql_time, twin == rows]
print(json.dumps(out))
"""


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def bench(n: int, work: Path, jobs: int, sparql: bool) -> dict:
    corpus = work / f"corpus-{n}"
    make_corpus(n, corpus)
    for extra in corpus.glob("extra_*"):
        extra.unlink()
    out = work / f"out-{n}"
    shutil.rmtree(out, ignore_errors=True)
    fig: dict = {"n": n, "load": _load(), "mb": _size(corpus) / 1e6}
    def step(name: str, cmd: list[str]) -> None:
        fig[name] = measured(cmd, cwd=ROOT)
        print(f"  ({name}: {fig[name]['wall']:.1f} s wall, {fig[name]['cpu']:.1f} s CPU, "
              f"{fig[name]['rss'] / 2**20:.0f} MB)", file=sys.stderr, flush=True)

    fig["extract"] = measured([sys.executable, "-c", EXTRACT, str(corpus), str(out / ".cache" / "records"),
                               str(jobs)], cwd=ROOT)
    build = [*KG, "build", str(corpus), "--out", str(out)] + (["--jobs", str(jobs)] if jobs else [])
    step("build", build)
    step("rebuild", build)
    extra_document(corpus, n)
    step("add one (store)", [*build, "--formats", "none"])
    extra_document(corpus, n + 1)
    step("add one", build)
    fig["store"] = _size(out / "graph.db") + _size(out / "graph.db-wal")
    fig["exports"] = sum(_size(p) for p in out.iterdir() if p.name.startswith(("graph.", "csv")) and
                         not p.name.startswith("graph.db"))
    questions = subprocess.run([sys.executable, "-c", QUESTIONS, str(out), json.dumps(CASES, ensure_ascii=False)],
                               capture_output=True, text=True, check=True, cwd=ROOT)
    fig["questions"] = json.loads(questions.stdout)
    if sparql:
        cases = json.dumps(fig["questions"]["cases"], ensure_ascii=False)
        twins = subprocess.run([sys.executable, "-c", TWINS, str(out), str(out / "graph.nt"), cases],
                               capture_output=True, text=True, check=True, cwd=ROOT)
        fig["twins"] = json.loads(twins.stdout)
    return fig


def report(fig: dict) -> None:
    n = fig["n"]
    print(f"\n== N = {n:,} documents ({fig['mb']:.0f} MB of text); load average before: {fig['load']}")
    for step in ("extract", "build", "rebuild", "add one (store)", "add one"):
        m = fig[step]
        print(f"  {step:<15} wall {m['wall']:8.1f} s   CPU {m['cpu']:8.1f} s   peak RSS {m['rss'] / 2**20:8.0f} MB")
    cold = fig["extract"]["wall"] + fig["build"]["wall"]
    print(f"  cold extract + build: {cold:.1f} s wall; store {fig['store'] / 2**20:.0f} MB, "
          f"exports {fig['exports'] / 2**20:.0f} MB")
    q = dict(fig["questions"])
    q.pop("cases")
    print(f"  questions on the store (open {q.pop('open') * 1000:.0f} ms):")
    for name, (seconds, rows) in q.items():
        print(f"    {seconds * 1000:8.1f} ms  {rows!s:>6} rows  {name}")
    if "twins" in fig:
        t = dict(fig["twins"])
        print(f"  networkx vs SPARQL twin on Oxigraph (graph loaded in {t.pop('load graph'):.1f} s, "
              f"Oxigraph in {t.pop('load oxigraph'):.1f} s):")
        for name, (nx_time, sparql_time, same) in t.items():
            print(f"    nx {nx_time * 1000:8.1f} ms  sparql {sparql_time * 1000:8.1f} ms  "
                  f"x{sparql_time / max(nx_time, 1e-4):6.1f}  {'same' if same else 'DIFFERENT'}  {name}")


def exponents(figs: list[dict]) -> None:
    if len(figs) < 2:
        return
    print("\n== growth exponent k (figure ~ N^k) between successive sizes")
    rows = [("extract wall", lambda f: f["extract"]["wall"]), ("build wall", lambda f: f["build"]["wall"]),
            ("build CPU", lambda f: f["build"]["cpu"]), ("build peak RSS", lambda f: f["build"]["rss"]),
            ("rebuild wall", lambda f: f["rebuild"]["wall"]),
            ("add one (store)", lambda f: f["add one (store)"]["wall"]),
            ("store size", lambda f: f["store"])]
    for label, get in rows:
        ks = []
        for a, b in itertools.pairwise(figs):
            ya, yb = get(a), get(b)
            ks.append(math.log(yb / ya) / math.log(b["n"] / a["n"]) if ya > 0 and yb > 0 else float("nan"))
        print(f"  {label:<16} " + "  ".join(f"{a['n']:>6}->{b['n']:<6} k={k:5.2f}" for (a, b), k in
                                             zip(itertools.pairwise(figs), ks)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "graphbuild-scale")
    parser.add_argument("--jobs", type=int, default=0, help="extraction processes (default: every core)")
    parser.add_argument("--sparql-up-to", type=int, default=1000,
                        help="compare networkx and the SPARQL twins up to this N (Oxigraph in memory)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"graphbuild scale benchmark: {os.cpu_count()} cores, work folder {args.work}")
    figs = []
    for n in sorted(args.sizes):
        fig = bench(n, args.work, args.jobs, n <= args.sparql_up_to)
        report(fig)
        figs.append(fig)
        sys.stdout.flush()
    exponents(figs)


if __name__ == "__main__":
    main()
