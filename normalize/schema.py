"""Pydantic models of the rule format. Every model forbids unknown keys.

A rule file is a mapping with ``pass`` (its name), an optional ``description`` and ``rules``;
each rule is validated against the model of its ``kind``. :func:`json_schema` exports the whole
format as JSON Schema.

>>> RuleBase(id="x", kind="regex").enabled
True
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from normalize.content import ContentKind
from normalize.protect import RegionType

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Example(Strict):
    """An input and the output the rule must produce from it; ``needs`` names optional
    modules without which the example is skipped (for example ``codespell_lib``), and
    ``lang`` the language it is written in (default: the rule's first language)."""

    in_: str = Field(alias="in")
    out: str
    needs: list[str] = Field(default_factory=list)
    lang: str | None = None


class RuleBase(Strict):
    """Keys every rule has, whatever its kind.

    ``requires`` (any of these substrings), ``prefilter`` (any of these standard-library
    ``re`` patterns) and ``requires_non_ascii`` are fast-path hints: the engine skips the rule
    on text that cannot match, without running it. Each must be a *necessary* condition of
    the rule firing; a prefilter that starts with a literal character is scanned fastest.
    """

    id: str = Field(pattern=ID_PATTERN)
    kind: str
    lang: list[str] | None = None
    #: Document kinds the rule acts on; when absent, those of its pass.
    content: list[ContentKind] | None = None
    priority: int = 0
    enabled: bool = True
    description: str = ""
    requires: list[str] = Field(default_factory=list)
    requires_non_ascii: bool = False
    prefilter: list[str] = Field(default_factory=list)
    examples: list[Example] = Field(default_factory=list)
    keep: list[str] = Field(default_factory=list)
    todo: list[Example] = Field(default_factory=list)


class PassFile(Strict):
    """The top level of a rule file; ``rules`` items are validated per kind afterwards.

    ``content`` lists the document kinds the pass acts on (prose only when absent: a pass
    must say that it is safe on Markdown, code, data or hard-wrapped text). ``protected``
    names the protected region types its edits keep out of: ``true`` (the default) for all
    of them, ``false`` for none (repairs that are right anywhere, such as mojibake), or a
    list of types (see :mod:`normalize.protect`).
    """

    pass_: str = Field(alias="pass", pattern=ID_PATTERN)
    description: str = ""
    content: list[ContentKind] = Field(default_factory=lambda: ["prose"])
    protected: bool | list[RegionType] = True
    max_iterations: int = Field(default=3, ge=1, le=10)
    rules: list[dict[str, Any]] = Field(default_factory=list)


class PassRef(Strict):
    """One entry of ``pipeline.yaml``."""

    name: str = Field(pattern=ID_PATTERN)
    file: str
    enabled: bool = True
    description: str = ""
    # When this pass changes a document, the whole pipeline runs over it once more: a fixed
    # word can make an earlier pass fire (``billion-\n\nwoul`` fixed to ``would`` is a
    # hyphen break). Only for passes that change text rarely.
    recheck: bool = False


class PipelineFile(Strict):
    """``pipeline.yaml``: the ordered list of passes."""

    passes: list[PassRef]
