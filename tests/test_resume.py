"""An interrupted run resumes where its journal's last commit left it, inside a JSONL input
too, and ends with the outputs, change log, rejects and counts of an uninterrupted run."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from normalize.cli import main
from normalize.io.sinks import partial_name
from normalize.run import clean as clean_module
from normalize.run.journal import JOURNAL_DIR


def _jsonl(path: Path, n: int, bad_every: int = 0) -> Path:
    lines = []
    for i in range(n):
        if bad_every and i % bad_every == bad_every - 1:
            lines.append("{not json")
        elif i % 7 == 3:
            lines.append(json.dumps({"id": i, "other": "no text"}))
        else:
            text = f"Line {i}:  two\u00a0 spaces, caf\u00c3\u00a9."
            lines.append(json.dumps({"id": i, "text": text}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_chunks(monkeypatch):
    """Commit after every chunk of 5 documents."""
    monkeypatch.setattr(clean_module, "CHUNK_DOCS", 5)
    monkeypatch.setattr(clean_module, "COMMIT_SECONDS", 0.0)


def _interrupt_after(monkeypatch, n: int) -> None:
    """Ctrl-C while the ``n``-th document is written."""
    real = clean_module.CleanRun._write
    count = {"docs": 0}

    def write(self, i, doc, out):
        count["docs"] += 1
        if count["docs"] == n:
            raise KeyboardInterrupt
        real(self, i, doc, out)

    monkeypatch.setattr(clean_module.CleanRun, "_write", write)


def _run(args: list[str]) -> int:
    return main(["clean", *args, "-j", "1", "-q"])


def _outputs(out: Path, log: Path, stats: Path) -> tuple[str, str, dict]:
    summary = json.loads(stats.read_text())
    summary.pop("seconds", None)
    summary.pop("docs_per_s", None)
    summary.pop("MB_per_s", None)
    return (out.read_text(encoding="utf-8"), log.read_text(encoding="utf-8"), summary)


def test_ctrl_c_keeps_nothing_under_a_final_name_and_resume_finishes_it(
    tmp_path, monkeypatch, small_chunks
):
    src = _jsonl(tmp_path / "in.jsonl", 60, bad_every=11)
    common = ["--skip-bad", "--rejects", str(tmp_path / "rej.jsonl")]
    ref = tmp_path / "ref"
    stats = tmp_path / "ref.stats"
    assert _run([str(src), "-o", str(ref), "--log", str(tmp_path / "ref.log"), *common,
                 "--stats", str(stats)]) == 0  # fmt: skip
    expected = _outputs(ref / "in.jsonl", tmp_path / "ref.log", stats)
    expected_rejects = (tmp_path / "rej.jsonl").read_text()

    out, log, stats2 = tmp_path / "out", tmp_path / "out.log", tmp_path / "out.stats"
    args = [str(src), "-o", str(out), "--log", str(log), *common, "--stats", str(stats2)]
    with monkeypatch.context() as m:
        _interrupt_after(m, 23)
        assert _run(args) == 130
    assert not (out / "in.jsonl").exists() and not log.exists()  # nothing under final names
    assert partial_name(out / "in.jsonl").exists() and (out / JOURNAL_DIR).is_dir()
    # Whatever was written after the last commit is cut off on resume.
    with open(partial_name(out / "in.jsonl"), "a", encoding="utf-8") as f:
        f.write('{"id": "half a rec')
    assert _run([*args, "--resume"]) == 0
    assert _outputs(out / "in.jsonl", log, stats2) == expected
    assert (tmp_path / "rej.jsonl").read_text() == expected_rejects
    assert not (out / JOURNAL_DIR).exists()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def test_resume_goes_on_inside_the_file(tmp_path, monkeypatch, small_chunks):
    src = _jsonl(tmp_path / "in.jsonl", 40)
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        _interrupt_after(m, 31)
        assert _run([str(src), "-o", str(out)]) == 130
    state = json.loads((out / JOURNAL_DIR / "manifest.json").read_text())["state"]
    done = state["current"]["pos"][0]
    assert done >= 25  # committed after every chunk of 5
    cleaned: list[str] = []
    real = clean_module.CleanRun._write

    def write(self, i, doc, out_):
        cleaned.append(doc.id)
        real(self, i, doc, out_)

    monkeypatch.setattr(clean_module.CleanRun, "_write", write)
    assert _run([str(src), "-o", str(out), "--resume"]) == 0
    assert cleaned[0] == str(done)  # the id of the record on line done + 1
    ref = tmp_path / "ref"
    assert _run([str(src), "-o", str(ref)]) == 0
    assert (out / "in.jsonl").read_bytes() == (ref / "in.jsonl").read_bytes()


def test_a_folder_resumes_with_one_complete_log(tmp_path, monkeypatch, small_chunks):
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(3):
        (folder / f"t{k}.txt").write_text(f"Text {k}  with\u00a0spaces.\n")
        _jsonl(folder / f"r{k}.jsonl", 12)
    _jsonl(folder / "z.jsonl.gz.src", 1)  # not an input name of ours: a text file
    gz = _jsonl(tmp_path / "g.jsonl", 12)  # compressed: starts afresh on resume
    (folder / "g.jsonl.gz").write_bytes(gzip.compress(gz.read_bytes()))
    ref, out = tmp_path / "ref", tmp_path / "out"
    assert _run([str(folder), "-o", str(ref), "--log", str(tmp_path / "ref.log")]) == 0
    for attempt in range(3):
        with monkeypatch.context() as m:
            _interrupt_after(m, 9)
            resume = ["--resume"] if attempt else []
            assert _run([str(folder), "-o", str(out), "--log", str(tmp_path / "l"), *resume]) == 130
    assert _run([str(folder), "-o", str(out), "--log", str(tmp_path / "l"), "--resume"]) == 0
    assert (tmp_path / "l").read_bytes() == (tmp_path / "ref.log").read_bytes()
    for f in ref.iterdir():
        assert (out / f.name).read_bytes() == f.read_bytes()


def test_a_journal_of_other_options_is_refused(tmp_path, monkeypatch, small_chunks, capsys):
    src = _jsonl(tmp_path / "in.jsonl", 30)
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        _interrupt_after(m, 20)
        assert _run([str(src), "-o", str(out)]) == 130
    assert _run([str(src), "-o", str(out), "--resume", "--only", "spacing"]) == 2
    assert "other inputs or options" in capsys.readouterr().err
    # Without --resume a run starts afresh, and its journal goes when it is done.
    assert _run([str(src), "-o", str(out), "--only", "spacing"]) == 0
    assert not (out / JOURNAL_DIR).exists() and not partial_name(out / "in.jsonl").exists()


def test_resume_after_a_finished_run_leaves_its_log_alone(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", 10)
    out, log = tmp_path / "out", tmp_path / "log.jsonl"
    assert _run([str(src), "-o", str(out), "--log", str(log)]) == 0
    before = log.read_bytes()
    assert _run([str(src), "-o", str(out), "--log", str(log), "--resume"]) == 0
    assert log.read_bytes() == before and before


def test_a_second_run_into_the_same_folder_at_once_is_refused(tmp_path, capsys):
    from normalize.run.journal import Journal

    src = _jsonl(tmp_path / "in.jsonl", 3)
    out = tmp_path / "out"
    held = Journal(out, "held")
    held.lock()  # as a run in progress holds it
    assert _run([str(src), "-o", str(out)]) == 2
    assert "another run is writing into" in capsys.readouterr().err
    assert not (out / "in.jsonl").exists()


def test_a_rule_error_leaves_no_journal(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", 3)
    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "pipeline.yaml").write_text("passes: [nope]\n")
    assert _run([str(src), "-o", str(tmp_path / "out"), "--rules", str(bad)]) == 2
    assert not (tmp_path / "out" / JOURNAL_DIR).exists()
