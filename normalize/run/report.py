"""What a run says besides the cleaned text: the log's note records and the summary."""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from normalize.io.sources import note_rule


def note_record(doc: str, rule: str, reason: str, pass_name: str = "io") -> dict[str, Any]:
    """A log record of action ``note`` (replay ignores it) about a document.

    >>> note_record("d1", "decode-fallback", "2 invalid UTF-8 byte(s)")["action"]
    'note'
    """
    return {
        "doc": doc, "seq": -1, "step": -1, "pass": pass_name, "rule": rule, "action": "note",
        "before": "", "after": "", "start": 0, "end": 0, "orig_start": 0, "orig_end": 0,
        "orig_line": 1, "orig_col": 1, "exact": True, "reason": reason,
    }  # fmt: skip


def document_records(
    doc: str, out: Any, decode_notes: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """The log records of one cleaned document: its kind and refused edits, the decoding
    fallback (if any), its warnings (such as a user rule that timed out), then its changes.
    """
    head = note_record(doc, "kind", f"kind={out.kind}", "document")
    head.update(kind=out.kind, refused=out.refused)
    recs = [head]
    recs += [note_record(doc, note_rule(n), n) for n in decode_notes]
    recs += [note_record(doc, "warning", w, "engine") for w in out.warnings]
    return recs + out.changes


def print_summary(s: dict[str, Any]) -> None:
    """The one-paragraph summary on stderr."""
    rate = f"{s['MB_per_s']} MB/s" if s["MB_per_s"] is not None else "-"
    print(
        f"normalize: {s['documents']} documents, {s['MB']} MB, {rate}, {s['changes']} "
        f"changes in {s['documents_changed']} documents",
        file=sys.stderr,
    )
    for k, v in s["per_pass"].items():
        print(f"  {k}: {v}", file=sys.stderr)
    if s["other"].get("records_without_text"):
        n = s["other"]["records_without_text"]
        print(f"  records without a text field, passed through: {n}", file=sys.stderr)
    if set(s["kinds"]) - {"prose"}:
        kinds = ", ".join(f"{k} {v}" for k, v in s["kinds"].items())
        print(f"  kinds: {kinds}", file=sys.stderr)
    if s["refused"]:
        refused = ", ".join(f"{k} {v}" for k, v in s["refused"].items())
        print(f"  refused in protected regions: {refused}", file=sys.stderr)


def error(msg: str) -> None:
    """One line on stderr, no traceback."""
    print(f"normalize: {msg}", file=sys.stderr)


def summarize(stats: Counter[str], seconds: float, nbytes: int) -> dict[str, Any]:
    """The end-of-run summary: documents, MB, MB/s, changes per pass and rule, documents per
    kind, protected regions per type (in documents whose edits were checked against them)
    and the edits refused because they touched one.

    >>> s = summarize(Counter({"docs": 2, "kind.code": 1, "kind.prose": 1, "refused.url": 3}),
    ...               1.0, 10)
    >>> s["kinds"], s["refused"]
    ({'code': 1, 'prose': 1}, {'url': 3})
    """
    mb = nbytes / 1e6

    def group(prefix: str) -> dict[str, int]:
        n = len(prefix)
        return {k[n:]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}

    return {
        "documents": stats.get("docs", 0),
        "documents_changed": stats.get("docs_changed", 0),
        "MB": round(mb, 3),
        "seconds": round(seconds, 3),
        "MB_per_s": round(mb / seconds, 3) if seconds > 0 else None,
        "changes": stats.get("changes", 0),
        "conflicts": stats.get("conflicts", 0),
        "per_pass": group("pass."),
        "per_rule": group("rule."),
        "kinds": group("kind."),
        "protected": group("protected."),
        "refused": group("refused."),
        "other": {
            k: v
            for k, v in sorted(stats.items())
            if not k.startswith(("pass.", "rule.", "kind.", "protected.", "refused."))
            and k not in ("docs", "docs_changed", "changes", "conflicts", "refused")
        },
    }
