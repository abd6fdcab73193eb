"""Run a function in a forked child process and take back its result.

Each program run under the SDK leaves millions of objects in reference cycles (every resource's
outputs, futures and tasks). In a process of its own, a run's garbage disappears when the child
exits (`os._exit`: no collection, no teardown) and the next run starts on a fresh heap; in one
process the plan would pay a full collection between stacks and run dr on a fragmented heap.
make bench measures both (README "make bench"). Only the result (plain data) crosses back, by
pickle over a pipe; an exception raised in the child is raised again in the parent.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

AVAILABLE = hasattr(os, "fork")


class ChildFailedError(RuntimeError):
    """The child raised something that could not be sent back, or died."""


def call(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a forked child; its return value or exception, in the parent."""
    if not AVAILABLE:
        return function(*args)
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process; its result is checked in the parent
        os.close(read_end)
        _child(write_end, function, args)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, wait_status = os.waitpid(pid, 0)
    if not data:
        raise ChildFailedError(f"the child process ended without a result ({_describe(wait_status)})")
    kind, value = pickle.loads(data)
    if kind == "raised":
        raise value
    if kind == "failed":
        raise ChildFailedError(value)
    return value


def _child(write_end: int, function: Callable[..., Any], args: tuple[Any, ...]) -> None:  # pragma: no cover
    status = 0
    try:
        where = ""
        try:
            result: tuple[str, Any] = ("returned", function(*args))
        except Exception as error:
            result, where = ("raised", error), traceback.format_exc()
        try:
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            message = where or traceback.format_exc()
            payload = pickle.dumps(("failed", message), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    except BaseException:
        status = 70
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def _describe(wait_status: int) -> str:
    if os.WIFSIGNALED(wait_status):
        return f"killed by signal {os.WTERMSIG(wait_status)}"
    return f"exit status {os.waitstatus_to_exitcode(wait_status)}"
