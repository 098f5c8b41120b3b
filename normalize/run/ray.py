"""The Ray engine of ``normalize clean --engine ray``: the same run as the local engine
(the same sources, sinks, logs and batch statistics, from :class:`~normalize.run.clean.CleanRun`)
with the chunks cleaned by Ray actors instead of local worker processes.

``pip install 'normalize[ray]'``. For datasets that live in Ray already, see
:func:`normalize.integrations.ray.clean_dataset`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any

from normalize.run.local import ChunkOut, Settings, Work, _init_worker, clean_chunk


class _ChunkCleaner:
    """A Ray actor holding one pipeline: the local workers' initialiser and chunk cleaner."""

    def __init__(self, settings: Settings, batch: dict[str, Any] | None) -> None:
        _init_worker(settings, batch)

    def clean(self, docs: list[Work | None]) -> ChunkOut:
        return clean_chunk(docs)[1]


class RayRunner:
    """:class:`~normalize.run.local.Runner`'s interface over Ray actors: ``map`` yields each
    chunk's results in input order, with a bounded window of chunks in flight."""

    def __init__(
        self, settings: Settings, jobs: int, batch: dict[str, Any] | None, address: str | None
    ) -> None:
        import ray

        if not ray.is_initialized():
            ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
        actor = ray.remote(num_cpus=0.5)(_ChunkCleaner)
        self.actors = [actor.remote(settings, batch) for _ in range(max(1, jobs))]

    def map(
        self, chunks: Iterator[tuple[Any, list[Work | None]]]
    ) -> Iterator[tuple[Any, ChunkOut]]:
        import ray

        window: deque[tuple[Any, Any]] = deque()
        for n, (meta, docs) in enumerate(chunks):
            window.append((meta, self.actors[n % len(self.actors)].clean.remote(docs)))
            if len(window) >= 2 * len(self.actors):
                first, ref = window.popleft()
                yield first, ray.get(ref)
        while window:
            first, ref = window.popleft()
            yield first, ray.get(ref)

    def close(self) -> None:
        import ray

        for a in self.actors:
            ray.kill(a)
        self.actors = []
