"""The shipped regex rules run without a timeout at any length, so they must be linear by
construction: each is fed adversarial input built from the characters its pattern names.
A pattern that backtracks badly on one of them would exceed the guard below; nothing here
measures speed, the guard only turns a hang into a failure."""

from __future__ import annotations

import pytest

from normalize.kinds.regex import RegexKind
from normalize.loader import load_rules
from normalize.shipped import default_rules_dir

#: Far more than any linear pattern needs on these inputs, on any machine.
GUARD_SECONDS = 30.0
SIZE = 100_000

PIECES = [
    "a", "A", " ", "\n", "\t", "-", "-\n", "- \n\n", "ab-", ".", "a.", "aB.", ",", "a,",
    ";", ":", "a:", "\\", "\\\\", "\\$", "<", "<http://", "<http://a", ">", "\u2018",
    "a\u2018", "1", "1.", "1,", "\u06f1", "\u06f1.", "\u0661\u066b", "\u066a", "  ", "   x",
    "\n\n", "\n\n\n", " \n", "\r", "\r\n", "\u2028", "aa-\n  \n", "ab.Cd", "ab,cd",
]  # fmt: skip


def _shipped_regex_rules() -> list[RegexKind]:
    rules = []
    for p in load_rules(default_rules_dir()):
        rules.extend(r for r in p.all_in_order if isinstance(r, RegexKind))
    return rules


@pytest.mark.parametrize("rule", _shipped_regex_rules(), ids=lambda r: r.id)
def test_shipped_regex_rule_is_linear_on_adversarial_input(rule: RegexKind) -> None:
    assert rule.trusted  # shipped rules never depend on the machine's speed
    for a in PIECES:
        for b in ("", "a", " ", "\n", "1"):
            text = ((a + b) * (SIZE // max(1, len(a + b))))[:SIZE]
            # The guard raises TimeoutError instead of hanging if a pattern backtracks.
            for _ in rule.rx.finditer(text, timeout=GUARD_SECONDS):
                pass


def test_user_rules_keep_the_timeout(tmp_path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text(
        "pass: mine\nrules:\n  - id: x\n    kind: regex\n    pattern: 'a'\n    replace: 'b'\n",
        encoding="utf-8",
    )
    (rule,) = load_rules(f)[0].rules
    assert isinstance(rule, RegexKind) and not rule.trusted


def _slow_rule_file(tmp_path):
    """A user rule whose backtracking pattern times out on a long run of word characters."""
    rules = tmp_path / "slow.yaml"
    rules.write_text(
        "pass: slow\nrules:\n  - id: slow\n    kind: regex\n    pattern: '(\\w|\\w\\w)+\\d'\n"
        "    replace: x\n    timeout: 0.05\n",
        encoding="utf-8",
    )
    return rules


def test_a_user_rule_timeout_is_reported(tmp_path) -> None:
    import json

    from normalize.cli import main

    rules = _slow_rule_file(tmp_path)
    src = tmp_path / "a.txt"
    src.write_text("x" * 40 + "!\n", encoding="utf-8")
    log, stats = tmp_path / "log.jsonl", tmp_path / "stats.json"
    code = main(["clean", str(src), "-o", str(tmp_path / "out"), "--rules", str(rules),
                 "--log", str(log), "--stats", str(stats), "-q"])  # fmt: skip
    assert code == 1
    notes = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    assert any(n["rule"] == "warning" and "timed out" in n["reason"] for n in notes)
    assert json.loads(stats.read_text(encoding="utf-8"))["other"]["rule_timeouts"] == 1
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "x" * 40 + "!\n"


def test_a_rule_that_keeps_timing_out_is_skipped_after_a_few_documents(tmp_path) -> None:
    from normalize import Pipeline
    from normalize.engine import MAX_RULE_TIMEOUTS

    rules = _slow_rule_file(tmp_path)
    pipe = Pipeline(rules)
    results = [pipe.clean("x" * 40 + "!\n") for _ in range(MAX_RULE_TIMEOUTS + 3)]
    assert pipe.timeouts["slow"] == MAX_RULE_TIMEOUTS
    assert all("timed out; rule skipped" in r.warnings[0] for r in results[:MAX_RULE_TIMEOUTS])
    assert all("skipped after timing out" in r.warnings[0] for r in results[MAX_RULE_TIMEOUTS:])
    assert {r.text for r in results} == {"x" * 40 + "!\n"}
