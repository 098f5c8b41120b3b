"""The trained line stage of the boilerplate pass: cheap per-line features and a tree model.

The features describe each non-blank line as :class:`~.detector.BoilerplateDetector` read it
(its shape, class, the detector's own verdict, where it sits relative to the main text, its
neighbours) plus *topical coherence*: the share of the line's content words that also occur
in the page's main prose. They are computed for a whole page at once with numpy, so the stage
costs little next to the detector.

The model is a forest of binary trees (trained by ``bench/train_boiler.py`` with LightGBM,
which the pass does not need) stored as JSON and evaluated here with numpy.

>>> from normalize.kinds.boilerplate.detector import BoilerplateDetector
>>> page = BoilerplateDetector().analyse("Related Articles\\nThe talks went on for a week.\\n")
>>> page_features(page).x.shape == (2, len(FEATURE_NAMES))
True
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from normalize.kinds.boilerplate.detector import (
    EDGE_PUNCT,
    LAYOUT_REASONS,
    POSITION_REASONS,
)

if TYPE_CHECKING:
    from normalize.kinds.boilerplate.detector import Page

#: Ordinal of the detector's jusText-style classes (``bad``: a line it recognised).
CLASS_ORDINAL = {"bad": -1.0, "short": 0.0, "badlong": 1.0, "neargood": 2.0, "good": 3.0}

#: Per-line values gathered in one Python loop; the rest is derived with numpy.
_BASE = (
    "log_chars",
    "words",
    "stop",
    "terminal",
    "bullet",
    "heading",
    "cls",
    "hard",
    "layout",
    "inside",
    "title_case",
    "upper_start",
    "ends_colon",
    "content_words",
    "coherence",
    "gap_before",
    "vocabulary_share",
    "batch_docs",
    "in_heading",
    "copies",
    "teaser_end",
    "separator",
    "date_time",
)
_CONTEXT = ("cls", "stop", "log_chars", "coherence", "hard")
FEATURE_NAMES: tuple[str, ...] = (
    *_BASE,
    *(f"prev_{n}" for n in _CONTEXT),
    *(f"next_{n}" for n in _CONTEXT),
    *(f"prev2_{n}" for n in ("cls", "coherence")),
    *(f"next2_{n}" for n in ("cls", "coherence")),
    "win_cls",
    "win_coherence",
    "win_good",
    "win_hard",
    "rel_line",
    "rel_char",
    "good_before",
    "good_after",
    "lines_after_good",
    "lines_before_good",
    "page_lines",
    "page_good_share",
    "page_hard_share",
    "page_stop",
    "block_lines",
    "block_good",
    "block_position",
    "chars_to_median",
)
_WINDOW = 3


def _content_words(toks: list[str], stop: frozenset[str], clean: bool) -> set[str]:
    """The distinct tokens that carry a topic: not stopwords (nor empty). ``clean`` tokens
    are words already; others may carry punctuation at their edges.

    >>> sorted(_content_words(["the", "talks", "went", "-", "talks,"], frozenset(["the"]), False))
    ['talks', 'went']
    """
    # difference() walks the (short) line, not the stoplist
    words = (set(toks) if clean else {t.strip(EDGE_PUNCT) for t in toks}).difference(stop)
    words.discard("")
    return words


#: A time of day or a date in digits (comment and teaser headers, widgets).
_DATE_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d\d\b"
)
#: A separator between two words of a line ("Home | News", "Sport · Weather").
_SEPARATOR = re.compile(r"(?<=\S )[|•·»›■◆▪](?= \S)|\|")


def _per_line(pattern: Any, text: str, starts: np.ndarray) -> np.ndarray:
    """How many matches of ``pattern`` each line has (``starts``: the lines' offsets), found
    in one pass over the whole text."""
    at = [m.start() for m in pattern.finditer(text)]
    if not at:
        return np.zeros(len(starts))
    line = np.maximum(np.searchsorted(starts, at, side="right") - 1, 0)
    return np.bincount(line, minlength=len(starts)).astype(np.float64)


@dataclass(slots=True)
class PageFeatures:
    """A page's feature rows and what the refining stage reuses."""

    x: np.ndarray  # one row of FEATURE_NAMES per line (float32)
    words: list[set[str]]  # each line's content words
    chars: np.ndarray  # each line's length


def page_features(page: Page) -> PageFeatures:
    """One row of :data:`FEATURE_NAMES` per line of ``page``."""
    lines = page.lines
    n = len(lines)
    if not n:
        return PageFeatures(np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32), [], np.zeros(0))
    stop = page.stop
    tokenized = page.tokenized_from
    words_of = [
        _content_words(ln.toks, stop, ln.chars >= tokenized) if ln.toks else set() for ln in lines
    ]
    # In how many good lines each content word occurs: a good line's own words count for
    # it only when another good line has them too.
    main: Counter[str] = Counter()
    for ln, ws in zip(lines, words_of, strict=True):
        if ln.cls == "good":
            main.update(ws)
    keys = [ln.key for ln in lines]
    copies = Counter(keys)
    stats = page.stats if page.stats is not None and page.stats.n_docs > 1 else None
    if stats is not None:
        freq = stats.doc_freq
        batch: Any = np.log1p(np.maximum(np.array([freq.get(k, 1) for k in keys]) - 1, 0))
    else:
        batch = 0.0
    vocabulary = page.vocabulary
    drop = page.drop
    # Columns built one at a time: list comprehensions over the lines cost less than one
    # row tuple per line.
    sizes = [len(ws) for ws in words_of]
    coherence = [
        (sum(1 for w in ws if main[w] > 1) if ln.cls == "good" else len(ws & main.keys())) / size
        if size
        else -1.0
        for ln, ws, size in zip(lines, words_of, sizes, strict=True)
    ]
    starts = np.array([ln.start for ln in lines], dtype=np.int64)
    ends = np.array([ln.end for ln in lines], dtype=np.int64)
    word_counts = np.array([ln.words for ln in lines], dtype=np.float32)
    texts = [ln.text for ln in lines]
    columns = {
        "log_chars": np.log1p(np.array([ln.chars for ln in lines], dtype=np.float32)),
        "words": np.minimum(word_counts, 100),
        "stop": [ln.stop for ln in lines],
        "terminal": [ln.terminal for ln in lines],
        "bullet": [ln.bullet for ln in lines],
        "heading": [ln.heading for ln in lines],
        "cls": [CLASS_ORDINAL[ln.cls] for ln in lines],
        "hard": [
            bool(r) and r not in POSITION_REASONS and r != "repeat"
            for r in (ln.reason for ln in lines)
        ],
        "layout": [drop.get(i, "") in LAYOUT_REASONS for i in range(n)] if drop else 0.0,
        "inside": page.inside or 0.0,
        "title_case": [t.istitle() for t in texts],
        "upper_start": [t[:1].isupper() for t in texts],
        "ends_colon": [t.endswith(":") for t in texts],
        "content_words": np.minimum(sizes, 50),
        "coherence": coherence,
        "gap_before": np.concatenate([[starts[0] > 0], starts[1:] > ends[:-1] + 1]),
        "vocabulary_share": [
            len(ws & vocabulary) / size if size else 0.0
            for ws, size in zip(words_of, sizes, strict=True)
        ],
        "batch_docs": batch,
        "in_heading": [i in page.headings for i in range(n)] if page.headings else 0.0,
        "copies": [copies[k] if k else 0 for k in keys],
        "teaser_end": [t.endswith(("...", "…", "»", "›", ">")) for t in texts],
        "separator": _per_line(_SEPARATOR, page.text, starts) > 0,
        "date_time": _per_line(_DATE_TIME, page.text, starts) > 0,
    }
    base = np.empty((n, len(_BASE)), dtype=np.float32)
    for k, name in enumerate(_BASE):
        base[:, k] = columns[name]
    chars = np.array([ln.chars for ln in lines], dtype=np.float64)
    col = {name: base[:, k] for k, name in enumerate(_BASE)}
    ctx = np.stack([col[c] for c in _CONTEXT], axis=1)
    pad = np.full((2, len(_CONTEXT)), -2.0, dtype=np.float32)
    padded = np.concatenate([pad, ctx, pad])
    prev1, next1 = padded[1 : n + 1], padded[3 : n + 3]
    prev2, next2 = padded[0:n][:, [0, 3]], padded[4 : n + 4][:, [0, 3]]
    good = (col["cls"] == 3.0).astype(np.float32)

    good_chars = chars * good
    total_good = good_chars.sum() or 1.0
    cum_good = np.cumsum(good_chars)
    idx = np.arange(n, dtype=np.float32)
    good_idx = np.flatnonzero(good)
    if good_idx.size:
        first, last = good_idx[0], good_idx[-1]
        after = np.maximum(idx - last, 0) / n
        before = np.maximum(first - idx, 0) / n
    else:
        after = before = np.ones(n, dtype=np.float32)
    # blocks: runs of lines without a blank line between them
    block = np.cumsum(col["gap_before"]).astype(np.intp)
    block -= block[0]
    block_size = np.bincount(block).astype(np.float64)
    block_good = np.bincount(block, weights=good)
    block_start = np.searchsorted(block, np.arange(block_size.size))
    extra = np.stack(
        [
            _window_mean(col["cls"]),
            _window_mean(np.maximum(col["coherence"], 0)),
            _window_mean(good),
            _window_mean(col["hard"]),
            idx / n,
            starts / max(1, len(page.text)),
            (cum_good - good_chars) / total_good,
            (total_good - cum_good) / total_good,
            after,
            before,
            np.full(n, np.log1p(n)),
            np.full(n, good_chars.sum() / (chars.sum() or 1.0)),
            np.full(n, col["hard"].mean()),
            np.full(n, float(np.average(col["stop"], weights=chars))),
            np.log(block_size[block]),
            block_good[block] / block_size[block],
            (idx - block_start[block]) / block_size[block],
            np.log1p(chars) - np.log1p(np.median(chars)),
        ],
        axis=1,
    ).astype(np.float32)
    x = np.concatenate([base, prev1, next1, prev2, next2, extra], axis=1)
    return PageFeatures(x, words_of, chars)


