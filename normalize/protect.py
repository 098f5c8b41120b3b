"""Protected regions: spans of a document that no edit may touch and no line drop may remove.

The engine computes them once per text a pass proposes edits on, and refuses every edit that
overlaps one (see ``Pipeline``). The refusals are counted in the result's statistics and
listed in ``Result.refused``, so every rule kind, including user rules, is bound by them
without doing anything. The region types:

- ``code-fence``: a fenced code block, fences included (```` ``` ```` or ``~~~``);
- ``code-indent``: an indented code block (four spaces or a tab, after a blank line);
- ``code-inline``: an inline code span in backticks;
- ``table``: a Markdown table row (a ``|`` line next to a separator row or other ``|`` rows);
- ``list``, ``heading``: the indentation and marker of a list item, the ``#`` of a heading
  and a setext underline;
- ``url``, ``email``, ``path``, ``hash``;
- ``identifier``: ``snake_case``, ``dotted.names``, ``call()``, ``--flags``, ``$vars``;
- ``quoted-code``: a quoted string without spaces (``"absoluteURI"``).

Each type has a literal trigger, so a text that has none of them costs a few substring
tests; every pattern is linear in the text's length.

>>> text = "Run `pip install x` now."
>>> [(text[s:e], t) for s, e, t in protected_regions(text)]
[('`pip install x`', 'code-inline')]
>>> r = protected_regions("See https://a.org/x or my_var.")
>>> sorted({t for _, _, t in r})
['identifier', 'url']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Literal, NamedTuple

RegionType = Literal[
    "code-fence", "code-indent", "code-inline", "table", "list", "heading", "url", "email",
    "path", "hash", "identifier", "quoted-code",
]  # fmt: skip
REGION_TYPES: tuple[str, ...] = (
    "code-fence",
    "code-indent",
    "code-inline",
    "table",
    "list",
    "heading",
    "url",
    "email",
    "path",
    "hash",
    "identifier",
    "quoted-code",
)

#: Span patterns that rules may also name in their own ``protect`` key (the regex kind).
PROTECT_PATTERNS: dict[str, str] = {
    "url": r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|io|co|uk|de|fr|ru|am|az|ir|il|"
    r"info|biz|me|tv|dev|app|ai)\b(?:/[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]])?",
    "email": r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "handle": r"(?<![\w@])[@#]\w+",
    "code": r"`[^`\n]+`|\b\w+(?:_\w+)+\b|\b[a-z]+(?:[A-Z][a-z0-9]+)+\b|\b\w+(?:\.\w+)*\(\)",
}

_INLINE = r"`[^`\n]+`"
_PATH = (
    r"(?<![\w/])(?:~|\.{1,2})?/[\w.@+-]+(?:/[\w.@+-]+)+/?"  # /usr/bin/x, ./a/b, ~/.cache/x
    r"|\b[A-Za-z]:\\[^\s\"'<>|]+"  # C:\Users\me
    r"|\b[\w.-]+(?:/[\w.-]+)*/[\w-]+\.[a-z][a-z0-9]{0,4}\b"  # src/utils.py, docs/a/b.md
)
_HASH = r"\b(?=[0-9a-f]{0,63}[a-f])(?=[0-9a-f]{0,63}[0-9])[0-9a-f]{7,64}\b"
_IDENT = (
    r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b"  # snake_case, CONST_NAME
    r"|\b_{1,2}[A-Za-z]\w*"  # _private, __init__
    r"|\b[a-z_][a-z0-9_]*(?:\.[a-z_][A-Za-z0-9_]*)+(?=\(|\b)"  # os.path.join
    r"|\b[A-Za-z_]\w*(?:\.\w+)*\((?=[^()\n]{0,40}\))"  # call(...) and obj.call(
    r"|(?<![\w-])--[a-z][\w-]+"  # --flags
    r"|\$\{?[A-Za-z_]\w*\}?"  # $vars, ${vars}
)
_QUOTED = r"\"[^\"\s]{2,60}\""

_COMPILED = {k: re.compile(v) for k, v in PROTECT_PATTERNS.items()}


class Region(NamedTuple):
    """A protected span ``[start, end)`` and its type."""

    start: int
    end: int
    type: str


_URL_LITERALS = ("://", "www.", ".com", ".org", ".net", ".io", ".gov", ".edu", ".co", ".de",
                 ".uk", ".fr", ".ru", ".am", ".az", ".ir", ".il", ".info", ".biz", ".me", ".tv",
                 ".dev", ".app", ".ai")  # fmt: skip
#: The region types that lie inside one line: the literal strings one of which the text must
#: contain for the type to be looked for at all, a pattern one of whose matches any region
#: contains (searched in each line asked about first), and the pattern of the region.
_TRIGGERS: tuple[tuple[str, tuple[str, ...], re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (kind, literals, re.compile(line_trigger), re.compile(pattern))
    for kind, literals, line_trigger, pattern in (
        ("code-inline", ("`",), "`", _INLINE),
        # the URL pattern ignores case, so its line trigger does too
        ("url", _URL_LITERALS, "(?i)" + "|".join(map(re.escape, _URL_LITERALS)),
         PROTECT_PATTERNS["url"]),
        ("email", ("@",), "@", PROTECT_PATTERNS["email"]),
        ("path", ("/", ":\\"), r"/|:\\", _PATH),
        ("hash", tuple("0123456789"), "[0-9]", _HASH),
        ("identifier", ("_", ".", "(", "--", "$"), r"[_.($]|--", _IDENT),
        ("quoted-code", ('"',), '"', _QUOTED),
    )
)  # fmt: skip

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
_INDENTED = re.compile(r"(?:^|\n)[ \t]*\n((?:(?: {4}|\t)[^\n]*\n?(?:[ \t]*\n)*)+)")
_TABLE_LINE = re.compile(r"^[ \t]*\|[^\n]*\|[ \t]*$", re.M)
_TABLE_SEP = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$", re.M
)
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(?=\S)", re.M)
_ORDERED = re.compile(r"^[ \t]*(\d{1,3})[.)][ \t]+(?=\S)", re.M)
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?=\S)", re.M)
_SETEXT = re.compile(r"(?<=[^\n]\n) {0,3}(?:={3,}|-{3,})[ \t]*$", re.M)


def _line_end(text: str, pos: int) -> int:
    """The position just after the newline ending the line at ``pos`` (or the text's end)."""
    nl = text.find("\n", pos)
    return len(text) if nl == -1 else nl + 1


def _fences(text: str) -> Iterable[tuple[int, int]]:
    """Fenced blocks from an opening fence to its closing fence (or the end of the text)."""
    pos = 0
    while True:
        m = _FENCE.search(text, pos)
        if m is None:
            return
        marker = m.group(1)
        closing = re.compile(r"^ {0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}"
                             r"[ \t]*$", re.M)  # fmt: skip
        c = closing.search(text, _line_end(text, m.start()))
        end = len(text) if c is None else _line_end(text, c.start())
        yield m.start(), end
        pos = end
        if pos >= len(text):
            return


def _tables(text: str) -> Iterable[tuple[int, int]]:
    """Rows of tables: ``|`` lines that have a separator row or another ``|`` row beside them."""
    rows = [(m.start(), _line_end(text, m.start())) for m in _TABLE_LINE.finditer(text)]
    seps = {m.start() for m in _TABLE_SEP.finditer(text)}
    rows_at = {s for s, _ in rows} | seps
    for s, e in rows:
        prev_start = text.rfind("\n", 0, max(0, s - 1)) + 1 if s else -1
        if s in seps or e in rows_at or (s and prev_start in rows_at):
            yield s, e
    for s in seps - {s for s, _ in rows}:
        yield s, _line_end(text, s)


def _ordered_items(text: str) -> Iterable[tuple[int, int]]:
    """Markers of numbered list items that have a neighbour numbered one off (``8. März``
    alone is a date, not a list)."""
    items = [(m.start(), m.end(), int(m.group(1))) for m in _ORDERED.finditer(text)]
    for i, (s, e, n) in enumerate(items):
        prev_n = items[i - 1][2] if i else None
        next_n = items[i + 1][2] if i + 1 < len(items) else None
        if prev_n == n - 1 or next_n == n + 1:
            yield s, e


def _bullet_items(text: str) -> Iterable[tuple[int, int]]:
    """Markers of bulleted items next to another item (at most one blank line between):
    a lone ``- Advertisement -`` line is no list."""
    items = [m.span() for m in _BULLET.finditer(text)]

    def near(a: tuple[int, int], b: tuple[int, int]) -> bool:
        gap = text[_line_end(text, a[0]) : b[0]]
        return gap.count("\n") <= 1 and not gap.strip()

    for i, span in enumerate(items):
        if (i and near(items[i - 1], span)) or (i + 1 < len(items) and near(span, items[i + 1])):
            yield span


def protected_regions(text: str) -> list[Region]:
    """Every protected region of ``text``, sorted by start (regions may overlap).

    >>> md = "Intro:\\n\\n```\\nx  =  1\\n```\\n| a | b |\\n|---|---|\\n"
    >>> [(t, md[s:e]) for s, e, t in protected_regions(md)][:2]
    [('code-fence', '```\\nx  =  1\\n```\\n'), ('table', '| a | b |\\n')]
    """
    found = block_regions(text)
    found.extend(line_regions(text, line_finders(text), 0, len(text)))
    found.sort()
    return found


Finders = tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]


