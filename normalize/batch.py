"""Batch cleaning: inputs are split into chunks of documents, cleaned in worker processes
(one compiled pipeline per worker) and written back in order, with bounded memory.

A *source* is one input (a text file, a JSONL file, a Parquet file or stdin). Its documents
are read lazily and grouped into chunks; at most ``2 × jobs`` chunks are in flight, so
memory does not grow with the input. Results come back in submission order, so document
order within each output is kept.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import sys
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple

from normalize.engine import Pipeline, cached_pipeline
from normalize.errors import InputError
from normalize.io import decode_bytes, is_binary, open_binary, read_document

CHUNK_DOCS = 256
CHUNK_CHARS = 4_000_000
#: Environment variable carrying the settings to the fork server (see ``_preload``).
PRELOAD_ENV = "NORMALIZE_PRELOAD"

_worker_pipe: Pipeline | None = None
_worker_batch: dict[str, Any] | None = None
_worker_keep_changes = True


@dataclass(frozen=True)
class PipelineChoice:
    """The options that choose the pipeline, shared by :class:`Settings` and the run
    options of every command."""

    rules: str | None = None
    only: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    lang: str | None = None
    kind: str | None = None

    def pipeline(self) -> Pipeline:
        """This process's pipeline for these options (built once; see ``_preload``)."""
        return cached_pipeline(
            self.rules, self.only, self.disable, self.lang, self.enable, kind=self.kind
        )


@dataclass(frozen=True)
class Settings(PipelineChoice):
    """What a worker needs to rebuild the pipeline."""

    #: Send change records back from workers (only needed when a log is written).
    keep_changes: bool = True

    def to_env(self) -> str:
        """The settings as JSON, for ``NORMALIZE_PRELOAD`` (read by the fork server)."""
        return json.dumps(
            {k: v for k, v in self.__dict__.items() if k != "keep_changes"}, sort_keys=True
        )

    @classmethod
    def from_env(cls, value: str) -> Settings:
        """Inverse of :meth:`to_env`.

        >>> s = Settings(only=("typos",)); Settings.from_env(s.to_env()).pipeline().pass_names
        ['typos']
        """
        d = json.loads(value)
        for k in ("only", "disable", "enable"):
            if d.get(k) is not None:
                d[k] = tuple(d[k])
        return cls(**d)


class DocOut(NamedTuple):
    """A cleaned document as it travels back from a worker (a tuple: cheap to pickle)."""

    text: str
    changes: list[dict[str, Any]]
    n_changes: int
    warnings: list[str]
    #: The document kind the passes were chosen for, and how many edits it refused.
    kind: str = "prose"
    refused: int = 0


#: What a chunk comes back as: results in order, and the chunk's summed statistics.
ChunkOut = tuple[list[DocOut | None], dict[str, int]]


def _init_worker(settings: Settings, batch: dict[str, Any] | None) -> None:
    global _worker_pipe, _worker_batch, _worker_keep_changes
    _worker_pipe = settings.pipeline()
    _worker_batch = batch
    _worker_keep_changes = settings.keep_changes


def clean_chunk(docs: list[tuple[str, str] | None]) -> tuple[int, ChunkOut]:
    """Clean ``(doc_id, text)`` pairs with this process's pipeline (``None`` items pass
    through); returns the worker pid too, so callers and tests can see where work ran.
    Statistics are summed here, once per chunk, rather than sent back per document."""
    assert _worker_pipe is not None, "worker not initialised"
    out: list[DocOut | None] = []
    stats: Counter[str] = Counter()
    for item in docs:
        if item is None:
            out.append(None)
            continue
        doc_id, text = item
        r = _worker_pipe.clean(text, doc_id=doc_id, batch=_worker_batch)
        changes = [c.to_dict() for c in r.changes] if _worker_keep_changes else []
        stats.update(r.stats)
        out.append(DocOut(r.text, changes, len(r.changes), r.warnings, r.kind, len(r.refused)))
    return os.getpid(), (out, dict(stats))