#: What the second stage adds to :data:`FEATURE_NAMES`: the first stage's verdict on the line
#: and its surroundings, and coherence with the lines the first stage took for the article.
REFINE_NAMES: tuple[str, ...] = (
    "p",
    "prev_p",
    "next_p",
    "win_p",
    "wide_p",
    "max_p_before",
    "max_p_after",
    "content_before",
    "content_after",
    "lines_after_content",
    "lines_before_content",
    "coherence_content",
    "page_content_share",
)
_WIDE = 10


def _window(x: np.ndarray, before: int, after: int) -> tuple[np.ndarray, np.ndarray]:
    """Sums and counts of ``x`` over ``[i - before, i + after]`` for every ``i``."""
    n = len(x)
    c = np.concatenate([[0.0], np.cumsum(x, dtype=np.float64)])
    idx = np.arange(n)
    lo, hi = np.maximum(idx - before, 0), np.minimum(idx + after + 1, n)
    return c[hi] - c[lo], (hi - lo).astype(np.float64)


def _window_mean(x: np.ndarray) -> np.ndarray:
    """The mean of ``x`` over the lines within ``_WINDOW`` of each line."""
    sums, counts = _window(x, _WINDOW, _WINDOW)
    return sums / counts


def refine_features(pf: PageFeatures, p: np.ndarray) -> np.ndarray:
    """:data:`FEATURE_NAMES` then :data:`REFINE_NAMES`, given the first stage's ``p``."""
    n = len(p)
    if not n:
        return np.zeros((0, len(FEATURE_NAMES) + len(REFINE_NAMES)), dtype=np.float32)
    padded = np.concatenate([[-1.0], p, [-1.0]])
    win, cnt = _window(p, _WINDOW, _WINDOW)
    wide, wcnt = _window(p, _WIDE, _WIDE)
    content = p >= 0.5
    weighted = pf.chars * p
    total = weighted.sum() or 1.0
    cum = np.cumsum(weighted)
    idx = np.arange(n)
    hits = np.flatnonzero(content)
    if hits.size:
        after = np.maximum(idx - hits[-1], 0) / n
        before = np.maximum(hits[0] - idx, 0) / n
    else:
        after = before = np.ones(n)
    # the highest p among the five lines before, and after
    edge = np.full(5, -1.0)
    runs = np.lib.stride_tricks.sliding_window_view(np.concatenate([edge, p, edge]), 5).max(axis=1)
    max_before, max_after = runs[:n], runs[6 : n + 6]
    vocab: Counter[str] = Counter()
    for ws, c in zip(pf.words, content, strict=True):
        if c:
            vocab.update(ws)
    coherence = np.full(n, -1.0)
    for i, (ws, c) in enumerate(zip(pf.words, content, strict=True)):
        if ws:
            need = 2 if c else 1
            coherence[i] = sum(1 for w in ws if vocab[w] >= need) / len(ws)
    extra = np.stack(
        [
            p,
            padded[:n],
            padded[2:],
            win / cnt,
            wide / wcnt,
            max_before,
            max_after,
            (cum - weighted) / total,
            (total - cum) / total,
            after,
            before,
            coherence,
            np.full(n, weighted.sum() / (pf.chars.sum() or 1.0)),
        ],
        axis=1,
    ).astype(np.float32)
    return np.concatenate([pf.x, extra], axis=1)