def line_finders(text: str) -> Finders:
    """The in-line region types one of whose literals ``text`` contains, as
    ``(type, line trigger, pattern)``.

    >>> [kind for kind, _, _ in line_finders("see www.example.com")]
    ['url', 'identifier']
    """
    return tuple(
        (kind, line_trigger, rx)
        for kind, literals, line_trigger, rx in _TRIGGERS
        if any(t in text for t in literals)
    )


def line_regions(text: str, finders: Finders, start: int, end: int) -> list[Region]:
    """The in-line regions of ``text[start:end]`` (whole lines), found with ``finders`` from
    :func:`line_finders` of the whole text. No in-line region crosses a line break, so the
    regions of the lines are those of the whole text, found for the lines an edit touches.

    >>> t = "a_b here\\nplain line\\n"
    >>> line_regions(t, line_finders(t), 0, 9), line_regions(t, line_finders(t), 9, 20)
    ([Region(start=0, end=3, type='identifier')], [])
    """
    return [
        Region(*m.span(), kind)
        for kind, trigger, rx in finders
        if trigger.search(text, start, end)
        for m in rx.finditer(text, start, end)
    ]


def block_regions(text: str) -> list[Region]:
    """The regions that span lines or depend on their neighbours (fences, indented blocks,
    tables, list and heading markers).

    >>> [r.type for r in block_regions("# Title\\n\\n- a\\n- b\\n")]
    ['list', 'list', 'heading']
    """
    found: list[Region] = []
    for triggers, finder in _BLOCK_FINDERS:
        if any(t in text for t in triggers):
            found.extend(finder(text))
    return found


