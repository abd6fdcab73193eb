"""The offline plan of prod, then dr, with no Pulumi CLI, credentials or network.

    ./plan [--stack prod|dr|all] [--config DIR|FILE] [--out DIR] [--compare-to DIR] [--timings FILE]

dr's StackReference is fed prod's planned outputs, as a real deploy (prod, then dr) would.
Exit status: 0 planned, 1 the program failed (e.g. a missed DR target), 2 invalid config or
arguments, 3 planned but the policy pack's rules found violations (as `pulumi preview
--policy-pack` would fail). `./plan` returns these exactly; `make plan` runs it, but make reports
any failure as 2.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from config import ConfigError, load_files, validate
from config.loader import PROJECT_FILE, stack_file
from config.models import StackConfig
from offline import isolated, markdown, report
from offline.diff import Diff, compare
from offline.engine import ROOT, ProgramFailedError, run_program
from offline.phases import Phases
from offline.preload import component_sources, preload
from offline.report import StackPlan
from policy.rules import evaluate, residency_of
from services.posture import assess

POSTURE_COLUMNS = ("service", "disruption", "objective", "store", "target", "estimate", "status", "breakdown")
PATH_COLUMNS = ("service", "store", "path", "short", "caveats")
DRILL_RESULTS = ROOT / "build" / "drills" / "latest.md"
"""Written by the drill tool; the PR report links it when it exists."""
OUTPUTS = ("prod.json", "dr.json", "plan.md", markdown.DETAILS)


def posture_check(plan: StackPlan) -> None:
    """Every service's estimated RPO/RTO per disruption, with the terms that add up to it."""
    posture = assess(plan.cfg)
    rows = posture.rows()
    plan.sections.append(
        ("DR posture", list(POSTURE_COLUMNS), [[r[c] for c in POSTURE_COLUMNS] for r in rows])
    )
    plan.waivers = [
        {**row, "until": e.waiver.expires.isoformat() if e.waiver else "-"}
        for e, row in zip(posture.estimates, rows, strict=True)
        if e.status != "met"
    ]
    paths = [
        [sp.name, s.store.name, s.path.implementation, s.path.short, "; ".join(s.path.caveats) or "-"]
        for sp in plan.plans
        for s in sp.stores
        if s.path is not None
    ]
    if paths:  # a cross-cloud pair: what each path is and what it does not carry
        plan.sections.append(("Cross-cloud paths", list(PATH_COLUMNS), paths))


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


def configured(
    stack: str, root: Path = ROOT, config_file: Path | None = None
) -> tuple[StackConfig, dict[str, Any]]:
    """The stack's validated config and the raw values the program gets (exit 2 if invalid)."""
    raw, sources = load_files(stack, root, config_file)
    try:
        return validate(raw, stack, sources), raw
    except ConfigError as error:
        raise PlanError(error.report(), 2) from None


def plan_stacks(
    stacks: Sequence[str],
    root: Path = ROOT,
    config_file: Path | None = None,
    phases: Phases | None = None,
    isolate: bool = False,
    then: Callable[[StackPlan], None] | None = None,
) -> list[StackPlan]:
    """Plan in deploy order; dr always gets prod's planned outputs (prod is planned for it, from
    the same config). `config_file` replaces prod's stack file and is for `["prod"]` alone: dr
    needs prod planned from the same config, which a folder (`root`) gives both stacks.

    `isolate` runs each stack's program in a forked child (offline/isolated.py), what `./plan`
    does; tests run it in their own process. Each planned stack is checked, then handed to
    `then` if it was asked for; prod's checks and `then` run while dr's child runs.
    """
    phases = phases or Phases()
    needed = {*stacks, *(["prod"] if "dr" in stacks else [])}
    if config_file is not None and needed != {"prod"}:
        raise PlanError(_file_for_dr(config_file), 2)
    plans: dict[str, StackPlan] = {}
    unchecked: StackPlan | None = None
    for stack in ("prod", "dr"):
        if stack not in needed:
            continue
        cfg, raw = configured(stack, root, config_file)
        prod_outputs = plans["prod"].run.outputs if "prod" in plans else {}
        refs = {cfg.prod_stack: prod_outputs} if cfg.prod_stack else {}
        if isolate:
            with phases("sdk imports"):
                preload(component_sources(cfg.sites.primary.cloud, cfg.sites.recovery.cloud))
        with phases(f"{stack} run"):
            args = (raw, stack, refs)
            running = isolated.start(run_program, *args) if isolate else isolated.Done(run_program, args)
            if unchecked is not None:
                _finish(unchecked, stacks, phases, then)
            try:
                run = running.result()
            except ProgramFailedError as error:
                raise PlanError(f"stack '{stack}': the program failed:\n{error}", 1) from None
        plans[stack] = unchecked = StackPlan(cfg, run)
    if unchecked is not None:
        _finish(unchecked, stacks, phases, then)
    return [plans[s] for s in stacks]


