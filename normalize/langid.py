"""Language identification with py3langid (its model ships inside its wheel).

``bench/langid.py`` measured py3langid against lingua on short lines (see ``bench/langid.md``):
restricted to :data:`LANGUAGES`, py3langid is right on 95% of 20-character fragments and 99.6%
of sentences, at about 50 µs a sentence; abstaining below a normalised confidence of
:data:`MIN_CONFIDENCE` keeps 99.7% accuracy on what it answers at 20 characters and abstains on
under 1% of sentences. The model loads on first use (about 0.5 s), so a run whose word passes
never ask pays nothing.

>>> identify("Die Regierung werde die Verhandlungen fortsetzen und Vorschläge prüfen.")
'de'
>>> identify("12345 --- !!!") is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: The languages it chooses among: those the passes have data for, plus close relatives
#: that must not be mistaken for them (a closed world: other text gets a low confidence).
LANGUAGES: tuple[str, ...] = (
    "en", "de", "fr", "es", "it", "pt", "ru", "pl", "tr", "ar", "hi", "zh", "ja", "uk", "fa",
    "hy", "nl", "sv", "da", "no", "fi", "cs", "ro", "hu", "ca",
)  # fmt: skip
#: py3langid's codes that the rest of the project (wordfreq) spells otherwise.
_CODES = {"no": "nb"}
#: Below this normalised confidence the answer is None (measured in bench/langid.md).
MIN_CONFIDENCE = 0.7
#: At most this many characters are read: accuracy is already 100% at about 80.
SAMPLE_CHARS = 300
#: Text with fewer letters than this gets no answer without asking the model.
MIN_LETTERS = 8

_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def prepare() -> None:
    """Load the model now (before worker processes fork), not on the first question."""
    _identifier()


def identify(text: str) -> str | None:
    """The language of ``text`` when the identifier is confident, else None."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample, 0, 200)) < MIN_LETTERS:
        return None
    lang, confidence = _identifier().classify(sample)
    return _CODES.get(lang, lang) if confidence >= MIN_CONFIDENCE else None


@lru_cache(maxsize=4096)
def identify_cached(text: str) -> str | None:
    """:func:`identify`, memoised for lines that recur (per process)."""
    return identify(text)
