"""The ``clean`` command's one path: plan the sources, build the pipeline, then read every
source through the runner into its sink, all under one :class:`~contextlib.ExitStack`.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()); (d / "a.txt").write_text("a  b\\n")
5
>>> CleanRun(RunOptions(paths=(str(d / "a.txt"),), output=str(d / "out"), quiet=True)).run()
0
>>> (d / "out" / "a.txt").read_text()
'a b\\n'
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple

from normalize.errors import InputError, UsageError
from normalize.io.formats import dumps_jsonl, source_format
from normalize.io.sinks import atomic_writer, remove_stale_temporaries
from normalize.io.sources import Rejecter, note_rule, read_docs
from normalize.run.local import CHUNK_CHARS, CHUNK_DOCS, Runner
from normalize.run.options import RunOptions
from normalize.run.report import document_records, error, print_summary, summarize
from normalize.types import Doc, DocOut

#: Inputs at least this large start the worker fork server before anything else.
PRESTART_BYTES = 2_000_000


class Mark(NamedTuple):
    """A marker travelling with the documents: a source's end, or its failure."""

    kind: str
    msg: str = ""


@dataclass
class Source:
    """One input and where its output and log go."""

    path: Path | None  # None is stdin
    rel: Path | None
    fmt: str
    out: Path | None = None
    log: Path | None = None
    backup: Path | None = None
    stdin: bool = False
    #: ``--resume``: its output is there already; it is only read for the batch statistics.
    done: bool = False

    @property
    def label(self) -> str:
        if self.stdin or self.path is None:
            return "<stdin>"
        return os.fsencode(self.path).decode("utf-8", "backslashreplace")


