"""Hypothesis strategies and invariant helpers for testing cleaning pipelines.

The strategies need the ``testing`` extra (hypothesis) and are imported lazily; the
invariant helpers work without it.
"""

from normalize.testing.invariants import (
    assert_idempotent,
    assert_no_harm,
    assert_repairs,
    assert_replayable,
    changes_per_10k,
    repair_recall,
)

__all__ = [
    "assert_idempotent",
    "assert_no_harm",
    "assert_repairs",
    "assert_replayable",
    "changes_per_10k",
    "clean_texts",
    "noisy_documents",
    "noisy_texts",
    "repair_recall",
    "rule_files",
    "rule_sets",
]

_STRATEGIES = {
    "clean_texts",
    "noisy_documents",
    "noisy_texts",
    "rule_files",
    "rule_sets",
}


def __getattr__(name: str):  # strategies import hypothesis, so load them on first use
    if name in _STRATEGIES:
        from normalize.testing import strategies

        return getattr(strategies, name)
    raise AttributeError(name)
