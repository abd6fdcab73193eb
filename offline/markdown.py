"""The Markdown reports: `plan.md`, the PR report that must fit one GitHub comment, and
`plan-details.md`, everything else (full posture, outputs, per-type counts, the detailed diagram).

A GitHub comment holds at most 65,536 characters, so `plan.md` is built from blocks with a
budget: if a catalog is so large that the blocks do not fit, the least important ones are cut
first (the diagram, then the rows of the diff, violations, posture and services tables), each
saying how many rows it left out and where they are. At 100 services nothing is cut.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from config.durations import format_duration
from offline.diff import Diff, ResourceChange, counts
from offline.report import (
    StackPlan,
    counts_by_type,
    short_type,
    summary_counts,
)
from vocabulary import outputs

PR_LIMIT = 65_536
"""GitHub's maximum comment body, in characters."""
PR_BUDGET = PR_LIMIT - 1_024
"""What plan.md may use: the rest is room for what CI adds to the comment (a link to the run)."""
DETAILS = "plan-details.md"
MERMAID_MAX_TEXT = 50_000
MERMAID_MAX_EDGES = 500
"""GitHub renders Mermaid with mermaid's defaults: at most 50,000 characters and 500 edges."""


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    return "\n".join([_row(header), "|" + "---|" * len(header), *(_row(r) for r in rows)])


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


# --- budgeted blocks ------------------------------------------------------------------------


@dataclass
class Block:
    """A piece of the PR report: a head, optional table rows, a tail."""

    head: str
    rows: list[str] = field(default_factory=list)
    tail: str = ""
    cut_rank: int = 0
    """Blocks with a higher rank are cut first; 0 is never cut."""
    whole: bool = False
    """Cut as a whole (replaced by `cut_note`), e.g. a diagram; else row by row."""
    cut_note: str = ""

    def text(self) -> str:
        return "\n".join(p for p in (self.head, *self.rows, self.tail) if p != "") + "\n"

    def cut(self, excess: int) -> None:
        """Drop rows from the end (or everything) until at least `excess` characters are gone."""
        if self.whole:
            self.head, self.rows, self.tail = self.cut_note, [], ""
            return
        dropped = removed = 0
        while self.rows and removed < excess + 120:  # room for the note
            removed += len(self.rows.pop()) + 1
            dropped += 1
        if dropped:
            note = f"\n_{dropped} more rows not shown: see [{DETAILS}]({DETAILS})._"
            self.tail = (self.tail + note) if self.tail else note.lstrip("\n")


def fit(blocks: list[Block], limit: int = PR_BUDGET) -> str:
    for block in sorted((b for b in blocks if b.cut_rank), key=lambda b: -b.cut_rank):
        total = sum(len(b.text()) for b in blocks)
        if total <= limit:
            break
        block.cut(total - limit)
    return "".join(b.text() for b in blocks)


# --- the PR report --------------------------------------------------------------------------


def pr_report(
    plans: Sequence[StackPlan],
    diff: Diff | None = None,
    drill_link: str | None = None,
    limit: int = PR_BUDGET,
) -> str:
    """`plan.md`: what a reviewer needs in the PR, within `limit` characters."""
    violations = [(p.stack, v) for p in plans for v in _violation_rows(p)]
    waivers = _waiver_rows(plans)
    lines = ["# DR plan (offline, mock engine)", ""]
    for p in plans:
        custom, components = summary_counts(p.run)
        lines.append(
            f"- `{p.stack}`: {p.cfg.role} site, {p.cfg.site.cloud} {p.cfg.site.region}: "
            f"{custom} resources in {components} components"
        )
    lines += [
        f"- policy violations: **{len(violations)}**; posture misses waived: {len(waivers)}",
        "",
        "Full detail (posture of every service, outputs, resource counts, detailed diagram): "
        f"[{DETAILS}]({DETAILS}).",
    ]
    if drill_link:
        lines.append(f"Latest drill results: [{drill_link}]({drill_link}).")
    blocks = [Block("\n".join(lines) + "\n")]
    if diff is not None:
        blocks += _diff_blocks(diff)
    blocks.append(
        Block(
            "\n## Services\n\n" + md_table(_service_header(plans), []),
            _service_rows(plans),
            cut_rank=1,
        )
    )
    blocks.append(
        Block(
            "\n## Posture misses and waivers\n\n"
            + (
                md_table(
                    [
                        "service",
                        "disruption",
                        "objective",
                        "store",
                        "target",
                        "estimate",
                        "status",
                        "until",
                        "stacks",
                    ],
                    [],
                )
                if waivers
                else "None: every estimate meets its target."
            ),
            [_row(r) for r in waivers],
            cut_rank=2,
        )
    )
    blocks.append(
        Block(
            "\n## Policy violations\n\n"
            + (md_table(["stack", "policy", "type", "resource", "message"], []) if violations else "None."),
            [_row([stack, *row]) for stack, row in violations],
            cut_rank=3,
        )
    )
    diagram = mermaid(plans, detailed=False)
    if _renders(diagram):
        body = f"```mermaid\n{diagram}\n```"
    else:
        body = f"_The diagram is too large for GitHub to render; see [{DETAILS}]({DETAILS})._"
    blocks.append(
        Block(
            "\n## Topology\n\n" + body,
            cut_rank=5,
            whole=True,
            cut_note=f"\n## Topology\n\n_Left out to fit a PR comment; see [{DETAILS}]({DETAILS})._",
        )
    )
    return fit(blocks, limit)


