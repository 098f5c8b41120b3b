"""Tests for boilerplate.py: seed documents, examples.yaml, interface contract."""

from __future__ import annotations

import itertools
import os
import pickle

import pytest

from normalize.kinds.boilerplate.detector import (
    DEFAULT_PARAMS,
    BoilerplateDetector,
    clean,
)

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "seeds")

# boilerplate lines per seed, written by hand from reading the seeds
# (every other non-empty line stays)
CAPTION = (
    "Israeli Prime Minister Benjamin Netanyahu with Azeri President Ilham Aliyev in Azerbaijan, "
    "2016"
)
SEED_DROP: dict[str, list[str]] = {
    "000_5c157705c48a7386.txt": [],
    "001_b82688a410b4c364.txt": ["Code : 3912"],
    "002_b105b622e4c02704.txt": ["Հետևեք մեզ նաև Telegram-ում"],
    "003_3c3f6ef274107563.txt": [
        "45.6 F",
        "New York",
        "Friday, March 29, 2024",
        "Related Articles",
        "-Advertisement-",
        "Must read",
        "balance of natureDonate",
        "Latest article",
        "- Advertisement -",
    ],
    "004_1acd698342a7e170.txt": [
        "Send in e-mailSend in e-mail",
        "Send in e-mailSend in e-mail",
        CAPTION,
        CAPTION + "Credit: Chaim Tzach/GPO",
        "Noa Landau",  # the second copy; the first stays
        (
            ">> Advanced Israeli Weapons Sold to Azerbaijan Exposed in Army-produced Pop Music "
            "Video ■ How pro-Israel Jews Became Azerbaijan's Secret Weapon in Washington"
        ),
        (
            "Advanced Israeli weapons sold to Azerbaijan exposed in army-produced pop music video"
            "Credit: Azerbaijan State border service"
        ),
        "Click the alert icon to follow topics:",
    ],
}
# lines that must stay (titles, datelines, source lines, subheadings, bylines)
SEED_KEEP = [
    "# Israel Inks Arms Deal With Azerbaijan",
    "February 27, 2012",
    "**The**  **Moscow Times**",
    "(AP, MT)",
    "Original url:",
    "Azerbaijan Says Israeli Arms to be Used Against Karabakh",
    "Saturday 10 March 2012 13:11",
    "In September Karabakh armed forces downed an Israeli-made Azeri drone",
    "Israel Negotiates Arms Deal with Azerbaijan, Raises Eyebrows in Tehran",
    "Noa Landau",
    "Azerbaijan buys weapon from Israel: against whom will it be used?",
]


@pytest.fixture(scope="module")
def det() -> BoilerplateDetector:
    return BoilerplateDetector()


def _seed_texts() -> dict[str, str]:
    out = {}
    for name in SEED_DROP:
        path = os.path.join(SEEDS, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                out[name] = f.read()
    return out


@pytest.mark.parametrize("name", sorted(SEED_DROP))
def test_seed(det: BoilerplateDetector, name: str) -> None:
    texts = _seed_texts()
    if name not in texts:
        pytest.skip("seed not present")
    text = texts[name]
    stats = det.batch_stats(texts.values())
    spans = det.find(text, stats)
    dropped = [" ".join(text[f.start : f.end].split()) for f in spans]
    assert sorted(dropped) == sorted(" ".join(x.split()) for x in SEED_DROP[name])
    kept = [ln.strip() for ln in clean(text, det, stats).split("\n") if ln.strip()]
    all_lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    assert len(kept) == len(all_lines) - len(SEED_DROP[name])
    for ln in SEED_KEEP:
        if ln in all_lines:
            assert ln in kept, ln


def test_prose_substring_stays(det: BoilerplateDetector) -> None:
    text = "He declined to share this article with reporters who asked about the deal on Monday.\n"
    assert det.find(text) == []


def test_interface(det: BoilerplateDetector) -> None:
    text = (
        "Home\nMust read\nThe talks will continue next week, the minister said in a "
        "statement on Monday.\nShare\n"
    )
    spans = det.find(text)
    assert spans == sorted(spans)
    for first, second in itertools.pairwise(spans):
        assert first.end <= second.start
    for f in spans:
        assert f.replacement == "" and (f.start == 0 or text[f.start - 1] == "\n")
        assert (f.end == len(text) or text[f.end - 1] == "\n") and f.reason
    st = det.batch_stats([text, text, text])
    assert det.find(text, pickle.loads(pickle.dumps(st))) == det.find(text, st)
    import json

    json.dumps(DEFAULT_PARAMS)
    agg = BoilerplateDetector(profile="aggressive")
    # The aggressive profile keeps only the main region: it drops at least what the default does.
    assert {f.start for f in spans} <= {f.start for f in agg.find(text)}
    with pytest.raises(ValueError):
        BoilerplateDetector(profile="nope")


def test_batch_repeat(det: BoilerplateDetector) -> None:
    body = "The talks will continue next week, the minister said in a statement on Monday evening."
    docs = [f"Weekly digest from the newsroom\n{body} {i}\n" for i in range(5)]
    st = det.batch_stats(docs)
    assert [f.reason for f in det.find(docs[0], st)] == ["batch-repeat"]
    assert det.find(docs[0]) == []


WIRE_COPY = (
    "COBANCO INC <CBCO> YEAR NET\n"
    "Shr 34 cts vs 1.19 dlrs\n"
    "    Net 807,000 vs 2,858,000\n"
    "NOTE: the company said results were hit by charges of about five cts per\n"
    "share.\n"
    "                       Due: 27 35\n"
    " Reuter\n"
)


def test_hard_wrapped_wire_copy_loses_nothing() -> None:
    from normalize import clean

    r = clean(WIRE_COPY, only=["boilerplate"])
    assert r.text == WIRE_COPY and not r.changes
