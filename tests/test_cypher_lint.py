"""Every Cypher statement the project sends, and every queries/*.cypher, checked against Neo4j's own Cypher
grammar and semantic analysis: the npm package @neo4j-cypher/language-support (`lintCypherQuery`), with the
language of Neo4j 5 ("CYPHER 5", the Neo4j 5.26 LTS the README names). `make test` installs it into
tests/cypher-lint/node_modules (`npm ci`); without Node or the package these tests skip, except on CI.

No error and no warning passes: deprecated syntax (`CALL { WITH x ... }`) is a warning there.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support import unavailable
from support.falkordb import falkordb_server, falkordb_uri

from graphbuild import knowledge, neo4j_store
from graphbuild.graph import build_graph, load_records

FIXTURES = (falkordb_server, falkordb_uri)
LINTER = Path(__file__).parent / "cypher-lint"
GOLD = Path(__file__).parent / "data" / "gold"
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def lint(statements: dict[str, str]) -> list[dict]:
    """Diagnostics of Neo4j's linter for each named statement (the parameters each uses are declared)."""
    node = shutil.which("node")
    if node is None:
        unavailable("node not found: the Cypher linter needs Node.js (apt-get install nodejs)")
    if not (LINTER / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        unavailable("the Cypher linter is not installed (make cypher-lint: npm ci in tests/cypher-lint)")
    payload = [{"name": name, "query": query, "parameters": sorted(set(_PARAMETER.findall(query)))}
               for name, query in statements.items()]
    done = subprocess.run([node, str(LINTER / "lint.mjs")], input=json.dumps(payload), capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_linter_catches_what_neo4j_5_refuses_or_deprecates() -> None:
    """The check can fail: a syntax error and a deprecated subquery are reported."""
    found = lint({"broken": "MATCH (n RETURN n", "deprecated": "MATCH (x) CALL { WITH x RETURN x.id AS id } RETURN id",
                  "fine": "MATCH (x) CALL (x) { RETURN x.id AS id } RETURN id"})
    by_name = {d["name"]: d for d in found}
    assert by_name["broken"]["severity"] == 1 and by_name["deprecated"]["severity"] == 2
    assert "fine" not in by_name


def test_every_statement_the_loader_can_send_is_valid_neo4j_5_cypher() -> None:
    statements = {f"{server}: {query}": query for server, queries in neo4j_store.cypher_statements().items()
                  for query in queries}
    assert len(statements) > 50
    assert lint(statements) == []


def test_every_query_twin_is_valid_neo4j_5_cypher() -> None:
    names = knowledge.query_names("cypher")
    assert names
    assert lint({name: knowledge.query_text(name, "cypher") for name in names}) == []


def test_the_loader_sends_only_statements_that_were_checked(falkordb_uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Load twice (the second load removes what a smaller graph no longer has) and record every statement sent:
    each is one of `cypher_statements()`, so the grammar check above covers what really goes over the wire."""
    sent: list[str] = []
    store_class = neo4j_store.Store
    for method in ("read", "write", "try_run"):
        original = getattr(store_class, method)

        def recording(self, first, *args, _original=original, _method=method, **kwargs):
            sent.extend([first] if isinstance(first, str) else [cypher for cypher, _ in first])
            return _original(self, first, *args, **kwargs)

        monkeypatch.setattr(store_class, method, recording)
    records = load_records(GOLD)
    neo4j_store.load_graph(build_graph(records), falkordb_uri)
    neo4j_store.load_graph(build_graph(records[:2]), falkordb_uri)
    checked = set(neo4j_store.cypher_statements()["falkordb"])
    unchecked = {s for s in sent if re.sub(r"x\.`[^`]+`", "x.`text`", s) not in checked}
    assert sent and not unchecked, sorted(unchecked)
