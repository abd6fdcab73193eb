"""Workers (compute with no endpoint, e.g. queue consumers) on Azure sites run in both sites by
their strategy, with no application gateway or Traffic Manager in front, and alerts of their own
into the site's action group (the worker variant of examples/azure, planned prod then dr)."""

from __future__ import annotations

from typing import Any

import pytest

from clouds import azure_names as names
from config import load
from offline.engine import ProgramRun
from offline.mocks import Recorded
from policy.rules import evaluate, residency_of
from tests.components.azure.conftest import EXAMPLE, azure_workers_run, of

WORKERS = ("mailer", "indexer", "comms")


def _of(run: ProgramRun, short: str, service: str) -> list[Recorded]:
    return [r for r in run.of_type(f"azure-native:{short}") if run.service_of(r) == service]


def _app(run: ProgramRun, service: str) -> dict[str, Any]:
    (app,) = _of(run, "app:ContainerApp", service)
    return app.inputs


def _alerts(run: ProgramRun) -> dict[str, Recorded]:
    return {a.inputs["ruleName"]: a for a in of(run, "monitor:MetricAlert")}


def test_workers_run_in_prod_at_their_desired_count() -> None:
    run = azure_workers_run("prod")
    assert _app(run, "mailer")["template"]["scale"]["minReplicas"] == 4
    assert _app(run, "comms")["template"]["scale"]["minReplicas"] == 2
    (scale_set,) = _of(run, "compute:VirtualMachineScaleSet", "indexer")
    (autoscale,) = _of(run, "monitor:AutoscaleSetting", "indexer")
    assert scale_set.inputs["sku"]["capacity"] == 2
    assert autoscale.inputs["profiles"][0]["capacity"]["minimum"] == "2"


def test_workers_keep_their_strategys_standby_count_in_dr() -> None:
    run = azure_workers_run("dr")
    scale = _app(run, "mailer")["template"]["scale"]  # warm standby: half of prod, up to twice prod
    assert (scale["minReplicas"], scale["maxReplicas"]) == (2, 8)
    (scale_set,) = _of(run, "compute:VirtualMachineScaleSet", "indexer")  # pilot light: zero
    assert scale_set.inputs["sku"]["capacity"] == 0
    command = run.outputs["workers"]["indexer"]["scaleUpCommand"]
    assert (
        command.startswith("az monitor autoscale update --name dr-indexer-autoscale")
        and "--min-count 2" in command
    )


def test_a_backup_and_restore_worker_has_no_compute_in_dr() -> None:
    run = azure_workers_run("dr")
    assert "comms" not in run.outputs["workers"]
    assert not [
        r for r in run.resources if run.service_of(r) == "comms" and r.type.startswith("azure-native:app")
    ]


FRONT = (
    "azure-native:network:ApplicationGateway",
    "azure-native:network:WebApplicationFirewallPolicy",
    "azure-native:network:PublicIPAddress",
    "azure-native:trafficmanager:",
    "azure-native:dns:",
)
"""What puts an endpoint on the internet: none of it is a worker's."""


def test_workers_have_no_gateway_traffic_manager_or_public_name() -> None:
    for stack in ("prod", "dr"):
        run = azure_workers_run(stack)
        for worker in WORKERS:
            assert not [
                r.type for r in run.resources if run.service_of(r) == worker and r.type.startswith(FRONT)
            ]
            assert worker not in run.outputs["endpoints"]


def test_container_workers_take_no_ingress_and_scale_on_cpu() -> None:
    for stack in ("prod", "dr"):
        for worker in ("mailer", "comms") if stack == "prod" else ("mailer",):
            app = _app(azure_workers_run(stack), worker)
            assert "ingress" not in app["configuration"]
            (rule,) = app["template"]["scale"]["rules"]
            assert rule["custom"] == {"type": "cpu", "metadata": {"type": "Utilization", "value": "60"}}


