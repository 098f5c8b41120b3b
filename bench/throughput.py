"""First-sight throughput of the pipeline against ftfy (and clean-text) in the same run.

    python bench/throughput.py ../shared/bench [--docs N] [--rounds R] [--only PASS] [--long]

A warm process (it has cleaned a few documents) cleans a fresh slice of each corpus in every
round, so the per-process memos hold none of the answers, as on a worker's new data; the
systems alternate order between rounds and are timed in process CPU time. Corpora: the
Reuters news and the trafilatura web pages (``text_lxml``); ``--long`` adds one document of
1 MB built from unseen news. The figure that counts is the ratio to ftfy.fix_text, the
median over the rounds. Prints one JSON line per corpus.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def load(path: str | Path, limit: int | None = None, field: str = "text") -> list[str]:
    """Texts of a JSONL(.gz) file, at most ``limit``."""
    path = str(path)
    opener = gzip.open if path.endswith(".gz") else open
    docs = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            docs.append(json.loads(line)[field])
            if limit and len(docs) >= limit:
                break
    return docs


def cpu(fn: Callable[[str], object], docs: list[str]) -> float:
    """Process CPU seconds to run ``fn`` over ``docs``."""
    t = time.process_time()
    for d in docs:
        fn(d)
    return time.process_time() - t


def first_sight(
    systems: dict[str, Callable[[str], object]], docs: list[str], n: int, rounds: int
) -> dict[str, object]:
    """Each round a new slice of ``n`` documents for every system, in alternating order."""
    n = min(n, len(docs) // rounds)
    times: dict[str, list[float]] = {k: [] for k in systems}
    names = list(systems)
    for r in range(rounds):
        part = docs[r * n : (r + 1) * n]
        for name in names if r % 2 == 0 else names[::-1]:
            times[name].append(cpu(systems[name], part))
    mb = sum(len(d.encode("utf-8")) for d in docs[: n * rounds]) / 1e6 / rounds
    med = {k: statistics.median(v) for k, v in times.items()}
    ratios = [f / a for f, a in zip(times["ftfy.fix_text"], times["normalize"], strict=True)]
    out: dict[str, object] = {
        "docs_per_round": n,
        "MB_per_s": {k: round(mb / v, 2) for k, v in med.items() if v},
        "x_ftfy_rounds": [round(x, 3) for x in ratios],
        "x_ftfy": round(statistics.median(ratios), 3),
    }
    if "clean-text" in times:
        ct = [c / a for c, a in zip(times["clean-text"], times["normalize"], strict=True)]
        out["x_clean_text"] = round(statistics.median(ct), 3)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench", help="the shared bench folder (../shared/bench)")
    ap.add_argument("--docs", type=int, default=800, help="news documents per round")
    ap.add_argument("--web-docs", type=int, default=150, help="web pages per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", action="append", help="time only these passes")
    ap.add_argument("--long", action="store_true", help="also one unseen 1 MB document")
    args = ap.parse_args()

    import ftfy

    from normalize import Pipeline

    root = Path(args.bench)
    news = load(root / "corpus" / "news.jsonl.gz")
    web = load(root / "boiler" / "traf.jsonl.gz", field="text_lxml")
    pipe = Pipeline(only=args.only).warm()
    for d in news[:20] + web[:5]:  # warm: lexicons loaded, as in a worker after start-up
        pipe.clean(d)
        ftfy.fix_text(d)
    systems: dict[str, Callable[[str], object]] = {
        "normalize": pipe.clean,
        "ftfy.fix_text": ftfy.fix_text,
    }
    try:
        from cleantext import clean as cleantext_clean

        systems["clean-text"] = cleantext_clean
    except ImportError:
        pass
    for name, docs, n in (("news", news[20:], args.docs), ("web", web[5:], args.web_docs)):
        res = first_sight(systems, docs, n, args.rounds)
        print(json.dumps({"corpus": name, "passes": pipe.pass_names, **res}), flush=True)
    if args.long:
        tail = news[::-1]
        doc, size = [], 0
        while size < 1_000_000:
            doc.append(tail[len(doc)])
            size += len(doc[-1]) + 2
        text = "\n\n".join(doc)[:1_000_000]
        a, b = cpu(pipe.clean, [text]), cpu(ftfy.fix_text, [text])
        print(json.dumps({"corpus": "long-1MB", "normalize_s": round(a, 2),
                          "ftfy_s": round(b, 2), "x_ftfy": round(b / a, 3)}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
