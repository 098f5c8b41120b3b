"""The run journal: what a ``clean`` run writing to an output folder has committed so far,
so that ``--resume`` after a crash, ``kill -9`` or Ctrl-C goes on where it stopped and ends
with the same outputs, change logs, rejects and counts as a run that was never interrupted.

It lives in ``OUTPUT/.normalize-run/``: ``manifest.json`` (rewritten atomically at every
commit) and ``batch.pickle`` (the cross-document statistics of the first pass, so that a
resumed run cleans with exactly the statistics of the first). A finished run removes it.

>>> import tempfile; d = Path(tempfile.mkdtemp())
>>> j = Journal(d, "abc"); j.save({"sources": {}}); Journal(d, "abc").load()
{'sources': {}}
>>> Journal(d, "other").load()
Traceback (most recent call last):
...
normalize.errors.UsageError: ... was written by a run with other inputs or options; ...
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from normalize.errors import UsageError

#: The journal's folder inside the output folder (hidden: never read as an input).
JOURNAL_DIR = ".normalize-run"
_VERSION = 1


def fingerprint(options: dict[str, Any], inputs: Iterable[Path]) -> str:
    """A digest of what decides a run's output: the options that change it and every input
    (path, size and modification time), so that a resume never mixes two different runs.

    >>> fingerprint({"only": None}, []) == fingerprint({"only": None}, [])
    True
    """
    from normalize import __version__

    parts: list[Any] = [_VERSION, __version__, sorted(options.items())]
    for path in inputs:
        st = path.stat()
        parts.append((str(path.resolve()), st.st_size, st.st_mtime_ns))
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


class Journal:
    """The journal of the run writing into ``output`` (see the module docstring)."""

    def __init__(self, output: Path, digest: str) -> None:
        self.dir = output / JOURNAL_DIR
        self.digest = digest

    @property
    def manifest(self) -> Path:
        return self.dir / "manifest.json"

    def load(self) -> dict[str, Any] | None:
        """The committed state of an interrupted run, or ``None`` when there is none; a
        journal of another run (other inputs or options) is a usage error."""
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as e:
            raise UsageError(f"{self.manifest}: unreadable ({e}); run without --resume") from None
        if data.get("fingerprint") != self.digest:
            raise UsageError(
                f"{self.manifest} was written by a run with other inputs or options; "
                "run without --resume to start afresh"
            )
        state: dict[str, Any] = data["state"]
        return state

    def save(self, state: dict[str, Any]) -> None:
        """Commit ``state`` atomically (write, rename): it survives the process being
        killed, as the outputs it points into do (they are flushed, not synced to disk)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.dir / "manifest.json.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"fingerprint": self.digest, "state": state}, f)
        os.replace(tmp, self.manifest)

    def load_batch(self) -> Any:
        """The stored batch statistics, or ``None``."""
        try:
            with open(self.dir / "batch.pickle", "rb") as f:
                return pickle.load(f)  # noqa: S301 - written by this program, in its own folder
        except FileNotFoundError:
            return None

    def save_batch(self, batch: Any) -> None:
        """Store the batch statistics of the first pass."""
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.dir / "batch.pickle.tmp"
        with open(tmp, "wb") as f:
            pickle.dump(batch, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.dir / "batch.pickle")

    def lock(self) -> None:
        """Hold the journal's lock while this process lives (a killed run lets it go): a
        second run writing into the same folder at the same time is a usage error."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.dir / "lock", "w")  # noqa: SIM115 - held until the process ends
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise UsageError(f"another run is writing into {self.dir.parent}") from None

    def reset(self) -> None:
        """Forget an earlier run's state (a new run starts afresh); the lock stays."""
        for name in ("manifest.json", "batch.pickle"):
            (self.dir / name).unlink(missing_ok=True)

    def remove(self) -> None:
        """Remove the journal (the run finished)."""
        shutil.rmtree(self.dir, ignore_errors=True)
