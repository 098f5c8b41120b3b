"""Cost of each default pass alone, as a share of ftfy.fix_text timed in the same run.

    python bench/passes.py ../shared/bench/corpus/news.jsonl.gz [--limit N]

Every pass runs alone over the same documents twice; the second, warm run is timed (a batch
worker is warm after its first documents). Prints one JSON line: microseconds per document
for ftfy, for each pass and for the full pipeline, and each as a share of ftfy's time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import load  # noqa: E402


def per_doc_us(fn: object, docs: list[str]) -> float:
    t = time.perf_counter()
    for d in docs:
        fn(d)  # type: ignore[operator]
    return (time.perf_counter() - t) * 1e6 / len(docs)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--limit", type=int, default=2000)
    args = ap.parse_args()

    import ftfy

    from normalize import Pipeline

    docs = load(args.corpus, args.limit)
    full = Pipeline()
    timings: dict[str, float] = {"ftfy.fix_text": per_doc_us(ftfy.fix_text, docs)}
    for name in full.pass_names:
        pipe = Pipeline(only=[name])
        per_doc_us(pipe.clean, docs)  # warm: lexicons, per-process memos
        timings[name] = per_doc_us(pipe.clean, docs)
    per_doc_us(full.clean, docs)
    timings["full"] = per_doc_us(full.clean, docs)
    base = timings["ftfy.fix_text"]
    print(
        json.dumps(
            {
                "docs": len(docs),
                "us_per_doc": {k: round(v, 1) for k, v in timings.items()},
                "share_of_ftfy": {k: round(v / base, 2) for k, v in timings.items()},
                "full_ratio_vs_ftfy": round(base / timings["full"], 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
