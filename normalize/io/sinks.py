"""Outputs: the one way to write any output file (:class:`PartialFile`: written under a
hidden partial name, compressed by its extension, committed as it goes and published by a
rename), and the sinks of a run, one per source: text file, JSONL, Parquet, or review-only.

A sink's output keeps its partial name until :meth:`Sink.publish`; ``abort`` removes it (or
keeps it to resume from), so an interrupted or failed source never leaves a half-written file
under the final name.
"""

from __future__ import annotations

import difflib
import gzip
import io
import os
import sys
from pathlib import Path
from typing import IO, Any

from normalize.io.formats import dumps_jsonl
from normalize.types import Doc, DocOut


def partial_name(path: Path) -> Path:
    """Where :class:`PartialFile` writes ``path`` until it is published.

    >>> partial_name(Path("out/a.jsonl")).as_posix()
    'out/.a.jsonl.partial'
    """
    return path.with_name(f".{path.name}.partial")


class PartialFile:
    """An output written under a hidden partial name (:func:`partial_name`) and renamed into
    place by :meth:`publish`, so that no half-written file ever has the final name.

    :meth:`commit` flushes what is written so far and returns its size in bytes; a
    resumed run opens the partial file again with ``keep`` set to that size, which cuts off
    whatever was written after the commit, and appends. Files named ``.gz`` or ``.zst`` are
    compressed, and can only start afresh (``keep`` 0).

    >>> import tempfile; d = Path(tempfile.mkdtemp())
    >>> f = PartialFile(d / "a.txt"); _ = f.text.write("one\\n"); size = f.commit()
    >>> _ = f.text.write("lost"); f.close()            # killed before the next commit
    >>> f = PartialFile(d / "a.txt", keep=size); _ = f.text.write("two\\n"); f.close()
    >>> f.publish(); (d / "a.txt").read_text(), partial_name(d / "a.txt").exists()
    ('one\\ntwo\\n', False)
    """

    def __init__(self, path: Path, keep: int = 0, binary: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.partial = path, partial_name(path)
        if keep and not self.resumable(path):
            raise ValueError(f"{path}: a compressed output cannot be resumed")
        self._raw = open(self.partial, "r+b" if keep else "w+b")  # noqa: SIM115 - closed below
        if keep:
            self._raw.truncate(keep)
            self._raw.seek(keep)
        self._comp: Any = None
        if path.suffix == ".gz":
            # mtime 0 and no file name: the same output bytes from every run
            self._comp = gzip.GzipFile(filename="", fileobj=self._raw, mode="wb", mtime=0)
        elif path.suffix == ".zst":
            import zstandard

            self._comp = zstandard.ZstdCompressor().stream_writer(self._raw, closefd=False)
        #: The binary stream to write (compressed as the name says).
        self.stream: IO[bytes] = self._comp if self._comp is not None else self._raw
        #: The text stream to write, UTF-8 with newlines as given (``None`` when ``binary``).
        self.text: IO[str] = (
            None  # type: ignore[assignment]
            if binary
            else io.TextIOWrapper(self.stream, encoding="utf-8", newline="")  # type: ignore[arg-type]
        )
        self.closed = False

    @staticmethod
    def resumable(path: Path) -> bool:
        """Whether a partial ``path`` can be cut at a commit and appended to (not compressed).

        >>> PartialFile.resumable(Path("a.jsonl")), PartialFile.resumable(Path("a.jsonl.gz"))
        (True, False)
        """
        return path.suffix not in (".gz", ".zst")

    def commit(self) -> int:
        """Flush what is written to the system (it survives the process being killed); its
        size in bytes, a point to resume from."""
        if self.text is not None:
            self.text.flush()
        self._raw.flush()
        return self._raw.tell()

    def close(self) -> None:
        """Finish the file (compression included); the partial name stays."""
        if self.closed:
            return
        self.closed = True
        try:
            if self.text is not None:
                self.text.flush()
                self.text.detach()
            if self._comp is not None:
                self._comp.close()
            self._raw.flush()
        finally:
            self._raw.close()

    def publish(self) -> None:
        """Give the closed file its final name."""
        self.close()
        os.replace(self.partial, self.path)

    def discard(self) -> None:
        """Close and remove the partial file."""
        try:
            self.close()
        except (OSError, ValueError):
            pass
        self.partial.unlink(missing_ok=True)


class Sink:
    """Base sink: counts changes; subclasses write."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.docs = 0
        self.changed = 0
        self.changes = 0
        self._f: Any = None

    #: The partial file being written (``None`` for stdout and review sinks).
    partial: PartialFile | None = None

    def _open(self, path: Path | None, keep: int = 0) -> None:
        if path is None:
            self._f = sys.stdout
            return
        self.partial = PartialFile(path, keep)
        self._f = self.partial.text

    def write(self, doc: Doc, out: DocOut | None) -> None:
        self.docs += 1
        n = out.n_changes if out is not None else 0
        if n:
            self.changed += 1
            self.changes += n

    def close(self) -> None:
        """Finish the output; it keeps its partial name until :meth:`publish`."""
        if self.partial is not None:
            self.partial.close()

    def publish(self) -> None:
        """Finish the output and give it its final name."""
        if self.partial is not None:
            self.partial.publish()

    def abort(self, exc: BaseException, keep: bool = False) -> None:
        """Give the output up: its partial file goes, unless ``keep`` (to resume from)."""
        if self.partial is not None:
            if keep:
                try:
                    self.partial.close()
                except (OSError, ValueError):
                    pass
            else:
                self.partial.discard()


class TextSink(Sink):
    def __init__(self, label: str, path: Path | None, keep: int = 0) -> None:
        super().__init__(label)
        self._open(path, keep)

    def write(self, doc: Doc, out: DocOut | None) -> None:
        super().write(doc, out)
        assert out is not None
        self._f.write(out.text)


class JsonlSink(Sink):
    def __init__(self, label: str, path: Path | None, text_field: str, keep: int = 0) -> None:
        super().__init__(label)
        self.text_field = text_field
        self._open(path, keep)

    def write(self, doc: Doc, out: DocOut | None) -> None:
        super().write(doc, out)
        rec = doc.meta
        if out is not None:
            rec[self.text_field] = out.text
        self._f.write(dumps_jsonl(rec))


class ParquetSink(Sink):
    """Rebuilds each record batch with the cleaned text column; other columns pass through."""

    def __init__(self, label: str, path: Path, text_field: str) -> None:
        super().__init__(label)
        self.text_field = text_field
        self.partial = PartialFile(path, binary=True)
        self._raw = self.partial.stream
        self._writer: Any = None
        self._texts: list[str | None] = []

    def write(self, doc: Doc, out: DocOut | None) -> None:
        super().write(doc, out)
        batch, row, nrows = doc.meta
        i = batch.schema.get_field_index(self.text_field)
        self._texts.append(out.text if out is not None else batch.column(i)[row].as_py())
        if row == nrows - 1:
            import pyarrow as pa

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
            self._writer = None
        super().close()


class ReviewSink(Sink):
    """``--dry-run``, ``--diff`` and ``--check``: writes no output file."""

    def __init__(self, label: str, diff: bool) -> None:
        super().__init__(label)
        self.diff = diff

    def write(self, doc: Doc, out: DocOut | None) -> None:
        super().write(doc, out)
        original = doc.text
        if self.diff and out is not None and original is not None and out.text != original:
            name = self.label
            d = difflib.unified_diff(
                original.splitlines(keepends=True),
                out.text.splitlines(keepends=True),
                f"a/{name}",
                f"b/{name}",
            )
            sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in d)