class Runner:
    """Runs chunks inline or in a process pool with a bounded window.

    The pool starts only when a second chunk arrives: a single small input (``echo x |
    normalize clean``) is cleaned in this process without paying for worker start-up. It
    starts in a background thread, and this process cleans chunks itself until the workers
    are up, so the start-up is not dead time.
    """

    def __init__(self, settings: Settings, jobs: int, batch: dict[str, Any] | None) -> None:
        self.jobs = max(1, jobs)
        self.settings = settings
        self.batch = batch
        self.pool: ProcessPoolExecutor | None = None
        self._starter: threading.Thread | None = None
        self._inline_ready = False

    def _inline(self, docs: list[tuple[str, str] | None]) -> ChunkOut:
        if not self._inline_ready:
            _init_worker(self.settings, self.batch)
            self._inline_ready = True
        return clean_chunk(docs)[1]

    @staticmethod
    def _context(settings: Settings) -> Any:
        """The process context: a fork server that has built and warmed the pipeline, so
        workers fork with lexicons loaded (once, shared copy-on-write) instead of each
        loading them."""
        import multiprocessing as mp

        if sys.platform == "win32":  # pragma: no cover
            return mp.get_context("spawn")
        ctx = mp.get_context("forkserver")
        os.environ[PRELOAD_ENV] = settings.to_env()
        ctx.set_forkserver_preload(["normalize._preload"])
        return ctx

    @classmethod
    def prestart(cls, settings: Settings) -> None:
        """Start the fork server now, so it warms up while this process reads its inputs."""
        from multiprocessing import forkserver

        if sys.platform != "win32":
            cls._context(settings)
            forkserver.ensure_running()

    def _start_pool(self) -> ProcessPoolExecutor:
        ctx = self._context(self.settings)
        self.pool = ProcessPoolExecutor(
            self.jobs,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(self.settings, self.batch),
        )
        return self.pool

    def map(
        self, chunks: Iterator[tuple[Any, list[tuple[str, str] | None]]]
    ) -> Iterator[tuple[Any, ChunkOut]]:
        """Yield ``(meta, (results, statistics))`` in the order of ``chunks``."""
        it = iter(chunks)
        first = next(it, None)
        if first is None:
            return
        second = next(it, None) if self.jobs > 1 else None
        if second is None:
            yield first[0], self._inline(first[1])
            for meta, docs in it:  # jobs == 1
                yield meta, self._inline(docs)
            return
        # Workers take a while to come up (the fork server warms the pipeline first); until
        # they have, this process cleans chunks itself instead of waiting.
        ready = threading.Event()
        failure: list[BaseException] = []

        def start() -> None:
            try:
                pool = self._start_pool()
                # Workers are spawned on demand: ask every one for its pid, which starts
                # them all, and wait until each has run its initializer.
                for f in [pool.submit(_worker_pid) for _ in range(self.jobs)]:
                    f.result()
            except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread
                failure.append(e)
            finally:
                ready.set()

        self._starter = threading.Thread(target=start, name="normalize-pool", daemon=True)
        self._starter.start()
        window: deque[tuple[Any, Future[tuple[int, ChunkOut]] | ChunkOut]] = deque()
        for meta, docs in itertools.chain([first, second], it):
            if not ready.is_set():
                window.append((meta, self._inline(docs)))
            else:
                if failure:
                    raise failure[0]
                assert self.pool is not None
                window.append((meta, self.pool.submit(clean_chunk, docs)))
            while window and (len(window) >= 2 * self.jobs or not isinstance(window[0][1], Future)):
                yield _settled(window.popleft())
        while window:
            yield _settled(window.popleft())

    def close(self) -> None:
        if self._starter is not None:
            self._starter.join()
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _worker_pid() -> int:
    return os.getpid()


def _settled(
    item: tuple[Any, Future[tuple[int, ChunkOut]] | ChunkOut],
) -> tuple[Any, ChunkOut]:
    meta, result = item
    return meta, result.result()[1] if isinstance(result, Future) else result


# ---------------------------------------------------------------- formats


def source_format(path: Path, forced: str = "auto") -> str:
    """``text``, ``jsonl`` or ``parquet``, from ``--format`` or the file name.

    >>> source_format(Path("a/b.jsonl.zst")), source_format(Path("x.parquet"))
    ('jsonl', 'parquet')
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
    return "text"


def open_text_stream(path: Path | None) -> IO[bytes]:
    """A binary stream for a path (``None`` is stdin), decompressing ``.gz``/``.zst``."""
    if path is None:
        return sys.stdin.buffer
    if path.suffix == ".zst":
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True)
    return open_binary(path)


def iter_jsonl_lines(
    stream: IO[bytes],
    name: str,
    strict: bool,
    skip_bad: bool,
    on_reject: Callable[[int, bytes, str], None],
) -> Iterator[tuple[int, dict[str, Any] | None, bytes, int]]:
    """``(line_number, record or None, raw line, fallback bytes)``; a bad line raises
    ``InputError('path:line: …')`` unless ``skip_bad``, then it goes to ``on_reject``."""
    buffered = io.BufferedReader(stream) if not hasattr(stream, "readline") else stream
    for lineno, raw in enumerate(buffered, 1):
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
            on_reject(lineno, raw, msg)
            continue
        yield lineno, rec, raw, bad


def read_text_source(path: Path | None, strict: bool) -> tuple[str, int]:
    if path is None:
        data = sys.stdin.buffer.read()
        if is_binary(data):
            raise InputError("<stdin>: binary data (NUL bytes)")
        return decode_bytes(data, strict=strict, name="<stdin>")
    if path.suffix == ".zst":
        with open_text_stream(path) as f:
            data = f.read()
        if is_binary(data):
            raise InputError(f"{path}: binary file (NUL bytes); skipped")
        return decode_bytes(data, strict=strict, name=str(path))
    return read_document(path, strict=strict)


def write_stream(path: Path | None) -> Any:
    """Context manager for an output stream: atomic file (compressed by extension) or stdout."""
    from contextlib import contextmanager

    from normalize.io import atomic_writer

    @contextmanager
    def _stdout() -> Iterator[IO[str]]:
        yield sys.stdout

    if path is None:
        return _stdout()
    if path.suffix == ".zst":
        return _zst_writer(path)
    return atomic_writer(path)


def _zst_writer(path: Path) -> Any:
    from contextlib import contextmanager

    from normalize.io import atomic_writer

    @contextmanager
    def cm() -> Iterator[IO[str]]:
        import zstandard

        with atomic_writer(path, "wb") as raw:
            with zstandard.ZstdCompressor().stream_writer(raw, closefd=False) as z:
                text = io.TextIOWrapper(z, encoding="utf-8", newline="")
                yield text
                text.flush()
                text.detach()

    return cm()


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
