"""The trained line stage of the boilerplate pass: its features, its trees, its guards."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import numpy as np
import pytest

import normalize
from normalize.kinds.boilerplate.detector import DEFAULT_PARAMS, BoilerplateDetector
from normalize.kinds.boilerplate.linemodel import (
    FEATURE_NAMES,
    REFINE_NAMES,
    Forest,
    LineModel,
    page_features,
    refine_features,
)
from normalize.registry import RuleCompileError
from normalize.shipped import default_rules_dir

RULES = default_rules_dir()
MODEL_FILE = RULES / "models" / "boilerplate-lines.json"

ARTICLE = (
    "The city council voted on Tuesday to extend the tram line to the northern districts, "
    "after a debate that lasted most of the afternoon and ended with a clear majority.\n"
    "Supporters said the extension would cut travel times for thousands of commuters who now "
    "depend on crowded buses, and that the cost would be shared with the regional government.\n"
    "Opponents argued that the money would be better spent on repairing the existing network, "
    "which has suffered from delays and breakdowns for several years.\n"
    "Construction is expected to begin next spring and to take about three years, according "
    "to the council's transport department, which will publish a detailed timetable.\n"
)
PAGE = (
    "Home\nNews\nSport\nWeather\nCulture\nTravel\nSign in\nSubscribe\n"
    "Tram line to be extended to the north\n" + ARTICLE + "Share this article\n"
    "Related Articles\n"
    "Ten things to know about the new stadium\n"
    "Why the bakery on Main Street closed\n"
    "Local elections: who is standing where\n"
    "The best walks in the hills this autumn\n"
    "Contact us\nAbout us\nCareers\nAdvertise with us\n"
    "© 2024 Example Media. All rights reserved.\n"
)


def walk(tree: dict, row: np.ndarray) -> float:
    """A plain walk down one tree of the model file: the reference for Forest."""
    node = 0
    while node >= 0:
        go_left = row[tree["feature"][node]] <= tree["threshold"][node]
        node = tree["left"][node] if go_left else tree["right"][node]
    return float(tree["leaf"][~node])


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads(MODEL_FILE.read_text(encoding="utf-8"))


def test_the_shipped_model_matches_the_features(spec: dict) -> None:
    assert spec["features"] == list(FEATURE_NAMES)
    assert spec["refine"] == list(REFINE_NAMES)
    assert len(spec["stages"]) == 2
    LineModel(spec)  # builds


def test_forest_equals_a_plain_walk_of_every_tree(spec: dict) -> None:
    rng = np.random.default_rng(7)
    stage = spec["stages"][1]
    width = len(FEATURE_NAMES) + len(REFINE_NAMES)
    rows = rng.normal(0.5, 1.5, size=(300, width)).astype(np.float32)  # as features are
    rows[:, ::3] = np.round(rows[:, ::3])
    # values on and next to the trees' own thresholds, where float32 rounding would show
    for tree in stage["trees"][:20]:
        for f, t in zip(tree["feature"], tree["threshold"], strict=True):
            rows[rng.integers(300), f] = np.float32(t)
            rows[rng.integers(300), f] = np.nextafter(np.float32(t), np.float32(np.inf))
    want = [sum(walk(t, r.astype(np.float64)) for t in stage["trees"]) for r in rows]
    want = np.array(want) + stage["base"]
    got = Forest(stage).margin(rows)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)


def test_a_model_trained_on_other_features_is_refused(spec: dict) -> None:
    other = dict(spec, features=spec["features"][:-1])
    with pytest.raises(ValueError, match="other features"):
        LineModel(other)


def test_features_are_finite_and_one_row_per_line() -> None:
    page = BoilerplateDetector().analyse(PAGE)
    pf = page_features(page)
    assert pf.x.shape == (len(page.lines), len(FEATURE_NAMES))
    assert np.isfinite(pf.x).all()
    refined = refine_features(pf, np.linspace(0, 1, len(page.lines)))
    assert refined.shape == (len(page.lines), len(FEATURE_NAMES) + len(REFINE_NAMES))
    assert np.isfinite(refined).all()
    one = BoilerplateDetector().analyse("A single line.\n")
    assert np.isfinite(refine_features(page_features(one), np.array([0.2]))).all()


def shipped_detector(**params: object) -> BoilerplateDetector:
    merged = dict(DEFAULT_PARAMS, model_threshold=0.5, **params)
    return BoilerplateDetector(merged, model=partial(LineModel.load, MODEL_FILE))


def test_the_model_drops_lines_with_a_score_and_keeps_the_article() -> None:
    found = shipped_detector().find(PAGE)
    dropped = {PAGE[e.start : e.end].strip(): e for e in found}
    assert all(line not in dropped for line in ARTICLE.splitlines())
    by_model = [e for e in found if e.reason == "model"]
    assert by_model, dropped
    assert all(e.score is not None and 0.5 <= e.score <= 1.0 for e in by_model)
    assert all(e.score is None for e in found if e.reason != "model")


def test_the_model_replaces_layout_drops_but_not_the_line_detectors() -> None:
    det = shipped_detector()
    plain = BoilerplateDetector().find(PAGE)
    with_model = det.find(PAGE)
    hard = {(e.start, e.reason) for e in plain if e.reason.startswith(("phrase", "legal"))}
    assert hard <= {(e.start, e.reason) for e in with_model}


def test_no_model_drop_in_a_language_it_was_not_measured_on() -> None:
    det = shipped_detector(model_langs=["de"])
    assert all(e.reason != "model" for e in det.find(PAGE))


def test_the_kind_needs_page_evidence_and_spares_wrapped_text() -> None:
    result = normalize.clean(ARTICLE + ARTICLE.upper(), only=["boilerplate"])
    assert result.text == ARTICLE + ARTICLE.upper()
    wrapped = "\n".join(ARTICLE.replace("\n", " ")[i : i + 70] for i in range(0, len(ARTICLE), 70))
    page = "Related Articles\nShare this article\n" + wrapped + "\nMust read\n"
    result = normalize.clean(page, only=["boilerplate"], kind="prose")
    assert all(c.reason != "model" for c in result.changes)


def test_the_log_gives_each_model_drop_its_reason_and_score() -> None:
    result = normalize.clean(PAGE, only=["boilerplate"])
    records = [c.to_dict() for c in result.changes]
    model = [r for r in records if r.get("reason") == "model"]
    assert model and all(0 < r["score"] <= 1 for r in model)
    assert all(r["before"].strip() not in ARTICLE for r in model)


def test_a_missing_model_file_is_a_rule_error(tmp_path: Path) -> None:
    from normalize.kinds.boilerplate.kind import BoilerplateKind, BoilerplateRule

    (tmp_path / "data" / "boilerplate").mkdir(parents=True)
    spec = BoilerplateRule(id="b", params={"model": "models/none.json"})
    with pytest.raises(RuleCompileError, match="no model file"):
        BoilerplateKind(spec, tmp_path)


def test_a_page_of_short_lines_is_judged_but_text_cut_at_a_width_is_not() -> None:
    short = (
        "The city council voted on Tuesday to extend the tram line to the north.\n"
        "The debate lasted most of the afternoon and ended with a clear majority.\n"
        "Supporters said the extension would cut travel times for commuters.\n"
        "Thousands of them now depend on crowded buses every working day.\n"
        "The cost would be shared with the regional government, they said.\n"
        "Opponents argued that the money should repair the existing network.\n"
        "It has suffered from delays and breakdowns for several years now.\n"
        "Construction is expected to begin next spring and to take three years.\n"
        "The council's transport department will publish a detailed timetable.\n"
    )
    page = PAGE.replace(ARTICLE, short)
    assert max(len(line) for line in page.splitlines()) <= 90  # looks hard-wrapped
    result = normalize.clean(page, only=["boilerplate"], kind="prose")
    assert any(c.reason == "model" for c in result.changes)
    assert all(c.before.strip() not in short for c in result.changes if c.reason == "model")
    import textwrap

    wrapped = "\n".join(textwrap.fill(p, 64) for p in ARTICLE.splitlines()) + "\n"
    page = PAGE.replace(ARTICLE, wrapped)
    result = normalize.clean(page, only=["boilerplate"], kind="prose")
    assert wrapped in result.text  # no line of a wrapped paragraph goes


def test_without_page_evidence_the_model_does_not_run() -> None:
    det = shipped_detector()
    text = "\n".join(["The walk went on along the river and past the mill."] * 2 + [ARTICLE] * 6)
    edits, judged = det.judge(text)
    assert not judged and all(e.reason != "model" for e in edits)
    assert det.judge(PAGE)[1]
