"""The on-disk store `kg build` writes beside its exports and every other command reads (graphbuild.store.db),
and how a build brings it up to date one changed document at a time (graphbuild.store.update).

    >>> from graphbuild.store import build_store, open_store
"""
from graphbuild.store.db import FILE_NAME, Store, open_store, store_file
from graphbuild.store.update import StoreUpdate, build_store, update_store

__all__ = ["FILE_NAME", "Store", "StoreUpdate", "build_store", "open_store", "store_file", "update_store"]
