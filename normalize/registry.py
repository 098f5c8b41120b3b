"""What every rule kind is: :class:`RuleKind`, its compile error and its parameters.

The closed set of kinds itself is the static table ``normalize.kinds.BUILTIN_KINDS``, which
the loader reads; every kind declares a pydantic schema, so unknown keys in a rule are
errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from normalize.content import CONTENT_KINDS

if TYPE_CHECKING:
    from normalize.context import DocContext
    from normalize.schema import RuleBase
    from normalize.types import Edit

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
    #: A kind with tunable thresholds names their defaults here (the one copy of them);
    #: the rule's ``params`` override them, typed and checked, into ``self.params``.
    param_defaults: ClassVar[dict[str, Any] | None] = None
    params_model: ClassVar[type[BaseModel] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.param_defaults is not None and cls.name:
            cls.params_model = params_model(cls.name, cls.param_defaults)

    def __init__(self, spec: RuleBase, base_dir: Path) -> None:
        self.spec = spec
        self.id = spec.id
        self.base_dir = base_dir
        self.index = 0  # position in its rule file, set by the loader
        #: True for the shipped rules (set by the loader, which knows where rules came from).
        self.trusted = False
        #: Document kinds the rule acts on (its own ``content`` or its pass's; set by the
        #: loader). The default covers rules built by hand outside a pass.
        self.content: frozenset[str] = frozenset(spec.content or CONTENT_KINDS)
        try:
            self.prefilters = tuple(re.compile(p).search for p in spec.prefilter)
        except re.error as e:
            raise RuleCompileError(
                "E301", f"prefilter does not compile: {e}", "prefilter"
            ) from None
        self._requires = tuple(spec.requires)
        self._non_ascii = spec.requires_non_ascii
        if self.params_model is not None:
            self.params = merge_params(getattr(spec, "params", {}), self.params_model)

    def lint(self) -> list[tuple[str, str, str]]:
        """Warnings about the rule that do not stop it loading: ``(code, field, message)``."""
        return []

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

    def search_in_language(
        self, text: str, ctx: DocContext | None, search: Callable[[str, str], list[Any]]
    ) -> list[Any]:
        """Run ``search(lang, text)`` for a rule that checks its own language.

        On a short text it searches speculatively in the rule's first language and asks the
        document's language only when something was found: most documents need no fix, and
        the question costs about as much as the search there. A long text is asked first:
        searching a German page as English costs far more than identifying it, and a rule of
        several languages always asks first. The result is the same either way.
        """
        langs = self.spec.lang
        if len(text) < 64 and (ctx is None or ctx.lang is None):
            return []  # a snippet: guessing is cheap, and loading a lexicon for it is not
        if (
            ctx is not None
            and langs is not None
            and (len(text) >= LANGUAGE_FIRST_CHARS or len(langs) > 1)
        ):
            # A rule of several languages cannot guess which one to try first.
            if ctx.lang not in langs:
                return []
            return search(ctx.lang, text)
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

    def for_language(self, lang: str, build: Callable[[str], Any]) -> Any:
        """One object per language (a lexicon-backed algorithm), built on first use."""
        made = self.__dict__.setdefault("_by_language", {})
        got = made.get(lang)
        if got is None:
            got = made[lang] = build(lang)
        return got

    def warm(self, lang: str) -> None:
        """Load what :meth:`find` would load on first use for ``lang`` (nothing by default)."""

    def prepare_batch(self, texts: Iterable[str], sites: Iterable[str | None] | None = None) -> Any:
        """Optional first pass over a batch (for cross-document statistics); None by default.
        ``sites``, when given, holds each text's site (``None`` for a text without one)."""
        return None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"


def params_model(kind: str, defaults: dict[str, Any]) -> type[BaseModel]:
    """A typed pydantic model of a kind's parameters, with the defaults as its only copy of
    the thresholds; unknown names are errors, and ``normalize rules schema`` shows them.

    >>> M = params_model("demo", {"a": 1, "b": 0.5, "on": True})
    >>> M.model_validate({"b": 1}).model_dump()
    {'a': 1, 'b': 1.0, 'on': True}
    """
    fields: dict[str, Any] = {
        name: (type(value), Field(default=value)) for name, value in defaults.items()
    }
    return create_model(  # type: ignore[call-overload,no-any-return]
        f"{kind.title().replace('_', '')}Params",
        __config__=ConfigDict(extra="forbid", strict=False),
        **fields,
    )


def merge_params(given: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """A kind's parameters: its defaults overridden by the rule's ``params``, typed; a bad
    or unknown name is an E201 error pointing at ``params``.

    >>> merge_params({"a": 2}, params_model("demo", {"a": 1, "b": 3}))
    {'a': 2, 'b': 3}
    """
    try:
        return model.model_validate(given).model_dump()
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(map(str, err['loc'])) or 'params'}: {err['msg']}" for err in e.errors()
        )
        raise RuleCompileError("E201", f"bad parameter(s): {problems}", "params") from None
