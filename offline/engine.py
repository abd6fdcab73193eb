"""Run `__main__.py` once under the mock engine and keep what it declared."""

from __future__ import annotations

import contextvars
import json
import runpy
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from config.loader import PROJECT
from offline.mocks import PlanMocks, Recorded, RecordingMonitor

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = ROOT / "__main__.py"


class ProgramFailedError(Exception):
    """The program stopped (e.g. `pulumi.RunError`); `resources` is what it registered before."""

    def __init__(self, message: str, resources: list[Recorded]) -> None:
        super().__init__(message)
        self.resources = resources


@dataclass
class ProgramRun:
    stack: str
    resources: list[Recorded]
    outputs: dict[str, Any] = field(default_factory=dict)

    def of_type(self, type_: str) -> list[Recorded]:
        return [r for r in self.resources if r.type == type_]

    def by_urn(self) -> dict[str, Recorded]:
        return {r.urn: r for r in self.resources}

    def children_of(self, urn: str) -> list[Recorded]:
        return [r for r in self.resources if r.parent == urn]

    def descendants_of(self, urn: str) -> list[Recorded]:
        out, frontier = [], [urn]
        while frontier:
            kids = [r for r in self.resources if r.parent in frontier]
            out += kids
            frontier = [k.urn for k in kids]
        return out

    def service_of(self, resource: Recorded) -> str | None:
        """The catalog service a resource belongs to (its ServiceComponent ancestor)."""
        index = self.by_urn()
        node: Recorded | None = resource
        while node is not None:
            if node.type == "marketplace-dr:services:ServiceComponent":
                return node.name
            node = index.get(node.parent)
        return None


def config_env(raw: Mapping[str, object]) -> dict[str, str]:
    """Config the way the Pulumi CLI hands it to a program: `project:key` -> string/JSON."""
    return {f"{PROJECT}:{k}": v if isinstance(v, str) else json.dumps(v) for k, v in raw.items()}


def run_program(
    raw: Mapping[str, object],
    stack: str,
    stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
    preview: bool = False,
) -> ProgramRun:
    """Run the real program for `stack`; each call gets a fresh Pulumi runtime context."""
    return contextvars.Context().run(_run, dict(raw), stack, dict(stack_outputs or {}), preview)


def _run(raw: dict[str, object], stack: str, stack_outputs: dict[str, Any], preview: bool) -> ProgramRun:
    mocks = PlanMocks({k: dict(v) for k, v in stack_outputs.items()})
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.settings.reset_options()
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack=stack, preview=preview, monitor=monitor)
    pulumi.runtime.set_all_config(config_env(raw))
    exported: dict[str, Any] = {}

    async def program() -> None:
        runpy.run_path(str(PROGRAM), run_name="__main__")
        root = pulumi.runtime.get_root_resource()
        outputs = getattr(root, "outputs", {}) or {}
        resolved = await pulumi.Output.from_input(outputs).future()
        exported.update(resolved or {})

    try:
        _sync_await(run_pulumi_func(program))
    except Exception as error:
        raise ProgramFailedError(str(error), monitor.recorded) from error
    return ProgramRun(stack=stack, resources=monitor.recorded, outputs=exported)
