"""Command line: argument parsing only; the work is done by the API.

Exit codes: 0 success, 1 failed documents or checks, 2 usage and rule errors. Errors go to
stderr as one line without a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple

from normalize.batch import (
    CHUNK_CHARS,
    CHUNK_DOCS,
    Runner,
    Settings,
    iter_jsonl_lines,
    open_text_stream,
    read_text_source,
    source_format,
    summarize,
)
from normalize.config import file_settings, resolve
from normalize.content import CONTENT_KINDS
from normalize.engine import Pipeline, apply_changes
from normalize.errors import InputError, NormalizeError, ReplayError, RuleErrors
from normalize.io import atomic_writer, dumps_jsonl, read_document
from normalize.protect import protected_regions
from normalize.spans import LineIndex
from normalize.types import Change


class UsageError(Exception):
    """Bad command-line usage (exit 2)."""


def _err(msg: str) -> None:
    print(f"normalize: {msg}", file=sys.stderr)


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [x for v in values for x in v.split(",") if x]


def _pipeline(args: argparse.Namespace) -> Pipeline:
    try:
        return Pipeline(
            getattr(args, "rules", None),
            only=_split(getattr(args, "only", None)),
            disable=_split(getattr(args, "disable", None)),
            lang=getattr(args, "lang", None),
            enable=_split(getattr(args, "enable", None)),
            kind=getattr(args, "kind", None),
        )
    except ValueError as e:
        raise UsageError(str(e)) from None


def _doc_record(doc: str, out: Any) -> dict[str, Any]:
    """The log's document record: the kind the passes were chosen for and the number of
    edits refused in protected regions (action 'note', which replay ignores)."""
    rec = _note(doc, 0)
    rec.update({"pass": "document", "rule": "kind", "reason": f"kind={out.kind}"})
    rec.update(kind=out.kind, refused=out.refused)
    return rec


def _warning_record(doc: str, warning: str) -> dict[str, Any]:
    """A log note for a document warning, such as a user rule that timed out and was
    skipped there (action 'note', which replay ignores)."""
    rec = _note(doc, 0)
    rec.update({"pass": "engine", "rule": "warning", "reason": warning})
    return rec


def _note(doc: str, bad: int) -> dict[str, Any]:
    """A log record for the decoding fallback; replay ignores action 'note'."""
    return {
        "doc": doc,
        "seq": -1,
        "step": -1,
        "pass": "io",
        "rule": "decode-fallback",
        "action": "note",
        "before": "",
        "after": "",
        "start": 0,
        "end": 0,
        "orig_start": 0,
        "orig_end": 0,
        "orig_line": 1,
        "orig_col": 1,
        "exact": True,
        "reason": f"{bad} invalid UTF-8 byte(s) decoded as Windows-1252",
    }


def _iter_inputs(paths: list[str], pattern: str | None) -> Iterator[tuple[Path, Path]]:
    """``(file, relative path for output)`` for files and folders (recursively)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = path.rglob(pattern or "*")
            for f in sorted(files):
                rel = f.relative_to(path)
                if f.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield f, rel
        elif path.is_file():
            yield path, Path(path.name)
        else:
            raise UsageError(f"{p}: no such file or folder")


class _Mark(NamedTuple):
    """A marker travelling with the documents: a source's end, or its failure."""

    kind: str
    msg: str = ""


@dataclass
class _Source:
    path: Path | None  # None is stdin
    rel: Path | None
    fmt: str
    out: Path | None = None
    log: Path | None = None

    stdin: bool = False

    @property
    def label(self) -> str:
        return "<stdin>" if self.stdin or self.path is None else str(self.path)


def _settings(a: dict[str, Any]) -> Settings:
    return Settings(
        a.get("rules"),
        tuple(a["only"]) if a.get("only") else None,
        tuple(a.get("disable") or ()),
        tuple(a.get("enable") or ()),
        a.get("lang"),
        kind=a.get("kind"),
    )


def _options(args: argparse.Namespace) -> dict[str, Any]:
    cli = vars(args).copy()
    for k in ("only", "disable", "enable"):
        cli[k] = _split(cli.get(k))
    try:
        return resolve(cli, file_settings())
    except ValueError as e:
        raise UsageError(str(e)) from None


