"""Merged-word repair by language: damage clean prose the way scrapers do, then score how
many of the lost spaces the ``merged-words`` pass puts back, and where it puts spaces that
were never lost.

    python bench/repair.py ../shared/bench/harm/harm.jsonl.gz
    python bench/repair.py ../shared/bench/harm/harm.jsonl.gz --rules my-rules/ --half odd

The prose documents of the harm set are damaged with a fixed seed. A space between two
tokens is deleted with probability ``--cue-rate`` when the join carries a cue:

- ``case``: a lowercase letter glued to an uppercase one (``writesIsraeli``, ``теперьМосква``);
- ``digit``: a digit glued to a letter, either way (``2016Credit``, ``nearly29``);
- ``punct``: sentence punctuation glued to a letter (``writes.US``, ``neighbor,Turkey``);

and with probability ``--other-rate`` between two other letters (``managementboard``).

Each line of output is one language (and ``all``): boundary precision over every space the
pass inserted, precision over the inserts at a case cue, recall per cue, and the spaces it
inserts into the undamaged text per 10,000 tokens. Documents are split by the parity of their
number into an ``even`` (tune) and an ``odd`` (confirm) half.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from normalize import Pipeline

CUES = ("case", "digit", "punct", "other")
_SPACE = re.compile(r"(?<=\S) (?=\S)")
_PUNCT = ".,;:!?"


def join_cue(left: str, right: str) -> str | None:
    """The cue of a join between the last character ``left`` and the first ``right``.

    >>> join_cue("s", "I"), join_cue("6", "C"), join_cue(",", "T"), join_cue("t", "b")
    ('case', 'digit', 'punct', 'other')
    >>> join_cue('"', "a") is None
    True
    """
    if left.islower() and right.isupper():
        return "case"
    if (left.isdigit() and right.isalpha()) or (left.isalpha() and right.isdigit()):
        return "digit"
    if left in _PUNCT and right.isalpha():
        return "punct"
    if left.isalpha() and right.isalpha():
        return "other"
    return None


def damage(text: str, seed: int, cue_rate: float, other_rate: float) -> tuple[str, dict[int, str]]:
    """``text`` with some spaces deleted, and ``{offset in the damaged text: cue}`` of each.

    >>> damage("the writes Israeli", 1, 1.0, 0.0)
    ('the writesIsraeli', {10: 'case'})
    """
    rng = random.Random(seed)
    out: list[str] = []
    gold: dict[int, str] = {}
    pos = 0
    removed = 0
    for m in _SPACE.finditer(text):
        i = m.start()
        cue = join_cue(text[i - 1], text[i + 1])
        if cue is None:
            continue
        if cue == "punct" and not text[i - 2 : i - 1].isalpha():
            continue  # "3. Then" or "... Then": no word glued to the mark
        rate = other_rate if cue == "other" else cue_rate
        if rng.random() >= rate:
            continue
        out.append(text[pos:i])
        pos = i + 1
        gold[i - removed] = cue
        removed += 1
    out.append(text[pos:])
    return "".join(out), gold


def inserted_spaces(pipe: Pipeline, text: str) -> set[int]:
    """Offsets in ``text`` where the pipeline inserted a space (its only kind of edit)."""
    result = pipe.clean(text)
    return {c.orig_start for c in result.changes if c.action == "insert" and c.after == " "}


def prose_documents(
    path: Path, half: str, layouts: frozenset[str] | None = None
) -> Iterator[tuple[str, str]]:
    """``(lang, text)`` of the set's prose documents in the chosen half (and layouts)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("kind") != "prose" or (layouts and rec.get("layout") not in layouts):
                continue
            number = int(rec["id"].split("/")[3])
            if half != "both" and (number % 2 == 0) != (half == "even"):
                continue
            yield rec["lang"], rec["text"]


def score(args: argparse.Namespace) -> dict[str, dict[str, float | int]]:
    """Per-language counts and figures (see the module docstring)."""
    pipe = Pipeline(args.rules, only=["merged-words"])
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    layouts = frozenset(args.layouts.split(",")) if args.layouts else None
    for lang, text in prose_documents(Path(args.data), args.half, layouts):
        clean_inserted = len(inserted_spaces(pipe, text))
        for repeat in range(args.repeats):
            seed = zlib.crc32(text.encode("utf-8")) ^ (args.seed + repeat)
            broken, gold = damage(text, seed, args.cue_rate, args.other_rate)
            found = inserted_spaces(pipe, broken)
            for c in (counts[lang], counts["all"]):
                _count(c, broken, gold, found)
        for c in (counts[lang], counts["all"]):
            c["tokens"] += len(text.split())
            c["clean_inserted"] += clean_inserted
    return {lang: _figures(c) for lang, c in sorted(counts.items())}


def _count(c: Counter[str], broken: str, gold: dict[int, str], found: set[int]) -> None:
    c["inserted"] += len(found)
    c["right"] += len(found & gold.keys())
    at_case = {i for i in found if join_cue(broken[i - 1], broken[i]) == "case"}
    c["case_inserted"] += len(at_case)
    c["case_right"] += len(at_case & gold.keys())
    for i, cue in gold.items():
        c[f"gold_{cue}"] += 1
        c[f"found_{cue}"] += i in found


def _figures(c: Counter[str]) -> dict[str, float | int]:
    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else float("nan")

    out: dict[str, float | int] = {
        "P": ratio(c["right"], c["inserted"]),
        "P_case": ratio(c["case_right"], c["case_inserted"]),
    }
    for cue in CUES:
        out[f"R_{cue}"] = ratio(c[f"found_{cue}"], c[f"gold_{cue}"])
    gold = sum(c[f"gold_{cue}"] for cue in CUES)
    out["R"] = ratio(sum(c[f"found_{cue}"] for cue in CUES), gold)
    out["clean_per10k"] = round(10_000 * c["clean_inserted"] / max(1, c["tokens"]), 2)
    out["joins"] = gold
    out["inserted"] = c["inserted"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", help="harm.jsonl.gz")
    ap.add_argument("--rules", default=None, help="rule folder (default: the shipped rules)")
    ap.add_argument("--half", choices=("even", "odd", "both"), default="both")
    ap.add_argument(
        "--layouts", default="", help="only these layouts (para, sent, wrap72; default all)"
    )
    ap.add_argument("--cue-rate", type=float, default=0.05)
    ap.add_argument("--other-rate", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=3, help="damaged copies of each document")
    ap.add_argument("--json", action="store_true", help="one JSON object per language")
    args = ap.parse_args()
    for lang, fig in score(args).items():
        if args.json:
            print(json.dumps({"lang": lang, "half": args.half, **fig}))
        else:
            cells = " ".join(f"{k}={v}" for k, v in fig.items())
            print(f"{lang:4} {cells}")


if __name__ == "__main__":
    main()
