"""A user's property tests for their own rule file, with normalize's testing kit.

Run with ``pytest docs/examples``; normalize's own suite runs this file too.
"""

from pathlib import Path

import pytest
from hypothesis import given, settings

from normalize import Pipeline
from normalize.testing import (
    assert_idempotent,
    assert_no_harm,
    assert_repairs,
    assert_replayable,
    clean_texts,
    noisy_documents,
)

RULES = Path(__file__).with_name("team_rules.yaml")
TEAM = Pipeline(RULES)  # our pass alone
DEFAULT = Pipeline()  # the shipped pipeline we run before it


@settings(max_examples=50, deadline=None)
@given(clean_texts())
def test_team_rules_do_no_harm(text):
    assert_no_harm(TEAM, [text], max_changes_per_10k=0)


@settings(max_examples=50, deadline=None)
@given(noisy_documents(kinds=("digits", "space", "escape", "mojibake")))
def test_default_pipeline_repairs_and_replays(doc):
    noisy, expected, _injected = doc
    result = DEFAULT.clean(noisy)
    assert_replayable(result, noisy)
    assert_idempotent(DEFAULT, noisy)
    assert_repairs(DEFAULT, noisy, expected, min_recall=1.0)


def test_team_rule_fires_where_meant():
    assert TEAM.clean("normalise pro is 3kms away").text == "NormalizePro is 3 km away"


@pytest.mark.parametrize("text", ["The kms of road", "normalize the text"])
def test_team_rules_keep(text):
    assert TEAM.clean(text).text == text
