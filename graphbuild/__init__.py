"""graphbuild: Vietnamese government implementation plans into a knowledge graph.

Library entry points (the `kg` command line is a thin layer over these):
extract records from documents, build the graph, export and load it, ask canned questions.
"""
from importlib.metadata import PackageNotFoundError, version

from graphbuild.errors import GraphbuildError
from graphbuild.model import Agency, Block, Citation, DocumentInfo, Mandate, Record, Text

try:
    __version__ = version("graphbuild")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["Agency", "Block", "Citation", "DocumentInfo", "GraphbuildError", "Mandate", "Record", "Text", "__version__"]
