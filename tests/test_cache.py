"""The per-user table cache: corrupt or missing entries are rebuilt, 'off' bypasses it."""

import os
import subprocess
import sys

from normalize.cache import cached_table


def test_corrupt_entry_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("NORMALIZE_CACHE_DIR", str(tmp_path))
    assert cached_table("t", (1,), lambda: {"a": 1}) == {"a": 1}
    (entry,) = tmp_path.glob("t-*.marshal")
    entry.write_bytes(b"\x00garbage")
    assert cached_table("t", (1,), lambda: {"b": 2}) == {"b": 2}
    assert cached_table("t", (2,), lambda: {"c": 3}) == {"c": 3}  # another key, another entry


def test_off_and_unwritable_folders_only_cost_speed(tmp_path, monkeypatch):
    monkeypatch.setenv("NORMALIZE_CACHE_DIR", "off")
    assert cached_table("t", (1,), lambda: [1, 2]) == [1, 2]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NORMALIZE_CACHE_DIR", str(blocker / "sub"))
    assert cached_table("t", (1,), lambda: [3]) == [3]


def test_fork_server_preload_builds_a_warm_pipeline(tmp_path):
    from normalize.run.local import PRELOAD_ENV, Settings

    code = (
        "import normalize._preload\n"
        "from normalize.run.local import Settings\n"
        "p = Settings(only=('merged-words',)).pipeline()\n"
        "print(sorted(p.passes[0].rules[0]._by_language))\n"
    )
    env = dict(os.environ, **{PRELOAD_ENV: Settings(only=("merged-words",)).to_env()})
    env["NORMALIZE_CACHE_DIR"] = str(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "['en']"
