"""The one guarded path for mutations, and the report's judgements."""

from __future__ import annotations

import pytest
from boto3.session import Session

from drctl import report
from drctl.errors import Refused
from drctl.gateways import boto3_clients
from drctl.guard import Guard, UnguardedMutation
from tests.drctl.conftest import PROD


def test_execute_needs_the_exact_typed_confirmation() -> None:
    with pytest.raises(Refused, match="--confirm prod/crm/region-failover"):
        Guard.armed(True, "prod/crm", "prod/crm/region-failover")


def test_a_dry_run_guard_records_a_mutation_without_making_it() -> None:
    guard = Guard(execute=False)
    made: list[str] = []
    guard.mutate("route53:UpdateHealthCheck", {"HealthCheckId": "x"}, lambda: made.append("called"))
    assert (made, [m.executed for m in guard.mutations]) == ([], [False])


def test_a_mutating_call_that_bypasses_the_guard_is_refused_by_the_client(aws: str) -> None:
    s3 = boto3_clients(Guard(execute=True), Session())("s3", PROD, None)
    with pytest.raises(UnguardedMutation):
        s3.create_bucket(Bucket="not-through-the-guard")


def _result(step_measured: float, rpo_measured: float = 0.0) -> dict:
    return {
        "runId": "r1",
        "service": "crm",
        "scenario": "region-failover",
        "startedAt": "2026-11-25T12:00:00+00:00",
        "endedAt": "2026-11-25T12:10:00+00:00",
        "outcome": "passed",
        "rto": {
            "measuredSeconds": 300,
            "targetSeconds": 3600,
            "estimateSeconds": 1290,
            "pass": True,
            "marginSeconds": 3300,
        },
        "steps": [
            {
                "id": "scale-up",
                "measuredSeconds": step_measured,
                "term": {"term": "scale VMs", "seconds": 1200, "constants": ["VM_SCALE_UP_ASSUMED"]},
            }
        ],
        "rpo": {
            "crm": {
                "measuredSeconds": rpo_measured,
                "resolutionSeconds": 60,
                "bound": "exact",
                "terms": [
                    {"term": "RDS replica lag", "seconds": 1, "constants": ["RDS_REPLICA_LAG_ASSUMED"]}
                ],
            }
        },
    }


def test_an_assumed_constant_contradicted_by_more_than_25_percent_is_listed() -> None:
    assert [c["constant"] for c in report.contradictions(_result(240))] == ["VM_SCALE_UP_ASSUMED"]


def test_a_measurement_within_25_percent_contradicts_nothing() -> None:
    assert report.contradictions(_result(1000)) == []


def test_a_difference_below_the_measurement_resolution_contradicts_nothing() -> None:
    assert report.contradictions(_result(1200, rpo_measured=30)) == []


def test_the_trend_gives_median_worst_and_days_since_the_last_success() -> None:
    older = {
        **_result(240),
        "runId": "r0",
        "endedAt": "2026-11-20T12:00:00+00:00",
        "outcome": "failed",
        "rto": {**_result(240)["rto"], "measuredSeconds": 900},
    }
    doc = report.build([_result(240)], [older], now=report._when("2026-11-27T12:10:00+00:00"))
    t = doc["trend"][0]
    assert (t["medianRtoSeconds"], t["worstRtoSeconds"], t["daysSinceLastSuccess"]) == (600, 900, 2)
