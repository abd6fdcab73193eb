"""Readiness against the emulator: every check ready on the deployed estate, and every check not
ready (with a fix) when what it guards is broken."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from drctl.errors import EXIT_NOT_READY, EXIT_OK
from tests.drctl.conftest import DR, PROD, Deployment, Estate, client, make_estate
from tests.drctl.deployment import put_metric


def _readiness(estate: Estate, *service: str) -> tuple[int, dict[tuple[str, str], dict[str, Any]]]:
    argv = ["readiness", "--format", "json", *(a for s in service for a in ("--service", s))]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = estate.drctl(*argv)
    return code, {(c["service"], c["check"]): c for c in json.loads(out.getvalue())["checks"]}


@pytest.fixture(scope="module")
def ready(deployment: Deployment, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict]:
    """One readiness run over the freshly deployed estate, shared by the ready tests."""
    return _readiness(make_estate(deployment, Path(tmp_path_factory.mktemp("ready"))))


CHECKS = [
    ("crm", "replication:crm"),
    ("crm", "replication:attachments"),
    ("crm", "recovery-point:crm"),
    ("crm", "recovery-point:attachments"),
    ("crm", "vault-locked"),
    ("crm", "restore-test"),
    ("crm", "standby-capacity"),
    ("crm", "health-check:prod"),
    ("crm", "health-check:dr"),
    ("crm", "failover-records"),
    ("crm", "alarms"),
    ("ecommerce", "replication:orders"),
    ("ecommerce", "replication:carts"),
    ("ecommerce", "recovery-point:orders"),
    ("ecommerce", "standby-capacity"),
    ("ecommerce", "health-check:dr"),
    ("ecommerce", "failover-records"),
    ("ecommerce", "routing-controls"),
    ("ecommerce", "alarms"),
]


def test_the_deployed_estate_is_ready_with_exit_0(ready: tuple[int, dict]) -> None:
    code, checks = ready
    assert (code, [k for k, c in checks.items() if c["status"] != "ready"]) == (EXIT_OK, [])


@pytest.mark.parametrize(("service", "check"), CHECKS, ids=[f"{s}:{c}" for s, c in CHECKS])
def test_each_check_is_ready_on_the_deployed_estate(
    ready: tuple[int, dict], service: str, check: str
) -> None:
    assert ready[1][(service, check)]["status"] == "ready"


def _upsert_record(e: Estate, hostname: str, role: str, change: dict[str, Any]) -> None:
    r53 = client("route53", PROD)
    zone = r53.list_hosted_zones_by_name(DNSName="marketplace.example.com.")["HostedZones"][0]["Id"]
    records = r53.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]
    record = next(r for r in records if r["Name"] == f"{hostname}." and r.get("Failover") == role)
    updated = {k: v for k, v in {**record, **change}.items() if v is not None}
    r53.change_resource_record_sets(
        HostedZoneId=zone, ChangeBatch={"Changes": [{"Action": "UPSERT", "ResourceRecordSet": updated}]}
    )


def _lag(e: Estate, region: str, namespace: str, metric: str, dims: dict[str, str], value: float) -> None:
    put_metric(client, e.clock, region, namespace, metric, dims, value)


BREAKS: dict[str, tuple[str, str, Callable[[Estate], Any]]] = {
    "s3 replication rule removed": (
        "crm",
        "replication:attachments",
        lambda e: client("s3", PROD).delete_bucket_replication(Bucket="crm-attachments"),
    ),
    "rds replica not replicating": (
        "crm",
        "replication:crm",
        lambda e: setattr(e.world, "replica_normal", False),
    ),
    "aurora dr no longer a global member": (
        "ecommerce",
        "replication:orders",
        lambda e: setattr(e.world, "dr_secondary_attached", False),
    ),
    "aurora global lag beyond the rpo": (
        "ecommerce",
        "replication:orders",
        lambda e: _lag(
            e, DR, "AWS/RDS", "AuroraGlobalDBRPOLag", {"DBClusterIdentifier": "ecommerce-orders-dr"}, 90_000
        ),
    ),
    "dynamodb replica not active": (
        "ecommerce",
        "replication:carts",
        lambda e: setattr(e.world, "ddb_replica_status", "INACCESSIBLE_ENCRYPTION_CREDENTIALS"),
    ),
    "dynamodb replication latency beyond the rpo": (
        "ecommerce",
        "replication:carts",
        lambda e: _lag(
            e,
            PROD,
            "AWS/DynamoDB",
            "ReplicationLatency",
            {"TableName": "ecommerce-carts", "ReceivingRegion": DR},
            120_000,
        ),
    ),
    "newest recovery point late": (
        "crm",
        "recovery-point:crm",
        lambda e: e.world.recovery_points.update(
            {k: e.clock.now() - timedelta(days=3) for k in e.world.recovery_points}
        ),
    ),
    "no recovery point at all": (
        "crm",
        "recovery-point:attachments",
        lambda e: e.world.recovery_points.clear(),
    ),
    "vault lock removed": (
        "crm",
        "vault-locked",
        lambda e: client("backup", DR).delete_backup_vault_lock_configuration(
            BackupVaultName="acme-production-dr"
        ),
    ),
    "last restore test failed": (
        "crm",
        "restore-test",
        lambda e: setattr(e.world, "restore_test", {"Status": "FAILED"}),
    ),
    "asg failover policy missing": (
        "crm",
        "standby-capacity",
        lambda e: client("autoscaling", DR).delete_policy(
            AutoScalingGroupName="dr-crm-asg", PolicyName="dr-crm-failover"
        ),
    ),
    "ecs standby tasks below the standby count": (
        "ecommerce",
        "standby-capacity",
        lambda e: setattr(e.world, "ecs_running", 1),
    ),
    "prod endpoint failing its check": (
        "crm",
        "health-check:prod",
        lambda e: setattr(e.world, "prod_up", False),
    ),
    "dr check inverted": (
        "crm",
        "health-check:dr",
        lambda e: client("route53", PROD).update_health_check(
            HealthCheckId=e.world.top.crm_checks["dr"], Inverted=True
        ),
    ),
    "warm standby endpoint failing its check": (
        "ecommerce",
        "health-check:dr",
        lambda e: setattr(e.world, "ecs_running", 0),
    ),
    "primary record without its health check": (
        "crm",
        "failover-records",
        lambda e: _upsert_record(e, "crm.marketplace.example.com", "PRIMARY", {"HealthCheckId": None}),
    ),
    "secondary record checked by another check": (
        "ecommerce",
        "failover-records",
        lambda e: _upsert_record(
            e,
            "shop.marketplace.example.com",
            "SECONDARY",
            {"HealthCheckId": e.world.top.crm_checks["dr"]},
        ),
    ),
    "prod routing control off": (
        "ecommerce",
        "routing-controls",
        lambda e: e.world.arc.update({e.world.top.controls["prod"]: "Off", e.world.top.controls["dr"]: "On"}),
    ),
    "no safety rule keeping a site on": (
        "ecommerce",
        "routing-controls",
        lambda e: setattr(e.world, "safety_rule_threshold", 0),
    ),
    "a composite alarm in ALARM": (
        "crm",
        "alarms",
        lambda e: setattr(e.world, "composite_alarm", "ALARM"),
    ),
    "an alarm in ALARM": (
        "crm",
        "alarms",
        lambda e: client("cloudwatch", DR).set_alarm_state(
            AlarmName="crm-dr-unhealthy-targets", StateValue="ALARM", StateReason="t"
        ),
    ),
}


@pytest.mark.parametrize("broken", list(BREAKS))
def test_a_broken_guarantee_makes_its_check_not_ready_with_a_fix(broken: str, estate: Estate) -> None:
    service, check, breaks = BREAKS[broken]
    breaks(estate)
    code, checks = _readiness(estate, service)
    assert (code, checks[(service, check)]["status"], bool(checks[(service, check)]["fix"])) == (
        EXIT_NOT_READY,
        "not-ready",
        True,
    )


def _kind(check: str) -> str:
    return check if check.startswith("health-check") else check.split(":")[0]


def test_every_kind_of_check_has_a_ready_and_a_not_ready_test() -> None:
    assert sorted({_kind(c) for _, c in CHECKS}) == sorted({_kind(c) for _, c, _ in BREAKS.values()})
