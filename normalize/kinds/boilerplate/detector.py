"""Boilerplate-line detector for plain text (one step of the ``normalize`` pipeline).

The detector never edits inside a line: it returns whole lines to drop, each with
a reason code.  Sub-steps, in order:

1. per-line features (length, words, stopword density with a per-document
   jusText stoplist, terminal punctuation, letter ratio, separators, position);
2. pattern detectors (doubled strings, glued calls to action, ``Label : 123``,
   weather/date widgets, copyright lines, share-button lines, ``...:`` prompts,
   separator link lists);
3. per-language phrase lists (``phrases/<lang>.yaml``), whole short lines only;
4. repetition inside the document (short lines keep their first copy) and
   across the batch (:class:`BatchStats`);
5. jusText-style classification with context smoothing and a main-region
   search (maximum-scoring run of lines) so that page edges lean to boilerplate;
6. an ``aggressive`` profile keeping only the main region (off by default).

>>> det = BoilerplateDetector()
>>> text = "Related Articles\\nThe minister said on Monday that the talks would go on.\\n"
>>> [(e.start, e.end, e.reason) for e in det.find(text)]
[(0, 17, 'phrase:en')]
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import yaml

from normalize.spans import apply_edits
from normalize.types import Edit


class LineScorer(Protocol):
    """What the detector needs of a line model (``linemodel.LineModel`` is one)."""

    def content_probability(self, page: Page) -> np.ndarray:
        """The probability that each line of ``page`` is part of the article."""
        ...


#: PyYAML's C loader where it is built, else the pure-Python one (safe either way).
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DEFAULT_PARAMS: dict = {
    # --- line classes (jusText-style, lengths in characters)
    "length_low": 40,
    "length_high": 120,
    "stopwords_low": 0.25,
    "stopwords_high": 0.32,
    "no_stoplist_density": 0.04,  # doc stop density below this -> language has no usable stoplist
    "lang_sample_tokens": 300,
    # below this, all 100 stoplists are tried, not just the primary ones
    "lang_primary_min_density": 0.2,
    # --- main-region search: per-line score, maximum-sum run
    "score_good": 1.0,  # x chars
    "score_neargood": 0.5,  # x chars
    "score_short": -8.0,  # per short line
    "score_bad": -30.0,  # per bad / detected line
    "score_bad_long_factor": 0.3,  # x chars, long lines without stopwords
    "region_min_chars": 80,  # a second region must score at least this
    "region_merge_factor": 0.05,
    "region_far_gap": 1000,  # a further region more than this many lines from the others ...
    "region_far_factor": 0.5,  # ... must score at least this share of the best one
    "heading_window": 3,  # non-empty lines above a region scanned for a heading/dateline
    "heading_max_words": 25,
    "tail_window": 3,  # non-empty lines after a region checked for a source line
    "stopwords_terminal": 0.1,  # long sentence-final lines need only this stopword density
    "keep_prose_outside": True,  # good lines outside every region are kept
    "outside_good_min_chars": 200,
    # an end marker ("Leave a reply") after this share of good text cuts the rest
    "end_marker_min_share": 0.5,
    # runs of >= N short/near-good lines without terminal punctuation and no good line
    "teaser_run": 0,
    # --- repetition
    "repeat_max_words": 12,  # within-document repeats of lines up to this size are dropped
    "batch_min_docs": 3,  # a normalized line in >= this many docs of the batch is boilerplate
    "batch_min_frac": 0.0,  # ... and in at least this share of docs
    "batch_max_words": 12,  # lines longer than this are never batch boilerplate
    "batch_sample_docs": 0,  # 0 = whole batch (first pass); N = first N docs only
    # a short line (<= batch_max_words) on at least this share of its site's pages (and on
    # two at least), on a site with at least site_min_pages pages in the batch, is the site's
    # template. Measured on training pages (bench/site_templates.py): lower shares or fewer
    # pages drop content that a site's pages share (one product in several listings).
    "site_min_share": 0.9,
    "site_min_pages": 4,
    # --- detectors
    "short_max_words": 12,  # phrase / share / prompt detectors look only at lines this short
    "prompt_max_words": 10,
    "separator_min_parts": 2,
    "legal_max_words": 40,
    "caption_max_words": 45,
    # --- hard-wrapped text (wire copy, e-mail, plain-text files): lines are cut at a fixed
    # width, so a paragraph is many short lines and the main-region search would eat real
    # text and tables. When at least this share of the lines of 30+ characters are at most
    # hard_wrap_max_line long (and there are hard_wrap_min_lines of them), or when no line is
    # longer, only the line detectors and phrase lists act; region, end-marker and
    # in-document repeat drops do not.
    "hard_wrap_max_line": 90,
    "hard_wrap_min_lines": 5,
    "hard_wrap_min_share": 0.8,
    # layout drops (region, end marker, repeat) spare a line that is a complete sentence:
    # this many words or more, ending in sentence punctuation (do no harm to short paragraphs)
    "layout_spare_sentence_words": 4,
    # Drops for where a line sits (outside the main region, after an end marker, in a
    # teaser run) need evidence that the text is a web page: at least this many lines
    # found by what they are (phrases, patterns, widgets). Clean prose has none.
    "region_min_evidence": 2,
    # ... and lines repeated across the batch need this many (a decree title that several
    # documents of a batch share is content).
    "batch_min_evidence": 1,
    # --- the trained line stage (normalize/kinds/boilerplate/linemodel.py): a model file
    # (relative to the rules folder; '' = none), trained by bench/train_boiler.py. A line
    # whose article probability is below model_threshold goes (reason "model", with the
    # score 1 - probability); its verdict replaces the drops of MODEL_REPLACES, and the
    # other drops (phrases, patterns, repeats in the document) stay. It acts on pages in
    # these phrase-list languages only, and needs the same page evidence as drops by
    # position.
    "model": "",
    "model_threshold": 0.3,
    # a line of this many words or more, without sentence punctuation, that the region
    # search took as the heading of a main region is the article's title: the model keeps it
    "model_title_words": 5,
    # the model learnt whole web pages (95% of its training pages have 39 lines or more): a
    # text of fewer non-blank lines gets the detector alone
    "model_min_lines": 20,
    # a text that looks hard-wrapped (see hard_wrap_*) gets the model only when fewer than
    # this share of its long lines go on with a lower-case letter on the next line: a page
    # of short lines, not text cut at a width (measured on training pages and on their
    # articles wrapped at 60-80 columns: 80% of the former below 0.5, 0.4% of the latter)
    "model_wrapped_continued": 0.5,
    # Languages where the bench's pages keep >= 95% of their article lines with the model
    # (bench/boiler_halves.py --per-lang: en .970, de .958, es .986, pl .951; fr .932 is
    # not safe, and languages with fewer than 20 pages there are unmeasured).
    "model_langs": ["en", "de", "es", "pl"],
}

#: Drops that come from the layout of the page rather than from the line itself.
LAYOUT_REASONS = frozenset({"outside-region", "after-end-marker", "teaser-run", "repeat"})
#: Drops for where a line sits rather than for what it is, and a break line ("--" above an
#: e-mail signature, "* * *" between scenes): they need page evidence, and are none.
POSITION_REASONS = frozenset(
    {"outside-region", "after-end-marker", "teaser-run", "break-line", "model"}
)
#: The detector's drops for which the line model's verdict stands instead: drops by where a
#: line sits, and repetition across pages that may be a shared title.
MODEL_REPLACES = frozenset({"outside-region", "after-end-marker", "teaser-run", "batch-repeat"})
#: A line of these characters only is a break in prose or a signature marker.
BREAK_LINE_RE = re.compile(r"[\s\-*_=~#.\u2013\u2014]+")
#: Drops a complete sentence is spared from: position, and repetition (a refrain, a
#: sentence that several biographies share).
SPARED_REASONS = LAYOUT_REASONS | {"batch-repeat"}
#: Drops that are no evidence that a text is a web page: by position, by repetition, and a
#: site's template (whose evidence is the site's other pages).
NOT_EVIDENCE = SPARED_REASONS | POSITION_REASONS | {"site-template"}


def evidence(reasons: Iterable[str]) -> int:
    """How many drops were found by what the line is (a phrase, a pattern, a widget).

    >>> evidence(["phrase:en", "outside-region", "legal", "model"])
    2
    """
    return sum(1 for r in reasons if r not in NOT_EVIDENCE)


#: Sentence-final punctuation of many scripts.
SENTENCE_END = (".", "!", "?", "…", "。", "！", "？", "؟", "।", "॥", "։", "۔")


WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
BULLET_RE = re.compile(r"^(?:[*+\-•>#·▪►▸→]+\s+|\d{1,2}\.\s+(?=\D))+")
PRIMARY_LANGS = (
    "English",
    "German",
    "French",
    "Spanish",
    "Italian",
    "Portuguese",
    "Dutch",
    "Polish",
    "Russian",
    "Turkish",
    "Czech",
    "Swedish",
    "Danish",
    "Norwegian_Bokmal",
    "Finnish",
    "Hungarian",
    "Romanian",
    "Ukrainian",
    "Greek",
    "Indonesian",
)
BULLET_CHARS = frozenset("*+-•>#·▪►▸→0123456789")
TERMINAL = tuple(".!?…\"”»'’)")
SEPARATORS_RE = re.compile(r"[|•·»›■◆▪]|^>>")
TEMP_RE = re.compile(
    r"^[-+−]?\d{1,3}(?:[.,]\d)?\s*°?\s*[FC]$|^[-+−]?\d{1,3}(?:[.,]\d)?\s*°\s*[FC]?$"
)
LABEL_NUM_RE = re.compile(r"^[^\W\d_][\w.\-]*(?:\s[\w.\-]+){0,2}\s*:\s*[#№]?\d[\d\s./-]*$")
COPYRIGHT_RE = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|alle rechte vorbehalten|"
    r"tous droits réservés|"
    r"todos los derechos reservados|tutti i diritti riservati|todos os direitos reservados|"
    r"wszelkie prawa zastrzeżone|все права защищены|alle rechten voorbehouden|tüm hakları saklıdır"
)  # applied to the casefolded key
SOURCE_RE = re.compile(
    r"^\([\w .,/&;-]{1,40}\)$|^<?https?://\S+>?$|"
    r"^(?:original url|source|quelle|source url|fuente|fonte|bron|źródło)\s*:",
    re.IGNORECASE,
)
COMMENT_HEAD_RE = re.compile(
    r"^\S.{1,60}\s(?:says|said|sagt|schreibt|meint|kommentierte|dit|dice|disse|pisze|zegt|говорит|yazdı)$"
)  # casefolded key: "anna says" / "max mustermann sagt" (the key has no trailing colon)
LEGAL_GATE_RE = re.compile(
    r"©|\(c\)|copyright|reserv|rechte|droits|derechos|diritti|direitos|prawa|права|hakları"
)
GLUED_CREDIT_RE = re.compile(
    r"[a-z0-9.)](?:Credit|Credits|Photo|Photograph|Image|Picture|Source|Foto|Bild|Quelle|Crédit|Fotó)\s*:"
)
CREDIT_START_RE = re.compile(
    r"^(?:Credit|Credits|Photo|Photograph|Image|Picture|Foto|Bild|Crédit|Fotó)\s*:", re.IGNORECASE
)
EDGE_PUNCT = " -–—_.,:;!?¡¿*•·|/\\'\"“”„«»‘’()[]{}<>#+=~^@&%$€£©®™…►▸→▪■◆"
NORM_STRIP_RE = re.compile(r"^[\W_]+|[\W_]+$", re.UNICODE)


def _norm(s: str) -> str:
    """Normalized key of a line: NFC, casefolded, no edge punctuation, single spaces.

    >>> _norm("  * Related  Articles: ")
    'related articles'
    """
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    s = " ".join(s.casefold().split())
    if "\u0307" in s:  # Turkish dotted capital I casefolds to i + combining dot
        s = s.replace("i\u0307", "i")
    if s and not (s[0].isalnum() and s[-1].isalnum()):
        s = NORM_STRIP_RE.sub("", s)
    return s


def _key_of_casefolded(cf: str) -> str:
    """:func:`_norm` for text already NFC and casefolded (the hot path of line keys).

    >>> _key_of_casefolded("* related  articles: ")
    'related articles'
    """
    key = " ".join(cf.split())
    if key and not (key[0].isalnum() and key[-1].isalnum()):
        key = key.strip(EDGE_PUNCT)
        if key and not (key[0].isalnum() and key[-1].isalnum()):
            key = NORM_STRIP_RE.sub("", key)
    return key


def _phrase_words(det: BoilerplateDetector, extra: set[str]) -> set[str]:
    """The words of the detector's phrase lists (phrases, prefixes, end markers) and of
    ``extra``, three letters or longer, less every language's stopwords.

    >>> "newsletter" in BoilerplateDetector().vocabulary
    True
    """
    words = set(extra)
    for table in (det.phrase_lang, det.prefix_lang, det.end_markers):
        for key in table:
            words.update(WORD_RE.findall(key))
    every_stop: set[str] = set().union(*_stop_tables().values())
    return {w for w in words if len(w) > 2} - every_stop


def _load_stoplists() -> dict[str, frozenset[str]]:
    """Read jusText's stoplists straight from its package data (no lxml import)."""
    import importlib.util

    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return {}
    folder = os.path.join(next(iter(spec.submodule_search_locations)), "stoplists")
    out: dict[str, frozenset[str]] = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".txt"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                out[name[:-4]] = frozenset(f.read().casefold().split())
    return out


