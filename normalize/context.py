"""Per-document context handed to every rule: id, language guess and batch statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from normalize.lexicon import detect_language

_UNSET = object()


@dataclass
class DocContext:
    """What a rule may know about the document beyond the text of the current step.

    ``lang`` is guessed lazily from the original text unless given; ``batch`` maps a rule id to
    the statistics its kind computed over the whole batch.

    >>> DocContext("The cat and the dog were in the house.").lang
    'en'
    """

    original: str
    doc_id: str | None = None
    forced_lang: str | None = None
    batch: dict[str, Any] = field(default_factory=dict)
    _lang: Any = field(default=_UNSET, repr=False)

    @property
    def lang(self) -> str | None:
        if self.forced_lang:
            return self.forced_lang
        if self._lang is _UNSET:
            self._lang = detect_language(self.original)
        return self._lang
