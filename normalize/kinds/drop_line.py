"""``drop_line``: drop whole lines that match a phrase list.

A phrase matches a whole line (ignoring surrounding decoration such as ``- … -``) or, with
``match: line-or-prefix``, a line that starts with the phrase followed by ``:``. Phrases never
match inside a prose line. Phrase lists are inline or in data files next to the rule file; all
phrases compile into one alternation.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import regex

from normalize.context import DocContext
from normalize.registry import RuleCompileError, RuleKind
from normalize.schema import RuleBase
from normalize.types import Edit

_DECOR = r"[\s\-–—•*>»«|■·:.!]*"


class DropLineRule(RuleBase):
    kind: Literal["drop_line"] = "drop_line"
    phrases: list[str] = []
    files: list[str] = []
    match: Literal["line", "line-or-prefix"] = "line"
    ignore_case: bool = True
    reason: str = ""


def read_phrase_file(path: Path) -> list[str]:
    """One phrase per line; blank lines and ``#`` comments are skipped."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


class DropLineKind(RuleKind):
    """Compiled ``drop_line`` rule.

    >>> k = DropLineKind(DropLineRule(id="ad", phrases=["Advertisement"]), Path("."))
    >>> [(e.start, e.end) for e in k.find("a\\n- Advertisement -\\nb", None)]
    [(2, 20)]
    """

    name = "drop_line"
    schema = DropLineRule

    def __init__(self, spec: DropLineRule, base_dir: Path) -> None:  # type: ignore[override]
        super().__init__(spec, base_dir)
        phrases = list(spec.phrases)
        for f in spec.files:
            p = base_dir / f
            try:
                phrases.extend(read_phrase_file(p))
            except (OSError, UnicodeDecodeError) as e:
                raise RuleCompileError("E303", f"cannot read {f}: {e}", "files") from None
        if not phrases:
            raise RuleCompileError("E201", "give 'phrases' or 'files'")
        # Longest first so that the alternation prefers the most specific phrase.
        alt = "|".join(regex.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
        tail = rf"{_DECOR}" if spec.match == "line" else rf"(?:{_DECOR}|\s*:.*)"
        flags = regex.MULTILINE | regex.V1 | (regex.IGNORECASE if spec.ignore_case else 0)
        self.rx = regex.compile(rf"^{_DECOR}(?:{alt}){tail}$\n?", flags)
        self.reason = spec.reason or "phrase"

    def find(self, text: str, ctx: DocContext | None) -> Iterator[Edit]:
        for m in self.rx.finditer(text):
            if m.end() == m.start():
                continue
            yield Edit(m.start(), m.end(), "", reason=self.reason)
