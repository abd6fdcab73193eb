"""Workers (compute with no endpoint, e.g. queue consumers) on Google Cloud sites run in both sites
by their strategy (a Cloud Run worker pool, or a managed instance group), behind no load balancer
and with no external IP, with alert policies of their own into the site's notification channels
(the worker variant of examples/gcp, planned prod then dr)."""

from __future__ import annotations

import re

import pytest

from config import validate
from offline.engine import ProgramRun
from offline.mocks import Recorded
from policy.rules import evaluate, residency_of
from tests.components.gcp.conftest import gcp_raw, gcp_workers_run

POOL = "gcp:cloudrunv2/workerPool:WorkerPool"
MIG = "gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager"
AUTOSCALER = "gcp:compute/regionAutoscaler:RegionAutoscaler"
TEMPLATE = "gcp:compute/instanceTemplate:InstanceTemplate"
POLICY = "gcp:monitoring/alertPolicy:AlertPolicy"
WORKERS = ("mailer", "indexer", "comms")
# What puts a service behind a load balancer or on the internet: none of it is a worker's.
FRONT = (
    "gcp:cloudrunv2/service:",
    "gcp:compute/backendService:",
    "gcp:compute/regionNetworkEndpointGroup:",
    "gcp:compute/globalForwardingRule:",
    "gcp:compute/globalAddress:",
    "gcp:compute/uRLMap:",
    "gcp:compute/target",
    "gcp:compute/healthCheck:",
    "gcp:compute/firewall:",
    "gcp:compute/securityPolicy:",
    "gcp:certificatemanager/",
    "gcp:dns/",
    "gcp:monitoring/uptimeCheckConfig:",
)


def _of(run: ProgramRun, type_: str, service: str) -> list[Recorded]:
    return [r for r in run.of_type(type_) if run.service_of(r) == service]


def _one(run: ProgramRun, type_: str, service: str) -> Recorded:
    (found,) = _of(run, type_, service)
    return found


def _policies(run: ProgramRun) -> dict[str, Recorded]:
    return {p.name: p for p in run.of_type(POLICY)}


def test_workers_run_in_prod_at_their_desired_count() -> None:
    run = gcp_workers_run("prod")
    assert _one(run, POOL, "mailer").inputs["scaling"] == {"manualInstanceCount": 4}
    assert _one(run, POOL, "comms").inputs["scaling"] == {"manualInstanceCount": 2}
    policy = _one(run, AUTOSCALER, "indexer").inputs["autoscalingPolicy"]
    assert (policy["minReplicas"], policy["maxReplicas"]) == (2, 4)


def test_workers_keep_their_strategys_standby_count_in_dr() -> None:
    run = gcp_workers_run("dr")
    assert _one(run, POOL, "mailer").inputs["scaling"] == {"manualInstanceCount": 2}  # warm standby: half
    assert _one(run, AUTOSCALER, "indexer").inputs["autoscalingPolicy"]["minReplicas"] == 0  # pilot light
    command = run.outputs["workers"]["indexer"]["scaleUpCommand"]
    assert command.startswith("gcloud compute instance-groups managed update-autoscaling dr-indexer-mig")
    assert "--min-num-replicas=2" in command


def test_a_worker_pool_below_prods_count_in_dr_is_raised_by_one_command() -> None:
    # A worker pool runs a fixed count: a warm standby, too, needs the command on failover.
    assert gcp_workers_run("dr").outputs["workers"]["mailer"]["scaleUpCommand"] == (
        "gcloud run worker-pools update dr-mailer --region=us-east4 --scaling=4"
    )
    assert "scaleUpCommand" not in gcp_workers_run("prod").outputs["workers"]["mailer"]


def test_a_backup_and_restore_worker_has_no_compute_in_dr() -> None:
    run = gcp_workers_run("dr")
    assert "comms" not in run.outputs["workers"]
    assert not _of(run, POOL, "comms")


def test_workers_have_no_load_balancer_firewall_opening_or_public_name() -> None:
    for stack in ("prod", "dr"):
        run = gcp_workers_run(stack)
        for worker in WORKERS:
            assert not [
                r.type for r in run.resources if run.service_of(r) == worker and r.type.startswith(FRONT)
            ]
            assert worker not in run.outputs["endpoints"]


def test_vm_workers_have_no_external_ip_named_port_or_autohealing_probe() -> None:
    for stack in ("prod", "dr"):
        run = gcp_workers_run(stack)
        template = _one(run, TEMPLATE, "indexer").inputs
        assert all(not nic.get("accessConfigs") for nic in template["networkInterfaces"])
        group = _one(run, MIG, "indexer").inputs
        assert "namedPorts" not in group and "autoHealingPolicies" not in group


def test_worker_pools_egress_through_the_run_subnetwork_to_private_ranges_only() -> None:
    for stack in ("prod", "dr"):
        run = gcp_workers_run(stack)
        access = _one(run, POOL, "mailer").inputs["template"]["vpcAccess"]
        assert access["egress"] == "PRIVATE_RANGES_ONLY"
        assert access["networkInterfaces"][0]["subnetwork"] == run.outputs["network"]["privateSubnetIds"][1]