def _setext_regions(text: str) -> Iterator[Region]:
    for m in _SETEXT.finditer(text):
        yield Region(m.start(), _line_end(text, m.start()), "heading")


#: Each block region type: the literals one of which the text must hold, and its finder.
_BLOCK_FINDERS: tuple[tuple[tuple[str, ...], Callable[[str], Iterable[Region]]], ...] = (
    (("```", "~~~"), lambda t: (Region(s, e, "code-fence") for s, e in _fences(t))),
    (("    ", "\t"), lambda t: (Region(*m.span(1), "code-indent") for m in _INDENTED.finditer(t))),
    (("|",), lambda t: (Region(s, e, "table") for s, e in _tables(t))),
    (("- ", "* ", "+ ", ". ", ") "), lambda t: (Region(s, e, "list") for s, e in _bullet_items(t))),
    (
        ("- ", "* ", "+ ", ". ", ") "),
        lambda t: (Region(s, e, "list") for s, e in _ordered_items(t)),
    ),
    (("#",), lambda t: (Region(*m.span(), "heading") for m in _HEADING.finditer(t))),
    (("===", "---"), _setext_regions),
)


class RegionIndex:
    """Protected regions merged for overlap tests; ``hit`` names the region an edit touches.

    An edit touches a region when it replaces or deletes any of its characters, or inserts
    strictly inside it; inserting at its edge is allowed.

    >>> idx = RegionIndex([Region(4, 10, "url")])
    >>> idx.hit(5, 6), idx.hit(10, 10), idx.hit(4, 4), idx.hit(0, 4)
    ('url', None, None, None)
    """

    def __init__(self, regions: Iterable[Region]) -> None:
        # Overlapping regions merge into one span named after the first: disjoint spans
        # answer each query with one binary search.
        merged: list[Region] = []
        for r in sorted(regions):
            if merged and r.start < merged[-1].end:
                last = merged[-1]
                if r.end > last.end:
                    merged[-1] = Region(last.start, r.end, last.type)
            else:
                merged.append(r)
        self.regions = merged
        self.starts = [r.start for r in merged]

    def __bool__(self) -> bool:
        return bool(self.regions)

    def hit(self, start: int, end: int) -> str | None:
        """The type of a region the edit ``[start, end)`` touches, or None."""
        regions = self.regions
        i = bisect_right(self.starts, start) - 1
        if end > start:
            # The region starting at or before ``start``, and the next one.
            for j in (i, i + 1):
                if 0 <= j < len(regions) and regions[j].start < end and regions[j].end > start:
                    return regions[j].type
            return None
        if i >= 0 and regions[i].start < start < regions[i].end:
            return regions[i].type
        return None


