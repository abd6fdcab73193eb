"""Runs a runbook: dry run unless the guard is armed; readiness preflight; stop conditions (the
service's alarms) and per-step timeouts abort; failback runs in `finally` and is resumable from
the journal; scratch resources and canaries are deleted and their deletion verified.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from drctl import results
from drctl.clock import Clock
from drctl.errors import EXIT_FAILBACK_INCOMPLETE, EXIT_NOT_READY, EXIT_OK, RefusedError
from drctl.gateways import Gateways
from drctl.gateways.base import Observation
from drctl.gateways.s3 import CANARY_PREFIX
from drctl.guard import Mutation
from drctl.journal import Journal, replay
from drctl.outputs import Estate
from drctl.readiness import Check, Readiness
from drctl.runbook import Call, Runbook, Step, Undo
from drctl.scenarios import CANARY_COUNT, CANARY_INTERVAL_S

EXPECTED_IN_FAILOVER = {
    "AuroraGlobalDBRPOLag",
    "AuroraGlobalDBReplicationLag",
    "ReplicaLag",
    "ReplicationLatency",
    "OperationsFailedReplication",
}
"""Alarms a region failover trips by design (replication stops once dr is promoted)."""


class StopConditionError(Exception):
    pass


class StepTimeoutError(Exception):
    pass


class UnresolvedError(Exception):
    pass


@dataclass
class Options:
    poll_seconds: float = 10.0
    timeout_factor: float = 3.0
    min_timeout_seconds: float = 300.0
    unmodelled_timeout_seconds: float = 1800.0
    undo_timeout_seconds: float = 3600.0
    skip_preflight: bool = False


@dataclass
class Outcome:
    run_id: str
    folder: Path | None
    result: dict[str, Any]
    exit_status: int
    planned_calls: list[str] = field(default_factory=list)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k != "ResponseMetadata"}
    return json.loads(json.dumps(value, default=str)) if value is not None else None


def resolve(value: Any, context: dict[str, Any], strict: bool = True) -> Any:
    """Replace `$capture.<step>.<key>`-style references by what the run has seen."""
    if isinstance(value, dict):
        return {k: resolve(v, context, strict) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, context, strict) for v in value]
    if isinstance(value, str) and value.startswith("$"):
        node: Any = context
        for part in value[1:].split("."):
            if not isinstance(node, dict) or part not in node:
                if strict:
                    raise UnresolvedError(f"{value}: not known yet")
                return value
            node = node[part]
        return node
    return value


class Runner:
    def __init__(
        self,
        gateways: Gateways,
        clock: Clock,
        results_dir: Path,
        options: Options | None = None,
        estate: Estate | None = None,
    ):
        self.gw = gateways
        self.clock = clock
        self.results_dir = results_dir
        self.options = options or Options()
        self.estate = estate
        self.context: dict[str, Any] = {"capture": {}, "result": {}, "evidence": {}}
        self.journal: Journal | None = None
        self._watch: dict[str, list[str]] = {}

    # --- calls ---------------------------------------------------------------------------------

    def call(self, c: Call, strict: bool = True) -> Any:
        args = resolve(c.args, self.context, strict)
        if c.gateway == "http":
            return self.gw.prober.probe(**args)
        return getattr(self.gw.get(c.gateway, c.region), c.method)(**args)

    def _log(self, event: str, **fields: Any) -> None:
        if self.journal is not None:
            self.journal.write(event, self.clock.now(), **fields)

    # --- dry run -------------------------------------------------------------------------------

    def dry_run(self, runbook: Runbook) -> list[str]:
        """Walk the runbook through the guard without executing anything mutating: the calls a run
        would make, in order, failback included. Reads (captures) are made so arguments resolve."""
        assert not self.gw.guard.execute
        for step in runbook.steps:
            if step.capture is not None:
                try:
                    self.context["capture"][step.id] = _jsonable(self.call(step.capture, strict=False))
                except Exception as e:
                    self.context["capture"][step.id] = {"error": str(e)}
            if step.kind == "canary-write":
                for target in step.canaries:
                    if target.kind == "object":
                        self.gw.s3(target.prod_region).put_canary(
                            target.prod_name, f"{CANARY_PREFIX}<run-id>/0", "<time>"
                        )
                    else:
                        self.gw.dynamodb(target.prod_region).put_canary(
                            target.prod_name, "<partition key>", None, "drctl-canary#<run-id>#0", "<time>"
                        )
            for action in step.actions:
                self._try(action)
        for step in reversed(runbook.steps):
            for undo in reversed(step.failback):
                for action in undo.actions:
                    self._try(action)
        return [f"{m.api} {json.dumps(m.params, default=str)}" for m in self.gw.guard.mutations]

    def _try(self, action: Call) -> None:
        try:
            self.call(action, strict=False)
        except Exception:
            self.gw.guard.mutations.append(
                Mutation(action.api, resolve(action.args, self.context, False), False)
            )

    # --- the drill -----------------------------------------------------------------------------

    def new_run_id(self, runbook: Runbook) -> str:
        return f"{self.clock.now():%Y%m%dt%H%M%S}-{runbook.service}-{runbook.scenario}"

    def pending_elsewhere(self) -> list[str]:
        """Runs whose failback is still owed: no new drill until they are failed back."""
        out = []
        if not self.results_dir.exists():
            return out
        for folder in sorted(self.results_dir.iterdir()):
            journal = Journal(folder)
            if journal.path.exists():
                r = replay(journal)
                if r.pending:
                    out.append(folder.name)
        return out

    def run(self, runbook: Runbook, run_id: str) -> Outcome:
        assert self.gw.guard.execute and self.estate is not None
        if runbook.manual:
            raise RefusedError(f"{runbook.confirmation} cannot run by itself: " + "; ".join(runbook.manual))
        owed = self.pending_elsewhere()
        if owed:
            raise RefusedError(
                f"failback still owed by run(s) {', '.join(owed)}: run `drctl drill failback {owed[0]}` first"
            )
        readiness = Readiness(self.estate, self.gw, self.clock)
        before = readiness.service(runbook.service)
        not_ready = [c for c in before if c.status == "not-ready"]
        if not_ready and not self.options.skip_preflight:
            raise RefusedError(
                f"preflight: {runbook.service} is not ready, nothing was changed:\n"
                + "\n".join(f"  {c.check} ({c.subject}): {c.summary}; fix: {c.fix}" for c in not_ready)
            )
        folder = self.results_dir / run_id
        self.journal = Journal(folder)
        self._log("start", runId=run_id, **results.header(runbook, self.estate))
        self._log("readiness", phase="before", checks=[c.to_dict() for c in before])
        self._watch = self._stop_conditions(readiness, runbook)
        self._log("stop-conditions", alarms=self._watch)
        try:
            self._steps(runbook)
        except (StopConditionError, StepTimeoutError) as e:
            kind = "stop-condition" if isinstance(e, StopConditionError) else "timeout"
            self._log("abort", kind=kind, reason=str(e))
        except Exception as e:
            self._log("abort", kind="error", reason=f"{type(e).__name__}: {e}")
        finally:
            self._failback(replay(self.journal).pending)
            after = readiness.service(runbook.service)
            self._log("readiness", phase="after", checks=[c.to_dict() for c in after])
            self._log("end")
        return self.finish(folder)

    def finish(self, folder: Path) -> Outcome:
        result = results.summarize(Journal(folder).events())
        results.save(folder, result, self.results_dir)
        status = (
            EXIT_FAILBACK_INCOMPLETE
            if not result["failbackComplete"]
            else EXIT_OK
            if result["outcome"] == "passed"
            else EXIT_NOT_READY
        )
        return Outcome(result["runId"], folder, result, status)

    def resume(self, run_id: str) -> Outcome:
        """`drill failback RUN_ID`: run the failback the journal still owes, then re-report."""
        assert self.gw.guard.execute
        folder = self.results_dir / run_id
        self.journal = Journal(folder)
        state = replay(self.journal)
        self.context = state.context
        self._log("resume", pending=[u.id for u in state.pending])
        self._failback(state.pending)
        if self.estate is not None:
            after = Readiness(self.estate, self.gw, self.clock).service(state.header["service"])
            self._log("readiness", phase="after", checks=[c.to_dict() for c in after])
        if not state.ended:
            self._log("end")
        return self.finish(folder)

    # --- steps ---------------------------------------------------------------------------------

    def _groups(self, steps: tuple[Step, ...]) -> list[list[Step]]:
        out: list[list[Step]] = []
        for step in steps:
            if out and step.group is not None and out[-1][0].group == step.group:
                out[-1].append(step)
            else:
                out.append([step])
        return out

    def _steps(self, runbook: Runbook) -> None:
        for group in self._groups(runbook.steps):
            started: dict[str, datetime] = {}
            for step in group:
                self._check_stop()
                started[step.id] = self._request(step)
            waiting = [s for s in group if s.awaits]
            while waiting:
                for step in list(waiting):
                    seen = [self.call(c) for c in step.awaits]
                    if all(o.reached for o in seen):
                        evidence = {
                            c.api: o.evidence | {"summary": o.summary}
                            for c, o in zip(step.awaits, seen, strict=True)
                        }
                        self.context["evidence"][step.id] = _flat(seen)
                        self._log(
                            "observed",
                            step=step.id,
                            evidence=_flat(seen),
                            detail=evidence,
                            healthy=step.healthy,
                        )
                        waiting.remove(step)
                        continue
                    limit = self._timeout(step)
                    if self.clock.now() - started[step.id] > timedelta(seconds=limit):
                        last = "; ".join(o.summary for o in seen)
                        raise StepTimeoutError(
                            f"step {step.id}: not {step.awaited} after {limit:.0f}s (last seen: {last})"
                        )
                if waiting:
                    self._check_stop()
                    self.clock.sleep(self.options.poll_seconds)

    def _timeout(self, step: Step) -> float:
        modelled = step.modelled()
        if modelled is None:
            return self.options.unmodelled_timeout_seconds
        return max(modelled * self.options.timeout_factor, self.options.min_timeout_seconds)

    def _request(self, step: Step) -> datetime:
        at = self.clock.now()
        if step.capture is not None:
            value = _jsonable(self.call(step.capture))
            self.context["capture"][step.id] = value
            self._log("capture", step=step.id, value=value)
        for undo in step.failback:
            self._log("failback-armed", step=step.id, undo=undo.to_dict())
        self._log("request", step=step.id, apis=[a.api for a in step.actions])
        at = self.clock.now()
        if step.kind == "canary-write":
            self._canary_write(step)
        elif step.kind == "canary-check":
            self._canary_check(step)
        elif step.kind == "lag":
            self._lag(step)
        response: Any = None
        for action in step.actions:
            response = self.call(action)
        result = _jsonable(response) if isinstance(response, dict) else {}
        self.context["result"][step.id] = result
        self._log("accepted", step=step.id, result=result)
        if step.rpo_from is not None:
            self._restore_rpo(step, at)
        return at

    # --- measurements --------------------------------------------------------------------------

    def _canary_write(self, step: Step) -> None:
        run_id = self.journal.folder.name if self.journal else "dry-run"
        capture: dict[str, Any] = {}
        for t in step.canaries:
            if t.kind == "object":
                ok = not self.gw.s3(t.prod_region).object_lock(t.prod_name)
                capture[t.store] = {
                    "kind": "object",
                    "eligible": ok,
                    "prefix": f"{CANARY_PREFIX}{run_id}/",
                    "values": [],
                    "pk": "",
                    "sk": None,
                }
            else:
                key = self.gw.dynamodb(t.prod_region).canary_key(t.prod_name)
                capture[t.store] = {
                    "kind": "keyvalue",
                    "eligible": key is not None,
                    "pk": key[0] if key else "",
                    "sk": key[1] if key else None,
                    "values": [],
                }
        self.context["capture"][step.id] = capture
        self._log("capture", step=step.id, value=capture)
        for seq in range(CANARY_COUNT):
            for t in step.canaries:
                slot = capture[t.store]
                if not slot["eligible"]:
                    continue
                written = self.clock.now().isoformat()
                if t.kind == "object":
                    value = f"{slot['prefix']}{seq:04d}"
                    self.gw.s3(t.prod_region).put_canary(t.prod_name, value, written)
                else:
                    value = f"drctl-canary#{run_id}#{seq:04d}"
                    self.gw.dynamodb(t.prod_region).put_canary(
                        t.prod_name, slot["pk"], slot["sk"], value, written
                    )
                slot["values"].append(value)
                self._log(
                    "canary", step=step.id, store=t.store, value=value, ackedAt=self.clock.now().isoformat()
                )
            self._log("capture", step=step.id, value=capture)
            if seq < CANARY_COUNT - 1:
                self.clock.sleep(CANARY_INTERVAL_S)

    def _canary_check(self, step: Step) -> None:
        capture = self.context["capture"].get("canary-write", {})
        acks = {}
        if self.journal is not None:
            acks = {e["value"]: e["ackedAt"] for e in self.journal.events() if e["event"] == "canary"}
        for t in step.canaries:
            slot = capture.get(t.store, {})
            if not slot.get("eligible") or not slot.get("values"):
                self._log(
                    "rpo",
                    store=t.store,
                    method="canary",
                    measuredSeconds=None,
                    note="no canary: the store refuses arbitrary writes (Object Lock or non-string key)",
                )
                continue
            if t.kind == "object":
                present = self.gw.s3(t.dr_region).canaries(t.dr_name, slot["prefix"])
            else:
                gw = self.gw.dynamodb(t.dr_region)
                present = {v for v in slot["values"] if gw.has_canary(t.dr_name, slot["pk"], slot["sk"], v)}
            times = {v: datetime.fromisoformat(acks[v]) for v in slot["values"] if v in acks}
            last_acked = max(times.values())
            got = [times[v] for v in times if v in present]
            if got:
                measured = (last_acked - max(got)).total_seconds()
                bound = "exact"
            else:
                measured = (last_acked - min(times.values())).total_seconds() + CANARY_INTERVAL_S
                bound = "at least"
            self._log(
                "rpo",
                store=t.store,
                method="canary",
                measuredSeconds=measured,
                resolutionSeconds=CANARY_INTERVAL_S,
                bound=bound,
                evidence={
                    "written": len(times),
                    "presentInDr": len(got),
                    "lastAcked": last_acked.isoformat(),
                    "lastPresent": max(got).isoformat() if got else None,
                },
            )

    def _lag(self, step: Step) -> None:
        for store, region, namespace, metric, dims, per_unit in step.lag_metrics:
            value = self.gw.cloudwatch(region).maximum(namespace, metric, dims, self.clock.now(), 15)
            seconds = None if value is None else value * per_unit
            self._log(
                "rpo",
                store=store,
                method="lag-metric",
                measuredSeconds=seconds,
                resolutionSeconds=60,
                evidence={"namespace": namespace, "metric": metric, "dimensions": dims, "maximum": value},
            )

    def _restore_rpo(self, step: Step, requested: datetime) -> None:
        value = self.context["capture"].get(step.id)
        when = value.get("createdAt") if isinstance(value, dict) else value
        if not when:
            return
        dated = datetime.fromisoformat(str(when).replace("Z", "+00:00").replace(" ", "T"))
        method = "recovery-point-age" if step.rpo_from == "recovery-point" else "restorable-time"
        self._log(
            "rpo",
            store=step.store,
            method=method,
            measuredSeconds=max(0.0, (requested - dated).total_seconds()),
            resolutionSeconds=1,
            evidence={"restoredTo": dated.isoformat()},
        )

    # --- stop conditions -----------------------------------------------------------------------

    def _stop_conditions(self, readiness: Readiness, runbook: Runbook) -> dict[str, list[str]]:
        expected_checks: set[str] = set()
        if runbook.scenario == "region-failover" and self.estate is not None:
            endpoint = self.estate.dr.endpoints.get(runbook.service)
            dr_check = (endpoint.health_check_ids or {}).get("dr") if endpoint else None
            expected_checks = {"*"} if dr_check is None else {dr_check}
        watch: dict[str, list[str]] = {}
        for alarm in readiness.alarms(runbook.service):
            if runbook.scenario == "region-failover":
                if alarm["metric"] in EXPECTED_IN_FAILOVER:
                    continue
                if (
                    alarm["namespace"] == "AWS/Route53"
                    and alarm["dimensions"].get("HealthCheckId") not in expected_checks
                ):
                    continue  # prod's (or the combined) check goes unhealthy by design
            watch.setdefault(alarm["region"], []).append(alarm["name"])
        return watch

    def _check_stop(self) -> None:
        for region, names in self._watch.items():
            firing = [n for n, s in self.gw.cloudwatch(region).states(names).items() if s == "ALARM"]
            if firing:
                raise StopConditionError(f"stop condition: {', '.join(firing)} in ALARM ({region})")

    # --- failback ------------------------------------------------------------------------------

    def _failback(self, pending: list[Undo]) -> None:
        for undo in pending:
            self._log("undo-start", undo=undo.id)
            try:
                for action in undo.actions:
                    self.call(action)
                started = self.clock.now()
                while undo.awaits:
                    seen: list[Observation] = [self.call(c) for c in undo.awaits]
                    if all(o.reached for o in seen):
                        self._log("undo-observed", undo=undo.id, evidence=_flat(seen))
                        break
                    if self.clock.now() - started > timedelta(seconds=self.options.undo_timeout_seconds):
                        raise StepTimeoutError(
                            f"{undo.id}: not {undo.awaited} after {self.options.undo_timeout_seconds:.0f}s"
                        )
                    self.clock.sleep(self.options.poll_seconds)
                self._log("undo-done", undo=undo.id, cleanup=undo.cleanup)
            except Exception as e:
                self._log("undo-failed", undo=undo.id, cleanup=undo.cleanup, error=f"{type(e).__name__}: {e}")


def _flat(seen: list[Observation]) -> dict[str, Any]:
    out: dict[str, Any] = {"summary": "; ".join(o.summary for o in seen)}
    for o in seen:
        out.update(_jsonable(o.evidence) or {})
    return out


def readiness_checks(estate: Estate, gateways: Gateways, clock: Clock, services: list[str]) -> list[Check]:
    return Readiness(estate, gateways, clock).run(services)
