"""Every scenario run end to end against the emulator (moto, and the validated fakes where moto has
no such API): the measured times are the World's delays on the injected clock, and failback leaves
the estate as it was. Each scenario runs once per module; its tests read that run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from drctl.errors import EXIT_OK
from tests.drctl.conftest import DR, PROD, Deployment, Drill, Estate, client, drill

ROLE = "arn:aws:iam::123456789012:role/acme-production-dr-backup"


def timeline(r: dict[str, Any]) -> dict[str, float | None]:
    return {s["id"]: s["measuredSeconds"] for s in r["steps"] if s["kind"] == "action"}


@pytest.fixture(scope="module")
def run_drill(deployment: Deployment, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Drill]:
    """Runs one drill against a fresh estate in a folder of its own."""

    def run(service: str, scenario: str, *extra: str, **hooks: Any) -> Drill:
        folder = Path(tmp_path_factory.mktemp(f"{service}-{scenario}"))
        return drill(deployment, folder, service, scenario, *extra, **hooks)

    return run


def _instances(region: str) -> list[str]:
    return [i["DBInstanceIdentifier"] for i in client("rds", region).describe_db_instances()["DBInstances"]]


def _group(name: str) -> dict[str, Any]:
    found = client("autoscaling", DR).describe_auto_scaling_groups(AutoScalingGroupNames=[name])
    return found["AutoScalingGroups"][0]


def _floor() -> int:
    targets = client("application-autoscaling", DR).describe_scalable_targets(ServiceNamespace="ecs")
    return int(targets["ScalableTargets"][0]["MinCapacity"])


# --- region failover: pilot light, health-check inversion, RDS replica, S3 canaries ------------


def _crm_after(e: Estate) -> dict[str, Any]:
    check = client("route53", PROD).get_health_check(HealthCheckId=e.world.top.crm_checks["prod"])
    replica = client("rds", DR).describe_db_instances(DBInstanceIdentifier="crm-crm-dr")["DBInstances"][0]
    group = _group("dr-crm-asg")
    canaries = client("s3", PROD).list_object_versions(Bucket="crm-attachments", Prefix="drctl-canary/")
    return {
        "inverted": check["HealthCheck"]["HealthCheckConfig"]["Inverted"],
        "replicaOf": replica.get("ReadReplicaSourceDBInstanceIdentifier"),
        "group": (group["MinSize"], group["DesiredCapacity"]),
        "canaries": canaries.get("Versions", []) + canaries.get("DeleteMarkers", []),
    }


@pytest.fixture(scope="module")
def crm_failover(run_drill: Callable[..., Drill]) -> Drill:
    return run_drill("crm", "region-failover", after=_crm_after)


def test_crm_region_failover_measures_rto_from_fault_to_healthy(crm_failover: Drill) -> None:
    rto = crm_failover.result["rto"]
    # promotion (240 s) and the scale-up (boot 180 s + 30 s of passing checks) run in parallel
    assert (crm_failover.code, rto["measuredSeconds"], rto["pass"]) == (EXIT_OK, 240, True)


def test_crm_region_failover_times_each_step(crm_failover: Drill) -> None:
    assert timeline(crm_failover.result) == {
        "invert-prod-check": 0,
        "promote-crm": 240,
        "scale-up": 180,
        "serve-from-dr": 0,
    }


def test_crm_region_failover_measures_rpo_from_s3_canaries_with_lag_as_corroboration(
    crm_failover: Drill,
) -> None:
    rpo = crm_failover.result["rpo"]
    # 6 canaries 10 s apart, S3 replicates in 20 s: the last two had not reached dr at the fault
    assert (rpo["attachments"]["method"], rpo["attachments"]["measuredSeconds"], rpo["crm"]["method"]) == (
        "canary",
        20,
        "lag-metric",
    )


def test_crm_failback_restores_traffic_replica_and_capacity(crm_failover: Drill) -> None:
    after = crm_failover.after
    assert (after["inverted"], bool(after["replicaOf"]), after["group"], crm_failover.result["outcome"]) == (
        False,
        True,
        (0, 0),
        "passed",
    )


def test_crm_canary_objects_are_deleted_in_both_regions_and_the_deletion_verified(
    crm_failover: Drill,
) -> None:
    assert (crm_failover.after["canaries"], crm_failover.result["cleanupVerified"]) == ([], True)


def test_a_measurement_that_contradicts_an_assumed_constant_is_reported(crm_failover: Drill) -> None:
    found = [(c["constant"], c["measuredSeconds"]) for c in crm_failover.report["contradictions"]]
    assert found == [("VM_SCALE_UP_ASSUMED", 180)]  # modelled 20 min, measured 3 min


def test_readiness_is_recorded_before_and_after_the_drill(crm_failover: Drill) -> None:
    readiness = crm_failover.result["readiness"]
    statuses = {phase: {c["status"] for c in readiness[phase]} for phase in ("before", "after")}
    assert statuses == {"before": {"ready"}, "after": {"ready"}}


# --- region failover: warm standby, ARC, Aurora global, DynamoDB canaries, ECS ---------------


def _shop_after(e: Estate) -> dict[str, Any]:
    return {"floor": _floor(), "items": client("dynamodb", PROD).scan(TableName="ecommerce-carts")["Items"]}


@pytest.fixture(scope="module")
def shop_failover(run_drill: Callable[..., Drill]) -> Drill:
    return run_drill("ecommerce", "region-failover", after=_shop_after)


def test_ecommerce_region_failover_flips_arc_and_switches_aurora_over(shop_failover: Drill) -> None:
    r = shop_failover.result
    # the switchover (90 s) and raising the task floor (270 s to start 3 more tasks) run in parallel
    assert (shop_failover.code, r["rto"]["measuredSeconds"], timeline(r)) == (
        EXIT_OK,
        270,
        {"route-out-prod": 0, "promote-orders": 90, "scale-up": 270, "serve-from-dr": 0},
    )


def test_ecommerce_region_failover_measures_rpo_from_dynamodb_canaries(shop_failover: Drill) -> None:
    rpo = shop_failover.result["rpo"]
    # DynamoDB replicates in 25 s: of canaries written at 0..50 s, those after 20 s were missing
    assert (
        rpo["carts"]["method"],
        rpo["carts"]["measuredSeconds"],
        rpo["carts"]["corroboration"]["lagMetricSeconds"],
        rpo["orders"]["method"],
        rpo["orders"]["measuredSeconds"],
    ) == ("canary", 30, 1.2, "lag-metric", 0.8)


def test_ecommerce_failback_restores_arc_states_writer_and_task_floor(shop_failover: Drill) -> None:
    world, top = shop_failover.estate.world, shop_failover.estate.world.top
    assert (
        world.arc[top.controls["prod"]],
        world.arc[top.controls["dr"]],
        world.writer,
        world.switching,
        shop_failover.after["floor"],
        shop_failover.result["failbackComplete"],
    ) == ("On", "Off", top.orders["prod"], None, 3, True)


def test_ecommerce_canary_items_are_deleted_and_the_deletion_verified(shop_failover: Drill) -> None:
    assert (shop_failover.after["items"], shop_failover.result["cleanupVerified"]) == ([], True)


@pytest.fixture(scope="module")
def shop_unplanned(run_drill: Callable[..., Drill]) -> Drill:
    return run_drill("ecommerce", "region-failover", "--unplanned")


def test_unplanned_failover_uses_the_managed_failover_and_switches_back(shop_unplanned: Drill) -> None:
    step = next(s for s in shop_unplanned.result["steps"] if s["id"] == "promote-orders")
    world = shop_unplanned.estate.world
    assert (shop_unplanned.code, step["apis"], step["measuredSeconds"], world.writer) == (
        EXIT_OK,
        ["rds:FailoverGlobalCluster"],
        60,
        world.top.orders["prod"],
    )


# --- backup-restore ---------------------------------------------------------------------------


def _recent_copies(e: Estate) -> None:
    for arn in e.world.recovery_points:
        e.world.recovery_points[arn] = e.clock.now() - timedelta(minutes=10)


def _dr_inventory(e: Estate) -> dict[str, Any]:
    return {
        "instances": _instances(DR),
        "buckets": [b["Name"] for b in client("s3", DR).list_buckets()["Buckets"]],
    }


@pytest.fixture(scope="module")
def crm_restore(run_drill: Callable[..., Drill]) -> Drill:
    return run_drill(
        "crm", "backup-restore", "--restore-role-arn", ROLE, prepare=_recent_copies, after=_dr_inventory
    )


def test_backup_restore_measures_rto_to_the_last_validated_restore(crm_restore: Drill) -> None:
    r = crm_restore.result
    # restores run in parallel: the instance (600 s) outlasts the bucket (300 s)
    assert (
        crm_restore.code,
        r["rto"]["measuredSeconds"],
        timeline(r)["restore-crm"],
        timeline(r)["restore-attachments"],
    ) == (
        EXIT_OK,
        600,
        600,
        300,
    )


def test_backup_restore_measures_rpo_as_the_age_of_the_restored_recovery_point(crm_restore: Drill) -> None:
    assert {s: (p["method"], p["measuredSeconds"]) for s, p in crm_restore.result["rpo"].items()} == {
        "crm": ("recovery-point-age", 600),
        "attachments": ("recovery-point-age", 600),
    }


def test_backup_restore_reports_each_validation_to_aws_backup(crm_restore: Drill) -> None:
    assert sorted(crm_restore.estate.world.validations.values()) == ["SUCCESSFUL", "SUCCESSFUL"]


def test_backup_restore_scratch_resources_carried_the_run_tag_and_are_gone(crm_restore: Drill) -> None:
    r = crm_restore.result
    stamp = r["runId"].split("-", 1)[0]
    scratch = [f"drill-{stamp}-crm", f"drill-{stamp}-attachments"]
    left = crm_restore.after["instances"] + crm_restore.after["buckets"]
    assert (
        [crm_restore.estate.world.deleted_tags[n].get("drill-run-id") for n in scratch],
        [n for n in scratch if n in left],
        r["cleanupVerified"],
    ) == ([r["runId"], r["runId"]], [], True)


# --- compute-scale-up -------------------------------------------------------------------------


SCALE_UP = {
    # compute kind: (service, measured RTO, its standby capacity read back after failback)
    "vms": ("crm", 210, (0, 0)),  # boot 180 s + 30 s of passing checks; group (min, desired)
    "containers": ("ecommerce", 270, 3),  # 270 s to start 3 more tasks; the task floor
}
STANDBY_CAPACITY: dict[str, Callable[[Estate], Any]] = {
    "vms": lambda e: (_group("dr-crm-asg")["MinSize"], _group("dr-crm-asg")["DesiredCapacity"]),
    "containers": lambda e: _floor(),
}


@pytest.fixture(scope="module", params=list(SCALE_UP))
def scale_up(request: pytest.FixtureRequest, run_drill: Callable[..., Drill]) -> tuple[str, Drill]:
    kind = request.param
    capacity = STANDBY_CAPACITY[kind]
    return kind, run_drill(SCALE_UP[kind][0], "compute-scale-up", after=lambda e: {"capacity": capacity(e)})


def test_compute_scale_up_measures_rto_until_the_added_compute_is_healthy(
    scale_up: tuple[str, Drill],
) -> None:
    kind, d = scale_up
    assert (d.code, d.result["rto"]["measuredSeconds"]) == (EXIT_OK, SCALE_UP[kind][1])


def test_compute_scale_up_failback_restores_the_standby_capacity(scale_up: tuple[str, Drill]) -> None:
    kind, d = scale_up
    assert d.after["capacity"] == SCALE_UP[kind][2]


# --- pitr-restore -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crm_pitr(run_drill: Callable[..., Drill]) -> Drill:
    return run_drill("crm", "pitr-restore", "--store", "crm", after=lambda e: {"instances": _instances(PROD)})


def test_pitr_restore_of_an_rds_instance_dates_its_rpo_from_the_restorable_time(crm_pitr: Drill) -> None:
    assert (crm_pitr.code, crm_pitr.result["rpo"]["crm"]["method"]) == (EXIT_OK, "restorable-time")


def test_pitr_restore_deletes_its_scratch_instance_that_carried_the_run_tag(crm_pitr: Drill) -> None:
    r = crm_pitr.result
    scratch = f"drill-{r['runId'].split('-', 1)[0]}-crm"
    assert (
        crm_pitr.estate.world.deleted_tags[scratch]["drill-run-id"],
        scratch in crm_pitr.after["instances"],
        r["cleanupVerified"],
    ) == (r["runId"], False, True)


@pytest.fixture(scope="module")
def shop_pitr(run_drill: Callable[..., Drill]) -> Drill:
    return run_drill(
        "ecommerce",
        "pitr-restore",
        after=lambda e: {
            "tables": client("dynamodb", PROD).list_tables()["TableNames"],
            "clusters": [
                c["DBClusterIdentifier"] for c in client("rds", PROD).describe_db_clusters()["DBClusters"]
            ],
        },
    )


def test_pitr_restore_of_a_table_and_a_cluster_cleans_both_up(shop_pitr: Drill) -> None:
    assert (shop_pitr.code, shop_pitr.after, shop_pitr.result["cleanupVerified"]) == (
        EXIT_OK,
        {"tables": ["ecommerce-carts"], "clusters": ["ecommerce-orders-prod"]},
        True,
    )
