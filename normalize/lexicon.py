"""Word frequencies and word runs shared by the word passes (the language of a text is
:mod:`normalize.langid`'s).

>>> zipf("the", "en") > 7
True
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from normalize.cache import cached_table, package_version

#: Alphanumeric runs: letters and digits between anything else (``_`` splits runs).
RUN_RE = re.compile(r"[^\W_]+")
#: The same runs on ASCII text, where the plain class is faster.
ASCIIRUN_RE = re.compile(r"[A-Za-z0-9]+")


def word_runs(text: str) -> list[str]:
    """The alphanumeric runs of ``text`` in order: the tokens the word passes look at.

    >>> word_runs("toIsrael, 2016Credit: café_au")
    ['toIsrael', '2016Credit', 'café', 'au']
    """
    return (ASCIIRUN_RE if text.isascii() else RUN_RE).findall(text)


@lru_cache(maxsize=8)
def zipf_table(lang: str, floor: float = 0.0) -> dict[str, float]:
    """wordfreq's ``best`` word list for ``lang`` as ``{word: zipf}``, shared by the word
    passes and disk-cached; ``{}`` for a language wordfreq does not have. With a ``floor``,
    only the words at least that frequent (a smaller table, faster to load, for a user that
    never looks below it).

    >>> zipf_table("en")["the"] > 7, "the" in zipf_table("en", 7.0)
    (True, True)
    """
    if floor > 0:

        def truncate() -> dict[str, float]:
            return {w: z for w, z in zipf_table(lang).items() if z >= floor}

        return cached_table("zipf", (package_version("wordfreq"), lang, floor), truncate)

    def build() -> dict[str, float]:
        import wordfreq

        if lang not in wordfreq.available_languages():
            return {}
        freqs = wordfreq.get_frequency_dict(lang, wordlist="best")
        return {w: math.log10(f) + 9.0 for w, f in freqs.items() if f > 0}

    return cached_table("zipf", (package_version("wordfreq"), lang), build)


@lru_cache(maxsize=1)
def segment_counts() -> tuple[dict[str, float], dict[str, float]] | None:
    """wordsegment's unigram and bigram counts (web-scale English), disk-cached; None when
    wordsegment is not installed."""
    try:
        import wordsegment  # noqa: F401
    except ImportError:
        return None

    def build() -> tuple[dict[str, float], dict[str, float]]:
        import wordsegment

        if not wordsegment.BIGRAMS:
            wordsegment.load()
        return dict(wordsegment.UNIGRAMS), dict(wordsegment.BIGRAMS)

    uni, bi = cached_table("wordsegment", (package_version("wordsegment"),), build)
    return uni, bi


@lru_cache(maxsize=200_000)
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency (0 for unknown words), memoised per process."""
    import wordfreq

    return wordfreq.zipf_frequency(word, lang)
