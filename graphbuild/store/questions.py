"""The canned questions asked of a store: `queries/<name>.sql`, the SQL twin, on the store's indexed tables.

A twin returns exactly the rows of the networkx function (graphbuild.queries) on the same graph
(tests/test_store.py compares them on every question); parameters are prepared as for the other
twins (queries.prepare), names resolved against the store as graphbuild.names resolves them against
a graph, and the rows normalised as the SPARQL twin's are (list columns split and sorted). A
question without an SQL twin is answered by its networkx function on the stored graph, loaded
once per store: slower on a large corpus, never a different answer.

Columns of a twin's SELECT named `x [bool]` come back as Python booleans (sqlite3 converters).
"""
from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from graphbuild import knowledge, names, queries
from graphbuild.store.db import Store

sqlite3.register_converter("bool", lambda value: value not in (b"0", b"", b"None"))


def has_twin(name: str) -> bool:
    return knowledge.query_file(name, "sql").is_file()  # type: ignore[arg-type]


def sql_query(name: str) -> str:
    """The text of `queries/<name>.sql`."""
    return knowledge.query_text(name, "sql")  # type: ignore[arg-type]


def resolve_names(store: Store, **params: Any) -> dict[str, Any]:
    """queries.resolve_names against the store: each name as the graph spells it, or names.UnknownName."""
    out = dict(params)
    if params.get("document") is not None and str(params["document"]).strip():
        out["document"] = document_parameter(store, str(params["document"]))
    if params.get("province") is not None and str(params["province"]).strip():
        out["province"] = province_parameter(store, str(params["province"]))
    if params.get("agency") is not None and str(params["agency"]).strip():
        out["agency"] = agency_parameter(store, str(params["agency"]))
    return out


def find_documents(store: Store, document: str | None) -> list[str]:
    """names.find_documents, from the store's index of number match keys."""
    if not document or not document.strip():
        return []
    text = document.strip()
    if store.db.execute("SELECT 1 FROM node WHERE key = ? AND label = 'Document'", (text,)).fetchone():
        return [text]
    return [k for (k,) in store.db.execute("SELECT key FROM node WHERE match = ? AND label = 'Document' ORDER BY key",
                                           (names.document_match_key(text),))]


def document_parameter(store: Store, document: str) -> str:
    keys = find_documents(store, document)
    if not keys:
        numbers = {names.document_match_key(n): n for (n,) in
                   store.db.execute("SELECT number FROM node WHERE label = 'Document' AND number IS NOT NULL")}
        raise names.unknown("document", document.strip(), numbers)
    if document.strip() in keys:
        return document.strip()
    row = store.db.execute("SELECT number FROM node WHERE key = ?", (keys[0],)).fetchone()
    return row[0] or keys[0]


def province_parameter(store: Store, province: str) -> str:
    text = province.strip()
    key = text if text.startswith("jur/") else f"jur/{names.jurisdiction_slug(text)}"
    if store.db.execute("SELECT 1 FROM node WHERE key = ? AND label = 'Jurisdiction'", (key,)).fetchone():
        return key
    found = {names.name_match_key(n or k): n or k for k, n in
             store.db.execute("SELECT key, name FROM node WHERE label = 'Jurisdiction'")}
    raise names.unknown("province", text, found)


def find_agencies(store: Store, agency: str | None) -> list[str]:
    """names.find_agencies, from the store's indexes of name and alias match keys."""
    if not agency or not agency.strip():
        return []
    text = agency.strip()
    db = store.db
    if db.execute("SELECT 1 FROM node WHERE key = ? AND label = 'Agency'", (text,)).fetchone():
        return [text]
    wanted = names.name_match_key(text)
    by_name = [k for (k,) in db.execute("SELECT key FROM node WHERE match = ? AND label = 'Agency' ORDER BY key",
                                        (wanted,))]
    if by_name:
        return by_name
    by_alias = [k for (k,) in db.execute("SELECT key FROM alias WHERE match = ? ORDER BY key", (wanted,))]
    if by_alias:
        return by_alias
    canonical = sorted({names.name_match_key(n) for n in names._gazetteer_names(text)})
    return sorted(k for m in canonical for (k,) in
                  db.execute("SELECT key FROM node WHERE match = ? AND label = 'Agency'", (m,)))


def agency_parameter(store: Store, agency: str) -> str:
    keys = find_agencies(store, agency)
    if not keys:
        found = {names.name_match_key(n or k): n or k for k, n in
                 store.db.execute("SELECT key, name FROM node WHERE label = 'Agency'")}
        raise names.unknown("agency", agency.strip(), found)
    if agency.strip() in keys:
        return agency.strip()
    found_names = sorted({n for k in keys for (n,) in store.db.execute("SELECT name FROM node WHERE key = ?", (k,))})
    if len(found_names) > 1:
        raise queries.GraphbuildError(f"agency {agency.strip()!r} names several: {', '.join(found_names)}; "
                                      f"give one of them")
    return found_names[0]


def _sql_params(store: Store, canned: queries.Canned, params: Mapping[str, Any]) -> dict[str, Any]:
    """The prepared parameters (queries.prepare, with the twins' defaults) and what SQL needs beside them:
    the documents a number names (`documents`, a JSON list) and the agencies an agency names (`agencies`)."""
    import json

    bound = queries._twin_params(canned, params)
    if "document" in bound:
        keys = find_documents(store, bound["document"]) if bound["document"] is not None else None
        bound["documents"] = json.dumps(keys) if keys is not None else None
    if "agency" in bound:
        keys = find_agencies(store, bound["agency"]) if bound["agency"] else None
        bound["agencies"] = json.dumps(keys) if keys is not None else None
    return bound


def run(store: Store, name: str, **params: Any) -> list[queries.Row]:
    """Ask the canned question `name` of the store: the rows `queries.run(G, name, ...)` gives on its graph."""
    canned = queries._canned_for(name, params)
    params = resolve_names(store, **params)
    if not has_twin(name):
        return canned.function(store.cached_graph(), **params)
    bound = _sql_params(store, canned, params)
    cursor = store.reader().execute(sql_query(name), bound)
    columns = [c[0].split(" [")[0] for c in cursor.description]
    rows = [dict(zip(columns, row)) for row in cursor]
    return queries._normalise(canned, rows, split=True)
