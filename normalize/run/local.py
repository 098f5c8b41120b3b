"""The local runner: chunks of documents cleaned in worker processes (one compiled
pipeline per worker) and handed back in order, with bounded memory.

A *source* is one input (a text file, a JSONL file, a Parquet file or stdin). Its documents
are read lazily and grouped into chunks; at most ``2 × jobs`` chunks are in flight, so
memory does not grow with the input. Results come back in submission order, so document
order within each output is kept.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from normalize.engine import Pipeline, cached_pipeline
from normalize.types import DocOut

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


#: What a chunk comes back as: results in order, and the chunk's summed statistics.
ChunkOut = tuple[list[DocOut | None], dict[str, int]]
#: One document of a chunk: ``(doc_id, text, site)`` (a ``(doc_id, text)`` pair has no site).
Work = tuple[str, str, str | None] | tuple[str, str]


def _init_worker(
    settings: Settings, batch: dict[str, Any] | None, run_pid: int | None = None
) -> None:
    global _worker_pipe, _worker_batch, _worker_keep_changes
    if run_pid is not None:
        _watch_run(run_pid)
    _worker_pipe = settings.pipeline()
    _worker_batch = batch
    _worker_keep_changes = settings.keep_changes


def _watch_run(run_pid: int, every: float = 1.0) -> None:
    """Exit this worker when the run that started it is gone (killed with -9, it cannot
    stop its pool): a worker's parent is the fork server, so the run's pid is watched."""

    def watch() -> None:
        while True:
            time.sleep(every)
            try:
                os.kill(run_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # pragma: no cover - the pid was reused by another user
                os._exit(1)

    threading.Thread(target=watch, name="normalize-watch", daemon=True).start()


def clean_chunk(docs: list[Work | None]) -> tuple[int, ChunkOut]:
    """Clean ``(doc_id, text, site)`` triples (or ``(doc_id, text)`` pairs) with this
    process's pipeline (``None`` items pass through); returns the worker pid too, so callers
    and tests can see where work ran. Statistics are summed here, once per chunk, rather
    than sent back per document. Every engine cleans its chunks here."""
    assert _worker_pipe is not None, "worker not initialised"
    out: list[DocOut | None] = []
    stats: Counter[str] = Counter()
    for item in docs:
        if item is None:
            out.append(None)
            continue
        doc_id, text = item[0], item[1]
        site = item[2] if len(item) > 2 else None
        r = _worker_pipe.clean(text, doc_id=doc_id, batch=_worker_batch, site=site)
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

    def _inline(self, docs: list[Work | None]) -> ChunkOut:
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
            initargs=(self.settings, self.batch, os.getpid()),
        )
        return self.pool

    def map(
        self, chunks: Iterator[tuple[Any, list[Work | None]]]
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
