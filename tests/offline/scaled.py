"""Plans of generated catalogs without running the program: each generated service's resources
are the default run's resources of the service it copies, renamed (bench/catalog.py names them).

Cheap stand-ins for 10- or 100-service plans, for what depends on sizes and shapes only: report
sizes and the work report builders do per resource. The config is the real generated config,
validated; the resources are not what the program would register for it (inputs are copies).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from bench.catalog import generated_services
from config import validate
from offline.engine import ProgramRun, tree_order
from offline.mocks import Recorded
from offline.plan import CHECKS, Check
from offline.report import StackPlan
from tests.conftest import _default_run, default_raw


class CountingList(list[Recorded]):
    """A list that counts the elements every iteration over it yields."""

    visits = 0

    def __iter__(self) -> Iterator[Recorded]:
        for item in super().__iter__():
            CountingList.visits += 1
            yield item


def _renamed(r: Recorded, base: str, name: str) -> Recorded:
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(base)}(?![a-z0-9])")

    def sub(text: str) -> str:
        return pattern.sub(name, text)

    return replace(r, urn=sub(r.urn), name=sub(r.name), parent=sub(r.parent))


def scaled_run(stack: str, raw: dict[str, Any], counting: bool = False) -> ProgramRun:
    default = _default_run(stack)
    originals = {s["name"] for s in default_raw(stack)["services"] if not s.get("foundation")}
    wanted = [s["name"] for s in raw["services"] if not s.get("foundation")]
    by_service: dict[str, list[Recorded]] = {}
    shared: list[Recorded] = []
    for r in default.resources:
        owner = r.name if r.type == "marketplace-dr:services:ServiceComponent" else default.service_of(r)
        if owner is not None and owner in originals:
            by_service.setdefault(owner, []).append(r)
        else:
            shared.append(r)
    resources = list(shared)
    for name in wanted:
        base = next(b for b in sorted(originals, key=len, reverse=True) if name.startswith(b[:12] + "-"))
        resources += [_renamed(r, base, name) for r in by_service[base]]
    ordered = tree_order(resources)
    return ProgramRun(stack, CountingList(ordered) if counting else ordered, default.outputs)


def scaled_plans(count: int, counting: bool = False, checks: Sequence[Check] = CHECKS) -> list[StackPlan]:
    """prod and dr plans (with `checks`) of a generated catalog of `count` services."""
    plans = []
    for stack in ("prod", "dr"):
        raw = copy.deepcopy(default_raw(stack))
        raw["services"] = generated_services(raw["services"], raw["dns"]["domain"], count)
        plan = StackPlan(validate(raw, stack), scaled_run(stack, raw, counting))
        for check in checks:
            check(plan)
        plans.append(plan)
    return plans
