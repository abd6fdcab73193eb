"""drill run end to end against the emulator: measured RTO/RPO, failback, stop conditions,
timeouts, resume after a crash, and the safety rails."""

from __future__ import annotations

import json

from drctl.errors import EXIT_FAILBACK_INCOMPLETE, EXIT_NOT_READY, EXIT_OK, EXIT_REFUSED
from tests.drctl.conftest import DR, PROD, Estate, client

CONFIRM = "prod/crm/region-failover"


def _run(estate: Estate, *extra: str) -> int:
    return estate.drctl("drill", "run", "--scenario", "region-failover", "--service", "crm", *extra)


def _result(estate: Estate) -> dict:
    return json.loads((estate.results / "latest.json").read_text())["runs"][0]


def test_a_full_region_failover_measures_rto_from_fault_to_healthy(estate: Estate) -> None:
    assert _run(estate, "--execute", "--confirm", CONFIRM) == EXIT_OK
    rto = _result(estate)["rto"]
    # the check flips at once; promotion (240 s) and scale-up run in parallel; dr serves 60 s after
    # its instances are first seen up (at 240 s): 300 s from the fault
    assert (rto["measuredSeconds"], rto["pass"]) == (300, True)


def test_a_full_region_failover_measures_rpo_from_canaries_with_lag_as_corroboration(estate: Estate) -> None:
    _run(estate, "--execute", "--confirm", CONFIRM)
    attachments = _result(estate)["rpo"]["attachments"]
    # 6 canaries 10 s apart, S3 replicates in 20 s: the last two had not reached dr at the fault
    assert (attachments["method"], attachments["measuredSeconds"]) == ("canary", 20)
    assert _result(estate)["rpo"]["crm"]["method"] == "lag-metric"


def test_failback_restores_traffic_replica_and_capacity_after_a_drill(estate: Estate) -> None:
    _run(estate, "--execute", "--confirm", CONFIRM)
    check = client("route53", PROD).get_health_check(HealthCheckId=estate.world.prod_check)["HealthCheck"]
    replica = client("rds", DR).describe_db_instances(DBInstanceIdentifier="crm-crm-dr")["DBInstances"][0]
    group = client("autoscaling", DR).describe_auto_scaling_groups(AutoScalingGroupNames=["dr-crm-asg"])[
        "AutoScalingGroups"
    ][0]
    assert (
        check["HealthCheckConfig"]["Inverted"],
        bool(replica.get("ReadReplicaSourceDBInstanceIdentifier")),
        group["MinSize"],
        group["DesiredCapacity"],
    ) == (False, True, 0, 0)


def test_canary_objects_are_deleted_in_both_regions_and_the_deletion_verified(estate: Estate) -> None:
    _run(estate, "--execute", "--confirm", CONFIRM)
    left = client("s3", PROD).list_object_versions(Bucket="crm-attachments", Prefix="drctl-canary/")
    assert (left.get("Versions", []), _result(estate)["cleanupVerified"]) == ([], True)


def test_a_stop_condition_aborts_the_drill_and_fails_back(estate: Estate) -> None:
    original = estate.world.dr_serving

    def alarm_fires() -> bool:
        serving = original()
        if estate.world.dr_scaled_seen is not None:  # dr's new instances fail their targets
            client("cloudwatch", DR).set_alarm_state(
                AlarmName="crm-dr-unhealthy-targets", StateValue="ALARM", StateReason="test"
            )
        return serving

    estate.world.dr_serving = alarm_fires  # type: ignore[method-assign]
    assert _run(estate, "--execute", "--confirm", CONFIRM) == EXIT_NOT_READY
    result = _result(estate)
    assert (result["abort"]["kind"], result["failbackComplete"]) == ("stop-condition", True)


def test_an_alarm_the_failover_trips_by_design_is_not_a_stop_condition(estate: Estate) -> None:
    original = estate.world.prod_serving

    def prod_alarm_fires() -> bool:
        serving = original()
        if not serving:  # prod routed out: its health-check alarm goes off, as designed
            client("cloudwatch", PROD).set_alarm_state(
                AlarmName="crm-prod-unhealthy", StateValue="ALARM", StateReason="routed out"
            )
        return serving

    estate.world.prod_serving = prod_alarm_fires  # type: ignore[method-assign]
    assert _run(estate, "--execute", "--confirm", CONFIRM) == EXIT_OK


def test_a_step_that_overruns_its_timeout_aborts_and_fails_back(estate: Estate) -> None:
    estate.world.promote_seconds = 10_000  # never within max(3 x modelled, 5 min)
    assert _run(estate, "--execute", "--confirm", CONFIRM) == EXIT_NOT_READY
    result = _result(estate)
    assert (result["abort"]["kind"], result["failbackComplete"]) == ("timeout", True)


def test_failback_resumes_from_the_journal_after_a_crash(estate: Estate) -> None:
    estate.world.fail_undo.add("create_db_instance_read_replica")
    assert _run(estate, "--execute", "--confirm", CONFIRM) == EXIT_FAILBACK_INCOMPLETE
    run_id = _result(estate)["runId"]
    assert estate.drctl("drill", "failback", run_id, "--execute") == EXIT_OK
    replica = client("rds", DR).describe_db_instances(DBInstanceIdentifier="crm-crm-dr")["DBInstances"][0]
    assert replica["DBInstanceStatus"] == "available"


def test_a_new_drill_is_refused_while_a_failback_is_owed(estate: Estate) -> None:
    estate.world.fail_undo.add("create_db_instance_read_replica")
    _run(estate, "--execute", "--confirm", CONFIRM)
    assert _run(estate, "--execute", "--confirm", CONFIRM) == EXIT_REFUSED


def test_a_torn_last_journal_line_still_resumes(estate: Estate) -> None:
    estate.world.fail_undo.add("create_db_instance_read_replica")
    _run(estate, "--execute", "--confirm", CONFIRM)
    run_id = _result(estate)["runId"]
    journal = estate.results / run_id / "journal.jsonl"
    journal.write_text(journal.read_text() + '{"event": "undo-do')
    assert estate.drctl("drill", "failback", run_id, "--execute") == EXIT_OK


def test_run_without_execute_is_a_dry_run_that_changes_nothing(estate: Estate) -> None:
    assert _run(estate) == EXIT_OK
    check = client("route53", PROD).get_health_check(HealthCheckId=estate.world.prod_check)["HealthCheck"]
    assert (check["HealthCheckConfig"]["Inverted"], estate.results.exists()) == (False, False)


def test_execute_without_the_typed_confirmation_is_refused(estate: Estate) -> None:
    assert _run(estate, "--execute", "--confirm", "prod/crm/backup-restore") == EXIT_REFUSED


def test_a_failed_preflight_refuses_the_drill(estate: Estate) -> None:
    estate.world.replica_normal = False
    assert _run(estate, "--execute", "--confirm", CONFIRM) == EXIT_REFUSED


def test_pitr_restore_deletes_its_tagged_scratch_instance_and_verifies_it(estate: Estate) -> None:
    code = estate.drctl(
        "drill",
        "run",
        "--scenario",
        "pitr-restore",
        "--service",
        "crm",
        "--store",
        "crm",
        "--execute",
        "--confirm",
        "prod/crm/pitr-restore",
    )
    names = [i["DBInstanceIdentifier"] for i in client("rds", PROD).describe_db_instances()["DBInstances"]]
    result = _result(estate)
    assert (code, names, result["cleanupVerified"], result["rpo"]["crm"]["method"]) == (
        EXIT_OK,
        ["crm-crm-prod"],
        True,
        "restorable-time",
    )
