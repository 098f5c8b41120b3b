"""Frozen value types: an :class:`Edit` proposed by a rule, a logged :class:`Change`, a
:class:`Conflict` between edits, the :class:`Result` of cleaning one document, and a run's
:class:`Doc` (as read from a source) and :class:`DocOut` (as cleaned by a worker).

>>> e = Edit(3, 5, "x", rule="r")
>>> e.action
'replace'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple


class Edit(NamedTuple):
    """Replace ``text[start:end]`` of a pass's input by ``replacement``.

    ``reason`` says why (for example ``case-boundary``); ``score`` is an optional confidence.
    A named tuple rather than a dataclass: rules propose many, and tuples build fastest.
    """

    start: int
    end: int
    replacement: str
    rule: str = ""
    reason: str = ""
    score: float | None = None
    priority: int = 0
    order: int = 0

    @property
    def action(self) -> str:
        """``insert``, ``delete`` or ``replace``, from the edit's geometry."""
        if self.start == self.end:
            return "insert"
        if not self.replacement:
            return "delete"
        return "replace"


@dataclass(frozen=True, slots=True)
class Change:
    """One record of the change log.

    ``start``/``end`` are offsets in the input of the pass step that made the edit (``step``
    numbers the pass runs in order, so replay applies steps one after the other);
    ``orig_start``/``orig_end`` are character offsets in the original document and
    ``orig_line``/``orig_col`` are 1-based. ``exact`` is true when
    ``original[orig_start:orig_end] == before``.
    """

    doc: str | None
    seq: int
    step: int
    pass_name: str
    rule: str
    action: str
    before: str
    after: str
    start: int
    end: int
    orig_start: int
    orig_end: int
    orig_line: int
    orig_col: int
    exact: bool
    reason: str = ""
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the record; the pass name is stored under ``pass``."""
        # Built by hand: dataclasses.asdict deep-copies and is the hot spot of log writing.
        d = {
            "doc": self.doc, "seq": self.seq, "step": self.step, "pass": self.pass_name,
            "rule": self.rule, "action": self.action, "before": self.before,
            "after": self.after, "start": self.start, "end": self.end,
            "orig_start": self.orig_start, "orig_end": self.orig_end,
            "orig_line": self.orig_line, "orig_col": self.orig_col, "exact": self.exact,
        }  # fmt: skip
        if self.reason:
            d["reason"] = self.reason
        if self.score is not None:
            d["score"] = self.score
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Change:
        """Inverse of :meth:`to_dict`; unknown keys are ignored."""
        d = dict(d)
        d["pass_name"] = d.pop("pass")
        names = cls.__dataclass_fields__.keys()
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass(frozen=True, slots=True)
class Conflict:
    """An edit that lost to an overlapping edit inside one pass step (never dropped silently)."""

    doc: str | None
    pass_name: str
    step: int
    rule: str
    start: int
    end: int
    replacement: str
    winner_rule: str
    winner_start: int
    winner_end: int

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["pass"] = d.pop("pass_name")
        return d


@dataclass(frozen=True, slots=True)
class Result:
    """What :func:`normalize.clean` returns for one document."""

    text: str
    changes: list[Change] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    doc: str | None = None
    #: The document kind the passes were chosen for (see :mod:`normalize.content`).
    kind: str = "prose"
    #: Edits refused because they touched a protected region (``winner_rule`` names it,
    #: as ``protected:<type>``).
    refused: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the cleaned text differs from the input."""
        return bool(self.changes)


class Doc(NamedTuple):
    """One document as a source yields it, and as a sink writes it back.

    ``text`` is ``None`` for a record with no string to clean (it passes through as it came).
    ``meta`` is what the sink needs to write the record back (the JSONL record, the Parquet
    row), ``None`` for a text file. ``decode_notes`` say how invalid bytes were decoded.

    >>> Doc("a.txt", "hello").decode_notes
    ()
    """

    id: str
    text: str | None
    meta: Any = None
    decode_notes: tuple[str, ...] = ()
    #: Where the next document of its input starts, ``(line number, byte offset)``, for the
    #: formats a run can resume inside (JSONL); ``None`` elsewhere.
    pos: tuple[int, int] | None = None
    #: The document's site (a host name, see ``--site-field``), where its record gives one.
    site: str | None = None


class DocOut(NamedTuple):
    """A cleaned document as it travels back from a worker (a tuple: cheap to pickle)."""

    text: str
    changes: list[dict[str, Any]]
    n_changes: int
    warnings: list[str]
    #: The document kind the passes were chosen for, and how many edits it refused.
    kind: str = "prose"
    refused: int = 0