def cmd_clean(args: argparse.Namespace) -> int:
    a = _options(args)
    settings = _settings(a)
    settings.keep_changes = bool(args.log or args.log_dir)
    review = args.dry_run or args.diff or args.check
    sources = _plan_sources(args, a, review)
    jobs = int(a.get("jobs") or os.cpu_count() or 1)
    if a.get("engine") != "ray" and jobs > 1 and _input_bytes(sources) >= PRESTART_BYTES:
        Runner.prestart(settings)  # workers warm up while this process builds, reads, counts
    try:
        pipe = settings.pipeline()
    except ValueError as e:
        raise UsageError(str(e)) from None
    if a.get("engine") == "ray":
        from normalize.integrations.ray import run_cli

        return run_cli(sources, a, settings)
    spool = None
    if _wants_batch(pipe) and sources[0].path is None and sources[0].fmt == "jsonl":
        # Cross-document statistics need a first pass; stdin cannot be read twice, so it is
        # spooled to a temporary file (streamed, not held in memory) and read from there.
        spool = _spool_stdin()
        sources[0].path = Path(spool.name)
    batch = _batch_stats(pipe, sources, a) if _wants_batch(pipe) else None
    stats: Counter[str] = Counter()
    failed = 0
    rejects: IO[str] | None = None
    log_cm = atomic_writer(Path(args.log)) if args.log and not review else None
    log = log_cm.__enter__() if log_cm is not None else None
    nbytes = 0
    t0 = time.perf_counter()
    runner = Runner(settings, jobs, batch)
    sinks: dict[int, Any] = {}
    sidecars: dict[int, Any] = {}
    progress = _progress(args)
    summary_rows: list[tuple[str, int, int]] = []

    def reject(src: _Source, lineno: int, raw: bytes, msg: str) -> None:
        nonlocal rejects
        _err(msg)
        stats["rejected"] += 1
        if rejects is None:
            path = Path(args.rejects or (Path(args.output or ".") / "rejects.jsonl"))
            path.parent.mkdir(parents=True, exist_ok=True)
            rejects = open(path, "a", encoding="utf-8")
        rejects.write(
            dumps_jsonl(
                {
                    "source": src.label,
                    "line": lineno,
                    "error": msg,
                    "raw": raw.decode("utf-8", "replace"),
                }
            )
        )

    def items() -> Iterator[tuple[Any, tuple[str, str] | None]]:
        nonlocal nbytes, failed
        for i, src in enumerate(sources):
            try:
                for meta, doc in _read_source(src, a, lambda *r, s=src: reject(s, *r)):
                    if doc is not None:
                        nbytes += len(doc[1].encode("utf-8", "surrogatepass"))
                    yield (i, meta), doc
            except InputError as e:
                if src.fmt == "jsonl":
                    # A malformed line stops the run; what came before it is still written.
                    yield (i, _Mark("fatal", str(e))), None
                    return
                _err(str(e))
                failed += 1
                yield (i, _Mark("error", str(e))), None
            yield (i, _Mark("end")), None

    try:
        for metas, (outs, chunk_stats) in runner.map(_chunks(items())):
            stats.update(chunk_stats)
            for (i, meta), out in zip(metas, outs, strict=True):
                src = sources[i]
                kind = meta.kind if isinstance(meta, _Mark) else None
                if kind == "error":
                    sinks.pop(i, None)
                    continue
                if kind == "fatal":
                    raise InputError(meta.msg)
                if kind == "end":
                    sink = sinks.pop(i, None)
                    if sink is None and src.fmt != "text":
                        sink = _sink(src, a, review)  # an empty input gives an empty output
                    if sink is not None:
                        sink.close()
                        summary_rows.append((src.label, sink.changed, sink.changes))
                    side = sidecars.pop(i, None)
                    if side is not None:
                        side[0].__exit__(None, None, None)
                    if progress is not None:
                        progress.update(1)
                    continue
                if i not in sinks:
                    sinks[i] = _sink(src, a, review)
                    if src.log is not None and not review:
                        cm = atomic_writer(src.log)
                        sidecars[i] = (cm, cm.__enter__())
                original, doc_id, bad, payload = meta
                if out is not None:
                    recs = [_doc_record(doc_id, out)]
                    recs += [_note(doc_id, bad)] if bad else []
                    recs += [_warning_record(doc_id, w) for w in out.warnings] + out.changes
                    for target in (log, sidecars[i][1] if i in sidecars else None):
                        if target is not None:
                            for r in recs:
                                target.write(dumps_jsonl(r))
                    for w in out.warnings:
                        _err(f"{doc_id}: {w}")
                sinks[i].write(payload, original, out)
    except (InputError, KeyboardInterrupt) as e:
        # Open outputs are abandoned: their temporary files go, finished ones stay.
        for sink in sinks.values():
            sink.abort(e)
        for cm, _f in sidecars.values():
            try:
                cm.__exit__(type(e), e, None)
            except BaseException:  # noqa: BLE001 - the run's own error is what matters
                pass
        if isinstance(e, KeyboardInterrupt):
            raise
        _err(str(e))
        failed += 1
    finally:
        runner.close()
        if spool is not None:
            spool.close()
        if log_cm is not None:
            log_cm.__exit__(None, None, None)
        if rejects is not None:
            rejects.close()
        if progress is not None:
            progress.close()
    seconds = time.perf_counter() - t0
    summary = summarize(stats, seconds, nbytes)
    summary["failed_inputs"] = failed
    if args.dry_run:
        for label, changed, changes in summary_rows:
            print(f"{label}: {changes} change(s) in {changed} document(s)")
    if not args.quiet:
        _print_summary(summary)
    if args.stats:
        Path(args.stats).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    if failed:
        return 1
    if stats.get("rule_timeouts", 0):
        # Those documents came out without the rule: not an error of theirs, but not the
        # output the rules describe either.
        _err(f"{stats['rule_timeouts']} rule time-out(s): see the warnings and the log")
        return 1
    if args.check and stats.get("changes", 0):
        return 1
    return 0


