"""Sources: every input format read as one stream of :class:`~normalize.types.Doc`.

A text file is one document; a JSONL file gives one per line and a Parquet file one per row,
each carrying its record so that the sink can write it back with only the text replaced.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.jsonl"
>>> _ = p.write_text('{"id": 7, "text": "a  b"}\\n{"text": null}\\n')
>>> [(d.id, d.text) for d in read_docs(p, "jsonl", "a.jsonl", ReadOptions())]
[('7', 'a  b'), ('a.jsonl:2', None)]

A record's site (for statistics kept per site) is the host of its ``url`` field, or what
the field that ``site_field`` names gives (see :func:`site_of`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from normalize.errors import InputError, UsageError
from normalize.io.formats import iter_jsonl_lines, open_input, read_text_source
from normalize.io.html import NOTE_PREFIX, extract_main_text, extraction_note
from normalize.types import Doc

#: Parquet rows are read in record batches of this many rows.
PARQUET_BATCH_ROWS = 256

_NUL_NOTE = "NUL byte(s)"

#: ``(line number, raw bytes, message, byte offset after the line)`` of a malformed JSONL
#: line read with ``skip_bad``.
Rejecter = Callable[[int, bytes, str, int], None]


class ReadSettings(Protocol):
    """The options a source reads with (a :class:`~normalize.run.options.RunOptions` has them)."""

    text_field: str
    id_field: str
    strict: bool
    skip_bad: bool
    #: A JSONL field holding a page's HTML: its main text is extracted into ``text_field``.
    html_field: str | None
    #: The field naming a document's site: ``None`` is the host of ``url``, ``""`` none.
    site_field: str | None


@dataclass(frozen=True)
class ReadOptions:
    """Default :class:`ReadSettings`, for reading outside a run."""

    text_field: str = "text"
    id_field: str = "id"
    strict: bool = False
    skip_bad: bool = False
    html_field: str | None = None
    site_field: str | None = None


def site_of(value: Any, url: bool = False) -> str | None:
    """The site a field's value names: the host of a URL (lower case, without ``www.`` or a
    port), else the value itself (a string or a whole number); ``url``: the value is a URL
    even without a scheme. ``None`` for anything else, or an empty name.

    >>> site_of("https://WWW.Example.org:8080/a?b"), site_of("blog-7"), site_of(7)
    ('example.org', 'blog-7', '7')
    >>> site_of("example.org/a/b", url=True), site_of(""), site_of(None), site_of(True)
    ('example.org', None, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    value = str(value).strip()
    if url or "://" in value or value.startswith("//"):
        if "://" not in value and not value.startswith("//"):
            value = "//" + value
        try:
            host = urlsplit(value).hostname or ""
        except ValueError:  # a malformed URL (bad port, brackets): no site
            return None
        value = host.removeprefix("www.")
    return value or None


def _site_field(opts: ReadSettings) -> tuple[str | None, bool]:
    """The field naming a record's site, and whether it holds a URL whatever it looks like."""
    name = getattr(opts, "site_field", None)
    return ("url", True) if name is None else (name or None, False)


def decode_notes(bad_bytes: int, nul_bytes: int = 0) -> tuple[str, ...]:
    """The notes a document carries when some of its bytes were not valid UTF-8, or were NUL
    bytes past the start that the binary check reads.

    >>> decode_notes(2)
    ('2 invalid UTF-8 byte(s) decoded as Windows-1252',)
    """
    notes = []
    if bad_bytes:
        notes.append(f"{bad_bytes} invalid UTF-8 byte(s) decoded as Windows-1252")
    if nul_bytes:
        notes.append(f"{nul_bytes} {_NUL_NOTE} in a text file (binary data?)")
    return tuple(notes)


def note_rule(note: str) -> str:
    """The log rule of a reading note: ``nul-bytes``, ``decode-fallback``, or ``html-extract``
    (the extractor that made the text, see :mod:`normalize.io.html`).

    >>> [note_rule(n) for n in decode_notes(1, 2)]
    ['decode-fallback', 'nul-bytes']
    """
    if note.startswith(NOTE_PREFIX):
        return "html-extract"
    return "nul-bytes" if _NUL_NOTE in note else "decode-fallback"


def read_docs(
    path: Path | None,
    fmt: str,
    label: str,
    opts: ReadSettings,
    reject: Rejecter | None = None,
    name: str = "-",
    start: tuple[int, int] = (0, 0),
) -> Iterator[Doc]:
    """The documents of one input (``path`` ``None`` is stdin) in format ``fmt``.

    ``label`` names the input in messages and default ids; ``name`` is a text document's id.
    A malformed JSONL line raises :class:`~normalize.errors.InputError` unless
    ``opts.skip_bad``, then it goes to ``reject`` (if given). JSONL documents carry their
    position (:attr:`Doc.pos`), and ``start`` (such a position) resumes a JSONL input there.
    """
    if fmt == "text":
        text, bad = read_text_source(path, opts.strict)
        yield Doc(name, text, None, decode_notes(bad, text.count("\x00")))
    elif fmt == "html":
        text = extract_main_text(_read_bytes(path, label), label)
        yield Doc(name, text, None, (extraction_note(),))
    elif fmt == "jsonl":
        yield from _jsonl_docs(path, label, opts, reject, start)
    else:
        yield from _parquet_docs(path, label, opts)


def _jsonl_docs(
    path: Path | None,
    label: str,
    opts: ReadSettings,
    reject: Rejecter | None,
    start: tuple[int, int] = (0, 0),
) -> Iterator[Doc]:
    on_reject = reject if reject is not None else _drop
    site_field, is_url = _site_field(opts)
    with open_input(path) as stream:
        for lineno, rec, _raw, bad, offset in iter_jsonl_lines(
            stream, label, opts.strict, opts.skip_bad, on_reject, start
        ):
            text = rec.get(opts.text_field)
            doc_id = rec.get(opts.id_field)
            doc_id = str(doc_id) if doc_id is not None else f"{label}:{lineno}"
            site = site_of(rec.get(site_field), is_url) if site_field else None
            html = rec.get(opts.html_field) if opts.html_field else None
            if isinstance(html, str):
                try:
                    text = extract_main_text(html, f"{label}:{lineno}", rec.get("url"))
                except InputError as e:  # the record passes through as it came, with why
                    yield Doc(doc_id, None, rec, (str(e),), (lineno, offset), site)
                    continue
                yield Doc(doc_id, text, rec, (extraction_note(),), (lineno, offset), site)
            elif isinstance(text, str):
                yield Doc(doc_id, text, rec, decode_notes(bad), (lineno, offset), site)
            else:
                yield Doc(doc_id, None, rec, (), (lineno, offset), site)


def _read_bytes(path: Path | None, label: str) -> bytes:
    """The raw bytes of an input (any compression) or stdin: HTML declares its encoding."""
    try:
        with open_input(path) as f:
            return f.read()
    except OSError as e:
        raise InputError(f"{label}: {e.strerror or e}") from None


def _drop(lineno: int, raw: bytes, msg: str, offset: int) -> None:
    """The rejecter of a read that keeps no rejects (a first pass that only samples)."""


def _parquet_docs(path: Path | None, label: str, opts: ReadSettings) -> Iterator[Doc]:
    """Rows of a Parquet file; ``meta`` is ``(record batch, row, rows in the batch)``."""
    import pyarrow.parquet as pq

    if path is None:  # pragma: no cover - refused when the run is planned
        raise UsageError("Parquet cannot be read from stdin")
    tf, idf = opts.text_field, opts.id_field
    sf, is_url = _site_field(opts)
    pf = pq.ParquetFile(path)
    if tf not in pf.schema_arrow.names:
        raise InputError(f"{path}: no column {tf!r}")
    n = 0
    for batch in pf.iter_batches(batch_size=PARQUET_BATCH_ROWS):
        texts = batch.column(tf).to_pylist()
        ids = batch.column(idf).to_pylist() if idf in batch.schema.names else [None] * len(texts)
        names = batch.schema.names
        sites = batch.column(sf).to_pylist() if sf in names else [None] * len(texts)
        for row, (text, doc_id, site) in enumerate(zip(texts, ids, sites, strict=True)):
            doc_id = str(doc_id) if doc_id is not None else f"{label}:{n}"
            n += 1
            meta = (batch, row, len(texts))
            text = text if isinstance(text, str) else None
            yield Doc(doc_id, text, meta, (), None, site_of(site, is_url))
