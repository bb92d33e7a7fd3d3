"""The one loader of the project's knowledge: the data files under `ontology/` and `queries/`.

In a source checkout they sit at the top level of the repository; an installed package carries
them as `graphbuild.ontology`, `graphbuild.query_files` and `graphbuild.corpus` (setuptools package-dir and package-data,
see pyproject.toml), and so do editable installs. Every module reads them through this one
module, which finds them with `importlib`, never through a path computed from its own file.

    >>> from graphbuild import knowledge
    >>> "abbreviations" in knowledge.agencies()
    True
    >>> knowledge.query_text("agency_load", "rq").lstrip().startswith(("#", "PREFIX", "SELECT"))
    True
"""
from __future__ import annotations

import importlib.util
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Literal

ONTOLOGY_PACKAGE = "graphbuild.ontology"
QUERIES_PACKAGE = "graphbuild.query_files"  # graphbuild.queries is the module that runs them
SAMPLE_PACKAGE = "graphbuild.corpus"

Table = dict[str, Any]
_SOURCE_TREE = Path(__file__).resolve().parent.parent  # a checkout run in place: the folders themselves


@cache
def _files(package: str, folder: str) -> Path:
    """The folder of a data package (a namespace package: the folders carry no __init__.py)."""
    try:
        spec = importlib.util.find_spec(package)
    except ModuleNotFoundError:
        spec = None
    if spec is None or not spec.submodule_search_locations:  # a checkout run in place, or an editable install
        return _SOURCE_TREE / folder
    return Path(next(iter(spec.submodule_search_locations)))


def ontology_file(name: str) -> Path:
    """A file of `ontology/` (`vnplan.ttl`, `shapes.ttl`, `context.jsonld`, ...)."""
    return _files(ONTOLOGY_PACKAGE, "ontology").joinpath(name)


@cache
def ontology_text(name: str) -> str:
    return ontology_file(name).read_text(encoding="utf-8")


@cache
def table(name: str) -> Table:
    """A TOML file of `ontology/` parsed (`agencies`, `doctypes`, `layout`, `provinces`, ...)."""
    return tomllib.loads(ontology_text(f"{name}.toml"))


def agencies() -> Table:
    """The gazetteer: agencies, collectives, abbreviations, spelling, kinds of unknown heads."""
    return table("agencies")


def doctypes() -> Table:
    """Document type codes and issuer codes of document numbers."""
    return table("doctypes")


def layout() -> Table:
    """Layout words: headings, zones, signature and distribution lists, table headings."""
    return table("layout")


def provinces() -> Table:
    """Provinces and centrally-run cities, their seats, the 2025 mergers."""
    return table("provinces")


def reorganisation() -> Table:
    """The 2025 reorganisation: legal bases, changes of bodies and of provinces (graphbuild.reorganisation)."""
    return table("reorganisation")


def query_file(name: str, kind: Literal["rq", "cypher", "sql"]) -> Path:
    return _files(QUERIES_PACKAGE, "queries").joinpath(f"{name}.{kind}")


@cache
def query_text(name: str, kind: Literal["rq", "cypher", "sql"]) -> str:
    """The text of `queries/<name>.rq`, `.cypher` or `.sql`."""
    target = query_file(name, kind)
    if not target.is_file():
        raise FileNotFoundError(f"queries/{name}.{kind}")
    return target.read_text(encoding="utf-8")


def query_names(kind: Literal["rq", "cypher", "sql"]) -> list[str]:
    return sorted(f.name.rsplit(".", 1)[0] for f in _files(QUERIES_PACKAGE, "queries").iterdir()
                  if f.name.endswith(f".{kind}"))


def sample_corpus() -> Path:
    """The folder of the bundled sample corpus (five real plans), shipped with the package."""
    return _files(SAMPLE_PACKAGE, "data/corpus")
