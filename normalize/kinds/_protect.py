"""Spans that text rules must not touch: URLs, e-mail addresses, @handles, #hashtags, code."""

from __future__ import annotations

from bisect import bisect_right

import regex

PROTECT_PATTERNS: dict[str, str] = {
    "url": r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*"
    r"\.(?:com|org|net|edu|gov|io|co|uk|de|fr|ru|am|az|ir|il|info|biz|me|tv)\b(?:/[^\s<>\"]*)?",
    "email": r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "handle": r"(?<![\w@])[@#]\w+",
    "code": r"`[^`\n]+`|\b\w+(?:_\w+)+\b|\b[a-z]+(?:[A-Z][a-z0-9]+)+\b|\b\w+(?:\.\w+)*\(\)",
}
_COMPILED = {k: regex.compile(v) for k, v in PROTECT_PATTERNS.items()}


def protected_spans(text: str, kinds: tuple[str, ...]) -> list[tuple[int, int]]:
    """Sorted, merged ``(start, end)`` spans of the requested kinds.

    >>> protected_spans("mail me@x.org or see www.a.com", ("email", "url"))
    [(5, 13), (21, 30)]
    """
    spans = sorted(m.span() for k in kinds for m in _COMPILED[k].finditer(text))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` touches a protected span (spans sorted and merged).

    >>> inside([(5, 13)], 12, 14), inside([(5, 13)], 13, 14)
    (True, False)
    """
    i = bisect_right(spans, (start, float("inf"))) - 1
    if i >= 0 and spans[i][1] > start:
        return True
    return i + 1 < len(spans) and spans[i + 1][0] < max(end, start + 1)
