"""Tests for the conservative typo fixer (run: pytest --doctest-modules)."""

from __future__ import annotations

import glob
import os
import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.kinds.typo.fixer import DEFAULT_PARAMS, TypoFixer, load_codespell_misspellings

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = sorted(glob.glob(os.path.join(HERE, "..", "seeds", "*.txt")))
TYPOS_IN_SEEDS = {"Aremnian"}  # the capitalised seed token that is a real typo

needs_seeds = pytest.mark.skipif(not SEEDS, reason="seed documents not available")


@pytest.fixture(scope="module", params=["plain", "codespell"])
def fixer(request: pytest.FixtureRequest) -> TypoFixer:
    """A fixer without and with codespell's known-misspellings table."""
    if request.param == "codespell":
        pytest.importorskip("codespell_lib")
    table = load_codespell_misspellings() if request.param == "codespell" else None
    return TypoFixer(misspellings=table)


def _seed(prefix: str) -> str:
    (path,) = [p for p in SEEDS if os.path.basename(p).startswith(prefix)]
    return open(path, encoding="utf-8").read()


def _names(text: str) -> list[tuple[int, int, str]]:
    """Capitalised tokens that are not sentence-initial (names, mostly)."""
    out = []
    for m in re.finditer(r"[A-Za-z][A-Za-z'’]*", text):
        w = m.group()
        if not w[0].isupper() or w in TYPOS_IN_SEEDS:
            continue
        before = text[: m.start()].rstrip(" \t\"'“‘(*")
        if not before or before[-1] in ".!?:\n#":
            continue
        out.append((m.start(), m.end(), w))
    return out


@needs_seeds
def test_seed_000_slanderous(fixer: TypoFixer) -> None:
    text = _seed("000")
    fixes = [(text[f.start : f.end], f.replacement) for f in fixer.find(text)]
    assert ("slandorous", "slanderous") in fixes


@needs_seeds
def test_seed_004_armenian_twice(fixer: TypoFixer) -> None:
    text = _seed("004")
    fixes = [(text[f.start : f.end], f.replacement) for f in fixer.find(text)]
    assert fixes.count(("Aremnian", "Armenian")) == 2


@needs_seeds
def test_no_seed_name_changes(fixer: TypoFixer) -> None:
    checked = 0
    for path in SEEDS:
        text = open(path, encoding="utf-8").read()
        names = _names(text)
        checked += len(names)
        for s, e, rep, *_ in fixer.find(text):
            hit = [w for ns, ne, w in names if ns < e and s < ne]
            assert not hit, f"{os.path.basename(path)}: name {hit} -> {rep}"
    assert checked > 100


@needs_seeds
def test_seeds_only_expected_fixes(fixer: TypoFixer) -> None:
    got = set()
    for path in SEEDS:
        text = open(path, encoding="utf-8").read()
        got |= {(text[f.start : f.end], f.replacement) for f in fixer.find(text)}
    assert got == {("slandorous", "slanderous"), ("Aremnian", "Armenian")}


def test_find_contract() -> None:
    fx = TypoFixer(misspellings={"teh": "the"})
    text = "Teh report: net proffits rose, Teh said. https://x.org/proffits"
    fixes = fx.find(text)
    assert fixes == sorted(fixes)
    for (_s1, e1, *_), (s2, *_) in zip(fixes, fixes[1:], strict=False):
        assert e1 <= s2
    for f in fixes:
        assert f.reason in {"known-misspelling", "doc-vocabulary", "edit-distance", "context"}
        assert f.score is not None and 0.0 <= f.score <= 1.0 and f.start < f.end
    # The second "Teh" is inside a sentence, where a capitalised word may be a name: the
    # table fixes it there only when the document spells the fix ("the") itself.
    assert [text[s:e] for s, e, *_ in fixes] == ["Teh", "proffits"]


def test_case_preserved() -> None:
    assert TypoFixer(misspellings={"teh": "the"}).fix("Teh end") == "The end"


def test_params_and_pickle() -> None:
    import json

    json.dumps(DEFAULT_PARAMS)
    fx = TypoFixer(params={"margin": 2.0}, misspellings={"teh": "the"})
    assert fx.params["margin"] == 2.0 and fx.params["min_len"] == DEFAULT_PARAMS["min_len"]
    fx2 = pickle.loads(pickle.dumps(fx))
    assert fx2.fix("teh proffits") == fx.fix("teh proffits") == "the profits"


def test_codespell_loader_unambiguous() -> None:
    pytest.importorskip("codespell_lib")
    table = load_codespell_misspellings()
    if not table:
        pytest.skip("codespell not installed")
    assert table.get("teh") == "the"
    assert all("," not in v for v in table.values())


_WORD_PARTS = "etaoinshrdlucmfwypvbgkjqxz'\u00e9-"


@settings(max_examples=300)
@given(
    st.one_of(
        st.text(st.sampled_from(list(_WORD_PARTS)), min_size=1, max_size=12),
        st.sampled_from(["recieve", "teh", "proffits", "goverment", "a", "xq", "definately"]),
    )
)
def test_the_delete_index_finds_exactly_the_words_one_edit_away(word):
    # The index must give the candidates that generating every edit of the word gives.
    from normalize.kinds.typo.fixer import _DeleteIndex, _edits1, _lexicon

    lex = _lexicon("en")
    every_edit = {c for c in _edits1(word) if lex.get(c, 0.0) >= 2.0 and c != word}
    assert _DeleteIndex("en", 2.0).near(word) == every_edit


def test_candidates_of_two_differently_configured_fixers_do_not_mix():
    # The memo's key holds every parameter the answer depends on.
    from normalize.kinds.typo.fixer import _lexicon

    plain = TypoFixer(params={"likely_edit_bonus": 0.0})
    bonus = TypoFixer(params={"likely_edit_bonus": 5.0})
    lex = _lexicon("en")
    a = plain._lex_candidates("recieve", lex, 2.0)
    b = bonus._lex_candidates("recieve", lex, 2.0)
    assert a == TypoFixer(params={"likely_edit_bonus": 0.0})._lex_candidates("recieve", lex, 2.0)
    assert [s for s, _ in a] != [s for s, _ in b]


def test_words_that_many_documents_of_a_batch_use_are_no_typos() -> None:
    from normalize import Pipeline

    pipe = Pipeline(only=["typos"], lang="en")
    wire = "The fob price of durum wheat rose today in the market, traders said."
    docs = [wire] * 3 + ["Net proffits rose sharply in the quarter, the company said."]
    batch = pipe.prepare_batch(docs)
    assert {"fob", "durum"} <= batch["fix-typos"] and "the" not in batch["fix-typos"]
    assert pipe.clean(wire, batch=batch).text == wire
    assert "profits" in pipe.clean(docs[-1], batch=batch).text


def test_the_neighbours_choose_between_two_candidates_frequency_cannot_separate() -> None:
    fx = TypoFixer()
    text = "He said the talks rached a deal."
    assert [(f.replacement, f.reason) for f in fx.find(text)] == [("reached", "context")]
    off = TypoFixer(params={"context_margin": 0.0})
    assert off.find(text) == []  # frequency alone leaves "rached" ambiguous
