"""Named functions for the ``function`` kind and match transforms for the ``regex`` kind.

Each is small and verb-named, in the manner of ftfy's fixers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from normalize.lexicon import zipf

# Only ftfy's encoding repairs: no quote uncurling, width folding, HTML unescaping or
# normalisation, which would change correct text or belong to other rules.
_FTFY_OPTIONS: dict[str, Any] = dict(
    unescape_html=False,
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
_config = None


def ftfy_config() -> Any:
    """The ftfy configuration :func:`fix_mojibake` uses."""
    global _config
    if _config is None:
        import ftfy

        _config = ftfy.TextFixerConfig(**_FTFY_OPTIONS)
    return _config


#: What the enabled ftfy fixers other than the encoding repair react to: terminal escapes,
#: C1 controls and surrogates.
_FTFY_TRIGGERS = re.compile("[\x1b\x80-\x9f\ud800-\udfff]")


def ftfy_would_change(text: str) -> bool:
    """False only when ftfy's enabled fixers leave ``text`` exactly as it is.

    The encoding repair acts only on a segment (a line) in which ftfy's own ``is_bad``
    finds mojibake, and every one of its patterns needs a non-ASCII character, so only the
    lines that have one are searched. The other fixers need an escape character, a C1
    control or a surrogate. ``bench/mojibake.py`` checks
    this on every news document and web page against calling ftfy.

    >>> ftfy_would_change("Caf\\u00e9 \\u201cok\\u201d"), ftfy_would_change("caf\\u00c3\\u00a9")
    (False, True)
    """
    if text.isascii():
        return "\x1b" in text
    if _FTFY_TRIGGERS.search(text):
        return True
    # ftfy decides segment by segment (a line with its line break, which one pattern can
    # end on), and none of its mojibake patterns matches ASCII alone.
    lines = text.split("\n")
    last = len(lines) - 1
    limit = ftfy_config().max_decode_length
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        if len(line) >= limit:
            return True  # ftfy cuts such a line into segments of its own
        if _segment_is_bad(line if i == last else line + "\n"):
            return True
    return False


@lru_cache(maxsize=1 << 15)
def _segment_is_bad(segment: str) -> bool:
    # A memo per worker: a recheck round asks again about the lines a later pass left.
    from ftfy.badness import is_bad

    return is_bad(segment)


def fix_mojibake(text: str) -> str:
    """ftfy's mojibake repair, skipping ftfy for text it cannot change
    (:func:`ftfy_would_change`).

    >>> fix_mojibake("JERUSALEM \\u00e2\\u20ac\\u201c Israeli")
    'JERUSALEM – Israeli'
    """
    if not ftfy_would_change(text):
        return text
    import ftfy

    config = ftfy_config()
    lines = text.split("\n")
    if len(lines) < 3 or any(len(line) >= config.max_decode_length for line in lines):
        return ftfy.fix_text(text, config)
    # ftfy fixes each line on its own: only the lines it would change go through it
    last = len(lines) - 1
    out = []
    for i, line in enumerate(lines):
        segment = line if i == last else line + "\n"
        out.append(ftfy.fix_text(segment, config) if ftfy_would_change(segment) else segment)
    return "".join(out)


def nfc(text: str) -> str:
    """Unicode NFC normalisation (fast when the text is already normalised).

    >>> nfc("e\\u0301") == "\\u00e9"
    True
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def transliterate_ascii(text: str) -> str:
    """ASCII transliteration with unidecode (GPL; needs the ``normalize[ascii]`` extra)."""
    if text.isascii():
        return text
    try:
        from unidecode import unidecode
    except ImportError as e:  # pragma: no cover - depends on the extra
        raise RuntimeError("transliterate_ascii needs: pip install 'normalize[ascii]'") from e
    return unidecode(text)


_SEPARATORS = {"\u066b": ".", "\u066c": ",", "\u066a": "%"}


