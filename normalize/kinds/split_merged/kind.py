"""The ``split_merged`` rule kind: the rule schema and the adapter around :mod:`.splitter`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from normalize.context import DocContext
from normalize.kinds.split_merged.splitter import DEFAULT_PARAMS, MergedWordSplitter
from normalize.registry import RuleKind
from normalize.schema import RuleBase
from normalize.types import Edit


class SplitMergedRule(RuleBase):
    kind: Literal["split_merged"] = "split_merged"
    params: dict[str, Any] = {}


class SplitMergedKind(RuleKind):
    """``split_merged``: insert the spaces lost between words (see the module docstring).

    It runs only on documents whose guessed language has a wordfreq lexicon; thresholds
    come from the rule's ``params`` (unknown names are errors).
    """

    name = "split_merged"
    schema = SplitMergedRule
    param_defaults = DEFAULT_PARAMS

    def splitter(self, lang: str) -> MergedWordSplitter:
        """The splitter for ``lang`` (one per language, built on first use)."""
        splitter: MergedWordSplitter = self.for_language(
            lang, lambda lang: MergedWordSplitter(lang, self.params)
        )
        return splitter

    checks_language = True

    def warm(self, lang: str) -> None:
        self.splitter(lang)

    def find(self, text: str, ctx: DocContext | None) -> Iterator[Edit]:
        yield from self.search_in_language(
            text, ctx, lambda lang, t: self.splitter(lang).find(t, ctx.runs(t) if ctx else None)
        )
