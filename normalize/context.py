"""Per-document context handed to every rule: id, language guess and batch statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from normalize.content import detect_content
from normalize.langid import SAMPLE_CHARS, identify, identify_cached
from normalize.lexicon import word_runs

_UNSET = object()


@dataclass
class DocContext:
    """What a rule may know about the document beyond the text of the current step.

    ``lang`` is guessed lazily from the text of the step that first asks, unless given;
    ``batch`` maps a rule id to the statistics its kind computed over the whole batch;
    ``site`` is the document's site (a host name), when its source gives one.
    ``content`` is the document's kind (see :mod:`normalize.content`), detected on the
    original text unless given, and again on the cleaned text (:meth:`redetect_content`).

    >>> ctx = DocContext("The cat and the dog were in the house.")
    >>> ctx.lang, ctx.content
    ('en', 'prose')
    """

    original: str
    doc_id: str | None = None
    forced_lang: str | None = None
    forced_content: str | None = None
    batch: dict[str, Any] = field(default_factory=dict)
    #: Per-document memos of rules, by rule id (shared rule objects keep none themselves).
    scratch: dict[str, Any] = field(default_factory=dict)
    #: The text as the current pass step sees it; the language is guessed from it on first
    #: use, so that repaired text (mojibake fixed, escapes gone) is what is read.
    current: str | None = None
    site: str | None = None
    _lang: Any = field(default=_UNSET, repr=False)
    _lang_sample: str = field(default="", repr=False)
    _content: str | None = field(default=None, repr=False)
    _spans_of: str | None = field(default=None, repr=False)
    _span_langs: dict[int, str | None] = field(default_factory=dict, repr=False)
    _runs_of: str | None = field(default=None, repr=False)
    _runs: tuple[list[str], set[str]] | None = field(default=None, repr=False)

    def runs(self, text: str) -> tuple[list[str], set[str]]:
        """The alphanumeric runs of ``text`` (a list in order, and as a set), computed once per
        text: the word passes share them.

        >>> words, distinct = DocContext("x").runs("a b a")
        >>> words, sorted(distinct)
        (['a', 'b', 'a'], ['a', 'b'])
        """
        if self._runs_of is not text or self._runs is None:
            words = word_runs(text)
            self._runs = (words, set(words))
            self._runs_of = text
        return self._runs

    @property
    def content(self) -> str:
        """The document kind: forced, or detected on first use."""
        if self._content is None:
            self._content = self.forced_content or detect_content(self.original)
        return self._content

    def redetect_content(self, text: str) -> bool:
        """Detect the kind again on ``text``, the document as cleaned so far (a mojibake
        repair can shorten the lines that made it look hard-wrapped); True when it changed.
        A forced kind never changes.

        >>> ctx = DocContext("a,b,c\\n1,2,3\\n4,5,6\\n7,8,9\\n")
        >>> ctx.content, ctx.redetect_content("One sentence of prose."), ctx.content
        ('data', True, 'prose')
        """
        if self.forced_content:
            return False
        new = detect_content(text)
        if new == self.content:
            return False
        self._content = new
        return True

    @property
    def lang(self) -> str | None:
        if self.forced_lang:
            return self.forced_lang
        # Asked again when the part the identifier reads has changed since: a line dropped
        # or repaired at the top of the document changes the answer (and idempotence).
        text = self.current if self.current is not None else self.original
        sample = text[:SAMPLE_CHARS]
        if self._lang is _UNSET or sample != self._lang_sample:
            self._lang = identify(sample)
            self._lang_sample = sample
        return self._lang

    def lang_at(self, text: str, pos: int) -> str | None:
        """The language of the line of ``text`` around ``pos``: the line's own when the
        identifier is sure of it, else its paragraph's, else the document's.

        >>> t = "The minister said the talks would go on for another week.\\n"
        >>> t += "Die Regierung werde die Verhandlungen fortsetzen und prüfen.\\n"
        >>> ctx = DocContext(t, forced_lang="en")
        >>> ctx.lang_at(t, 5), ctx.lang_at(t, len(t) - 5)
        ('en', 'de')
        """
        if self._spans_of is not text:
            self._spans_of = text
            self._span_langs = {}
        start = text.rfind("\n", 0, pos) + 1
        if start in self._span_langs:
            return self._span_langs[start]
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        lang = identify_cached(text[start:end])
        if lang is None:
            above = text.rfind("\n\n", 0, start)
            below = text.find("\n\n", end)
            para = text[above + 1 if above != -1 else 0 : below if below != -1 else len(text)]
            if para.strip() != text[start:end].strip():
                lang = identify(para)
        if lang is None:
            lang = self.lang
        self._span_langs[start] = lang
        return lang