def test_vm_workers_join_no_gateway_pool() -> None:
    for stack in ("prod", "dr"):
        (scale_set,) = _of(azure_workers_run(stack), "compute:VirtualMachineScaleSet", "indexer")
        nic = scale_set.inputs["virtualMachineProfile"]["networkProfile"]["networkInterfaceConfigurations"][0]
        assert "applicationGatewayBackendAddressPools" not in nic["ipConfigurations"][0]


def test_container_workers_alert_on_replicas_below_their_strategy_and_on_saturation() -> None:
    run = azure_workers_run("dr")
    alerts = _alerts(run)
    (app,) = _of(run, "app:ContainerApp", "mailer")
    capacity = alerts["dr-mailer-capacity"].inputs
    (criterion,) = capacity["criteria"]["allOf"]
    assert capacity["scopes"] == [app.id]
    assert (criterion["metricName"], criterion["operator"], criterion["threshold"]) == (
        "Replicas",
        "LessThan",
        2,
    )
    saturated = alerts["dr-mailer-saturated"].inputs
    (criterion,) = saturated["criteria"]["allOf"]
    # 90 % of a 0.5-vCPU replica, in nanocores, averaged over 15 minutes
    assert (criterion["metricName"], criterion["threshold"]) == ("UsageNanoCores", 0.9 * 0.5e9)
    assert (saturated["windowSize"], saturated["scopes"]) == ("PT15M", [app.id])


def test_vm_workers_alert_on_instances_below_their_strategy_and_on_saturation() -> None:
    prod = azure_workers_run("prod")
    (autoscale,) = _of(prod, "monitor:AutoscaleSetting", "indexer")
    capacity = _alerts(prod)["prod-indexer-capacity"].inputs
    (criterion,) = capacity["criteria"]["allOf"]
    assert capacity["scopes"] == [autoscale.id]
    assert (criterion["metricName"], criterion["metricNamespace"], criterion["threshold"]) == (
        "ObservedCapacity",
        "microsoft.insights/autoscalesettings",
        2,
    )
    dr = azure_workers_run("dr")
    (scale_set,) = _of(dr, "compute:VirtualMachineScaleSet", "indexer")
    alerts = _alerts(dr)
    assert "dr-indexer-capacity" not in alerts  # a pilot light at zero has no running floor to watch
    saturated = alerts["dr-indexer-saturated"].inputs
    (criterion,) = saturated["criteria"]["allOf"]
    assert (criterion["metricName"], criterion["threshold"]) == ("Percentage CPU", 90)
    assert (saturated["windowSize"], saturated["scopes"]) == ("PT15M", [scale_set.id])


def test_worker_alerts_notify_the_sites_action_group() -> None:
    for stack in ("prod", "dr"):
        run = azure_workers_run(stack)
        (group,) = of(run, "monitor:ActionGroup")
        mine = [a for w in WORKERS for a in _of(run, "monitor:MetricAlert", w)]
        assert mine and all(a.inputs["actions"] == [{"actionGroupId": group.id}] for a in mine)


def test_workers_are_exported_with_their_compute_in_both_sites() -> None:
    prod, dr = (azure_workers_run(s).outputs["workers"] for s in ("prod", "dr"))
    assert set(prod) == {"mailer", "indexer", "comms"} and set(dr) == {"mailer", "indexer"}
    for workers in (prod, dr):
        assert (workers["mailer"]["kind"], workers["indexer"]["kind"]) == ("containers", "vms")
        assert workers["mailer"]["service"] and workers["indexer"]["autoScalingGroup"]


def test_worker_names_fit_azures_rules() -> None:
    for stack in ("prod", "dr"):
        run = azure_workers_run(stack)
        for token, rule in names.RULES.items():
            found = [r.inputs[rule.name_input] for r in run.of_type(token) if run.service_of(r) in WORKERS]
            assert [p for n in found if (p := rule.problem(str(n)))] == [], token


@pytest.mark.parametrize("stack", ["prod", "dr"])
def test_the_worker_variant_complies_with_every_policy(stack: str) -> None:
    assert evaluate(azure_workers_run(stack).resources, residency_of(load(stack, EXAMPLE))) == []
