"""Hypothesis strategies and invariant helpers for testing cleaning pipelines.

Needs the ``testing`` extra (hypothesis); importing this package without it raises a clear
ImportError.
"""

from normalize.testing.invariants import assert_idempotent, assert_replayable

__all__ = ["assert_idempotent", "assert_replayable", "news_like_texts", "noisy_texts"]


def __getattr__(name: str):  # strategies import hypothesis lazily
    if name in ("news_like_texts", "noisy_texts"):
        from normalize.testing import strategies

        return getattr(strategies, name)
    raise AttributeError(name)
