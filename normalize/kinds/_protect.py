"""Spans that text rules must not touch: URLs, e-mail addresses, @handles, #hashtags, code."""

from __future__ import annotations

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
    """Sorted ``(start, end)`` spans of the requested kinds.

    >>> protected_spans("mail me@x.org or see www.a.com", ("email", "url"))
    [(5, 13), (21, 30)]
    """
    spans: list[tuple[int, int]] = []
    for k in kinds:
        spans.extend(m.span() for m in _COMPILED[k].finditer(text))
    spans.sort()
    return spans


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` touches any protected span (spans sorted by start)."""
    from bisect import bisect_right

    i = bisect_right(spans, (end, end))
    for j in range(i - 1, -1, -1):
        s, e = spans[j]
        if e > start or (s <= start < e):
            return s < max(end, start + 1) and start < e
        if e <= start and j < i - 8:
            break
    return False
