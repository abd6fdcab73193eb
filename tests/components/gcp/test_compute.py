"""Compute per strategy: Cloud Run for containers, managed instance groups for VMs; prod runs
the desired count, dr the standby count, pilot light scales up by one command."""

from __future__ import annotations

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.components.gcp.conftest import gcp_raw, gcp_resources

RUN = "gcp:cloudrunv2/service:Service"
MIG = "gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager"
AUTOSCALER = "gcp:compute/regionAutoscaler:RegionAutoscaler"
TEMPLATE = "gcp:compute/instanceTemplate:InstanceTemplate"


def _service(name: str) -> dict:
    return next(s for s in gcp_raw("prod")["services"] if s["name"] == name)


def _run(site: ProgramRun, name: str) -> Recorded:
    return next(r for r in gcp_resources(site, RUN) if r.inputs["name"] == f"{site.stack}-{name}")


def test_prod_cloud_run_services_run_the_desired_count(gcp_prod: ProgramRun) -> None:
    for name in ("ecommerce", "payments", "inventory", "comms"):
        scaling = _run(gcp_prod, name).inputs["template"]["scaling"]
        desired = _service(name)["compute"]["desiredCount"]
        assert (scaling["minInstanceCount"], scaling["maxInstanceCount"]) == (desired, 2 * desired), name


def test_dr_cloud_run_services_run_the_standby_count(gcp_dr: ProgramRun) -> None:
    # Warm standby keeps half of prod (at least one); backup & restore declares no compute.
    for name in ("ecommerce", "payments", "inventory"):
        scaling = _run(gcp_dr, name).inputs["template"]["scaling"]
        assert scaling["minInstanceCount"] == max(1, _service(name)["compute"]["desiredCount"] // 2), name
    assert not [r for r in gcp_dr.of_type(RUN) if r.inputs["name"] == "dr-comms"]


def test_cloud_run_is_reachable_only_through_the_load_balancer() -> None:
    from tests.components.gcp.conftest import both

    for r in both(RUN):
        assert r.inputs["ingress"] == "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", r.name


def test_cloud_run_reaches_private_ranges_through_the_run_subnetwork(gcp_site: ProgramRun) -> None:
    run_subnet = gcp_site.outputs["network"]["privateSubnetIds"][1]
    for r in gcp_resources(gcp_site, RUN):
        access = r.inputs["template"]["vpcAccess"]
        assert access["egress"] == "PRIVATE_RANGES_ONLY"
        assert access["networkInterfaces"][0]["subnetwork"] == run_subnet, r.name


def test_cloud_run_limits_are_the_catalogs_sizes(gcp_prod: ProgramRun) -> None:
    for name in ("ecommerce", "payments"):
        limits = _run(gcp_prod, name).inputs["template"]["containers"][0]["resources"]["limits"]
        compute = _service(name)["compute"]
        assert limits == {"cpu": str(compute["cpu"] // 1024), "memory": f"{compute['memory']}Mi"}


def test_pilot_light_vms_scale_from_zero_with_one_command(gcp_dr: ProgramRun) -> None:
    (scaler,) = gcp_resources(gcp_dr, AUTOSCALER)
    assert scaler.inputs["autoscalingPolicy"]["minReplicas"] == 0
    command = gcp_dr.outputs["endpoints"]["crm"]["compute"]["scaleUpCommand"]
    assert command.startswith("gcloud compute instance-groups managed update-autoscaling dr-crm-mig")
    assert f"--min-num-replicas={_service('crm')['compute']['desiredCount']}" in command


def test_vm_templates_are_shielded_cmek_and_without_external_ips(gcp_site: ProgramRun) -> None:
    key = gcp_site.outputs["keyArn"]
    for t in gcp_resources(gcp_site, TEMPLATE):
        shielded = t.inputs["shieldedInstanceConfig"]
        assert all(shielded[k] for k in ("enableSecureBoot", "enableVtpm", "enableIntegrityMonitoring"))
        assert [d["diskEncryptionKey"]["kmsKeySelfLink"] for d in t.inputs["disks"]] == [key]
        assert all(not nic.get("accessConfigs") for nic in t.inputs["networkInterfaces"])


def test_vms_admit_only_the_load_balancers_ranges_on_their_port(gcp_site: ProgramRun) -> None:
    rules = [f for f in gcp_resources(gcp_site, "gcp:compute/firewall:Firewall") if f.inputs.get("allows")]
    assert rules
    for f in rules:
        assert sorted(f.inputs["sourceRanges"]) == ["130.211.0.0/22", "35.191.0.0/16"]
        assert f.inputs["allows"] == [{"protocol": "tcp", "ports": [str(_service("crm")["compute"]["port"])]}]


def test_the_vm_backend_is_the_instance_group(gcp_site: ProgramRun) -> None:
    (group,) = gcp_resources(gcp_site, MIG)
    backend = next(
        b
        for b in gcp_resources(gcp_site, "gcp:compute/backendService:BackendService")
        if b.inputs.get("portName")
    )
    assert backend.inputs["backends"][0]["group"] == group.outputs["instanceGroup"]
