"""What a reviewer reads: the plan as a console view, JSON, and a Markdown PR comment."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from config.durations import format_duration
from config.models import StackConfig
from offline.engine import ProgramRun
from offline.mocks import Recorded
from services.plan import plan_catalog
from vocabulary.plans import ServicePlan

SERVICE_TYPE = "marketplace-dr:services:ServiceComponent"


@dataclass
class StackPlan:
    """One planned stack: its validated config, the program run, and checks on the result."""

    cfg: StackConfig
    run: ProgramRun
    sections: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    """Extra tables (title, header, rows) from checks such as posture and policy."""
    violations: list[str] = field(default_factory=list)
    """Policy violations found in this plan, one line each."""

    @property
    def stack(self) -> str:
        return self.run.stack

    @property
    def plans(self) -> list[ServicePlan]:
        return plan_catalog(self.cfg)


def counts_by_type(run: ProgramRun) -> Counter[str]:
    return Counter(r.type for r in run.resources)


def by_service(run: ProgramRun) -> dict[str, list[Recorded]]:
    out: dict[str, list[Recorded]] = {}
    for r in run.resources:
        if r.type == SERVICE_TYPE:
            out.setdefault(r.name, [])
            continue
        owner = run.service_of(r)
        if owner is not None:
            out.setdefault(owner, []).append(r)
    return out


def _short_type(type_: str) -> str:
    return type_.rsplit(":", 1)[-1]


# --- console --------------------------------------------------------------------------------


def print_stack(console: Console, plan: StackPlan) -> None:
    run, cfg = plan.run, plan.cfg
    custom = [r for r in run.resources if r.custom]
    console.rule(
        f"[bold]{run.stack}[/] - {cfg.role} site on {cfg.site.cloud} {cfg.site.region}: "
        f"{len(custom)} resources, {len(run.resources) - len(custom)} components"
    )
    index = run.by_urn()
    tree = Tree(f"[bold]{run.stack}[/]")
    groups = by_service(run)
    for p in plan.plans:
        members = groups.get(p.name, [])
        node = tree.add(
            f"[bold cyan]{p.name}[/] tier {p.service.tier} · {p.strategy} · "
            f"RPO {format_duration(p.rpo)} / RTO {format_duration(p.rto)} · "
            f"{sum(1 for m in members if m.custom)} resources"
        )
        components = [m for m in members if not m.custom]
        for c in components:
            kids = Counter(
                _short_type(k.type) for k in members if k.custom and _parent_component(k, index) == c.urn
            )
            label = ", ".join(f"{n}x {t}" if n > 1 else t for t, n in sorted(kids.items()))
            node.add(f"[green]{_short_type(c.type)}[/] {c.name}: {label or '-'}")
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
    console.print_json(json.dumps(shown, default=str))


def _parent_component(r: Recorded, index: dict[str, Recorded]) -> str | None:
    node = index.get(r.parent)
    while node is not None and node.custom:
        node = index.get(node.parent)
    return node.urn if node is not None else None


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


def dump_json(plan: StackPlan) -> str:
    return json.dumps(to_json(plan), indent=2, sort_keys=False, default=str)


# --- Markdown -------------------------------------------------------------------------------


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def cell(v: str) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def mermaid(plans: Sequence[StackPlan]) -> str:
    """Both sites, each service's building blocks, data replication and DNS failover."""
    lines = ["flowchart LR"]
    sites = {p.cfg.role: p for p in plans}
    any_plan = plans[0]
    for role, plan in sites.items():
        site = plan.cfg.site
        lines.append(f'  subgraph {plan.stack}["{plan.stack}: {role} site, {site.cloud} {site.region}"]')
        groups = by_service(plan.run)
        for sp in plan.plans:
            comps = sorted({_short_type(r.type) for r in groups.get(sp.name, []) if not r.custom})
            detail = "<br/>".join(comps) if comps else "no resources"
            lines.append(f'    {plan.stack}_{_id(sp.name)}["<b>{sp.name}</b><br/>{detail}"]')
        lines.append("  end")
    prod, dr = sites.get("primary"), sites.get("recovery")
    if prod and dr:
        for sp in any_plan.plans:
            for store in sp.stores:
                label = f"{store.store.name}: {store.mode}"
                if _declared_in_dr(dr.run, sp.name, store.store.name, store.mode):
                    lines.append(f"  prod_{_id(sp.name)} ==>|{label}| dr_{_id(sp.name)}")
                else:
                    lines.append(f"  prod_{_id(sp.name)} -.->|{label}: not declared| dr_{_id(sp.name)}")
        records = [r for r in dr.run.resources if r.type == "aws:route53/record:Record"]
        for sp in any_plan.plans:
            endpoint = sp.service.endpoint
            if endpoint is None:
                continue
            failover = [r for r in records if dr.run.service_of(r) == sp.name]
            dns = f"dns_{_id(sp.name)}"
            lines.append(f'  {dns}(["{endpoint.hostname}"])')
            if failover:
                lines.append(f"  {dns} -->|PRIMARY| prod_{_id(sp.name)}")
                lines.append(f"  {dns} -.->|SECONDARY| dr_{_id(sp.name)}")
            else:
                lines.append(f"  {dns} -->|no failover record declared| prod_{_id(sp.name)}")
    return "\n".join(lines)


