"""Run `__main__.py` once under the mock engine and keep what it declared.

Only the SDK's public API is used: `pulumi.runtime.set_mocks` (with our monitor and a logger that
keeps the program's warnings), `run_pulumi_func` (what the SDK's own entry point awaits), and a
private event loop per run (`asyncio.run`), so runs never share futures or settings.
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import inspect
import json
import logging
import runpy
from collections.abc import Callable, Coroutine, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime.stack import run_pulumi_func

from config.loader import PROJECT
from offline.mocks import PlanMocks, Recorded, RecordingMonitor

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = ROOT / "__main__.py"
SERVICE_TYPE = "marketplace-dr:services:ServiceComponent"


class ProgramFailedError(Exception):
    """The program stopped (e.g. `pulumi.RunError`); `resources` is what it registered before."""

    def __init__(self, message: str, resources: list[Recorded]) -> None:
        super().__init__(message)
        self.resources = resources

    def __reduce__(self) -> tuple[type[ProgramFailedError], tuple[str, list[Recorded]]]:
        return (ProgramFailedError, (str(self), self.resources))


@dataclass
class ProgramRun:
    """What one run declared. Treated as immutable: the lookups below index it once, on first use,
    so walking the tree costs O(resources) in total however many questions a report asks."""

    stack: str
    resources: list[Recorded]
    outputs: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    """Warnings the program logged (e.g. waived posture misses), in order, once each."""

    @cached_property
    def _by_urn(self) -> dict[str, Recorded]:
        return {r.urn: r for r in self.resources}

    @cached_property
    def _children(self) -> dict[str, list[Recorded]]:
        out: dict[str, list[Recorded]] = {}
        for r in self.resources:
            out.setdefault(r.parent, []).append(r)
        return out

    @cached_property
    def _by_type(self) -> dict[str, list[Recorded]]:
        out: dict[str, list[Recorded]] = {}
        for r in self.resources:
            out.setdefault(r.type, []).append(r)
        return out

    @cached_property
    def _services(self) -> dict[str, str | None]:
        """Each resource's catalog service (its ServiceComponent ancestor), resolved once per URN."""
        out: dict[str, str | None] = {}
        for r in self.resources:
            path: list[str] = []
            node: Recorded | None = r
            found: str | None = None
            while node is not None:
                if node.urn in out:
                    found = out[node.urn]
                    break
                path.append(node.urn)
                if node.type == SERVICE_TYPE:
                    found = node.name
                    break
                node = self._by_urn.get(node.parent)
            for urn in path:
                out[urn] = found
        return out

    def of_type(self, type_: str) -> list[Recorded]:
        return list(self._by_type.get(type_, ()))

    def by_urn(self) -> dict[str, Recorded]:
        return self._by_urn

    def children_of(self, urn: str) -> list[Recorded]:
        return list(self._children.get(urn, ()))

    def descendants_of(self, urn: str) -> list[Recorded]:
        out, frontier = [], [urn]
        while frontier:
            kids = [k for u in frontier for k in self._children.get(u, ())]
            out += kids
            frontier = [k.urn for k in kids]
        return out

    def service_of(self, resource: Recorded) -> str | None:
        """The catalog service a resource belongs to (its ServiceComponent ancestor)."""
        if resource.urn in self._services:
            return self._services[resource.urn]
        parent = self._by_urn.get(resource.parent)
        return self.service_of(parent) if parent is not None else None


def tree_order(resources: Iterable[Recorded]) -> list[Recorded]:
    """Depth first from the roots, siblings by (type, name): the same for every run of the same
    config, whatever order the SDK's scheduler registered them in; a parent precedes its children."""
    found = list(resources)
    urns = {r.urn for r in found}
    children: dict[str, list[Recorded]] = {}
    for r in found:
        children.setdefault(r.parent if r.parent in urns else "", []).append(r)
    for kids in children.values():
        kids.sort(key=lambda r: (r.type, r.name, r.urn))
    out: list[Recorded] = []
    stack = list(reversed(children.get("", [])))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(children.get(node.urn, [])))
    return out


def config_env(raw: Mapping[str, object]) -> dict[str, str]:
    """Config the way the Pulumi CLI hands it to a program: `project:key` -> string/JSON."""
    return {f"{PROJECT}:{k}": v if isinstance(v, str) else json.dumps(v) for k, v in raw.items()}


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:
            message = record.getMessage()
            if message not in self.messages:
                self.messages.append(message)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the length of a run.

    Under the SDK every resource keeps its outputs' futures and tasks alive until the run ends,
    so the collector, triggered every few hundred allocations, rescans a live set that only grows:
    most of a large run's time (make bench). Little a run allocates is garbage before it ends.
    Afterwards: `./plan` runs each stack in a child process that exits without collecting
    (offline/isolated.py); in one process (the tests) the collector runs again once re-enabled.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def execute(program: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    """Run `program` (which sets up the mocks) on a fresh event loop in a fresh context, with the
    collector paused. Also the flat replay's runner (bench/replay.py), so both cost the same."""
    with collector_paused():
        return contextvars.Context().run(asyncio.run, program())


def run_program(
    raw: Mapping[str, object],
    stack: str,
    stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
    preview: bool = False,
) -> ProgramRun:
    """Run the real program for `stack`; each call gets a fresh Pulumi runtime context and loop."""
    return execute(lambda: _run(dict(raw), stack, dict(stack_outputs or {}), preview))


async def _run(
    raw: dict[str, object], stack: str, stack_outputs: dict[str, Any], preview: bool
) -> ProgramRun:
    mocks = PlanMocks({k: dict(v) for k, v in stack_outputs.items()})
    monitor = RecordingMonitor(mocks)
    # Warnings and errors the program logs go here, not to the root logger's stderr.
    logger = logging.Logger(f"offline.{stack}")
    logger.propagate = False
    warnings = _Warnings()
    logger.addHandler(warnings)
    set_mocks(mocks, monitor, stack, preview, logger)
    pulumi.runtime.set_all_config(config_env(raw))
    exported: dict[str, Any] = {}

    async def program() -> None:
        runpy.run_path(str(PROGRAM), run_name="__main__")
        root = pulumi.runtime.get_root_resource()
        exported.update(await resolved(getattr(root, "outputs", {}) or {}))

    try:
        await run_pulumi_func(program)
    except Exception as error:
        raise ProgramFailedError(str(error), tree_order(monitor.recorded)) from error
    return ProgramRun(
        stack=stack, resources=tree_order(monitor.recorded), outputs=exported, warnings=warnings.messages
    )


async def resolved(value: Any) -> Any:
    """An export's value with every output in it awaited (`None` where unknown, in a preview).

    Under mocks the SDK registers the stack's outputs before the program runs, so the exports are
    read here. Walking the value awaits each output once; lifting the whole value with
    `Output.from_input` would build an `Output.all` per nested mapping and list (measured: about
    a tenth of a 50-service run)."""
    if isinstance(value, pulumi.Output):
        return await resolved(await value.future())
    if isinstance(value, Mapping):
        return {k: await resolved(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [await resolved(v) for v in value]
    if inspect.isawaitable(value):
        return await resolved(await value)
    return value


def set_mocks(
    mocks: PlanMocks,
    monitor: RecordingMonitor,
    stack: str,
    preview: bool = False,
    logger: logging.Logger | None = None,
) -> None:
    """Point the SDK at the mock engine (inside the run's loop and context)."""
    pulumi.runtime.settings.reset_options()
    pulumi.runtime.set_mocks(
        mocks, project=PROJECT, stack=stack, preview=preview, monitor=monitor, logger=logger
    )
