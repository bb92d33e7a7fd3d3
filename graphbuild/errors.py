"""The one exception type the library raises for bad input; the CLI prints it as one line."""


class GraphbuildError(Exception):
    """Bad input or an unreachable store. `str(err)` is a one-line message naming the file or server."""
