"""What a reviewer reads on a terminal and what tools read: the console view and the JSON.

Every builder here walks a stack's resources a constant number of times (the run's lookups are
indexed once, `offline.engine.ProgramRun`), so a report costs O(resources) at any catalog size;
tests/offline/test_linear.py counts that. Order is the run's tree order, so output is stable.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from config.durations import format_duration
from config.models import StackConfig
from offline.engine import SERVICE_TYPE, ProgramRun
from offline.mocks import Recorded
from services.plan import plan_catalog
from vocabulary.plans import ServicePlan

Section = tuple[str, list[str], list[list[str]]]


@dataclass
class StackPlan:
    """One planned stack: its validated config, the program run, and checks on the result."""

    cfg: StackConfig
    run: ProgramRun
    sections: list[Section] = field(default_factory=list)
    """Extra tables (title, header, rows) from checks such as posture and policy."""
    violations: list[str] = field(default_factory=list)
    """Policy violations found in this plan, one line each."""
    waivers: list[dict[str, str]] = field(default_factory=list)
    """Posture estimates that miss their target but are waived (rows with `until`)."""

    @property
    def stack(self) -> str:
        return self.run.stack

    @cached_property
    def plans(self) -> list[ServicePlan]:
        return plan_catalog(self.cfg)

    @cached_property
    def groups(self) -> dict[str, list[Recorded]]:
        return by_service(self.run)

    def section(self, title: str) -> Section | None:
        return next((s for s in self.sections if s[0] == title), None)


def counts_by_type(run: ProgramRun) -> Counter[str]:
    return Counter(r.type for r in run.resources)


def by_service(run: ProgramRun) -> dict[str, list[Recorded]]:
    """Each catalog service's resources (its ServiceComponent's descendants), in tree order."""
    out: dict[str, list[Recorded]] = {}
    for r in run.resources:
        if r.type == SERVICE_TYPE:
            out.setdefault(r.name, [])
            continue
        owner = run.service_of(r)
        if owner is not None:
            out.setdefault(owner, []).append(r)
    return out


def component_of(run: ProgramRun, r: Recorded) -> Recorded | None:
    """The nearest component (non-custom resource) above `r`."""
    index = run.by_urn()
    node = index.get(r.parent)
    while node is not None and node.custom:
        node = index.get(node.parent)
    return node


def short_type(type_: str) -> str:
    return type_.rsplit(":", 1)[-1]


def summary_counts(run: ProgramRun) -> tuple[int, int]:
    """(custom resources, components) of a run."""
    custom = sum(1 for r in run.resources if r.custom)
    return custom, len(run.resources) - custom


def component_contents(run: ProgramRun, members: Iterable[Recorded]) -> dict[str, Counter[str]]:
    """Per component URN, the short types of the custom resources directly inside it."""
    out: dict[str, Counter[str]] = {}
    for m in members:
        if not m.custom:
            out.setdefault(m.urn, Counter())
            continue
        component = component_of(run, m)
        if component is not None:
            out.setdefault(component.urn, Counter())[short_type(m.type)] += 1
    return out


def contents_label(kinds: Counter[str]) -> str:
    return ", ".join(f"{n}x {t}" if n > 1 else t for t, n in sorted(kinds.items())) or "-"


# --- console --------------------------------------------------------------------------------


def print_stack(console: Console, plan: StackPlan) -> None:
    run, cfg = plan.run, plan.cfg
    custom, components = summary_counts(run)
    console.rule(
        f"[bold]{run.stack}[/] - {cfg.role} site on {cfg.site.cloud} {cfg.site.region}: "
        f"{custom} resources, {components} components"
    )
    tree = Tree(f"[bold]{run.stack}[/]")
    for p in plan.plans:
        members = plan.groups.get(p.name, [])
        node = tree.add(
            f"[bold cyan]{p.name}[/] tier {p.service.tier} · {p.strategy} · "
            f"RPO {format_duration(p.rpo)} / RTO {format_duration(p.rto)} · "
            f"{sum(1 for m in members if m.custom)} resources"
        )
        contents = component_contents(run, members)
        for c in sorted((m for m in members if not m.custom), key=lambda m: (m.type, m.name)):
            node.add(f"[green]{short_type(c.type)}[/] {c.name}: {contents_label(contents[c.urn])}")
    console.print(tree)

    table = Table(title=f"{run.stack}: resources by type", show_lines=False)
    table.add_column("type")
    table.add_column("count", justify="right")
    for type_, n in sorted(counts_by_type(run).items()):
        table.add_row(type_, str(n))
    console.print(table)
    for title, header, rows in plan.sections:
        extra = Table(title=f"{run.stack}: {title}")
        for h in header:
            extra.add_column(h)
        for row in rows:
            extra.add_row(*row)
        console.print(extra)
    console.print(f"[bold]{run.stack} outputs[/] (posture: in the table above and {run.stack}.json)")
    shown = {k: v for k, v in run.outputs.items() if k != "posture"}
    console.print_json(json.dumps(shown, default=str, sort_keys=True))


# --- JSON -----------------------------------------------------------------------------------


def to_json(plan: StackPlan) -> dict[str, Any]:
    run = plan.run
    return {
        "stack": run.stack,
        "role": plan.cfg.role,
        "site": {"cloud": plan.cfg.site.cloud, "region": plan.cfg.site.region},
        "resources": [
            {
                "type": r.type,
                "name": r.name,
                "urn": r.urn,
                "parent": r.parent,
                "custom": r.custom,
                "provider": r.provider.split("::")[0],
                "service": run.service_of(r),
                "inputs": r.inputs,
            }
            for r in run.resources
        ],
        "counts": dict(sorted(counts_by_type(run).items())),
        "outputs": run.outputs,
        "checks": {
            title: [dict(zip(header, row, strict=True)) for row in rows]
            for title, header, rows in plan.sections
        },
    }


def dumps(doc: dict[str, Any]) -> str:
    """Every mapping with sorted keys, so equal plans are equal bytes (sorting while writing
    copies nothing: prod's JSON is written while dr's child runs)."""
    return json.dumps(doc, indent=2, sort_keys=True, default=str) + "\n"


def dump_json(plan: StackPlan) -> str:
    return dumps(to_json(plan))
