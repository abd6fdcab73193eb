"""The runner's safety rails against the emulator: dry run unless --execute, the typed confirmation,
one service per run, the readiness preflight, stop conditions, per-step timeouts, failback in a
`finally`, resuming from the journal, verified cleanup."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from drctl.errors import EXIT_BAD_INPUT, EXIT_FAILBACK_INCOMPLETE, EXIT_NOT_READY, EXIT_OK, EXIT_REFUSED
from drctl.journal import Journal, replay
from tests.drctl.conftest import DR, PROD, Deployment, Estate, client, latest, make_estate, run

CONFIRM = "prod/crm/region-failover"


def _failover(estate: Estate, *extra: str) -> int:
    return run(estate, "crm", "region-failover", *extra)


def _inverted(estate: Estate) -> bool:
    check = client("route53", PROD).get_health_check(HealthCheckId=estate.world.top.crm_checks["prod"])
    return bool(check["HealthCheck"]["HealthCheckConfig"]["Inverted"])


def _replica_linked() -> bool:
    found = client("rds", DR).describe_db_instances(DBInstanceIdentifier="crm-crm-dr")["DBInstances"][0]
    return bool(found.get("ReadReplicaSourceDBInstanceIdentifier"))


def _out(estate: Estate, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = estate.drctl(*argv)
    return code, out.getvalue()


# --- nothing changes without --execute and the typed confirmation ------------------------------


def test_run_without_execute_is_a_dry_run_that_changes_nothing(
    estate: Estate, deployment: Deployment
) -> None:
    code = estate.drctl("drill", "run", "--scenario", "region-failover", "--service", "ecommerce")
    arc = dict(estate.world.arc)
    assert (code, deployment.dirty, estate.world.switching, estate.results.exists()) == (
        EXIT_OK,
        False,
        None,
        False,
    )
    assert arc == {estate.world.top.controls["prod"]: "On", estate.world.top.controls["dr"]: "Off"}


def test_a_dry_run_lists_every_call_a_run_would_make_failback_included(estate: Estate) -> None:
    code, out = _out(
        estate, "drill", "run", "--scenario", "region-failover", "--service", "crm", "--format", "json"
    )
    apis = [c.split(" ", 1)[0] for c in json.loads(out)["calls"]]
    assert (code, apis.count("route53:UpdateHealthCheck"), "rds:PromoteReadReplica" in apis) == (
        EXIT_OK,
        2,  # the inversion and its failback
        True,
    )


@pytest.mark.parametrize("confirm", ["prod/crm/backup-restore", "dr/crm/region-failover", "prod/crm"])
def test_execute_with_the_wrong_typed_confirmation_is_refused(
    confirm: str, estate: Estate, deployment: Deployment
) -> None:
    assert (_failover_with(estate, confirm), deployment.dirty) == (EXIT_REFUSED, False)


def _failover_with(estate: Estate, confirm: str) -> int:
    return run(estate, "crm", "region-failover", confirm=confirm)


def test_execute_without_a_typed_confirmation_is_refused(estate: Estate, deployment: Deployment) -> None:
    code = estate.drctl("drill", "run", "--scenario", "region-failover", "--service", "crm", "--execute")
    assert (code, deployment.dirty) == (EXIT_REFUSED, False)


def test_one_service_per_run(estate: Estate, deployment: Deployment) -> None:
    code = estate.drctl(
        "drill",
        "run",
        "--scenario",
        "compute-scale-up",
        "--service",
        "crm",
        "--service",
        "ecommerce",
        "--execute",
        "--confirm",
        "dr/crm/compute-scale-up",  # right for the first: the second must not be dropped silently
    )
    assert (code, deployment.dirty) == (EXIT_REFUSED, False)


def test_a_failed_preflight_refuses_the_drill_and_changes_nothing(
    estate: Estate, deployment: Deployment
) -> None:
    estate.world.replica_normal = False
    assert (_failover(estate), deployment.dirty, estate.results.exists()) == (EXIT_REFUSED, False, False)


def test_backup_restore_needs_the_restore_role(estate: Estate, deployment: Deployment) -> None:
    assert (run(estate, "crm", "backup-restore"), deployment.dirty) == (EXIT_BAD_INPUT, False)


# --- stop conditions, timeouts, errors: abort and fail back --------------------------------------


def test_a_stop_condition_aborts_the_drill_and_fails_back(
    estate: Estate, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = estate.world._group_launches

    def alarm_fires(group: str) -> list:
        launches = original(group)
        if launches:  # dr's new instances fail their targets
            client("cloudwatch", DR).set_alarm_state(
                AlarmName="crm-dr-unhealthy-targets", StateValue="ALARM", StateReason="test"
            )
        return launches

    monkeypatch.setattr(estate.world, "_group_launches", alarm_fires)
    assert _failover(estate) == EXIT_NOT_READY
    result = latest(estate)
    assert (result["abort"]["kind"], result["failbackComplete"], _inverted(estate)) == (
        "stop-condition",
        True,
        False,
    )


def test_alarms_the_failover_trips_by_design_are_not_stop_conditions(
    estate: Estate, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = estate.world.check_healthy

    def by_design(check_id: str) -> bool:
        healthy = original(check_id)
        if check_id == estate.world.top.crm_checks["prod"] and not healthy:
            # prod is routed out, and dr's promoted replica no longer reports replica lag
            client("cloudwatch", PROD).set_alarm_state(
                AlarmName="crm-prod-unhealthy", StateValue="ALARM", StateReason="routed out"
            )
            client("cloudwatch", DR).set_alarm_state(
                AlarmName="crm-crm-ReplicaLag-above-rpo", StateValue="ALARM", StateReason="promoted"
            )
        return healthy

    monkeypatch.setattr(estate.world, "check_healthy", by_design)
    assert _failover(estate) == EXIT_OK


def test_a_step_that_overruns_its_timeout_aborts_and_fails_back(estate: Estate) -> None:
    # the switchover is modelled at 1 min: its step times out at max(3 x 1 min, 5 min); the
    # failback waits for the switchover in flight, then switches back
    estate.world.switchover_seconds = 600
    assert run(estate, "ecommerce", "region-failover") == EXIT_NOT_READY
    result = latest(estate)
    step = next(s for s in result["steps"] if s["id"] == "promote-orders")
    assert (result["abort"]["kind"], step["status"], result["failbackComplete"], estate.world.writer) == (
        "timeout",
        "requested",
        True,
        estate.world.top.orders["prod"],
    )


def test_an_error_mid_drill_aborts_and_fails_back(estate: Estate) -> None:
    estate.world.fail_once.add("promote_read_replica")
    assert _failover(estate) == EXIT_NOT_READY
    result = latest(estate)
    assert (result["abort"]["kind"], result["failbackComplete"], _inverted(estate)) == ("error", True, False)


def test_failback_runs_in_finally_even_when_the_operator_interrupts(estate: Estate) -> None:
    estate.world.interrupt_once.add("promote_read_replica")
    with pytest.raises(KeyboardInterrupt):
        _failover(estate)
    folder = next(p for p in estate.results.iterdir() if p.is_dir())
    assert (replay(Journal(folder)).pending, _inverted(estate)) == ([], False)


# --- a failback that did not finish: owed, refused around, resumed from the journal ------------


def _crashed(estate: Estate) -> tuple[int, str]:
    estate.world.fail_once.add("create_db_instance_read_replica")  # the network goes mid-failback
    code = _failover(estate)
    return code, latest(estate)["runId"]


@pytest.fixture(scope="module")
def crashed(deployment: Deployment, tmp_path_factory: pytest.TempPathFactory) -> tuple[Estate, int, str]:
    """A drill whose failback could not re-create the replica; its estate is not touched after."""
    estate = make_estate(deployment, Path(tmp_path_factory.mktemp("crashed")))
    code, run_id = _crashed(estate)
    return estate, code, run_id


def test_an_incomplete_failback_exits_5_and_leaves_the_failback_owed(
    crashed: tuple[Estate, int, str],
) -> None:
    estate, code, run_id = crashed
    pending = [u.id for u in replay(Journal(estate.results / run_id)).pending]
    assert (code, pending) == (EXIT_FAILBACK_INCOMPLETE, ["recreate-replica-crm"])


def test_a_new_drill_is_refused_while_a_failback_is_owed(crashed: tuple[Estate, int, str]) -> None:
    estate = crashed[0]
    assert run(estate, "ecommerce", "compute-scale-up") == EXIT_REFUSED


def test_failback_needs_the_runs_typed_confirmation(crashed: tuple[Estate, int, str]) -> None:
    estate, _, run_id = crashed
    codes = [
        estate.drctl("drill", "failback", run_id, "--execute"),
        estate.drctl("drill", "failback", run_id, "--execute", "--confirm", "dr/crm/region-failover"),
    ]
    assert (codes, [u.id for u in replay(Journal(estate.results / run_id)).pending]) == (
        [EXIT_REFUSED, EXIT_REFUSED],
        ["recreate-replica-crm"],
    )


def test_failback_without_execute_lists_what_is_owed_and_the_confirmation(
    crashed: tuple[Estate, int, str],
) -> None:
    estate, _, run_id = crashed
    code, out = _out(estate, "drill", "failback", run_id, "--format", "json")
    doc = json.loads(out)
    assert (code, doc["confirmation"], [u["id"] for u in doc["pending"]]) == (
        EXIT_OK,
        CONFIRM,
        ["recreate-replica-crm"],
    )


def test_failback_resumes_from_the_journal_after_a_crash(estate: Estate) -> None:
    _, run_id = _crashed(estate)
    code = estate.drctl("drill", "failback", run_id, "--execute", "--confirm", CONFIRM)
    assert (code, _replica_linked(), latest(estate)["failbackComplete"]) == (EXIT_OK, True, True)


def test_a_torn_last_journal_line_still_resumes(estate: Estate) -> None:
    _, run_id = _crashed(estate)
    journal = estate.results / run_id / "journal.jsonl"
    journal.write_text(journal.read_text() + '{"event": "undo-do')
    assert estate.drctl("drill", "failback", run_id, "--execute", "--confirm", CONFIRM) == EXIT_OK


# --- cleanup is verified, not assumed ------------------------------------------------------------


def test_a_scratch_resource_that_is_not_deleted_leaves_cleanup_unverified(estate: Estate) -> None:
    estate.world.undeletable.add("drill-20261125t120000-crm")
    code = run(estate, "crm", "pitr-restore", "--store", "crm")
    result = latest(estate)
    assert (code, result["cleanupVerified"], result["outcome"]) == (
        EXIT_FAILBACK_INCOMPLETE,
        False,
        "failback-incomplete",
    )
