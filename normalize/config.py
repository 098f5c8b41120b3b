"""Project defaults for the command line: ``[tool.normalize]`` in the nearest
``pyproject.toml``, overridden by ``NORMALIZE_*`` environment variables, overridden by the
command line.

>>> resolve({"jobs": None}, {"jobs": 4}, {"NORMALIZE_JOBS": "3"})["jobs"]
3
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Settings the file and environment may give, with their types.
KEYS: dict[str, type] = {
    "rules": str,
    "only": list,
    "disable": list,
    "enable": list,
    "lang": str,
    "kind": str,
    "jobs": int,
    "format": str,
    "text_field": str,
    "id_field": str,
    "html_field": str,
    "site_field": str,
    "strict": bool,
    "skip_bad": bool,
    "allow_missing_text": bool,
    "glob": str,
    "engine": str,
}


def find_pyproject(start: Path | None = None) -> Path | None:
    cur = (start or Path.cwd()).resolve()
    for d in (cur, *cur.parents):
        p = d / "pyproject.toml"
        if p.is_file():
            return p
    return None


def file_settings(start: Path | None = None) -> dict[str, Any]:
    """``[tool.normalize]`` of the nearest pyproject.toml (dashes in keys become underscores)."""
    p = find_pyproject(start)
    if p is None:
        return {}
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ValueError(f"{p}: {e}") from None
    raw = data.get("tool", {}).get("normalize", {})
    out = {}
    for k, v in raw.items():
        key = k.replace("-", "_")
        if key not in KEYS:
            raise ValueError(f"{p}: [tool.normalize] unknown key {k!r}")
        out[key] = v
    return out


def _from_env(key: str, value: str) -> Any:
    t = KEYS[key]
    if t is bool:
        return value.strip().lower() in ("1", "true", "yes", "on")
    if t is int:
        return int(value)
    if t is list:
        return [x for x in value.split(",") if x]
    return value


def resolve(
    cli: Mapping[str, Any], file: Mapping[str, Any], env: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Merge settings: the command line wins over the environment, which wins over the file.
    ``None`` (or an empty list) on the command line means "not given"."""
    env = os.environ if env is None else env
    out: dict[str, Any] = dict(cli)
    for key in KEYS:
        given = cli.get(key)
        if given not in (None, [], False):
            continue
        name = "NORMALIZE_" + key.upper()
        if name in env:
            try:
                out[key] = _from_env(key, env[name])
            except ValueError:
                raise ValueError(f"{name}: bad value {env[name]!r}") from None
        elif key in file:
            out[key] = file[key]
    return out
