"""HTML input: the main text is extracted (trafilatura), cleaned and logged; bad pages get a
clear error and lose nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normalize import apply_changes
from normalize.cli import main
from normalize.io.html import extract_main_text

pytest.importorskip("trafilatura")

ARTICLE = (
    "The city council approved the new budget on Tuesday after a debate that lasted "
    "most of the night, and the mayor said the caf\u00c3\u00a9 owners on the main square "
    "would get help with their rents."
)
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Budget approved</title></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/contact">Contact us</a></li></ul></nav></header>
<main><article>
<h1>Council approves the budget</h1>
<p>{ARTICLE}</p>
<p>Opposition members said they would keep asking for an audit of the spending plans, which
they called too optimistic for a year in which tax receipts are expected to fall.</p>
<p>The budget takes effect in January, and the first payments are due in the spring.</p>
</article></main>
<section class="comments"><h3>Comments</h3><p>First! Great article, thanks.</p></section>
<footer><p>Copyright 2026 Example Daily. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def test_an_html_page_is_extracted_cleaned_and_logged(tmp_path: Path) -> None:
    page = tmp_path / "budget.html"
    page.write_text(PAGE, encoding="utf-8")
    out, log = tmp_path / "out", tmp_path / "log.jsonl"
    assert main(["clean", str(page), "-o", str(out), "--log", str(log), "-q"]) == 0
    text = (out / "budget.html.txt").read_text(encoding="utf-8")
    assert "Council approves the budget" in text and "caf\u00e9 owners" in text
    assert "Contact us" not in text and "All rights reserved" not in text
    assert "First! Great article" not in text  # comments are not the main text
    records = [json.loads(line) for line in log.read_text().splitlines()]
    notes = [r for r in records if r["rule"] == "html-extract"]
    assert len(notes) == 1 and "trafilatura" in notes[0]["reason"]
    assert "include_comments=False" in notes[0]["reason"]
    # The log's offsets refer to the extracted text: replaying it there gives the output.
    extracted = extract_main_text(PAGE, "budget.html")
    changes = [r for r in records if r["action"] != "note"]
    assert changes and apply_changes(extracted, changes) == text


def test_jsonl_with_an_html_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "pages.jsonl"
    records = [
        {"id": "a", "url": "https://example.org/a", "html": PAGE},
        {"id": "b", "html": "<html><body><div></div></body></html>"},  # no main text
        {"id": "c", "text": "no html here"},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--html-field", "html", "-q"]) == 0
    got = [json.loads(line) for line in (out / "pages.jsonl").read_text().splitlines()]
    assert len(got) == 3  # N records in, N out
    assert "caf\u00e9 owners" in got[0]["text"] and got[0]["html"] == PAGE
    assert got[1] == records[1]  # passed through as it came, and said why
    assert "no main text found" in capsys.readouterr().err
    assert got[2] == records[2]


def test_bad_pages_are_clear_errors_and_the_others_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.html").write_text(PAGE, encoding="utf-8")
    (folder / "empty.html").write_text("", encoding="utf-8")
    (folder / "broken.htm").write_bytes(b"<html><body><p>\xff\xfe<<<</b></i>" * 3)
    (folder / "notes.txt").write_text("plain  text\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(folder), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "empty.html: no main text found in the HTML" in err
    assert (out / "good.html.txt").exists() and (out / "notes.txt").read_text() == "plain text\n"
    assert not (out / "empty.html.txt").exists()
    monkeypatch.setattr("normalize.io.html.MAX_HTML_BYTES", 1000)
    assert main(["clean", str(folder / "good.html"), "-o", str(tmp_path / "o2"), "-q"]) == 1
    assert "larger than the 1,000 this run reads" in capsys.readouterr().err
