"""Peak memory of a process tree: the sum of its processes' proportional set sizes, sampled.

`./plan` runs each stack in a forked child, so the largest single process's maximum RSS (what
`wait4` reports) leaves out the parent; summing RSS would count the pages parent and child share
twice. PSS splits each shared page between the processes that share it, so the sum over the tree
is the memory the plan really holds (Linux: /proc/<pid>/smaps_rollup).
"""

from __future__ import annotations

import threading
from pathlib import Path

PROC = Path("/proc")


def available() -> bool:
    return (PROC / "self" / "smaps_rollup").is_file()


def tree(pid: int) -> list[int]:
    out, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        out.append(current)
        try:
            frontier += [
                int(c) for c in (PROC / str(current) / "task" / str(current) / "children").read_text().split()
            ]
        except OSError:
            continue
    return out


def pss_kb(pid: int) -> int:
    try:
        text = (PROC / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)


class PeakSampler:
    """Samples a process tree's summed PSS every `interval` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, sum(pss_kb(p) for p in tree(self.pid)))
            self._stop.wait(self.interval)