_STOP: dict[str, frozenset[str]] | None = None


def _stop_tables() -> dict[str, frozenset[str]]:
    """All jusText stoplists (100 languages), loaded once per process."""
    global _STOP
    if _STOP is None:
        _STOP = _load_stoplists()
        _STOP.pop("Simple_English", None)
    return _STOP


@dataclass
class BatchStats:
    """Document frequency of short normalized lines over a batch (or a sample of it), and
    per site (documents that carry one): pages per site and each line's pages on its site.

    >>> st = BoilerplateDetector().batch_stats(["Home\\nA", "Home\\nB", "Home\\nC"])
    >>> st.n_docs, st.doc_freq["home"], st.site_pages
    (3, 3, Counter())
    """

    n_docs: int = 0
    doc_freq: Counter = field(default_factory=Counter)
    #: site -> pages of the batch on it (sites with fewer than ``site_min_pages`` are left out)
    site_pages: Counter = field(default_factory=Counter)
    #: site -> normalized short line -> pages of the site with it (lines on one page left out)
    site_freq: dict[str, Counter] = field(default_factory=dict)

    def count(self, key: str) -> int:
        """Number of batch documents containing the normalized line ``key``."""
        return self.doc_freq.get(key, 0)

    def site_count(self, site: str | None, key: str) -> tuple[int, int]:
        """``(pages of the site with the line key, pages of the site)``; ``(0, 0)`` without one.

        >>> st = BoilerplateDetector().batch_stats(["Menu\\nA"] * 4, ["a.org"] * 4)
        >>> st.site_count("a.org", "menu"), st.site_count("b.org", "menu")
        ((4, 4), (0, 0))
        """
        if site is None or site not in self.site_pages:
            return 0, 0
        return self.site_freq[site].get(key, 0), self.site_pages[site]


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str  # stripped, bullets removed
    key: str  # normalized
    chars: int
    words: int
    stop: float
    terminal: bool
    bullet: bool
    heading: bool
    toks: list = field(default_factory=list)
    cls: str = "short"  # good | neargood | short | bad
    reason: str = ""  # hard detector reason ('' = none)


