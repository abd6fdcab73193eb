"""A run's result, computed from its journal alone (so a resumed run reports like any other):
per step the request/accepted/observed/healthy times, RTO = healthy - fault injection, RPO per
store, failback and cleanup outcome, readiness before and after. Saved as `<run>/result.json`
(schema `drctl.result/1`) beside the journal; `latest.json`/`latest.md` copy the newest."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from drctl.outputs import Estate
from drctl.runbook import Runbook

RESULT_SCHEMA = "drctl.result/1"


def header(runbook: Runbook, estate: Estate) -> dict[str, Any]:
    """What the journal's start event records: enough to report the run without the outputs."""
    return {
        "service": runbook.service,
        "scenario": runbook.scenario,
        "stack": runbook.stack,
        "disruption": runbook.disruption,
        "unplanned": runbook.unplanned,
        "outputs": dict(estate.files),
        "rto": None
        if runbook.rto is None
        else {"target": runbook.rto.target, "estimate": runbook.rto.estimate},
        "rpo": {
            s: {"target": t.target, "estimate": t.estimate, "terms": [x.to_dict() for x in t.terms]}
            for s, t in runbook.rpo.items()
        },
        "steps": [
            {
                "id": s.id,
                "title": s.title,
                "kind": s.kind,
                "apis": [a.api for a in s.actions],
                "awaited": s.awaited,
                "term": s.term.to_dict() if s.term else None,
                "fault": s.fault,
                "healthy": s.healthy,
                "store": s.store,
                "blastRadius": s.blast_radius,
            }
            for s in runbook.steps
        ],
    }


