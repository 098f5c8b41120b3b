"""``regex``: substitute matches of a pattern by a template or a named transform.

Patterns use the ``regex`` module (Unicode properties, set operations) and run with a timeout,
so a catastrophic user pattern skips the rule for that document instead of hanging.
``protect`` lists span types (url, email, handle, code) inside which the rule never fires.
"""

from __future__ import annotations

import re
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


def backtracking_risks(pattern: str) -> list[str]:
    r"""What in ``pattern`` can make a match take exponential time: an unbounded quantifier
    over a group that itself holds one (``(a+)+``, ``(\w+\s?)*``), the shape behind most
    catastrophic backtracking. Atomic groups and possessive quantifiers are safe. A pattern
    the standard library's parser does not read (``regex``-only syntax) gets no warning.

    >>> backtracking_risks(r"(\w+\s?)+$"), backtracking_risks(r"(?:ab)+c")
    (['nested unbounded quantifiers in (\\w+\\s?)+: may backtrack exponentially'], [])
    >>> backtracking_risks(r"(?>\w+\s?)+")
    []
    """
    try:
        from re import _constants as sre_c  # type: ignore[attr-defined]
        from re import _parser as sre_p  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as sre_c  # type: ignore[no-redef]
        import sre_parse as sre_p  # type: ignore[no-redef]
    try:
        parsed = sre_p.parse(pattern)
    except Exception:  # noqa: BLE001 - not standard-library syntax: no verdict
        return []
    unbounded = (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT)

    def items(seq: Any) -> Iterator[tuple[Any, Any]]:
        # Atomic groups and possessive repeats are not entered: they do not backtrack.
        for op, av in seq:
            yield op, av
            if op in unbounded:
                continue  # walked by the caller
            for sub in _subpatterns(op, av, sre_c):
                yield from items(sub)

    def has_unbounded(seq: Any) -> bool:
        for op, av in items(seq):
            if op in unbounded and av[1] == sre_c.MAXREPEAT:
                return True
            if op in unbounded and has_unbounded(av[2]):
                return True
        return False

    def nested(seq: Any) -> bool:
        for op, av in items(seq):
            if op in unbounded and (
                (av[1] == sre_c.MAXREPEAT and has_unbounded(av[2])) or nested(av[2])
            ):
                return True
        return False

    if not nested(parsed):
        return []
    where = _repeated_source(pattern)
    return [f"nested unbounded quantifiers in {where}: may backtrack exponentially"]


def _subpatterns(op: Any, av: Any, sre_c: Any) -> list[Any]:
    """The sub-patterns inside one parsed item (groups, branches, lookarounds)."""
    if op == sre_c.SUBPATTERN:
        return [av[-1]]
    if op == sre_c.BRANCH:
        return list(av[1])
    if op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
        return [av[1]]
    if op == sre_c.GROUPREF_EXISTS:
        return [b for b in av[1:] if b is not None]
    return []


def _repeated_source(pattern: str) -> str:
    """The first quantified group of ``pattern`` as written, for the message."""
    m = re.search(r"\((?:[^()\\]|\\.)*\)[+*]|\((?:[^()\\]|\\.)*\)\{\d*,\}", pattern)
    return m.group() if m else pattern[:40]


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

    def lint(self) -> list[tuple[str, str, str]]:
        return [("W301", "pattern", risk) for risk in backtracking_risks(self.spec.pattern)]

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
