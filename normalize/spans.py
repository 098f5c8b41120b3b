"""Span maps: apply edits to a text, map positions back to the original, recover edits by diff.

A pass step turns its input into an output by a list of non-overlapping edits. The step's
:class:`SpanMap` records the segments ``(out_start, out_end, in_start, in_end, changed)``;
chaining the maps of every step maps any output position back to the original input. A start
position inside a changed segment maps to the segment's ``in_start`` and an end position to its
``in_end``, so a mapped range always covers what produced it.

>>> out, m = apply_edits("Israelhas been", [(6, 6, " ")])
>>> out
'Israel has been'
>>> m.to_input(7, "start"), m.to_input(15, "end")
(6, 14)
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import Any

# Blocks up to this long are diffed character by character; longer ones token by token
# first (the characters of each changed run of tokens then), since a character diff grows
# with the square of the length. A changed run of tokens longer than this is one edit.
MAX_CHAR_DIFF = 2_000
_TOKENS = re.compile(r"\s+|\S+")


class SpanMap:
    """Segments of one step, for mapping output offsets back to input offsets."""

    __slots__ = ("_out_starts", "_out_ends", "_in_starts", "_in_ends", "_changed", "in_len")

    def __init__(self, segments: Sequence[tuple[int, int, int, int, bool]], in_len: int) -> None:
        # Only non-empty output segments can contain a position; deletions are implied by gaps.
        kept = [s for s in segments if s[1] > s[0]]
        self._out_starts = [s[0] for s in kept]
        self._out_ends = [s[1] for s in kept]
        self._in_starts = [s[2] for s in kept]
        self._in_ends = [s[3] for s in kept]
        self._changed = [s[4] for s in kept]
        self.in_len = in_len

    def to_input(self, pos: int, side: str = "start") -> int:
        """Map an output offset to an input offset; ``side`` is ``"start"`` or ``"end"``."""
        if side == "start":
            i = bisect_right(self._out_starts, pos) - 1
            if i < 0 or pos >= self._out_ends[i]:
                # At the very end, or in a gap left by a deletion: start after the gap.
                j = i + 1
                return self._in_starts[j] if j < len(self._in_starts) else self.in_len
            if self._changed[i]:
                return self._in_starts[i]
            return self._in_starts[i] + (pos - self._out_starts[i])
        i = bisect_left(self._out_ends, pos)
        if i >= len(self._out_ends) or pos <= self._out_starts[i]:
            j = i - 1
            return self._in_ends[j] if j >= 0 else 0
        if self._changed[i]:
            return self._in_ends[i]
        return self._in_starts[i] + (pos - self._out_starts[i])


def apply_edits(text: str, edits: Iterable[Sequence[Any]]) -> tuple[str, SpanMap]:
    """Apply sorted, non-overlapping edits, each an :class:`~normalize.types.Edit` or any
    sequence starting ``(start, end, replacement)``; return the text and its map.

    >>> apply_edits("a  b", [(1, 3, " ")])[0]
    'a b'
    """
    parts: list[str] = []
    segments: list[tuple[int, int, int, int, bool]] = []
    pos = 0
    out = 0
    for edit in edits:
        start, end, repl = edit[0], edit[1], edit[2]
        if start < pos or end < start:
            raise ValueError(f"edits overlap or are unsorted at {start}:{end}")
        if start > pos:
            parts.append(text[pos:start])
            segments.append((out, out + start - pos, pos, start, False))
            out += start - pos
        parts.append(repl)
        segments.append((out, out + len(repl), start, end, True))
        out += len(repl)
        pos = end
    if pos < len(text):
        parts.append(text[pos:])
        segments.append((out, out + len(text) - pos, pos, len(text), False))
    return "".join(parts), SpanMap(segments, len(text))


def map_to_original(maps: Sequence[SpanMap], start: int, end: int) -> tuple[int, int]:
    """Map a range through a chain of step maps (oldest first) back to the original text."""
    for m in reversed(maps):
        start, end = m.to_input(start, "start"), m.to_input(end, "end")
    return start, max(start, end)


class LineIndex:
    """1-based line and column of character offsets in one text.

    >>> LineIndex("ab\\ncd").line_col(4)
    (2, 2)
    """

    #: Lookups answered by counting newlines before the table of line starts is built: most
    #: documents get a handful of changes, and counting in C beats building the table.
    DIRECT_LOOKUPS = 16

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        self._lookups = 0

    def line_col(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._lookups += 1
            if self._lookups <= self.DIRECT_LOOKUPS:
                text = self._text
                return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
            starts = [0]
            find = self._text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._starts = starts
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


def diff_edits(before: str, after: str) -> list[tuple[int, int, str]]:
    """Recover minimal-ish edits turning ``before`` into ``after``: by line, then by character.

    >>> diff_edits("caf\\u00c3\\u00a9 ok\\nsame", "caf\\u00e9 ok\\nsame")
    [(3, 5, 'é')]
    """
    if before == after:
        return []
    # Trim the common prefix and suffix first: most opaque steps change a few spots.
    p = 0
    n = min(len(before), len(after))
    while p < n and before[p] == after[p]:
        p += 1
    s = 0
    while s < n - p and before[-1 - s] == after[-1 - s]:
        s += 1
    a, b = before[p : len(before) - s], after[p : len(after) - s]
    if len(a) + len(b) <= MAX_CHAR_DIFF:
        return [(p + i, p + j, r) for i, j, r in _char_diff(a, b)]
    if "\n" not in a and "\n" not in b:
        return [(p + i, p + j, r) for i, j, r in _token_diff(a, b)]
    edits: list[tuple[int, int, str]] = []
    a_lines = a.splitlines(keepends=True)
    b_lines = b.splitlines(keepends=True)
    a_off = [0]
    for line in a_lines:
        a_off.append(a_off[-1] + len(line))
    matcher = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        sa = "".join(a_lines[i1:i2])
        sb = "".join(b_lines[j1:j2])
        base = p + a_off[i1]
        if len(sa) + len(sb) <= MAX_CHAR_DIFF:
            edits.extend((base + i, base + j, r) for i, j, r in _char_diff(sa, sb))
        else:
            edits.extend((base + i, base + j, r) for i, j, r in _token_diff(sa, sb))
    return edits


def _token_diff(a: str, b: str) -> list[tuple[int, int, str]]:
    """Edits turning ``a`` into ``b`` found over whitespace-separated tokens, then over the
    characters of each changed run of tokens (one edit where that run is itself too long).

    >>> _token_diff("caf\u00c3\u00a9 and more " * 3, "caf\u00e9 and more " * 3)
    [(3, 5, 'é'), (18, 20, 'é'), (33, 35, 'é')]
    """
    ta, tb = _TOKENS.findall(a), _TOKENS.findall(b)
    a_off = [0]
    for t in ta:
        a_off.append(a_off[-1] + len(t))
    out: list[tuple[int, int, str]] = []
    matcher = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        sa, sb = "".join(ta[i1:i2]), "".join(tb[j1:j2])
        base = a_off[i1]
        if len(sa) + len(sb) <= MAX_CHAR_DIFF:
            out.extend((base + i, base + j, r) for i, j, r in _char_diff(sa, sb))
        else:
            out.append((base, base + len(sa), sb))
    return out


def _char_diff(a: str, b: str) -> list[tuple[int, int, str]]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[tuple[int, int, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if out and out[-1][1] == i1:
            # Merge touching edits so one fix (e.g. a mojibake sequence) is one record.
            ps, _pe, pr = out[-1]
            out[-1] = (ps, i2, pr + b[j1:j2])
        else:
            out.append((i1, i2, b[j1:j2]))
    return out


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """True when two edits touch the same text (two insertions at one point also overlap).

    >>> overlaps(2, 2, 2, 5), overlaps(2, 2, 2, 2), overlaps(1, 3, 3, 4)
    (False, True, False)
    """
    if a_start == a_end and b_start == b_end:
        return a_start == b_start
    if a_start == a_end:
        return b_start < a_start < b_end
    if b_start == b_end:
        return a_start < b_start < a_end
    return a_start < b_end and b_start < a_end
