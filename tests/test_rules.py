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