def _declared_in_dr(run: ProgramRun, service: str, store: str, mode: str) -> bool:
    """Whether dr's plan holds the store's copy: its component (`<service>-<store>...`), or for
    backup copies the service's restore tests against the dr vault."""
    for r in run.resources:
        if r.custom or run.service_of(r) != service:
            continue
        if r.name.startswith(f"{service}-{store}") or (
            mode == "backup-copy" and r.type == "marketplace-dr:backup:RestoreTesting"
        ):
            return True
    return False


def _id(name: str) -> str:
    return name.replace("-", "_")


def markdown(plans: Sequence[StackPlan]) -> str:
    out = ["# DR plan (offline, mock engine)", ""]
    out.append(
        "Planned with Pulumi's mock engine: no cloud account, no CLI. Computed values (ids, ARNs, "
        "DNS names) are the mocks' stand-ins."
    )
    out.append("")
    for plan in plans:
        run, cfg = plan.run, plan.cfg
        custom = sum(1 for r in run.resources if r.custom)
        out += [
            f"## `{run.stack}`: {cfg.role} site, {cfg.site.cloud} {cfg.site.region}",
            "",
            f"{custom} resources in {len(run.resources) - custom} components.",
            "",
        ]
        groups = by_service(run)
        rows = [
            [
                sp.name,
                str(sp.service.tier),
                sp.strategy,
                format_duration(sp.rpo),
                format_duration(sp.rto),
                str(sp.count_for(cfg.is_primary)),
                ", ".join(f"{s.store.name} ({s.mode})" for s in sp.stores) or "-",
                str(sum(1 for r in groups.get(sp.name, []) if r.custom)),
            ]
            for sp in plan.plans
        ]
        out += [
            _md_table(
                ["service", "tier", "strategy", "RPO", "RTO", "compute here", "data stores", "resources"],
                rows,
            ),
            "",
        ]
        for title, header, section_rows in plan.sections:
            out += [f"### {title}", "", _md_table(header, section_rows), ""]
        out += [
            "<details><summary>Resources by type</summary>",
            "",
            _md_table(["type", "count"], [[t, str(n)] for t, n in sorted(counts_by_type(run).items())]),
            "",
            "</details>",
            "",
            "<details><summary>Stack outputs</summary>",
            "",
            "```json",
            json.dumps(run.outputs, indent=2, default=str),
            "```",
            "",
            "</details>",
            "",
        ]
    out += ["## Topology", "", "```mermaid", mermaid(plans), "```", ""]
    return "\n".join(out)