#: Scripts whose letters count as one for the digit context (first word of the name).
_SCRIPT_ALIASES = {
    "EXTENDED": "ARABIC",  # EXTENDED ARABIC-INDIC DIGIT (Persian, Urdu)
    "ARABIC-INDIC": "ARABIC",
    "FULLWIDTH": "CJK",
    "HIRAGANA": "CJK",
    "KATAKANA": "CJK",
    "HANGUL": "CJK",
    "IDEOGRAPHIC": "CJK",
    "HALFWIDTH": "CJK",
}


@lru_cache(maxsize=4096)
def char_script(c: str) -> str:
    """The script of a character, as the first word of its Unicode name (CJK forms and the
    Arabic-Indic digits folded together).

    >>> char_script("\u06f1"), char_script("\u0628"), char_script("a"), char_script("\u4e00")
    ('ARABIC', 'ARABIC', 'LATIN', 'CJK')
    """
    first = unicodedata.name(c, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_ALIASES.get(first, first)


def _in_own_script(text: str, start: int, end: int, script: str, window: int) -> bool | None:
    """Whether most letters within ``window`` characters of ``text[start:end]`` are of
    ``script``; None when there are no letters there."""
    letters = [c for c in text[max(0, start - window) : start] + text[end : end + window]
               if c.isalpha()]  # fmt: skip
    if not letters:
        return None
    return sum(char_script(c) == script for c in letters) * 2 > len(letters)


def ascii_digits(m: Any, params: dict[str, Any], ctx: Any) -> str | None:
    """Turn a number written in another script's decimal digits into ASCII, with Arabic
    separators and percent sign.

    With ``keep_in_own_script`` (the shipped setting) a number keeps its digits where the
    letters around it are mostly of the digits' own script: Persian digits in Persian prose,
    Devanagari digits in Hindi, fullwidth digits in Japanese. The letters within
    ``context_chars`` decide, or within ``wide_context_chars`` when there are none that
    close; a number with no letters near it at all is converted.
    """
    s = m.group()
    if s.isascii():
        return None
    digit = next((c for c in s if c.isdecimal()), None)
    if digit is None:
        return None  # digits newer than this Python's Unicode tables: left as they are
    if params.get("keep_in_own_script", True):
        script = char_script(digit)
        text, start, end = m.string, m.start(), m.end()
        own = _in_own_script(text, start, end, script, int(params.get("context_chars", 30)))
        if own is None:
            own = _in_own_script(
                text, start, end, script, int(params.get("wide_context_chars", 300))
            )
        if own:
            return None
    out = []
    for c in s:
        if c in _SEPARATORS:
            out.append(_SEPARATORS[c])
        elif c.isdecimal():
            out.append(str(unicodedata.decimal(c)))
        else:
            out.append(c)
    return "".join(out)


def join_hyphen_break(m: Any, params: dict[str, Any], ctx: Any) -> str | None:
    """Join ``word-`` at a line end with the word that continues after the break.

    Keeps the hyphen when both halves are words (``Armenian-populated``); drops it when only
    the joined form is a word (``inter-`` + ``national``); otherwise leaves the text alone.
    Expects groups ``left`` and ``right``.
    """
    lang = getattr(ctx, "lang", None) or params.get("lang", "en")
    left, right = m.group("left"), m.group("right")
    floor = float(params.get("min_zipf", 2.5))
    joined = zipf((left + right).lower(), lang)
    lz, rz = zipf(left.lower(), lang), zipf(right.lower(), lang)
    # The match starts at the hyphen; the left half is only looked at.
    if joined >= floor and joined >= min(lz, rz):
        return right
    if lz >= floor and rz >= floor:
        return f"-{right}"
    return None


#: The named ``str -> str`` steps of the ``function`` kind: a closed table.
FUNCTIONS: dict[str, Callable[..., str]] = {
    "fix_mojibake": fix_mojibake,
    "nfc": nfc,
    "transliterate_ascii": transliterate_ascii,
}

#: The named match transforms of the ``regex`` kind's ``transform`` key: a closed table.
TRANSFORMS: dict[str, Callable[..., str | None]] = {
    "ascii_digits": ascii_digits,
    "join_hyphen_break": join_hyphen_break,
}
