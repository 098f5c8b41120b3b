"""Malformed rule files give path:line:col errors with stable codes."""

import pytest

from normalize import Pipeline
from normalize.cli import main
from normalize.errors import RuleErrors


def errors_of(tmp_path, body, name="r.yaml"):
    f = tmp_path / name
    f.write_text(body)
    with pytest.raises(RuleErrors) as ei:
        Pipeline(f)
    return [str(e) for e in ei.value.errors], str(f)


def test_unknown_key_points_at_the_key(tmp_path):
    errs, f = errors_of(
        tmp_path, "pass: p\nrules:\n  - id: a\n    kind: regex\n    patern: x\n    replace: y\n"
    )
    assert f"{f}:5:5: E202 rules[0].patern: unknown key" in errs
    assert any(e.startswith(f"{f}:3:5: E203") and "pattern" in e for e in errs)


def test_bad_regex_bad_prefilter_and_duplicate_id(tmp_path):
    errs, f = errors_of(
        tmp_path,
        "pass: p\nrules:\n  - id: a\n    kind: regex\n    pattern: '(x'\n    replace: y\n"
        "  - id: a\n    kind: regex\n    pattern: 'x'\n    replace: y\n"
        "  - id: c\n    kind: regex\n    pattern: x\n    replace: y\n    prefilter: ['(x']\n",
    )
    assert errs[0].startswith(f"{f}:5:14: E301 rules[0].pattern: pattern does not compile")
    assert errs[1].startswith(f"{f}:7:9: E302 rules[1].id: duplicate rule id 'a'")
    assert errs[2].startswith(f"{f}:15:16: E301 rules[2].prefilter: prefilter does not compile")


def test_unknown_kind_and_bad_value(tmp_path):
    errs, f = errors_of(
        tmp_path,
        "pass: p\nrules:\n  - id: a\n    kind: regexp\n"
        "  - id: b\n    kind: regex\n    pattern: x\n    replace: y\n    priority: high\n",
    )
    assert errs[0].startswith(f"{f}:4:11: E204 rules[0].kind: unknown kind 'regexp'")
    assert errs[1].startswith(f"{f}:9:15: E201 rules[1].priority:")


def test_yaml_syntax_error(tmp_path):
    errs, f = errors_of(tmp_path, "pass: p\nrules: [\n  - id: a\n")
    assert errs[0].startswith(f"{f}:") and " E001 " in errs[0]


def test_rules_check_exits_2(tmp_path, capsys):
    f = tmp_path / "r.yaml"
    f.write_text("pass: p\nrules:\n  - id: a\n    kind: regex\n    pattern: '['\n    replace: y\n")
    assert main(["rules", "check", "--rules", str(f)]) == 2
    err = capsys.readouterr().err
    assert f"{f}:5:14: E301" in err and "Traceback" not in err
    assert main(["rules", "check"]) == 0


def test_every_error_code_used_is_a_stable_one() -> None:
    import re
    from pathlib import Path

    import normalize
    from normalize.errors import ERROR_CODES, RuleError

    used = set()
    for f in Path(normalize.__file__).parent.rglob("*.py"):
        # a code as a literal ("E202"), or inside a formatted message (": E401 example")
        found = re.findall(r'"(E\d{3})"|(?<!noqa): (E\d{3}) ', f.read_text(encoding="utf-8"))
        used |= {a or b for a, b in found}
    assert used - {"E999"} <= set(ERROR_CODES)
    assert {"E001", "E202", "E301", "E401"} <= used
    with pytest.raises(ValueError, match="E999"):
        RuleError("E999", "a code nobody may match on")


def test_rules_check_warns_of_a_pattern_that_can_backtrack_badly(tmp_path, capsys):
    from normalize.cli import main

    rules = tmp_path / "mine.yaml"
    rules.write_text(
        "pass: mine\nrules:\n  - id: words-at-end\n    kind: regex\n"
        "    pattern: '(\\w+\\s?)+$'\n    replace: 'x'\n"
        "  - id: safe\n    kind: regex\n    pattern: '(?:ab)+c'\n    replace: 'x'\n"
    )
    assert main(["rules", "check", "--rules", str(rules)]) == 0
    out, err = capsys.readouterr()
    assert f"{rules}:5:14: W301 rules[0].pattern: nested unbounded quantifiers" in err
    assert "1 warning(s)" in out and "rules[1]" not in err
