"""Run every rule's own tests: ``examples`` (in → out, and no second firing on out), ``keep``
(unchanged) and ``todo`` (known failures that must still fail).

>>> run_rule_tests()
[]
"""

from __future__ import annotations

from pathlib import Path

from normalize.context import DocContext
from normalize.engine import settle
from normalize.loader import LoadedPass, load_rules
from normalize.registry import RuleKind
from normalize.shipped import default_rules_dir
from normalize.spans import apply_edits


def apply_rule(rule: RuleKind, text: str, max_iterations: int = 3, lang: str | None = None) -> str:
    """Apply one rule alone, the way the engine runs a pass (repeated until stable).

    A rule limited to some languages sees its examples as written in ``lang``, or else in
    the first of them, so that short examples do not depend on the language guess.
    """
    if lang is None and rule.spec.lang:
        lang = rule.spec.lang[0]
    ctx = DocContext(text, forced_lang=lang)
    for _ in range(max_iterations):
        edits = [e for e in rule.find(text, ctx) if text[e.start : e.end] != e.replacement]
        if not edits:
            break
        winners, _ = settle(edits)
        text, _ = apply_edits(text, [(e.start, e.end, e.replacement) for e in winners])
    return text


def rule_failures(p: LoadedPass, rule: RuleKind) -> list[str]:
    """Failure messages of one rule's examples, keeps and todos."""
    out = []
    where = f"{p.path}: {p.name}/{rule.id}"
    for ex in rule.spec.examples:
        if not all(_importable(m) for m in ex.needs):
            continue
        got = apply_rule(rule, ex.in_, p.max_iterations, ex.lang)
        if got != ex.out:
            out.append(f"{where}: E401 example {ex.in_!r} gave {got!r}, expected {ex.out!r}")
        elif apply_rule(rule, ex.out, p.max_iterations, ex.lang) != ex.out:
            out.append(f"{where}: E401 fires again on its own output {ex.out!r}")
    for k in rule.spec.keep:
        got = apply_rule(rule, k, p.max_iterations)
        if got != k:
            out.append(f"{where}: E401 keep {k!r} changed to {got!r}")
    for t in rule.spec.todo:
        if (
            all(_importable(m) for m in t.needs)
            and apply_rule(rule, t.in_, p.max_iterations) == t.out
        ):
            out.append(f"{where}: E401 todo {t.in_!r} now passes; move it to examples")
    return out


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def run_rule_tests(rules: str | Path | None = None) -> list[str]:
    """All failures over a rule set (default: the shipped rules, disabled rules included)."""
    failures = []
    for p in load_rules(rules or default_rules_dir()):
        for rule in p.rules + p.disabled:
            failures.extend(rule_failures(p, rule))
    return failures
