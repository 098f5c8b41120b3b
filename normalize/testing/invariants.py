"""Invariant checks with readable failure messages that show the offending change records."""

from __future__ import annotations

import json

from normalize.engine import Pipeline, apply_changes
from normalize.errors import ReplayError
from normalize.types import Change, Result


def _show(changes: list[Change], limit: int = 10) -> str:
    lines = [json.dumps(c.to_dict(), ensure_ascii=False) for c in changes[:limit]]
    if len(changes) > limit:
        lines.append(f"... and {len(changes) - limit} more")
    return "\n  ".join(lines)


def assert_replayable(result: Result, original: str) -> None:
    """Replaying ``result.changes`` on ``original`` gives ``result.text``; offsets are in
    bounds and ordered; exact records match the original.

    >>> from normalize import clean
    >>> assert_replayable(clean("a  b"), "a  b")
    """
    for c in result.changes:
        assert 0 <= c.orig_start <= c.orig_end <= len(original), (
            f"change out of bounds:\n  {_show([c])}"
        )
        assert 0 <= c.start <= c.end, f"bad step offsets:\n  {_show([c])}"
        if c.exact:
            assert original[c.orig_start : c.orig_end] == c.before, (
                f"record marked exact does not match the original:\n  {_show([c])}"
            )
    try:
        replayed = apply_changes(original, result.changes)
    except ReplayError as e:
        raise AssertionError(f"replay failed: {e}\n  {_show(result.changes)}") from None
    assert replayed == result.text, (
        f"replay gives {replayed!r}, output is {result.text!r}\n  {_show(result.changes)}"
    )


def assert_idempotent(pipeline: Pipeline, text: str) -> None:
    """Cleaning the output again changes nothing.

    >>> from normalize import Pipeline
    >>> assert_idempotent(Pipeline(), "a\\u00a0\\u00a0b")
    """
    once = pipeline.clean(text)
    twice = pipeline.clean(once.text)
    assert not twice.changes, f"second run changed {once.text!r} again:\n  {_show(twice.changes)}"
