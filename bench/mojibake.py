"""Check that the mojibake rule's shortcut is exact: wherever ``ftfy_would_change`` says no,
ftfy.fix_text (with the rule's configuration) returns the text unchanged.

    python bench/mojibake.py ../shared/bench

Runs over every news document and every web page (``text_lxml`` and ``text_inscriptis``),
line by line as well as whole; prints the counts and exits 1 on any disagreement.
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

    from normalize.functions import ftfy_config, ftfy_would_change

    root = Path(args.bench)
    texts = load(root / "corpus" / "news.jsonl.gz")
    for field in ("text_lxml", "text_inscriptis"):
        texts += load(root / "boiler" / "traf.jsonl.gz", field=field)
    config = ftfy_config()
    checked = skipped = wrong = 0
    saved = 0.0
    for text in texts:
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
    print(json.dumps({"texts": len(texts), "checked": checked, "skipped": skipped,
                      "wrong": wrong, "ftfy_seconds_saved": round(saved, 1)}))  # fmt: skip
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
