"""Cost of each default pass alone on first sight, as a share of ftfy.fix_text in the run.

    python bench/passes.py ../shared/bench [--docs N] [--corpus news|web]

Each pass runs alone in a warm pipeline over documents that no pipeline of this process has
seen (a fresh slice per pass, so the per-process memos help none of them), timed in process
CPU time; ftfy is timed on every slice too, and each pass is given as microseconds per
document and as a share of ftfy's time on its own slice. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import cpu, load  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench", help="the shared bench folder (../shared/bench)")
    ap.add_argument("--docs", type=int, default=1000, help="documents per pass")
    ap.add_argument("--corpus", choices=["news", "web"], default="news")
    args = ap.parse_args()

    import ftfy

    from normalize import Pipeline

    root = Path(args.bench)
    if args.corpus == "news":
        docs = load(root / "corpus" / "news.jsonl.gz")
    else:
        docs = load(root / "boiler" / "traf.jsonl.gz", field="text_lxml")
    full = Pipeline().warm()
    names = [*full.pass_names, "full"]
    n = min(args.docs, (len(docs) - 10) // len(names))
    us: dict[str, float] = {}
    share: dict[str, float] = {}
    for i, name in enumerate(names):
        pipe = full if name == "full" else Pipeline(only=[name]).warm()
        for d in docs[:10]:
            pipe.clean(d)
        part = docs[10 + i * n : 10 + (i + 1) * n]
        a, b = cpu(pipe.clean, part), cpu(ftfy.fix_text, part)
        us[name] = round(a * 1e6 / len(part), 1)
        share[name] = round(a / b, 2) if b else 0.0
    print(
        json.dumps(
            {
                "corpus": args.corpus,
                "docs_per_pass": n,
                "us_per_doc": us,
                "share_of_ftfy": share,
                "full_x_ftfy": round(1 / share["full"], 2) if share["full"] else None,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
