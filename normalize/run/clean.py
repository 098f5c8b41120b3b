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
from normalize.io.sinks import PartialFile, partial_name
from normalize.io.sources import Rejecter, note_rule, read_docs
from normalize.run.journal import JOURNAL_DIR, Journal, fingerprint
from normalize.run.local import CHUNK_CHARS, CHUNK_DOCS, Runner, Work
from normalize.run.options import RunOptions
from normalize.run.report import document_records, error, print_summary, summarize
from normalize.types import Doc, DocOut

#: Inputs at least this large start the worker fork server before anything else.
PRESTART_BYTES = 2_000_000

#: The run journal commits what is written at most this often (seconds): about the work a
#: kill can lose, against the cost of flushing the outputs and writing the journal.
COMMIT_SECONDS = 1.0

#: More than this share of an input's records without a string text field is an error, unless
#: ``--allow-missing-text`` (most likely a wrong ``--text-field``).
MISSING_TEXT_MAX_SHARE = 0.5

#: The options that decide a run's output: a resume needs the same ones (and inputs).
_RESUME_OPTIONS = (
    "rules", "only", "disable", "enable", "lang", "kind", "format", "text_field", "id_field",
    "html_field", "site_field", "glob", "log", "log_dir", "batch_sample", "skip_bad", "strict",
    "rejects",
)  # fmt: skip


class Mark(NamedTuple):
    """A marker travelling with the documents, written in order with them: a source's end
    (with its counts of records and of records without text), its failure, or a rejected
    line (``msg`` the reject record)."""

    kind: str
    msg: str = ""
    records: int = 0
    without_text: int = 0
    #: A rejected line's position, as :attr:`Doc.pos`.
    pos: tuple[int, int] | None = None


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

    @property
    def key(self) -> str:
        """The source's name in the run journal (its output path)."""
        return os.fsencode(self.out or "-").decode("utf-8", "backslashreplace")

    @property
    def resumable(self) -> bool:
        """Whether a run can resume inside this source: JSONL written to a plain file (a
        text file is one document; Parquet and compressed outputs start afresh)."""
        return self.fmt == "jsonl" and self.out is not None and PartialFile.resumable(self.out)


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
        fmt = opts.format if opts.format in ("jsonl", "html") else "text"
        return [Source(None, None, fmt, stdin=True)]
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
    if s.fmt == "html":
        rel = rel.with_name(rel.name + ".txt")  # the page's main text, cleaned
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


def open_sink(src: Source, opts: RunOptions, keep: int = 0) -> Any:
    """The sink for ``src``: a reviewer in review modes, else a writer of its format (going
    on after the first ``keep`` bytes of its partial output, for a resume)."""
    from normalize.io.sinks import JsonlSink, ParquetSink, ReviewSink, TextSink

    if opts.review:
        return ReviewSink(src.label, diff=opts.diff)
    if src.fmt in ("text", "html"):
        return TextSink(src.label, src.out)  # no output path: stdout
    if src.fmt == "jsonl":
        return JsonlSink(src.label, src.out, opts.text_field, keep)
    if src.out is None:  # pragma: no cover - Parquet is never read from stdin
        raise UsageError(f"{src.label}: Parquet needs an output folder")
    return ParquetSink(src.label, src.out, opts.text_field)


def chunks(
    items: Iterator[tuple[int, Doc | Mark]],
) -> Iterator[tuple[list[tuple[int, Doc | Mark]], list[Work | None]]]:
    """Items in chunks for the runner, with the ``(id, text, site)`` triples its workers
    clean (``None`` for a marker or a record without text). A chunk also ends with each source, so
    that a finished source is written out even if a later one stops the run."""
    entries: list[tuple[int, Doc | Mark]] = []
    work: list[Work | None] = []
    size = 0
    for entry in items:
        item = entry[1]
        entries.append(entry)
        if isinstance(item, Doc) and item.text is not None:
            work.append((item.id, item.text, item.site))
            size += len(item.text)
        else:
            work.append(None)
        if len(work) >= CHUNK_DOCS or size >= CHUNK_CHARS or isinstance(item, Mark):
            yield entries, work
            entries, work, size = [], [], 0
    if work:
        yield entries, work


