"""Output sinks of a batch run, one per source: text file, JSONL, Parquet, or review-only.

Every file sink writes to a temporary file renamed into place on ``close``; ``abort`` removes
it, so an interrupted or failed source leaves no half-written output.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Any

from normalize.batch import DocOut, write_stream
from normalize.io import dumps_jsonl


class Sink:
    """Base sink: counts changes; subclasses write."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.docs = 0
        self.changed = 0
        self.changes = 0
        self._cm: Any = None
        self._f: Any = None

    def _open(self, path: Path | None) -> None:
        self._cm = write_stream(path)
        self._f = self._cm.__enter__()

    def write(self, meta: Any, original: str | None, out: DocOut | None) -> None:
        self.docs += 1
        n = out.n_changes if out is not None else 0
        if n:
            self.changed += 1
            self.changes += n

    def close(self) -> None:
        if self._cm is not None:
            self._cm.__exit__(None, None, None)
            self._cm = None

    def abort(self, exc: BaseException) -> None:
        if self._cm is not None:
            try:
                self._cm.__exit__(type(exc), exc, None)
            except BaseException:  # noqa: BLE001 - the original error is what matters
                pass
            self._cm = None


class TextSink(Sink):
    def __init__(self, label: str, path: Path | None) -> None:
        super().__init__(label)
        self._open(path)

    def write(self, meta: Any, original: str | None, out: DocOut | None) -> None:
        super().write(meta, original, out)
        assert out is not None
        self._f.write(out.text)


class JsonlSink(Sink):
    def __init__(self, label: str, path: Path | None, text_field: str) -> None:
        super().__init__(label)
        self.text_field = text_field
        self._open(path)

    def write(self, meta: Any, original: str | None, out: DocOut | None) -> None:
        super().write(meta, original, out)
        rec = meta
        if out is not None:
            rec[self.text_field] = out.text
        self._f.write(dumps_jsonl(rec))


class ParquetSink(Sink):
    """Rebuilds each record batch with the cleaned text column; other columns pass through."""

    def __init__(self, label: str, path: Path, text_field: str) -> None:
        super().__init__(label)
        from normalize.io import atomic_writer

        self.text_field = text_field
        self._cm = atomic_writer(path, "wb")
        self._raw = self._cm.__enter__()
        self._writer: Any = None
        self._texts: list[str | None] = []

    def write(self, meta: Any, original: str | None, out: DocOut | None) -> None:
        super().write(meta, original, out)
        batch, row, nrows = meta
        self._texts.append(out.text if out is not None else original)
        if row == nrows - 1:
            import pyarrow as pa

            i = batch.schema.get_field_index(self.text_field)
            col = pa.array(self._texts, type=batch.schema.field(i).type)
            new = batch.set_column(i, batch.schema.field(i), col)
            if self._writer is None:
                import pyarrow.parquet as pq

                self._writer = pq.ParquetWriter(self._raw, new.schema)
            self._writer.write_batch(new)
            self._texts = []

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        super().close()


class ReviewSink(Sink):
    """``--dry-run``, ``--diff`` and ``--check``: writes no output file."""

    def __init__(self, label: str, diff: bool) -> None:
        super().__init__(label)
        self.diff = diff

    def write(self, meta: Any, original: str | None, out: DocOut | None) -> None:
        super().write(meta, original, out)
        if self.diff and out is not None and original is not None and out.text != original:
            name = self.label
            d = difflib.unified_diff(
                original.splitlines(keepends=True),
                out.text.splitlines(keepends=True),
                f"a/{name}",
                f"b/{name}",
            )
            sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in d)
