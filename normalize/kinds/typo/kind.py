"""The ``typo`` rule kind: the rule schema and the adapter around :mod:`.fixer`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from normalize.cache import cached_table, package_version
from normalize.context import DocContext
from normalize.kinds.typo.fixer import (
    DEFAULT_PARAMS,
    TypoFixer,
    _in_english_dictionary,
    batch_vocabulary,
    load_codespell_misspellings,
)
from normalize.registry import RuleKind
from normalize.schema import RuleBase
from normalize.types import Edit

_MISSPELLINGS: dict[str, dict[str, str] | None] = {}


def _misspellings(source: str) -> dict[str, str] | None:
    """The known-misspellings table: ``codespell`` (GPL, optional extra ``normalize[typos]``,
    loaded from the installed package, never copied) or ``none``."""
    if source not in _MISSPELLINGS:
        table = None
        if source == "codespell" and package_version("codespell") != "-":
            try:
                table = (
                    cached_table(
                        "codespell",
                        (package_version("codespell"),),
                        load_codespell_misspellings,
                    )
                    or None
                )
            except Exception:  # noqa: BLE001 - a broken optional package means no table
                table = None
        _MISSPELLINGS[source] = table
    return _MISSPELLINGS[source]


class TypoRule(RuleBase):
    kind: Literal["typo"] = "typo"
    params: dict[str, Any] = {}
    misspellings: Literal["codespell", "none"] = "codespell"


class TypoKind(RuleKind):
    """``typo``: conservative, document-aware misspelling fixes (see the module docstring)."""

    name = "typo"
    schema = TypoRule
    param_defaults = DEFAULT_PARAMS

    def fixer(self, lang: str) -> TypoFixer:
        """The fixer for ``lang`` (one per language, built on first use)."""
        fixer: TypoFixer = self.for_language(
            lang, lambda lang: TypoFixer(lang, self.params, _misspellings(self.spec.misspellings))
        )
        return fixer

    checks_language = True

    def warm(self, lang: str) -> None:
        fixer = self.fixer(lang)
        fixer._cased_known()
        fixer._delete_index()
        if fixer.params["dictionary"] and lang == "en":
            _in_english_dictionary("the")  # loads lemminflect before workers fork

    def prepare_batch(
        self, texts: Iterable[str], sites: Iterable[str | None] | None = None
    ) -> frozenset[str] | None:
        """The words that ``batch_max_docs`` documents of the batch use: not typos."""
        limit = self.params["batch_max_docs"]
        if not limit:
            return None
        words = batch_vocabulary(texts, limit)
        langs = self.spec.lang or []
        return self.fixer(langs[0]).could_be_suspects(words) if len(langs) == 1 else words

    def find(self, text: str, ctx: DocContext | None) -> Iterator[Edit]:
        vocabulary = ctx.batch.get(self.id) if ctx is not None else None
        yield from self.search_in_language(
            text,
            ctx,
            lambda lang, t: self.fixer(lang).find(t, ctx.runs(t)[1] if ctx else None, vocabulary),
        )
