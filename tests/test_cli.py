import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from normalize.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run(*args, stdin=b""):
    return subprocess.run(
        [sys.executable, "-m", "normalize", *args], input=stdin, capture_output=True, cwd=ROOT
    )


def test_stdin_to_stdout():
    p = run("clean", "-", stdin="a\u00a0\u00a0b \\$1\n".encode())
    assert p.returncode == 0 and p.stdout.decode() == "a b $1\n"


def test_clean_seeds_with_log_and_replay(tmp_path):
    out = tmp_path / "out"
    assert main(["clean", str(SEEDS), "-o", str(out), "--log", str(out / "changes.jsonl")]) == 0
    for seed in sorted(SEEDS.glob("*.txt")):
        assert (out / seed.name).is_file()
        assert (
            main(
                ["replay", str(seed), str(out / "changes.jsonl"), "--expect", str(out / seed.name)]
            )
            == 0
        )


def test_jsonl_n_in_n_out_with_passthrough_fields(tmp_path):
    recs = [{"id": i, "text": f"doc\u00a0{i}", "meta": {"k": i}} for i in range(5)]
    recs.insert(2, {"id": "no-text", "other": 1})
    payload = "".join(json.dumps(r) + "\n" for r in recs).encode()
    p = run("clean", "--format", "jsonl", "-", stdin=payload)
    assert p.returncode == 0, p.stderr
    out = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert len(out) == len(recs)
    assert out[0] == {"id": 0, "text": "doc 0", "meta": {"k": 0}}
    assert out[2] == {"id": "no-text", "other": 1}


