"""Extraction records cached by content, so that a rebuild extracts only new or changed files.

A record is filed under the SHA-256 of its file's bytes (the file's checksum, as the graph records it)
and its suffix (which decides how the file is read), in a folder named after the extractor's version. That version is derived, never bumped by
hand: a hash of the source of every graphbuild module the extractor imports (found by reading the
imports of `graphbuild.extract`, transitively) and of the knowledge files it reads (`ontology/*.toml`).
Changing a rule, a module or the gazetteer therefore starts a fresh cache.

    >>> import tempfile
    >>> from graphbuild.extract import extract_file
    >>> cache = RecordCache(tempfile.mkdtemp())
    >>> path = knowledge.sample_corpus() / "003_05e3fa0bd3f85029.txt"
    >>> digest = file_digest(path)
    >>> cache.get(digest, path) is None
    True
    >>> cache.put(digest, path, extract_file(path))
    >>> cache.get(digest, path).document.number
    '154/KH-UBND'
"""
from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import shutil
from functools import cache
from pathlib import Path

from graphbuild import knowledge
from graphbuild.model import Record

EXTRACTOR_ROOT = "graphbuild.extract"
KNOWLEDGE_SUFFIXES = (".toml",)  # the data files extraction reads through graphbuild.knowledge


def _imported_modules(module: str) -> set[str]:
    """`module` and every graphbuild module it imports, transitively (read from the source, not executed)."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            continue
        seen.add(name)
        tree = ast.parse(Path(spec.origin).read_bytes())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                todo += [a.name for a in node.names if a.name.startswith("graphbuild.")]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.startswith("graphbuild."):
                    todo.append(node.module)
                elif node.module == "graphbuild":  # from graphbuild import knowledge, textutil
                    todo += [f"graphbuild.{a.name}" for a in node.names]
    return seen


@cache
def extractor_version() -> str:
    """A hash of the extraction code and the knowledge it reads: equal versions extract equal records."""
    h = hashlib.sha256()
    for name in sorted(_imported_modules(EXTRACTOR_ROOT)):
        h.update(name.encode() + b"\0" + Path(importlib.util.find_spec(name).origin).read_bytes() + b"\0")
    folder = knowledge.ontology_file("")
    for f in sorted(folder.iterdir()):
        if f.suffix in KNOWLEDGE_SUFFIXES:
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:20]


def file_digest(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (hex): its checksum in the graph and the key of its record here."""
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


class RecordCache:
    """Records on disk, one JSON file per content hash, under `<folder>/<extractor version>/`."""

    def __init__(self, folder: str | Path, version: str | None = None) -> None:
        self.root = Path(folder)
        self.version = version or extractor_version()
        self.folder = self.root / self.version

    def _path(self, digest: str, path: str | Path) -> Path:
        suffix = Path(path).suffix.lower().lstrip(".") or "none"
        return self.folder / suffix / digest[:2] / f"{digest}.json"

    def get(self, digest: str, path: str | Path) -> Record | None:
        """The cached record of the file `path` whose content hashes to `digest`, or None.

        The record names the file it was read from (`source`, `path`); a cached one is given the
        current name, so that a file moved or copied elsewhere needs no new extraction."""
        try:
            data = json.loads(self._path(digest, path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        record = Record.from_dict(data)
        record.source, record.path = Path(path).name, str(path)
        return record

    def has(self, digest: str, path: str | Path) -> bool:
        return self._path(digest, path).is_file()

    def put(self, digest: str, path: str | Path, record: Record) -> None:
        """Store a record (written to a temporary file and renamed, so a crash never leaves half a record)."""
        target = self._path(digest, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, target)

    def prune(self) -> int:
        """Remove the records of other extractor versions; returns how many version folders went."""
        if not self.root.is_dir():
            return 0
        stale = [d for d in self.root.iterdir() if d.is_dir() and d.name != self.version]
        for d in stale:
            shutil.rmtree(d, ignore_errors=True)
        return len(stale)
