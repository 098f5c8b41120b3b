"""Invariant checks with readable failure messages that show the offending change records."""

from __future__ import annotations

import json
from collections.abc import Iterable

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
        if not 0 <= c.orig_start <= c.orig_end <= len(original):
            raise AssertionError(f"change out of bounds:\n  {_show([c])}")
        if not 0 <= c.start <= c.end:
            raise AssertionError(f"bad step offsets:\n  {_show([c])}")
        if c.exact and original[c.orig_start : c.orig_end] != c.before:
            raise AssertionError(
                f"record marked exact does not match the original:\n  {_show([c])}"
            )
    try:
        replayed = apply_changes(original, result.changes)
    except ReplayError as e:
        raise AssertionError(f"replay failed: {e}\n  {_show(result.changes)}") from None
    if replayed != result.text:
        raise AssertionError(
            f"replay gives {replayed!r}, output is {result.text!r}\n  {_show(result.changes)}"
        )


def assert_idempotent(pipeline: Pipeline, text: str) -> None:
    """Cleaning the output again changes nothing.

    >>> from normalize import Pipeline
    >>> assert_idempotent(Pipeline(), "a\\u00a0\\u00a0b")
    """
    once = pipeline.clean(text)
    twice = pipeline.clean(once.text)
    if twice.changes:
        raise AssertionError(f"second run changed {once.text!r} again:\n  {_show(twice.changes)}")


def _tokens(text: str) -> list[str]:
    return text.split()


def _distance(a: list[str], b: list[str]) -> int:
    """Tokens to change to turn ``a`` into ``b`` (size of the differing diff blocks)."""
    import difflib

    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal")


def changes_per_10k(pipeline: Pipeline, texts: Iterable[str]) -> tuple[float, list[Change]]:
    """Changed tokens per 10,000 tokens of ``texts``, and the change records responsible."""
    tokens = changed = 0
    records: list[Change] = []
    for text in texts:
        r = pipeline.clean(text)
        toks = _tokens(text)
        tokens += len(toks)
        if r.changes:
            changed += _distance(toks, _tokens(r.text))
            records.extend(r.changes)
    return (1e4 * changed / tokens if tokens else 0.0), records


def assert_no_harm(
    pipeline: Pipeline, texts: Iterable[str], max_changes_per_10k: float = 3.0
) -> None:
    """Correct text stays (almost) untouched: at most ``max_changes_per_10k`` changed tokens
    per 10,000.

    >>> from normalize import Pipeline
    >>> assert_no_harm(Pipeline(), ["The minister said on Monday that the talks went well."])
    """
    rate, records = changes_per_10k(pipeline, list(texts))
    if rate > max_changes_per_10k:
        raise AssertionError(
            f"{rate:.1f} changes per 10k tokens on clean text (limit {max_changes_per_10k}):\n  "
            f"{_show(records)}"
        )


def repair_recall(pipeline: Pipeline, noisy: str, expected: str) -> float:
    """Share of the damage (in tokens) that cleaning undid; 1.0 when there was none."""
    damage = _distance(_tokens(noisy), _tokens(expected))
    if damage == 0:
        return 1.0
    left = _distance(_tokens(pipeline.clean(noisy).text), _tokens(expected))
    return max(0.0, 1.0 - left / damage)


def assert_repairs(pipeline: Pipeline, noisy: str, expected: str, min_recall: float = 0.9) -> None:
    """Cleaning ``noisy`` gets back at least ``min_recall`` of the way to ``expected``.

    >>> from normalize import Pipeline
    >>> assert_repairs(Pipeline(), "Israel\\u2018s deal: \\\\$1.6", "Israel\\u2019s deal: $1.6")
    """
    r = pipeline.clean(noisy)
    recall = repair_recall(pipeline, noisy, expected)
    if recall < min_recall:
        raise AssertionError(
            f"repaired {recall:.0%} of the damage (wanted {min_recall:.0%})\n"
            f"  noisy:    {noisy!r}\n  got:      {r.text!r}\n  expected: {expected!r}\n  "
            f"{_show(r.changes)}"
        )
