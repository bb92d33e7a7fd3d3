"""Named entries with declared parameters (canned questions, views): lookup with one-line errors."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from graphbuild.errors import GraphbuildError


class _Entry(Protocol):
    params: tuple[str, ...]


E = TypeVar("E", bound=_Entry)


def pick(registry: Mapping[str, E], what: str, name: str, params: Mapping[str, Any]) -> E:
    """The entry `name`, after checking that it takes every parameter given."""
    if name not in registry:
        raise GraphbuildError(f"unknown {what} {name!r} (known: {', '.join(registry)})")
    entry = registry[name]
    extra = sorted(set(params) - set(entry.params))
    if extra:
        raise GraphbuildError(f"{what} {name} does not take {', '.join(extra)} (it takes {', '.join(entry.params)})")
    return entry