def _service_header(plans: Sequence[StackPlan]) -> list[str]:
    stacks = "/".join(p.stack for p in plans)
    return [
        "service",
        "tier",
        "strategy",
        "RPO",
        "RTO",
        f"compute {stacks}",
        "data stores (protection)",
        f"resources {stacks}",
    ]


def _service_rows(plans: Sequence[StackPlan]) -> list[str]:
    first = plans[0]
    rows = []
    for i, sp in enumerate(first.plans):
        per_stack = [p.plans[i] if i < len(p.plans) else sp for p in plans]
        rows.append(
            _row(
                [
                    sp.name,
                    str(sp.service.tier),
                    sp.strategy,
                    format_duration(sp.rpo),
                    format_duration(sp.rto),
                    "/".join(
                        str(q.count_for(p.cfg.is_primary)) for p, q in zip(plans, per_stack, strict=True)
                    ),
                    ", ".join(f"{s.store.name} ({s.mode})" for s in sp.stores) or "-",
                    "/".join(str(sum(1 for r in p.groups.get(sp.name, []) if r.custom)) for p in plans),
                ]
            )
        )
    return rows


def _waiver_rows(plans: Sequence[StackPlan]) -> list[list[str]]:
    """Waived (or missed) estimates, once per distinct row, with the stacks that report it."""
    seen: dict[tuple[str, ...], list[str]] = {}
    for p in plans:
        for w in p.waivers:
            key = tuple(
                w[c]
                for c in (
                    "service",
                    "disruption",
                    "objective",
                    "store",
                    "target",
                    "estimate",
                    "status",
                    "until",
                )
            )
            seen.setdefault(key, []).append(p.stack)
    return [[*key, ", ".join(stacks)] for key, stacks in seen.items()]


def _violation_rows(plan: StackPlan) -> list[list[str]]:
    section = plan.section("Policy violations")
    if section is None:
        return []
    return [row for row in section[2] if row[0] != "-"]


def _diff_blocks(diff: Diff) -> list[Block]:
    c = counts(diff.resources)
    new = sum(1 for v in diff.violations if v.change == "new")
    head = [
        "\n## What changed",
        "",
        f"Compared with `{diff.base}` ({', '.join(diff.compared) or 'no stack'}): "
        f"**+{c['added']} -{c['removed']} ~{c['changed']}** resources, "
        f"{len(diff.posture)} posture estimates moved, {new} new and "
        f"{len(diff.violations) - new} resolved policy violations.",
    ]
    if diff.missing:
        head.append(f"Not compared (the base has no plan for them): {', '.join(diff.missing)}.")
    if diff.empty:
        head.append("Nothing changed.")
        return [Block("\n".join(head))]
    blocks = [Block("\n".join(head))]
    groups = group_changes(diff.resources)
    if groups:
        blocks.append(
            Block(
                "\n" + md_table(["stack", "service", "component", "added", "removed", "changed", "what"], []),
                [_row([*k, *(str(n) for n in v[0]), v[1]]) for k, v in groups.items()],
                cut_rank=4,
            )
        )
    if diff.posture:
        blocks.append(
            Block(
                "\nPosture estimates that moved:\n\n"
                + md_table(["stack", "service", "disruption", "objective", "store", "before", "after"], []),
                [
                    _row([m.stack, m.service, m.disruption, m.objective, m.store, m.before, m.after])
                    for m in diff.posture
                ],
                cut_rank=4,
            )
        )
    if diff.violations:
        blocks.append(
            Block(
                "\nPolicy violations, new and resolved:\n\n"
                + md_table(["stack", "", "policy", "type", "resource", "message"], []),
                [
                    _row([v.stack, v.change, v.policy, short_type(v.type), v.resource, v.message])
                    for v in diff.violations
                ],
                cut_rank=4,
            )
        )
    return blocks


