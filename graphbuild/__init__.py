"""graphbuild: Vietnamese government implementation plans into a knowledge graph.

Library entry points (the `kg` command line is a thin layer over these):
extract records from documents, build the graph, export and load it, ask canned questions.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from graphbuild.errors import GraphbuildError
from graphbuild.model import Agency, Block, Citation, DocumentInfo, Mandate, Record, Text

if TYPE_CHECKING:
    from graphbuild.store import Store

try:
    __version__ = version("graphbuild")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"



def open_store(path: str = "data") -> Store:
    """The graph `kg build` stored (a `graph.db` file or the folder holding it): graphbuild.store.open_store."""
    from graphbuild.store import open_store as open_stored

    return open_stored(path)


__all__ = ["Agency", "Block", "Citation", "DocumentInfo", "GraphbuildError", "Mandate", "Record", "Text", "__version__",
           "open_store"]
