"""Site templates: how many lines the per-site rule of the ``boilerplate`` pass drops beyond
what the detector drops already, and how many of them are boilerplate, over a grid of
``site_min_share`` x ``site_min_pages``. Tune on training pages only:

    python bench/site_templates.py ../shared/train/boiler/lines.jsonl.gz

The input is JSONL with ``url`` and, per extractor, ``text_<x>`` and ``lab_<x>`` (one 0/1
label per line of the text, 1 = content). All pages of one extractor are one batch (as a
``normalize clean`` run of them is); a page's site is the host of its ``url``. For every
cell the boilerplate rule runs on each page twice, without its site and with it (the same
batch statistics), and the lines dropped only with it are the rule's: ``lines``, their
``precision`` (share labelled boilerplate), the content lines and characters among them
(``content``, ``chars_lost``), and lines dropped only without the site (``undropped``, with
their precision: a site template is no evidence for the other drops, so few are expected).
``spared`` counts the site-template lines that are complete sentences, spared by the rule,
with the precision they would have had.
"""

from __future__ import annotations

import argparse
import gzip
import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from normalize import Pipeline
from normalize.context import DocContext
from normalize.io.sources import site_of
from normalize.kinds.boilerplate.kind import SITE_TEMPLATE, BoilerplateKind, _sentence

SHARES = (0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
MIN_PAGES = (2, 3, 4, 5, 6, 8)


@dataclass
class Page:
    """One page of one extractor: its text, line labels, site and the line starts."""

    text: str
    labels: list[int]
    site: str | None
    starts: list[int]

    def line_of(self, offset: int) -> int:
        """The index of the line holding ``offset``.

        >>> Page("a\\nbc\\n", [1, 1, 1], None, [0, 2, 5]).line_of(3)
        1
        """
        return bisect_right(self.starts, offset) - 1


def read_pages(path: str, extractor: str) -> list[Page]:
    """The pages of ``path`` as ``extractor`` gave them (records without them left out)."""
    pages = []
    with (
        gzip.open(path, "rt", encoding="utf-8")
        if path.endswith(".gz")
        else open(path, encoding="utf-8") as f
    ):
        for line in f:
            rec = json.loads(line)
            text, labels = rec.get(f"text_{extractor}"), rec.get(f"lab_{extractor}")
            if not isinstance(text, str) or not isinstance(labels, list):
                continue
            starts, pos = [], 0
            for ln in text.split("\n"):
                starts.append(pos)
                pos += len(ln) + 1
            if len(starts) != len(labels):
                continue
            pages.append(Page(text, labels, site_of(rec.get("url"), url=True), starts))
    return pages


def the_rule(rules: str | None) -> BoilerplateKind:
    """The ``boilerplate`` kind's rule of the pipeline."""
    for p in Pipeline(rules, only=["boilerplate"]).passes:
        for rule in p.rules:
            if isinstance(rule, BoilerplateKind):
                return rule
    raise SystemExit("no boilerplate rule in these rules")


def dropped(rule: BoilerplateKind, page: Page, batch: dict[str, Any], site: str | None) -> set[int]:
    """The lines of ``page`` the rule drops, given ``site`` (or none)."""
    ctx = DocContext(page.text, batch=batch, site=site)
    return {page.line_of(e.start) for e in rule.find(page.text, ctx)}


def spared(rule: BoilerplateKind, page: Page, stats: Any) -> Iterator[int]:
    """Site-template lines of the detector that the rule spares as complete sentences."""
    words = rule.detector.params["layout_spare_sentence_words"]
    for e in rule.detector.find(page.text, stats, None, page.site):
        if e.reason == SITE_TEMPLATE and _sentence(page.text[e.start : e.end], words):
            yield page.line_of(e.start)


def grid(rule: BoilerplateKind, pages: list[Page]) -> list[dict[str, Any]]:
    """One row per ``(site_min_share, site_min_pages)``: see the module docstring."""
    params = rule.detector.params
    saved = dict(params)
    params["site_min_pages"] = min(MIN_PAGES)  # statistics that every cell can use
    stats = rule.prepare_batch([p.text for p in pages], [p.site for p in pages])
    batch = {rule.id: stats}
    on_sites = [p for p in pages if p.site in stats.site_pages]
    base = [dropped(rule, p, batch, None) for p in on_sites]
    rows = []
    for min_pages in MIN_PAGES:
        for share in SHARES:
            params.update(site_min_share=share, site_min_pages=min_pages)
            n: Counter[str] = Counter()
            for page, before in zip(on_sites, base, strict=True):
                if stats.site_pages[page.site] < min_pages:
                    continue
                n["pages"] += 1
                after = dropped(rule, page, batch, page.site)
                for i in after - before:
                    n["lines"] += 1
                    if page.labels[i]:
                        n["content"] += 1
                        n["chars_lost"] += len(page.text.split("\n")[i])
                for i in before - after:
                    n["undropped"] += 1
                    n["undropped_boiler"] += 1 - page.labels[i]
                for i in spared(rule, page, stats):
                    n["spared"] += 1
                    n["spared_boiler"] += 1 - page.labels[i]
            rows.append({"share": share, "min_pages": min_pages, **n})
    params.clear()
    params.update(saved)
    return rows


def _precision(good: int, total: int) -> str:
    return f"{good / total:.3f}" if total else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", help="training JSONL(.gz): url, text_<x>, lab_<x>")
    ap.add_argument("--extractors", default="lxml,inscriptis")
    ap.add_argument("--rules", help="rule file or folder (default: the shipped rules)")
    args = ap.parse_args()
    rule = the_rule(args.rules)
    total: dict[tuple[float, int], Counter[str]] = {}
    for ex in args.extractors.split(","):
        pages = read_pages(args.data, ex)
        sites = Counter(p.site for p in pages if p.site)
        many = {s: n for s, n in sites.items() if n >= 2}
        print(f"{ex}: {len(pages)} pages, {len(many)} sites with 2+ pages ({sum(many.values())})")
        for row in grid(rule, pages):
            total.setdefault((row["share"], row["min_pages"]), Counter()).update(
                {k: v for k, v in row.items() if k not in ("share", "min_pages")}
            )
    head = "share min_pages  pages  lines precision content chars_lost  undropped  spared (prec)"
    print(f"all extractors\n{head}")
    for (share, min_pages), n in total.items():
        prec = _precision(n["lines"] - n["content"], n["lines"])
        undone = f"{n['undropped']} ({_precision(n['undropped_boiler'], n['undropped'])})"
        sp = f"{n['spared']} ({_precision(n['spared_boiler'], n['spared'])})"
        print(
            f"{share:5.1f} {min_pages:9d} {n['pages']:6d} {n['lines']:6d} {prec:>9} "
            f"{n['content']:7d} {n['chars_lost']:10d} {undone:>10} {sp:>14}"
        )


if __name__ == "__main__":
    main()