class _Output:
    """A source's open sink and its own change log (``--log-dir``); ``resume`` is the
    journal's committed state of a source the run goes on inside."""

    def __init__(self, src: Source, opts: RunOptions, resume: dict[str, Any] | None) -> None:
        resume = resume or {}
        self.sink = open_sink(src, opts, resume.get("out_bytes", 0))
        for name in ("docs", "changed", "changes"):
            setattr(self.sink, name, resume.get(name, 0))
        self.log_file = (
            PartialFile(src.log, resume.get("log_bytes", 0))
            if src.log is not None and not opts.review
            else None
        )
        self.log = self.log_file.text if self.log_file is not None else None

    def commit(self) -> dict[str, Any]:
        """Flush what is written; the state to resume from."""
        sink = self.sink
        state = {"docs": sink.docs, "changed": sink.changed, "changes": sink.changes}
        state["out_bytes"] = sink.partial.commit() if sink.partial is not None else 0
        state["log_bytes"] = self.log_file.commit() if self.log_file is not None else 0
        return state

    def close(self) -> None:
        """Finish the files; they keep their partial names until :meth:`publish`."""
        self.sink.close()
        if self.log_file is not None:
            self.log_file.close()

    def publish(self) -> None:
        self.sink.publish()
        if self.log_file is not None:
            self.log_file.publish()

    def abort(self, exc: BaseException, keep: bool = False) -> None:
        """Give the source up; ``keep`` its partial files for a resume."""
        self.sink.abort(exc, keep)
        if self.log_file is not None:
            if keep:
                self.log_file.close()
            else:
                self.log_file.discard()