def _t(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _verdict(measured: float | None, target: float | None) -> dict[str, Any]:
    if measured is None or target is None:
        return {"pass": None, "marginSeconds": None}
    return {"pass": measured <= target, "marginSeconds": round(target - measured, 3)}


def summarize(events: list[dict[str, Any]]) -> dict[str, Any]:
    start = events[0]
    steps = {
        s["id"]: {
            **s,
            "requestedAt": None,
            "acceptedAt": None,
            "observedAt": None,
            "healthyAt": None,
            "evidence": None,
        }
        for s in start["steps"]
    }
    readiness: dict[str, Any] = {"before": [], "after": []}
    rpo_events: dict[str, list[dict[str, Any]]] = {}
    undos: dict[str, dict[str, Any]] = {}
    abort = None
    armed: dict[str, dict[str, Any]] = {}
    for e in events:
        kind, at = e["event"], e["at"]
        step = steps.get(e.get("step", ""))
        if kind == "request" and step:
            step["requestedAt"] = at
        elif kind == "accepted" and step:
            step["acceptedAt"] = at
        elif kind == "observed" and step:
            step["observedAt"] = at
            step["evidence"] = e.get("evidence")
            if step["healthy"]:
                step["healthyAt"] = at
        elif kind == "readiness":
            readiness[e["phase"]] = e["checks"]
        elif kind == "rpo":
            rpo_events.setdefault(e["store"], []).append(e)
        elif kind == "failback-armed":
            armed[e["undo"]["id"]] = e["undo"]
            undos[e["undo"]["id"]] = {
                "id": e["undo"]["id"],
                "title": e["undo"]["title"],
                "cleanup": e["undo"]["cleanup"],
                "status": "pending",
                "at": None,
                "error": None,
            }
        elif kind in ("undo-done", "undo-failed"):
            undos[e["undo"]].update(
                status="done" if kind == "undo-done" else "failed", at=at, error=e.get("error")
            )
        elif kind == "abort" and abort is None:
            abort = {"kind": e["kind"], "reason": e["reason"], "at": at}
    for s in steps.values():
        if s["requestedAt"] and not s["observedAt"] and s["acceptedAt"] and s["kind"] != "action":
            s["observedAt"] = s["acceptedAt"]
        req, obs = _t(s["requestedAt"]), _t(s["observedAt"])
        s["measuredSeconds"] = (obs - req).total_seconds() if req and obs else None
        s["modelledSeconds"] = s["term"]["seconds"] if s["term"] else None
        s["status"] = "done" if obs else "requested" if req else "not reached"
    ordered = list(steps.values())
    fault = next((_t(s["requestedAt"]) for s in ordered if s["fault"] and s["requestedAt"]), None)
    healthy = [_t(s["healthyAt"]) for s in ordered if s["healthy"]]
    all_healthy = bool(healthy) and all(h is not None for h in healthy)
    measured_rto = (max(h for h in healthy if h) - fault).total_seconds() if fault and all_healthy else None
    rto_target = start["rto"] or {}
    rto = {
        "measuredSeconds": measured_rto,
        "targetSeconds": rto_target.get("target"),
        "estimateSeconds": rto_target.get("estimate"),
        "faultAt": fault.isoformat() if fault else None,
        "healthyAt": max(h for h in healthy if h).isoformat() if all_healthy else None,
        **_verdict(measured_rto, rto_target.get("target")),
    }
    rpo: dict[str, Any] = {}
    for store, found in rpo_events.items():
        primary = next(
            (e for e in found if e["method"] != "lag-metric" and e.get("measuredSeconds") is not None), None
        )
        lag = next((e for e in found if e["method"] == "lag-metric"), None)
        chosen = primary or lag
        target = start["rpo"].get(store, {})
        measured = chosen.get("measuredSeconds") if chosen else None
        rpo[store] = {
            "measuredSeconds": measured,
            "method": chosen["method"] if chosen else None,
            "bound": chosen.get("bound", "exact") if chosen else None,
            "resolutionSeconds": chosen.get("resolutionSeconds") if chosen else None,
            "targetSeconds": target.get("target"),
            "estimateSeconds": target.get("estimate"),
            "terms": target.get("terms", []),
            "evidence": chosen.get("evidence") if chosen else None,
            "corroboration": {"lagMetricSeconds": lag.get("measuredSeconds"), "evidence": lag.get("evidence")}
            if lag and primary
            else None,
            **_verdict(measured, target.get("target")),
        }
    failback = list(undos.values())
    failback_complete = all(u["status"] == "done" for u in failback)
    cleanup = [u for u in failback if u["cleanup"]]
    passed = (
        abort is None
        and rto["pass"] is not False
        and measured_rto is not None
        and all(r["pass"] is not False for r in rpo.values())
    )
    outcome = (
        "failback-incomplete"
        if not failback_complete
        else "aborted"
        if abort
        else "passed"
        if passed
        else "failed"
    )
    return {
        "schema": RESULT_SCHEMA,
        "runId": start["runId"],
        "service": start["service"],
        "scenario": start["scenario"],
        "stack": start["stack"],
        "disruption": start["disruption"],
        "unplanned": start["unplanned"],
        "outputs": start["outputs"],
        "startedAt": start["at"],
        "endedAt": events[-1]["at"],
        "outcome": outcome,
        "abort": abort,
        "rto": rto,
        "rpo": rpo,
        "steps": ordered,
        "failback": failback,
        "failbackComplete": failback_complete,
        "cleanupVerified": all(u["status"] == "done" for u in cleanup),
        "readiness": readiness,
    }


def save(folder: Path, result: dict[str, Any], results_dir: Path) -> None:
    from drctl import report

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "result.json").write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    history = load_all(results_dir)
    doc = report.build([result], history)
    (folder / "report.md").write_text(report.markdown(doc), encoding="utf-8")
    (folder / "report.json").write_text(json.dumps(doc, indent=2, default=str) + "\n", encoding="utf-8")
    newest = max(history, key=lambda r: r["startedAt"], default=result)
    if newest["runId"] == result["runId"]:
        shutil.copyfile(folder / "report.md", results_dir / "latest.md")
        shutil.copyfile(folder / "report.json", results_dir / "latest.json")


def load_all(results_dir: Path) -> list[dict[str, Any]]:
    out = []
    if results_dir.exists():
        for path in sorted(results_dir.glob("*/result.json")):
            out.append(json.loads(path.read_text(encoding="utf-8")))
    return out
