"""Train the boilerplate pass's line model on ``../shared/train/boiler`` (never on a bench).

    python bench/train_boiler.py ../shared/train/boiler/lines.jsonl.gz \\
        --out rules/models/boilerplate-lines.json

Each training page is read by the shipped detector in both renderings (``text_lxml`` and
``text_inscriptis``), with batch statistics over all training pages of that rendering as a
batch run would have. Every non-blank line becomes one row of
:data:`normalize.kinds.boilerplate.linemodel.FEATURE_NAMES` with its 0/1 label. LightGBM
(needed here only: ``pip install lightgbm``) fits a forest of shallow trees, which is written
as JSON for :class:`~normalize.kinds.boilerplate.linemodel.LineModel`. ``--folds`` reports
page-grouped cross-validation on the training data (log loss and accuracy per fold).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from normalize.kinds.boilerplate.detector import BoilerplateDetector
from normalize.kinds.boilerplate.linemodel import (
    FEATURE_NAMES,
    REFINE_NAMES,
    LineModel,
    PageFeatures,
    page_features,
    refine_features,
)

RENDERINGS = ("lxml", "inscriptis")


def read_pages(path: Path) -> list[dict[str, Any]]:
    """The training records (JSONL, gzip or not)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def line_numbers(text: str, starts: list[int]) -> list[int]:
    """The ``text.split("\\n")`` index of each offset in ``starts`` (sorted).

    >>> line_numbers("a\\n\\nb\\nc", [0, 3, 5])
    [0, 2, 3]
    """
    out, line, pos = [], 0, 0
    for s in starts:
        while True:
            nl = text.find("\n", pos)
            if nl == -1 or nl >= s:
                break
            pos = nl + 1
            line += 1
        out.append(line)
    return out


def dataset(
    pages: list[dict[str, Any]], det: BoilerplateDetector
) -> tuple[list[PageFeatures], list[np.ndarray], list[int]]:
    """Per page and rendering: the features, the labels of its lines, and the page index
    (pages in both renderings share it, so that grouped folds keep a page together)."""
    feats, labels_of, groups = [], [], []
    for rendering in RENDERINGS:
        texts = [p[f"text_{rendering}"] for p in pages]
        stats = det.batch_stats(texts)
        for k, (p, text) in enumerate(zip(pages, texts, strict=True)):
            labels = p[f"lab_{rendering}"]
            page = det.analyse(text, stats, vocabulary=True)
            if not page.lines:
                continue
            nums = line_numbers(text, [ln.start for ln in page.lines])
            if nums[-1] >= len(labels):
                print(f"skip {p['id']} ({rendering}): labels do not match lines", file=sys.stderr)
                continue
            feats.append(page_features(page))
            labels_of.append(np.array([labels[j] for j in nums], dtype=np.float32))
            groups.append(k)
    return feats, labels_of, groups


def flatten(root: dict[str, Any]) -> dict[str, list[Any]]:
    """One tree of LightGBM's ``dump_model`` as the arrays of a Forest tree."""
    tree: dict[str, list[Any]] = {k: [] for k in ("feature", "threshold", "left", "right", "leaf")}

    def walk(node: dict[str, Any]) -> int:
        if "leaf_value" in node:
            tree["leaf"].append(float(node["leaf_value"]))
            return ~(len(tree["leaf"]) - 1)
        if node["decision_type"] != "<=":
            raise ValueError(f"unsupported split {node['decision_type']}")
        k = len(tree["feature"])
        tree["feature"].append(int(node["split_feature"]))
        tree["threshold"].append(float(node["threshold"]))
        tree["left"].append(0)
        tree["right"].append(0)
        tree["left"][k] = walk(node["left_child"])
        tree["right"][k] = walk(node["right_child"])
        return k

    if walk(root) < 0:  # a single leaf: a split that sends every row left
        tree.update(feature=[0], threshold=[float("inf")], left=[-1], right=[-1])
    return tree


