"""Reading and writing documents: text files with a documented decoding fallback, JSONL
(optionally gzip-compressed), and atomic output files.

Decoding: input is UTF-8. Bytes that are not valid UTF-8 are decoded one by one as
Windows-1252 (bytes that code page leaves undefined as Latin-1), and the number of such bytes
is reported so the caller can log it; ``strict=True`` makes them an error instead. Files with
NUL bytes in their first 8 KiB are treated as binary and refused.

>>> decode_bytes(b"caf\\xe9 ok")
('café ok', 1)
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from normalize.errors import InputError

_FALLBACK = "normalize-cp1252"
_bad_bytes = 0


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    global _bad_bytes
    chunk = err.object[err.start : err.end]
    _bad_bytes += len(chunk)
    out = []
    for b in chunk:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(bytes([b]).decode("latin-1"))
    return "".join(out), err.end


codecs.register_error(_FALLBACK, _cp1252_fallback)


_LINE_BREAKERS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}
_LINE_BREAKERS_RE = __import__("re").compile("[\u2028\u2029\x85]")


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


def is_binary(data: bytes) -> bool:
    """Binary data has a NUL byte early on (text in UTF-16 is refused the same way)."""
    return b"\x00" in data[:8192]


def decode_bytes(data: bytes, *, strict: bool = False, name: str = "<input>") -> tuple[str, int]:
    """Decode UTF-8 with the per-byte Windows-1252 fallback; return text and fallback count."""
    global _bad_bytes
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError as e:
        if strict:
            raise InputError(f"{name}: invalid UTF-8 at byte {e.start} (--strict)") from None
    _bad_bytes = 0
    text = data.decode("utf-8", errors=_FALLBACK)
    return text, _bad_bytes


def read_bytes(path: Path) -> bytes:
    """Whole file, transparently gunzipped for ``*.gz``."""
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as f:
            return f.read()
    return path.read_bytes()


def read_document(path: Path, *, strict: bool = False) -> tuple[str, int]:
    """Read one text document; raises InputError for binary data."""
    try:
        data = read_bytes(path)
    except OSError as e:
        raise InputError(f"{path}: {e.strerror or e}") from None
    if is_binary(data):
        raise InputError(f"{path}: binary file (NUL bytes); skipped")
    return decode_bytes(data, strict=strict, name=str(path))


def open_binary(path: Path, mode: str = "rb") -> IO[bytes]:
    if path.suffix == ".gz":
        return gzip.open(path, mode)  # type: ignore[return-value]
    return open(path, mode)


@contextmanager
def atomic_writer(path: Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place on success, so an
    interrupted run never leaves a half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if path.suffix == ".gz":
            f: IO[Any] = gzip.open(
                tmp,
                mode + ("t" if "b" not in mode else ""),
                encoding=None if "b" in mode else "utf-8",
            )
        elif "b" in mode:
            f = open(tmp, mode)
        else:
            f = open(tmp, mode, encoding="utf-8", newline="")
        with f:
            yield f
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