class Forest:
    """Binary trees whose leaf values add up to a log-odds margin (:meth:`margin`).

    ``spec`` holds ``depth``, ``base`` and per tree the arrays ``feature``, ``threshold``,
    ``left``, ``right`` (negative: leaf ``~index``) and ``leaf``. A row goes left when its
    value is at most the threshold.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        trees = spec["trees"]
        self.base = float(spec.get("base", 0.0))
        self.depth = depth = int(spec["depth"])
        self.n_trees = k = len(trees)
        # Every tree as a complete tree of ``depth`` levels (node j has children 2j+1 and
        # 2j+2), so that all rows step down one level together: a shallow leaf is pushed
        # down through splits that send everything left, and copied to the leaves below.
        inner, width = 2**depth - 1, 2**depth
        self.feature = np.zeros((k, inner), dtype=np.intp)
        self.threshold = np.full((k, inner), np.inf)
        self.leaf = np.zeros((k, width))
        for j, t in enumerate(trees):
            self._place(j, t, 0, 0, 0)
        self.feature_flat = self.feature.ravel()
        # The features are float32: x <= t exactly when x <= the largest float32 <= t.
        low = self.threshold.astype(np.float32)
        over = low.astype(np.float64) > self.threshold
        low[over] = np.nextafter(low[over], np.float32(-np.inf))
        self.threshold_flat = low.ravel()
        self.leaf_flat = self.leaf.ravel()

    def _place(self, j: int, tree: dict[str, Any], node: int, slot: int, level: int) -> None:
        """Copy ``tree``'s ``node`` (``~leaf`` if negative) into complete slot ``slot``."""
        if level == self.depth:
            if node >= 0:
                raise ValueError(f"tree {j} is deeper than {self.depth}")
            self.leaf[j, slot - (2**self.depth - 1)] = tree["leaf"][~node]
            return
        if node >= 0:
            self.feature[j, slot] = tree["feature"][node]
            self.threshold[j, slot] = tree["threshold"][node]
            self._place(j, tree, tree["left"][node], 2 * slot + 1, level + 1)
            self._place(j, tree, tree["right"][node], 2 * slot + 2, level + 1)
        else:  # threshold inf: every row goes left; the right subtree is never reached
            self._place(j, tree, node, 2 * slot + 1, level + 1)
            self._place(j, tree, node, 2 * slot + 2, level + 1)

    def margin(self, x: np.ndarray) -> np.ndarray:
        """The summed leaf values of each row (log odds)."""
        n, width = x.shape
        if not n:
            return np.zeros(0)
        inner = 2**self.depth - 1
        tree_base = (np.arange(self.n_trees) * inner)[None, :]
        row_base = (np.arange(n) * width)[:, None]
        flat_x = np.ascontiguousarray(x, dtype=np.float32).ravel()
        node = np.zeros((n, self.n_trees), dtype=np.intp)
        for _ in range(self.depth):
            at = tree_base + node
            value = flat_x.take(row_base + self.feature_flat.take(at))
            node = 2 * node + 1 + (value > self.threshold_flat.take(at))
        leaves = (np.arange(self.n_trees) * (inner + 1))[None, :] + node - inner
        return self.base + self.leaf_flat.take(leaves).sum(axis=1)


class LineModel:
    """Two stages of :class:`Forest`: one over :data:`FEATURE_NAMES`, and one that refines
    its verdict with :data:`REFINE_NAMES`.

    The JSON file (written by ``bench/train_boiler.py``) holds ``features`` and ``refine``
    (the names the stages were trained on, which must be this version's) and ``stages``.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        if tuple(spec["features"]) != FEATURE_NAMES or tuple(spec["refine"]) != REFINE_NAMES:
            raise ValueError("the model was trained on other features than this version computes")
        self.stages = [Forest(s) for s in spec["stages"]]

    @classmethod
    def load(cls, path: Path) -> LineModel:
        """Read a model file written by ``bench/train_boiler.py``."""
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f))

    def content_probability(self, page: Page) -> np.ndarray:
        """The probability that each line of ``page`` is part of the article."""
        pf = page_features(page)
        p = _sigmoid(self.stages[0].margin(pf.x))
        for stage in self.stages[1:]:
            p = _sigmoid(stage.margin(refine_features(pf, p)))
        return p


def _sigmoid(margin: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-margin))
