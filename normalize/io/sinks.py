"""Outputs: the one way to open any output (:func:`open_output`: an atomic file, compressed
by its extension, or stdout), and the sinks of a run, one per source: text file, JSONL,
Parquet, or review-only.

Every file sink writes to a temporary file renamed into place on ``close``; ``abort`` removes
it, so an interrupted or failed source leaves no half-written output.
"""

from __future__ import annotations

import difflib
import gzip
import io
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from normalize.io.formats import dumps_jsonl
from normalize.types import Doc, DocOut


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
            f = open(tmp, mode)  # noqa: SIM115 - closed by the with below
        else:
            f = open(tmp, mode, encoding="utf-8", newline="")  # noqa: SIM115
        with f:
            yield f
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


#: The temporary file :func:`atomic_writer` writes for NAME in process PID.
_TEMP_NAME = re.compile(r"\.(.+)\.(\d+)\.tmp")


def remove_stale_temporaries(outputs: Iterable[Path]) -> int:
    """Remove the temporary files of ``outputs`` left by runs that were killed (their process
    is gone): a ``.NAME.PID.tmp`` that no run would ever finish. Each folder is listed once.
    Returns how many were removed.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); stale = d / ".a.txt.999999999.tmp"; _ = stale.write_text("x")
    >>> remove_stale_temporaries([d / "a.txt"]), stale.exists()
    (1, False)
    """
    by_folder: dict[Path, set[str]] = {}
    for path in outputs:
        by_folder.setdefault(path.parent, set()).add(path.name)
    removed = 0
    for folder, names in by_folder.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # not created yet: nothing left there
        for entry in entries:
            m = _TEMP_NAME.fullmatch(entry.name)
            if m is None or m.group(1) not in names:
                continue
            if not _alive(int(m.group(2))):
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid <= 2**22  # another user's process; above pid_max there is none
    return True


@contextmanager
def _stdout() -> Iterator[IO[str]]:
    yield sys.stdout


@contextmanager
def _zst_writer(path: Path) -> Iterator[IO[str]]:
    import zstandard

    with atomic_writer(path, "wb") as raw:
        with zstandard.ZstdCompressor().stream_writer(raw, closefd=False) as z:
            text = io.TextIOWrapper(z, encoding="utf-8", newline="")
            yield text
            text.flush()
            text.detach()


def open_output(path: Path | None) -> Any:
    """A context manager giving a text stream for any output: stdout for ``None``, else an
    atomic file, gzip- or zstd-compressed by its extension."""
    if path is None:
        return _stdout()
    if path.suffix == ".zst":
        return _zst_writer(path)
    return atomic_writer(path)


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
        self._cm = open_output(path)
        self._f = self._cm.__enter__()

    def write(self, doc: Doc, out: DocOut | None) -> None:
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

    def write(self, doc: Doc, out: DocOut | None) -> None:
        super().write(doc, out)
        assert out is not None
        self._f.write(out.text)


class JsonlSink(Sink):
    def __init__(self, label: str, path: Path | None, text_field: str) -> None:
        super().__init__(label)
        self.text_field = text_field
        self._open(path)

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
        self._cm = atomic_writer(path, "wb")
        self._raw = self._cm.__enter__()
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
