"""Where the shipped rules live, and whether a rule file is one of them (the loader trusts
those: their regex rules are linear by construction and run without a timeout)."""

from __future__ import annotations

from pathlib import Path

#: The manifest naming a rule folder's passes in order.
PIPELINE_FILE = "pipeline.yaml"


def shipped(path: Path) -> bool:
    """Whether a rule file lies in the shipped rules folder (its rules are then trusted: the
    shipped regex rules are linear by construction and run without a timeout).

    >>> shipped(default_rules_dir() / "spacing.yaml"), shipped(Path("my-rules.yaml"))
    (True, False)
    """
    try:
        return path.resolve().parent == default_rules_dir().resolve()
    except OSError:  # pragma: no cover
        return False


def default_rules_dir() -> Path:
    """The shipped rules: ``normalize/_rules`` in a wheel, top-level ``rules/`` in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    if (packaged / PIPELINE_FILE).is_file():
        return packaged
    return here.parent / "rules"