#: Inputs at least this large start the worker fork server before anything else.
PRESTART_BYTES = 2_000_000


def _input_bytes(sources: list[_Source]) -> int:
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

    spool = tempfile.NamedTemporaryFile(prefix="normalize-stdin-", suffix=".jsonl")
    shutil.copyfileobj(sys.stdin.buffer, spool, 1 << 20)
    spool.flush()
    return spool


def _wants_batch(pipe: Pipeline) -> bool:
    from normalize.registry import RuleKind

    return any(
        type(r).prepare_batch is not RuleKind.prepare_batch for p in pipe.passes for r in p.rules
    )


def _batch_stats(pipe: Pipeline, sources: list[_Source], a: dict[str, Any]) -> dict[str, Any]:
    """Cross-document statistics from a first pass over a sample of the batch (the first
    ``--batch-sample`` documents): one cheap read, bounded memory, and stdin is not
    re-readable, so stdin batches use what they buffer."""
    texts: list[str] = []
    limit = int(a.get("batch_sample") or 5000)
    for src in sources:
        if src.path is None or len(texts) >= limit:
            continue
        try:
            for _meta, doc in _read_source(src, a, lambda *r: None):
                if doc is not None:
                    texts.append(doc[1])
                    if len(texts) >= limit:
                        break
        except InputError:
            continue
    return pipe.prepare_batch(texts) if len(texts) > 1 else {}


def _chunks(
    items: Iterator[tuple[Any, tuple[str, str] | None]],
) -> Iterator[tuple[list[Any], list[tuple[str, str] | None]]]:
    metas: list[Any] = []
    docs: list[tuple[str, str] | None] = []
    size = 0
    for meta, doc in items:
        metas.append(meta)
        docs.append(doc)
        size += len(doc[1]) if doc is not None else 0
        # A chunk also ends with each source, so a finished source is written out even if
        # a later one stops the run.
        if len(docs) >= CHUNK_DOCS or size >= CHUNK_CHARS or isinstance(meta[1], _Mark):
            yield metas, docs
            metas, docs, size = [], [], 0
    if docs:
        yield metas, docs


