"""Conservative, document-aware typo fixer.

Only tokens that the lexicon (wordfreq) does not know, or knows as very rare,
are ever touched.  A fix is proposed from, in order:

1. an optional known-misspellings table (pluggable loader, e.g. codespell's);
2. a word of the same document that occurs at least twice and is one
   Damerau edit away (``doc-vocabulary``);
3. a common lexicon word one Damerau edit away, when it clearly beats every
   other candidate (``edit-distance``), or when the neighbouring words choose it
   (``context``): for a short word, a bigram language model in both directions must
   prefer it to every other candidate by ``context_margin``, and both neighbours must
   attest it.

Names, abbreviations, all-caps tokens, code, URLs, e-mails and words with
non-ASCII letters are left alone.

>>> fx = TypoFixer(misspellings={"teh": "the"})
>>> [(e.start, e.end, e.replacement, e.reason) for e in fx.find("Teh cat sat.")]
[(0, 3, 'The', 'known-misspelling')]
"""

from __future__ import annotations

import math
import os
import re
import zlib
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from normalize.cache import cached_table, package_version
from normalize.lexicon import segment_counts, zipf_table
from normalize.spans import apply_edits
from normalize.types import Edit

__all__ = ["DEFAULT_PARAMS", "TypoFixer", "load_codespell_misspellings"]

DEFAULT_PARAMS: dict = {
    # token filters
    "min_len": 5,  # letters; shorter tokens only via the misspellings table
    "unknown_zipf": 2.5,  # token is 'unknown' when its wordfreq zipf is below this
    "max_doc_count": 4,  # a token seen more often in its document is left alone
    "max_doc_count_known": 3,  # same, for tokens fixed from the misspellings table
    # misspellings table
    "known_min_len": 3,
    "known_max_zipf": 3.5,  # never apply a table entry to a word more common than this
    # apply the table to Capitalised tokens at a sentence start, or where the document
    # spells the fix
    "known_capitalised": True,
    # document vocabulary
    "doc_min_count": 2,  # a document word must occur this often to be a candidate
    "doc_min_count_unknown": 3,  # ... this often when the lexicon does not know it (names)
    "doc_min_count_cap": 3,  # ... and this often to replace a capitalised word
    # a word of a real dictionary (English: lemminflect's lexicon, with inflections and
    # British spellings) is no typo, however rare
    "dictionary": True,
    # lexicon candidates
    "index_min_zipf": 2.0,  # lexicon words this common can be edit-distance candidates
    "likely_edit_bonus": 0.0,  # zipf bonus for transpositions and doubled-letter slips
    "keep_first_letter": True,  # abstain when the best candidate changes the first letter
    "cand_min_zipf": 3.0,  # a lowercase token's candidate must be at least this common
    "cap_cand_min_zipf": 5.0,  # a Capitalised token's lexicon candidate: very frequent only
    "cap_midsentence_lexicon": False,  # may a mid-sentence Capitalised token take one at all?
    "cap_initial_lexicon": False,  # ... and one at the start of a sentence?
    "sole_cand_min_zipf": 2.4,  # floor: token absent from lexicon, sole candidate
    "min_gain": 2.0,  # candidate zipf minus token zipf
    "margin": 1.0,  # best minus second-best candidate zipf, else abstain
    # short tokens (short_min_len <= letters < min_len): stricter lexicon-only rule
    "short_min_len": 3,
    "short_unknown_zipf": 3.5,
    "short_cand_min_zipf": 5.5,
    "short_min_gain": 3.5,
    "short_margin": 1.3,
    # ... or a fix the neighbouring words choose among the words this common one edit away
    # (0: off)
    "short_context_min_zipf": 5.0,
    # ... when the token is this rare beside the fix on the web (log10 of wordsegment's
    # unigram counts): a slip is a small share of its word's use, a word of its own is not
    "short_context_max_ratio": -2.5,
    # batch vocabulary: a word that at least this many documents of the batch use is no
    # typo (fob, durum, contras on wire copy); 0 turns the check off
    "batch_max_docs": 3,
    # ... unless the neighbouring words fit the fix this much better than the word itself
    # (log10 of wordsegment bigram counts; 0: a batch word is never fixed)
    "batch_context_margin": 2.0,
    # context: abstain from an edit-distance fix when the neighbouring words fit another
    # candidate this much better (log10 of wordsegment bigram counts; 0: off)
    "context_veto": 1.0,
    # ... and choose between two candidates too close in frequency (margin) when the
    # neighbours prefer one by this much (0: off)
    "context_margin": 2.0,
    # document guard: abstain on documents that are not (mostly) English
    "max_doc_unknown_ratio": 0.25,
    "min_doc_words_for_ratio": 8,
}

