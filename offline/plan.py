"""`make plan`: the offline plan of prod, then dr, with no Pulumi CLI, credentials or network.

    python -m offline.plan [--stack prod|dr|all] [--config FILE] [--out DIR]

dr's StackReference is fed prod's planned outputs, as a real deploy (prod, then dr) would.
Exit status: 0 planned, 1 the program failed (e.g. a missed DR target), 2 invalid config,
3 planned but the policy pack's rules found violations (as `pulumi preview --policy-pack` would fail).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from config import ConfigError, load_files, validate
from offline import report
from offline.engine import ROOT, ProgramFailedError, run_program
from offline.report import StackPlan
from policy.rules import evaluate, residency_of
from services.posture import assess

POSTURE_COLUMNS = ("service", "disruption", "objective", "store", "target", "estimate", "status", "breakdown")


def posture_check(plan: StackPlan) -> None:
    """Every service's estimated RPO/RTO per disruption, with the terms that add up to it."""
    rows = assess(plan.cfg).rows()
    plan.sections.append(
        ("DR posture", list(POSTURE_COLUMNS), [[r[c] for c in POSTURE_COLUMNS] for r in rows])
    )


def policy_check(plan: StackPlan) -> None:
    """The policy pack's rules (policy/rules.py) over the resources this plan recorded."""
    found = evaluate(plan.run.resources, residency_of(plan.cfg), protect=plan.cfg.protect)
    plan.violations = [str(v) for v in found]
    rows = [[v.policy, v.resource_type, v.name, v.message] for v in found]
    plan.sections.append(
        ("Policy violations", ["policy", "type", "resource", "message"], rows or [["-", "-", "-", "none"]])
    )


Check = Callable[[StackPlan], None]
CHECKS: list[Check] = [posture_check, policy_check]
"""Checks that add sections to each stack's report."""


class PlanError(Exception):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def plan_stack(
    stack: str,
    root: Path = ROOT,
    config_file: Path | None = None,
    prod_outputs: dict[str, Any] | None = None,
) -> StackPlan:
    raw, sources = load_files(stack, root, config_file)
    try:
        cfg = validate(raw, stack, sources)
    except ConfigError as error:
        raise PlanError(error.report(), 2) from None
    refs = {cfg.prod_stack: prod_outputs or {}} if cfg.prod_stack else {}
    try:
        run = run_program(raw, stack, refs)
    except ProgramFailedError as error:
        raise PlanError(f"stack '{stack}': the program failed:\n{error}", 1) from None
    plan = StackPlan(cfg, run)
    for check in CHECKS:
        check(plan)
    return plan


def plan_stacks(stacks: Sequence[str], root: Path = ROOT, config_file: Path | None = None) -> list[StackPlan]:
    """Plan in deploy order; dr always gets prod's planned outputs (prod is planned for it).

    `config_file` replaces the stack file of the one stack asked for.
    """
    override = {stacks[0]: config_file} if config_file is not None and len(stacks) == 1 else {}
    needed = {*stacks, *(["prod"] if "dr" in stacks else [])}
    plans: dict[str, StackPlan] = {}
    for stack in ("prod", "dr"):
        if stack in needed:
            prod_outputs = plans["prod"].run.outputs if stack == "dr" else None
            plans[stack] = plan_stack(stack, root, override.get(stack), prod_outputs)
    return [plans[s] for s in stacks]


def write_outputs(plans: Sequence[StackPlan], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for plan in plans:
        path = out / f"{plan.stack}.json"
        path.write_text(report.dump_json(plan))
        written.append(path)
    md = out / "plan.md"
    md.write_text(report.markdown(plans))
    written.append(md)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make plan", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--stack", choices=["prod", "dr", "all"], default="all")
    parser.add_argument(
        "--config",
        type=Path,
        help="a stack settings file to use instead of Pulumi.<stack>.yaml (single stack only)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "plan")
    args = parser.parse_args(argv)
    console = Console(soft_wrap=False, width=140)
    stacks = ["prod", "dr"] if args.stack == "all" else [args.stack]
    if args.config is not None and len(stacks) != 1:
        parser.error("--config needs --stack prod or --stack dr")
    if args.config is not None and not args.config.exists():
        parser.error(f"--config {args.config}: no such file")
    try:
        plans = plan_stacks(stacks, ROOT, args.config)
    except PlanError as error:
        console.print("[bold red]plan failed[/]")
        console.print(str(error), highlight=False, markup=False)
        return error.status
    for plan in plans:
        report.print_stack(console, plan)
    for path in write_outputs(plans, args.out):
        console.print(f"wrote {path}")
    violations = [f"{p.stack}: {v}" for p in plans for v in p.violations]
    if violations:
        console.print(f"[bold red]{len(violations)} policy violations[/] (policy/rules.py):")
        for line in violations:
            console.print(line, markup=False, highlight=False)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
