"""Imported by the batch fork server before it forks workers: it builds and warms the
pipeline described by ``NORMALIZE_PRELOAD``, so every worker starts with it in memory.

Errors are swallowed here on purpose: a worker that finds no warm pipeline builds its own,
and reports any real problem from there.
"""

from __future__ import annotations

import os


def _warm() -> None:
    from normalize.run.local import PRELOAD_ENV, Settings

    value = os.environ.get(PRELOAD_ENV)
    if value:
        Settings.from_env(value).pipeline().warm()


try:
    _warm()
except Exception:  # noqa: BLE001
    pass
