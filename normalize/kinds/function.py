"""``function``: an opaque ``str -> str`` step (ftfy, NFC, …) whose edits are recovered by
diffing its input and output, so the change log stays complete."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from normalize.context import DocContext
from normalize.functions import FUNCTIONS
from normalize.registry import RuleCompileError, RuleKind
from normalize.schema import RuleBase
from normalize.spans import diff_edits
from normalize.types import Edit


class FunctionRule(RuleBase):
    kind: Literal["function"] = "function"
    function: str
    params: dict[str, Any] = {}
    reason: str = ""


class FunctionKind(RuleKind):
    """Compiled ``function`` rule.

    >>> k = FunctionKind(FunctionRule(id="n", function="nfc"), Path("."))
    >>> [(e.start, e.end, e.replacement) for e in k.find("e\\u0301!", None)]
    [(0, 2, 'é')]
    """

    name = "function"
    schema = FunctionRule

    def __init__(self, spec: FunctionRule, base_dir: Path) -> None:  # type: ignore[override]
        super().__init__(spec, base_dir)
        fn = FUNCTIONS.get(spec.function)
        if fn is None:
            raise RuleCompileError(
                "E304",
                f"unknown function {spec.function!r}; known: {', '.join(sorted(FUNCTIONS))}",
                "function",
            )
        self.fn = fn
        self.params = spec.params
        self.reason = spec.reason

    def find(self, text: str, ctx: DocContext | None) -> Iterator[Edit]:
        out = self.fn(text, **self.params)
        if out == text:
            return
        for s, e, r in diff_edits(text, out):
            yield Edit(s, e, r, reason=self.reason)
