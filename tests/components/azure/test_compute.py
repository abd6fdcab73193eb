"""prod runs desiredCount, dr the strategy's standby count, with the scale-up command for pilot
light, as on AWS; sizes are ones the Azure services offer (mock-blind)."""

from __future__ import annotations

from clouds.azure_sizes import container_resources
from offline.engine import ProgramRun
from tests.components.azure.conftest import catalog, of

COMPUTE = {s["name"]: s["compute"] for s in catalog() if s.get("compute")}


def _apps(run: ProgramRun) -> dict[str, dict[str, object]]:
    return {r.inputs["containerAppName"].split("-", 1)[1]: r.inputs for r in of(run, "app:ContainerApp")}


def test_prod_runs_the_desired_count(azure_prod: ProgramRun) -> None:
    apps = _apps(azure_prod)
    for name, app in apps.items():
        assert app["template"]["scale"]["minReplicas"] == COMPUTE[name]["desiredCount"]  # type: ignore[index]
    scale_set = of(azure_prod, "compute:VirtualMachineScaleSet")[0].inputs
    assert scale_set["sku"]["capacity"] == COMPUTE["crm"]["desiredCount"]


def test_dr_runs_the_standby_count_and_no_compute_for_backup_and_restore(azure_dr: ProgramRun) -> None:
    services = azure_dr.outputs["services"]
    apps = _apps(azure_dr)
    assert "comms" not in apps  # backup & restore: nothing running in dr
    for name, app in apps.items():
        assert app["template"]["scale"]["minReplicas"] == services[name]["standbyCount"]  # type: ignore[index]
    assert (
        of(azure_dr, "compute:VirtualMachineScaleSet")[0].inputs["sku"]["capacity"] == 0
    )  # crm: pilot light


def test_pilot_light_outputs_the_command_that_raises_the_autoscale_floor(azure_dr: ProgramRun) -> None:
    command = azure_dr.outputs["endpoints"]["crm"]["compute"]["scaleUpCommand"]
    assert (
        command.startswith("az monitor autoscale update")
        and f"--min-count {COMPUTE['crm']['desiredCount']}" in command
    )


def test_container_sizes_are_container_apps_combinations(azure_site: ProgramRun) -> None:
    for app in of(azure_site, "app:ContainerApp"):
        container = app.inputs["template"]["containers"][0]
        resources = container["resources"]
        assert (resources["cpu"], resources["memory"]) in {
            container_resources(c, 2 * c) for c in range(256, 4097, 256)
        }


def test_the_container_apps_environment_is_zone_redundant_and_internal(azure_site: ProgramRun) -> None:
    for env in of(azure_site, "app:ManagedEnvironment"):
        assert env.inputs["zoneRedundant"] is True and env.inputs["vnetConfiguration"]["internal"] is True


def test_gateways_for_pci_and_pii_services_run_waf(azure_site: ProgramRun) -> None:
    for gateway in of(azure_site, "network:ApplicationGateway"):
        waf = gateway.inputs["tags"]["data-classification"] in ("pci", "pii")
        assert (gateway.inputs["sku"]["tier"] == "WAF_v2") == waf
        assert ("firewallPolicy" in gateway.inputs) == waf