def _read_source(
    src: _Source, a: dict[str, Any], reject: Any
) -> Iterator[tuple[Any, tuple[str, str] | None]]:
    """``(meta, (doc_id, text) or None)``; meta is ``(original, doc_id, bad, payload)``."""
    strict = bool(a.get("strict"))
    if src.fmt == "text":
        text, bad = read_text_source(src.path, strict)
        doc_id = "-" if src.rel is None else src.rel.as_posix()
        yield (text, doc_id, bad, None), (doc_id, text)
        return
    tf, idf = a.get("text_field") or "text", a.get("id_field") or "id"
    if src.fmt == "jsonl":
        with open_text_stream(src.path) as stream:
            for lineno, rec, _raw, bad in iter_jsonl_lines(
                stream, src.label, strict, bool(a.get("skip_bad")), reject
            ):
                text = rec.get(tf)
                doc_id = rec.get(idf)
                doc_id = str(doc_id) if doc_id is not None else f"{src.label}:{lineno}"
                if isinstance(text, str):
                    yield (text, doc_id, bad, rec), (doc_id, text)
                else:
                    yield (None, doc_id, 0, rec), None
        return
    import pyarrow.parquet as pq

    assert src.path is not None
    pf = pq.ParquetFile(src.path)
    if tf not in pf.schema_arrow.names:
        raise InputError(f"{src.path}: no column {tf!r}")
    n = 0
    for batch in pf.iter_batches(batch_size=CHUNK_DOCS):
        texts = batch.column(tf).to_pylist()
        ids = batch.column(idf).to_pylist() if idf in batch.schema.names else [None] * len(texts)
        for row, (text, doc_id) in enumerate(zip(texts, ids, strict=True)):
            doc_id = str(doc_id) if doc_id is not None else f"{src.label}:{n}"
            n += 1
            payload = (batch, row, len(texts))
            if isinstance(text, str):
                yield (text, doc_id, 0, payload), (doc_id, text)
            else:
                yield (text, doc_id, 0, payload), None


def _sink(src: _Source, a: dict[str, Any], review: bool) -> Any:
    from normalize.writers import JsonlSink, ParquetSink, ReviewSink, TextSink

    if review:
        return ReviewSink(src.label, diff=bool(a.get("diff")))
    tf = a.get("text_field") or "text"
    if src.fmt == "text":
        return TextSink(src.label, src.out)
    if src.fmt == "jsonl":
        return JsonlSink(src.label, src.out, tf)
    assert src.out is not None
    return ParquetSink(src.label, src.out, tf)


def _plan_sources(args: argparse.Namespace, a: dict[str, Any], review: bool) -> list[_Source]:
    paths = args.paths or ["-"]
    fmt = a.get("format") or "auto"
    if paths == ["-"]:
        f = "jsonl" if fmt == "jsonl" else "text"
        if fmt == "parquet":
            raise UsageError("Parquet cannot be read from stdin")
        return [_Source(None, None, f, stdin=True)]
    if "-" in paths:
        raise UsageError("'-' cannot be mixed with paths")
    if args.in_place and not args.backup:
        raise UsageError("--in-place needs --backup SUFFIX")
    if not review and not args.output and not args.in_place:
        raise UsageError("give -o DIR (or --in-place --backup SUFFIX, or --dry-run/--check)")
    outdir = Path(args.output).resolve() if args.output else None
    logdir = Path(args.log_dir).resolve() if args.log_dir else None
    if outdir is not None:
        for p in paths:
            if Path(p).is_dir() and outdir.is_relative_to(Path(p).resolve()):
                raise UsageError(f"output folder {args.output} is inside input folder {p}")
    sources = []
    for src, rel in _iter_inputs(paths, a.get("glob")):
        if rel.is_absolute() or ".." in rel.parts:
            raise UsageError(f"{src}: would be written outside the output folder")
        s = _Source(src, rel, source_format(src, fmt))
        if outdir is not None:
            s.out = outdir / rel
            if not s.out.resolve().is_relative_to(outdir):
                raise UsageError(f"{src}: would be written outside the output folder")
        elif args.in_place:
            backup = src.with_name(src.name + args.backup)
            if not review:
                shutil.copy2(src, backup)
            s.out = src
        if logdir is not None:
            s.log = logdir / (rel.as_posix() + ".changes.jsonl")
        if (
            args.resume
            and s.out is not None
            and s.out.exists()
            and not args.in_place
            and (s.log is None or s.log.exists())
        ):
            continue
        sources.append(s)
    return sources


def _progress(args: argparse.Namespace) -> Any:
    if args.quiet or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(unit="input", file=sys.stderr)


