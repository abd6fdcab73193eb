"""`python -m drctl`: readiness, drill plan|run|failback, report. Exit statuses in drctl.errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from drctl import report, results, scenarios
from drctl.clock import Clock, SystemClock
from drctl.durations import fmt
from drctl.errors import EXIT_NOT_READY, EXIT_OK, DrctlError, InputError, RefusedError
from drctl.gateways import ClientFactory, Gateways, boto3_clients
from drctl.gateways.http import Prober
from drctl.guard import Guard
from drctl.journal import Journal, replay
from drctl.outputs import Estate, load_estate, parse_outputs_args, require_service
from drctl.readiness import Check, Readiness
from drctl.runbook import Runbook
from drctl.runner import Options, Runner

DEFAULT_RESULTS = Path("build/drills")
ClientsFor = Callable[[Guard], ClientFactory]


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--outputs",
        action="append",
        default=[],
        metavar="STACK=FILE",
        help="prod=FILE and dr=FILE: `pulumi stack output --json --show-secrets` or build/plan/<stack>.json",
    )
    common.add_argument("--format", choices=("text", "json", "md"), default="text")
    common.add_argument(
        "--results", type=Path, default=DEFAULT_RESULTS, help="drill results folder (default build/drills)"
    )
    p = argparse.ArgumentParser(
        prog="python -m drctl", description="Prove the deployed DR topology recovers."
    )
    verbs = p.add_subparsers(dest="verb", required=True)
    r = verbs.add_parser(
        "readiness", parents=[common], help="read-only checks: is every service ready to fail over?"
    )
    r.add_argument("--service", action="append", help="narrow to these services (repeatable)")
    drill = verbs.add_parser("drill", help="plan, run or fail back a drill")
    actions = drill.add_subparsers(dest="action", required=True)
    for name, text in (
        ("plan", "print a scenario's runbook"),
        ("run", "run a scenario (dry run unless --execute)"),
    ):
        a = actions.add_parser(name, parents=[common], help=text)
        a.add_argument("--scenario", required=True, choices=scenarios.SCENARIOS)
        a.add_argument("--service", required=True, action="append", help="the one service to drill")
        a.add_argument(
            "--unplanned",
            action="store_true",
            help="region-failover: Aurora's managed unplanned failover (AllowDataLoss)",
        )
        a.add_argument("--store", action="append", help="restores: only these stores (repeatable)")
        a.add_argument("--restore-role-arn", help="backup-restore: the IAM role AWS Backup restores as")
        if name == "run":
            a.add_argument("--execute", action="store_true", help="really make the mutating calls")
            a.add_argument("--confirm", help="typed confirmation <stack>/<service>/<scenario>")
            a.add_argument("--poll-seconds", type=float, default=10.0)
            a.add_argument(
                "--timeout-factor",
                type=float,
                default=3.0,
                help="per-step timeout = factor x modelled time (>= 5 min)",
            )
    f = actions.add_parser("failback", parents=[common], help="resume a run's failback from its journal")
    f.add_argument("run_id", metavar="RUN_ID")
    f.add_argument("--execute", action="store_true", help="really make the failback calls")
    f.add_argument("--confirm", help="typed confirmation <stack>/<service>/<scenario> of the run")
    f.add_argument("--poll-seconds", type=float, default=10.0)
    rep = verbs.add_parser("report", parents=[common], help="Markdown/JSON report and plot of drill results")
    rep.add_argument("--run", action="append", help="only these runs (default: all in --results)")
    rep.add_argument(
        "--out", type=Path, help="write report.md, report.json and the plot here (default: --results)"
    )
    rep.add_argument("--plot", choices=("png", "svg"), default="png")
    return p


def _estate(args: argparse.Namespace, required: bool = True) -> Estate | None:
    if not args.outputs and not required:
        return None
    return load_estate(parse_outputs_args(args.outputs))


def _emit(args: argparse.Namespace, text: str, md: str, data: Any) -> None:
    if args.format == "json":
        print(json.dumps(data, indent=2, default=str))
    else:
        print(md if args.format == "md" else text)


# --- readiness ---------------------------------------------------------------------------------


def _readiness_text(checks: list[Check], md: bool) -> str:
    bad = [c for c in checks if c.status == "not-ready"]
    lines = (
        ["| service | check | subject | status | evidence | fix |", "|---|---|---|---|---|---|"] if md else []
    )
    for c in checks:
        if md:
            lines.append(f"| {c.service} | {c.check} | {c.subject} | {c.status} | {c.summary} | {c.fix} |")
        else:
            mark = {"ready": "ok ", "not-ready": "NOT", "n/a": "n/a"}[c.status]
            lines.append(
                f"[{mark}] {c.service:<10} {c.check:<28} {c.summary}"
                + (f"\n      fix: {c.fix}" if c.fix else "")
            )
    lines.append("")
    lines.append(
        f"{len(bad)} of {len(checks)} checks not ready" if bad else f"all {len(checks)} checks ready"
    )
    return "\n".join(lines)


def _cmd_readiness(args: argparse.Namespace, gateways: Gateways, clock: Clock) -> int:
    estate = _estate(args)
    assert estate is not None
    services = args.service or estate.service_names()
    for s in services:
        require_service(estate, s)
    checks = Readiness(estate, gateways, clock).run(services)
    _emit(
        args,
        _readiness_text(checks, False),
        _readiness_text(checks, True),
        {"schema": "drctl.readiness/1", "checks": [c.to_dict() for c in checks]},
    )
    return EXIT_NOT_READY if any(c.status == "not-ready" for c in checks) else EXIT_OK


# --- drill plan --------------------------------------------------------------------------------


def runbook_dict(rb: Runbook) -> dict[str, Any]:
    return {
        "schema": "drctl.runbook/1",
        "service": rb.service,
        "scenario": rb.scenario,
        "disruption": rb.disruption,
        "confirmation": rb.confirmation,
        "unplanned": rb.unplanned,
        "rto": None
        if rb.rto is None
        else {"targetSeconds": rb.rto.target, "estimateSeconds": rb.rto.estimate},
        "rpo": {s: {"targetSeconds": t.target, "estimateSeconds": t.estimate} for s, t in rb.rpo.items()},
        "manual": list(rb.manual),
        "notes": list(rb.notes),
        "steps": [
            {
                "id": s.id,
                "title": s.title,
                "kind": s.kind,
                "calls": [a.text() for a in s.actions],
                "awaits": [a.text() for a in s.awaits],
                "awaited": s.awaited,
                "modelledSeconds": s.modelled(),
                "term": s.term.to_dict() if s.term else None,
                "blastRadius": s.blast_radius,
                "fault": s.fault,
                "healthy": s.healthy,
                "failback": [
                    {
                        "id": u.id,
                        "title": u.title,
                        "calls": [a.text() for a in u.actions],
                        "awaited": u.awaited,
                    }
                    for u in s.failback
                ],
            }
            for s in rb.steps
        ],
    }


def _plan_text(rb: Runbook, md: bool) -> str:
    head = f"{rb.service} / {rb.scenario} ({rb.disruption}{', unplanned' if rb.unplanned else ''})"
    target = (
        "" if rb.rto is None else f"RTO target {fmt(rb.rto.target)}, posture estimate {fmt(rb.rto.estimate)}"
    )
    lines = [f"# {head}" if md else head, target]
    lines += [f"RPO {s}: target {fmt(t.target)}, estimate {fmt(t.estimate)}" for s, t in rb.rpo.items()]
    lines.append(f"confirm with: --execute --confirm {rb.confirmation}")
    lines.append("")
    for n, s in enumerate(rb.steps, 1):
        flags = " [fault injection]" if s.fault else " [healthy]" if s.healthy else ""
        lines.append(f"{n}. {s.title}{flags}")
        for a in s.actions:
            lines.append(f"     call:     {a.text()}")
        for a in s.awaits:
            lines.append(f"     awaits:   {a.text()}")
        if s.awaited:
            lines.append(f"     until:    {s.awaited}")
        if s.term:
            lines.append(f"     modelled: {fmt(s.modelled())} ({s.term.what}; {s.term.source})")
        elif s.actions or s.awaits:
            lines.append(
                "     modelled: - (not a term of the posture's estimate: only the slowest parallel term is)"
            )
        lines.append(f"     blast radius: {s.blast_radius}")
        for u in s.failback:
            lines.append(
                f"     failback: {u.title}" + "".join(f"\n               {a.text()}" for a in u.actions)
            )
    for m in rb.manual:
        lines.append(f"manual: {m}")
    for note in rb.notes:
        lines.append(f"note: {note}")
    return "\n".join(lines)


def _runbook(args: argparse.Namespace, estate: Estate, run_id: str) -> Runbook:
    if len(args.service) != 1:
        raise RefusedError(
            f"one service per drill: --service given {len(args.service)} times "
            f"({', '.join(args.service)}); nothing was changed"
        )
    service = args.service[0]
    require_service(estate, service)
    return scenarios.build(
        estate, service, args.scenario, run_id, args.unplanned, args.store, args.restore_role_arn
    )


def _cmd_plan(args: argparse.Namespace) -> int:
    estate = _estate(args)
    assert estate is not None
    rb = _runbook(args, estate, "RUNID")
    _emit(args, _plan_text(rb, False), _plan_text(rb, True), runbook_dict(rb))
    return EXIT_OK


# --- drill run / failback ----------------------------------------------------------------------


def _cmd_run(args: argparse.Namespace, clients_for: ClientsFor, clock: Clock, prober: Prober | None) -> int:
    estate = _estate(args)
    assert estate is not None
    probe_rb = _runbook(args, estate, "RUNID")
    guard = Guard.armed(args.execute, args.confirm, probe_rb.confirmation)
    gateways = Gateways(guard, clients_for(guard), prober)
    runner = Runner(
        gateways,
        clock,
        args.results,
        Options(poll_seconds=args.poll_seconds, timeout_factor=args.timeout_factor),
        estate,
    )
    run_id = runner.new_run_id(probe_rb)
    rb = _runbook(args, estate, run_id)
    if args.scenario == "backup-restore" and not args.restore_role_arn and args.execute:
        raise InputError(
            "--restore-role-arn is required to run backup-restore (the role AWS Backup restores as)"
        )
    if not guard.execute:
        calls = runner.dry_run(rb)
        text = "\n".join(
            [
                _plan_text(rb, False),
                "",
                "dry run: nothing was changed; a run would call, in order:",
                *(f"  {c}" for c in calls),
                "",
                f"to run it: --execute --confirm {rb.confirmation}",
            ]
        )
        _emit(args, text, text, {"dryRun": True, "runbook": runbook_dict(rb), "calls": calls})
        return EXIT_OK
    outcome = runner.run(rb, run_id)
    md = (outcome.folder / "report.md").read_text(encoding="utf-8") if outcome.folder else ""
    r = outcome.result
    rto = f"RTO {fmt(r['rto']['measuredSeconds'])}, target {fmt(r['rto']['targetSeconds'])}"
    text = f"{r['runId']}: {r['outcome']} ({rto}); results in {outcome.folder}"
    _emit(args, text, md, outcome.result)
    return outcome.exit_status


def _cmd_failback(
    args: argparse.Namespace, clients_for: ClientsFor, clock: Clock, prober: Prober | None
) -> int:
    folder = args.results / args.run_id
    state = replay(Journal(folder))
    expected = "/".join(str(state.header[k]) for k in ("stack", "service", "scenario"))
    if not args.execute:
        lines = [
            f"{args.run_id}: {len(state.pending)} failback action(s) owed "
            f"(dry run; add --execute --confirm {expected} to run them):"
        ]
        lines += [f"  {u.id}: {u.title}" for u in state.pending]
        _emit(
            args,
            "\n".join(lines),
            "\n".join(lines),
            {"runId": args.run_id, "confirmation": expected, "pending": [u.to_dict() for u in state.pending]},
        )
        return EXIT_OK
    guard = Guard.armed(args.execute, args.confirm, expected)
    gateways = Gateways(guard, clients_for(guard), prober)
    runner = Runner(
        gateways, clock, args.results, Options(poll_seconds=args.poll_seconds), _estate(args, required=False)
    )
    outcome = runner.resume(args.run_id)
    failback = "complete" if outcome.result["failbackComplete"] else "INCOMPLETE"
    cleanup = "verified" if outcome.result["cleanupVerified"] else "NOT verified"
    text = f"{args.run_id}: failback {failback}; cleanup {cleanup}"
    _emit(args, text, text, outcome.result)
    return outcome.exit_status


# --- report ------------------------------------------------------------------------------------


def _cmd_report(args: argparse.Namespace) -> int:
    history = results.load_all(args.results)
    runs = [r for r in history if not args.run or r["runId"] in args.run]
    missing = sorted(set(args.run or []) - {r["runId"] for r in runs})
    if missing:
        raise InputError(f"--run {', '.join(missing)}: no result.json under {args.results}")
    doc = report.build(runs, history)
    out = args.out or args.results
    out.mkdir(parents=True, exist_ok=True)
    md = report.markdown(doc)
    (out / "report.md").write_text(md, encoding="utf-8")
    (out / "report.json").write_text(json.dumps(doc, indent=2, default=str) + "\n", encoding="utf-8")
    if runs:
        chart = report.plot(doc, out / f"rto.{args.plot}")
        md += f"\n![measured vs target RTO]({chart.name})\n"
        (out / "report.md").write_text(md, encoding="utf-8")
    _emit(args, md, md, doc)
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None,
    clients_for: ClientsFor = boto3_clients,
    clock: Clock | None = None,
    prober: Prober | None = None,
) -> int:
    args = _parser().parse_args(argv)
    clock = clock or SystemClock()
    try:
        if args.verb == "readiness":
            guard = Guard(execute=False)
            return _cmd_readiness(args, Gateways(guard, clients_for(guard), prober), clock)
        if args.verb == "report":
            return _cmd_report(args)
        if args.action == "plan":
            return _cmd_plan(args)
        if args.action == "run":
            return _cmd_run(args, clients_for, clock, prober)
        return _cmd_failback(args, clients_for, clock, prober)
    except DrctlError as e:
        print(f"drctl: {e}", file=sys.stderr)
        return e.exit_status
