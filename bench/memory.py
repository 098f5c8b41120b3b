"""Peak memory of every process of a batch run (main, fork server, workers).

    python bench/memory.py normalize clean /tmp/news.jsonl -o /tmp/o -j 2 -q

Samples ``/proc/PID/smaps_rollup`` every 0.2 s for processes whose command line mentions
normalize or the multiprocessing fork server, and prints each one's peak RSS and PSS (the
proportional share, which counts pages shared copy-on-write once). Linux only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def _processes() -> list[tuple[int, str]]:
    me = os.getpid()
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "normalize" in cmd or "forkserver" in cmd:
            out.append((int(name), cmd[:70]))
    return out


def _rss_pss(pid: int) -> tuple[int, int]:
    rss = pss = 0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    return rss, pss


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    child = subprocess.Popen(sys.argv[1:])
    peak: dict[tuple[int, str], tuple[int, int]] = {}
    while child.poll() is None:
        for key in _processes():
            try:
                rss, pss = _rss_pss(key[0])
            except OSError:
                continue
            old = peak.get(key, (0, 0))
            peak[key] = (max(old[0], rss), max(old[1], pss))
        time.sleep(0.2)
    for (pid, cmd), (rss, pss) in sorted(peak.items()):
        print(f"{pid:>7}  RSS {rss // 1024:>5} MB  PSS {pss // 1024:>5} MB  {cmd}")
    print(f"sum of peak PSS: {sum(v[1] for v in peak.values()) // 1024} MB")
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
