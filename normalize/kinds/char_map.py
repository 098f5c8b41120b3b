"""``char_map``: map single characters (listed, or by Unicode category) to replacements.

One edit covers each run of adjacent mapped characters, so a run of no-break spaces is one
change, not five.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import regex

from normalize.context import DocContext
from normalize.registry import RuleCompileError, RuleKind
from normalize.schema import RuleBase
from normalize.types import Edit


class CharMapRule(RuleBase):
    kind: Literal["char_map"] = "char_map"
    map: dict[str, str] = {}
    categories: dict[str, str] = {}
    exclude: list[str] = []
    reason: str = ""


class CharMapKind(RuleKind):
    """Compiled ``char_map`` rule.

    >>> k = CharMapKind(CharMapRule(id="s", categories={"Zs": " "}, exclude=[" "]), Path("."))
    >>> [(e.start, e.end, e.replacement) for e in k.find("a\\u00a0\\u2009b", None)]
    [(1, 3, '  ')]
    """

    name = "char_map"
    schema = CharMapRule

    def __init__(self, spec: CharMapRule, base_dir: Path) -> None:  # type: ignore[override]
        super().__init__(spec, base_dir)
        for k in spec.map:
            if len(k) != 1:
                raise RuleCompileError("E201", f"map key {k!r} must be one character", "map")
        for e in spec.exclude:
            if len(e) != 1:
                raise RuleCompileError(
                    "E201", f"exclude item {e!r} must be one character", "exclude"
                )
        parts = [regex.escape(c) for c in spec.map]
        for cat in spec.categories:
            try:
                regex.compile(rf"\p{{{cat}}}")
            except regex.error:
                raise RuleCompileError(
                    "E201", f"unknown Unicode category {cat!r}", "categories"
                ) from None
            parts.append(rf"\p{{{cat}}}")
        if not parts:
            raise RuleCompileError("E201", "give 'map' or 'categories'")
        cls = "[" + "".join(parts) + "]"
        if spec.exclude:
            cls = f"[{cls}--[{''.join(regex.escape(c) for c in spec.exclude)}]]"
        self.rx = regex.compile(cls + "+", regex.V1)
        # ASCII text can only hold the ASCII members of the class, and the standard library
        # scans a plain class of them several times faster than the regex module.
        ascii_members = [chr(i) for i in range(128) if self.rx.fullmatch(chr(i))]
        self.ascii_rx = (
            re.compile("[" + "".join(re.escape(c) for c in ascii_members) + "]")
            if ascii_members
            else None
        )
        self.any_rx = _stdlib_class(cls)
        self.map = dict(spec.map)
        self.categories = dict(spec.categories)
        self.reason = spec.reason

    def _one(self, c: str) -> str:
        if c in self.map:
            return self.map[c]
        cat = unicodedata.category(c)
        if cat in self.categories:
            return self.categories[cat]
        return self.categories.get(cat[0], c)

    def find(self, text: str, ctx: DocContext | None) -> Iterator[Edit]:
        if text.isascii():
            if self.ascii_rx is None or self.ascii_rx.search(text) is None:
                return
        elif self.any_rx is not None and self.any_rx.search(text) is None:
            return
        for m in self.rx.finditer(text):
            yield Edit(
                m.start(), m.end(), "".join(self._one(c) for c in m.group()), reason=self.reason
            )


def _stdlib_class(cls: str) -> re.Pattern[str] | None:
    """The characters of the regex-module class ``cls`` as a standard-library class of
    ranges, which scans a long text about 2.5× faster: a check that a text holds none of
    them before the regex module runs. Enumerated once per machine (disk-cached); None
    when the class has too many ranges to be worth it.

    >>> _stdlib_class(r"[\\p{Zs}--[ ]]").search("a\\u00a0b") is not None
    True
    """
    from normalize.cache import cached_table

    def build() -> str:
        rx = regex.compile(cls, regex.V1)
        ranges: list[tuple[int, int]] = []
        for cp in range(0x110000):
            if rx.fullmatch(chr(cp)):
                if ranges and ranges[-1][1] == cp - 1:
                    ranges[-1] = (ranges[-1][0], cp)
                else:
                    ranges.append((cp, cp))
        if not ranges or len(ranges) > _MAX_RANGES:
            return ""
        return "[" + "".join(
            re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
            for a, b in ranges
        ) + "]"  # fmt: skip

    key = (regex.__version__, unicodedata.unidata_version, cls)
    pattern = cached_table("charclass", key, build)
    return re.compile(pattern) if pattern else None


#: Above this many code-point ranges a standard-library class is no faster.
_MAX_RANGES = 2000