def test_jsonl_file_gz_and_malformed_line(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    with gzip.open(src / "a.jsonl.gz", "wt") as f:
        f.write('{"id": 1, "text": "x  y"}\n')
    (src / "b.jsonl").write_text('{"id": 1, "text": "ok"}\n{"id": 2, "text": \n')
    p = run("clean", str(src), "-o", str(tmp_path / "out"))
    assert p.returncode == 1
    assert f"{src / 'b.jsonl'}:2: malformed JSON" in p.stderr.decode()
    with gzip.open(tmp_path / "out" / "a.jsonl.gz", "rt") as f:
        assert json.loads(f.read())["text"] == "x y"
    assert not (tmp_path / "out" / "b.jsonl").exists()  # no half-written output


def test_invalid_utf8_fallback_is_logged_and_strict_refuses(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "latin.txt").write_bytes(b"caf\xe9 \xe2\x80\x9cok\xe2\x80\x9d\n")
    log = tmp_path / "log.jsonl"
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--log", str(log)]) == 0
    assert (tmp_path / "out" / "latin.txt").read_text() == "caf\u00e9 \u201cok\u201d\n"
    notes = [json.loads(x) for x in log.read_text().splitlines()]
    assert notes[0]["rule"] == "kind" and notes[0]["kind"] == "prose"  # the document record
    assert notes[1]["rule"] == "decode-fallback" and "1 invalid" in notes[1]["reason"]
    p = run("clean", "--strict", str(src), "-o", str(tmp_path / "out2"))
    assert p.returncode == 1 and b"invalid UTF-8" in p.stderr


def test_binary_file_is_skipped_others_complete(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (src / "good.txt").write_text("a  b")
    p = run("clean", str(src), "-o", str(tmp_path / "out"))
    assert p.returncode == 1 and b"binary file" in p.stderr
    assert (tmp_path / "out" / "good.txt").read_text() == "a b"


def test_output_inside_input_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    p = run("clean", str(tmp_path), "-o", str(tmp_path / "out"))
    assert p.returncode == 2 and b"inside input" in p.stderr


def test_explain_lists_seed_fixes():
    p = run("explain", str(SEEDS / "000_5c157705c48a7386.txt"))
    out = p.stdout.decode()
    assert "9:49 markup/backslash-escape '\\\\$' → '$'" in out
    assert "spacing/hyphen-break '-\\n\\npopulated' → '-populated'" in out


@pytest.mark.parametrize("args", [["clean", "nope.txt", "-o", "x"], ["clean", "--only", "zz"]])
def test_usage_errors_exit_2_without_traceback(args):
    p = run(*args)
    assert p.returncode == 2 and b"Traceback" not in p.stderr


def test_rules_test_and_schema():
    assert run("rules", "test").returncode == 0
    schema = json.loads(run("rules", "schema").stdout)
    assert schema["title"] == "normalize rule file"


def test_snapshot_check_reports_a_mismatch_and_update_fixes_it(tmp_path):
    (tmp_path / "a.in.txt").write_text("a  b")
    assert main(["snapshot", "check", str(tmp_path), "--update"]) == 0
    assert main(["snapshot", "check", str(tmp_path)]) == 0
    (tmp_path / "a.out.txt").write_text("a  b")
    p = run("snapshot", "check", str(tmp_path))
    assert p.returncode == 1 and b"text differs" in p.stdout


def test_skip_bad_copies_malformed_lines_to_rejects(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "b.jsonl").write_text('{"id": 1, "text": "a  b"}\n{"id": 2, "text": \n{"id": 3}\n')
    out = tmp_path / "out"
    p = run("clean", str(src), "-o", str(out), "--skip-bad", "-q")
    assert p.returncode == 0, p.stderr
    recs = [json.loads(x) for x in (out / "b.jsonl").read_text().splitlines()]
    assert [r["id"] for r in recs] == [1, 3] and recs[0]["text"] == "a b"
    rejects = [json.loads(x) for x in (out / "rejects.jsonl").read_text().splitlines()]
    assert rejects[0]["line"] == 2 and "malformed JSON" in rejects[0]["error"]


def test_n_documents_in_n_out_across_formats_and_jobs(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    src = tmp_path / "in"
    src.mkdir()
    rows = [{"id": i, "text": f"doc\u00a0{i}  x", "n": i} for i in range(700)]
    (src / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    pq.write_table(pa.Table.from_pylist(rows), src / "b.parquet")
    (src / "c.txt").write_text("one  doc")
    out = tmp_path / "out"
    p = run(
        "clean", str(src), "-o", str(out), "--jobs", "2", "-q", "--log-dir", str(tmp_path / "logs")
    )
    assert p.returncode == 0, p.stderr
    got = [json.loads(x) for x in (out / "a.jsonl").read_text().splitlines()]
    assert [r["id"] for r in got] == list(range(700))
    assert got[5] == {"id": 5, "text": "doc 5 x", "n": 5}
    table = pq.read_table(out / "b.parquet").to_pylist()
    assert [r["id"] for r in table] == list(range(700)) and table[5]["text"] == "doc 5 x"
    assert (out / "c.txt").read_text() == "one doc"
    assert (tmp_path / "logs" / "a.jsonl.changes.jsonl").is_file()


def test_check_diff_and_dry_run_write_nothing(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("a  b\n")
    p = run("clean", str(src), "--check", "-q")
    assert p.returncode == 1
    p = run("clean", str(src), "--diff", "-q")
    assert p.returncode == 0 and b"-a  b" in p.stdout and b"+a b" in p.stdout
    p = run("clean", str(src), "--dry-run", "-q")
    assert b"1 change(s) in 1 document(s)" in p.stdout
    assert sorted(x.name for x in src.iterdir()) == ["a.txt"]


def test_in_place_needs_backup_and_keeps_it(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("a  b")
    assert run("clean", str(f), "--in-place").returncode == 2
    assert run("clean", str(f), "--in-place", "--backup", ".orig", "-q").returncode == 0
    assert f.read_text() == "a b" and (tmp_path / "a.txt.orig").read_text() == "a  b"


def test_config_file_and_environment(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.normalize]\nonly = ["markup"]\n')
    env_run = subprocess.run(
        [sys.executable, "-m", "normalize", "clean", "-q", "-"],
        input=b"a  \\$1",
        capture_output=True,
        cwd=tmp_path,
    )
    assert env_run.stdout.decode() == "a  $1"  # only markup ran
    import os

    env = dict(os.environ, NORMALIZE_ONLY="spacing")
    env_run = subprocess.run(
        [sys.executable, "-m", "normalize", "clean", "-q", "-"],
        input=b"a  \\$1",
        capture_output=True,
        cwd=tmp_path,
        env=env,
    )
    assert env_run.stdout.decode() == "a \\$1"  # the environment overrides the file


def test_runner_keeps_order_while_switching_from_inline_to_workers():
    # The main process cleans chunks itself until the pool is up, then hands them over:
    # results must come back complete and in order across the switch.
    from normalize import Pipeline
    from normalize.run.local import Runner, Settings

    texts = [f"doc\u00a0{i}  x\n\nsaid theUSA" for i in range(40 * 60)]
    chunks = [(k, [(str(i), texts[i]) for i in range(k * 40, k * 40 + 40)]) for k in range(60)]

    runner = Runner(Settings(), 2, None)

    def reader():
        for k, c in enumerate(chunks):
            if k == 3:  # the first chunks went inline; wait until the workers are up
                runner._starter.join(timeout=120)
            yield c

    inline_calls = []
    inline = runner._inline
    runner._inline = lambda docs: inline_calls.append(1) or inline(docs)
    try:
        got = [(meta, [o.text for o in outs]) for meta, (outs, _stats) in runner.map(reader())]
    finally:
        runner.close()
    pipe = Pipeline()
    assert [m for m, _ in got] == list(range(60))
    assert [t for _, ts in got for t in ts] == [pipe.clean(t).text for t in texts]
    assert 0 < len(inline_calls) < 60, "expected both inline and worker chunks"