def protected_spans(text: str, kinds: tuple[str, ...]) -> list[tuple[int, int]]:
    """Sorted, merged ``(start, end)`` spans of the rule-level ``protect`` kinds.

    >>> protected_spans("mail me@x.org or see www.a.com", ("email", "url"))
    [(5, 13), (21, 30)]
    """
    return _merged(sorted(m.span() for k in kinds for m in _COMPILED[k].finditer(text)))


class LineSpans:
    """:func:`protected_spans` found line by line as matches need them: no span pattern
    matches a line break, so the spans of the lines a match touches are all it can touch.

    >>> s = LineSpans("plain\\nmail me@x.org\\n", ("email",))
    >>> s.touches(0, 3), s.touches(14, 15)
    (False, True)
    """

    def __init__(self, text: str, kinds: tuple[str, ...]) -> None:
        self.text = text
        self.patterns = [_COMPILED[k] for k in kinds]
        self.lines: dict[int, list[tuple[int, int]]] = {}

    def touches(self, start: int, end: int) -> bool:
        """What :func:`inside` says of ``[start, end)`` against the whole text's spans."""
        text, n = self.text, len(self.text)
        last = max(end, start + 1) - 1  # the last character the edit touches
        pos = text.rfind("\n", 0, start) + 1
        while pos <= min(last, n - 1):
            stop = text.find("\n", pos)
            stop = n if stop == -1 else stop
            spans = self.lines.get(pos)
            if spans is None:
                spans = self.lines[pos] = _merged(
                    sorted(m.span() for rx in self.patterns for m in rx.finditer(text, pos, stop))
                )
            if spans and inside(spans, start, end):
                return True
            pos = stop + 1
        return False


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` touches a span of :func:`protected_spans`.

    >>> inside([(5, 13)], 12, 14), inside([(5, 13)], 13, 14)
    (True, False)
    """
    i = bisect_right(spans, (start, float("inf"))) - 1
    if i >= 0 and spans[i][1] > start:
        return True
    return i + 1 < len(spans) and spans[i + 1][0] < max(end, start + 1)


class Guard:
    """The protected regions of one text, found as edits need them: the block regions at
    once, the in-line regions line by line for the lines an edit touches. ``hit`` answers
    as :class:`RegionIndex` over all regions would (which region names a hit where two
    overlap may differ).

    >>> g = Guard("See https://a.org/x now.\\nplain words here\\n")
    >>> g.hit(6, 7, frozenset({"url"})), g.hit(30, 31, frozenset({"url"}))
    ('url', None)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks = block_regions(text)
        self.finders = line_finders(text)
        self.lines: dict[int, list[Region]] = {}
        self._block_index: dict[frozenset[str], RegionIndex] = {}

    def found(self) -> list[Region]:
        """The regions found so far (blocks, and the lines looked at)."""
        return self.blocks + [r for regs in self.lines.values() for r in regs]

    def _line_regions(self, start: int, end: int) -> Iterable[Region]:
        text, n = self.text, len(self.text)
        pos = text.rfind("\n", 0, start) + 1
        last = max(start, end - 1)
        while True:
            stop = text.find("\n", pos)
            stop = n if stop == -1 else stop
            regs = self.lines.get(pos)
            if regs is None:
                regs = self.lines[pos] = line_regions(text, self.finders, pos, stop)
            yield from regs
            if stop >= last or stop >= n:
                return
            pos = stop + 1

    def hit(self, start: int, end: int, types: frozenset[str]) -> str | None:
        """The type of a region of ``types`` that the edit ``[start, end)`` touches."""
        index = self._block_index.get(types)
        if index is None:
            index = self._block_index[types] = RegionIndex(
                r for r in self.blocks if r.type in types
            )
        hit = index.hit(start, end)
        if hit is not None or not self.finders:
            return hit
        for r in self._line_regions(start, end):
            if r.type not in types:
                continue
            if (r.start < end and r.end > start) if end > start else r.start < start < r.end:
                return r.type
        return None