_CORE_RE = re.compile(
    r"^([\"'(\[{“‘«*_]*)([A-Za-z]+(?:-[A-Za-z]+)*)((?:['’]s)?[\"')\]}”’».,;:!?*_]*)$"
)
_PART_RE = re.compile(r"[A-Za-z]+")
#: The word just before a token (one space between), and just after it.
_WORD_BEFORE = re.compile(r"([A-Za-z]+) $")
_WORD_AFTER = re.compile(r" ([A-Za-z]+)")
_BAD_CHUNK_RE = re.compile(r"://|www\.|@|[_=<>{}\\|#$%^~`]|\.[A-Za-z]+\.|/")
_VOWEL_RE = re.compile(r"[aeiouy]")
_LOWER_WORD_RE = re.compile(r"(?<![A-Za-z])[a-z]+(?![A-Za-z])")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def load_codespell_misspellings() -> dict[str, str]:
    """Read codespell's main dictionary from the installed ``codespell_lib``.

    Only unambiguous entries (one correction, no explanatory note) are kept,
    as codespell itself only auto-fixes those.  Returns ``{}`` when codespell
    is not installed.  codespell is GPL-2.0: it is read at run time, never
    copied or bundled.
    """
    try:
        import codespell_lib
    except ImportError:
        return {}
    path = os.path.join(os.path.dirname(codespell_lib.__file__), "data", "dictionary.txt")
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if "->" not in line:
                continue
            wrong, right = line.split("->", 1)
            rights = [r.strip() for r in right.split(",") if r.strip()]
            if len(rights) == 1 and not right.rstrip().endswith(","):
                w, r = wrong.strip().lower(), rights[0]
                if w.isalpha() and r.replace("'", "").isalpha():
                    table[w] = r
    return table


def _inflection(a: str, b: str) -> bool:
    """True when one word is the other plus a final 's' or 'd' (an inflection, not a typo).

    >>> _inflection("peopled", "people"), _inflection("proffit", "profit")
    (True, False)
    """
    if len(a) < len(b):
        a, b = b, a
    return a == b + "s" or (a == b + "d" and b.endswith("e"))


