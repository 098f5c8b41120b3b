"""Golden snapshots for rule authors: ``NAME.in.txt`` beside ``NAME.out.txt`` and
``NAME.changes.jsonl``. ``check`` cleans every input and compares text and change log;
``update`` rewrites the expectations after review.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.in.txt").write_text("a  b")
>>> update_snapshots(d)
1
>>> check_snapshots(d)
[]
"""

from __future__ import annotations

import difflib
from pathlib import Path

from normalize.engine import Pipeline
from normalize.io.formats import dumps_jsonl

IN_SUFFIX = ".in.txt"


def _expected_paths(src: Path) -> tuple[Path, Path]:
    stem = src.name[: -len(IN_SUFFIX)]
    return src.with_name(stem + ".out.txt"), src.with_name(stem + ".changes.jsonl")


def _render(pipe: Pipeline, src: Path) -> tuple[str, str]:
    text = src.read_text(encoding="utf-8")
    r = pipe.clean(text, doc_id=src.name[: -len(IN_SUFFIX)])
    return r.text, "".join(dumps_jsonl(c.to_dict()) for c in r.changes)


def inputs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*" + IN_SUFFIX))


def check_snapshots(folder: str | Path, pipe: Pipeline | None = None) -> list[str]:
    """Readable diffs of every snapshot that no longer matches (empty when all match)."""
    pipe = pipe or Pipeline()
    problems = []
    for src in inputs(Path(folder)):
        out_path, log_path = _expected_paths(src)
        text, log = _render(pipe, src)
        for label, got, path in (("text", text, out_path), ("change log", log, log_path)):
            want = path.read_text(encoding="utf-8") if path.exists() else None
            if want is None:
                problems.append(f"{path}: missing (run with --update after review)")
            elif want != got:
                diff = difflib.unified_diff(
                    want.splitlines(keepends=True),
                    got.splitlines(keepends=True),
                    f"{path} (expected)",
                    f"{path} (now)",
                )
                problems.append(f"{src}: {label} differs\n" + "".join(diff))
    return problems


def update_snapshots(folder: str | Path, pipe: Pipeline | None = None) -> int:
    """Rewrite every expectation from the current rules; returns how many inputs."""
    pipe = pipe or Pipeline()
    srcs = inputs(Path(folder))
    for src in srcs:
        out_path, log_path = _expected_paths(src)
        text, log = _render(pipe, src)
        out_path.write_text(text, encoding="utf-8")
        log_path.write_text(log, encoding="utf-8")
    return len(srcs)
