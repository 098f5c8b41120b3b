"""Every shipped rule's own examples, keeps and todos."""

import pytest

from normalize.loader import load_rules
from normalize.rulestest import rule_failures
from normalize.shipped import default_rules_dir

CASES = [
    pytest.param(p, r, id=f"{p.name}/{r.id}")
    for p in load_rules(default_rules_dir())
    for r in p.rules + p.disabled
]


@pytest.mark.parametrize("p,rule", CASES)
def test_rule_examples(p, rule):
    assert rule_failures(p, rule) == []


def test_every_rule_has_examples():
    missing = [f"{p.name}/{r.id}" for p, r in (c.values for c in CASES) if not r.spec.examples]
    assert missing == []


def test_thresholds_have_one_copy_that_the_shipped_rules_use():
    # The shipped YAML only overrides; tests that build an algorithm with DEFAULT_PARAMS
    # therefore test the configuration production loads.
    from normalize.kinds import BUILTIN_KINDS

    for p in load_rules(default_rules_dir()):
        for rule in p.rules:
            cls = BUILTIN_KINDS[rule.spec.kind]
            if cls.param_defaults is not None:
                assert rule.params == {**cls.param_defaults, **rule.spec.params}


def test_a_parameter_of_the_wrong_type_is_an_error(tmp_path):
    import pytest

    from normalize.errors import RuleErrors

    bad = tmp_path / "t.yaml"
    bad.write_text("pass: t\nrules:\n  - {id: t, kind: typo, params: {min_len: many}}\n")
    with pytest.raises(RuleErrors) as e:
        load_rules(bad)
    assert "E201" in str(e.value.errors[0]) and "min_len" in str(e.value.errors[0])


def test_the_rule_schema_lists_each_kinds_parameters():
    from normalize.loader import json_schema

    branches = json_schema()["properties"]["rules"]["items"]["oneOf"]
    typo = next(b for b in branches if b["properties"]["kind"] == {"const": "typo"})
    assert "min_len" in typo["properties"]["params"]["properties"]
