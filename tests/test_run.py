"""One options object for every command, and the clean run's order of work."""

from __future__ import annotations

import os

import pytest

from normalize.cli import main
from normalize.errors import UsageError
from normalize.run.options import RunOptions


def test_options_come_from_file_then_environment_then_command_line():
    file = {"only": ["markup"], "jobs": 4, "lang": "de"}
    env = {"NORMALIZE_JOBS": "3"}
    opts = RunOptions.resolve({"lang": "en", "jobs": None}, file=file, env=env)
    assert (opts.only, opts.jobs, opts.lang) == (("markup",), 3, "en")


def test_unknown_project_keys_are_usage_errors():
    with pytest.raises(UsageError):
        RunOptions.resolve({}, file={"colour": "blue"}, env={})


def test_explain_honours_the_project_file(tmp_path, capsys, monkeypatch):
    # With only = ["markup"], explain must not list the spacing change clean would not make.
    (tmp_path / "pyproject.toml").write_text('[tool.normalize]\nonly = ["markup"]\n')
    doc = tmp_path / "a.txt"
    doc.write_text("a  b \\$1\n")
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("NORMALIZE_"):
            monkeypatch.delenv(name)
    assert main(["explain", str(doc)]) == 0
    out = capsys.readouterr().out
    assert "markup/" in out and "spacing/" not in out


def test_in_place_with_a_broken_rule_file_leaves_no_backup(tmp_path):
    # Rules load before anything is written: a rule error (exit 2) leaves no .orig behind.
    doc = tmp_path / "a.txt"
    doc.write_text("a  b\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("pass: x\nrules:\n  - {id: r, kind: nope}\n")
    code = main(["clean", str(doc), "--in-place", "--backup", ".orig", "--rules", str(bad), "-q"])
    assert code == 2
    assert not (tmp_path / "a.txt.orig").exists() and doc.read_text() == "a  b\n"


def test_max_rounds_is_no_pipeline_key(tmp_path):
    # It was validated and never read: now it is an unknown key, reported as such.
    (tmp_path / "pipeline.yaml").write_text("passes: []\nmax_rounds: 3\n")
    assert main(["rules", "check", "--rules", str(tmp_path)]) == 2


@pytest.mark.parametrize("suffix", ["", ".gz", ".zst"])
@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_every_compression_round_trips(tmp_path, fmt, suffix):
    # One open_input/open_output for every codec: a .jsonl.zst input used to crash.
    import gzip

    import zstandard

    body = b"a  b\n" if fmt == "txt" else b'{"id": 1, "text": "a  b"}\n{"id": 2, "text": "c"}\n'
    want = b"a b\n" if fmt == "txt" else b'{"id": 1, "text": "a b"}\n{"id": 2, "text": "c"}\n'
    pack = {"": lambda b: b, ".gz": gzip.compress, ".zst": zstandard.compress}[suffix]
    unpack = {"": lambda b: b, ".gz": gzip.decompress}.get(
        suffix, lambda b: zstandard.ZstdDecompressor().decompressobj().decompress(b)
    )
    src = tmp_path / f"a.{fmt}{suffix}"
    src.write_bytes(pack(body))
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert unpack((tmp_path / "out" / src.name).read_bytes()) == want
