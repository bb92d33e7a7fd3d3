"""Real servers and a real browser for the tests: FalkorDB (Cypher over Bolt), Oxigraph (SPARQL), Chromium."""
from __future__ import annotations

import os

import pytest


def unavailable(message: str) -> None:
    """A component the tests need is missing: a failure on CI (CI=true), a skip on a developer's machine."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