class CleanRun:
    """One ``clean`` run: :meth:`run` returns the exit code (0, or 1 for failed inputs,
    rule time-outs or a failed ``--check``); usage problems raise :class:`UsageError`.

    A run that writes to an output folder keeps a journal there (:mod:`.journal`): every
    :data:`COMMIT_SECONDS` it flushes what it has written and records how far each output, log
    and count has got, so that ``--resume`` after an interruption goes on from there, inside
    a JSONL input too, and ends with what an uninterrupted run writes.
    """

    def __init__(self, opts: RunOptions) -> None:
        self.opts = opts
        #: Every input, and those this run cleans (all but the finished ones, on --resume).
        self.planned = plan_sources(opts)
        self.journal = self._open_journal()
        self.resumed = self.journal.load() if self.journal and opts.resume else None
        if self.resumed is not None:
            self._recover(self.resumed)
        self.sources = [s for s in self.planned if not s.done]
        self.stats: Counter[str] = Counter()
        self.failed = 0
        self.nbytes = 0
        self.rejects: IO[str] | None = None
        self.outputs: dict[int, _Output] = {}
        self.summary_rows: list[list[Any]] = []
        self.log_file: PartialFile | None = None
        self.log: IO[str] | None = None
        #: Per source being written: the position after its last written document.
        self.positions: dict[int, tuple[int, int]] = {}
        #: The counts at the start of the source being written (what a commit records
        #: while a source that cannot be resumed inside is open).
        self.at_source_start: tuple[Any, ...] = ()
        self.finished: list[str] = []
        self._last_commit = time.monotonic()

    # ---------------------------------------------------------------- journal
    def _open_journal(self) -> Journal | None:
        opts = self.opts
        if not opts.output or opts.review or opts.in_place or not self.planned:
            return None
        options = {k: getattr(opts, k) for k in _RESUME_OPTIONS}
        inputs = [s.path for s in self.planned if s.path is not None]
        return Journal(Path(opts.output), fingerprint(options, inputs))

    def _recover(self, state: dict[str, Any]) -> None:
        """Take up an interrupted run: the sources its last commit counts as finished are
        done; any other is cleaned again (one finished after that commit is written again,
        with the same bytes), so that its log records and counts are in the totals once."""
        finished = set(state["finished"])
        for src in self.planned:
            src.done = src.key in finished

    def _restore_counts(self, state: dict[str, Any]) -> None:
        self.stats.update(state["stats"])
        self.nbytes = state["nbytes"]
        self.failed = state["failed"]
        self.summary_rows = [list(r) for r in state["summary_rows"]]
        self.finished = list(state["finished"])

    def _counts(self) -> tuple[Any, ...]:
        """What is written and counted so far (the files flushed to the system)."""
        log_bytes = self.log_file.commit() if self.log_file is not None else 0
        rejects_bytes = 0
        if self.rejects is not None:
            self.rejects.flush()
            rejects_bytes = self.rejects.tell()
        return (
            log_bytes, rejects_bytes, dict(self.stats), self.nbytes, self.failed,
            len(self.summary_rows), len(self.finished),
        )  # fmt: skip

    def _state(self, counts: tuple[Any, ...], current: dict[str, Any] | None) -> dict[str, Any]:
        log_bytes, rejects_bytes, stats, nbytes, failed, rows, finished = counts
        return {
            "finished": self.finished[:finished],
            "current": current,
            "log_bytes": log_bytes,
            "rejects_bytes": rejects_bytes,
            "stats": stats,
            "nbytes": nbytes,
            "failed": failed,
            "summary_rows": self.summary_rows[:rows],
        }

    def _commit(self) -> None:
        """Record in the journal how far the run has got (at most every COMMIT_SECONDS)."""
        if self.journal is None:
            return
        now = time.monotonic()
        if now - self._last_commit < COMMIT_SECONDS:
            return
        self._last_commit = now
        current = None
        for i, output in self.outputs.items():
            src = self.sources[i]
            if not src.resumable or i not in self.positions:
                # Started afresh on resume: record the counts from before it.
                self.journal.save(self._state(self.at_source_start, None))
                return
            current = {"key": src.key, "pos": list(self.positions[i]), **output.commit()}
        self.journal.save(self._state(self._counts(), current))

    def _source_starts(self) -> None:
        if self.journal is not None:
            self.at_source_start = self._counts()

    # ---------------------------------------------------------------- run
    def run(self) -> int:
        opts = self.opts
        settings = opts.settings()
        pipe = self._start(settings)
        self._back_up()
        with ExitStack() as stack:
            if _wants_batch(pipe) and self.sources and self.sources[0].path is None:
                if self.sources[0].fmt == "jsonl":
                    # Cross-document statistics need a first pass; stdin cannot be read
                    # twice, so it is spooled to a temporary file and read from there.
                    spool = stack.enter_context(_spool_stdin())
                    self.sources[0].path = Path(spool.name)
            batch = self._batch(pipe) if _wants_batch(pipe) else None
            self._open_log()
            if self.resumed is not None:
                self._restore_counts(self.resumed)
                self._reopen_rejects(self.resumed["rejects_bytes"])
            stack.callback(self._close_rejects)
            progress = _progress(opts)
            if progress is not None:
                stack.callback(progress.close)
            runner = self._runner(settings, batch)
            stack.callback(runner.close)
            self._source_starts()
            t0 = time.perf_counter()
            interrupted = self._clean_all(runner, progress)
            seconds = time.perf_counter() - t0
            if self.log_file is not None:
                if interrupted:
                    self.log_file.close()  # kept, with the journal, for --resume
                else:
                    self.log_file.publish()
            if interrupted:
                raise KeyboardInterrupt
        if self.journal is not None:
            self.journal.remove()
        return self._report(seconds)

    def _start(self, settings: Any) -> Any:
        """Take the journal's lock, start the workers early for large inputs and build the
        pipeline (rule errors stop the run here, before anything is written); a new run
        forgets an earlier one's journal and partial files."""
        opts = self.opts
        if self.journal is not None:
            self.journal.lock()
        local = opts.engine != "ray"
        if local and opts.workers > 1 and _input_bytes(self.sources) >= PRESTART_BYTES:
            Runner.prestart(settings)  # workers warm up while this process builds and reads
        try:
            pipe = opts.pipeline()
        except BaseException:
            if self.journal is not None and self.resumed is None:
                self.journal.remove()
            raise
        if self.journal is not None and self.resumed is None:
            self.journal.reset()
            outputs = [p for src in self.sources for p in (src.out, src.log) if p is not None]
            for path in outputs + ([Path(opts.log)] if opts.log else []):
                partial_name(path).unlink(missing_ok=True)
        return pipe

    def _open_log(self) -> None:
        """The combined ``--log``: going on from the journal's commit on a resume."""
        opts, resumed = self.opts, self.resumed
        if not opts.log or opts.review:
            return
        if opts.resume and resumed is None:
            if not self.sources:
                return  # everything is done: the finished run's --log stays as it is
            if len(self.sources) < len(self.planned):
                error(
                    f"--log {opts.log} covers only the {len(self.sources)} input(s) this "
                    "run cleans: no journal of the interrupted run was found in "
                    f"{Path(opts.output or '.') / JOURNAL_DIR}"
                )
        self.log_file = PartialFile(Path(opts.log), resumed["log_bytes"] if resumed else 0)
        self.log = self.log_file.text

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

    def _batch(self, pipe: Any) -> dict[str, Any]:
        """The batch statistics: those the interrupted run stored, or a first pass's."""
        if self.journal is None:
            return self._batch_stats(pipe)
        batch = self.journal.load_batch() if self.resumed is not None else None
        if batch is None:
            batch = self._batch_stats(pipe)
            self.journal.save_batch(batch)
        return batch  # type: ignore[no-any-return]

    def _batch_stats(self, pipe: Any) -> dict[str, Any]:
        """Cross-document statistics from a first pass over a sample of the batch (the first
        ``--batch-sample`` documents): one cheap read, bounded memory."""
        texts: list[str] = []
        sites: list[str | None] = []
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
                        sites.append(doc.site)
                        if len(texts) >= limit:
                            break
            except InputError:
                continue
        if len(texts) < 2:
            return {}
        if any(site is not None for site in sites):  # per-site statistics too
            return pipe.prepare_batch(texts, sites)  # type: ignore[no-any-return]
        return pipe.prepare_batch(texts)  # type: ignore[no-any-return]

    def _rejects_path(self) -> Path:
        return Path(self.opts.rejects or (Path(self.opts.output or ".") / "rejects.jsonl"))

    def _reopen_rejects(self, keep: int) -> None:
        """Go on with the interrupted run's rejects file, cut to its last commit."""
        path = self._rejects_path()
        if keep and path.exists():
            self.rejects = open(path, "r+", encoding="utf-8")  # noqa: SIM115 - closed by run
            self.rejects.truncate(keep)
            self.rejects.seek(keep)

    def _write_reject(self, record: str) -> None:
        self.stats["rejected"] += 1
        if self.rejects is None:
            path = self._rejects_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            # This run's rejects only: a file left by an earlier run is replaced.
            self.rejects = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by run
            error(f"malformed lines are copied to {path}")
        self.rejects.write(record)

    def _close_rejects(self) -> None:
        if self.rejects is not None:
            self.rejects.close()

    def _items(self) -> Iterator[tuple[int, Doc | Mark]]:
        resumed = (self.resumed or {}).get("current") or {}
        for i, src in enumerate(self.sources):
            records = without_text = 0
            start = tuple(resumed["pos"]) if resumed.get("key") == src.key else (0, 0)
            rejected: list[Mark] = []
            try:
                for doc in _read(src, self.opts, _Rejecter(rejected, src), start):
                    while rejected:  # written in order with the documents
                        yield i, rejected.pop(0)
                    records += 1
                    if doc.text is None:
                        without_text += 1
                    yield i, doc
                while rejected:
                    yield i, rejected.pop(0)
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
                yield i, Mark("error", str(e))
            # A source resumed inside has only part of its records counted here.
            yield i, Mark("end", "resumed" if start != (0, 0) else "", records, without_text)

    def _note_without_text(
        self, src: Source, records: int, without_text: int, resumed: bool = False
    ) -> None:
        """Records without a string text field pass through as they are (counted as they are
        written); a source where most have none (:data:`MISSING_TEXT_MAX_SHARE`) most likely
        names the wrong ``--text-field``: an error, unless ``--allow-missing-text``."""
        if resumed or self.opts.allow_missing_text or not without_text:
            return
        field = self.opts.text_field
        if without_text == records:
            error(
                f"{src.label}: none of its {records} record(s) has a string {field!r} field "
                "(see --text-field); passed through unchanged"
            )
            self.failed += 1
        elif without_text > MISSING_TEXT_MAX_SHARE * records:
            error(
                f"{src.label}: {without_text} of its {records} record(s) have no string "
                f"{field!r} field (see --text-field, or --allow-missing-text); passed through"
            )
            self.failed += 1

    def _clean_all(self, runner: Runner, progress: Any) -> bool:
        """Clean and write every source; True when interrupted (Ctrl-C)."""
        try:
            for entries, (outs, chunk_stats) in runner.map(chunks(self._items())):
                self.stats.update(chunk_stats)
                for (i, item), out in zip(entries, outs, strict=True):
                    if isinstance(item, Mark):
                        self._mark(i, item, progress)
                    else:
                        self._write(i, item, out)
                self._commit()
        except KeyboardInterrupt as e:
            # The partial files are kept for --resume, which goes on from the last commit
            # (never under a final name; the interrupt may have cut a document's records).
            keep = self.journal is not None
            for output in self.outputs.values():
                output.abort(e, keep)
            self.outputs.clear()
            if not keep and self.log_file is not None:
                self.log_file.discard()
                self.log_file = None
            return True
        except InputError as e:
            # Open outputs are abandoned: their partial files go, finished ones stay.
            for output in self.outputs.values():
                output.abort(e)
            self.outputs.clear()
            error(str(e))
            self.failed += 1
        return False

    def _mark(self, i: int, mark: Mark, progress: Any) -> None:
        src = self.sources[i]
        if mark.kind == "reject":
            self._write_reject(mark.msg)
            if mark.pos is not None:
                self.positions[i] = mark.pos
            return
        if mark.kind == "error":
            self.failed += 1
            failed = self.outputs.pop(i, None)
            if failed is not None:
                failed.abort(InputError(mark.msg))
            return
        if mark.kind == "fatal":
            raise InputError(mark.msg)
        self._note_without_text(src, mark.records, mark.without_text, mark.msg == "resumed")
        output = self.outputs.pop(i, None)
        if output is None and src.fmt not in ("text", "html"):
            output = self._open_output(i)  # an empty input gives an empty output
        if output is not None:
            output.close()
            output.publish()
            self.summary_rows.append([src.label, output.sink.changed, output.sink.changes])
            self.finished.append(src.key)
            self.positions.pop(i, None)
        if progress is not None:
            progress.update(1)
        self._source_starts()
        self._commit()

    def _open_output(self, i: int) -> _Output:
        src = self.sources[i]
        current = (self.resumed or {}).get("current") or {}
        resume = current if current.get("key") == src.key and src.resumable else None
        output = self.outputs[i] = _Output(src, self.opts, resume)
        return output

    def _write(self, i: int, doc: Doc, out: DocOut | None) -> None:
        output = self.outputs.get(i)
        if output is None:
            output = self._open_output(i)
        if doc.text is not None:
            self.nbytes += len(doc.text.encode("utf-8", "surrogatepass"))
        for note in doc.decode_notes:
            if note_rule(note) == "nul-bytes" or doc.text is None:
                error(f"{doc.id}: {note}")  # NUL bytes, or a page that gave no text
        if out is not None:
            recs = document_records(doc.id, out, doc.decode_notes)
            for target in (self.log, output.log):
                if target is not None:
                    for r in recs:
                        target.write(dumps_jsonl(r))
            for w in out.warnings:
                error(f"{doc.id}: {w}")
        output.sink.write(doc, out)
        if doc.text is None:
            self.stats["records_without_text"] += 1
        if doc.pos is not None:
            self.positions[i] = doc.pos

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


def _read(
    src: Source,
    opts: RunOptions,
    reject: Rejecter | None = None,
    start: tuple[int, int] = (0, 0),
) -> Iterator[Doc]:
    """The documents of ``src``; a text file's id is its path relative to the input."""
    # A file name that is not UTF-8 keeps its bytes readable, as escapes, in the id and the log.
    name = (
        "-"
        if src.rel is None
        else os.fsencode(src.rel.as_posix()).decode("utf-8", "backslashreplace")
    )
    return read_docs(src.path, src.fmt, src.label, opts, reject, name=name, start=start)


class _Rejecter:
    """The reject callback of one source (a malformed JSONL line under ``--skip-bad``): the
    record is kept in ``pending``, to be written in order with the documents."""

    def __init__(self, pending: list[Mark], src: Source) -> None:
        self.pending, self.src = pending, src

    def __call__(self, lineno: int, raw: bytes, msg: str, offset: int) -> None:
        error(msg)
        record = {"source": self.src.label, "line": lineno, "error": msg}
        record["raw"] = raw.decode("utf-8", "replace")
        self.pending.append(Mark("reject", dumps_jsonl(record), pos=(lineno, offset)))


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
