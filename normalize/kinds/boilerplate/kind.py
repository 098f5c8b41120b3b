"""The ``boilerplate`` rule kind: the rule schema and the adapter around :mod:`.detector`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, Literal

import yaml

from normalize.context import DocContext
from normalize.kinds.boilerplate.detector import (
    BREAK_LINE_RE,
    DEFAULT_PARAMS,
    LAYOUT_REASONS,
    POSITION_REASONS,
    SENTENCE_END,
    SPARED_REASONS,
    BatchStats,
    BoilerplateDetector,
    evidence,
)
from normalize.kinds.boilerplate.linemodel import LineModel
from normalize.registry import (
    RuleCompileError,
    RuleKind,
)
from normalize.schema import RuleBase
from normalize.types import Edit

#: A line on many pages of its own site (see ``site_min_share``). Like repetition across the
#: batch it is spared when it is a complete sentence (a disclaimer, but also a recipe site's
#: "Preheat the oven to 180 °C." or a court's "The judgment is final."): precision first.
#: It needs no other evidence on the page (the site's own pages are its evidence), and is
#: none for the drops that do.
SITE_TEMPLATE = "site-template"
SPARED = SPARED_REASONS | {SITE_TEMPLATE}


def _sentence(line: str, min_words: int) -> bool:
    r"""A complete sentence: enough words and sentence punctuation at the end.

    >>> _sentence("“This come is look,” Baku said.\n", 4), _sentence("Read more\n", 4)
    (True, False)
    """
    body = line.strip().rstrip('"”’»)」』')
    if not body.endswith(SENTENCE_END) and not (body.endswith(":") and _ARMENIAN.search(body)):
        return False  # Armenian text often writes its full stop as a colon
    # Scripts without spaces count a word per two characters.
    return max(len(body.split()), len(_CJK.findall(body)) // 2) >= min_words


_ARMENIAN = re.compile("[\u0531-\u0587]")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _standalone(text: str, start: int, end: int) -> bool:
    r"""Whether the line ``text[start:end]`` has a blank line (or the text's edge) on each side.

    >>> _standalone("a\n\nAdvertisement\n\nb", 3, 17), _standalone("a\nshare.\nb", 2, 9)
    (True, False)
    """
    before = text.rfind("\n", 0, max(0, start - 1))
    above_blank = start == 0 or not text[before + 1 : start - 1].strip()
    nl = text.find("\n", end)
    below_blank = end >= len(text) or not text[end : nl if nl != -1 else len(text)].strip()
    return above_blank and below_blank


def continued_share(text: str) -> float:
    r"""Of the lines of 30 characters or more followed by another line, the share whose
    next line starts with a lower-case letter: high where text is cut at a fixed width.

    >>> continued_share("The talks went on for a week, and the minister\nsaid he was hopeful.\n")
    1.0
    >>> continued_share("Tram line to be extended to the north\nThe council voted on Tuesday.\n")
    0.0
    """
    lines = text.split("\n")
    pairs = continued = 0
    for line, nxt in zip(lines, lines[1:], strict=False):
        if len(line) >= 30:
            head = nxt.lstrip()[:1]
            if head:
                pairs += 1
                continued += head.islower()
    return continued / pairs if pairs else 0.0


def hard_wrapped(text: str, params: dict[str, Any]) -> bool:
    r"""Whether a text is wrapped at a fixed width (see ``hard_wrap_*`` in DEFAULT_PARAMS).

    >>> hard_wrapped("A line of wire copy that is wrapped at a width.\n" * 6, DEFAULT_PARAMS)
    True
    """
    limit = params["hard_wrap_max_line"]
    lengths = [len(line) for line in text.splitlines() if len(line.strip()) >= 30]
    short = sum(1 for n in lengths if n <= limit)
    if short == len(lengths):
        return True  # not one paragraph-length line: wrapped, or too little text to judge
    if len(lengths) < params["hard_wrap_min_lines"]:
        return False
    return short >= params["hard_wrap_min_share"] * len(lengths)


class BoilerplateRule(RuleBase):
    kind: Literal["boilerplate"] = "boilerplate"
    params: dict[str, Any] = {}
    phrases: str = "data/boilerplate"
    profile: Literal["default", "aggressive"] = "default"
    batch: bool = True


class BoilerplateKind(RuleKind):
    """``boilerplate``: drop whole lines that are not part of the article.

    Each dropped line is one ``delete`` record whose ``before`` is the whole line (with its
    newline), so the log restores it. A document whose every line would go is left as it is
    (the detector returns nothing for it).
    """

    name = "boilerplate"
    schema = BoilerplateRule
    param_defaults = DEFAULT_PARAMS

    def __init__(self, spec: BoilerplateRule, base_dir: Path) -> None:  # type: ignore[override]
        super().__init__(spec, base_dir)
        folder = base_dir / spec.phrases
        if not folder.is_dir():
            raise RuleCompileError("E303", f"no phrase folder {spec.phrases}", "phrases")
        model = self.params["model"]
        model_path = base_dir / model if model else None
        if model_path is not None and not model_path.is_file():
            raise RuleCompileError("E303", f"no model file {model}", "params")
        loader = partial(LineModel.load, model_path) if model_path is not None else None
        try:
            self.detector = BoilerplateDetector(self.params, str(folder), spec.profile, loader)
        except (OSError, ValueError, yaml.YAMLError) as e:
            raise RuleCompileError("E303", f"phrase lists: {e}", "phrases") from None

    def prepare_batch(
        self, texts: Iterable[str], sites: Iterable[str | None] | None = None
    ) -> BatchStats | None:
        """Line document-frequencies over the batch (and per site, when the documents have
        one), for cross-document repetition and site templates."""
        return self.detector.batch_stats(texts, sites) if self.spec.batch else None

    def find(self, text: str, ctx: DocContext | None) -> Iterator[Edit]:
        stats = ctx.batch.get(self.id) if ctx is not None else None
        params = self.detector.params
        wrapped = hard_wrapped(text, params)
        # A page of short lines looks wrapped too, but its lines start afresh: the line
        # model learnt such pages. In text cut at a width, a line goes on mid-sentence.
        alone = "\n\n" in text
        model = not wrapped or (
            text.count("\n") >= params["model_min_lines"]
            and continued_share(text) < params["model_wrapped_continued"]
        )
        if wrapped and not model and not alone:
            return  # wrapped text without a line standing alone: nothing can go
        memo = ctx.scratch.setdefault(self.id, {}) if ctx is not None else None
        site = ctx.site if ctx is not None else None
        found, judged = self.detector.judge(text, stats, memo, site, use_model=model)
        if wrapped and not judged and not alone:
            return  # as above, once the model has declined the text
        found = _with_evidence(_name_break_lines(text, found), params)
        spare = params["layout_spare_sentence_words"]
        if found and spare:
            found = [
                f
                for f in found
                if f.reason not in SPARED or not _sentence(text[f.start : f.end], spare)
            ]
        if found and wrapped and not judged:
            # In wrapped text a line is no unit of meaning ("... 12 cts per\nshare."): only a
            # line standing alone between blank lines can be boilerplate by itself. A page
            # the model judged (short lines that start afresh, and the evidence of a web
            # page) is no wrapped text.
            found = [
                f
                for f in found
                if f.reason not in LAYOUT_REASONS and _standalone(text, f.start, f.end)
            ]
        yield from found


Found = list[Edit]


def _name_break_lines(text: str, found: Found) -> Found:
    """A letterless line that is a section break (``* * *``) is named as one."""
    return [
        f._replace(reason="break-line")
        if f.reason == "no-letters" and BREAK_LINE_RE.fullmatch(text, f.start, f.end)
        else f
        for f in found
    ]


def _with_evidence(found: Found, params: dict[str, Any]) -> Found:
    """Drops by position or by repetition across the batch need enough hard detections in
    the same document (a site template is none, and needs none)."""
    if not found:
        return found
    hard = evidence(f.reason for f in found)
    if hard < params["region_min_evidence"]:
        found = [f for f in found if f.reason not in POSITION_REASONS]
    if hard < params["batch_min_evidence"]:
        found = [f for f in found if f.reason != "batch-repeat"]
    return found
