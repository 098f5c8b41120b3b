"""Ray Data integration on a real local cluster (marked: heavy, still run in CI)."""

import json
import os

import pytest

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    yield
    ray.shutdown()


def test_clean_dataset_matches_serial_clean_in_worker_actors(cluster):
    import normalize
    from normalize.integrations.ray import CHANGES_COLUMN, clean_dataset

    texts = [f"Doc {i}: Israel\u2018s \\$\u06f1.\u06f6 deal\u00a0\u00a0now" for i in range(40)]
    rows = [{"id": i, "text": t, "meta": i * 2} for i, t in enumerate(texts)]
    ds = ray.data.from_items(rows).repartition(4)
    out = clean_dataset(ds, concurrency=2, batch_size=5, diagnostics=True).take_all()
    assert len(out) == len(rows)
    by_id = {r["id"]: r for r in out}
    for row in rows:
        got = by_id[row["id"]]
        want = normalize.clean(row["text"])
        assert got["text"] == want.text
        assert got["meta"] == row["meta"]
        assert json.loads(got[CHANGES_COLUMN]) == [
            c.to_dict() | {"doc": str(row["id"])} for c in want.changes
        ]
    pids = {r["normalize_pid"] for r in out}
    assert os.getpid() not in pids  # rows were cleaned in actor processes
    assert all(r["normalize_builds"] == 1 for r in out)  # one pipeline per actor
    assert [r["id"] for r in out] == [r["id"] for r in rows]  # order preserved


def test_cli_engine_ray_jsonl(cluster, tmp_path):
    from normalize.cli import main

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jsonl").write_text(
        "".join(json.dumps({"id": i, "text": f"x{i}\u00a0\u00a0y"}) + "\n" for i in range(10))
    )
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--engine", "ray", "-q"]) == 0
    out = [json.loads(x) for x in (tmp_path / "out" / "a.jsonl").read_text().splitlines()]
    assert [r["text"] for r in out] == [f"x{i} y" for i in range(10)]


def test_cli_engine_ray_honours_kind_and_lang(cluster, tmp_path):
    # --kind and --lang reach the actors: the same result as the local engine.
    from normalize.cli import main

    src = tmp_path / "in"
    src.mkdir()
    rows = [{"id": i, "text": f"a  b{i}\u00a0c"} for i in range(6)]
    (src / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    for engine in ("ray", "local"):
        out_dir = tmp_path / engine
        args = ["clean", str(src), "-o", str(out_dir), "--kind", "code", "--lang", "en", "-q"]
        assert main([*args, "--engine", engine]) == 0
    ray_out = (tmp_path / "ray" / "a.jsonl").read_text()
    assert ray_out == (tmp_path / "local" / "a.jsonl").read_text()
    assert [json.loads(x)["text"] for x in ray_out.splitlines()] == [f"a  b{i} c" for i in range(6)]


@pytest.mark.parametrize(
    "extra",
    [
        ["--lang", "en", "--enable", "markup/emphasis"],
        ["--only", "spacing,markup", "--strict"],
        ["--dry-run"],
        ["--skip-bad", "--kind", "prose"],
    ],
)
def test_the_ray_engine_runs_the_local_run(cluster, tmp_path, extra):
    # One run, two runners: every option reaches the Ray engine because the sources,
    # sinks, logs and statistics are the local engine's own code.
    import pyarrow as pa
    import pyarrow.parquet as pq

    from normalize.cli import main

    src = tmp_path / "in"
    src.mkdir()
    rows = [{"id": i, "text": f"**Bold** a  b{i}\u00a0c,d \\$1"} for i in range(30)]
    (src / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + "not json\n")
    pq.write_table(pa.Table.from_pylist(rows), src / "b.parquet")
    results = {}
    for engine in ("local", "ray"):
        out = tmp_path / engine
        args = ["clean", str(src), "-o", str(out), "--log", str(tmp_path / f"{engine}.log")]
        args += ["--stats", str(tmp_path / f"{engine}.json"), "--engine", engine, "-q", *extra]
        code = main(args)
        files = {p.name: p.read_bytes() for p in sorted(out.glob("*"))} if out.exists() else {}
        log = tmp_path / f"{engine}.log"
        stats = json.loads((tmp_path / f"{engine}.json").read_text())
        for k in ("seconds", "MB_per_s"):
            stats.pop(k)
        results[engine] = (code, files, log.read_bytes() if log.exists() else None, stats)
    assert results["ray"] == results["local"]
