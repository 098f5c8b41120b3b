"""One frozen :class:`RunOptions` for every command and engine, resolved once from the
defaults, ``[tool.normalize]`` in the nearest pyproject.toml, ``NORMALIZE_*`` and the
command line (each overriding the one before).

>>> RunOptions.resolve({"only": ["spacing"], "jobs": None}, file={"jobs": 3}, env={}).jobs
3
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from normalize.config import KEYS, file_settings, resolve
from normalize.errors import UsageError
from normalize.run.local import PipelineChoice, Settings

if TYPE_CHECKING:
    from normalize.engine import Pipeline


@dataclass(frozen=True)
class RunOptions(PipelineChoice):
    """Every option a run takes (the ``clean`` command's flags, which the other commands
    share where they apply). Build it with :meth:`resolve`."""

    paths: tuple[str, ...] = ()
    output: str | None = None
    log: str | None = None
    log_dir: str | None = None
    format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    html_field: str | None = None
    #: The record field naming a document's site (a URL's host is taken); None: ``url``;
    #: an empty name: no sites.
    site_field: str | None = None
    glob: str | None = None
    jobs: int | None = None  #: None: one worker per core
    engine: str = "local"
    ray_address: str | None = None
    in_place: bool = False
    backup: str | None = None
    resume: bool = False
    skip_bad: bool = False
    allow_missing_text: bool = False
    rejects: str | None = None
    batch_sample: int = 5000
    dry_run: bool = False
    diff: bool = False
    check: bool = False
    stats: str | None = None
    quiet: bool = False
    strict: bool = False

    @classmethod
    def resolve(
        cls,
        given: Mapping[str, Any],
        *,
        file: Mapping[str, Any] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> RunOptions:
        """Options from the command line's values (``None`` or empty: not given), over the
        environment, over the project file, over the defaults. Keys that are no option
        (such as argparse's ``func``) are ignored; comma lists are split."""
        cli = {k: v for k, v in given.items() if k in _NAMES}
        for k in ("only", "disable", "enable"):
            cli[k] = _split(cli.get(k))
        try:
            file = file_settings() if file is None else file
            unknown = sorted(set(file) - set(KEYS))
            if unknown:
                raise ValueError(f"[tool.normalize] unknown key(s): {', '.join(unknown)}")
            merged = resolve(cli, file, env)
        except ValueError as e:
            raise UsageError(str(e)) from None
        values: dict[str, Any] = {}
        for f in fields(cls):
            v = merged.get(f.name)
            if v is None or (isinstance(v, list) and not v and f.name != "only"):
                continue
            if f.name in ("only", "disable", "enable", "paths"):
                v = tuple(v) if v else None if f.name == "only" else ()
            values[f.name] = v
        return cls(**values)

    def replace(self, **changes: Any) -> RunOptions:
        """A copy with some options changed."""
        return dataclasses.replace(self, **changes)

    @property
    def review(self) -> bool:
        """True when the run only reports (``--dry-run``, ``--diff``, ``--check``)."""
        return self.dry_run or self.diff or self.check

    @property
    def workers(self) -> int:
        """Worker processes: ``jobs``, or one per core."""
        return int(self.jobs or os.cpu_count() or 1)

    def settings(self) -> Settings:
        """What a worker needs to rebuild this run's pipeline."""
        return Settings(
            self.rules, self.only, self.disable, self.enable, self.lang, kind=self.kind,
            keep_changes=bool(self.log or self.log_dir),
        )  # fmt: skip

    def pipeline(self) -> Pipeline:
        """This run's pipeline (built once per process); bad names are usage errors."""
        try:
            return super().pipeline()
        except ValueError as e:
            raise UsageError(str(e)) from None


_NAMES = frozenset(f.name for f in fields(RunOptions))


def _split(values: Any) -> list[str] | None:
    """``["a,b", "c"]`` -> ``["a", "b", "c"]``; None or empty stays None."""
    if not values:
        return None
    if isinstance(values, str):
        values = [values]
    return [x for v in values for x in str(v).split(",") if x]
