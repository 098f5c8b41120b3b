"""The boilerplate bench's figures on its even and odd pages, for both renderings.

    python bench/boiler_halves.py ../shared/bench/boiler \\
        "cmdbatch:.venv/bin/normalize clean --only boilerplate --format jsonl -"

Runs the system once per rendering (``text_lxml``, ``text_inscriptis``) through the bench's
own scorer (``eval_boiler.py``: its loader, runner and ``score``), then scores pages by the
parity of their index: tune on the even half, confirm on the odd one. ``--per-lang`` also
reports with_kept per language of the page (py3langid), to see where a change costs text.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType


def load_scorer(folder: Path) -> ModuleType:
    """``eval_boiler.py`` from the bench folder, as a module."""
    spec = importlib.util.spec_from_file_location("eval_boiler", folder / "eval_boiler.py")
    if spec is None or spec.loader is None:
        sys.exit(f"no eval_boiler.py in {folder}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.BENCH = folder
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("bench", type=Path, help="the folder of eval_boiler.py and traf.jsonl.gz")
    ap.add_argument("system", help="as eval_boiler.py --system, e.g. cmdbatch:COMMAND")
    ap.add_argument("--input", choices=("lxml", "inscriptis"), action="append")
    ap.add_argument("--per-lang", action="store_true")
    ap.add_argument("--json", type=Path, help="append the result lines here")
    a = ap.parse_args()
    scorer = load_scorer(a.bench.resolve())
    recs = scorer.load("traf", 0)
    langs: list[str] = []
    if a.per_lang:
        import py3langid

        langs = [py3langid.classify(r["text_lxml"][:3000])[0] for r in recs]
    for rendering in a.input or ["lxml", "inscriptis"]:
        field = f"text_{rendering}"
        outs, spent, _ = scorer.run_system(a.system, recs, field)
        speed = round(len(recs) / spent, 1)
        result = {"system": a.system, "input": rendering, "pages_per_s": speed}
        for name, parity in (("even", 0), ("odd", 1)):
            idx = [i for i in range(len(recs)) if i % 2 == parity]
            res = scorer.score([recs[i] for i in idx], [outs[i] for i in idx], field)["traf"]
            result[name] = {k: round(res[k], 4) for k in ("with_kept", "without_gone", "tf_F1")}
        line = (
            f"{rendering:10s} even with_kept {result['even']['with_kept']:.3f} "
            f"tf_F1 {result['even']['tf_F1']:.3f} | odd with_kept {result['odd']['with_kept']:.3f} "
            f"tf_F1 {result['odd']['tf_F1']:.3f} | {result['pages_per_s']} pages/s"
        )
        print(line)
        if a.per_lang:
            by_lang: dict[str, list[int]] = defaultdict(list)
            for i, lang in enumerate(langs):
                by_lang[lang].append(i)
            for lang, idx in sorted(by_lang.items(), key=lambda kv: -len(kv[1])):
                res = scorer.score([recs[i] for i in idx], [outs[i] for i in idx], field)["traf"]
                result.setdefault("langs", {})[lang] = [len(idx), round(res["with_kept"], 4)]
                print(f"  {lang:4s} {len(idx):4d} pages  with_kept {res['with_kept']:.3f}")
        if a.json:
            with open(a.json, "a", encoding="utf-8") as f:
                f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
