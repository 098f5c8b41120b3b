"""Command line: argument parsing, then one call into :mod:`normalize.run` or the API.

Exit codes: 0 success, 1 failed documents or checks, 2 usage and rule errors. Errors go to
stderr as one line without a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from normalize.content import CONTENT_KINDS
from normalize.engine import Pipeline, apply_changes
from normalize.errors import InputError, NormalizeError, ReplayError, RuleErrors, UsageError
from normalize.io.formats import read_document
from normalize.protect import protected_regions
from normalize.run.clean import CleanRun
from normalize.run.options import RunOptions
from normalize.run.report import error
from normalize.spans import LineIndex
from normalize.types import Change


def _options(args: argparse.Namespace) -> RunOptions:
    """The run options: the command line over ``NORMALIZE_*`` over ``[tool.normalize]``."""
    return RunOptions.resolve(vars(args))


def cmd_clean(args: argparse.Namespace) -> int:
    return CleanRun(_options(args)).run()


_WORD_END = re.compile(r"\w*\Z")
_WORD_START = re.compile(r"\w*")


def cmd_explain(args: argparse.Namespace) -> int:
    opts = _options(args)
    pipe = opts.pipeline()
    text, _ = read_document(Path(args.file), strict=opts.strict)
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
            error(f"replay of {args.original} differs from {args.expect}")
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
        warnings = [w for p in pipe.passes for w in p.warnings]
        for w in warnings:
            print(f"warning: {w}", file=sys.stderr)
        print(f"ok: {len(pipe.passes)} passes, {n} rules, {len(warnings)} warning(s)")
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

    pipe = _options(args).pipeline()
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
    c.add_argument("--format", choices=["auto", "text", "jsonl", "parquet", "html"], default=None)
    c.add_argument(
        "--html-field",
        default=None,
        help="JSONL field with a page's HTML: its main text (trafilatura, normalize[html]) "
        "is extracted, cleaned and written to --text-field",
    )
    c.add_argument("--text-field", default=None, help="JSONL/Parquet text field (text)")
    c.add_argument(
        "--site-field",
        default=None,
        help="JSONL/Parquet field naming a document's site, for site templates in the batch "
        "(a URL's host is taken; default: the host of 'url' where there is one; '' for none)",
    )
    c.add_argument("--id-field", default=None, help="JSONL/Parquet id field (id)")
    c.add_argument("--glob", default=None, help="file pattern inside folders (e.g. '*.jsonl')")
    c.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (all cores)")
    c.add_argument("--engine", choices=["local", "ray"], default=None)
    c.add_argument("--ray-address", default=None, help="Ray cluster address")
    c.add_argument("--in-place", action="store_true", help="rewrite inputs (needs --backup)")
    c.add_argument("--backup", help="suffix for the copies --in-place keeps (e.g. .orig)")
    c.add_argument(
        "--resume",
        action="store_true",
        help="go on with an interrupted run from its journal in -o DIR (inside a JSONL "
        "input too); without a journal, skip inputs whose output exists",
    )
    c.add_argument(
        "--skip-bad",
        action="store_true",
        help="copy malformed JSONL lines to a rejects file instead of stopping",
    )
    c.add_argument(
        "--allow-missing-text",
        action="store_true",
        default=None,
        help="no error when most records of an input lack a string text field",
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
        error(str(e))
        return 2
    except (InputError, ReplayError, NormalizeError) as e:
        error(str(e))
        return 1
    except BrokenPipeError:
        return 0
    except OSError as e:
        # A read-only or full disk, an output that is a file: a clear line, not a traceback.
        where = f"{e.filename}: " if e.filename else ""
        error(f"{where}{e.strerror or e}")
        return 2
    except KeyboardInterrupt:
        error("interrupted")
        return 130