@dataclass(slots=True)
class Page:
    """One text as the detector read it: its non-blank lines, language and decisions."""

    text: str
    lines: list[_Line]
    lang: str  # the phrase-list language of the document's stoplist ('' if none)
    stop: frozenset[str]  # that stoplist
    drop: dict[int, str]  # line index -> reason, the detector's own drops
    inside: list[bool]  # per line: in a main region, its heading or its source line
    headings: set[int]  # the lines just above a region taken as its title or dateline
    stats: BatchStats | None = None  # the batch the text came in
    vocabulary: frozenset[str] = frozenset()  # the words of every phrase list
    tokenized_from: int = 0  # lines this long have word tokens (shorter: split at spaces)


class BoilerplateDetector:
    """Find whole boilerplate lines in plain text.

    >>> det = BoilerplateDetector()
    >>> text = "Code : 3912\\nThe deal was announced on Sunday by officials in Baku.\\n"
    >>> [e.reason for e in det.find(text)]
    ['label-number']
    """

    def __init__(
        self,
        params: dict | None = None,
        phrases_dir: str | None = None,
        profile: str = "default",
        model: Callable[[], LineScorer] | None = None,
    ) -> None:
        self.params = dict(DEFAULT_PARAMS)
        if params:
            self.params.update(params)
        if profile not in ("default", "aggressive"):
            raise ValueError(f"unknown profile {profile!r}")
        self.profile = profile
        self._load_model = model
        self.model_langs = frozenset(self.params["model_langs"])
        if phrases_dir is None:
            from normalize.shipped import default_rules_dir

            phrases_dir = str(default_rules_dir() / "data" / "boilerplate")
        self._load_phrases(phrases_dir)

    @functools.cached_property
    def model(self) -> LineScorer | None:
        """The trained line stage, read on first use (not at start-up) by the loader that
        the rule kind gave."""
        return self._load_model() if self._load_model is not None else None

    @functools.cached_property
    def vocabulary(self) -> frozenset[str]:
        """The words of the phrase lists, less stopwords (built on first use)."""
        return frozenset(_phrase_words(self, self._vocabulary_extra))

    @property
    def stop(self) -> dict[str, frozenset[str]]:
        """jusText's stoplists, loaded on first use (not at start-up)."""
        return _stop_tables()

    # ------------------------------------------------------------------ phrases
    def _load_phrases(self, folder: str) -> None:
        """Build the literal-phrase table, prompt prefixes and one alternation per language."""
        self.phrase_lang: dict[str, str] = {}
        self.prefix_lang: dict[str, str] = {}
        self.lang_re: dict[str, re.Pattern[str]] = {}
        self.justext_to_lang: dict[str, str] = {}
        self.end_markers: set[str] = set()
        networks: set[str] = set()
        share: set[str] = set()
        prompts: set[str] = set()
        glued: list[str] = []
        if os.path.isdir(folder):
            self._read_phrase_files(folder, networks, share, prompts, glued)
        self.networks = frozenset(networks)
        self._vocabulary_extra = networks | share | prompts
        self.share_words = frozenset(share | networks)
        self.prompt_words = frozenset(prompts)
        alt = "|".join(glued) or "(?!)"
        self.glued_re = re.compile(rf"[a-z0-9.)](?:{alt})$")
        self.glued_tuple = tuple(g.replace("?", "") for g in glued) + tuple(
            g.replace("s?", "") for g in glued if g.endswith("s?")
        )

    def _read_phrase_files(
        self, folder: str, networks: set[str], share: set[str], prompts: set[str], glued: list[str]
    ) -> None:
        for name in sorted(os.listdir(folder)):
            if not name.endswith((".yaml", ".yml")):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                data = yaml.load(f, Loader=SAFE_LOADER) or {}
            lang = str(data.get("lang", name.rsplit(".", 1)[0]))
            if data.get("justext"):
                self.justext_to_lang[str(data["justext"])] = lang
            # literal phrases go to one hash table (faster than a regex alternation of literals);
            # the regex patterns of each language are compiled into one alternation per language
            alts = []
            for p in data.get("phrases", []) or []:
                k = _norm(str(p))
                if k:
                    self.phrase_lang.setdefault(k, lang)
            for p in data.get("end_markers", []) or []:
                k = _norm(str(p))
                if k:
                    self.end_markers.add(k)
                    self.phrase_lang.setdefault(k, lang)
            for p in data.get("prefixes", []) or []:
                k = _norm(str(p))
                if k:
                    self.prefix_lang.setdefault(k, lang)
            alts.extend(str(p) for p in data.get("patterns", []) or [])
            networks.update(str(x).casefold() for x in data.get("networks", []) or [])
            share.update(str(x).casefold() for x in data.get("share_words", []) or [])
            prompts.update(str(x).casefold() for x in data.get("prompt_words", []) or [])
            glued.extend(str(x) for x in data.get("glued_calls", []) or [])
            if alts:
                self.lang_re[lang] = re.compile("^(?:" + "|".join(alts) + ")$")

    # ------------------------------------------------------------------ batch
    def batch_stats(
        self, texts: Iterable[str], sites: Iterable[str | None] | None = None
    ) -> BatchStats:
        """First pass: document frequency of short normalized lines (batch or first N docs),
        over the batch and, where ``sites`` gives each text's site, per site."""
        p = self.params
        limit = int(p["batch_sample_docs"])
        maxw = int(p["batch_max_words"])
        st = BatchStats()
        site_of = iter(sites) if sites is not None else None
        for i, text in enumerate(texts):
            if limit and i >= limit:
                break
            st.n_docs += 1
            seen = set()
            nfc = unicodedata.is_normalized("NFC", text)
            maxc = 12 * maxw
            for raw in text.split("\n"):
                s = raw.strip()
                if not s or len(s) > maxc:
                    continue
                if s[0] in BULLET_CHARS:
                    s = BULLET_RE.sub("", s) or s
                if nfc:
                    k = _key_of_casefolded(s.casefold())
                else:
                    k = _norm(s)
                if k and k.count(" ") < maxw:
                    seen.add(k)
            st.doc_freq.update(seen)
            site = next(site_of, None) if site_of is not None else None
            if site is not None:
                st.site_pages[site] += 1
                st.site_freq.setdefault(site, Counter()).update(seen)
        # Only what can make a site template is kept: a line on two pages of a large site.
        for site, n in list(st.site_pages.items()):
            if n < p["site_min_pages"]:
                del st.site_pages[site], st.site_freq[site]
            else:
                st.site_freq[site] = Counter({k: c for k, c in st.site_freq[site].items() if c > 1})
        return st

    # ------------------------------------------------------------------ language
    def _doc_stoplist(self, text: str) -> tuple[str, frozenset[str], float]:
        """The stoplist with most hits in the first tokens: ``(lang, stoplist, density)``."""
        limit = int(self.params["lang_sample_tokens"])
        toks: list[str] = []
        for ln in text.split("\n"):
            if len(ln) >= 60:  # prose-like lines: menus would bias the guess
                toks.extend(WORD_RE.findall(ln.casefold()))
                if len(toks) >= limit:
                    break
        if len(toks) < 50:
            toks = WORD_RE.findall(text[:20000].casefold())[:limit]
        uniq = set(toks)
        best, lang = 0, ""
        for name in PRIMARY_LANGS:
            n = len(self.stop[name].intersection(uniq)) if name in self.stop else 0
            if n > best:
                best, lang = n, name
        if best < self.params["lang_primary_min_density"] * len(uniq):
            for name, stop in self.stop.items():
                n = len(stop.intersection(uniq))
                if n > best:
                    best, lang = n, name
        if not lang:
            return "", frozenset(), 0.0
        stop = self.stop[lang]
        return lang, stop, sum(map(stop.__contains__, toks)) / max(1, len(toks))

    # ------------------------------------------------------------------ main
    def find(self, text: str, stats: BatchStats | None = None) -> list[Edit]:
        """Deletions of whole lines (with their line breaks), sorted, non-overlapping; each
        :class:`~normalize.types.Edit`'s ``reason`` says why the line goes, and a drop by
        the line model has its ``score`` (1 - the line's article probability). See
        :meth:`judge` for a site, a memo and whether the model ran.

        >>> BoilerplateDetector().find("Only one line\\n")
        []
        """
        return self.judge(text, stats)[0]

    def judge(
        self,
        text: str,
        stats: BatchStats | None = None,
        memo: dict[Any, Any] | None = None,
        site: str | None = None,
        use_model: bool = True,
    ) -> tuple[list[Edit], bool]:
        """:meth:`find`'s drops, and whether the line model judged the text: it does so
        only on a page with the evidence of a web page (see ``model_*`` in DEFAULT_PARAMS).

        >>> BoilerplateDetector().judge("Related Articles\\nThe talks went on.\\n")[1]
        False
        """
        page = self.analyse(text, stats, memo, site)
        drop = page.drop
        scores: dict[int, float] = {}
        judged = (
            use_model
            and len(page.lines) >= self.params["model_min_lines"]
            and page.lang in self.model_langs
            and evidence(drop.values()) >= self.params["region_min_evidence"]
            and self.model is not None
        )
        if judged:
            drop, scores = self._model_drops(page)
        if len(drop) == len(page.lines):
            return [], judged  # every line would go: more likely a misreading than a page
        lines = page.lines
        edits = [
            Edit(lines[i].start, lines[i].end, "", reason=drop[i], score=scores.get(i))
            for i in sorted(drop)
        ]
        return edits, judged

    def _model_drops(self, page: Page) -> tuple[dict[int, str], dict[int, float]]:
        """The line detectors' drops, and the lines the model gives a low article
        probability; the model's verdict replaces the drops by layout."""
        assert self.model is not None
        page.vocabulary = self.vocabulary  # built on first use: only the model reads it
        probability = self.model.content_probability(page)
        drop = {i: r for i, r in page.drop.items() if r not in MODEL_REPLACES}
        scores = {}
        title_words = self.params["model_title_words"]
        lines = page.lines
        for i in np.flatnonzero(probability < self.params["model_threshold"]).tolist():
            ln = lines[i]
            if i in page.headings and ln.words >= title_words and not ln.terminal:
                continue  # the title above the article, as the region search found it
            if page.drop.get(i + 1) == "repeat" and lines[i + 1].key == ln.key:
                continue  # a line the next one repeats (a byline shown twice) keeps one copy
            if _continues(lines, i) or _continues(lines, i + 1):
                continue  # a part of a sentence wrapped over lines is no unit to drop
            if i not in drop:
                drop[i] = "model"
                scores[i] = round(1.0 - float(probability[i]), 3)
        return drop, scores

    def analyse(
        self,
        text: str,
        stats: BatchStats | None = None,
        memo: dict[Any, Any] | None = None,
        site: str | None = None,
        vocabulary: bool = False,
    ) -> Page:
        """The non-blank lines with their features, classes and the detector's decisions
        (with ``vocabulary``, also the phrase-list words the line model reads).

        >>> page = BoilerplateDetector().analyse("Related Articles\\nThe talks went on.\\n")
        >>> [ln.text for ln in page.lines], page.drop
        (['Related Articles', 'The talks went on.'], {0: 'phrase:en'})
        """
        lines, lang, stop = self._features(text, memo)
        if not lines:
            return Page(text, lines, lang, stop, {}, [], set())
        self._detect(lines, stats, lang, site)
        self._classify(lines)
        drop, inside, headings = self._decide(lines)
        low = self.params["length_low"]
        words = self.vocabulary if vocabulary else frozenset()  # for the line model only
        return Page(text, lines, lang, stop, drop, inside, headings, stats, words, low)

    # ------------------------------------------------------------------ steps
    def _features(
        self, text: str, memo: dict[Any, Any] | None = None
    ) -> tuple[list[_Line], str, frozenset[str]]:
        """The lines with their features, and the document's language (per call: the
        detector is shared by every document, so it keeps no document's state). ``memo``,
        one document's own dict, keeps each line's features for the next round."""
        lang, stop, dens = self._doc_stoplist(text)
        doc_lang = self.justext_to_lang.get(lang, "")
        no_stop = dens < self.params["no_stoplist_density"]
        nfc = unicodedata.is_normalized("NFC", text)
        memo = {} if memo is None else memo
        out: list[_Line] = []
        pos = 0
        for raw in text.split("\n"):
            start = pos
            pos = end = start + len(raw) + 1
            if not raw.strip():
                continue
            key = (raw, lang, no_stop, nfc)
            feats = memo.get(key)
            if feats is None:
                feats = memo[key] = self._line_features(raw, stop, no_stop, nfc)
            out.append(_Line(start, end, *feats))
        if out and out[-1].end > len(text):
            out[-1].end = len(text)
        return out, doc_lang, stop

    def _line_features(
        self, raw: str, stop: frozenset[str], no_stop: bool, nfc: bool
    ) -> tuple[Any, ...]:
        """A non-blank line's features, as the fields of :class:`_Line` after its offsets."""
        s = raw.strip()
        if s[0] in BULLET_CHARS:
            body = BULLET_RE.sub("", s) or s
            bullet = len(body) != len(s)
            heading = s[0] == "#"
        else:
            body, bullet, heading = s, False, False
        cf = body.casefold()
        if len(body) < self.params["length_low"]:
            # a short line: class "short" whatever its stopwords; no tokenizing
            toks = cf.split()
            nw = len(toks)
            sd = 0.0
        elif no_stop:
            toks = WORD_RE.findall(cf)
            nw = len(toks)
            sd = 0.5 if nw >= 3 else 0.0
            if nw <= 2 and len(body) >= 30:  # scripts without spaces
                sd = 0.5
        else:
            toks = WORD_RE.findall(cf)
            nw = len(toks)
            sd = sum(map(stop.__contains__, toks)) / nw if nw else 0.0
        key = _key_of_casefolded(cf) if nfc and "\u0307" not in cf else _norm(body)
        return (body, key, len(body), nw, sd, body.endswith(TERMINAL), bullet, heading, toks)

    def _detect(
        self, lines: list[_Line], stats: BatchStats | None, doc_lang: str, site: str | None = None
    ) -> None:
        """Hard detectors: patterns, phrases, repetition. Sets ``reason``."""
        p = self.params
        short_w = p["short_max_words"]
        prompt_w, caption_w, legal_w = (
            p["prompt_max_words"],
            p["caption_max_words"],
            p["legal_max_words"],
        )
        seen: dict[str, int] = {}
        langs = [x for x in (doc_lang, "en", "xx") if x]
        regs = [self.lang_re[x] for x in dict.fromkeys(langs) if x in self.lang_re]
        nlines = len(lines)
        for i, ln in enumerate(lines):
            t, k, nw = ln.text, ln.key, ln.words
            if not k:
                if ln.chars <= 3 or not any(ch.isalnum() for ch in t):
                    ln.reason = "no-letters"
                continue
            half = len(t) // 2
            if 4 <= len(t) <= 300 and (
                t[:half] == t[half:]
                or (len(t) % 2 == 1 and t[:half] == t[half + 1 :] and t[half] == " ")
            ):
                ln.reason = "doubled"
                continue
            if nw <= short_w:
                lang = self.phrase_lang.get(k)
                if lang is None:
                    for r in regs:
                        if r.match(k):
                            lang = "re"
                            break
                if lang is not None:
                    ln.reason = f"phrase:{lang}" if lang != "re" else f"phrase:{doc_lang or 'en'}"
                    continue
                if ":" in t:
                    head = _norm(t.split(":", 1)[0])
                    lang = self.prefix_lang.get(head)
                    if lang is not None:
                        ln.reason = f"prefix:{lang}"
                        continue
            if (
                nw <= prompt_w
                and t.endswith((":", "says", "sagt", "schreibt"))
                and COMMENT_HEAD_RE.match(k)
            ):
                ln.reason = "comment-header"
                continue
            if nw <= prompt_w and t.endswith(":") and self._is_prompt(k):
                ln.reason = "prompt"
                continue
            if nw <= 6 and ":" in t and LABEL_NUM_RE.match(t):
                ln.reason = "label-number"
                continue
            if nw <= caption_w and ":" in t and GLUED_CREDIT_RE.search(t):
                ln.reason = "glued-credit"
                continue
            if nw <= short_w and t.endswith(self.glued_tuple) and self.glued_re.search(t):
                ln.reason = "glued-cta"
                continue
            if nw <= legal_w and LEGAL_GATE_RE.search(k) and COPYRIGHT_RE.search(k):
                ln.reason = "legal"
                continue
            if nw <= short_w:
                toks = ln.toks
                if toks and not self.networks.isdisjoint(x.strip(EDGE_PUNCT) for x in toks):
                    toks = WORD_RE.findall(k)
                else:
                    toks = []
                if (
                    toks
                    and sum(1 for x in toks if x in self.networks) >= max(1, (len(toks) + 1) // 2)
                    and all(x in self.share_words for x in toks)
                ):
                    ln.reason = "share-buttons"
                    continue
            if not ln.terminal and SEPARATORS_RE.search(t):
                parts = [x for x in re.split(r"\s(?:\||•|·|»|›|■|◆|▪)\s|■|^>>|\|", t) if x.strip()]
                if len(parts) >= p["separator_min_parts"] or t.startswith(">>"):
                    ln.reason = "link-list"
                    continue
            # repetition inside the document: keep the first copy of short lines
            if nw <= p["repeat_max_words"]:
                if k in seen:
                    ln.reason = "repeat"
                    continue
                seen[k] = i
            # a line on a large share of the pages of this document's site: its template
            if stats is not None and site is not None and nw <= p["batch_max_words"]:
                c, pages = stats.site_count(site, k)
                if c > 1 and pages >= p["site_min_pages"] and c >= p["site_min_share"] * pages:
                    ln.reason = "site-template"
                    continue
            if (
                stats is not None
                and stats.n_docs
                and nw <= p["batch_max_words"]
                and not (ln.terminal and nw >= 8)
            ):
                c = stats.doc_freq.get(k, 0)
                if c >= p["batch_min_docs"] and c >= p["batch_min_frac"] * stats.n_docs:
                    ln.reason = "batch-repeat"
                    continue
        # context detectors: widgets, captions
        for i, ln in enumerate(lines):
            if ln.reason:
                continue
            if ln.chars <= 10 and TEMP_RE.match(ln.text):
                ln.reason = "widget"
                # neighbours in the same block (no blank line between) that are short
                for d in (-1, 1):
                    j = i + d
                    while 0 <= j < nlines and abs(j - i) <= 3 and lines[j].words <= 5:
                        later, earlier = (
                            (lines[j], lines[j - d]) if d > 0 else (lines[j + 1], lines[j])
                        )
                        if later.start > earlier.end:  # a blank line separates the block
                            break
                        if not lines[j].reason:
                            lines[j].reason = "widget"
                        j += d
            elif i + 1 < nlines and ln.words >= 3:
                nxt = lines[i + 1]
                if nxt.text.startswith(ln.text) and nxt.reason == "glued-credit":
                    ln.reason = "caption"
                elif (
                    nxt.reason == ""
                    and nxt.text.startswith(ln.text)
                    and CREDIT_START_RE.match(nxt.text[len(ln.text) :].strip())
                ):
                    ln.reason = "caption"
                    nxt.reason = "caption"

    def _is_prompt(self, key: str) -> bool:
        toks = WORD_RE.findall(key)
        return bool(toks) and (
            toks[0] in self.prompt_words
            or (len(toks) > 1 and toks[1] in self.prompt_words and len(toks) <= 4)
        )

    def _classify(self, lines: list[_Line]) -> None:
        """jusText-style classes, then context smoothing for short / near-good lines."""
        p = self.params
        lo, hi, slo, shi = (
            p["length_low"],
            p["length_high"],
            p["stopwords_low"],
            p["stopwords_high"],
        )
        for ln in lines:
            if ln.reason:
                ln.cls = "bad"
            elif ln.chars >= hi and ln.stop >= shi:
                ln.cls = "good"
            elif ln.chars >= lo and ln.stop >= slo:
                ln.cls = "neargood"
            elif ln.chars >= lo and ln.terminal and ln.stop >= p["stopwords_terminal"]:
                ln.cls = "neargood"  # a sentence with few stopwords (names, figures)
            elif ln.chars >= lo:
                ln.cls = "badlong"
            else:
                ln.cls = "short"

    def _regions(self, lines: list[_Line]) -> list[tuple[int, int]]:
        """Maximum-sum runs of line scores: the main text region(s), ``[a, b)`` line indexes."""
        p = self.params
        sc = []
        for ln in lines:
            c = ln.cls
            if c == "good":
                sc.append(p["score_good"] * ln.chars)
            elif c == "neargood":
                sc.append(p["score_neargood"] * ln.chars)
            elif c == "short":
                sc.append(p["score_short"])
            elif c == "badlong":
                sc.append(-p["score_bad_long_factor"] * ln.chars)
            else:
                sc.append(p["score_bad"])
        regions: list[tuple[float, int, int]] = []
        # repeated Kadane on the remaining parts
        segs = [(0, len(sc))]
        best_total = None
        while segs:
            a, b = segs.pop()
            best, bs, be = 0.0, a, a
            cur, cs = 0.0, a
            for i in range(a, b):
                if cur <= 0:
                    cur, cs = 0.0, i
                cur += sc[i]
                if cur > best:
                    best, bs, be = cur, cs, i + 1
            if best <= 0:
                continue
            if best_total is None:
                best_total = best
            elif best < p["region_min_chars"] or best < p["region_merge_factor"] * best_total:
                continue
            else:
                gap = min(min(abs(bs - e2), abs(s2 - be)) for _, s2, e2 in regions)
                if gap > p["region_far_gap"] and best < p["region_far_factor"] * best_total:
                    continue  # a far-away block (comments, teasers) needs to be nearly as strong
            regions.append((best, bs, be))
            segs.append((a, bs))
            segs.append((be, b))
            if self.profile == "aggressive":
                break
        return sorted((a, b) for _, a, b in regions)

    def _decide(self, lines: list[_Line]) -> tuple[dict[int, str], list[bool], set[int]]:
        """Which lines go and why, which lie in a main region (or its heading and tail), and
        which are the headings and datelines just above a region."""
        p = self.params
        regions = self._regions(lines)
        inside = [False] * len(lines)
        headings: set[int] = set()
        for a, b in regions:
            for i in range(a, b):
                inside[i] = True
            # heading / dateline directly above the region
            j, seen = a - 1, 0
            while j >= 0 and seen < p["heading_window"] and a - j <= 3 * p["heading_window"]:
                ln = lines[j]
                if ln.reason:  # detected lines between title and text do not use up the window
                    j -= 1
                    continue
                if (
                    ln.cls in ("short", "neargood", "badlong")
                    and ln.words <= p["heading_max_words"]
                    and (not ln.bullet or ln.heading)
                ):
                    inside[j] = True
                    headings.add(j)
                    j -= 1
                    seen += 1
                    continue
                break
            # source / agency line right after the region: "(AP, MT)", "Original url:", "<https://...>"
            j = b
            while j < len(lines) and j < b + p["tail_window"]:
                ln = lines[j]
                if not ln.reason and SOURCE_RE.match(ln.text):
                    inside[j] = True
                    j += 1
                    continue
                break
        drop: dict[int, str] = {}
        # end markers: a comments / related-content header late in the text cuts what follows
        total_good = sum(ln.chars for ln in lines if ln.cls == "good") or 1
        acc = 0
        cut = len(lines)
        for i, ln in enumerate(lines):
            if ln.cls == "good":
                acc += ln.chars
            elif (
                ln.reason
                and (ln.key in self.end_markers or ln.reason == "comment-header")
                and acc >= p["end_marker_min_share"] * total_good
            ):
                cut = i
                break
        for i in range(cut + 1, len(lines)):
            if not lines[i].reason:
                lines[i].reason = "after-end-marker"
        # teaser / menu runs: consecutive short or near-good lines without terminal punctuation
        run_n = int(p["teaser_run"])
        if run_n > 0:
            i, n = 0, len(lines)
            while i < n:
                j = i
                while (
                    j < n
                    and not lines[j].reason
                    and lines[j].cls in ("short", "neargood", "badlong")
                    and not lines[j].terminal
                ):
                    j += 1
                if j - i >= run_n:
                    for k in range(i, j):
                        lines[k].reason = "teaser-run"
                i = j + 1 if j == i else j
        for i, ln in enumerate(lines):
            if ln.reason:
                drop[i] = ln.reason
            elif not inside[i] and regions:  # no region at all (tiny page): only detected lines go
                if (
                    self.profile != "aggressive"
                    and p["keep_prose_outside"]
                    and ln.cls == "good"
                    and ln.chars >= p["outside_good_min_chars"]
                ):
                    continue
                drop[i] = "outside-region"
        return drop, inside, headings


#: A line shorter than this does not reach the width at which text is wrapped.
WRAPPED_MIN_CHARS = 40


def _continues(lines: list[_Line], i: int) -> bool:
    """Whether line ``i`` goes on with the sentence of the line above it: no blank line
    between, a line above long enough to be cut at a width and without a sentence end, and
    a lower-case start."""
    if i <= 0 or i >= len(lines):
        return False
    above, line = lines[i - 1], lines[i]
    return (
        above.end == line.start
        and above.chars >= WRAPPED_MIN_CHARS
        and not above.terminal
        and line.text[:1].islower()
    )


def clean(text: str, det: BoilerplateDetector, stats: BatchStats | None = None) -> str:
    """Apply :meth:`BoilerplateDetector.find` to ``text``.

    >>> clean("Must read\\nReal text stays here.\\n", BoilerplateDetector())
    'Real text stays here.\\n'
    """
    return apply_edits(text, det.find(text, stats))[0]
