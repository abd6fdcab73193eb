"""The floor for `make bench`: a flat replay of a plan's recorded resources.

Every resource the program registered (as written to `<out>/<stack>.json`) is registered again,
in tree order, through the SDK's typed class for its type (`pulumi_aws.s3.Bucket`, ...) under the
same mock engine, with the recorded inputs as plain values, the same parent and provider, and no
program logic: no config, no invokes, no applies, no dependencies. What the program costs beyond
this is the price of computing its resources rather than listing them.

    python -m bench.replay <plan-out-dir>   ->  one JSON line: seconds per stack and the check
"""

from __future__ import annotations

import gc
import importlib
import inspect
import json
import re
import sys
import time
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime.stack import run_pulumi_func

from offline import isolated
from offline.engine import execute, set_mocks, tree_order
from offline.mocks import PlanMocks, Recorded, RecordingMonitor
from offline.phases import cpu_seconds
from offline.preload import component_sources, preload

PACKAGES = {"aws": "pulumi_aws"}


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


@cache
def resource_class(type_: str) -> tuple[Callable[..., pulumi.CustomResource], dict[str, str]]:
    """The SDK's typed class for a type token, and its wire-name -> keyword map."""
    if type_.startswith("pulumi:providers:"):
        module = importlib.import_module(PACKAGES[type_.rsplit(":", 1)[1]])
        cls = module.Provider
    else:
        package, middle, name = type_.split(":")
        module_name = middle.split("/")[0]
        base = PACKAGES[package]
        module = importlib.import_module(base if module_name == "index" else f"{base}.{module_name}")
        cls = getattr(module, name)
    params = inspect.signature(cls._internal_init).parameters
    return cls, {_camel(p): p for p in params if p not in ("__self__", "resource_name", "opts")}


REQUIRED: dict[str, set[str]] = {}
"""Per type, required keywords the recording lacks (learned from the class's own TypeError)."""
MISSING = re.compile(r"Missing required property '(\w+)'")


def load(out: Path, stack: str) -> list[Recorded]:
    doc = json.loads((out / f"{stack}.json").read_text())
    return [
        Recorded(
            urn=r["urn"],
            type=r["type"],
            name=r["name"],
            parent=r["parent"],
            custom=r["custom"],
            inputs=r["inputs"],
            provider=r.get("provider", ""),
        )
        for r in doc["resources"]
    ]


def _register(r: Recorded, made: dict[str, pulumi.Resource]) -> pulumi.Resource:
    parent = made.get(r.parent)
    provider = made.get(r.provider.split("::")[0] if "::" in r.provider else r.provider)
    opts = pulumi.ResourceOptions(
        parent=parent, provider=provider if isinstance(provider, pulumi.ProviderResource) else None
    )
    if r.type == "pulumi:pulumi:StackReference":
        return pulumi.StackReference(r.name, stack_name=str(r.inputs.get("name", r.name)), opts=opts)
    if not r.custom:
        component = pulumi.ComponentResource(r.type, r.name, None, opts)
        component.register_outputs({})
        return component
    cls, names = resource_class(r.type)
    inputs = {k: _provider_value(v) for k, v in r.inputs.items()} if _is_provider(r) else r.inputs
    kwargs: dict[str, Any] = {names.get(k, k): v for k, v in inputs.items()}
    # A required input the program gave as an output that resolved to nothing (e.g. a mock-named
    # role's name) was recorded absent; replay it the same way, as an output of None.
    required = REQUIRED.setdefault(r.type, set())
    while True:
        for name in required:
            kwargs.setdefault(name, pulumi.Output.from_input(None))
        try:
            return cls(r.name, opts, **kwargs)
        except TypeError as error:
            missing = MISSING.search(str(error))
            if missing is None or missing.group(1) in required:
                raise
            required.add(missing.group(1))


def _is_provider(r: Recorded) -> bool:
    return r.type.startswith("pulumi:providers:")


def _provider_value(value: object) -> object:
    """Providers receive non-string config JSON-encoded (`false` arrives as the string 'false')."""
    if isinstance(value, str):
        try:
            decoded = json.loads(value)
        except ValueError:
            return value
        return value if isinstance(decoded, str) else decoded
    return value


def replay(
    resources: list[Recorded], stack: str, stack_outputs: Mapping[str, Any] | None = None
) -> list[Recorded]:
    """Register `resources` again under a fresh mock engine; return what was recorded."""
    ordered = tree_order(resources)
    # Providers first: a resource's provider may sit in another subtree.
    urns = {r.urn for r in ordered}
    first = [r for r in ordered if _is_provider(r) and r.parent not in urns]
    rest = [r for r in ordered if r not in first]

    async def run() -> list[Recorded]:
        mocks = PlanMocks({k: dict(v) for k, v in (stack_outputs or {}).items()})
        monitor = RecordingMonitor(mocks)
        set_mocks(mocks, monitor, stack)

        def program() -> None:
            made: dict[str, pulumi.Resource] = {}
            for r in (*first, *rest):
                made[r.urn] = _register(r, made)

        await run_pulumi_func(program)
        return monitor.recorded

    return execute(run)


def _same(a: list[Recorded], b: list[Recorded]) -> list[str]:
    """URNs whose type or inputs differ between the plan and its replay (empty: a faithful replay)."""
    left = {r.urn: (r.type, json.dumps(r.inputs, sort_keys=True, default=str)) for r in a}
    right = {r.urn: (r.type, json.dumps(r.inputs, sort_keys=True, default=str)) for r in b}
    return sorted(u for u in left.keys() | right.keys() if left.get(u) != right.get(u))


def main(out: Path) -> dict[str, Any]:
    """Replay prod, then dr, as `./plan` runs them: the provider SDK's modules loaded first, then
    each stack in a forked child, timed around the child (fork and result included, as in the
    plan's run phases)."""
    docs = {
        s: json.loads((out / f"{s}.json").read_text()) for s in ("prod", "dr") if (out / f"{s}.json").exists()
    }
    clouds = [doc["site"]["cloud"] for doc in docs.values()]  # prod's (primary), then dr's
    preload(component_sources(clouds[0], clouds[-1]))
    result: dict[str, Any] = {}
    for stack, doc in docs.items():
        resources = load(out, stack)
        refs: dict[str, Any] = {}
        reference = next((r for r in resources if r.type == "pulumi:pulumi:StackReference"), None)
        if reference is not None and "prod" in docs:
            refs = {str(reference.inputs.get("name", reference.name)): docs["prod"]["outputs"]}
        start, cpu = time.perf_counter(), cpu_seconds()
        recorded = isolated.call(replay, resources, stack, refs)
        result[f"{stack} replay"] = time.perf_counter() - start
        result[f"{stack} replay cpu"] = cpu_seconds() - cpu
        result[f"{stack} differences"] = _same(resources, recorded)
        del doc
    return result


if __name__ == "__main__":
    gc.disable()
    print(json.dumps(main(Path(sys.argv[1]))))
