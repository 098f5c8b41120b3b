"""Ray Data integration: clean a dataset on a cluster with one pipeline per actor.

``pip install 'normalize[ray]'``. Each actor builds the compiled pipeline once (its
constructor) and cleans record batches in ``map_batches``; actors take a fraction of a CPU by
default, because actors that reserve every CPU can starve Ray Data's own tasks and hang the
job (ray-project/ray#44687).

    import ray, normalize.integrations.ray as nr
    ds = ray.data.read_parquet("s3://bucket/docs/")
    cleaned = nr.clean_dataset(ds, text_column="text", id_column="id")
    cleaned.write_parquet("s3://bucket/clean/")
"""

from __future__ import annotations

import json
import os
from typing import Any

CHANGES_COLUMN = "normalize_changes"


class _Cleaner:
    """The stateful map_batches UDF: one compiled pipeline per actor."""

    builds = 0  # per process: how many pipelines this actor process built

    def __init__(
        self,
        text_column: str,
        id_column: str | None,
        rules: str | None,
        only: tuple[str, ...] | None,
        disable: tuple[str, ...],
        diagnostics: bool,
        lang: str | None = None,
        enable: tuple[str, ...] = (),
        kind: str | None = None,
    ) -> None:
        from normalize.engine import Pipeline

        self.pipe = Pipeline(rules, only=only, disable=disable, lang=lang, enable=enable, kind=kind)
        type(self).builds += 1
        self.text_column = text_column
        self.id_column = id_column
        self.diagnostics = diagnostics

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        texts = list(batch[self.text_column])
        ids = list(batch[self.id_column]) if self.id_column in batch else [None] * len(texts)
        out_texts: list[Any] = []
        logs: list[str] = []
        for text, doc_id in zip(texts, ids, strict=True):
            if not isinstance(text, str):
                out_texts.append(text)
                logs.append("[]")
                continue
            r = self.pipe.clean(text, doc_id=None if doc_id is None else str(doc_id))
            out_texts.append(r.text)
            logs.append(json.dumps([c.to_dict() for c in r.changes], ensure_ascii=False))
        out = dict(batch)
        out[self.text_column] = out_texts
        out[CHANGES_COLUMN] = logs
        if self.diagnostics:
            out["normalize_pid"] = [os.getpid()] * len(texts)
            out["normalize_builds"] = [type(self).builds] * len(texts)
        return out


def clean_dataset(
    ds: Any,
    *,
    text_column: str = "text",
    id_column: str | None = "id",
    rules: str | None = None,
    only: list[str] | None = None,
    disable: list[str] | None = None,
    lang: str | None = None,
    enable: list[str] | None = None,
    kind: str | None = None,
    concurrency: int | None = None,
    num_cpus: float = 0.5,
    batch_size: int = 256,
    diagnostics: bool = False,
) -> Any:
    """Return ``ds`` with ``text_column`` cleaned and a ``normalize_changes`` column holding
    each row's change log as a JSON list. Row order follows Ray Data's execution options
    (set ``DataContext.get_current().execution_options.preserve_order = True`` to keep it).

    ``concurrency`` is the number of actors (default 2); ``num_cpus`` what each reserves.
    ``diagnostics`` adds ``normalize_pid`` and ``normalize_builds`` columns.
    """
    return ds.map_batches(
        _Cleaner,
        fn_constructor_kwargs=dict(
            text_column=text_column,
            id_column=id_column,
            rules=rules,
            only=tuple(only) if only else None,
            disable=tuple(disable or ()),
            diagnostics=diagnostics,
            lang=lang,
            enable=tuple(enable or ()),
            kind=kind,
        ),
        concurrency=concurrency or 2,
        num_cpus=num_cpus,
        batch_size=batch_size,
        batch_format="numpy",
    )
