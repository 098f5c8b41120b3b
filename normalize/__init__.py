"""normalize: text cleaning with a replayable change log.

>>> r = clean("Israel\u2018s deal: \\\\$\u06f1.\u06f6 billion")
>>> r.text
'Israel’s deal: $1.6 billion'
>>> apply_changes("Israel\u2018s deal: \\\\$\u06f1.\u06f6 billion", r.changes) == r.text
True
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from normalize.engine import Pipeline, apply_changes, cached_pipeline
from normalize.errors import InputError, NormalizeError, ReplayError, RuleError, RuleErrors
from normalize.loader import load_rules
from normalize.shipped import default_rules_dir
from normalize.types import Change, Conflict, Edit, Result

__all__ = [
    "Change",
    "Conflict",
    "Edit",
    "InputError",
    "NormalizeError",
    "Pipeline",
    "ReplayError",
    "Result",
    "RuleError",
    "RuleErrors",
    "apply_changes",
    "clean",
    "default_rules_dir",
    "load_rules",
]
__version__ = "0.1.0"


def clean(
    text: str,
    *,
    only: Iterable[str] | None = None,
    disable: Iterable[str] | None = None,
    rules: str | Path | None = None,
    lang: str | None = None,
    kind: str | None = None,
) -> Result:
    """Clean one text with the default (or given) rules; the pipeline is built once per
    configuration and process."""
    pipe = cached_pipeline(
        str(rules) if rules is not None else None,
        tuple(only) if only else None,
        tuple(disable) if disable else None,
        lang,
        kind=kind,
    )
    return pipe.clean(text)
