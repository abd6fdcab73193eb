"""Readiness against the emulator: each check ready on the deployed estate, and not ready when
what it guards is broken."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from drctl.errors import EXIT_NOT_READY, EXIT_OK
from tests.drctl.conftest import DR, PROD, Estate, client


def _checks(estate: Estate, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, str]]:
    code = estate.drctl("readiness", "--format", "json")
    doc = json.loads(capsys.readouterr().out)
    return code, {c["check"]: c["status"] for c in doc["checks"]}


def test_the_deployed_estate_is_ready_on_every_check(
    estate: Estate, capsys: pytest.CaptureFixture[str]
) -> None:
    code, checks = _checks(estate, capsys)
    assert (code, sorted(s for s in checks.values() if s == "not-ready")) == (EXIT_OK, [])


BREAKS = {
    "replication:attachments": lambda e: client("s3", PROD).delete_bucket_replication(
        Bucket="crm-attachments"
    ),
    "replication:crm": lambda e: setattr(e.world, "replica_normal", False),
    "recovery-point:crm": lambda e: e.world.recovery_points.update(
        {k: e.clock.now() - timedelta(days=3) for k in e.world.recovery_points}
    ),
    "restore-test": lambda e: setattr(e.world, "restore_test", {"Status": "FAILED"}),
    "health-check:prod": lambda e: setattr(e.world, "prod_up", False),
    "alarms": lambda e: client("cloudwatch", DR).set_alarm_state(
        AlarmName="crm-dr-unhealthy-targets", StateValue="ALARM", StateReason="t"
    ),
    "standby-capacity": lambda e: client("autoscaling", DR).delete_policy(
        AutoScalingGroupName="dr-crm-asg", PolicyName="dr-crm-failover"
    ),
}


@pytest.mark.parametrize("check", list(BREAKS))
def test_a_broken_guarantee_makes_its_check_not_ready(
    check: str, estate: Estate, capsys: pytest.CaptureFixture[str]
) -> None:
    BREAKS[check](estate)
    code, checks = _checks(estate, capsys)
    assert (code, checks[check]) == (EXIT_NOT_READY, "not-ready")
