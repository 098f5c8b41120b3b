"""The document-kind detector, ``--kind``, and protection of user rules' edits."""

from __future__ import annotations

import json

import pytest

from normalize import Pipeline
from normalize.cli import main
from normalize.content import SAMPLE_CHARS, detect_content

WRAPPED = "\n".join(
    [
        "   The server answers every request with a status line, and the client",
        "   reads it before it looks at the headers that follow. A proxy that",
        "   does not know the method passes the request on unchanged, unless",
        "   the configuration says that it must refuse such requests, in which",
        "   case it answers with an error and closes the connection at once.",
        "",
        "   A cache keeps a response only while it is fresh; after that it asks",
        "   the origin server again before it answers the next request.",
    ]
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("id\tname\tcity\n1\tAna\tLima\n2\tBo\tOslo\n3\tCy\tRome\n", "data"),
        ('[{"a": 1}, {"a": 2}]', "data"),
        ('{"a": 1}\n{"a": 2}\n{"a": 3}\n', "data"),
        ("steps:\n  - run: make\n  - run: make test\nenv:\n  CI: true\n", "data"),
        ("#include <stdio.h>\n\nint main(void) {\n    puts(\"hi\");\n    return 0;\n}\n", "code"),
        ("<!DOCTYPE html>\n<html>\n<body>\n<p>Hello there, world.</p>\n</body>\n</html>\n", "code"),
        ("all: build\n\nbuild:\n\tcc -o app main.c\n\ntest: build\n\t./app --check\n", "code"),
        ("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n", "code"),
        ("use std::io;\n\nfn main() {\n    let mut s = String::new();\n}\n", "code"),
        ("[tool.ruff]\nline-length = 100\n\n[tool.ruff.lint]\nselect = [\"E\"]\n", "code"),
        ("SELECT id, name\nFROM users\nWHERE id = 1\nORDER BY name;\n", "code"),
        ("def greet(name)\n  puts \"hi #{name}\"\nend\n\ngreet(\"x\")\n", "code"),
        ("x <- c(1, 2, 3)\ny <- mean(x)\nprint(y)\n", "code"),
        ("<?php\n$name = 'x';\necho $name;\n?>\n", "code"),
        (WRAPPED, "wrapped"),
        ("# Tool\n\n## Usage\n\n- one\n- two\n- three\n\nSee [the docs](https://x.org) and "
         "[more](y.md).\n", "markdown"),
        ("The minister said the talks would go on.\n\nThey met again on Tuesday.\n", "prose"),
        ("Code : 3912\nShr 1.20 dlrs vs 1.10 dlrs <ABC> said on Monday in a statement.", "prose"),
    ],
)  # fmt: skip
def test_detect_content(text: str, kind: str) -> None:
    assert detect_content(text) == kind


def test_detection_reads_a_bounded_sample() -> None:
    prose = (
        "The minister said on Monday that the talks with the neighbouring country would go on "
        "for at least another week, and that he was hopeful about the result.\n\n"
    )
    long = prose * (SAMPLE_CHARS // len(prose) + 10) + "x = 1;\n" * 1000
    assert detect_content(long) == "prose"


def test_user_rules_are_bound_by_protected_regions(tmp_path) -> None:
    rule = tmp_path / "shout.yaml"
    rule.write_text(
        "pass: shout\nrules:\n  - id: upper-the\n    kind: regex\n"
        "    pattern: 'the'\n    replace: 'THE'\n",
        encoding="utf-8",
    )
    result = Pipeline(rule).clean("Read the docs at https://example.org/the/page now.")
    assert result.text == "Read THE docs at https://example.org/the/page now."
    assert [k.winner_rule for k in result.refused] == ["protected:url"]


def test_cli_kind_overrides_detection(tmp_path, capsys) -> None:
    src = tmp_path / "notes.txt"
    src.write_text("a  b\n", encoding="utf-8")
    log = tmp_path / "log.jsonl"
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--kind", "code", "-q",
                 "--log", str(log)]) == 0  # fmt: skip
    assert (tmp_path / "out" / "notes.txt").read_text(encoding="utf-8") == "a  b\n"
    record = json.loads(log.read_text(encoding="utf-8").splitlines()[0])
    assert (record["rule"], record["kind"]) == ("kind", "code")
    assert main(["clean", str(src), "-o", str(tmp_path / "out2"), "-q"]) == 0
    assert (tmp_path / "out2" / "notes.txt").read_text(encoding="utf-8") == "a b\n"


def test_paragraphs_with_as_many_commas_are_prose_not_csv():
    # Found by the hypothesis kit: three paragraphs of three commas each read as a table.
    para = (
        "“The deal is done,” Israel said. The minister said on Monday that the talks would"
        " go on. “The talks are hard,” he said. “We will see,” Nakamura added.\n\n"
    )
    assert detect_content(para * 3) == "prose"
    assert (
        detect_content("id,name,city,score\n1,Ann,Oslo,3\n2,Bob,Rome,4\n3,Eve,Bonn,5\n") == "data"
    )
