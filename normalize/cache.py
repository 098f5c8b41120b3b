"""A per-user disk cache for derived lexicon tables (word frequencies, bigram counts,
delete indexes, misspelling tables).

Building them from the packages' own data files takes seconds per process, which every
batch worker would pay again; a ``marshal`` dump of the finished table loads several times
faster. Entries are keyed by a name, the versions of the packages they come from and the
parameters they were built with, so an upgrade or a changed threshold builds a new entry.
A read-only or missing cache folder only costs speed: the table is then built in memory.

The folder is ``$NORMALIZE_CACHE_DIR``, else ``$XDG_CACHE_HOME/normalize``, else
``~/.cache/normalize``. Set ``NORMALIZE_CACHE_DIR=off`` to never read or write it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: Bumped whenever the layout of a cached table changes.
FORMAT = 1


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is switched off.

    >>> os.environ["NORMALIZE_CACHE_DIR"] = "off"; cache_dir() is None
    True
    >>> del os.environ["NORMALIZE_CACHE_DIR"]
    """
    base = os.environ.get("NORMALIZE_CACHE_DIR")
    if base == "off":
        return None
    if not base:
        base = os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "normalize"
        )
    return Path(base)


def package_version(name: str) -> str:
    """The installed version of a distribution, or ``"-"`` when it is not installed.

    >>> package_version("no-such-distribution-here")
    '-'
    """
    from importlib.metadata import PackageNotFoundError, version  # slow to import: lazily

    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def cached_table(name: str, key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """``build()``, stored on first use and loaded from disk afterwards.

    The value must be marshal-able: dicts, lists, tuples, sets, strings and numbers.
    ``key`` holds everything the table depends on (package versions, parameters).

    >>> import tempfile
    >>> os.environ["NORMALIZE_CACHE_DIR"] = tempfile.mkdtemp()
    >>> cached_table("demo", (1,), lambda: {"a": 1.5})
    {'a': 1.5}
    >>> cached_table("demo", (1,), lambda: {"b": 0.0})  # the stored table, not a rebuild
    {'a': 1.5}
    >>> del os.environ["NORMALIZE_CACHE_DIR"]
    """
    folder = cache_dir()
    if folder is None:
        return build()
    # marshal's format belongs to the Python version, so the version is part of the key
    ident = repr((FORMAT, sys.version_info[:2], name, key))
    digest = hashlib.sha1(ident.encode("utf-8")).hexdigest()[:16]
    path = folder / f"{name}-{digest}.marshal"
    try:
        return marshal.loads(path.read_bytes())  # type: ignore[no-any-return]
    except (OSError, ValueError, EOFError, TypeError):
        pass  # missing, unreadable or from another Python: build it again
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        tmp.replace(path)  # atomic: concurrent workers never read a half-written file
    except (OSError, ValueError):
        pass
    return value