def _finish(
    plan: StackPlan, stacks: Sequence[str], phases: Phases, then: Callable[[StackPlan], None] | None
) -> None:
    with phases("checks"):
        for check in CHECKS:
            check(plan)
    if then is not None and plan.stack in stacks:
        then(plan)


def _file_for_dr(path: Path) -> str:
    return (
        f"--config {path}: a stack file configures one stack, but dr is planned against prod's "
        f"outputs from the same config; give a folder holding {PROJECT_FILE}, {stack_file('prod')} "
        f"and {stack_file('dr')} (or plan --stack prod with this file)"
    )


def config_source(path: Path | None, stacks: Sequence[str]) -> tuple[Path, Path | None]:
    """(root, stack file) for `--config`: a folder is the root of every stack's config; a file
    replaces prod's stack file (prod only)."""
    if path is None:
        return ROOT, None
    if path.is_dir():
        needed = ["prod", "dr"] if "dr" in stacks else list(stacks)
        missing = [
            name for name in (PROJECT_FILE, *(stack_file(s) for s in needed)) if not (path / name).is_file()
        ]
        if missing:
            raise PlanError(
                f"--config {path}: the folder has no {', '.join(missing)} (a config folder holds "
                f"{PROJECT_FILE} and the stack file of every stack planned; dr needs prod's too)",
                2,
            )
        return path, None
    if not path.is_file():
        raise PlanError(f"--config {path}: no such file or folder", 2)
    if list(stacks) != ["prod"]:
        raise PlanError(_file_for_dr(path), 2)
    return ROOT, path


def write_outputs(
    plans: Sequence[StackPlan],
    out: Path,
    json_texts: dict[str, str],
    diff: Diff | None = None,
    phases: Phases | None = None,
) -> list[Path]:
    phases = phases or Phases()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with phases("json report"):
        for plan in plans:
            path = out / f"{plan.stack}.json"
            path.write_text(json_texts[plan.stack])
            written.append(path)
    with phases("markdown report"):
        details = out / markdown.DETAILS
        details.write_text(markdown.details(plans, diff))
        md = out / "plan.md"
        md.write_text(markdown.pr_report(plans, diff, drill_link(out)))
    return [*written, md, details]


def drill_link(out: Path) -> str | None:
    """The drill tool's latest results, relative to the report, if there are any."""
    if not DRILL_RESULTS.is_file():
        return None
    return Path(os.path.relpath(DRILL_RESULTS, out.resolve())).as_posix()


def clear_outputs(out: Path) -> None:
    """A failed plan leaves no earlier plan's files that could pass for this one's."""
    for name in OUTPUTS:
        (out / name).unlink(missing_ok=True)


