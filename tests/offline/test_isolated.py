"""Each stack's run in a forked child: the result or the exception comes back to the parent."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from offline import isolated
from offline.engine import ProgramFailedError
from offline.mocks import Recorded

pytestmark = pytest.mark.skipif(not isolated.AVAILABLE, reason="needs os.fork")


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fail() -> None:
    recorded = Recorded("urn:x", "aws:s3/bucket:Bucket", "x", "", True, {"bucket": "x"})
    raise ProgramFailedError("posture misses 1 target", [recorded])


class _UnpicklableError(Exception):
    def __reduce__(self) -> tuple[Any, ...]:
        raise TypeError("not picklable")


def _fail_unpicklably() -> None:
    raise _UnpicklableError("deep trouble")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_the_function_runs_in_another_process_and_its_result_comes_back() -> None:
    pid, value = isolated.call(_pid_and, 21)
    assert pid != os.getpid()
    assert value == 42


def test_a_program_failure_in_the_child_is_raised_in_the_parent_with_what_it_registered() -> None:
    with pytest.raises(ProgramFailedError) as caught:
        isolated.call(_fail)
    assert str(caught.value) == "posture misses 1 target"
    assert [r.name for r in caught.value.resources] == ["x"]


def test_an_exception_that_cannot_cross_is_raised_with_the_childs_traceback() -> None:
    with pytest.raises(isolated.ChildFailedError, match="deep trouble"):
        isolated.call(_fail_unpicklably)


def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    with pytest.raises(isolated.ChildFailedError, match="killed by signal 9"):
        isolated.call(_die)


def _big() -> bytes:
    return b"x" * (8 * 1024 * 1024)


def _state(pid: int) -> str:
    status = Path(f"/proc/{pid}/status").read_text()
    return next(line.split()[1] for line in status.splitlines() if line.startswith("State:"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads process states from /proc")
def test_a_started_child_finishes_while_the_parent_is_busy_however_large_its_result() -> None:
    running = isolated.start(_big)
    assert isinstance(running, isolated.Running)
    deadline = time.monotonic() + 60
    while _state(running.pid) != "Z":
        assert time.monotonic() < deadline, "the child is blocked writing its result"
        time.sleep(0.05)
    assert running.result() == _big()
