"""Errors raised by normalize, and the catalogue of stable rule-file error codes.

Rule-file problems are reported as ``path:line:col: CODE message`` so that editors and CI
logs can jump straight to the offending YAML node.

>>> str(RuleError("E202", "unknown key 'patern'", path="rules/x.yaml", line=3, col=5))
"rules/x.yaml:3:5: E202 unknown key 'patern'"
"""

from __future__ import annotations

#: Stable error codes. Tools may match on these; never renumber them.
ERROR_CODES: dict[str, str] = {
    "E001": "YAML syntax error",
    "E002": "file missing or unreadable",
    "E101": "wrong document structure",
    "E201": "invalid value",
    "E202": "unknown key",
    "E203": "missing required key",
    "E204": "unknown rule kind",
    "E301": "regular expression does not compile",
    "E302": "duplicate rule id",
    "E303": "data file missing or invalid",
    "E304": "unknown function or transform",
    "E305": "duplicate pass name",
    "E401": "rule example failed",
    "W301": "pattern may backtrack badly (a warning: the rule still loads)",
}


class NormalizeError(Exception):
    """Base class of every error normalize raises on purpose."""


class RuleError(NormalizeError):
    """A problem in a rule file, located at ``path:line:col`` (1-based)."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"{code} is not one of the stable ERROR_CODES")
        self.code = code
        self.message = message
        self.path = path
        self.line = line
        self.col = col
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<rules>"
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.code} {self.message}"


class RuleErrors(NormalizeError):
    """Several rule errors found in one validation run (all are reported, not just the first)."""

    def __init__(self, errors: list[RuleError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class InputError(NormalizeError):
    """Input that cannot be processed (binary data, malformed JSONL, undecodable bytes)."""


class ReplayError(NormalizeError):
    """A change log that does not match the text it is replayed on."""


class UsageError(NormalizeError):
    """Bad usage of a command or of the run options (exit 2)."""