def print_warnings(console: Console, plans: Sequence[StackPlan]) -> None:
    """Each warning once, labelled with the stacks that raised it."""
    stacks: dict[str, list[str]] = {}
    for plan in plans:
        for message in plan.run.warnings:
            stacks.setdefault(message, []).append(plan.stack)
    for message, where in stacks.items():
        console.print(
            f"warning ({', '.join(where)}): {message}",
            style="yellow",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


def main(argv: Sequence[str] | None = None, isolate: bool = False) -> int:
    """The CLI. `isolate`: each stack's program runs in a child process (see plan_stacks)."""
    phases = Phases()
    parser = argparse.ArgumentParser(
        prog="./plan",
        description=(__doc__ or "").split("\n\n")[0],
        epilog=(
            "exit status: 0 planned; 1 the program failed (e.g. a missed DR target); 2 invalid config "
            "or arguments; 3 planned, but the policy pack found violations (reports are written)"
        ),
    )
    parser.add_argument(
        "--stack", choices=["prod", "dr", "all"], default="all", help="dr plans prod first (default: all)"
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="DIR|FILE",
        help=(
            f"a folder holding {PROJECT_FILE} and the stack files to plan instead of the repository's "
            f"(both stacks); or a file replacing {stack_file('prod')} (--stack prod only)"
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "build" / "plan",
        help="where <stack>.json, plan.md and plan-details.md go (default: build/plan)",
    )
    parser.add_argument(
        "--compare-to",
        type=Path,
        metavar="DIR",
        help="a previous plan's output folder: adds what changed (resources, posture, violations)",
    )
    parser.add_argument(
        "--timings", type=Path, metavar="FILE", help="write phase timings as JSON (make bench)"
    )
    args = parser.parse_args(argv)
    if args.compare_to is not None and not args.compare_to.is_dir():
        parser.error(f"--compare-to {args.compare_to}: no such folder")
    stacks = ["prod", "dr"] if args.stack == "all" else [args.stack]
    status = _plan(stacks, args, phases, isolate)
    if args.timings is not None:
        phases.write(args.timings, status=status)
    return status


def _plan(stacks: list[str], args: argparse.Namespace, phases: Phases, isolate: bool) -> int:
    console = Console(soft_wrap=False, width=140)
    shown: dict[str, str] = {}
    texts: dict[str, str] = {}

    def report_stack(plan: StackPlan) -> None:
        """A stack's console view and JSON text, kept until every stack is planned (nothing is
        printed or written for a plan that fails halfway). Only text is kept: prod's is built
        while dr's child runs, when this process should hold little."""
        with phases("console report"), console.capture() as captured:
            report.print_stack(console, plan)
        shown[plan.stack] = captured.get()
        with phases("json report"):
            texts[plan.stack] = report.dump_json(plan)

    try:
        root, config_file = config_source(args.config, stacks)
        plans = plan_stacks(stacks, root, config_file, phases, isolate, then=report_stack)
    except PlanError as error:
        clear_outputs(args.out)
        console.print("[bold red]plan failed[/]")
        console.print(str(error), highlight=False, markup=False)
        return error.status
    print_warnings(console, plans)
    with phases("console report"):
        for plan in plans:
            console.file.write(shown[plan.stack])
            console.file.flush()
    diff = None
    if args.compare_to is not None:
        with phases("diff"):
            diff = compare({p.stack: json.loads(texts[p.stack]) for p in plans}, args.compare_to)
    for path in write_outputs(plans, args.out, texts, diff, phases):
        console.print(f"wrote {path}")
    violations = [f"{p.stack}: {v}" for p in plans for v in p.violations]
    if violations:
        console.print(f"[bold red]{len(violations)} policy violations[/] (policy/rules.py):")
        for line in violations:
            console.print(line, markup=False, highlight=False)
        return 3
    return 0


if __name__ == "__main__":
    # The program runs in child processes that take their garbage with them, so this process
    # makes little cyclic garbage: the collector stays off. What is alive at the end is frozen so
    # that exit frees it without a last full collection. Measured: make bench.
    if isolated.AVAILABLE:
        gc.disable()
    status = main(isolate=True)
    gc.freeze()
    sys.exit(status)
