"""Site templates: a short line on a large share of one site's pages in the batch is dropped
(reason ``site-template``), wherever the site comes from (the host of ``url``, or
``--site-field``), with the same statistics after a resume."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from normalize import Pipeline
from normalize.cli import main
from normalize.io.sources import site_of
from normalize.kinds.boilerplate.detector import DEFAULT_PARAMS, BoilerplateDetector
from normalize.run import clean as clean_module
from normalize.run.journal import JOURNAL_DIR

MIN_PAGES = DEFAULT_PARAMS["site_min_pages"]

#: Paragraphs of the articles: one per page, long enough that no page reads as hard-wrapped.
STORIES = [
    "The harbour board met on Tuesday evening to discuss the new ferry timetable, which "
    "will add two crossings a day from the first of June and cut the waiting time in half.",
    "Fishermen in the northern bay said the early spring had brought the mackerel in two "
    "weeks before they expected them, and that the prices at the market had fallen as a result.",
    "The town library will close for three weeks in August while the roof is repaired, and "
    "the mobile library will visit the outlying villages on Mondays and Thursdays instead.",
    "A local choir won the regional competition on Saturday with a programme of sea shanties "
    "and old hymns, the first prize the choir has taken since it was founded in 1962.",
    "The council has approved the plan for a cycle path along the old railway line, which "
    "the engineers say can be built in two stages over the next eighteen months.",
    "Volunteers cleared more than four hundred kilos of plastic from the south beach at the "
    "weekend, most of it fishing line and packaging washed up by the winter storms.",
    "The primary school's new science room opened on Friday with a telescope donated by a "
    "retired astronomer who taught at the school for more than thirty years.",
    "Traffic on the coast road will be diverted through the village for a fortnight while "
    "the bridge over the river is inspected and its railings are replaced.",
    "The museum has put on show a collection of ship models built by a lighthouse keeper in "
    "the long winter evenings of the 1930s, lent by his granddaughter for the summer.",
    "Bakers in the old town say the price of flour has risen by a fifth since January, and "
    "several of them have raised the price of a loaf for the first time in four years.",
    "The sailing club will hold its annual regatta on the last weekend of July, with races "
    "for dinghies in the morning and for the larger keelboats in the afternoon.",
    "A survey of the dunes found that the rare orchids planted there five years ago have "
    "spread along most of the western shore, to the delight of the local botanists.",
]
#: A sentence that every page quotes (legitimately: it is content), short enough to be a
#: candidate.
QUOTE = "The mayor said the plan would go on whatever the cost."
#: A short line on one page of each site: shared across sites, no site's template.
SHARED_ACROSS = "Morning briefing for readers"


def _page(story: str, nav: str | None, footer: str | None, extra: list[str]) -> str:
    lines = ([nav] if nav else []) + [story, *extra, QUOTE] + ([footer] if footer else [])
    return "\n\n".join(lines) + "\n"


def _batch() -> list[dict[str, str]]:
    """Site A (``gazette.example``, five pages) has a menu and a footer on every page; site B
    (``tides.example``) as many pages with its own; site C too few pages to judge."""
    docs: list[dict[str, str]] = []
    stories = iter(STORIES)
    sites = [
        ("gazette.example", 5, "Gazette Home Local Sport", "Harbour Gazette Portside 2024"),
        ("tides.example", MIN_PAGES, "Tides Daily front page", "Tides Daily newsroom contacts"),
        ("pier.example", MIN_PAGES - 1, "Pier Notes menu", "Pier Notes footer links"),
    ]
    for host, n, nav, footer in sites:
        for i in range(n):
            extra = [SHARED_ACROSS] if i == 1 else []
            url = f"https://www.{host}/news/{i}.html" if i % 2 else f"http://{host}/p?id={i}"
            docs.append(
                {"id": f"{host}/{i}", "url": url, "text": _page(next(stories), nav, footer, extra)}
            )
    return docs


def _write(path: Path, docs: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def _clean(args: list[str]) -> int:
    return main(["clean", *args, "-j", "1", "-q"])


def _results(out: Path, log: Path) -> tuple[dict[str, str], list[dict]]:
    texts = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        texts[rec["id"]] = rec["text"]
    records = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    return texts, records


def _site_drops(records: list[dict]) -> set[tuple[str, str]]:
    return {(r["doc"], r["before"].strip()) for r in records if r.get("reason") == "site-template"}


def test_site_of_takes_a_urls_host():
    assert site_of("https://www.Gazette.example:8080/a?b=1") == "gazette.example"
    assert site_of("gazette.example/news/1", url=True) == "gazette.example"
    assert site_of("Gazette") == "Gazette"
    assert site_of(12) == "12" and site_of(None) is None and site_of(["x"]) is None


@pytest.mark.parametrize("how", ["url", "site-field", "site-field-url"])
def test_a_sites_menu_and_footer_go_and_nothing_else(tmp_path, how):
    docs = _batch()
    extra: list[str] = []
    if how != "url":
        for d in docs:
            url = d.pop("url")
            d["source"] = url if how == "site-field-url" else d["id"].split(".")[0].title()
        extra = ["--site-field", "source"]
    src = _write(tmp_path / "in.jsonl", docs)
    out, log = tmp_path / "out", tmp_path / "log.jsonl"
    assert _clean([str(src), "-o", str(out), "--log", str(log), *extra]) == 0
    texts, records = _results(out / "in.jsonl", log)
    drops = _site_drops(records)
    gazette = {f"gazette.example/{i}" for i in range(5)}
    tides = {f"tides.example/{i}" for i in range(MIN_PAGES)}
    assert {d for d, _ in drops} == gazette | tides
    assert {line for _, line in drops} == {
        "Gazette Home Local Sport",
        "Harbour Gazette Portside 2024",
        "Tides Daily front page",
        "Tides Daily newsroom contacts",
    }
    # Every record of a drop restores its line (with its line break) from the original.
    originals = {d["id"]: d["text"] for d in docs}
    for r in records:
        if r.get("reason") == "site-template":
            assert originals[r["doc"]][r["orig_start"] : r["orig_end"]] == r["before"]
    for doc_id, text in texts.items():
        assert QUOTE in text  # a sentence every page shares is content
        if doc_id.startswith("pier.example"):
            # Too few pages to tell a template from a coincidence: nothing goes.
            assert text == originals[doc_id]
    # A line that pages of different sites share is no site's template.
    for doc_id in ("gazette.example/1", "tides.example/1", "pier.example/1"):
        assert SHARED_ACROSS in texts[doc_id]


def test_without_sites_nothing_is_a_site_template(tmp_path):
    docs = _batch()
    src = _write(tmp_path / "in.jsonl", docs)
    for args in (["--site-field", ""], ["--site-field", "missing"]):
        out, log = tmp_path / f"out{len(args[1])}", tmp_path / f"log{len(args[1])}.jsonl"
        assert _clean([str(src), "-o", str(out), "--log", str(log), *args]) == 0
        assert not _site_drops(_results(out / "in.jsonl", log)[1])


def test_the_api_takes_sites_too():
    docs = _batch()
    pipe = Pipeline(only=["boilerplate"])
    batch = pipe.prepare_batch([d["text"] for d in docs], [site_of(d["url"]) for d in docs])
    items = [(d["id"], d["text"], site_of(d["url"])) for d in docs]
    results = list(pipe.clean_many(items, batch=batch))
    reasons = {c.reason for r in results for c in r.changes}
    assert reasons == {"site-template"}
    # Without a site a document keeps its template lines (and old callers see no change).
    plain = pipe.clean(docs[0]["text"], batch=batch)
    assert plain.text == docs[0]["text"]
    assert pipe.prepare_batch([d["text"] for d in docs]).keys() == batch.keys()


def test_statistics_pickle_and_count_pages_per_site():
    docs = _batch()
    det = BoilerplateDetector()
    st = det.batch_stats([d["text"] for d in docs], [site_of(d["url"]) for d in docs])
    assert dict(st.site_pages) == {"gazette.example": 5, "tides.example": MIN_PAGES}
    again = pickle.loads(pickle.dumps(st))
    assert again == st
    assert again.site_count("gazette.example", "gazette home local sport") == (5, 5)
    assert again.site_count("pier.example", "pier notes menu") == (0, 0)
    # The detector names the sentence every page of the site quotes; the rule spares it.
    text = docs[0]["text"]
    found = {
        text[e.start : e.end].strip(): e.reason
        for e in det.judge(text, st, site="gazette.example")[0]
    }
    assert found[QUOTE] == "site-template"


def test_resume_cleans_with_the_stored_site_statistics(tmp_path, monkeypatch):
    monkeypatch.setattr(clean_module, "CHUNK_DOCS", 3)
    monkeypatch.setattr(clean_module, "COMMIT_SECONDS", 0.0)
    src = _write(tmp_path / "in.jsonl", _batch())
    ref, ref_log = tmp_path / "ref", tmp_path / "ref.jsonl"
    assert _clean([str(src), "-o", str(ref), "--log", str(ref_log)]) == 0
    assert _site_drops(_results(ref / "in.jsonl", ref_log)[1])
    out, log = tmp_path / "out", tmp_path / "log.jsonl"
    args = [str(src), "-o", str(out), "--log", str(log)]
    real = clean_module.CleanRun._write
    count = {"docs": 0}

    def write(self, i, doc, out_):
        count["docs"] += 1
        if count["docs"] == 8:
            raise KeyboardInterrupt
        real(self, i, doc, out_)

    with monkeypatch.context() as m:
        m.setattr(clean_module.CleanRun, "_write", write)
        assert _clean(args) == 130
    with open(out / JOURNAL_DIR / "batch.pickle", "rb") as f:
        stored = pickle.load(f)
    assert stored["drop-boilerplate"].site_pages["gazette.example"] == 5

    def no_first_pass(*a, **k):
        raise AssertionError("a resumed run cleans with the stored statistics")

    monkeypatch.setattr(Pipeline, "prepare_batch", no_first_pass)
    assert _clean([*args, "--resume"]) == 0
    assert (out / "in.jsonl").read_bytes() == (ref / "in.jsonl").read_bytes()
    assert log.read_bytes() == ref_log.read_bytes()


def test_parquet_rows_have_their_site_too(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    docs = _batch()
    (tmp_path / "in").mkdir()
    pq.write_table(pa.Table.from_pylist(docs), tmp_path / "in" / "a.parquet")
    log = tmp_path / "log.jsonl"
    assert _clean([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--log", str(log)]) == 0
    records = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    assert {d.split("/")[0] for d, _ in _site_drops(records)} == {
        "gazette.example",
        "tides.example",
    }


@pytest.mark.ray
def test_the_ray_engine_drops_the_same_site_templates(tmp_path):
    ray = pytest.importorskip("ray")
    src = _write(tmp_path / "in.jsonl", _batch())
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        results = {}
        for engine in ("local", "ray"):
            out, log = tmp_path / engine, tmp_path / f"{engine}.jsonl"
            assert _clean([str(src), "-o", str(out), "--log", str(log), "--engine", engine]) == 0
            results[engine] = ((out / "in.jsonl").read_bytes(), log.read_bytes())
    finally:
        ray.shutdown()
    assert results["ray"] == results["local"]
    assert b'"site-template"' in results["ray"][1]
