"""Word frequencies and a cheap document-language guess shared by the word passes.

The language guess counts hits of each language's most frequent words (from wordfreq). Those
stopword sets are built once per machine and cached as JSON in the user cache folder, because
reading fifteen wordfreq lists takes seconds while the cache loads in milliseconds.

>>> detect_language("The cat sat on the mat and it was in the house with the dog.")
'en'
>>> detect_language("12345") is None
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


#: Languages the guesser knows: wordfreq languages with large, reliable lists.
DETECT_LANGUAGES = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "pl",
    "ru",
    "ar",
    "fa",
    "tr",
    "sv",
    "cs",
    "fi",
    "da",
    "nb",
    "ro",
    "hu",
    "uk",
)
STOPWORDS_PER_LANGUAGE = 150
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def stopwords() -> dict[str, frozenset[str]]:
    """Most frequent words per language (disk-cached: fifteen wordfreq lists take seconds)."""

    def build() -> dict[str, list[str]]:
        import wordfreq

        return {
            lang: wordfreq.top_n_list(lang, STOPWORDS_PER_LANGUAGE) for lang in DETECT_LANGUAGES
        }

    key = (package_version("wordfreq"), STOPWORDS_PER_LANGUAGE, DETECT_LANGUAGES)
    data = cached_table("stopwords", key, build)
    return {k: frozenset(v) for k, v in data.items()}


@lru_cache(maxsize=8)
def zipf_table(lang: str) -> dict[str, float]:
    """wordfreq's ``best`` word list for ``lang`` as ``{word: zipf}``, shared by the word
    passes and disk-cached; ``{}`` for a language wordfreq does not have.

    >>> zipf_table("en")["the"] > 7
    True
    """

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


@lru_cache(maxsize=1)
def _word_languages() -> dict[str, tuple[str, ...]]:
    """Stopword -> languages it belongs to: one dict lookup per word when guessing."""
    out: dict[str, list[str]] = {}
    for lang, words in stopwords().items():
        for w in words:
            out.setdefault(w, []).append(lang)
    return {w: tuple(v) for w, v in out.items()}


def prepare_language_guess() -> None:
    """Load the stopword tables now rather than on the first guess."""
    _word_languages()


def detect_language(text: str, *, sample_chars: int = 1000, min_hits: int = 3) -> str | None:
    """Guess a document's language from stopword hits; None when the evidence is weak."""
    words = _WORD.findall(text[:sample_chars].lower())
    if len(words) < 3:
        return None
    table = _word_languages()
    hits: dict[str, int] = {}
    # Distinct stopwords, found by a set intersection (C speed), are evidence enough.
    distinct = set(words)
    for w in table.keys() & distinct:
        for lang in table[w]:
            hits[lang] = hits.get(lang, 0) + 1
    if not hits:
        return None
    ranked = sorted(hits.items(), key=lambda kv: -kv[1])
    (best, n), *rest = ranked[:2] + [("", 0)]
    if n < min_hits or n < 0.1 * len(distinct) and n < 8:
        return None
    if rest and rest[0][1] >= n:  # a tie says nothing
        return None
    return best


@lru_cache(maxsize=200_000)
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency (0 for unknown words), memoised per process."""
    import wordfreq

    return wordfreq.zipf_frequency(word, lang)
