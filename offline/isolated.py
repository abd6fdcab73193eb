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
import threading
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

AVAILABLE = hasattr(os, "fork")


class ChildFailedError(RuntimeError):
    """The child raised something that could not be sent back, or died."""


class Running(Generic[T]):
    """A child started by `start`: its result (or exception) when asked for. The pipe is drained
    by a thread meanwhile, so a large result never blocks the child while the parent works."""

    def __init__(self, pid: int, read_end: int) -> None:
        self.pid = pid
        self._data = b""
        self._reader = threading.Thread(target=self._read, args=(read_end,), daemon=True)
        self._reader.start()

    def _read(self, read_end: int) -> None:
        with os.fdopen(read_end, "rb") as pipe:
            self._data = pipe.read()

    def result(self) -> T:
        self._reader.join()
        _, wait_status = os.waitpid(self.pid, 0)
        if not self._data:
            raise ChildFailedError(f"the child process ended without a result ({_describe(wait_status)})")
        kind, value = pickle.loads(self._data)
        if kind == "raised":
            raise value
        if kind == "failed":
            raise ChildFailedError(value)
        return value


class Done(Generic[T]):
    """What `start` returns where processes cannot fork: the call, already made."""

    def __init__(self, function: Callable[..., T], args: tuple[Any, ...]) -> None:
        self._value: T | None = None
        self._error: Exception | None = None
        try:
            self._value = function(*args)
        except Exception as error:
            self._error = error

    def result(self) -> T:
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


def start(function: Callable[..., T], *args: Any) -> Running[T] | Done[T]:
    """Start `function(*args)` in a forked child; `.result()` waits for it."""
    if not AVAILABLE:
        return Done(function, args)
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process; its result is checked in the parent
        os.close(read_end)
        _child(write_end, function, args)
    os.close(write_end)
    return Running(pid, read_end)


def call(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a forked child; its return value or exception, in the parent."""
    return start(function, *args).result()


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
