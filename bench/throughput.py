"""Throughput of the default pipeline against peers measured in the same run.

    python bench/throughput.py ../shared/bench/corpus/news.jsonl.gz [--limit N] [--only PASS]

Machines are noisy, so the figure that counts is the ratio to ftfy.fix_text (and to
clean-text's clean() when it is installed), each timed in alternating rounds on the same
documents. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable


def load(path: str, limit: int | None) -> list[str]:
    opener = gzip.open if path.endswith(".gz") else open
    docs = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            docs.append(json.loads(line)["text"])
            if limit and len(docs) >= limit:
                break
    return docs


def timed(fn: Callable[[str], object], docs: list[str]) -> float:
    t = time.perf_counter()
    for d in docs:
        fn(d)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", action="append", help="time only these passes")
    args = ap.parse_args()

    import ftfy

    from normalize import Pipeline

    docs = load(args.corpus, args.limit)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    pipe = Pipeline(only=args.only)
    pipe.clean(docs[0])  # build lazy caches outside the timing, as a worker would
    systems: dict[str, Callable[[str], object]] = {
        "normalize": pipe.clean,
        "ftfy.fix_text": ftfy.fix_text,
    }
    try:
        from cleantext import clean as cleantext_clean

        systems["clean-text"] = cleantext_clean
    except ImportError:
        pass
    times: dict[str, list[float]] = {k: [] for k in systems}
    for _ in range(args.rounds):
        for name, fn in systems.items():
            times[name].append(timed(fn, docs))
    med = {k: statistics.median(v) for k, v in times.items()}
    out = {
        "docs": len(docs),
        "MB": round(mb, 2),
        "passes": pipe.pass_names,
        "MB_per_s": {k: round(mb / v, 2) for k, v in med.items()},
        "ratio_vs_ftfy": round(med["ftfy.fix_text"] / med["normalize"], 2),
    }
    if "clean-text" in med:
        out["ratio_vs_clean_text"] = round(med["clean-text"] / med["normalize"], 2)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
