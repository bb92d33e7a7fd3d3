"""Extraction on every core, through the record cache: `extract.extract_file` run in a process pool.

Files are handed out in order and their records come back in that order, so the result is the
serial one, record for record (a test compares the JSON byte for byte). Files whose content and
extractor version are already in the cache are not read again. A file that fails, for whatever
reason, becomes one problem line naming it; the others go on.

    >>> from graphbuild import knowledge
    >>> run = extract_paths([knowledge.sample_corpus()], jobs=2)
    >>> len(run.records), run.problems, run.extracted
    (5, [], 5)
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graphbuild.cache import RecordCache
from graphbuild.errors import GraphbuildError
from graphbuild.extract import extract_file, source_identity
from graphbuild.model import Record
from graphbuild.progress import Report, quiet
from graphbuild.read import find_inputs

CHUNK = 4  # files per task handed to a worker: small, so the last files do not wait behind one slow worker


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class FileResult:
    """What extracting one file gave: its record, or the one-line problem that stopped it. `source` is its
    path in the corpus and `checksum` the SHA-256 of its bytes (its identity in the graph, and the key of
    its record in the cache)."""

    path: Path
    source: str | None = None
    checksum: str | None = None
    record: Record | None = None
    problem: str | None = None
    cached: bool = False


@dataclass
class ExtractionRun:
    """Records in the order of the files, the problems met, and how many files were actually extracted."""

    records: list[Record] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    results: list[FileResult] = field(default_factory=list)
    extracted: int = 0


def _extract(path: str) -> tuple[Record | None, str | None]:
    """Worker: one file's record, or its problem (any failure is one line naming the file)."""
    try:
        return extract_file(path), None
    except GraphbuildError as err:
        return None, str(err)
    except Exception as err:  # noqa: BLE001 - one bad file never stops the others
        return None, f"{path}: extraction failed ({type(err).__name__}: {' '.join(str(err).split())[:200]})"


def _context() -> multiprocessing.context.BaseContext:
    # fork: workers start at once with the gazetteer already loaded; elsewhere the platform default
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _map(paths: Sequence[str], jobs: int) -> Iterator[tuple[Record | None, str | None]]:
    if jobs <= 1 or len(paths) <= 1:
        yield from map(_extract, paths)
        return
    with _context().Pool(min(jobs, len(paths))) as workers:
        yield from workers.imap(_extract, paths, chunksize=CHUNK)


def identify(files: Sequence[str | Path], folders: Sequence[Path] = ()) -> list[FileResult]:
    """Each file's identity (its path in the folder it was found in, and its checksum), or its problem."""
    results = []
    for f in map(Path, files):
        try:
            source, checksum = source_identity(f, folders)
        except OSError as err:
            results.append(FileResult(f, problem=f"{f}: cannot read ({err.strerror or err})"))
            continue
        results.append(FileResult(f, source, checksum))
    return results


def extract_files(files: Sequence[str | Path] | Sequence[FileResult], jobs: int | None = None,
                  cache: RecordCache | None = None, progress: Report = quiet,
                  folders: Sequence[Path] = ()) -> list[FileResult]:
    """One result per file, in the order given: from the cache when it has the file's content, else extracted
    with `jobs` processes (default: every core; 1 runs in this process). New records go into the cache. Each
    record is named by its path in the corpus (`folders`: the folders given) and carries its checksum."""
    jobs = jobs or default_jobs()
    results = [f if isinstance(f, FileResult) else None for f in files]
    if any(r is None for r in results):
        results = identify([getattr(f, "path", f) for f in files], folders)
    todo: list[FileResult] = []
    for result in results:
        if result.problem:
            continue
        if cache is not None and (record := cache.get(result.checksum, result.path)) is not None:
            result.record, result.cached = record, True
        else:
            todo.append(result)
    total = len(todo)
    progress("extract", 0, total)
    for done, (result, (record, problem)) in enumerate(zip(todo, _map([str(r.path) for r in todo], jobs)), 1):
        result.record, result.problem = record, problem
        if record is not None and cache is not None:
            cache.put(result.checksum, result.path, record)
        progress("extract", done, total)
    for result in results:
        if result.record is not None:
            result.record.source, result.record.checksum = result.source, result.checksum
    return results


def extract_paths(paths: Iterable[str | Path], jobs: int | None = None, cache: RecordCache | None = None,
                  progress: Report = quiet, on_record: Callable[[Record], None] | None = None) -> ExtractionRun:
    """`extract.extract_paths` on every core and through the cache: every supported file under `paths`."""
    paths = list(paths)
    files, problems = find_inputs(paths)
    folders = [Path(p) for p in paths if Path(p).is_dir()]
    run = ExtractionRun(problems=list(problems))
    run.results = extract_files(files, jobs, cache, progress, folders)
    for result in run.results:
        if result.problem:
            run.problems.append(result.problem)
        elif result.record is not None:
            run.records.append(result.record)
            run.extracted += not result.cached
            if on_record:
                on_record(result.record)
    return run