def _print_summary(s: dict[str, Any]) -> None:
    rate = f"{s['MB_per_s']} MB/s" if s["MB_per_s"] is not None else "-"
    print(
        f"normalize: {s['documents']} documents, {s['MB']} MB, {rate}, {s['changes']} "
        f"changes in {s['documents_changed']} documents",
        file=sys.stderr,
    )
    for k, v in s["per_pass"].items():
        print(f"  {k}: {v}", file=sys.stderr)
    if set(s["kinds"]) - {"prose"}:
        kinds = ", ".join(f"{k} {v}" for k, v in s["kinds"].items())
        print(f"  kinds: {kinds}", file=sys.stderr)
    if s["refused"]:
        refused = ", ".join(f"{k} {v}" for k, v in s["refused"].items())
        print(f"  refused in protected regions: {refused}", file=sys.stderr)


_WORD_END = re.compile(r"\w*\Z")
_WORD_START = re.compile(r"\w*")


def cmd_explain(args: argparse.Namespace) -> int:
    pipe = _pipeline(args)
    text, _ = read_document(Path(args.file), strict=args.strict)
    res = pipe.clean(text, doc_id=args.file)
    for c in res.changes:
        before, after = c.before, c.after
        if c.action == "insert":
            # An inserted space means little alone: show the word it splits.
            left = _WORD_END.search(text, 0, c.orig_start)
            right = _WORD_START.match(text, c.orig_end)
            lw = left.group() if left else ""
            rw = right.group() if right else ""
            before, after = lw + rw, lw + c.after + rw
        reason = f" [{c.reason}]" if c.reason else ""
        print(f"{c.orig_line}:{c.orig_col} {c.pass_name}/{c.rule} {before!r} → {after!r}{reason}")
    for k in res.conflicts:
        print(f"conflict: {k.pass_name}/{k.rule} at {k.start}:{k.end} lost to {k.winner_rule}")
    print(f"kind: {res.kind}")
    lines = LineIndex(text)
    for start, end, rtype in protected_regions(text):
        line, col = lines.line_col(start)
        print(f"protected {line}:{col} {rtype} {text[start:end][:60]!r}")
    for k in res.refused:
        print(
            f"refused: {k.pass_name}/{k.rule} at step {k.step} {k.start}:{k.end} ({k.winner_rule})"
        )
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    text, _ = read_document(Path(args.original))
    recs = []
    with open(args.log, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if line.strip():
                try:
                    recs.append(json.loads(line))
                except ValueError as e:
                    raise InputError(f"{args.log}:{i}: malformed JSON: {e}") from None
    docs = {r.get("doc") for r in recs}
    doc = args.doc
    if doc is None and len(docs) > 1:
        name = Path(args.original).name
        matches = [d for d in docs if d is not None and Path(str(d)).name == name]
        if len(matches) != 1:
            raise UsageError("the log holds several documents; choose one with --doc")
        doc = matches[0]
    if doc is not None:
        recs = [r for r in recs if r.get("doc") == doc]
    out = apply_changes(text, [Change.from_dict(r) for r in recs if r.get("action") != "note"])
    if args.expect:
        want, _ = read_document(Path(args.expect))
        if want != out:
            _err(f"replay of {args.original} differs from {args.expect}")
            return 1
        return 0
    sys.stdout.write(out)
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from normalize.rulestest import run_rule_tests

    if args.action == "schema":
        from normalize.loader import json_schema

        print(json.dumps(json_schema(), indent=2))
        return 0
    pipe = Pipeline(args.rules)
    if args.action == "check":
        n = sum(len(p.rules) for p in pipe.passes)
        print(f"ok: {len(pipe.passes)} passes, {n} rules")
        return 0
    if args.action == "list":
        for p in pipe.passes:
            for r in p.rules:
                print(f"{p.name}/{r.id}\t{r.spec.kind}\t{r.spec.description}")
        return 0
    failures = run_rule_tests(args.rules)
    for f in failures:
        print(f, file=sys.stderr)
    print(f"{'FAILED' if failures else 'ok'}: {len(failures)} failing example(s)")
    return 1 if failures else 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    from normalize.snapshot import check_snapshots, inputs, update_snapshots

    pipe = _pipeline(args)
    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    if args.update:
        n = update_snapshots(folder, pipe)
        print(f"updated {n} snapshot(s) in {folder}")
        return 0
    problems = check_snapshots(folder, pipe)
    for p in problems:
        print(p)
    n = len(inputs(folder))
    print(f"{'FAILED' if problems else 'ok'}: {n} snapshot(s), {len(problems)} mismatch(es)")
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="normalize", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--rules", help="rule file or folder replacing the default rules")
        p.add_argument("--only", action="append", help="run only these passes (PASS[,PASS])")
        p.add_argument("--disable", action="append", help="skip these passes")
        p.add_argument("--enable", action="append", help="turn on rules that are off by default")
        p.add_argument("--lang", help="document language instead of guessing it")
        p.add_argument(
            "--kind",
            choices=list(CONTENT_KINDS),
            help="document kind instead of detecting it (prose, markdown, code, data, wrapped)",
        )
        p.add_argument(
            "--strict", action="store_true", default=None, help="invalid UTF-8 is an error"
        )

    c = sub.add_parser("clean", help="clean files, folders, stdin, JSONL or Parquet")
    c.add_argument("paths", nargs="*", help="files or folders; none or - for stdin")
    c.add_argument("-o", "--output", help="output folder (mirrors relative paths)")
    c.add_argument("--log", help="write the whole change log to this JSONL file")
    c.add_argument("--log-dir", help="write one change log per input under this folder")
    c.add_argument("--format", choices=["auto", "text", "jsonl", "parquet"], default=None)
    c.add_argument("--text-field", default=None, help="JSONL/Parquet text field (text)")
    c.add_argument("--id-field", default=None, help="JSONL/Parquet id field (id)")
    c.add_argument("--glob", default=None, help="file pattern inside folders (e.g. '*.jsonl')")
    c.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (all cores)")
    c.add_argument("--engine", choices=["local", "ray"], default=None)
    c.add_argument("--ray-address", default=None, help="Ray cluster address")
    c.add_argument("--in-place", action="store_true", help="rewrite inputs (needs --backup)")
    c.add_argument("--backup", help="suffix for the copies --in-place keeps (e.g. .orig)")
    c.add_argument("--resume", action="store_true", help="skip inputs whose output exists")
    c.add_argument(
        "--skip-bad",
        action="store_true",
        help="copy malformed JSONL lines to a rejects file instead of stopping",
    )
    c.add_argument("--rejects", help="rejects file (default OUTPUT/rejects.jsonl)")
    c.add_argument(
        "--batch-sample",
        type=int,
        default=None,
        help="documents read first for cross-document statistics (5000)",
    )
    c.add_argument("--dry-run", action="store_true", help="print change counts, write nothing")
    c.add_argument("--diff", action="store_true", help="print a unified diff, write nothing")
    c.add_argument("--check", action="store_true", help="exit 1 if anything would change")
    c.add_argument("--stats", help="write the run summary as JSON to this file")
    c.add_argument("-q", "--quiet", action="store_true", help="no summary or progress")
    common(c)
    c.set_defaults(func=cmd_clean)

    e = sub.add_parser("explain", help="print each change of one file")
    e.add_argument("file")
    common(e)
    e.set_defaults(func=cmd_explain)

    r = sub.add_parser("replay", help="apply a change log to the original text")
    r.add_argument("original")
    r.add_argument("log")
    r.add_argument("--doc", help="document id inside the log")
    r.add_argument("--expect", help="compare with this file instead of printing")
    r.set_defaults(func=cmd_replay)

    sn = sub.add_parser("snapshot", help="check or update golden snapshots (*.in.txt)")
    sn.add_argument("action", choices=["check"])
    sn.add_argument("folder")
    sn.add_argument("--update", action="store_true", help="rewrite expectations after review")
    common(sn)
    sn.set_defaults(func=cmd_snapshot)

    ru = sub.add_parser("rules", help="list, check, test or export rules")
    ru.add_argument("action", choices=["list", "check", "test", "schema"])
    ru.add_argument("--rules", help="rule file or folder (default: the shipped rules)")
    ru.set_defaults(func=cmd_rules)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except RuleErrors as e:
        for err in e.errors:
            print(str(err), file=sys.stderr)
        return 2
    except UsageError as e:
        _err(str(e))
        return 2
    except (InputError, ReplayError, NormalizeError) as e:
        _err(str(e))
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
