"""Check that the mojibake rule's shortcut is exact: wherever ``ftfy_would_change`` says no,
ftfy.fix_text (with the rule's configuration) returns the text unchanged.

    python bench/mojibake.py ../shared/bench

Runs over every news document and every web page (``text_lxml`` and ``text_inscriptis``),
line by line as well as whole, and checks that ``fix_mojibake`` (which sends only the lines
ftfy would change through it) equals ftfy on the whole text; prints the counts and exits 1
on any disagreement.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import load  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench", help="the shared bench folder (../shared/bench)")
    args = ap.parse_args()

    import ftfy

    from normalize.functions import fix_mojibake, ftfy_config, ftfy_would_change

    root = Path(args.bench)
    texts = load(root / "corpus" / "news.jsonl.gz")
    for field in ("text_lxml", "text_inscriptis"):
        texts += load(root / "boiler" / "traf.jsonl.gz", field=field)
    config = ftfy_config()
    checked = skipped = wrong = fixed = 0
    saved = 0.0
    for text in texts:
        if ftfy_would_change(text):
            fixed += 1
            if fix_mojibake(text) != ftfy.fix_text(text, config):
                wrong += 1
                print(json.dumps({"line-by-line fix differs": text[:200]}, ensure_ascii=False))
        for piece in [text, *text.split("\n")]:
            checked += 1
            if ftfy_would_change(piece):
                continue
            skipped += 1
            t = time.process_time()
            if ftfy.fix_text(piece, config) != piece:
                wrong += 1
                print(json.dumps({"disagrees": piece[:200]}, ensure_ascii=False))
            saved += time.process_time() - t
    counts = {"texts": len(texts), "checked": checked, "skipped": skipped}
    counts.update(fixed_line_by_line=fixed, wrong=wrong, ftfy_seconds_saved=round(saved, 1))
    print(json.dumps(counts))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
