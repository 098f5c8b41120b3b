"""Properties of the whole default pipeline over arbitrary and noisy text."""

from hypothesis import given
from hypothesis import strategies as st

from normalize import Pipeline
from normalize.testing import assert_idempotent, assert_replayable
from normalize.testing.strategies import noisy_texts

PIPE = Pipeline()
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)


@given(ANY_TEXT)
def test_replay_and_offsets_on_any_text(text):
    assert_replayable(PIPE.clean(text), text)


@given(noisy_texts())
def test_replay_and_offsets_on_noisy_news(text):
    assert_replayable(PIPE.clean(text), text)


@given(ANY_TEXT)
def test_idempotent_on_any_text(text):
    assert_idempotent(PIPE, text)


@given(noisy_texts())
def test_idempotent_on_noisy_news(text):
    assert_idempotent(PIPE, text)


WORD_PASSES = {name: Pipeline(only=[name], lang="en") for name in ("merged-words", "typos")}


@given(noisy_texts())
def test_word_passes_alone_are_idempotent(text):
    # They run one iteration per round, so each must be stable on its own output.
    for pipe in WORD_PASSES.values():
        assert_idempotent(pipe, text)
