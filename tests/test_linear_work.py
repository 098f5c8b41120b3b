"""Work grows linearly with document length: counted, not timed.

A document ten times as long, with ten times as many distinct words and suspects, may cost
the word passes about ten times the comparisons, never a hundred (which is what comparing
every suspect with every document word costs)."""

from __future__ import annotations

import random

import pytest

from normalize.kinds.split_merged import splitter as split_merged
from normalize.kinds.typo import fixer as typo


def _document(n_words: int, seed: int = 7) -> str:
    """English words in sentences, each word twice, with one in fifty misspelt once."""
    import wordfreq

    rng = random.Random(seed)
    words = [w for w in wordfreq.top_n_list("en", 60_000) if w.isalpha() and len(w) >= 6]
    vocab = words[:n_words]
    tokens = vocab + vocab
    for w in vocab[::50]:
        i = rng.randrange(1, len(w) - 1)
        tokens.append(w[:i] + w[i + 1] + w[i] + w[i + 2 :])  # a transposition
    rng.shuffle(tokens)
    sentences = [" ".join(tokens[i : i + 12]) + "." for i in range(0, len(tokens), 12)]
    return " ".join(s.capitalize() for s in sentences)


def _count_comparisons(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    calls = 0
    real = typo._damerau1

    def counting(a: str, b: str) -> bool:
        nonlocal calls
        calls += 1
        return real(a, b)

    monkeypatch.setattr(typo, "_damerau1", counting)
    fixer = typo.TypoFixer()
    fixer.find(text, set(text.replace(".", " ").split()))
    return calls


def test_typo_comparisons_grow_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    small = _count_comparisons(monkeypatch, _document(800))
    large = _count_comparisons(monkeypatch, _document(8000))
    assert small > 0
    assert large <= 15 * small, (small, large)


def test_splitter_scans_the_text_once_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every occurrence of every run to split is placed by one scan of the text, not one
    # regular-expression search of the whole text per run.
    searches = 0
    real = split_merged.re.finditer

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal searches
        searches += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(split_merged.re, "finditer", counting)
    text = " ".join(f"the attackingIran{i % 7} writesIsraeli note{i}" for i in range(300))
    found = split_merged.MergedWordSplitter("en").find(text)
    assert found and searches == 0
