"""The seeds as golden snapshots in fixtures/ (NAME.in.txt, NAME.out.txt,
NAME.changes.jsonl), reviewed by hand line by line.

After a reviewed rule change: ``normalize snapshot check fixtures --update``, then read the
diff before committing it.
"""

import json
from pathlib import Path

import pytest

from normalize import apply_changes
from normalize.snapshot import check_snapshots, inputs

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_snapshots_match():
    problems = check_snapshots(FIXTURES)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("src", inputs(FIXTURES), ids=lambda p: p.name)
def test_fixture_inputs_are_the_seeds_and_logs_replay(src):
    stem = src.name[: -len(".in.txt")]
    original = src.read_text(encoding="utf-8")
    assert original == (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    log = [json.loads(x) for x in (FIXTURES / f"{stem}.changes.jsonl").read_text().splitlines()]
    expected = (FIXTURES / f"{stem}.out.txt").read_text(encoding="utf-8")
    assert apply_changes(original, log) == expected