def iter_inputs(paths: tuple[str, ...], pattern: str | None) -> Iterator[tuple[Path, Path]]:
    """``(file, relative path for output)`` for files and folders (recursively)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob(pattern or "*")):
                rel = f.relative_to(path)
                if f.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield f, rel
        elif path.is_file():
            yield path, Path(path.name)
        else:
            raise UsageError(f"{p}: no such file or folder")


def plan_sources(opts: RunOptions) -> list[Source]:
    """Every source with its output, log and backup paths (``done`` when ``--resume`` finds
    its output there already); nothing is written yet."""
    paths = opts.paths or ("-",)
    if paths == ("-",):
        if opts.format == "parquet":
            raise UsageError("Parquet cannot be read from stdin")
        return [Source(None, None, "jsonl" if opts.format == "jsonl" else "text", stdin=True)]
    _check_outputs(opts, paths)
    outdir = Path(opts.output).resolve() if opts.output else None
    logdir = Path(opts.log_dir).resolve() if opts.log_dir else None
    planned = []
    for path, rel in iter_inputs(paths, opts.glob):
        if opts.in_place and opts.backup and path.name.endswith(str(opts.backup)):
            continue  # a backup of an earlier run is no input
        planned.append(_plan_one(opts, path, rel, outdir, logdir))
    _check_no_input_written(opts, planned)
    for s in planned:
        s.done = opts.resume and _already_done(s, opts)
    return planned


def _check_no_input_written(opts: RunOptions, sources: list[Source]) -> None:
    """Refuse a run that would write over an input (an output, a log, the statistics, the
    rejects or a backup), or over an existing backup, before anything is written."""
    inputs = {s.path.resolve(): s.path for s in sources if s.path is not None}
    writes: list[tuple[str, Path]] = []
    for s in sources:
        if s.out is not None and not opts.in_place:
            writes.append(("output", s.out))
        if s.log is not None:
            writes.append(("log", s.log))
        if s.backup is not None:
            if s.backup.exists():
                raise UsageError(
                    f"backup {s.backup} exists already: it may hold the only original; "
                    "move it away or choose another --backup suffix"
                )
            writes.append(("backup", s.backup))
    for what, name in (("--log", opts.log), ("--stats", opts.stats), ("--rejects", opts.rejects)):
        if name:
            writes.append((what, Path(name)))
    for what, path in writes:
        hit = inputs.get(path.resolve())
        if hit is not None:
            raise UsageError(f"{what} {path} would overwrite the input {hit}")


def _check_outputs(opts: RunOptions, paths: tuple[str, ...]) -> None:
    if "-" in paths:
        raise UsageError("'-' cannot be mixed with paths")
    if opts.in_place and not opts.backup:
        raise UsageError("--in-place needs --backup SUFFIX")
    if not opts.review and not opts.output and not opts.in_place:
        raise UsageError("give -o DIR (or --in-place --backup SUFFIX, or --dry-run/--check)")
    if opts.output and Path(opts.output).exists() and not Path(opts.output).is_dir():
        raise UsageError(f"-o {opts.output} is a file; -o names an output folder")
    if opts.output:
        outdir = Path(opts.output).resolve()
        for p in paths:
            if Path(p).is_dir() and outdir.is_relative_to(Path(p).resolve()):
                raise UsageError(f"output folder {opts.output} is inside input folder {p}")


def _plan_one(
    opts: RunOptions, path: Path, rel: Path, outdir: Path | None, logdir: Path | None
) -> Source:
    if rel.is_absolute() or ".." in rel.parts:
        raise UsageError(f"{path}: would be written outside the output folder")
    s = Source(path, rel, source_format(path, opts.format))
    if outdir is not None:
        s.out = outdir / rel
        if not s.out.resolve().is_relative_to(outdir):
            raise UsageError(f"{path}: would be written outside the output folder")
    elif opts.in_place:
        s.out = path
        if not opts.review:
            s.backup = path.with_name(path.name + str(opts.backup))
    if logdir is not None:
        s.log = logdir / (rel.as_posix() + ".changes.jsonl")
    return s


def _already_done(s: Source, opts: RunOptions) -> bool:
    """``--resume``: the output (and its log, if one is asked for) exists already."""
    return (
        s.out is not None
        and s.out.exists()
        and not opts.in_place
        and (s.log is None or s.log.exists())
    )


def open_sink(src: Source, opts: RunOptions) -> Any:
    """The sink for ``src``: a reviewer in review modes, else a writer of its format."""
    from normalize.io.sinks import JsonlSink, ParquetSink, ReviewSink, TextSink

    if opts.review:
        return ReviewSink(src.label, diff=opts.diff)
    if src.fmt == "text":
        return TextSink(src.label, src.out)  # no output path: stdout
    if src.fmt == "jsonl":
        return JsonlSink(src.label, src.out, opts.text_field)
    if src.out is None:  # pragma: no cover - Parquet is never read from stdin
        raise UsageError(f"{src.label}: Parquet needs an output folder")
    return ParquetSink(src.label, src.out, opts.text_field)


def chunks(
    items: Iterator[tuple[int, Doc | Mark]],
) -> Iterator[tuple[list[tuple[int, Doc | Mark]], list[tuple[str, str] | None]]]:
    """Items in chunks for the runner, with the ``(id, text)`` pairs its workers clean
    (``None`` for a marker or a record without text). A chunk also ends with each source, so
    that a finished source is written out even if a later one stops the run."""
    entries: list[tuple[int, Doc | Mark]] = []
    work: list[tuple[str, str] | None] = []
    size = 0
    for entry in items:
        item = entry[1]
        entries.append(entry)
        if isinstance(item, Doc) and item.text is not None:
            work.append((item.id, item.text))
            size += len(item.text)
        else:
            work.append(None)
        if len(work) >= CHUNK_DOCS or size >= CHUNK_CHARS or isinstance(item, Mark):
            yield entries, work
            entries, work, size = [], [], 0
    if work:
        yield entries, work


class _Output:
    """A source's open sink and its own change log (``--log-dir``)."""

    def __init__(self, src: Source, opts: RunOptions) -> None:
        self.sink = open_sink(src, opts)
        self._log_cm = atomic_writer(src.log) if src.log is not None and not opts.review else None
        self.log = self._log_cm.__enter__() if self._log_cm is not None else None

    def close(self) -> None:
        self.sink.close()
        if self._log_cm is not None:
            self._log_cm.__exit__(None, None, None)

    def abort(self, exc: BaseException) -> None:
        self.sink.abort(exc)
        if self._log_cm is not None:
            try:
                self._log_cm.__exit__(type(exc), exc, None)
            except BaseException:  # noqa: BLE001 - the run's own error is what matters
                pass