def test_worker_pool_limits_are_the_catalogs_sizes() -> None:
    (container,) = _one(gcp_workers_run("prod"), POOL, "mailer").inputs["template"]["containers"]
    assert container["resources"]["limits"] == {"cpu": "1", "memory": "2048Mi"}


def test_worker_pools_alert_below_their_count_or_when_nothing_reports() -> None:
    run = gcp_workers_run("dr")
    (threshold, absent) = _policies(run)["dr-mailer-capacity"].inputs["conditions"]
    pool = 'resource.type = "cloud_run_worker_pool" AND resource.labels.worker_pool_name = "dr-mailer"'
    assert threshold["conditionThreshold"]["filter"].startswith(pool)
    assert (
        threshold["conditionThreshold"]["comparison"],
        threshold["conditionThreshold"]["thresholdValue"],
    ) == (
        "COMPARISON_LT",
        2,
    )
    # instances of every revision (and state) count, summed per pool
    (aggregation,) = threshold["conditionThreshold"]["aggregations"]
    assert (aggregation["crossSeriesReducer"], aggregation["groupByFields"]) == (
        "REDUCE_SUM",
        ["resource.label.worker_pool_name"],
    )
    assert absent["conditionAbsent"]["filter"] == threshold["conditionThreshold"]["filter"]


def test_vm_workers_alert_below_their_count_in_prod_and_not_at_zero_in_dr() -> None:
    (threshold, _) = _policies(gcp_workers_run("prod"))["prod-indexer-capacity"].inputs["conditions"]
    condition = threshold["conditionThreshold"]
    assert 'resource.labels.instance_group_name = "prod-indexer-mig"' in condition["filter"]
    assert condition["thresholdValue"] == 2
    assert "dr-indexer-capacity" not in _policies(gcp_workers_run("dr"))  # pilot light: no running floor


def test_workers_alert_on_cpu_above_90_percent_for_15_minutes() -> None:
    policies = _policies(gcp_workers_run("dr"))
    for worker in ("mailer", "indexer"):
        (condition,) = policies[f"dr-{worker}-saturated"].inputs["conditions"]
        threshold = condition["conditionThreshold"]
        assert (threshold["comparison"], threshold["thresholdValue"], threshold["duration"]) == (
            "COMPARISON_GT",
            0.9,
            "900s",
        )


def test_vm_worker_cpu_reads_exactly_its_groups_instances() -> None:
    (condition,) = _policies(gcp_workers_run("dr"))["dr-indexer-saturated"].inputs["conditions"]
    pattern = re.search(r'full_match\("([^"]+)"\)', condition["conditionThreshold"]["filter"])
    assert pattern is not None
    matches = re.compile(pattern.group(1)).fullmatch
    # a MIG names instances <base>-<4 characters>; prod's group and a service named indexer-x differ
    assert (
        matches("dr-indexer-x7k2") and not matches("prod-indexer-x7k2") and not matches("dr-indexer-x-x7k2")
    )


def test_worker_alerts_notify_the_sites_channels() -> None:
    for stack in ("prod", "dr"):
        run = gcp_workers_run(stack)
        channels = sorted(
            c.outputs["name"] for c in run.of_type("gcp:monitoring/notificationChannel:NotificationChannel")
        )
        mine = [p for w in WORKERS for p in _of(run, POLICY, w)]
        assert mine and all(sorted(p.inputs["notificationChannels"]) == channels for p in mine)


def test_workers_are_exported_with_their_compute_in_both_sites() -> None:
    prod, dr = (gcp_workers_run(s).outputs["workers"] for s in ("prod", "dr"))
    assert set(prod) == {"mailer", "indexer", "comms"} and set(dr) == {"mailer", "indexer"}
    for workers in (prod, dr):
        assert workers["mailer"]["kind"] == "containers" and workers["mailer"]["workerPool"]
        assert workers["indexer"]["kind"] == "vms" and workers["indexer"]["instanceGroupManager"]


def test_worker_pool_and_identity_names_fit_and_differ_between_the_sites() -> None:
    # Cloud Run names are DNS labels of at most 49 characters; service account ids 6-30.
    pools = [r.inputs["name"] for s in ("prod", "dr") for r in gcp_workers_run(s).of_type(POOL)]
    accounts = [
        r.inputs["accountId"]
        for s in ("prod", "dr")
        for r in gcp_workers_run(s).of_type("gcp:serviceaccount/account:Account")
    ]
    assert pools and all(re.fullmatch(r"[a-z]([-a-z0-9]{0,47}[a-z0-9])?", p) for p in pools)
    assert all(re.fullmatch(r"[a-z][-a-z0-9]{4,28}[a-z0-9]", a) for a in accounts)
    assert len(set(pools)) == len(pools) and len(set(accounts)) == len(accounts)


@pytest.mark.parametrize("stack", ["prod", "dr"])
def test_the_worker_variant_complies_with_every_policy(stack: str) -> None:
    residency = residency_of(validate(gcp_raw(stack), stack))
    assert evaluate(gcp_workers_run(stack).resources, residency) == []
