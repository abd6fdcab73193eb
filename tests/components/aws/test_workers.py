"""Workers (compute with no endpoint, e.g. queue consumers) run in both sites by their strategy,
with no load balancer in front and alarms of their own."""

from __future__ import annotations

from typing import Any

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import both_stacks, plan_with, resources, with_workers


def worker_run(stack: str) -> ProgramRun:
    return both_stacks(with_workers)[stack]


def _of(run: ProgramRun, type_: str, service: str) -> list[Recorded]:
    return [r for r in resources(run, type_) if run.service_of(r) == service]


def test_workers_run_in_prod_at_their_desired_count() -> None:
    run = worker_run("prod")
    (ecs,) = _of(run, "aws:ecs/service:Service", "mailer")
    assert ecs.inputs["desiredCount"] == 4
    (group,) = _of(run, "aws:autoscaling/group:Group", "indexer")
    assert group.inputs["minSize"] == 2


def test_workers_keep_their_strategys_standby_count_in_dr() -> None:
    run = worker_run("dr")
    (target,) = _of(run, "aws:appautoscaling/target:Target", "mailer")  # warm standby: half of prod
    assert (target.inputs["minCapacity"], target.inputs["maxCapacity"]) == (2, 8)
    (group,) = _of(run, "aws:autoscaling/group:Group", "indexer")  # pilot light: zero, step to 2
    assert (group.inputs["minSize"], group.inputs["desiredCapacity"]) == (0, 0)
    assert "execute-policy" in run.outputs["workers"]["indexer"]["scaleUpCommand"]


def test_workers_have_no_load_balancer_target_group_or_dns_record() -> None:
    for stack in ("prod", "dr"):
        run = worker_run(stack)
        for worker in ("mailer", "indexer"):
            mine = {r.type for r in run.resources if run.service_of(r) == worker}
            assert not {t for t in mine if t.startswith(("aws:lb/", "aws:route53/", "aws:acm/"))}, mine
        (ecs,) = _of(run, "aws:ecs/service:Service", "mailer")
        assert not ecs.inputs.get("loadBalancers") and "healthCheckGracePeriodSeconds" not in ecs.inputs
        (group,) = _of(run, "aws:autoscaling/group:Group", "indexer")
        assert not group.inputs.get("targetGroupArns") and group.inputs["healthCheckType"] == "EC2"


def test_workers_admit_no_inbound_traffic() -> None:
    run = worker_run("dr")
    for worker in ("mailer", "indexer"):
        assert not _of(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", worker)
        (egress,) = _of(run, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", worker)
        assert (egress.inputs["fromPort"], egress.inputs["toPort"]) == (443, 443)


def test_workers_alarm_on_running_below_their_strategy_and_on_saturation() -> None:
    run = worker_run("dr")
    alarms = {a.name: a for a in resources(run, "aws:cloudwatch/metricAlarm:MetricAlarm")}
    capacity = alarms["dr-mailer-capacity"]
    assert (capacity.inputs["metricName"], capacity.inputs["threshold"]) == ("RunningTaskCount", 2)
    ids = run.outputs["workers"]["mailer"]
    assert capacity.inputs["dimensions"] == {"ClusterName": ids["cluster"], "ServiceName": ids["service"]}
    assert alarms["dr-mailer-saturated"].inputs["namespace"] == "AWS/ECS"
    # a pilot light at zero has no running floor to watch; its saturation alarm stays
    assert "dr-indexer-capacity" not in alarms
    saturated = alarms["dr-indexer-saturated"]
    assert saturated.inputs["dimensions"] == {
        "AutoScalingGroupName": run.outputs["workers"]["indexer"]["autoScalingGroup"]
    }


def test_vm_workers_publish_the_group_metrics_their_capacity_alarm_reads() -> None:
    run = worker_run("prod")
    (group,) = _of(run, "aws:autoscaling/group:Group", "indexer")
    assert "GroupInServiceInstances" in group.inputs["enabledMetrics"]
    capacity = next(
        a for a in _of(run, "aws:cloudwatch/metricAlarm:MetricAlarm", "indexer") if "capacity" in a.name
    )
    assert capacity.inputs["metricName"] == "GroupInServiceInstances"


def test_workers_are_exported_with_their_compute_in_both_sites() -> None:
    for stack in ("prod", "dr"):
        workers = worker_run(stack).outputs["workers"]
        assert set(workers) == {"mailer", "indexer"}
        assert workers["mailer"]["kind"] == "containers" and workers["mailer"]["securityGroupId"]
        assert workers["indexer"]["kind"] == "vms"


def test_a_backup_and_restore_worker_has_no_compute_in_dr() -> None:
    def slow_mailer(raw: dict[str, Any]) -> None:
        with_workers(raw)
        raw["services"][-2]["tier"] = 2

    run = plan_with("dr", slow_mailer)
    assert "mailer" not in run.outputs["workers"]
    assert not [r for r in run.resources if run.service_of(r) == "mailer" and r.custom]
