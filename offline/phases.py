"""Where a plan's time goes: named phases, written as JSON for `make bench` (`--timings FILE`).

Each phase records wall time and CPU time (this process's plus that of the child processes it
waited for, which is where `./plan` runs each stack). CPU time is what the machine would need
were it idle: on a shared machine, wall time also counts others' work. Stamps bracket `main`, so
the benchmark, which knows when it started the process and when and at what CPU cost it ended,
can tell imports (process start to `main`) and exit (`main` returning to the process ending) apart.
"""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def cpu_seconds() -> float:
    """CPU used so far by this process and the children it has waited for."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


class Phases:
    """Exclusive phase times: a phase opened inside another (the parent checking prod while dr's
    child runs) pauses the outer one, so the phases add up to `main`'s time, each counting what it
    adds. A child's CPU counts where the parent waits for it (inside its run phase)."""

    def __init__(self) -> None:
        self.started = time.time()
        self.cpu_at_start = cpu_seconds()
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._open: list[tuple[str, float, float]] = []

    def _close(self) -> None:
        name, wall, cpu = self._open.pop()
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - wall
        self.cpu[name] = self.cpu.get(name, 0.0) + cpu_seconds() - cpu

    def _open_phase(self, name: str) -> None:
        self._open.append((name, time.perf_counter(), cpu_seconds()))

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        outer = self._open[-1][0] if self._open else None
        if outer is not None:
            self._close()
        self._open_phase(name)
        try:
            yield
        finally:
            self._close()
            if outer is not None:
                self._open_phase(outer)

    def write(self, path: Path, **extra: object) -> None:
        doc = {
            "main_started": self.started,
            "main_finished": time.time(),
            "cpu_at_start": self.cpu_at_start,
            "cpu_at_finish": cpu_seconds(),
            "phases": self.seconds,
            "cpu": self.cpu,
            **extra,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, indent=2) + "\n")