def _match_case(src: str, new: str) -> str:
    """Give ``new`` the case pattern of ``src`` (lower or Title)."""
    if src[:1].isupper() and not new[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _edits1(word: str) -> set[str]:
    """Every string one Damerau edit from ``word`` over the letters a-z.

    >>> sorted(w for w in _edits1("ab") if len(w) < 2)
    ['a', 'b']
    >>> "ba" in _edits1("ab"), "abc" in _edits1("ab"), "xb" in _edits1("ab")
    (True, True, True)
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    out.update(a + c + b[1:] for a, b in splits if b for c in _LETTERS)
    out.update(a + c + b for a, b in splits for c in _LETTERS)
    return out


def _one_edit(word: str, other: str) -> bool:
    """True when ``other`` is in :func:`_edits1` of ``word`` and differs from it.

    >>> [_one_edit("form", w) for w in ("from", "fom", "forms", "farm", "f\u00f6rm", "form")]
    [True, True, True, True, False, False]
    """
    n, m = len(word), len(other)
    if m == n:
        diff = [i for i in range(n) if word[i] != other[i]]
        if len(diff) == 1:
            return other[diff[0]] in _LETTERS
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and word[diff[0]] == other[diff[1]]
            and word[diff[1]] == other[diff[0]]
        )
    if abs(m - n) != 1:
        return False
    short, long = (other, word) if m < n else (word, other)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    if long[i + 1 :] != short[i:]:
        return False
    return m < n or long[i] in _LETTERS  # a deletion, or an insertion of a-z


class _DeleteIndex:
    """The lexicon words of zipf >= ``min_zipf`` under themselves and each of their
    1-deletions (a symmetric-delete index): a word one Damerau edit from ``low`` shares a
    key with it, so the candidates come from ``len(low) + 1`` look-ups instead of every
    edit of ``low``. Keys are CRC-32 values in one sorted array (collisions only add
    candidates that :func:`_one_edit` then rejects); the arrays are built once per
    machine and disk-cached like the lexicon.

    >>> idx = _DeleteIndex("en", 2.0)
    >>> sorted(idx.near("recieve"))
    ['receive', 'recieved', 'relieve']
    """

    def __init__(self, lang: str, min_zipf: float) -> None:
        def build() -> tuple[str, bytes, bytes, bytes]:
            lex = _lexicon(lang)
            words = sorted(w for w, z in lex.items() if z >= min_zipf)
            pairs = sorted(
                (zlib.crc32(key.encode("utf-8")), i)
                for i, w in enumerate(words)
                for key in {w, *_deletes1(w)}
            )
            starts = array("I", [0])
            for w in words:
                starts.append(starts[-1] + len(w))
            return (
                "".join(words),
                starts.tobytes(),
                array("I", (k for k, _ in pairs)).tobytes(),
                array("I", (i for _, i in pairs)).tobytes(),
            )

        blob, starts, keys, ids = cached_table(
            "typo-deletes", (package_version("wordfreq"), lang, min_zipf, 2), build
        )
        # One string and three arrays: a few MB, where a dict of lists would take ~100.
        self.blob = blob
        self.starts, self.keys, self.ids = array("I"), array("I"), array("I")
        self.starts.frombytes(starts)
        self.keys.frombytes(keys)
        self.ids.frombytes(ids)

    def near(self, low: str) -> set[str]:
        """The indexed words one Damerau edit from ``low`` (over a-z, as :func:`_edits1`)."""
        keys, ids, starts, blob, n = self.keys, self.ids, self.starts, self.blob, len(self.keys)
        found: set[str] = set()
        for key in {low, *_deletes1(low)}:
            h = zlib.crc32(key.encode("utf-8"))
            i = bisect_left(keys, h)
            while i < n and keys[i] == h:
                word_id = ids[i]
                found.add(blob[starts[word_id] : starts[word_id + 1]])
                i += 1
        return {w for w in found if _one_edit(low, w)}


#: From this many distinct words on, a document's words are indexed by their 1-deletes
#: (built once, each look-up then independent of the document's size); below, scanning the
#: words of the right lengths is cheaper than building the index.
DELETE_INDEX_MIN_WORDS = 400


def _letter_parts_index(runs: set[str]) -> tuple[bool, dict[Any, list[str]]]:
    """The distinct lower-case ASCII letter runs inside ``runs`` (a superset of the parts
    :meth:`TypoFixer.find` counts: lower-casing whole runs may add letters): by length, or
    in a large document by themselves and their 1-deletes, so that the words one Damerau
    edit away are found through a word's own keys. The flag says which.

    >>> _letter_parts_index({"Net", "4TH", "net"}) == (False, {3: ["net"], 2: ["th"]})
    True
    """
    parts = set(_PART_RE.findall(" ".join(runs).lower()))
    out: dict[Any, list[str]] = {}
    if len(parts) < DELETE_INDEX_MIN_WORDS:
        for part in parts:
            out.setdefault(len(part), []).append(part)
        return False, out
    for part in parts:
        for key in {part, *_deletes1(part)}:
            out.setdefault(key, []).append(part)
    return True, out


def _occurrences_of(lowtext: str, wanted: set[str]) -> dict[str, list[int]]:
    """Start offsets of each ``wanted`` word in ``lowtext`` as a whole letter run (not next to
    another letter of any script), in order: one scan of the text for all of them.

    >>> _occurrences_of("teh cat, tehx teh caf\u00e9", {"teh", "caf"})
    {'teh': [0, 14]}
    """
    out: dict[str, list[int]] = {}
    for m in _PART_RE.finditer(lowtext):
        low = m.group()
        if low in wanted:
            i, j = m.span()
            if (i == 0 or not lowtext[i - 1].isalpha()) and not lowtext[j : j + 1].isalpha():
                out.setdefault(low, []).append(i)
    return out


def _plain_word(text: str, start: int, end: int) -> bool:
    """True when the whitespace chunk around text[start:end] is prose, not code/URL/e-mail."""
    a = start
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = end
    n = len(text)
    while b < n and not text[b].isspace():
        b += 1
    chunk = text[a:b]
    return not _BAD_CHUNK_RE.search(chunk) and _CORE_RE.match(chunk) is not None


def _is_initial(text: str, start: int) -> bool:
    """True when the word at ``start`` begins a sentence, line or list item."""
    i = start - 1
    while i >= 0 and text[i] in " \t\"'([“‘«*":
        i -= 1
    if i < 0 or text[i] in ".!?:;\n\r":
        return True
    return text[i] in "-#>" and (i == 0 or text[i - 1] in "\n\r")


_BRITISH = (
    ("isation", "ization"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("ises", "izes"),
    ("our", "or"),
    ("ours", "ors"),
    ("yse", "yze"),
    ("ysed", "yzed"),
)


_BRITISH_ENDS = tuple(br for br, _ in _BRITISH)


def _british_variant(low: str, lex: dict[str, float], known: float) -> bool:
    """True when ``low`` is the British spelling of a known American one.

    >>> _british_variant("economise", {"economize": 3.0}, 2.5)
    True
    """
    if not low.endswith(_BRITISH_ENDS):
        return False
    for br, us in _BRITISH:
        if low.endswith(br) and lex.get(low[: -len(br)] + us, 0.0) >= known:
            return True
    return False


def _damerau1(a: str, b: str) -> bool:
    """True when a and b are exactly one Damerau edit apart.

    >>> _damerau1("aremnian", "armenian"), _damerau1("proffit", "profit"), _damerau1("ab", "ab")
    (True, True, False)
    """
    la, lb = len(a), len(b)
    if a == b or abs(la - lb) > 1:
        return False
    i = 0
    m = min(la, lb)
    while i < m and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True  # substitution
        return a[i + 2 :] == b[i + 2 :] and a[i] == b[i + 1] and a[i + 1] == b[i]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


def _likely_edit(a: str, b: str) -> bool:
    """True for the commonest slips: a transposition, or a doubled letter added or dropped.

    >>> _likely_edit("acount", "account"), _likely_edit("hte", "the"), _likely_edit("anf", "and")
    (True, True, False)
    """
    if len(a) == len(b):
        return sorted(a) == sorted(b)
    long, short = (a, b) if len(a) > len(b) else (b, a)
    for i in range(len(long)):
        if long[:i] + long[i + 1 :] == short:
            return (i > 0 and long[i - 1] == long[i]) or (
                i + 1 < len(long) and long[i + 1] == long[i]
            )
    return False


@lru_cache(maxsize=100_000)
def _in_english_dictionary(low: str) -> bool:
    """Whether lemminflect's English lexicon (lemmas and their inflections, British and
    American spellings) knows ``low``.

    >>> _in_english_dictionary("plaice"), _in_english_dictionary("slandorous")
    (True, False)
    """
    import lemminflect

    return bool(lemminflect.getAllLemmas(low))


def _surface_of(text: str, low: str, cache: dict) -> str:
    """The most frequent spelling of ``low`` in ``text`` (e.g. a name's capitals); the
    spellings of every word are counted once per document, in ``cache``.

    >>> _surface_of("Vazgen met VAZGEN and Vazgen", "vazgen", {})
    'Vazgen'
    """
    forms = cache.get("forms")
    if forms is None:
        forms = cache["forms"] = {}
        # Spellings in order of first use, so that a tie goes to the first, as before.
        for w, n in Counter(_PART_RE.findall(text)).items():
            forms.setdefault(w.lower(), []).append((w, n))
    found = forms.get(low)
    return max(found, key=lambda wn: wn[1])[0] if found else low


def _deletes1(word: str) -> list[str]:
    """The strings one deletion away from ``word``.

    >>> _deletes1("abc")
    ['bc', 'ac', 'ab']
    """
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


_INDEXES: dict[tuple, tuple[dict[str, float], frozenset, frozenset]] = {}
#: Candidates per (language, index floor, edit bonus, word, floor): every parameter the
#: answer depends on is in the key, so differently configured rules never share one.
_CAND_CACHE: dict[tuple[Any, ...], list[tuple[float, str]]] = {}
_DELETE_INDEXES: dict[tuple[str, float], _DeleteIndex] = {}
_CASED_KNOWN: dict[tuple, frozenset[str]] = {}
_UNSEEN = object()
_LEXICONS: dict[str, dict[str, float]] = {}


def _lexicon(lang: str) -> dict[str, float]:
    """wordfreq's word list for ``lang`` as ``{word: zipf}`` (shared, disk-cached)."""
    return zipf_table(lang)


def batch_vocabulary(texts: Iterable[str], min_docs: int) -> frozenset[str]:
    """The lowercase words that at least ``min_docs`` of ``texts`` use (words a batch uses
    that widely are its vocabulary, not typos).

    >>> sorted(batch_vocabulary(["fob price", "Fob rose", "the price"], 2))
    ['fob', 'price']
    """
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(_PART_RE.findall(text.lower())))
    return frozenset(w for w, n in df.items() if n >= min_docs)


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The lower-cased words just before and after ``text[start:end]`` (one space between),
    or '' where a line, punctuation or another character intervenes.

    >>> _neighbours("rose anf the dividend", 5, 8)
    ('rose', 'the')
    """
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _WORD_AFTER.match(text, end)
    return (before.group(1).lower() if before else "", after.group(1).lower() if after else "")


def _context_log_prob(prev: str, word: str, nxt: str) -> float:
    """log10 of P(prev word nxt) up to a constant, from wordsegment's counts: the bigram
    model count(prev word) * count(word nxt) / count(word). A bigram missing from the table
    (which keeps only counts of 100,000 and more) counts as that floor, an upper bound, so
    that a rival without evidence is never ruled out by the cut-off.

    >>> _context_log_prob("opened", "and", "that") > _context_log_prob("opened", "any", "that")
    True
    """
    counts = segment_counts()
    if counts is None:
        return 0.0
    uni, bi = counts
    floor = _BIGRAM_FLOOR
    left = math.log10(max(bi.get(f"{prev} {word}", 0.0), floor)) if prev else 0.0
    right = math.log10(max(bi.get(f"{word} {nxt}", 0.0), floor)) if nxt else 0.0
    if prev and nxt:
        return left + right - math.log10(max(uni.get(word, 0.0), floor))
    return left + right


def _web_log_ratio(word: str, other: str) -> float:
    """log10 of how often ``word`` is written on the web against ``other`` (wordsegment's
    unigram counts; a word missing from the table counts as 1).

    >>> round(_web_log_ratio("anf", "and"), 1), _web_log_ratio("fad", "far") > -2.5
    (-4.6, True)
    """
    counts = segment_counts()
    if counts is None:
        return 0.0
    uni = counts[0]
    return math.log10(max(uni.get(word, 0.0), 1.0)) - math.log10(max(uni.get(other, 0.0), 1.0))


def _used_as_own_word(text: str, low: str, start: int) -> bool:
    """True when the document writes ``low`` elsewhere in capitals, or with an inflection
    ('BTU' beside 'btu', 'intis' beside 'inti'): a term of its own, not a slip.

    >>> _used_as_own_word("one inti or two intis", "inti", 4)
    True
    >>> _used_as_own_word("rose anf the dividend", "anf", 5)
    False
    """
    pattern = rf"(?i)(?<![A-Za-z]){re.escape(low)}(s|es|ed)?(?![A-Za-z])"
    return any(
        m.start() != start and (m.group(1) or not m.group().islower())
        for m in re.finditer(pattern, text)
    )


def _attested_between(prev: str, word: str, nxt: str) -> bool:
    """True when wordsegment's bigram table has both ``prev word`` and ``word nxt``.

    >>> _attested_between("in", "the", "midst"), _attested_between("billion", "take", "in")
    (True, False)
    """
    counts = segment_counts()
    if counts is None:
        return False
    bi = counts[1]
    return f"{prev} {word}" in bi and f"{word} {nxt}" in bi


#: wordsegment's bigram table stops at this count.
_BIGRAM_FLOOR = 100_000.0


class TypoFixer:
    """Find conservative typo fixes in one document at a time.

    The object is cheap to create and picklable; the lexicon is loaded lazily
    on first use and shared by all instances of the process.

    >>> TypoFixer().find("The company said its proffits rose.")[0].replacement
    'profits'
    """

    def __init__(
        self,
        lang: str = "en",
        params: dict | None = None,
        misspellings: dict[str, str] | None = None,
    ) -> None:
        self.lang = lang
        self.params = {**DEFAULT_PARAMS, **(params or {})}
        self.misspellings = {k.lower(): v for k, v in (misspellings or {}).items()}
        self._mis_keys = frozenset(self.misspellings)
        self._lexicon_memo: dict[tuple[str, bool], tuple[str, float] | None] = {}

    # ------------------------------------------------------------------ helpers
    def _index(self) -> tuple[dict[str, float], frozenset, frozenset]:
        """(lexicon, words too common to suspect, short words still suspect), once per process."""
        p = self.params
        key = (
            self.lang,
            *(p[k] for k in ("unknown_zipf", "short_unknown_zipf", "short_min_len", "min_len")),
        )
        idx = _INDEXES.get(key)
        if idx is None:
            lex = _lexicon(self.lang)
            known = frozenset(w for w, z in lex.items() if z >= p["unknown_zipf"])
            midshort = frozenset(
                w
                for w in known
                if p["short_min_len"] <= len(w) < p["min_len"] and lex[w] < p["short_unknown_zipf"]
            )
            idx = _INDEXES[key] = (lex, known, midshort)
        return idx

    def _delete_index(self) -> _DeleteIndex:
        """The symmetric-delete index of this fixer's lexicon, one per process."""
        key = (self.lang, self.params["index_min_zipf"])
        idx = _DELETE_INDEXES.get(key)
        if idx is None:
            idx = _DELETE_INDEXES[key] = _DeleteIndex(*key)
        return idx

    def _lex_candidates(
        self, low: str, lex: dict[str, float], floor: float, limit: int = 2
    ) -> list[tuple[float, str]]:
        """The ``limit`` most frequent lexicon words (zipf >= floor) one Damerau edit from
        ``low``, most frequent first.

        The words one edit away (a deletion, an adjacent transposition, a substitution or
        an insertion of a-z) come from the symmetric-delete index; the answer is memoised
        per process.

        >>> TypoFixer()._lex_candidates("recieve", _lexicon("en"), 3.0)[0][1]
        'receive'
        """
        bonus = self.params["likely_edit_bonus"]
        key = (self.lang, self.params["index_min_zipf"], bonus, low, floor, limit)
        got = _CAND_CACHE.get(key)
        if got is None:
            near = {c for c in self._delete_index().near(low) if lex.get(c, 0.0) >= floor}
            got = sorted(
                (
                    (lex[c] + (bonus * _likely_edit(low, c) if bonus else 0.0), c)
                    for c in near
                    if not _inflection(low, c)
                ),
                reverse=True,
            )[:limit]
            if len(_CAND_CACHE) > 200_000:
                _CAND_CACHE.clear()
            _CAND_CACHE[key] = got
        return got

    def _mostly_foreign(self, text: str, known: frozenset) -> bool:
        """True when too many lowercase words are unknown: not English prose, abstain."""
        p = self.params
        lc = Counter(_LOWER_WORD_RE.findall(text))
        total = sum(lc.values())
        if total < p["min_doc_words_for_ratio"]:
            return False
        unk = sum(c for w, c in lc.items() if w not in known)
        return unk / total > p["max_doc_unknown_ratio"]

    def _cased_known(self) -> frozenset[str]:
        """Known words that are never suspects, in lower, Title and UPPER case: a document's
        runs minus this set leaves the few worth a look (once per process)."""
        p = self.params
        key = (
            self.lang,
            bool(self._mis_keys),
            *(p[k] for k in ("unknown_zipf", "short_unknown_zipf", "short_min_len", "min_len")),
        )
        got = _CASED_KNOWN.get(key)
        if got is None:

            def build() -> frozenset[str]:
                _, known, midshort = self._index()
                plain = known.difference(midshort, self._mis_keys)
                return frozenset(v for w in plain for v in (w, w.capitalize(), w.upper()))

            versions = (package_version("wordfreq"), package_version("codespell"))
            got = _CASED_KNOWN[key] = cached_table("typo-cased-known", (*key, *versions), build)
        return got

    def _may_have_suspect(self, runs: set[str]) -> bool:
        """Cheap necessary condition of :meth:`find` finding anything, from the word runs.

        It applies the per-word filters of :meth:`find` that need no document counts, and
        then asks, for each suspect, whether any step of :meth:`_decide` could fix it in
        any position: the lexicon step is memoised per token, and the document step needs
        a document word one edit away.
        """
        p = self.params
        _, known, midshort = self._index()
        mis = self._mis_keys
        doc_words: list[tuple[bool, dict[Any, list[str]]]] = []  # the words, on first need
        for run in runs.difference(self._cased_known()):
            if run.isdigit():
                continue
            if not run.isascii():
                return True  # non-ASCII case mapping: let find() decide exactly
            parts = (run,) if run.isalpha() else _PART_RE.findall(run)
            for tok in parts:
                low = tok.lower()
                if low in mis:
                    if len(low) >= p["known_min_len"]:
                        return True
                    continue
                if low in known and low not in midshort:
                    continue
                if len(low) < p["short_min_len"] or (
                    len(low) < p["min_len"] and not _VOWEL_RE.search(low)
                ):
                    continue
                if not self._surely_unfixable(tok, low, runs, doc_words):
                    return True
        return False

    def _surely_unfixable(
        self,
        tok: str,
        low: str,
        runs: set[str],
        doc_words: list[tuple[bool, dict[Any, list[str]]]],
    ) -> bool:
        """True when :meth:`_decide` returns None for ``tok`` wherever it stands in the
        document whose word runs are ``runs`` (``doc_words`` caches their lower-case
        letter parts, built on first need)."""
        p = self.params
        if not (tok.islower() or (tok[0].isupper() and tok[1:].islower())):
            return True
        lex = _lexicon(self.lang)
        z = lex.get(low, 0.0)
        cap = tok[0].isupper()
        short = len(low) < p["min_len"]
        if z >= (p["short_unknown_zipf"] if short else p["unknown_zipf"]):
            return True
        if _british_variant(low, lex, 1.0):
            return True
        for initial in (True, False):
            if short and cap and not initial:
                continue  # _decide gives up before the lexicon step
            if self._lexicon_step(tok, low, z, cap, initial, short) is not None:
                return False
        if short:
            # short words have no document step; the neighbours may still choose a fix
            return not (
                tok.islower() and p["short_context_min_zipf"] and self._short_candidates(low)
            )
        if not doc_words:
            doc_words.append(_letter_parts_index(runs))
        by_delete, index = doc_words[0]
        first, last, k = low[0], low[-1], len(low)
        keys = {low, *_deletes1(low)} if by_delete else (k - 1, k, k + 1)
        for key in keys:
            for c in index.get(key, ()):
                # the document step needs a word of the document one edit away that shares
                # the first or the last letter
                if (c[0] == first or c[-1] == last) and c != low and _damerau1(low, c):
                    return False
        return True

    def could_be_suspects(self, words: Iterable[str]) -> frozenset[str]:
        """The ``words`` that :meth:`find` could take for typos (not known words, nor entries
        of the misspellings table), so that a batch's vocabulary keeps only what it needs.

        >>> sorted(TypoFixer().could_be_suspects(["the", "fob"]))
        ['fob']
        """
        _lex, known, midshort = self._index()
        mis = self._mis_keys  # a misspelling of the table stays one, however widely used
        return frozenset(w for w in words if (w not in known or w in midshort) and w not in mis)

    def find(
        self, text: str, runs: set[str] | None = None, batch_words: frozenset[str] | None = None
    ) -> list[Edit]:
        """Return the fixes as sorted, non-overlapping edits (:class:`~normalize.types.Edit`).

        Their ``reason`` is one of 'known-misspelling', 'doc-vocabulary', 'edit-distance',
        'context' (two candidates that the neighbouring words told apart).
        ``runs``, the set of the text's word runs when the caller has it, lets documents
        without a suspect word return at once.

        >>> TypoFixer().find("Visit https://exmaple.com or mail bob@exmaple.com")
        []
        """
        if runs is not None and not self._may_have_suspect(runs):
            return []
        p = self.params
        lex, known, midshort = self._index()
        lowtext = text.lower()
        if len(lowtext) != len(text):  # rare Unicode case changes length: keep offsets exact
            lowtext = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        counts = Counter(_PART_RE.findall(lowtext))
        types = counts.keys()
        suspects = set(types)
        suspects.difference_update(known)  # iterates the document's words only
        suspects.update(midshort.intersection(types))
        if self._mis_keys:
            suspects.update(self._mis_keys.intersection(types))
        widely_used = suspects.intersection(batch_words) if batch_words else set()
        if widely_used and not p["batch_context_margin"]:
            suspects.difference_update(widely_used)  # the batch's own vocabulary
            widely_used = set()
        min_len, short_min = p["min_len"], p["short_min_len"]
        todo = []
        for low in suspects:
            n = counts[low]
            if low in self._mis_keys:
                if len(low) >= p["known_min_len"] and n <= p["max_doc_count_known"]:
                    todo.append(low)
            elif n <= p["max_doc_count"] and len(low) >= short_min:
                if len(low) >= min_len or _VOWEL_RE.search(low):
                    todo.append(low)
        if not todo:
            return []
        fixes: list[tuple[int, int, str, str, float]] = []
        checked_doc = False
        doc_cache: dict = {}
        where = _occurrences_of(lowtext, set(todo))
        for low in todo:
            for start in where.get(low, ()):
                end = start + len(low)
                tok = text[start:end]
                fix = self._decide(text, start, end, tok, low, counts, lex, doc_cache)
                if fix is None:
                    continue
                if low in widely_used and not self._context_overrules_batch(text, fix, low):
                    continue
                if not checked_doc:
                    if self._mostly_foreign(text, known):
                        return []
                    checked_doc = True
                fixes.append(fix)
        fixes.sort()
        return [Edit(s, e, rep, reason=why, score=round(sc, 3)) for s, e, rep, why, sc in fixes]

    def _decide(
        self,
        text: str,
        start: int,
        end: int,
        tok: str,
        low: str,
        counts: Counter,
        lex: dict[str, float],
        doc_cache: dict,
    ) -> tuple[int, int, str, str, float] | None:
        """The fix for one occurrence of a suspect word, or None."""
        p = self.params
        if not (tok.islower() or (tok[0].isupper() and tok[1:].islower())):
            return None  # ALL-CAPS, camelCase, mixed case: acronyms, code or names
        if not _plain_word(text, start, end):
            return None  # inside a URL, e-mail, path, code or a token with digits
        z = lex.get(low, 0.0)
        cap = tok[0].isupper()
        # 1. known misspellings; a capitalised word inside a sentence may be a name
        # (Johnson-Freese), so there the document must spell the fix itself (Aremnian)
        if low in self._mis_keys:
            right = self.misspellings[low]
            rep = _match_case(tok, right)
            # ... or where the table's own fix is capitalised (a month, a language: Febuary)
            ok_cap = p["known_capitalised"] and (
                _is_initial(text, start) or counts[rep.lower()] > 0 or right[:1].isupper()
            )
            if z < p["known_max_zipf"] and (not cap or ok_cap):
                return (start, end, rep, "known-misspelling", 1.0)
            return None
        short = len(low) < p["min_len"]
        initial = _is_initial(text, start)
        if short:
            if z >= p["short_unknown_zipf"] or (cap and not initial):
                return None
        elif z >= p["unknown_zipf"]:
            return None
        if _british_variant(low, lex, 1.0):
            return None  # 'economise', 'organisation': a valid British spelling
        if p["dictionary"] and self.lang == "en" and _in_english_dictionary(low):
            return None  # 'plaice', 'retried', 'deign': rare, but words
        # 2. document vocabulary
        if not short:
            vocab = doc_cache.get("vocab")
            if vocab is None:  # words seen often enough, indexed once per document
                often = [(c, n) for c, n in counts.items() if n >= p["doc_min_count"]]
                by_delete = len(often) >= DELETE_INDEX_MIN_WORDS
                index: dict[Any, list[tuple[str, int]]] = {}
                for c, n in often:
                    for key in {c, *_deletes1(c)} if by_delete else (len(c),):
                        index.setdefault(key, []).append((c, n))
                vocab = doc_cache["vocab"] = (by_delete, index)
            by_delete, index = vocab
            # Every word one Damerau edit away shares a key with ``low``: itself or a
            # delete; or, in the small index, a length within one.
            k = len(low)
            keys = {low, *_deletes1(low)} if by_delete else (k - 1, k, k + 1)
            near = {cn for key in keys for cn in index.get(key, ())}
            seen = counts[low]
            doc = [
                (n, c)
                for c, n in near
                # The document must prefer the other spelling: a word it writes as often is
                # its own (Freese three times beside freeze twice).
                if n > seen
                and (c[0] == low[0] or c[-1] == low[-1])
                and _damerau1(low, c)
                and not _inflection(low, c)
                and (lex.get(c, 0.0) >= p["unknown_zipf"] or n >= p["doc_min_count_unknown"])
            ]
            if doc:
                doc.sort(reverse=True)
                if len(doc) > 1 and doc[0][0] == doc[1][0]:
                    return None  # two document words fit equally well: abstain
                best = doc[0][1]
                if cap and (
                    not _surface_of(text, best, doc_cache)[0].isupper()
                    or doc[0][0] < p["doc_min_count_cap"]
                ):
                    # A capitalised word changes only into a name the document writes, and
                    # writes several times (Asmin beside Amin is another name).
                    return None
                if lex.get(best, 0.0) >= p["cand_min_zipf"]:
                    rep = _match_case(tok, best)  # a common word: keep the token's case
                else:
                    rep = _surface_of(text, best, doc_cache)  # a name: as the document writes it
                return (start, end, rep, "doc-vocabulary", 0.9)
        # 3. common lexicon word, unless its neighbours clearly fit another candidate; two
        # candidates that frequency alone cannot separate, the neighbours may
        got = self._lexicon_step(tok, low, z, cap, initial, short)
        if got is None:
            chosen = self._context_choice(text, start, end, tok, low, z, cap, short)
            return None if chosen is None else (start, end, chosen, "context", 0.6)
        if not self._context_agrees(text, start, end, low, got[0].lower()):
            return None
        return (start, end, got[0], "edit-distance", got[1])

    def _neighbour_support(self, text: str, start: int, end: int) -> Any:
        """A function scoring a candidate by how well it fits the words beside the token
        (log10 of wordsegment's bigram counts, both sides), or None without context."""
        counts = segment_counts() if self.lang == "en" else None
        if counts is None:
            return None
        prev, nxt = _neighbours(text, start, end)
        if not prev and not nxt:
            return None
        bigrams = counts[1]

        def support(word: str) -> float:
            left = bigrams.get(f"{prev} {word}", 0.0) if prev else 0.0
            right = bigrams.get(f"{word} {nxt}", 0.0) if nxt else 0.0
            return math.log10(1.0 + left) + math.log10(1.0 + right)

        return support

    def _context_choice(
        self, text: str, start: int, end: int, tok: str, low: str, z: float, cap: bool, short: bool
    ) -> str | None:
        """The lexicon candidate the neighbours prefer by ``context_margin`` when frequency
        alone left two candidates too close to choose (``margin``), or None."""
        p = self.params
        need = p["context_margin"]
        if not need or cap:
            return None
        support = self._neighbour_support(text, start, end)
        if support is None:
            return None
        if short:
            return self._short_context_choice(text, start, end, tok, low, support)
        cands = self._lex_candidates(low, _lexicon(self.lang), p["index_min_zipf"])
        if len(cands) < 2:
            return None
        ok = [
            c
            for zc, c in cands
            if zc >= p["cand_min_zipf"]
            and zc - z >= p["min_gain"]
            and (not p["keep_first_letter"] or c[0] == low[0])
        ]
        if len(ok) < 2:
            return None
        ranked = sorted(ok, key=support, reverse=True)
        if support(ranked[0]) - support(ranked[1]) < need:
            return None
        best = ranked[0]
        if p["dictionary"] and self.lang == "en" and not _in_english_dictionary(best):
            return None
        return _match_case(tok, best)

    def _short_candidates(self, low: str) -> list[str]:
        """The words a short token's neighbours may choose among: at least
        ``short_context_min_zipf`` common, one edit away, with its first letter.

        >>> TypoFixer()._short_candidates("anf")
        ['and', 'an', 'any']
        """
        p = self.params
        return [
            c
            for _, c in self._lex_candidates(
                low, _lexicon(self.lang), p["short_context_min_zipf"], limit=12
            )
            if len(c) > 1 and (not p["keep_first_letter"] or c[0] == low[0])
        ]

    def _short_context_choice(
        self, text: str, start: int, end: int, tok: str, low: str, support: Any
    ) -> str | None:
        """A short token's fix chosen by its neighbours among the common words one edit
        away (``short_context_min_zipf``), by a bigram language model in both directions
        (:func:`_context_log_prob`): the best must beat every other candidate by
        ``context_margin``, and fit the context that much better than the token itself
        ('opened anf that' -> 'and'; 'in ther company' stays: 'the' and 'their' both fit).
        """
        p = self.params
        floor = p["short_context_min_zipf"]
        if not floor:
            return None
        cands = self._short_candidates(low)
        if not cands:
            return None
        if "-" in text[max(0, start - 1) : end + 1]:
            return None  # part of a hyphenated phrase ('vis-a-vis')
        if _used_as_own_word(text, low, start):
            return None  # 'BTU' or 'intis' elsewhere in the document
        prev, nxt = _neighbours(text, start, end)
        if not (prev and nxt):
            return None  # one side says too little about a short word
        scored = sorted(((_context_log_prob(prev, c, nxt), c) for c in cands), reverse=True)
        (best_lp, best), second_lp = scored[0], scored[1][0] if len(scored) > 1 else None
        if not _attested_between(prev, best, nxt):
            return None
        if second_lp is not None and best_lp - second_lp < p["context_margin"]:
            return None
        if support(best) - support(low) < p["context_margin"]:
            return None
        if _web_log_ratio(low, best) > p["short_context_max_ratio"]:
            return None  # too common on the web to be a slip of 'best' ('fad', 'rata')
        # No dictionary check here: lemminflect has no function words ('and', 'they'), and
        # the floor leaves only common words.
        return _match_case(tok, best)

    def _context_overrules_batch(
        self, text: str, fix: tuple[int, int, str, str, float], low: str
    ) -> bool:
        """True when the neighbours fit the fix far better than the token itself
        (``batch_context_margin``): a word that many documents of the batch use is their
        vocabulary, unless its context says it is a slip ('hte company'). The other steps
        still judge the fix first ('fob price' is vetoed there, not here).

        >>> fx = TypoFixer()
        >>> fix = (3, 6, "the", "edit-distance", 1.0)
        >>> fx._context_overrules_batch("in hte company", fix, "hte")
        True
        """
        start, end, rep = fix[0], fix[1], fix[2]
        support = self._neighbour_support(text, start, end)
        if support is None:
            return False
        return support(rep.lower()) - support(low) >= self.params["batch_context_margin"]

    def _context_agrees(self, text: str, start: int, end: int, low: str, best: str) -> bool:
        """False when the words beside the token fit another candidate far better than
        ``best`` (English: wordsegment's web-scale bigram counts): ``veto`` in log10 units.

        >>> fx = TypoFixer()
        >>> t = "the fob price"
        >>> fx._context_agrees(t, 4, 7, "fob", "for")
        True
        """
        veto = self.params["context_veto"]
        support = self._neighbour_support(text, start, end) if veto else None
        if support is None:
            return True
        p = self.params
        rivals = [c for _, c in self._lex_candidates(low, _lexicon(self.lang), p["index_min_zipf"])]
        mine = support(best)
        return all(support(c) - mine < veto for c in rivals if c != best)

    def _lexicon_step(
        self, tok: str, low: str, z: float, cap: bool, initial: bool, short: bool
    ) -> tuple[str, float] | None:
        """:meth:`_lexicon_fix`, memoised per process: it depends on the token alone."""
        key = (tok, initial)
        got = self._lexicon_memo.get(key, _UNSEEN)
        if got is _UNSEEN:
            if len(self._lexicon_memo) > 200_000:
                self._lexicon_memo.clear()
            got = self._lexicon_memo[key] = self._lexicon_fix(tok, low, z, cap, initial, short)
        return got  # type: ignore[return-value]

    def _lexicon_fix(
        self, tok: str, low: str, z: float, cap: bool, initial: bool, short: bool
    ) -> tuple[str, float] | None:
        """Step 3 of :meth:`_decide`: the replacement and score from the lexicon, or None."""
        p = self.params
        # A capitalised word inside a sentence is most likely a name (Shaer, Abele): without
        # document evidence it is not "corrected" to a common word.
        if cap and not initial and not p["cap_midsentence_lexicon"]:
            return None
        # At a sentence start too a capitalised unknown word is as often a name ("Foz on the
        # Brazilian side"): only the known-misspellings table and the document decide there.
        if cap and initial and not p["cap_initial_lexicon"]:
            return None
        if short:
            floor, gain, margin = p["short_cand_min_zipf"], p["short_min_gain"], p["short_margin"]
        else:
            floor = p["cap_cand_min_zipf"] if cap else p["cand_min_zipf"]
            gain, margin = p["min_gain"], p["margin"]
        lex = _lexicon(self.lang)
        if cap and not short:  # only very frequent words, and rivals within the margin, matter
            scored = self._lex_candidates(low, lex, max(p["index_min_zipf"], floor - margin))
        else:
            scored = self._lex_candidates(low, lex, p["index_min_zipf"])
        if not scored:
            return None
        bz, best = scored[0]
        if p["keep_first_letter"] and best[0] != low[0]:
            return None  # people rarely mistype a word's first letter: too risky
        if len(scored) == 1 and z == 0.0 and not short and not cap:
            floor = min(floor, p["sole_cand_min_zipf"])  # nothing else it could be
        if cap and not initial and (low.startswith(best) or best.startswith(low)):
            return None  # 'Centrale' inside a sentence: a name, not 'Central' misspelt
        second = scored[1][0] if len(scored) > 1 else 0.0
        if bz < floor or bz - z < gain or bz - second < margin:
            return None
        if p["dictionary"] and self.lang == "en" and not _in_english_dictionary(best):
            return None  # 'unilevel' is no misspelt 'unilever': a fix is a dictionary word
        score = round(min(1.0, (bz - second) / 4.0 + 0.5), 2)
        return _match_case(tok, best), score

    def fix(self, text: str) -> str:
        """Apply :meth:`find` to ``text``.

        >>> TypoFixer().fix("Net proffits rose.")
        'Net profits rose.'
        """
        return apply_edits(text, self.find(text))[0]
