"""Hash the default pipeline's output and change log on the news corpus and the web pages.

A speed change must print the same hashes before and after, or its commit says which
behaviour changed and why::

    python bench/hashes.py ../shared/bench            # all news documents and web pages
    python bench/hashes.py ../shared/bench --limit 2000 --kind prose

``--kind`` forces a document kind (``prose`` makes every pass run on every document, which
also exercises the word passes on the hard-wrapped news).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path

from normalize import Pipeline


def _news(root: Path) -> Iterator[str]:
    with gzip.open(root / "corpus" / "news.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]


def _web(root: Path) -> Iterator[str]:
    with gzip.open(root / "boiler" / "traf.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text_lxml"]


def digest(pipe: Pipeline, texts: Iterator[str], limit: int | None) -> dict[str, object]:
    """SHA-256 of the cleaned texts and of the change logs, with counts and CPU seconds."""
    out, log = hashlib.sha256(), hashlib.sha256()
    docs = changes = 0
    t = time.process_time()
    for i, text in enumerate(texts):
        if limit is not None and i >= limit:
            break
        r = pipe.clean(text, doc_id=str(i))
        out.update(r.text.encode("utf-8") + b"\0")
        for c in r.changes:
            log.update(json.dumps(c.to_dict(), sort_keys=True, ensure_ascii=False).encode())
        docs += 1
        changes += len(r.changes)
    return {
        "docs": docs,
        "changes": changes,
        "text_sha256": out.hexdigest()[:16],
        "log_sha256": log.hexdigest()[:16],
        "cpu_s": round(time.process_time() - t, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench", type=Path, help="the shared bench folder (../shared/bench)")
    ap.add_argument("--limit", type=int, default=None, help="documents per corpus")
    ap.add_argument("--kind", default=None, help="force a document kind")
    args = ap.parse_args()
    pipe = Pipeline(kind=args.kind).warm()
    for name, texts in (("news", _news(args.bench)), ("web", _web(args.bench))):
        print(json.dumps({"corpus": name, **digest(pipe, texts, args.limit)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
