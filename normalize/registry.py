"""The closed set of rule kinds, plus named functions and match transforms.

Kinds register themselves with :func:`register_kind`; third-party packages can add kinds
through the ``normalize.kinds`` entry-point group. Every kind declares a pydantic schema, so
unknown keys in a rule are errors.

>>> "regex" in kinds()
True
"""

from __future__ import annotations

import importlib
import re as stdlib_re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from normalize.content import CONTENT_KINDS

if TYPE_CHECKING:
    from normalize.context import DocContext
    from normalize.schema import RuleBase
    from normalize.types import Edit

_KINDS: dict[str, type[RuleKind]] = {}
_FUNCTIONS: dict[str, Callable[..., str]] = {}
_TRANSFORMS: dict[str, Callable[..., str | None]] = {}
_BUILTIN_KIND_MODULES = (
    "regex",
    "char_map",
    "drop_line",
    "function",
    "split_merged",
    "typo",
    "boilerplate",
)
_loaded = False


#: From this length on, a rule that checks its own language asks it before searching.
LANGUAGE_FIRST_CHARS = 2000


class RuleCompileError(Exception):
    """Raised by a kind's constructor; ``field`` names the rule key to point the error at."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class RuleKind:
    """Base class of compiled rules. Subclasses set ``name`` and ``schema``.

    ``find`` returns edits against the text it is given; the engine settles overlaps.
    """

    name: ClassVar[str] = ""
    schema: ClassVar[type[RuleBase]]
    #: True when ``find`` applies the rule's ``lang`` itself (to guess the language only when
    #: it has found something); otherwise the engine skips the rule for other languages.
    checks_language: ClassVar[bool] = False

    def __init__(self, spec: RuleBase, base_dir: Path) -> None:
        self.spec = spec
        self.id = spec.id
        self.base_dir = base_dir
        self.index = 0  # position in its rule file, set by the loader
        #: Document kinds the rule acts on (its own ``content`` or its pass's; set by the
        #: loader). The default covers rules built by hand outside a pass.
        self.content: frozenset[str] = frozenset(spec.content or CONTENT_KINDS)
        try:
            self.prefilters = tuple(stdlib_re.compile(p).search for p in spec.prefilter)
        except stdlib_re.error as e:
            raise RuleCompileError(
                "E301", f"prefilter does not compile: {e}", "prefilter"
            ) from None
        self._requires = tuple(spec.requires)
        self._non_ascii = spec.requires_non_ascii

    def gate(self, text: str, is_ascii: bool) -> bool:
        """Whether the rule's fast-path hints allow it to fire on ``text`` at all.

        >>> from normalize.schema import RuleBase
        >>> spec = RuleBase(id="x", kind="k", requires=["-"], prefilter=["-[ ]*;"])
        >>> k = RuleKind(spec, Path("."))
        >>> k.gate("a- ;b", True), k.gate("a- b", True), k.gate("ab", True)
        (True, False, False)
        """
        if self._non_ascii and is_ascii:
            return False
        if self._requires:
            for s in self._requires:
                if s in text:
                    break
            else:
                return False
        if self.prefilters:
            for search in self.prefilters:
                if search(text) is not None:
                    return True
            return False
        return True

    def find(self, text: str, ctx: DocContext) -> Iterable[Edit]:  # pragma: no cover
        raise NotImplementedError

    def language_ok(self, ctx: DocContext | None) -> bool:
        """Whether the rule may act on this document (its ``lang``, if any)."""
        langs = self.spec.lang
        return langs is None or (ctx is not None and ctx.lang in langs)

    def search_in_language(
        self, text: str, ctx: DocContext | None, search: Callable[[str, str], list[Any]]
    ) -> list[Any]:
        """Run ``search(lang, text)`` for a rule that checks its own language.

        On a short text it searches speculatively in the rule's first language and asks the
        document's language only when something was found: most documents need no fix, and
        the question costs about as much as the search there. A long text is asked first:
        searching a German page as English costs far more than identifying it. The result
        is the same either way.
        """
        langs = self.spec.lang
        if len(text) < 64 and (ctx is None or ctx.lang is None):
            return []  # a snippet: guessing is cheap, and loading a lexicon for it is not
        if len(text) >= LANGUAGE_FIRST_CHARS and ctx is not None and langs is not None:
            if ctx.lang not in langs:
                return []
        lang = langs[0] if langs else (ctx.lang if ctx is not None else None)
        if lang is None:
            return []
        found = search(lang, text)
        if not found:
            return []
        actual = ctx.lang if ctx is not None else None
        if actual is None or (langs is not None and actual not in langs):
            return []
        return found if actual == lang else search(actual, text)

    def warm(self, lang: str) -> None:
        """Load what :meth:`find` would load on first use for ``lang`` (nothing by default)."""

    def prepare_batch(self, texts: Iterable[str]) -> Any:
        """Optional first pass over a batch (for cross-document statistics); None by default."""
        return None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"


def merge_params(given: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """A kind's parameters: its defaults overridden by the rule's ``params``; unknown names
    are an E201 error pointing at ``params``.

    >>> merge_params({"a": 2}, {"a": 1, "b": 3})
    {'a': 2, 'b': 3}
    """
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise RuleCompileError("E201", f"unknown parameter(s): {', '.join(unknown)}", "params")
    return {**defaults, **given}


def register_kind(cls: type[RuleKind]) -> type[RuleKind]:
    """Class decorator adding a rule kind to the closed set."""
    _KINDS[cls.name] = cls
    return cls


def register_function(name: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
    """Decorator naming an opaque ``str -> str`` step usable by the ``function`` kind."""

    def deco(fn: Callable[..., str]) -> Callable[..., str]:
        _FUNCTIONS[name] = fn
        return fn

    return deco


def register_transform(
    name: str,
) -> Callable[[Callable[..., str | None]], Callable[..., str | None]]:
    """Decorator naming a match transform usable by the ``regex`` kind's ``transform`` key."""

    def deco(fn: Callable[..., str | None]) -> Callable[..., str | None]:
        _TRANSFORMS[name] = fn
        return fn

    return deco


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for mod in _BUILTIN_KIND_MODULES:
        importlib.import_module(f"normalize.kinds.{mod}")
    importlib.import_module("normalize.functions")
    from importlib.metadata import entry_points  # slow to import: only when kinds load

    for ep in entry_points(group="normalize.kinds"):
        ep.load()


def kinds() -> dict[str, type[RuleKind]]:
    """All registered kinds by name."""
    _load()
    return dict(_KINDS)


def get_kind(name: str) -> type[RuleKind] | None:
    _load()
    return _KINDS.get(name)


def get_function(name: str) -> Callable[..., str] | None:
    _load()
    return _FUNCTIONS.get(name)


def get_transform(name: str) -> Callable[..., str | None] | None:
    _load()
    return _TRANSFORMS.get(name)


def function_names() -> list[str]:
    _load()
    return sorted(_FUNCTIONS)


def transform_names() -> list[str]:
    _load()
    return sorted(_TRANSFORMS)