def group_changes(
    changes: Sequence[ResourceChange],
) -> dict[tuple[str, str, str], tuple[tuple[int, int, int], str]]:
    """Per (stack, service, component): (added, removed, changed) and a short list of what."""
    grouped: dict[tuple[str, str, str], list[ResourceChange]] = {}
    for ch in changes:
        grouped.setdefault((ch.stack, ch.service, ch.component), []).append(ch)
    out = {}
    for key in sorted(grouped):
        items = grouped[key]
        n = Counter(ch.change for ch in items)
        sign = {"added": "+", "removed": "-", "changed": "~"}
        what = [f"{sign[ch.change]}{short_type(ch.type)} {ch.name}" for ch in items[:3]]
        if len(items) > 3:
            what.append(f"… {len(items) - 3} more")
        out[key] = ((n["added"], n["removed"], n["changed"]), ", ".join(what))
    return out


# --- the details file -----------------------------------------------------------------------


def details(plans: Sequence[StackPlan], diff: Diff | None = None) -> str:
    """`plan-details.md`: every table of every stack, the outputs, and the detailed diagram."""
    out = ["# DR plan, full detail (offline, mock engine)", ""]
    out.append(
        "Planned with Pulumi's mock engine: no cloud account, no CLI. Computed values (ids, ARNs, "
        "DNS names) are the mocks' stand-ins. The PR summary is [plan.md](plan.md)."
    )
    out.append("")
    for plan in plans:
        run, cfg = plan.run, plan.cfg
        custom, components = summary_counts(run)
        out += [
            f"## `{run.stack}`: {cfg.role} site, {cfg.site.cloud} {cfg.site.region}",
            "",
            f"{custom} resources in {components} components.",
            "",
        ]
        rows = [
            [
                sp.name,
                str(sp.service.tier),
                sp.strategy,
                format_duration(sp.rpo),
                format_duration(sp.rto),
                str(sp.count_for(cfg.is_primary)),
                ", ".join(f"{s.store.name} ({s.mode})" for s in sp.stores) or "-",
                str(sum(1 for r in plan.groups.get(sp.name, []) if r.custom)),
            ]
            for sp in plan.plans
        ]
        out += [
            md_table(
                ["service", "tier", "strategy", "RPO", "RTO", "compute here", "data stores", "resources"],
                rows,
            ),
            "",
        ]
        for title, header, section_rows in plan.sections:
            out += [f"### {title}", "", md_table(header, section_rows), ""]
        out += [
            "<details><summary>Resources by type</summary>",
            "",
            md_table(["type", "count"], [[t, str(n)] for t, n in sorted(counts_by_type(run).items())]),
            "",
            "</details>",
            "",
            "<details><summary>Stack outputs</summary>",
            "",
            "```json",
            json.dumps(run.outputs, indent=2, default=str, sort_keys=True),
            "```",
            "",
            "</details>",
            "",
        ]
    if diff is not None:
        out += ["## What changed, resource by resource", ""]
        out.append(
            md_table(
                ["stack", "service", "component", "change", "type", "name", "inputs that differ"],
                [
                    [c.stack, c.service, c.component, c.change, c.type, c.name, ", ".join(c.keys)]
                    for c in diff.resources
                ]
                or [["-"] * 7],
            )
        )
        out.append("")
    out += ["## Topology", "", "```mermaid", mermaid(plans, detailed=True), "```", ""]
    return "\n".join(out)


# --- the diagram ----------------------------------------------------------------------------


