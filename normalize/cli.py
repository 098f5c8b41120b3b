"""Command line: argument parsing only; the work is done by the API.

Exit codes: 0 success, 1 failed documents or checks, 2 usage and rule errors. Errors go to
stderr as one line without a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from normalize.engine import Pipeline, apply_changes
from normalize.errors import InputError, NormalizeError, ReplayError, RuleErrors
from normalize.io import atomic_writer, decode_bytes, iter_jsonl, open_binary, read_document
from normalize.types import Change, Result

TEXT_SUFFIXES = {".txt", ".md", ".text"}


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
        )
    except ValueError as e:
        raise UsageError(str(e)) from None


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


def _iter_inputs(paths: list[str]) -> Iterator[tuple[Path, Path]]:
    """``(file, relative path for output)`` for files and folders (recursively)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and not any(
                    part.startswith(".") for part in f.relative_to(path).parts
                ):
                    yield f, f.relative_to(path)
        elif path.is_file():
            yield path, Path(path.name)
        else:
            raise UsageError(f"{p}: no such file or folder")


def _is_jsonl(path: Path, fmt: str) -> bool:
    if fmt != "auto":
        return fmt == "jsonl"
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    return name.endswith(".jsonl")


class _Run:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.pipe = _pipeline(args)
        self.stats: Counter[str] = Counter()
        self.failed = 0
        self.log: IO[str] | None = None

    def write_log(self, records: list[dict[str, Any]]) -> None:
        if self.log is not None:
            for r in records:
                self.log.write(json.dumps(r, ensure_ascii=False) + "\n")

    def result(self, text: str, doc: str, bad: int) -> Result:
        res = self.pipe.clean(text, doc_id=doc)
        self.stats.update(res.stats)
        recs = [_note(doc, bad)] if bad else []
        recs += [c.to_dict() for c in res.changes]
        self.write_log(recs)
        for w in res.warnings:
            _err(f"{doc}: {w}")
        return res

    def jsonl(self, stream: IO[bytes], name: str, out: IO[str]) -> None:
        a = self.args
        for lineno, rec, bad in iter_jsonl(stream, name, strict=a.strict):
            text = rec.get(a.text_field)
            doc = rec.get(a.id_field)
            doc = str(doc) if doc is not None else f"{name}:{lineno}"
            if isinstance(text, str):
                rec[a.text_field] = self.result(text, doc, bad).text
            else:
                self.stats["records_without_text"] += 1
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def text_file(self, src: Path, rel: Path) -> None:
        text, bad = read_document(src, strict=self.args.strict)
        res = self.result(text, rel.as_posix(), bad)
        with atomic_writer(Path(self.args.output) / rel) as f:
            f.write(res.text)


def cmd_clean(args: argparse.Namespace) -> int:
    run = _Run(args)
    paths = args.paths or ["-"]
    log_cm = atomic_writer(Path(args.log)) if args.log else None
    try:
        if log_cm is not None:
            run.log = log_cm.__enter__()
        if paths == ["-"]:
            if args.format == "jsonl":
                out = sys.stdout
                run.jsonl(sys.stdin.buffer, "<stdin>", out)
            else:
                text, bad = decode_bytes(
                    sys.stdin.buffer.read(), strict=args.strict, name="<stdin>"
                )
                sys.stdout.write(run.result(text, "-", bad).text)
        else:
            if not args.output:
                raise UsageError("give -o DIR for file or folder inputs")
            outdir = Path(args.output).resolve()
            for p in paths:
                if Path(p).is_dir() and outdir.is_relative_to(Path(p).resolve()):
                    raise UsageError(f"output folder {args.output} is inside input folder {p}")
            for src, rel in _iter_inputs(paths):
                try:
                    if _is_jsonl(src, args.format):
                        with open_binary(src) as inp, atomic_writer(outdir / rel) as out:
                            run.jsonl(inp, str(src), out)
                    else:
                        run.text_file(src, rel)
                    run.stats["files"] += 1
                except InputError as e:
                    _err(str(e))
                    run.failed += 1
    except InputError as e:
        _err(str(e))
        run.failed += 1
    finally:
        if log_cm is not None:
            log_cm.__exit__(None, None, None)
    if args.verbose:
        print(json.dumps(dict(run.stats), indent=1), file=sys.stderr)
    return 1 if run.failed else 0


def cmd_explain(args: argparse.Namespace) -> int:
    pipe = _pipeline(args)
    text, _ = read_document(Path(args.file), strict=args.strict)
    res = pipe.clean(text, doc_id=args.file)
    for c in res.changes:
        print(
            f"{c.orig_line}:{c.orig_col} {c.pass_name}/{c.rule} {c.before!r} → {c.after!r}"
            + (f" [{c.reason}]" if c.reason else "")
        )
    for k in res.conflicts:
        print(f"conflict: {k.pass_name}/{k.rule} at {k.start}:{k.end} lost to {k.winner_rule}")
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
        from normalize.schema import json_schema

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


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="normalize", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--rules", help="rule file or folder replacing the default rules")
        p.add_argument("--only", action="append", help="run only these passes (PASS[,PASS])")
        p.add_argument("--disable", action="append", help="skip these passes")
        p.add_argument("--enable", action="append", help="turn on rules that are off by default")
        p.add_argument("--lang", help="document language instead of guessing it")
        p.add_argument("--strict", action="store_true", help="invalid UTF-8 is an error")

    c = sub.add_parser("clean", help="clean files, folders, stdin or JSONL")
    c.add_argument("paths", nargs="*", help="files or folders; none or - for stdin")
    c.add_argument("-o", "--output", help="output folder (mirrors relative paths)")
    c.add_argument("--log", help="write the change log as JSONL")
    c.add_argument("--format", choices=["auto", "text", "jsonl"], default="auto")
    c.add_argument("--text-field", default="text")
    c.add_argument("--id-field", default="id")
    c.add_argument("-v", "--verbose", action="store_true", help="print counters to stderr")
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
