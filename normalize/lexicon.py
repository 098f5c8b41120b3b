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

import json
import os
import re
from functools import lru_cache
from pathlib import Path

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


def _cache_path() -> Path:
    import wordfreq

    base = os.environ.get("NORMALIZE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "normalize"
    )
    version = getattr(wordfreq, "__version__", "0")
    return Path(base) / f"stopwords-{version}-{STOPWORDS_PER_LANGUAGE}.json"


@lru_cache(maxsize=1)
def stopwords() -> dict[str, frozenset[str]]:
    """Most frequent words per language, cached on disk after the first build."""
    path = _cache_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if set(data) == set(DETECT_LANGUAGES):
            return {k: frozenset(v) for k, v in data.items()}
    except (OSError, ValueError):
        pass
    import wordfreq

    data = {lang: wordfreq.top_n_list(lang, STOPWORDS_PER_LANGUAGE) for lang in DETECT_LANGUAGES}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs speed
    return {k: frozenset(v) for k, v in data.items()}


@lru_cache(maxsize=1)
def _word_languages() -> dict[str, tuple[str, ...]]:
    """Stopword -> languages it belongs to: one dict lookup per word when guessing."""
    out: dict[str, list[str]] = {}
    for lang, words in stopwords().items():
        for w in words:
            out.setdefault(w, []).append(lang)
    return {w: tuple(v) for w, v in out.items()}


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
