"""Tests for merged_words: seed cases, rule examples, protected words, properties."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from normalize.kinds.split_merged.splitter import DEFAULT_PARAMS, MergedWordSplitter

HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "..", "rules", "merged-words.yaml"), encoding="utf-8") as _f:
    EXAMPLES = yaml.safe_load(_f)["rules"][0]

REASONS = {
    "case-boundary",
    "digit-boundary",
    "doc-vocabulary",
    "bigram",
    "punct-boundary",
    "possessive",
}

# Seed doc 002 (news page with lost link spaces), reduced to the sentences that matter.
SEED_002 = (
    "Israel: a delicate time. As magazine writesIsraeli defense officials met.\n\n"
    "Israelhas been laboring hard to form ties. Azerbaijan is not hostile toIsrael.\n\n"
    "The source writes.UShigh-level official announced thatIrandid not prepare bombs. "
    "The official announced thatIsraelmay attackIranwithout warning theUSA. "
    "This means theUSAmay be free of the responsibility for the attack of Iran.\n\n"
    "Note that thenAzerbaijandismissed the Iranian claims. The drones will be used not "
    "againstIranbut againstArmenia. The build-up of tension betweenIsraelandIran, and "
    "Israel's ties toIsrael's neighbours."
)
SEED_002_EXPECTED = [
    "writes Israeli",
    "Israel has",
    "to Israel.",
    "writes. US high-level",
    "that Iran did",
    "that Israel may attack Iran without warning the USA.",
    "the USA may",
    "then Azerbaijan dismissed",
    "against Iran but against Armenia",
    "between Israel and Iran,",
    "to Israel's",
]


def test_a_link_glued_twice_in_the_seed_is_split_both_times(splitter) -> None:
    # Seed 002 glues "attacking" to the link "Iran" twice; "Iran" also stands alone there.
    text = (
        Path(__file__).resolve().parent.parent / "seeds" / "002_b105b622e4c02704.txt"
    ).read_text()
    out = splitter.apply(text)
    assert "attackingIran" not in out and out.count("attacking Iran") == 2


@pytest.fixture(scope="module")
def splitter() -> MergedWordSplitter:
    return MergedWordSplitter("en")


def test_seed_002(splitter: MergedWordSplitter) -> None:
    out = splitter.apply(SEED_002)
    for want in SEED_002_EXPECTED:
        assert want in out, want


def test_seed_004(splitter: MergedWordSplitter) -> None:
    out = splitter.apply("Ilham Aliyev in Azerbaijan, 2016Credit: Chaim Tzach/GPO")
    assert "2016 Credit:" in out


@pytest.mark.parametrize("ex", EXAMPLES["examples"], ids=lambda e: e["in"][:30])
def test_examples(splitter: MergedWordSplitter, ex: dict) -> None:
    lang = ex.get("lang", "en")
    assert (splitter if lang == "en" else MergedWordSplitter(lang)).apply(ex["in"]) == ex["out"]


@pytest.mark.parametrize("word", EXAMPLES["keep"])
def test_keep(splitter: MergedWordSplitter, word: str) -> None:
    text = f"He said {word} was mentioned in the report today."
    assert splitter.apply(text) == text
    assert splitter.apply(word) == word


def test_reasons_and_sorted(splitter: MergedWordSplitter) -> None:
    found = splitter.find(SEED_002)
    assert found == sorted(found)
    assert {e.reason for e in found} <= REASONS
    assert len({e.start for e in found}) == len(found)
    assert all(e.start == e.end and e.replacement == " " for e in found)


def test_unsupported_language_is_noop() -> None:
    assert MergedWordSplitter("xx").find("writesIsraeli") == []
    assert MergedWordSplitter("zh").find("writesIsraeli") == []


def test_other_language_cues_only() -> None:
    de = MergedWordSplitter("de")
    assert de.apply("Die Regierung inBerlin sagte") == "Die Regierung in Berlin sagte"
    # German writes compounds as one word: no cue-less splitting
    assert de.apply("die Bundesregierungskrise") == "die Bundesregierungskrise"


def test_params_and_pickle() -> None:
    with pytest.raises(ValueError):
        MergedWordSplitter("en", {"no_such_param": 1})
    s = MergedWordSplitter("en", {"never_split_zipf": 2.0})
    s2 = pickle.loads(pickle.dumps(s))
    assert s2.params == s.params
    assert s2.find("writesIsraeli said") == s.find("writesIsraeli said")
    assert set(s.params) == set(DEFAULT_PARAMS)


_ALPHABET = st.sampled_from(
    list(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:'\u2019-_@#/\n\t\u00e9"
    )
)
_WORDS = st.sampled_from(
    ["the", "Israel", "has", "writes", "USA", "iPhone", "2016", "Credit:", "and", "Iran"]
)


@given(st.lists(st.one_of(st.text(_ALPHABET, max_size=12), _WORDS), max_size=30))
def test_only_spaces_inserted(splitter: MergedWordSplitter, parts: list[str]) -> None:
    text = "".join(parts)
    found = splitter.find(text)
    offsets = [e.start for e in found]
    assert offsets == sorted(set(offsets))
    assert all(0 < o < len(text) for o in offsets)
    out = splitter.apply(text)
    assert out.replace(" ", "") == text.replace(" ", "")
    assert len(out) == len(text) + len(offsets)
    # removing exactly the inserted spaces gives the input back
    chars = list(out)
    for k, o in enumerate(offsets):
        assert chars[o + k] == " "
    assert (
        "".join(c for i, c in enumerate(chars) if i not in {o + k for k, o in enumerate(offsets)})
        == text
    )


PASS = None


def _pass():
    global PASS
    if PASS is None:
        from normalize import Pipeline

        PASS = Pipeline(only=["merged-words"], lang="en")
    return PASS


@given(st.lists(st.one_of(st.text(_ALPHABET, max_size=12), _WORDS), max_size=30))
def test_pass_only_inserts_spaces(parts: list[str]) -> None:
    text = "".join(parts)
    r = _pass().clean(text)
    assert r.text.replace(" ", "") == text.replace(" ", "")
    assert all(c.action == "insert" and c.after == " " for c in r.changes)


def test_seed_002_through_the_pipeline() -> None:
    from normalize import clean

    seed = os.path.join(HERE, "..", "seeds", "002_b105b622e4c02704.txt")
    out = clean(open(seed, encoding="utf-8").read()).text
    for want in [
        "writes Israeli",
        "Israel has",
        "to Israel.",
        "writes. US high-level",
        "that Iran did",
        "that Israel may attack Iran without warning the USA",
        "then Azerbaijan dismissed",
        "between Israel and Iran",
        "against Iran but against Armenia",
        "Bilski",
    ]:
        assert want in out, want


@pytest.mark.parametrize("word", EXAMPLES["keep"])
def test_protected_words_survive_the_pipeline(word: str) -> None:
    from normalize import clean

    text = f"Officials said {word} was mentioned in the report on the deal today."
    assert clean(text, only=["merged-words"], lang="en").text == text