def mermaid(plans: Sequence[StackPlan], detailed: bool = True) -> str:
    """Both sites, each service (with its building blocks if `detailed`), data replication and
    DNS failover, drawn from what the plans declare. The compact form (the PR report's) labels
    nodes with counts and numbers them, to stay inside what GitHub renders at 100 services."""
    lines = ["flowchart LR"]
    sites = {p.cfg.role: p for p in plans}
    any_plan = plans[0]
    number = {sp.name: i for i, sp in enumerate(any_plan.plans)}

    def node(stack: str, service: str) -> str:
        return f"{stack}_{_id(service)}" if detailed else f"{stack}{number.get(service, service)}"

    for role, plan in sites.items():
        site = plan.cfg.site
        lines.append(f'  subgraph {plan.stack}["{plan.stack}: {role} site, {site.cloud} {site.region}"]')
        for sp in plan.plans:
            members = plan.groups.get(sp.name, [])
            if detailed:
                comps = sorted({short_type(r.type) for r in members if not r.custom})
                detail = "<br/>".join(comps) if comps else "no resources"
                label = f"<b>{sp.name}</b><br/>{detail}"
            else:
                label = f"{sp.name}: {sum(1 for r in members if r.custom)}"
            lines.append(f'    {node(plan.stack, sp.name)}["{label}"]')
        lines.append("  end")
    prod, dr = sites.get("primary"), sites.get("recovery")
    if prod and dr:
        declared = _declared_copies(dr)
        with_records = _health_checked(dr)
        for sp in any_plan.plans:
            here, there = node(prod.stack, sp.name), node(dr.stack, sp.name)
            if detailed:
                for store in sp.stores:
                    # across two clouds the edge names the path's mechanism (e.g. "DMS continuous")
                    label = f"{store.store.name}: {store.path.short if store.path else store.mode}"
                    if _is_declared(declared, sp.name, store.store.name, store.mode):
                        lines.append(f"  {here} ==>|{label}| {there}")
                    else:
                        lines.append(f"  {here} -.->|{label}: not declared| {there}")
            elif sp.stores:
                ok = [s for s in sp.stores if _is_declared(declared, sp.name, s.store.name, s.mode)]
                missing = [s.store.name for s in sp.stores if s not in ok]
                if ok:
                    mechanisms = sorted({s.path.short if s.path else s.mode for s in ok})
                    lines.append(f"  {here} ==>|{', '.join(mechanisms)}| {there}")
                if missing:
                    lines.append(f"  {here} -.->|not declared: {', '.join(missing)}| {there}")
            endpoint = sp.service.endpoint
            if endpoint is None:
                continue
            dns = f"dns_{_id(sp.name)}" if detailed else f"dns{number[sp.name]}"
            lines.append(f'  {dns}(["{endpoint.hostname}"])')
            if sp.name in with_records:
                lines.append(f"  {dns} -->|PRIMARY| {here}")
                lines.append(f"  {dns} -.->|SECONDARY| {there}")
            else:
                lines.append(f"  {dns} -->|no failover record declared| {here}")
    return "\n".join(lines)


def _health_checked(dr: StackPlan) -> set[str]:
    """Services whose failover dr declares, whatever the mechanism (Route 53 records, a Traffic
    Manager profile, a Cloud DNS routing policy): the endpoints contract names a health check
    for both sites (vocabulary.outputs.HEALTH_CHECK_IDS)."""
    endpoints = dr.run.outputs.get(outputs.ENDPOINTS) or {}
    return {
        name
        for name, entry in endpoints.items()
        if isinstance(entry, dict) and {"prod", "dr"} <= set(entry.get(outputs.HEALTH_CHECK_IDS) or {})
    }


def _declared_copies(dr: StackPlan) -> dict[str, tuple[set[str], bool]]:
    """Per service in dr: the names of its components, and whether it restore-tests (dr vault)."""
    out: dict[str, tuple[set[str], bool]] = {}
    for service, members in dr.groups.items():
        names = {r.name for r in members if not r.custom}
        restores = any(r.type == "marketplace-dr:backup:RestoreTesting" for r in members if not r.custom)
        out[service] = (names, restores)
    return out


def _is_declared(declared: dict[str, tuple[set[str], bool]], service: str, store: str, mode: str) -> bool:
    """Whether dr's plan holds the store's copy: its component (`<service>-<store>...`), or for
    backup copies the service's restore tests against the dr vault."""
    names, restores = declared.get(service, (set(), False))
    prefix = f"{service}-{store}"
    return any(n.startswith(prefix) for n in names) or (mode == "backup-copy" and restores)


def _renders(diagram: str) -> bool:
    edges = sum(1 for line in diagram.splitlines() if "-->" in line or "==>" in line or "-.->" in line)
    return len(diagram) <= MERMAID_MAX_TEXT and edges <= MERMAID_MAX_EDGES


def _id(name: str) -> str:
    return name.replace("-", "_")
