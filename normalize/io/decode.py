"""Decoding documents: UTF-8, with a documented fallback.

Bytes that are not valid UTF-8 are decoded one by one as Windows-1252 (bytes that code page
leaves undefined as Latin-1), and the number of such bytes is reported so the caller can log
it; ``strict=True`` makes them an error instead. Data with NUL bytes in its first 8 KiB is
treated as binary and refused.

>>> decode_bytes(b"caf\\xe9 ok")
('café ok', 1)
"""

from __future__ import annotations

import re

from normalize.errors import InputError

#: ``surrogateescape`` turns each undecodable byte b into U+DC00+b (b >= 0x80): one
#: character per bad byte, found and replaced without any state outside the call.
_ESCAPED = re.compile("[\udc80-\udcff]")


def _byte_as_cp1252(m: re.Match[str]) -> str:
    b = bytes([ord(m.group()) - 0xDC00])
    try:
        return b.decode("cp1252")
    except UnicodeDecodeError:
        return b.decode("latin-1")


def is_binary(data: bytes) -> bool:
    """Binary data has a NUL byte early on (text in UTF-16 is refused the same way)."""
    return b"\x00" in data[:8192]


def decode_bytes(data: bytes, *, strict: bool = False, name: str = "<input>") -> tuple[str, int]:
    """Decode UTF-8 with the per-byte Windows-1252 fallback; return text and fallback count.

    >>> decode_bytes(b"a\\x81\\x93b")
    ('a\\x81“b', 2)
    """
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError as e:
        if strict:
            raise InputError(f"{name}: invalid UTF-8 at byte {e.start} (--strict)") from None
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(escaped))
    return _ESCAPED.sub(_byte_as_cp1252, escaped), bad
