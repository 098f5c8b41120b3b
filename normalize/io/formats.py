"""Record formats: which format a file holds, the one way to open any input (plain,
``.gz``, ``.zst`` or stdin), JSONL lines in and out.

>>> source_format(Path("a/b.jsonl.zst")), source_format(Path("x.parquet"))
('jsonl', 'parquet')
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from normalize.errors import InputError
from normalize.io.decode import decode_bytes, is_binary

_LINE_BREAKERS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}
_LINE_BREAKERS_RE = re.compile("[\u2028\u2029\x85]")


def dumps_jsonl(obj: Any) -> str:
    """One JSONL line: UTF-8 kept readable, but characters that ``str.splitlines`` treats as
    line breaks are escaped, so that every reader sees one record per line.

    >>> len(dumps_jsonl({"t": "a\u2028b"}).splitlines())
    1
    """
    line = json.dumps(obj, ensure_ascii=False)
    if "\u2028" in line or "\u2029" in line or "\x85" in line:
        line = _LINE_BREAKERS_RE.sub(lambda m: _LINE_BREAKERS[m.group()], line)
    return line + "\n"


def source_format(path: Path, forced: str = "auto") -> str:
    """``text``, ``jsonl``, ``parquet`` or ``html``, from ``--format`` or the file name.

    >>> source_format(Path("a/b.jsonl.zst")), source_format(Path("x.parquet"))
    ('jsonl', 'parquet')
    >>> source_format(Path("page.htm.gz"))
    'html'
    """
    if forced != "auto":
        return forced
    name = path.name
    for comp in (".gz", ".zst"):
        if name.endswith(comp):
            name = name[: -len(comp)]
    if name.endswith(".jsonl") or name.endswith(".ndjson"):
        return "jsonl"
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith((".html", ".htm")):
        return "html"
    return "text"


def open_input(path: Path | None) -> IO[bytes]:
    """A buffered binary stream (with ``readline``) for any input: ``None`` is stdin, and
    ``.gz`` and ``.zst`` files are decompressed as they are read. Every reader of the
    package opens its inputs here.

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "a.txt.gz"
    >>> with gzip.open(p, "wb") as f: _ = f.write(b"one\\ntwo\\n")
    >>> with open_input(p) as f: f.readline()
    b'one\\n'
    """
    if path is None:
        return sys.stdin.buffer
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if path.suffix == ".zst":
        import zstandard

        raw = zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True)
        return io.BufferedReader(raw)  # type: ignore[arg-type]
    return open(path, "rb")


def iter_jsonl_lines(
    stream: IO[bytes],
    name: str,
    strict: bool,
    skip_bad: bool,
    on_reject: Callable[[int, bytes, str, int], None],
    start: tuple[int, int] = (0, 0),
) -> Iterator[tuple[int, dict[str, Any] | None, bytes, int, int]]:
    """``(line_number, record or None, raw line, fallback bytes, offset after the line)``; a
    bad line raises ``InputError('path:line: …')`` unless ``skip_bad``, then it goes to
    ``on_reject`` (with the offset after it). ``start`` is ``(lines, bytes)`` already read:
    the stream is positioned after them (by a seek where it can, else by reading), and the
    numbering goes on from there.

    >>> data = io.BytesIO(b'{"a": 1}\\n{"a": 2}\\n')
    >>> lines = iter_jsonl_lines(data, "x", False, False, print, start=(1, 9))
    >>> [(n, r, off) for n, r, _, _, off in lines]
    [(2, {'a': 2}, 18)]
    """
    buffered = io.BufferedReader(stream) if not hasattr(stream, "readline") else stream
    first, offset = start
    if offset:
        _skip_bytes(buffered, offset)
    for lineno, raw in enumerate(buffered, first + 1):
        offset += len(raw)
        if not raw.strip():
            continue
        try:
            line, bad = decode_bytes(raw, strict=strict, name=f"{name}:{lineno}")
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("expected a JSON object")
        except (ValueError, InputError) as e:
            msg = f"{name}:{lineno}: malformed JSON: {e}"
            if not skip_bad:
                raise InputError(msg) from None
            on_reject(lineno, raw, msg, offset)
            continue
        yield lineno, rec, raw, bad, offset


def _skip_bytes(stream: IO[bytes], n: int) -> None:
    """Move ``stream`` ``n`` bytes on: a seek in a plain file, else by reading them."""
    try:
        if stream.seekable():
            stream.seek(n)
            return
    except (OSError, AttributeError):
        pass
    while n > 0:
        got = stream.read(min(n, 1 << 20))
        if not got:
            raise InputError(f"input ended before byte {n} where the run is to resume")
        n -= len(got)


def read_text_source(path: Path | None, strict: bool) -> tuple[str, int]:
    """One text document from a file (any compression) or stdin, decoded."""
    if path is not None:
        return read_document(path, strict=strict)
    data = sys.stdin.buffer.read()
    if is_binary(data):
        raise InputError("<stdin>: binary data (NUL bytes)")
    return decode_bytes(data, strict=strict, name="<stdin>")


def read_document(path: Path, *, strict: bool = False) -> tuple[str, int]:
    """Read one text document (``.gz`` and ``.zst`` decompressed); raises InputError for
    binary data or a file that cannot be read."""
    try:
        with open_input(path) as f:
            data = f.read()
    except OSError as e:
        raise InputError(f"{path}: {e.strerror or e}") from None
    if is_binary(data):
        raise InputError(f"{path}: binary file (NUL bytes); skipped")
    return decode_bytes(data, strict=strict, name=str(path))