def export(booster: Any, depth: int) -> dict[str, Any]:
    """One LightGBM model as the JSON of a linemodel ``Forest``."""
    trees = [flatten(info["tree_structure"]) for info in booster.dump_model()["tree_info"]]
    return {"depth": depth, "base": 0.0, "trees": trees}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--leaves", type=int, default=31)
    ap.add_argument("--rate", type=float, default=0.08)
    ap.add_argument("--weight", choices=("none", "sqrt", "log"), default="none")
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    import lightgbm as lgb

    t0 = time.time()
    pages = read_pages(a.data)
    feats, labels_of, groups = dataset(pages, BoilerplateDetector())
    y = np.concatenate(labels_of)
    chars = np.concatenate([pf.chars for pf in feats])
    w = {"none": np.ones_like(chars), "sqrt": np.sqrt(chars), "log": np.log1p(chars)}[a.weight]
    group = np.concatenate([np.full(len(lab), g) for lab, g in zip(labels_of, groups, strict=True)])
    x1 = np.concatenate([pf.x for pf in feats])
    print(f"{len(pages)} pages, {len(y)} lines, {y.mean():.3f} content, {time.time() - t0:.1f} s")
    params = {
        "objective": "binary",
        "learning_rate": a.rate,
        "num_leaves": a.leaves,
        "max_depth": a.depth,
        "min_data_in_leaf": 50,
        "feature_fraction": 0.8,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "lambda_l2": 1.0,
        "seed": a.seed,
        "deterministic": True,
        "num_threads": 2,
        "verbose": -1,
    }

    def fit(x: np.ndarray, mask: np.ndarray) -> Any:
        return lgb.train(params, lgb.Dataset(x[mask], y[mask], weight=w[mask]), a.trees)

    def report(name: str, p: np.ndarray, mask: np.ndarray) -> None:
        t = y[mask]
        acc = float(((p >= 0.5) == (t >= 0.5)).mean())
        loss = float(-np.mean(t * np.log(p + 1e-9) + (1 - t) * np.log(1 - p + 1e-9)))
        print(f"{name}: log loss {loss:.4f}, accuracy {acc:.4f}")

    # The refining stage learns from first-stage verdicts on pages the first stage did not
    # see (out-of-fold), as it will meet them on new pages.
    oof = np.zeros(len(y))
    for fold in range(a.folds):
        test = group % a.folds == fold
        oof[test] = fit(x1, ~test).predict(x1[test])
        report(f"stage 1, fold {fold}", oof[test], test)
    bounds = np.cumsum([0] + [len(lab) for lab in labels_of])
    x2 = np.concatenate(
        [refine_features(pf, oof[bounds[i] : bounds[i + 1]]) for i, pf in enumerate(feats)]
    )
    everything = np.ones(len(y), dtype=bool)
    for fold in range(min(2, a.folds)):
        test = group % a.folds == fold
        report(f"stage 2, fold {fold}", fit(x2, ~test).predict(x2[test]), test)
    first, second = fit(x1, everything), fit(x2, everything)
    spec = {
        "features": list(FEATURE_NAMES),
        "refine": list(REFINE_NAMES),
        "stages": [export(first, a.depth), export(second, a.depth)],
        "trained_on": {
            "data": a.data.name,
            "pages": len(pages),
            "lines": len(y),
            "params": {k: params[k] for k in ("learning_rate", "num_leaves", "max_depth")},
            "trees": a.trees,
            "weight": a.weight,
            "folds": a.folds,
        },
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
    model = LineModel(spec)
    ours = model.stages[1].margin(x2[:5000])
    theirs = second.predict(x2[:5000], raw_score=True)
    print(f"wrote {a.out} ({a.out.stat().st_size} bytes); max |ours - lightgbm| margin on 5000")
    print(f"  rows: {np.abs(ours - theirs).max():.2e}")
    stages = (("stage 1", first, FEATURE_NAMES), ("stage 2", second, FEATURE_NAMES + REFINE_NAMES))
    for name, booster, names in stages:
        imp = sorted(zip(booster.feature_importance("gain"), names, strict=True), reverse=True)
        print(f"{name} gain:", ", ".join(f"{n} {g:.0f}" for g, n in imp[:12]))


if __name__ == "__main__":
    main()
