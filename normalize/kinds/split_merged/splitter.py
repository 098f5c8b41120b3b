"""Repair words merged by a lost space (``writesIsraeli`` -> ``writes Israeli``).

Scraped news pages lose the spaces around link text.  :class:`MergedWordSplitter`
finds the offsets where ONE space should be inserted; it never changes any other
character.  Evidence, strongest first:

* the document's own vocabulary (a word that occurs on its own elsewhere in the
  same document),
* case and digit cues (``lower->Upper``, ``letter<->digit``, ``UPPERlower``),
* packaged frequency data: wordfreq unigram frequencies (every wordfreq language)
  and, for English only, wordsegment's bigram counts.

A token that is itself a word (wordfreq zipf >= ``never_split_zipf``) or that
occurs twice or more in the document is never split.  URLs, e-mails, @handles,
#hashtags, snake_case / dotted code names, camelCase identifiers, name prefixes
(Mc/Mac/De/O'...), ``iPhone``-style and ``SpaceX``/``GmbH``-style brands and
letter/digit codes (``634p``, ``CFG-80C2``) are protected.

Reasons returned by :meth:`MergedWordSplitter.find`:

``case-boundary``   lower->Upper or UPPER-run->lower cue, both sides known
``digit-boundary``  letter<->digit cue, both sides known
``punct-boundary``  ``writes.US``: a space after sentence punctuation inside a token
``possessive``      ``GE'spoint``: a space after a possessive ``'s``
``doc-vocabulary``  no cue; one side occurs on its own elsewhere in the document
``bigram``          no cue; both sides frequent and supported by unigram/bigram data
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any

from normalize.cache import cached_table, package_version
from normalize.lexicon import ASCIIRUN_RE, segment_counts, word_runs, zipf_table
from normalize.lexicon import RUN_RE as _RUN_RE
from normalize.spans import apply_edits
from normalize.types import Edit

DEFAULT_PARAMS: dict[str, Any] = {
    # a run (or piece) with this zipf or more is a word and is never split
    "never_split_zipf": 1.7,
    # a run occurring this many times in the document is never split
    "never_split_doc_count": 2,
    # ... unless it is a frequent lowercase word (zipf >= this) glued to a
    # Capitalised word standing alone elsewhere (toIsrael twice)
    "repeat_left_zipf": 4.0,
    # ... or an acronym standing alone elsewhere + a lowercase word of this zipf (CDissues)
    "repeat_acronym_word_zipf": 4.0,
    # ... or a lowercase token unknown to wordfreq and to wordsegment's unigrams whose
    # best bigram reading has at least this count (sinceit twice)
    "repeat_bigram_min_count": 1000000.0,
    # shortest alphanumeric run looked at, and the longest (a longer run is a code, a hash
    # or base64, and each run's search grows with its length)
    "min_run_len": 3,
    "max_run_len": 64,
    # a side of a cue split is "known" with this zipf (len >= 3) ...
    "cue_side_zipf": 2.5,
    # ... or, for 1-2 character sides, this zipf
    "cue_short_side_zipf": 5.0,
    # letters next to digits must be at least this long (634p, 80C2, 10th stay) ...
    "digit_min_letters": 3,
    # ... except a lowercase word BEFORE a number with this zipf ("of54", "at14")
    "digit_short_word_zipf": 4.5,
    # a one-character side/part needs this zipf (in English only "a" and "I")
    "single_char_zipf": 6.5,
    # accept a lower->Upper cue split even if the Capitalised side is unknown
    # (new proper noun), provided it is at least this long (0 disables)
    "cue_unknown_capitalized_min_len": 5,
    # a lowercase side after an ALL-CAPS one (UShigh, theUSAmay) needs this zipf
    "acronym_lower_zipf": 3.0,
    # likewise an unknown ALL-CAPS acronym after a known lowercase word (0 disables)
    "cue_acronym_min_len": 2,
    # "GE'spoint": split the possessive s from a following known word of this zipf
    "possessive_zipf": 3.0,
    # no-cue splits: shortest part; parts of length <= 3 need short_part_zipf
    "nocue_min_part_len": 2,
    "nocue_short_part_len": 3,
    "nocue_short_part_zipf": 5.0,
    # no-cue, doc-vocabulary evidence: the other side needs this zipf
    "doc_other_zipf": 3.0,
    # a side seen in the document counts as evidence only if it is rarer than
    # this in general (common words are in every document) or Capitalised
    "doc_side_max_zipf": 4.0,
    # minimal length of the side found in the document vocabulary
    "doc_min_len": 3,
    # no-cue, statistical evidence: both parts need this zipf ...
    "bigram_part_zipf": 3.0,
    # ... and the pair needs a wordsegment bigram count >= this (English) ...
    "bigram_min_count": 100000.0,
    # ... or, without a bigram entry, both parts need this zipf
    "unigram_only_part_zipf": 4.2,
    # ... the same for a Capitalised piece (often a name: Dataquest, Intermark)
    "cap_unigram_only_part_zipf": 4.5,
    # the winning no-cue split must beat the runner-up by this (log10 units)
    "nocue_margin": 1.0,
    # cue-less pieces are split into at most this + 2 parts
    "nocue_max_depth": 1,
    # score penalty per extra part (log10 units)
    "extra_part_cost": 3.0,
    # a "word" rarer than this zipf is still split when the bigram count is
    # override_ratio times its own unigram count (ofthe, forthe) -- English only
    "override_max_zipf": 3.5,
    "override_ratio": 100.0,
    # a run attested as one token in wordsegment's unigrams keeps a single cut only
    # if the bigram is this many times more frequent than the joined form
    "attested_ratio": 5.0,
    # Capitalised+lowercase merge without bigram entry (Farmerscan): zipf of each side
    "cap_left_zipf": 3.0,
    # a Title-case run without an inner case or digit cue that the lexicon attests or the
    # document repeats splits on document evidence only
    "cap_nocue_guard": True,
    "cap_nocue_function_zipf": 5.5,
    "cap_right_zipf": 5.5,
    # languages where cue-less (lowercase) splits are allowed at all: compounding
    # languages (de, nl, sv, ...) write compounds as one word
    # (measured with bench/repair.py: cue-less splits in es, pt, de, pl and tr split real
    # words and compounds, so only English, with wordsegment's bigrams, has them)
    "nocue_langs": ["en"],
    # split a token after . , ; : ! ? when a lowercase word is followed by a
    # Capitalised word (writes.US) -- never inside URLs / dotted code names
    "punct_split": True,
    # ... and after , ; when a word is followed by a lowercase word (winter,and) that has
    # at least cue_side_zipf; both sides letters, never inside a number or a URL
    "comma_split": True,
    # name prefixes that glue to a Capitalised name (McDonald, DeSantis)
    "name_prefixes": [
        "Mc",
        "Mac",
        "Мак",
        "Fitz",
        "De",
        "Di",
        "Da",
        "Du",
        "Le",
        "La",
        "Van",
        "Von",
        "Al",
        "El",
    ],
}

# languages written without spaces between words: nothing to repair there
_NO_SPACE_LANGS = {"zh", "ja", "ko", "th"}

_TOKEN_RE = re.compile(r"\S+")
_URLISH_RE = re.compile(
    r"://|^www\.|@|^#|_|\.(?:com|org|net|gov|edu|io|html?|php|py|js)\b", re.IGNORECASE
)
_DOTTED_RE = re.compile(r"[a-z0-9]\.[a-z]")  # os.path, example.org (case-sensitive)
_PUNCT = ".,;:!?"
# One literal-first pattern per mark: the scan jumps between occurrences of that mark.
_PUNCT_JOIN_RES = tuple(
    (mark, re.compile(re.escape(mark) + r"(?=[^\W\d_]{2})")) for mark in ".,;:!?"
)
#: A comma or semicolon glued to a following lowercase word (winter,and).
_COMMA_JOIN_RES = tuple((mark, re.compile(re.escape(mark) + r"(?=[^\W\d_])")) for mark in ",;")
_POSSESSIVE_RE = re.compile(r"['\u2019](?=[sS][^\W\d_]{3})")
_WORD_BEFORE_RE = re.compile(r"[^\W_]+$")
_WORD_AFTER_RE = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiou")
# Case shapes inside one run: a cue (lowerUpper, ACRONYMlower) or a word that is one (iPhone).
_ACRO_LOWER_RE = re.compile(r"([A-Z]{2,})([a-z]{3,})")
_BRAND_RE = re.compile(r"[A-Z][a-z]+[A-Z]{1,2}")
_PLURAL_ACRO_RE = re.compile(r"[A-Z]{2,}s")
_ORDINAL_RE = re.compile(r"^\d+(?:st|nd|rd|th|ths|s)$", re.IGNORECASE)


def _ctype(ch: str) -> str:
    if ch.isdigit():
        return "d"
    if ch.isupper():
        return "U"
    if ch.islower():
        return "l"
    return "o"


class _Doc:
    """Per-document vocabulary (built lazily, only when a candidate exists)."""

    __slots__ = ("_counts", "_lowered", "_lowered_set", "words", "wordset")

    def __init__(
        self, text: str, words: list[str] | None = None, wordset: set[str] | None = None
    ) -> None:
        self.words = _RUN_RE.findall(text) if words is None else words
        self.wordset = set(self.words) if wordset is None else wordset
        self._counts: Counter[str] | None = None
        self._lowered: list[str] | None = None
        self._lowered_set: frozenset[str] = frozenset()

    def touches(self, run: str, common_lower: frozenset[str], min_len: int) -> bool:
        """True if the document can influence how ``run`` is split: the run repeats,
        or an informative word of the document (not a common lowercase word; >= min_len
        letters, or a 2-letter acronym) occurs inside it.

        >>> _Doc("Israel said Israelhas Israelhas").touches("Israelhas", frozenset(), 3)
        True
        """
        if self.counts[run] >= 2:
            return True
        if self._lowered is None:
            rest = self.wordset.difference(common_lower)
            self._lowered = [
                w.lower()
                for w in rest
                if (len(w) >= min_len and not w.isdigit()) or (len(w) == 2 and w.isupper())
            ]
            self._lowered_set = frozenset(self._lowered)
        low = run.lower()
        n = len(low)
        if n > _SUBSTRING_SCAN_MAX:
            return any(w in low and w != low for w in self._lowered)
        # Proper substrings of the run looked up in the document's words: the cost depends
        # on the run, not on the size of the document.
        found = self._lowered_set
        shortest = min(2, min_len)
        return any(low[i : i + k] in found for k in range(shortest, n) for i in range(n - k + 1))

    @property
    def counts(self) -> Counter[str]:
        """Occurrences of each alphanumeric run in the document (case-sensitive)."""
        if self._counts is None:
            self._counts = Counter(self.words)
        return self._counts


_EMPTY_DOC = _Doc("")
#: Every zipf threshold a cue-only (non-English) splitter compares a word against.
_CUE_ZIPF_PARAMS = (
    "never_split_zipf",
    "cue_side_zipf",
    "cue_short_side_zipf",
    "digit_short_word_zipf",
    "single_char_zipf",
    "acronym_lower_zipf",
    "cap_left_zipf",
    "possessive_zipf",
)
#: A run with more UPPER-before-lower edges than this (each has two readings) is not split.
_MAX_ACRONYM_READINGS = 3
#: Runs longer than this are matched against the document's words one by one instead.
_SUBSTRING_SCAN_MAX = 40


class MergedWordSplitter:
    """Find where a lost space should be re-inserted between merged words.

    >>> s = MergedWordSplitter("en")
    >>> [(e.start, e.reason) for e in s.find("He writesIsraeli officials met theUSA envoy.")]
    [(9, 'case-boundary'), (34, 'case-boundary')]
    >>> s.apply("Azerbaijan and Iran: thenAzerbaijandismissed it. iPhone McDonald 634p")
    'Azerbaijan and Iran: then Azerbaijan dismissed it. iPhone McDonald 634p'
    """

    def __init__(self, lang: str = "en", params: dict | None = None) -> None:
        """Build frequency caches for ``lang`` (a wordfreq language code).

        Languages without a wordfreq lexicon, or written without spaces, get a
        splitter whose :meth:`find` always returns ``[]``.
        """
        self.lang = lang
        self.params: dict[str, Any] = dict(DEFAULT_PARAMS)
        if params:
            unknown = set(params) - set(DEFAULT_PARAMS)
            if unknown:
                raise ValueError(f"unknown params: {sorted(unknown)}")
            self.params.update(params)
        self._zipf: dict[str, float] | None = None
        self._bigrams: dict[str, float] | None = None
        self._unigrams: dict[str, float] = {}
        self._enabled = False
        self._load()

    # ------------------------------------------------------------ pickling
    def __getstate__(self) -> dict:
        return {"lang": self.lang, "params": self.params}

    def __setstate__(self, state: dict) -> None:
        self.lang = state["lang"]
        self.params = state["params"]
        self._zipf = None
        self._bigrams = None
        self._unigrams = {}
        self._enabled = False
        self._load()

    def _load(self) -> None:
        if self.lang in _NO_SPACE_LANGS:
            return
        p = self.params
        # A language that splits only at cues never asks how rare a word is below the lowest
        # of its thresholds: it loads only the words above it (a third of the list).
        floor = 0.0
        if self.lang not in set(p["nocue_langs"]):
            floor = min(p[k] for k in _CUE_ZIPF_PARAMS)
        self._zipf = zipf_table(self.lang, floor)
        if not self._zipf:
            self._zipf = None
            return
        if self.lang == "en":
            counts = segment_counts()
            if counts is not None:  # else unigram-only fallback
                self._unigrams, self._bigrams = counts
        self._safe: set[str] = set()  # runs that can never be split, whatever the document
        self._maybe: set[str] = set()  # runs past the document-independent checks
        self._override_memo: dict[str, int | None] = {}
        self._run_memo: dict[str, list[tuple[int, str]]] = {}
        self._seed_safe()
        self._prefixes = tuple(p["name_prefixes"])
        self._nocue_lang = self.lang in set(p["nocue_langs"])
        self._enabled = True

    def _seed_safe(self) -> None:
        """Frequent words in lower, Title and UPPER case can never be split."""
        zipf = self._zipf
        assert zipf is not None
        lim = max(self.params["never_split_zipf"], self.params["override_max_zipf"])
        dmax = self.params["doc_side_max_zipf"]

        def build() -> tuple[frozenset[str], frozenset[str]]:
            seeds = frozenset(
                v for w, zw in zipf.items() if zw >= lim and w.isalpha()
                for v in (w, w.capitalize(), w.upper())
            )  # fmt: skip
            return seeds, frozenset(w for w, zw in zipf.items() if zw >= dmax)

        key = (package_version("wordfreq"), self.lang, lim, dmax)
        seeds, self._common_lower = cached_table("merged-safe", key, build)
        self._safe.update(seeds)

    # ------------------------------------------------------------ helpers
    def z(self, word: str) -> float:
        """Zipf frequency of ``word`` (lower-cased), 0.0 when unknown."""
        assert self._zipf is not None
        return self._zipf.get(word.lower(), 0.0)

    def _known_side(self, piece: str, doc: _Doc) -> bool:
        """A cue-split side is known: number, frequent word, or in the document."""
        p = self.params
        if piece.isdigit():
            return True
        if len(piece) == 1:
            return self.z(piece) >= p["single_char_zipf"]
        if len(piece) <= 2:
            return self.z(piece) >= p["cue_short_side_zipf"] or (
                len(piece) == 2 and piece.isupper() and doc.counts[piece] >= 1
            )
        return self.z(piece) >= p["cue_side_zipf"] or doc.counts[piece] >= 1

    def _is_word(self, run: str, doc: _Doc) -> bool:
        p = self.params
        return self.z(run) >= p["never_split_zipf"] or doc.counts[run] >= p["never_split_doc_count"]

    def _protected(self, run: str) -> bool:
        """Name prefixes, iPhone/eBay, SpaceX/GmbH/PhD, and letter/digit codes."""
        n = len(run)
        if n >= 3 and run[0].islower() and run[1].isupper():  # iPhone, eBay
            # ... but not a one-letter word glued to a name (вМексике, wWarszawie), in the
            # languages that have such words; English keeps its i- and e- brands
            if self.lang == "en" or self.z(run[0]) < self.params["single_char_zipf"]:
                return True
        for pre in self._prefixes:  # McDonald, DeSantis
            k = len(pre)
            if n > k + 1 and run.startswith(pre) and run[k].isupper() and run[k + 1].islower():
                return True
        # SpaceX, OpenAI, GmbH, PhD: Capitalised word + 1-2 final capitals; 10th; CMOs
        return bool(
            _BRAND_RE.fullmatch(run) or _ORDINAL_RE.match(run) or _PLURAL_ACRO_RE.fullmatch(run)
        )

    def _repeated_link_merge(self, run: str, doc: _Doc) -> bool:
        """``toIsrael`` twice in a document is still a merge: a frequent lowercase
        word glued to a Capitalised word that also stands alone in the document."""
        p = self.params
        if self.z(run) >= p["never_split_zipf"]:
            return False
        glued = _lower_then_capitalised(run)
        if glued:
            left, right = glued
            return self.z(left) >= p["repeat_left_zipf"] and doc.counts[right] >= 1
        # CDissues twice: an acronym standing alone elsewhere + a frequent lowercase word
        m = _ACRO_LOWER_RE.fullmatch(run)
        return bool(
            m
            and doc.counts[m.group(1)] >= 1
            and self.z(m.group(2)) >= p["repeat_acronym_word_zipf"]
        )

    def _camel_code(self, run: str, doc: _Doc) -> bool:
        """camelCase identifier (getElementById): lower word + >= 2 Capitalised humps,
        a hump of <= 2 letters or no hump standing on its own in the document."""
        if not re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]+){2,}", run):
            return False
        humps = re.findall(r"[A-Z][a-z0-9]*", run)
        return any(len(h) <= 2 for h in humps) or not any(doc.counts[h] >= 1 for h in humps)

    # ------------------------------------------------------------ no-cue splits
    def _name_guard(
        self, run: str, cuts: list[tuple[int, str]], doc: _Doc, known: bool = False
    ) -> list[tuple[int, str]]:
        """A capitalised run without an inner cue is more often a name than two words when
        the lexicon attests it at all (``Assan``, ``Quebecker``) or the document writes it
        more than once (``Mailis`` twice): it is split then only when the document writes
        every part on its own, or when it starts with a function word (``He|said``)."""
        p = self.params
        if not cuts or not run[0].isupper() or not p["cap_nocue_guard"]:
            return cuts
        if not known and self.z(run) <= 0.0:
            return cuts
        bounds = [0, *(i for i, _ in cuts), len(run)]
        parts = [run[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        if all(doc.counts[part] >= 1 for part in parts):
            return cuts
        return cuts if self.z(run[: cuts[0][0]]) >= p["cap_nocue_function_zipf"] else []

    def _nocue(self, piece: str, doc: _Doc) -> list[tuple[int, str]] | None:
        """Cuts ``(offset in piece, reason)`` of a cue-less piece, or None (always, in a
        language without cue-less splits)."""
        p = self.params
        if len(piece) < 2 or not self._nocue_lang:
            return None
        if not (
            piece.isalpha() and (piece.islower() or (piece[0].isupper() and piece[1:].islower()))
        ):
            return None
        if self._is_word(piece, doc):
            return self._override(piece, doc)
        best = self._seg(piece, doc, p["nocue_max_depth"])
        return best[1] if best else None

    def _override(self, piece: str, doc: _Doc) -> list[tuple[int, str]] | None:
        """A rare 'word' that is really a frequent merge (``ofthe``, ``forthe``)."""
        p = self.params
        if doc.counts[piece] >= p["never_split_doc_count"]:
            return self._repeated_merge(piece)
        j = self._override_cut(piece.lower())
        return [(j, "bigram")] if j is not None else None

    def _repeated_merge(self, piece: str) -> list[tuple[int, str]] | None:
        """``sinceit`` twice in a document: a token unknown to both wordfreq and the
        web-scale unigram list whose bigram reading is very frequent is still a merge."""
        p = self.params
        low = piece.lower()
        if self._bigrams is None or not self._nocue_lang or self.z(low) > 0:
            return None
        if low in self._unigrams:
            return None
        best: tuple[float, int] | None = None
        for j in range(1, len(low)):
            a, b = low[:j], low[j:]
            if not (self._part_ok(a, self.z(a)) and self._part_ok(b, self.z(b))):
                continue
            c = self._bigrams.get(f"{a} {b}", 0.0)
            if c >= p["repeat_bigram_min_count"] and (best is None or c > best[0]):
                best = (c, j)
        return [(best[1], "bigram")] if best else None

    def _override_cut(self, low: str) -> int | None:
        """Document-independent part of :meth:`_override`, memoised per word."""
        memo = self._override_memo
        if low in memo:
            return memo[low]
        p = self.params
        best: tuple[float, int] | None = None
        if self._bigrams is not None and self._nocue_lang and self.z(low) < p["override_max_zipf"]:
            whole = self._unigrams.get(low)
            if whole:
                for j in range(1, len(low)):
                    a, b = low[:j], low[j:]
                    if not (self._part_ok(a, self.z(a)) and self._part_ok(b, self.z(b))):
                        continue
                    c = self._bigrams.get(f"{a} {b}", 0.0)
                    if c >= p["override_ratio"] * whole and (best is None or c > best[0]):
                        best = (c, j)
        if len(memo) > 200_000:
            memo.clear()
        memo[low] = best[1] if best else None
        return memo[low]

    def _seg(
        self, piece: str, doc: _Doc, depth: int, strict: bool = False
    ) -> tuple[float, list[tuple[int, str]]] | None:
        """Best segmentation of an unknown cue-less piece into 2..depth+2 parts."""
        p = self.params
        cands: list[tuple[float, list[tuple[int, str]]]] = []
        n = len(piece)
        for j in range(1, n):
            a, rest = piece[:j], piece[j:]
            r = self._pair(a, rest, doc, strict)
            if r is not None:
                cands.append((r[0], [(j, r[1])]))
                continue
            if depth <= 0 or len(rest) < 2 or self._is_word(rest, doc):
                continue
            za = self.z(a)
            if not (self._part_ok(a, za) or self._doc_side(a, za, doc)):
                continue
            sub = self._seg(rest, doc, depth - 1, strict=True)
            if sub is None:
                continue
            r = self._pair(a, rest[: sub[1][0][0]], doc, strict=True)
            if r is not None:
                cuts = [(j, r[1])] + [(j + o, why) for o, why in sub[1]]
                cands.append((min(r[0], sub[0]) - p["extra_part_cost"], cuts))
        if not cands:
            return None
        cands.sort(key=lambda c: -c[0])
        top = cands[0]
        if (
            len(cands) > 1
            and top[1][0][1] != "doc-vocabulary"
            and top[0] - cands[1][0] < p["nocue_margin"]
        ):
            return None
        return top

    def _pair(self, a: str, b: str, doc: _Doc, strict: bool = False) -> tuple[float, str] | None:
        """Score the cut ``a|b`` (both whole words) or None when not supported.

        ``strict`` (used inside 3-part splits) accepts only document-vocabulary
        or bigram-count evidence, not unigram frequencies alone.
        """
        p = self.params
        za, zb = self.z(a), self.z(b)
        da = self._doc_side(a, za, doc)
        db = self._doc_side(b, zb, doc)
        oka, okb = self._part_ok(a, za), self._part_ok(b, zb)
        if not ((oka or da) and (okb or db)):
            return None
        if (da and zb >= p["doc_other_zipf"]) or (db and za >= p["doc_other_zipf"]) or (da and db):
            return 10.0 + za + zb, "doc-vocabulary"
        if not (oka and okb) or not self._nocue_lang:
            return None
        if za < p["bigram_part_zipf"] or zb < p["bigram_part_zipf"]:
            return None
        score = za + zb - 9.0
        if self._bigrams is not None:
            c = self._bigrams.get(f"{a.lower()} {b.lower()}", 0.0)
            if c >= p["bigram_min_count"]:
                return score + 2.0 + math.log10(c) - 5.0, "bigram"
        if strict:
            return None
        uni = p["cap_unigram_only_part_zipf"] if a[0].isupper() else p["unigram_only_part_zipf"]
        if za >= uni and zb >= uni:
            return score, "bigram"
        if (
            a[0].isupper()
            and b.islower()
            and za >= p["cap_left_zipf"]
            and zb >= p["cap_right_zipf"]
        ):
            return score, "bigram"
        return None

    def _doc_side(self, side: str, zs: float, doc: _Doc) -> bool:
        """``side`` occurs on its own in the document and that is informative."""
        p = self.params
        if len(side) < p["doc_min_len"]:
            return False
        if side[0].isupper():
            return doc.counts[side] >= 1
        return zs < p["doc_side_max_zipf"] and doc.counts[side] >= 1

    def _cue_less_splittable(self, run: str) -> bool:
        """Necessary condition of any split of a cue-less (lower or Title case) run, with the
        most favourable document: some prefix and some later suffix could each be a part,
        either as a word of the lexicon or, long enough, as a word of the document.

        >>> s = MergedWordSplitter("en")
        >>> s._cue_less_splittable("dlrs"), s._cue_less_splittable("ofthe")
        (False, True)
        """
        doc_len = self.params["doc_min_len"]
        n = len(run)

        def possible(side: str) -> bool:
            return len(side) >= doc_len or self._part_ok(side, self.z(side))

        first = next((j for j in range(1, n) if possible(run[:j])), None)
        if first is None:
            return False
        return any(possible(run[k:]) for k in range(n - 1, first - 1, -1))

    def _part_ok(self, part: str, zp: float) -> bool:
        p = self.params
        if len(part) == 1:
            return zp >= p["single_char_zipf"]
        if len(part) < p["nocue_min_part_len"]:
            return False
        if len(part) <= p["nocue_short_part_len"]:
            return zp >= p["nocue_short_part_zipf"]
        return zp >= p["bigram_part_zipf"]

    # ------------------------------------------------------------ one run
    def _split_run(self, run: str, doc: _Doc) -> list[tuple[int, str]]:
        """Cuts (offset in run, reason) for one alphanumeric run (memoised when the
        document cannot influence the answer)."""
        if doc.touches(run, self._common_lower, self.params["doc_min_len"]):
            return self._split_run_uncached(run, doc)
        memo = self._run_memo
        res = memo.get(run)
        if res is None:
            res = self._split_run_uncached(run, _EMPTY_DOC)
            if len(memo) > 200_000:
                memo.clear()
            memo[run] = res
        return res

    def _split_run_uncached(self, run: str, doc: _Doc) -> list[tuple[int, str]]:
        """Cuts (offset in run, reason) for one alphanumeric run."""
        p = self.params
        if not p["min_run_len"] <= len(run) <= p["max_run_len"]:
            return []
        if self._protected(run) or self._camel_code(run, doc):
            return []
        if self._is_word(run, doc) and not self._repeated_link_merge(run, doc):
            if any(c.isdigit() for c in run):
                return []
            return self._name_guard(run, self._nocue(run, doc) or [], doc, known=True)
        # cue positions; an UPPER run before lower letters has two readings
        cuts: list[tuple[int, str]] = []
        alts: list[int] = []  # indexes in cuts that may move one char left
        types = [_ctype(c) for c in run]
        for i in range(1, len(run)):
            a, b = types[i - 1], types[i]
            if a == "l" and b == "U":
                cuts.append((i, "case-boundary"))
            elif (a == "d") != (b == "d") and "o" not in (a, b):
                if a == "d" and b == "l" and not self._nocue_lang:
                    continue  # 28enne, 28jährige: outside English a suffix, not a word
                cuts.append((i, "digit-boundary"))
            elif a == "U" and b == "l" and i >= 2 and types[i - 2] == "U":
                cuts.append((i, "case-boundary"))
                alts.append(len(cuts) - 1)
        if not cuts:
            return self._attested_filter(
                run, self._name_guard(run, self._nocue(run, doc) or [], doc)
            )
        if len(alts) > _MAX_ACRONYM_READINGS:
            return []  # ABCdefGHIjkl...: a code or an identifier, and 2**n readings to try
        best: list[tuple[int, str]] | None = None
        for mask in range(1 << len(alts)):
            cand = list(cuts)
            for bit, idx in enumerate(alts):
                if mask >> bit & 1:
                    cand[idx] = (cand[idx][0] - 1, cand[idx][1])
            res = self._check_cue_cuts(run, cand, doc)
            if res is not None:
                best = res
                break
        return self._attested_filter(run, best or [])

    def _attested_filter(self, run: str, cuts: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """Drop a single cut of a run that the web-scale unigram list attests as one
        token (BankAmerica, creditwatch) unless the bigram is far more frequent."""
        if (
            len(cuts) != 1
            or self._bigrams is None
            or cuts[0][1] == "doc-vocabulary"
            or not run.isalpha()
        ):
            return cuts
        low = run.lower()
        u = self._unigrams.get(low)
        if not u:
            return cuts
        c = cuts[0][0]
        if self._bigrams.get(f"{low[:c]} {low[c:]}", 0.0) >= self.params["attested_ratio"] * u:
            return cuts
        return []

    def _check_cue_cuts(
        self, run: str, cuts: list[tuple[int, str]], doc: _Doc
    ) -> list[tuple[int, str]] | None:
        """Keep the cue cuts whose sides are known (after inner no-cue splits)."""
        p = self.params
        bounds = [0] + [c for c, _ in cuts] + [len(run)]
        pieces = [run[s:e] for s, e in pairwise(bounds)]
        ok: list[bool] = []
        inner: list[list[tuple[int, str]] | None] = []
        for idx, piece in enumerate(pieces):
            sub = None
            if piece.isdigit():
                good = True
            elif any(ch.isdigit() for ch in piece):
                good = False
            else:
                next_digit = idx + 1 < len(pieces) and pieces[idx + 1][:1].isdigit()
                prev_digit = idx > 0 and pieces[idx - 1][-1:].isdigit()
                if (next_digit or prev_digit) and len(piece) < p["digit_min_letters"]:
                    # a short word before a number (of54), or between numbers (000vs28)
                    zp = self.z(piece)
                    good = (
                        next_digit
                        and (not prev_digit or len(piece) >= 2)
                        and piece.islower()
                        and zp >= p["digit_short_word_zipf"]
                        and (len(piece) > 1 or zp >= p["single_char_zipf"])
                    )
                else:
                    good = self._known_side(piece, doc)
                    if not good:
                        sub = self._nocue(piece, doc)
                        good = bool(sub)
                    if (
                        not good
                        and p["cue_unknown_capitalized_min_len"]
                        and len(piece) >= p["cue_unknown_capitalized_min_len"]
                        and piece[0].isupper()
                        and piece[1:].islower()
                        and idx > 0
                        and pieces[idx - 1][-1:].islower()
                    ):
                        good = True
                    if (
                        not good
                        and p["cue_acronym_min_len"]
                        and len(piece) >= p["cue_acronym_min_len"]
                        and piece.isupper()
                        and idx > 0
                        and pieces[idx - 1].islower()
                        and self.z(pieces[idx - 1]) >= p["cue_side_zipf"]
                    ):
                        good = True  # itsLNC, theNZFE: a new acronym after a known word
                    if (
                        good
                        and not sub
                        and idx > 0
                        and piece.islower()
                        and len(pieces[idx - 1]) >= 2
                        and pieces[idx - 1].isupper()
                    ):
                        # USmay, but not sull'EMIcro: a word after an acronym is a common one
                        good = self.z(piece) >= p["acronym_lower_zipf"]
            ok.append(good)
            inner.append(sub)
        out: list[tuple[int, str]] = []
        for k, (c, r) in enumerate(cuts):
            if ok[k] and ok[k + 1]:
                out.append((c, r))
        if not out:
            return None
        if len(out) < len(cuts) and not all(ok):
            # partial acceptance only when the rejected piece stays glued
            pass
        kept = {c for c, _ in out}
        for k, sub in enumerate(inner):
            if sub and (bounds[k] in kept or bounds[k + 1] in kept):
                out.extend((bounds[k] + o, why) for o, why in sub)
        return sorted(out)

    # ------------------------------------------------------------ public
    def find(self, text: str, runs: tuple[list[str], set[str]] | None = None) -> list[Edit]:
        """Return sorted edits (:class:`~normalize.types.Edit`) that each insert one space.

        ``runs`` are the text's word runs (list and set) when the caller already has them.

        >>> found = MergedWordSplitter().find("Israel said Israelhas 2016Credit: x")
        >>> [(e.start, e.reason) for e in found]
        [(18, 'doc-vocabulary'), (26, 'digit-boundary')]
        """
        if not self._enabled or not text:
            return []
        p = self.params
        zipf = self._zipf
        assert zipf is not None
        minlen = p["min_run_len"]
        never_look = max(p["never_split_zipf"], p["override_max_zipf"])
        safe, maybe = self._safe, self._maybe
        if len(safe) > 1_000_000 or len(maybe) > 200_000:
            safe.clear()
            maybe.clear()
            self._seed_safe()
        if runs is None:
            words = word_runs(text)
            runs = (words, set(words))
        words, wordset = runs
        doc = _Doc(text, words, wordset)
        out: list[tuple[int, str]] = []
        tok_cache: dict[int, bool] = {}
        split_runs: dict[str, tuple[list[tuple[int, str]], bool]] = {}
        nocue = self._nocue_lang
        # 1. distinct runs not already known to be safe (set difference runs in C)
        for run in wordset.difference(safe):
            n = len(run)
            if n < minlen or run.isdigit():
                safe.add(run)
                continue
            if run.isalpha() and (run.islower() or run.isupper() or run[1:].islower()):
                if not nocue:
                    safe.add(run)  # no cue inside, and this language splits only at cues
                    continue
                if run.isupper() or zipf.get(run.lower(), 0.0) >= never_look:
                    safe.add(run)
                    continue
                if self.z(run) >= p["never_split_zipf"] and self._override_cut(run.lower()) is None:
                    safe.add(run)  # a rare word with no frequent-merge reading
                    continue
            if run not in maybe:
                if self._protected(run) or (
                    run.isalpha() and run[1:].islower() and not self._cue_less_splittable(run)
                ):
                    safe.add(run)  # no document can make these split (dlrs, Qtly, 4TH, iPhone)
                    continue
                maybe.add(run)
            cuts = self._split_run(run, doc)
            if not cuts:
                continue
            # English writes "an" before a vowel: "Chili|a arm" is no split of "Chilia arm".
            article = self.lang == "en" and run[cuts[-1][0] :].lower() == "a"
            split_runs[run] = (cuts, article)
        if split_runs:
            # One scan of the text finds every occurrence of every run to split.
            for m in (ASCIIRUN_RE if text.isascii() else _RUN_RE).finditer(text):
                got = split_runs.get(m.group())
                if got is None:
                    continue
                cuts, article = got
                if article and text[m.end() : m.end() + 2].lower()[-1:] in _VOWELS:
                    continue
                if not self._token_protected(text, m.start(), tok_cache):
                    out.extend((m.start() + off, reason) for off, reason in cuts)
        # 2. sentence punctuation inside a token (writes.US), and a comma before a lowercase
        # word (winter,and)
        if p["punct_split"]:
            joins = self._glued_marks(text, _PUNCT_JOIN_RES, self._punct_cut, tok_cache)
            out.extend((k, "punct-boundary") for k in joins)
        if p["comma_split"]:
            joins = self._glued_marks(text, _COMMA_JOIN_RES, self._comma_cut, tok_cache)
            out.extend((k, "punct-boundary") for k in joins)
        # 3. possessive glued to the next word: GE'spoint
        if "'" not in text and "\u2019" not in text:
            return _spaces(out)
        for m in _POSSESSIVE_RE.finditer(text):
            k = m.end()
            if k < 2 or not text[k - 2].isalnum():
                continue
            after = _WORD_AFTER_RE.match(text, k)
            if (
                after
                and self._possessive(after.group(), doc)
                and not self._token_protected(text, k, tok_cache)
            ):
                out.append((k + 1, "possessive"))
        return _spaces(out)

    @staticmethod
    def _token_protected(text: str, pos: int, cache: dict[int, bool]) -> bool:
        """URL, e-mail, @handle, #hashtag, snake_case or dotted name around ``pos``."""
        i = pos
        while i > 0 and not text[i - 1].isspace():
            i -= 1
        if i in cache:
            return cache[i]
        j = pos
        n = len(text)
        while j < n and not text[j].isspace():
            j += 1
        tok = text[i:j]
        res = _URLISH_RE.search(tok) is not None or _DOTTED_RE.search(tok) is not None
        cache[i] = res
        return res

    def _possessive(self, run: str, doc: _Doc) -> bool:
        """``s`` + known word after an apostrophe (``GE'spoint``), run not a word."""
        rest = run[1:]
        return (
            len(rest) >= 3
            and rest.isalpha()
            and (rest.islower() or (rest[0].isupper() and rest[1:].islower()))
            and self.z(run) < self.params["never_split_zipf"]
            and self.z(rest) >= self.params["possessive_zipf"]
        )

    def _punct_cut(self, left: str, right: str) -> bool:
        """``writes.US``: known lowercase word, punctuation, Capitalised word."""
        return (
            len(left) >= 2
            and left.isalpha()
            and left.islower()
            and self.z(left) >= self.params["cue_side_zipf"]
            and len(right) >= 2
            and right[0].isupper()
            and right.isalpha()
        )

    def _glued_marks(
        self,
        text: str,
        patterns: tuple[tuple[str, re.Pattern[str]], ...],
        fits: Callable[[str, str], bool],
        tok_cache: dict[int, bool],
    ) -> Iterator[int]:
        """Offsets just after a mark glued between two words that ``fits(left, right)``
        accepts, outside URLs and dotted names."""
        for mark, rx in patterns:
            if mark not in text:
                continue
            for m in rx.finditer(text):
                k = m.end()
                if not text[k - 2 : k - 1].isalpha():
                    continue  # both cuts need a word of letters before the mark
                before = _WORD_BEFORE_RE.search(text, max(0, k - 40), k - 1)
                after = _WORD_AFTER_RE.match(text, k)
                if (
                    before
                    and after
                    and fits(before.group(), after.group())
                    and not self._token_protected(text, k, tok_cache)
                ):
                    yield k

    def _comma_cut(self, left: str, right: str) -> bool:
        """``winter,and``: a word (known, or Capitalised), a comma, a known lowercase word."""
        p = self.params
        return (
            len(left) >= 2
            and left.isalpha()
            and (self.z(left) >= p["cue_side_zipf"] or (left[0].isupper() and left[1:].islower()))
            and len(right) >= 2
            and right.isalpha()
            and right.islower()
            and self.z(right) >= p["cue_side_zipf"]
        )

    def apply(self, text: str) -> str:
        """Return ``text`` with the spaces found by :meth:`find` inserted."""
        return apply_edits(text, self.find(text))[0]


def _lower_then_capitalised(run: str) -> tuple[str, str] | None:
    """``('to', 'Israel')`` for ``toIsrael``: lowercase letters, then a capital and more
    letters, in any cased script (``теперьМосква``).

    >>> _lower_then_capitalised("теперьМосква"), _lower_then_capitalised("in2016Credit")
    (('теперь', 'Москва'), None)
    """
    cap = next((i for i, ch in enumerate(run) if ch.isupper()), 0)
    left, right = run[:cap], run[cap:]
    if cap and left.isalpha() and left.islower() and right.isalpha():
        return left, right
    return None


def _spaces(found: list[tuple[int, str]]) -> list[Edit]:
    """One space inserted at each ``(offset, reason)``, sorted, duplicates once."""
    return [Edit(off, off, " ", reason=why) for off, why in sorted(set(found))]
