"""normalize.testing used on our own pipeline: no harm, repair recall, a broken rule caught."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize import Pipeline, Result
from normalize.testing import (
    assert_no_harm,
    assert_replayable,
    changes_per_10k,
    clean_texts,
    noisy_documents,
    repair_recall,
    rule_files,
)
from normalize.testing.invariants import _distance, _tokens

PIPE = Pipeline()


def test_no_harm_on_clean_texts():
    seen = {"tokens": 0, "changed": 0}
    records = []

    @settings(max_examples=300, deadline=None, database=None)
    @given(clean_texts())
    def collect(text):
        r = PIPE.clean(text)
        toks = _tokens(text)
        seen["tokens"] += len(toks)
        seen["changed"] += _distance(toks, _tokens(r.text))
        records.extend(r.changes)

    collect()
    rate = 1e4 * seen["changed"] / seen["tokens"]
    assert rate <= 3.0, (rate, [c.to_dict() for c in records[:10]])


# The recall each pass reaches on its own benchmark (merged-words seg recall .85, typos ctx
# recall .60); the mechanical repairs should be complete.
RECALL_BARS = {
    "merged": 0.85,
    "typo": 0.60,
    "boilerplate": 0.95,
    "digits": 0.95,
    "space": 0.95,
    "mojibake": 0.95,
    "escape": 0.95,
    "hyphen": 0.95,
}


@pytest.mark.parametrize("kind", sorted(RECALL_BARS))
def test_repairs_reach_each_pass_benchmark_recall(kind):
    if kind == "typo":
        pytest.importorskip("codespell_lib")  # the injected typos come from its list
    recalls = []

    @settings(max_examples=60, deadline=None, database=None)
    @given(noisy_documents(kinds=(kind,), max_damage=3))
    def collect(doc):
        noisy, expected, injected = doc
        if injected:
            recalls.append(repair_recall(PIPE, noisy, expected))

    collect()
    assert recalls, "no damage could be injected"
    mean = sum(recalls) / len(recalls)
    assert mean >= RECALL_BARS[kind], (kind, mean, len(recalls))


def test_broken_rule_is_caught_by_assert_no_harm(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "pass: typos\nrules:\n  - id: bad-typo\n    kind: regex\n"
        "    pattern: '\\bthe\\b'\n    replace: teh\n"
    )
    texts = ["The minister said the talks with the neighbours went well on Monday."] * 3
    with pytest.raises(AssertionError, match="changes per 10k tokens"):
        assert_no_harm(Pipeline(broken), texts)
    rate, _ = changes_per_10k(PIPE, texts)
    assert rate == 0


@settings(max_examples=30, deadline=None)
@given(rule_files())
def test_generated_rule_files_load_and_run(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("rules") / "r.yaml"
    path.write_text(text, encoding="utf-8")
    pipe = Pipeline(path)
    sample = "foo  colour HELLO \u00a0 x"
    assert_replayable(pipe.clean(sample), sample)


@settings(max_examples=5, deadline=None)
@given(st.from_type(Pipeline), st.from_type(Result))
def test_type_strategies_are_registered(pipe, result):
    sample = "a  b\u00a0c"
    assert_replayable(pipe.clean(sample), sample)
    assert result.changed == bool(result.changes)