class CleanRun:
    """One ``clean`` run: :meth:`run` returns the exit code (0, or 1 for failed inputs,
    rule time-outs or a failed ``--check``); usage problems raise :class:`UsageError`."""

    def __init__(self, opts: RunOptions) -> None:
        self.opts = opts
        #: Every input, and those this run cleans (all but the finished ones, on --resume).
        self.planned = plan_sources(opts)
        self.sources = [s for s in self.planned if not s.done]
        self.stats: Counter[str] = Counter()
        self.failed = 0
        self.nbytes = 0
        self.rejects: IO[str] | None = None
        self.outputs: dict[int, _Output] = {}
        self.summary_rows: list[tuple[str, int, int]] = []
        self.log: IO[str] | None = None

    def run(self) -> int:
        opts = self.opts
        settings = opts.settings()
        local = opts.engine != "ray"
        if local and opts.workers > 1 and _input_bytes(self.sources) >= PRESTART_BYTES:
            Runner.prestart(settings)  # workers warm up while this process builds and reads
        pipe = opts.pipeline()  # rule errors stop the run here, before anything is written
        outputs = [p for src in self.sources for p in (src.out, src.log) if p is not None]
        remove_stale_temporaries(outputs + ([Path(opts.log)] if opts.log else []))
        self._back_up()
        with ExitStack() as stack:
            if _wants_batch(pipe) and self.sources and self.sources[0].path is None:
                if self.sources[0].fmt == "jsonl":
                    # Cross-document statistics need a first pass; stdin cannot be read
                    # twice, so it is spooled to a temporary file and read from there.
                    spool = stack.enter_context(_spool_stdin())
                    self.sources[0].path = Path(spool.name)
            batch = self._batch_stats(pipe) if _wants_batch(pipe) else None
            if opts.log and not opts.review:
                if opts.resume and len(self.sources) < len(self.planned):
                    error(
                        f"--log {opts.log} covers only the {len(self.sources)} input(s) this "
                        "run cleans; --log-dir keeps one complete log per input across resumes"
                    )
                self.log = stack.enter_context(atomic_writer(Path(opts.log)))
            stack.callback(self._close_rejects)
            progress = _progress(opts)
            if progress is not None:
                stack.callback(progress.close)
            runner = self._runner(settings, batch)
            stack.callback(runner.close)
            t0 = time.perf_counter()
            self._clean_all(runner, progress)
            seconds = time.perf_counter() - t0
        return self._report(seconds)

    # ---------------------------------------------------------------- steps
    def _runner(self, settings: Any, batch: dict[str, Any] | None) -> Any:
        """Local worker processes, or Ray actors: the same chunks either way."""
        if self.opts.engine == "ray":
            from normalize.run.ray import RayRunner

            return RayRunner(settings, self.opts.workers, batch, self.opts.ray_address)
        return Runner(settings, self.opts.workers, batch)

    def _back_up(self) -> None:
        for src in self.sources:
            if src.backup is not None and src.path is not None:
                shutil.copy2(src.path, src.backup)

    def _batch_stats(self, pipe: Any) -> dict[str, Any]:
        """Cross-document statistics from a first pass over a sample of the batch (the first
        ``--batch-sample`` documents): one cheap read, bounded memory."""
        texts: list[str] = []
        limit = self.opts.batch_sample
        # Over every input, finished ones included: a resumed run cleans with the statistics
        # of the uninterrupted one.
        for src in self.planned:
            if src.path is None or len(texts) >= limit:
                continue
            try:
                for doc in _read(src, self.opts):
                    if doc.text is not None:
                        texts.append(doc.text)
                        if len(texts) >= limit:
                            break
            except InputError:
                continue
        return pipe.prepare_batch(texts) if len(texts) > 1 else {}  # type: ignore[no-any-return]

    def _reject(self, src: Source, lineno: int, raw: bytes, msg: str) -> None:
        error(msg)
        self.stats["rejected"] += 1
        if self.rejects is None:
            path = Path(self.opts.rejects or (Path(self.opts.output or ".") / "rejects.jsonl"))
            path.parent.mkdir(parents=True, exist_ok=True)
            # This run's rejects only: a file left by an earlier run is replaced.
            self.rejects = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by run
            error(f"malformed lines are copied to {path}")
        record = {"source": src.label, "line": lineno, "error": msg}
        record["raw"] = raw.decode("utf-8", "replace")
        self.rejects.write(dumps_jsonl(record))

    def _close_rejects(self) -> None:
        if self.rejects is not None:
            self.rejects.close()

    def _items(self) -> Iterator[tuple[int, Doc | Mark]]:
        for i, src in enumerate(self.sources):
            records = without_text = 0
            try:
                for doc in _read(src, self.opts, _Rejecter(self, src)):
                    records += 1
                    if doc.text is not None:
                        self.nbytes += len(doc.text.encode("utf-8", "surrogatepass"))
                    else:
                        without_text += 1
                    yield i, doc
            except InputError as e:
                if src.fmt == "jsonl":
                    # A malformed line stops the run; the inputs finished before it are
                    # written, this one is not (never a partial output).
                    msg = (
                        f"{e}; stopped, and nothing is written for {src.label} "
                        "(--skip-bad copies malformed lines to a rejects file and goes on)"
                    )
                    yield i, Mark("fatal", msg)
                    return
                error(str(e))
                self.failed += 1
                yield i, Mark("error", str(e))
            self._note_without_text(src, records, without_text)
            yield i, Mark("end")

    def _note_without_text(self, src: Source, records: int, without_text: int) -> None:
        """Records without a string text field pass through as they are, and are counted; a
        source where no record has one most likely names the wrong ``--text-field``."""
        if not without_text:
            return
        self.stats["records_without_text"] += without_text
        if without_text == records:
            error(
                f"{src.label}: none of its {records} record(s) has a string "
                f"{self.opts.text_field!r} field (see --text-field); passed through unchanged"
            )
            self.failed += 1

    def _clean_all(self, runner: Runner, progress: Any) -> None:
        try:
            for entries, (outs, chunk_stats) in runner.map(chunks(self._items())):
                self.stats.update(chunk_stats)
                for (i, item), out in zip(entries, outs, strict=True):
                    if isinstance(item, Mark):
                        self._mark(i, item, progress)
                    else:
                        self._write(i, item, out)
        except (InputError, KeyboardInterrupt) as e:
            # Open outputs are abandoned: their temporary files go, finished ones stay.
            for output in self.outputs.values():
                output.abort(e)
            self.outputs.clear()
            if isinstance(e, KeyboardInterrupt):
                raise
            error(str(e))
            self.failed += 1

    def _mark(self, i: int, mark: Mark, progress: Any) -> None:
        src = self.sources[i]
        if mark.kind == "error":
            failed = self.outputs.pop(i, None)
            if failed is not None:
                failed.abort(InputError(mark.msg))
            return
        if mark.kind == "fatal":
            raise InputError(mark.msg)
        output = self.outputs.pop(i, None)
        if output is None and src.fmt != "text":
            output = _Output(src, self.opts)  # an empty input gives an empty output
        if output is not None:
            output.close()
            self.summary_rows.append((src.label, output.sink.changed, output.sink.changes))
        if progress is not None:
            progress.update(1)

    def _write(self, i: int, doc: Doc, out: DocOut | None) -> None:
        output = self.outputs.get(i)
        if output is None:
            output = self.outputs[i] = _Output(self.sources[i], self.opts)
        for note in doc.decode_notes:
            if note_rule(note) == "nul-bytes":
                error(f"{doc.id}: {note}")
        if out is not None:
            recs = document_records(doc.id, out, doc.decode_notes)
            for target in (self.log, output.log):
                if target is not None:
                    for r in recs:
                        target.write(dumps_jsonl(r))
            for w in out.warnings:
                error(f"{doc.id}: {w}")
        output.sink.write(doc, out)

    def _report(self, seconds: float) -> int:
        opts, stats = self.opts, self.stats
        summary = summarize(stats, seconds, self.nbytes)
        summary["failed_inputs"] = self.failed
        if opts.dry_run:
            for label, changed, changes in self.summary_rows:
                print(f"{label}: {changes} change(s) in {changed} document(s)")
        if not opts.quiet:
            print_summary(summary)
        if opts.stats:
            Path(opts.stats).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        if self.failed:
            return 1
        if stats.get("rule_timeouts", 0):
            # Those documents came out without the rule: not an error of theirs, but not the
            # output the rules describe either.
            error(f"{stats['rule_timeouts']} rule time-out(s): see the warnings and the log")
            return 1
        if opts.check and stats.get("changes", 0):
            return 1
        return 0


