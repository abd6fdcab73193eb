"""Drill reports: measured RTO/RPO beside the target and the posture's estimate, pass/fail and
margin, the step timeline with its API evidence, failback and cleanup, readiness before and after,
the trend over past drills, and every `*_ASSUMED` posture constant a measurement contradicts by
more than 25 % (so the model is corrected from evidence). JSON schema `drctl.report/1`, written
out as drctl/report.schema.json."""

from __future__ import annotations

import math
import statistics
from datetime import datetime
from pathlib import Path
from typing import Any

from drctl.durations import fmt

REPORT_SCHEMA = "drctl.report/1"
SCHEMA_FILE = Path(__file__).with_name("report.schema.json")
"""The JSON Schema of `drctl.report/1` (and of the `drctl.result/1` runs it carries)."""
CONTRADICTION = 0.25
"""A measurement contradicts an assumed constant when it differs from the term by more than this share."""


def contradictions(result: dict[str, Any]) -> list[dict[str, Any]]:
    out = []

    def judge(term: dict[str, Any], measured: float | None, resolution: float, where: str) -> None:
        if measured is None or not term:
            return
        modelled = float(term["seconds"])
        if modelled <= 0 or abs(measured - modelled) <= max(CONTRADICTION * modelled, resolution):
            return
        for constant in term.get("constants", []):
            if constant.endswith("_ASSUMED"):
                out.append(
                    {
                        "constant": constant,
                        "term": term["term"],
                        "where": where,
                        "modelledSeconds": modelled,
                        "measuredSeconds": measured,
                        "deviation": round((measured - modelled) / modelled, 3),
                        "runId": result["runId"],
                    }
                )

    for step in result["steps"]:
        if step.get("term"):
            judge(step["term"], step.get("measuredSeconds"), 0.0, f"{result['service']}/{step['id']}")
    for store, rpo in result["rpo"].items():
        if rpo.get("bound") == "at least":
            continue
        for term in rpo.get("terms", []):
            judge(
                term,
                rpo.get("measuredSeconds"),
                float(rpo.get("resolutionSeconds") or 0),
                f"{result['service']}/{store} RPO",
            )
    return out


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def trend(history: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in history:
        groups.setdefault((r["service"], r["scenario"]), []).append(r)
    out = []
    for (service, scenario), runs in sorted(groups.items()):
        measured = [r["rto"]["measuredSeconds"] for r in runs if r["rto"]["measuredSeconds"] is not None]
        passed = [_when(r["endedAt"]) for r in runs if r["outcome"] == "passed"]
        out.append(
            {
                "service": service,
                "scenario": scenario,
                "runs": len(runs),
                "passed": len(passed),
                "medianRtoSeconds": statistics.median(measured) if measured else None,
                "worstRtoSeconds": max(measured) if measured else None,
                "daysSinceLastSuccess": (now - max(passed)).days if passed else None,
            }
        )
    return out


def build(
    runs: list[dict[str, Any]], history: list[dict[str, Any]], now: datetime | None = None
) -> dict[str, Any]:
    everything = {r["runId"]: r for r in [*history, *runs]}
    as_of = (
        now
        or max((_when(r["endedAt"]) for r in everything.values()), default=None)
        or datetime.now().astimezone()
    )
    return {
        "schema": REPORT_SCHEMA,
        "generatedAt": as_of.isoformat(),
        "runs": runs,
        "trend": trend(list(everything.values()), as_of),
        "contradictions": [c for r in runs for c in contradictions(r)],
    }


def _pass(value: bool | None) -> str:
    return "-" if value is None else "PASS" if value else "FAIL"


def _margin(seconds: float | None) -> str:
    return "-" if seconds is None else fmt(seconds) if seconds >= 0 else "-" + fmt(-seconds)


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def markdown(doc: dict[str, Any]) -> str:
    lines = ["# DR drill report", "", f"Generated {doc['generatedAt']} (schema `{doc['schema']}`).", ""]
    if not doc["runs"]:
        lines += [
            "No drill has run yet: `python -m drctl drill run ...` (README, 'Drills and readiness: drctl').",
            "",
        ]
    if doc["runs"]:
        lines += [
            "## Results",
            "",
            "| run | service | scenario | objective | measured | target | estimate | verdict | margin |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in doc["runs"]:
            rto = r["rto"]
            lines.append(
                _row(
                    r["runId"],
                    r["service"],
                    r["scenario"],
                    "RTO",
                    fmt(rto["measuredSeconds"]),
                    fmt(rto["targetSeconds"]),
                    fmt(rto["estimateSeconds"]),
                    _pass(rto["pass"]),
                    _margin(rto["marginSeconds"]),
                )
            )
            for store, p in r["rpo"].items():
                method = (
                    f" ({p['method']}{', at least' if p.get('bound') == 'at least' else ''})"
                    if p["method"]
                    else ""
                )
                lines.append(
                    _row(
                        "",
                        "",
                        "",
                        f"RPO {store}{method}",
                        fmt(p["measuredSeconds"]),
                        fmt(p["targetSeconds"]),
                        fmt(p["estimateSeconds"]),
                        _pass(p["pass"]),
                        _margin(p["marginSeconds"]),
                    )
                )
        lines.append("")
    for r in doc["runs"]:
        lines += [f"## {r['runId']}: {r['outcome']}", ""]
        if r["abort"]:
            lines += [f"Aborted ({r['abort']['kind']}): {r['abort']['reason']}", ""]
        lines += [
            "| step | API | requested | accepted | observed | measured | modelled | evidence |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for s in r["steps"]:
            evidence = (s.get("evidence") or {}).get("summary", "")
            lines.append(
                _row(
                    s["id"],
                    ", ".join(s["apis"]) or "-",
                    s["requestedAt"] or "-",
                    s["acceptedAt"] or "-",
                    s["observedAt"] or "-",
                    fmt(s["measuredSeconds"]),
                    fmt(s["modelledSeconds"]),
                    evidence,
                )
            )
        failback = (
            "complete"
            if r["failbackComplete"]
            else f"INCOMPLETE: run `python -m drctl drill failback {r['runId']}`"
        )
        cleanup = "verified" if r["cleanupVerified"] else "NOT verified"
        lines += ["", f"Failback {failback}; cleanup {cleanup}.", ""]
        for u in r["failback"]:
            lines.append(
                f"- {u['id']}: {u['status']}"
                + (f" ({u['error']})" if u["error"] else "")
                + (" [cleanup]" if u["cleanup"] else "")
            )
        before = sum(c["status"] == "not-ready" for c in r["readiness"]["before"])
        after = sum(c["status"] == "not-ready" for c in r["readiness"]["after"])
        lines += [
            "",
            f"Readiness: {before} not ready before, {after} not ready after "
            f"({len(r['readiness']['after'])} checks).",
            "",
        ]
        for c in r["readiness"]["after"]:
            if c["status"] == "not-ready":
                lines.append(f"- after: {c['check']} ({c['subject']}): {c['summary']}; fix: {c['fix']}")
        lines.append("")
    lines += [
        "## Trend",
        "",
        "| service | scenario | runs | passed | median RTO | worst RTO | days since last success |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in doc["trend"]:
        days = "never" if t["daysSinceLastSuccess"] is None else str(t["daysSinceLastSuccess"])
        lines.append(
            _row(
                t["service"],
                t["scenario"],
                t["runs"],
                t["passed"],
                fmt(t["medianRtoSeconds"]),
                fmt(t["worstRtoSeconds"]),
                days,
            )
        )
    lines += ["", "## Assumptions contradicted by measurement (> 25 %)", ""]
    if not doc["contradictions"]:
        lines.append("None.")
    for c in doc["contradictions"]:
        lines.append(
            f"- `{c['constant']}` ({c['term']}, {c['where']}): modelled {fmt(c['modelledSeconds'])}, "
            f"measured {fmt(c['measuredSeconds'])} ({c['deviation']:+.0%}); "
            "revise it in services/reference.py"
        )
    return "\n".join(lines) + "\n"


def plot_series(doc: dict[str, Any]) -> dict[str, Any]:
    """What the plot draws: per service and scenario (the latest run of each), the measured RTO
    beside the target and the posture's estimate, in minutes; a run that measured no RTO (aborted)
    is NaN, drawn as no bar rather than as a perfect zero."""
    latest: dict[str, dict[str, Any]] = {}
    for r in sorted(doc["runs"], key=lambda r: r["startedAt"]):
        latest[f"{r['service']}\n{r['scenario']}"] = r

    def minutes(seconds: float | None) -> float:
        return math.nan if seconds is None else seconds / 60

    return {
        "labels": list(latest),
        "runs": [r["runId"] for r in latest.values()],
        "series": {
            name: [minutes(r["rto"][key]) for r in latest.values()]
            for name, key in (
                ("measured", "measuredSeconds"),
                ("target", "targetSeconds"),
                ("posture estimate", "estimateSeconds"),
            )
        },
    }


def plot(doc: dict[str, Any], path: Path) -> Path:
    """The bar chart of `plot_series`, PNG or SVG by the path's suffix."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = plot_series(doc)
    labels = data["labels"]
    fig, ax = plt.subplots(figsize=(max(6, 1.8 * len(labels) + 2), 4.5))
    width = 0.27
    for i, (name, values) in enumerate(data["series"].items()):
        ax.bar([x + (i - 1) * width for x in range(len(labels))], values, width, label=name)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylabel("RTO (minutes)")
    ax.set_title("DR drills: measured RTO vs target and posture estimate")
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
