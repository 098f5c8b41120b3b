"""``regex``: substitute matches of a pattern by a template or a named transform.

Patterns use the ``regex`` module (Unicode properties, set operations) and run with a timeout,
so a catastrophic user pattern skips the rule for that document instead of hanging.
``protect`` lists span types (url, email, handle, code) inside which the rule never fires.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import regex

from normalize.context import DocContext
from normalize.functions import TRANSFORMS
from normalize.protect import LineSpans
from normalize.registry import RuleCompileError, RuleKind
from normalize.schema import RuleBase
from normalize.types import Edit

_FLAGS = {
    "ignorecase": regex.IGNORECASE,
    "multiline": regex.MULTILINE,
    "dotall": regex.DOTALL,
    "verbose": regex.VERBOSE,
}


class RegexRule(RuleBase):
    kind: Literal["regex"] = "regex"
    pattern: str
    replace: str | None = None
    transform: str | None = None
    params: dict[str, Any] = {}
    flags: list[Literal["ignorecase", "multiline", "dotall", "verbose"]] = []
    protect: list[Literal["url", "email", "handle", "code"]] = []
    timeout: float = 2.0
    reason: str = ""


# The shipped rules are linear by construction (``tests/test_linear_rules.py`` feeds them
# adversarial input), so they run without the timeout clock at any length: a rule that
# timed out on a busy machine would make the output depend on the machine. User rules
# (``trusted`` false, set by the loader) always run under it.


class RegexKind(RuleKind):
    """Compiled ``regex`` rule.

    >>> from normalize.schema import Example
    >>> k = RegexKind(RegexRule(id="x", pattern=r"\\\\([$])", replace=r"\\1"), Path("."))
    >>> [(e.start, e.end, e.replacement) for e in k.find("\\\\$1.6", None)]
    [(0, 2, '$')]
    """

    name = "regex"
    schema = RegexRule

    def __init__(self, spec: RegexRule, base_dir: Path) -> None:  # type: ignore[override]
        super().__init__(spec, base_dir)
        if (spec.replace is None) == (spec.transform is None):
            raise RuleCompileError("E201", "give exactly one of 'replace' or 'transform'")
        flags = 0
        for f in spec.flags:
            flags |= _FLAGS[f]
        try:
            self.rx = regex.compile(spec.pattern, flags | regex.V1)
        except regex.error as e:
            raise RuleCompileError("E301", f"pattern does not compile: {e}", "pattern") from None
        self.fn = None
        if spec.transform is not None:
            self.fn = TRANSFORMS.get(spec.transform)
            if self.fn is None:
                raise RuleCompileError("E304", f"unknown transform {spec.transform!r}", "transform")
        else:
            for ref in regex.findall(r"\\(\d+)|\\g<(\w+)>", spec.replace):
                num, name = ref
                ok = (
                    (int(num) <= self.rx.groups)
                    if num
                    else (
                        name in self.rx.groupindex
                        or (name.isdigit() and int(name) <= self.rx.groups)
                    )
                )
                if not ok:
                    raise RuleCompileError(
                        "E301", f"replacement refers to a missing group {num or name!r}", "replace"
                    )
        self.protect = tuple(spec.protect)
        self.timeout = spec.timeout
        self.params = spec.params
        self.reason = spec.reason

    def find(self, text: str, ctx: DocContext | None) -> Iterator[Edit]:
        # Collect matches first: the timeout clock also runs while a consumer holds the iterator.
        if not self.trusted:  # a user rule runs under its timeout; shipped ones are linear
            matches = list(self.rx.finditer(text, timeout=self.timeout))
        else:
            matches = list(self.rx.finditer(text))
        if not matches:
            return
        spans = LineSpans(text, self.protect) if self.protect else None
        for m in matches:
            if spans and spans.touches(m.start(), m.end()):
                continue
            if self.fn is not None:
                repl = self.fn(m, self.params, ctx)
                if repl is None:
                    continue
            else:
                repl = m.expand(self.spec.replace)
            yield Edit(m.start(), m.end(), repl, reason=self.reason)