def _read(src: Source, opts: RunOptions, reject: Rejecter | None = None) -> Iterator[Doc]:
    """The documents of ``src``; a text file's id is its path relative to the input."""
    # A file name that is not UTF-8 keeps its bytes readable, as escapes, in the id and the log.
    name = (
        "-"
        if src.rel is None
        else os.fsencode(src.rel.as_posix()).decode("utf-8", "backslashreplace")
    )
    return read_docs(src.path, src.fmt, src.label, opts, reject, name=name)


class _Rejecter:
    """The reject callback of one source (a malformed JSONL line under ``--skip-bad``)."""

    def __init__(self, run: CleanRun, src: Source) -> None:
        self.run, self.src = run, src

    def __call__(self, lineno: int, raw: bytes, msg: str) -> None:
        self.run._reject(self.src, lineno, raw, msg)


def _input_bytes(sources: list[Source]) -> int:
    """Bytes on disk of the file inputs (stdin counts as nothing: its size is unknown)."""
    total = 0
    for src in sources:
        if src.path is not None:
            try:
                total += src.path.stat().st_size
            except OSError:
                pass
    return total


def _spool_stdin() -> Any:
    import tempfile

    spool = tempfile.NamedTemporaryFile(prefix="normalize-stdin-", suffix=".jsonl")  # noqa: SIM115
    shutil.copyfileobj(sys.stdin.buffer, spool, 1 << 20)
    spool.flush()
    return spool


def _wants_batch(pipe: Any) -> bool:
    from normalize.registry import RuleKind

    return any(
        type(r).prepare_batch is not RuleKind.prepare_batch for p in pipe.passes for r in p.rules
    )


def _progress(opts: RunOptions) -> Any:
    if opts.quiet or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(unit="input", file=sys.stderr)
