"""Seeds against their reviewed expected output and change log in fixtures/.

Regenerate after a reviewed rule change with ``NORMALIZE_UPDATE_FIXTURES=1 pytest
tests/test_fixtures.py`` and read the diff line by line before committing it.
"""

import json
import os
from pathlib import Path

import pytest

from normalize import Pipeline, apply_changes

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
UPDATE = os.environ.get("NORMALIZE_UPDATE_FIXTURES") == "1"


def _log(result) -> str:
    return "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in result.changes)


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_matches_fixture(seed):
    text = seed.read_text(encoding="utf-8")
    result = Pipeline().clean(text, doc_id=seed.name)
    out_path = ROOT / "fixtures" / f"{seed.stem}.out.txt"
    log_path = ROOT / "fixtures" / f"{seed.stem}.changes.jsonl"
    if UPDATE:
        out_path.write_text(result.text, encoding="utf-8")
        log_path.write_text(_log(result), encoding="utf-8")
    assert result.text == out_path.read_text(encoding="utf-8")
    assert _log(result) == log_path.read_text(encoding="utf-8")
    assert apply_changes(text, result.changes) == result.text
    assert not result.conflicts
