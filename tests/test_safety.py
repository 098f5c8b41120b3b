"""A run never writes over an input, and never passes a wrong text field in silence."""

from normalize.cli import main


def test_an_output_folder_holding_the_input_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("a  b\n")
    assert main(["clean", "a.txt", "-o", "."]) == 2
    assert main(["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path)]) == 2
    assert (tmp_path / "a.txt").read_text() == "a  b\n"


def test_a_log_stats_or_rejects_file_naming_an_input_is_refused(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("a  b\n")
    for flag in ("--log", "--stats", "--rejects"):
        assert main(["clean", str(src), "-o", str(tmp_path / "out"), flag, str(src)]) == 2
    assert src.read_text() == "a  b\n" and not (tmp_path / "out").exists()


def test_in_place_keeps_the_first_backup_and_never_cleans_backups(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("a  b\n")
    assert main(["clean", str(src), "--in-place", "--backup", ".orig", "-q"]) == 0
    assert src.read_text() == "a b\n" and (tmp_path / "a.txt.orig").read_text() == "a  b\n"
    # A second run would overwrite the only copy of the original bytes: refused.
    assert main(["clean", str(src), "--in-place", "--backup", ".orig", "-q"]) == 2
    assert (tmp_path / "a.txt.orig").read_text() == "a  b\n"
    # In a folder, the backups of an earlier run are no inputs.
    (tmp_path / "b.txt").write_text("c  d\n")
    (tmp_path / "a.txt.orig").rename(tmp_path / "old.txt.orig")
    src.unlink()
    assert main(["clean", str(tmp_path), "--in-place", "--backup", ".orig", "-q"]) == 0
    assert (tmp_path / "old.txt.orig").read_text() == "a  b\n"
    assert not (tmp_path / "old.txt.orig.orig").exists()
    assert (tmp_path / "b.txt").read_text() == "c d\n"


def test_a_wrong_text_field_is_an_error_and_loses_nothing(tmp_path, capsys):
    src = tmp_path / "r.jsonl"
    src.write_text('{"id": 1, "body": "a  b"}\n{"id": 2, "body": "c"}\n')
    assert main(["clean", str(src), "-o", str(tmp_path / "out")]) == 1
    assert "has a string 'text' field" in capsys.readouterr().err
    assert (tmp_path / "out" / "r.jsonl").read_text() == src.read_text()
    assert main(["clean", str(src), "-o", str(tmp_path / "o2"), "--text-field", "body"]) == 0
    assert '"a b"' in (tmp_path / "o2" / "r.jsonl").read_text()


def test_records_without_text_are_counted(tmp_path):
    import json

    src = tmp_path / "s.jsonl"
    src.write_text('{"id": 1, "text": "a  b"}\n{"id": 2, "text": null}\n')
    stats = tmp_path / "stats.json"
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--stats", str(stats), "-q"]) == 0
    assert json.loads(stats.read_text())["other"]["records_without_text"] == 1


def test_nul_bytes_past_the_binary_check_are_noted(tmp_path, capsys):
    import json

    src = tmp_path / "a.txt"
    src.write_bytes(b"x" * 9000 + b"\x00 tail\n")
    log = tmp_path / "log.jsonl"
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--log", str(log), "-q"]) == 0
    assert "NUL byte" in capsys.readouterr().err
    rules = {json.loads(line)["rule"] for line in log.read_text().splitlines()}
    assert "nul-bytes" in rules


def test_rejects_are_this_runs_only_and_their_place_is_said(tmp_path, capsys):
    src = tmp_path / "r.jsonl"
    src.write_text('{"text": "a"}\nnot json\n')
    rejects = tmp_path / "rej.jsonl"
    rejects.write_text("an earlier run's line\n")
    args = ["clean", str(src), "-o", str(tmp_path / "out"), "--skip-bad", "--rejects", str(rejects)]
    main(args)
    assert str(rejects) in capsys.readouterr().err
    assert rejects.read_text().count("\n") == 1 and "earlier" not in rejects.read_text()


def test_unwritable_outputs_are_clear_errors(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("a  b\n")
    afile = tmp_path / "f"
    afile.write_text("")
    assert main(["clean", str(src), "-o", str(afile)]) == 2
    assert main(["clean", str(src), "-o", str(afile / "sub")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "is a file" in err


def test_a_file_name_that_is_not_utf8_is_logged(tmp_path):
    import json
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")
    (folder / name).write_text("a  b\n")
    log = tmp_path / "log.jsonl"
    assert main(["clean", str(folder), "-o", str(tmp_path / "out"), "--log", str(log), "-q"]) == 0
    docs = {json.loads(line)["doc"] for line in log.read_text(encoding="utf-8").splitlines()}
    assert docs == {"caf\\xe9.txt"}
    assert (tmp_path / "out" / name).read_text() == "a b\n"


def test_a_resumed_run_takes_its_batch_statistics_from_every_input(tmp_path, capsys):
    from normalize.run.clean import CleanRun
    from normalize.run.options import RunOptions

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(f"text {name}  here\n")
    out = tmp_path / "out"
    assert main(["clean", str(folder), "-o", str(out), "-q"]) == 0
    (out / "c.txt").unlink()
    opts = RunOptions(paths=(str(folder),), output=str(out), resume=True, quiet=True)
    run = CleanRun(opts)
    assert [s.path.name for s in run.sources] == ["c.txt"]
    seen: list[int] = []

    class Pipe:
        def prepare_batch(self, texts):
            seen.append(len(texts))
            return {}

    run._batch_stats(Pipe())
    assert seen == [3]  # the finished inputs are read for the statistics too
    log = tmp_path / "log.jsonl"
    assert main(["clean", str(folder), "-o", str(out), "--resume", "--log", str(log), "-q"]) == 0
    assert "covers only the 1 input(s)" in capsys.readouterr().err
    assert (out / "c.txt").read_text() == "text c here\n"


def test_a_worker_exits_when_its_run_is_killed():
    import subprocess
    import sys

    run = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.5)"])
    code = (
        "import time\nfrom normalize.run.local import _watch_run\n"
        f"_watch_run({run.pid}, every=0.1)\ntime.sleep(30)\n"
    )
    worker = subprocess.Popen([sys.executable, "-c", code])
    run.wait()
    assert worker.wait(timeout=10) == 1  # gone long before its 30 s sleep


def test_most_records_without_text_is_an_error_unless_allowed(tmp_path, capsys):
    src = tmp_path / "m.jsonl"
    src.write_text('{"text": "a  b"}\n{"body": "x"}\n{"body": "y"}\n')
    assert main(["clean", str(src), "-o", str(tmp_path / "o1"), "-q"]) == 1
    assert "2 of its 3 record(s) have no string 'text' field" in capsys.readouterr().err
    assert (tmp_path / "o1" / "m.jsonl").read_text().count("\n") == 3  # nothing lost
    args = ["clean", str(src), "-o", str(tmp_path / "o2"), "-q", "--allow-missing-text"]
    assert main(args) == 0
    src.write_text('{"text": "a  b"}\n{"text": "c"}\n{"body": "y"}\n')  # a third: fine
    assert main(["clean", str(src), "-o", str(tmp_path / "o3"), "-q"]) == 0
