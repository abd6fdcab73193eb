"""A site's Container Apps environment: zone redundant, inside the site's VNet, internal (only the
site's application gateways reach its apps), logs to the site workspace.

Constraints checked with the search tool ("Networking in Azure Container Apps environment",
checked 2026): zone redundancy needs a VNet-integrated environment; a workload-profiles
environment takes a subnet of /27 or larger delegated to Microsoft.App/environments; an internal
environment has no public endpoint, so a private DNS zone named after its default domain, with a
wildcard A record to its static IP, lets the gateways resolve `<app>.<default domain>`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import app, privatedns

from components.azure.diagnostics import send_to_workspace
from components.base import Component

CONSUMPTION = "Consumption"


@dataclass(frozen=True)
class EnvironmentProps:
    name: str
    resource_group: pulumi.Input[str]
    location: str
    subnet_id: pulumi.Input[str]
    vnet_id: pulumi.Input[str]
    workspace_id: pulumi.Input[str]
    tags: Mapping[str, str]


class ContainerAppsEnvironment(Component):
    def __init__(self, name: str, props: EnvironmentProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("container_env", name, opts)
        tags = dict(props.tags)
        self.environment = app.ManagedEnvironment(
            name,
            environment_name=props.name,
            resource_group_name=props.resource_group,
            location=props.location,
            zone_redundant=True,
            vnet_configuration=app.VnetConfigurationArgs(
                infrastructure_subnet_id=props.subnet_id, internal=True
            ),
            workload_profiles=[app.WorkloadProfileArgs(name=CONSUMPTION, workload_profile_type=CONSUMPTION)],
            app_logs_configuration=app.AppLogsConfigurationArgs(destination="azure-monitor"),
            tags=tags,
            opts=self.child(),
        )
        send_to_workspace(f"{name}-diagnostics", self.environment.id, props.workspace_id, self.child())
        self.zone = privatedns.PrivateZone(
            f"{name}-zone",
            private_zone_name=self.environment.default_domain,
            resource_group_name=props.resource_group,
            location="global",
            tags=tags,
            opts=self.child(),
        )
        privatedns.VirtualNetworkLink(
            f"{name}-zone-link",
            virtual_network_link_name="site-vnet",
            private_zone_name=self.zone.name,
            resource_group_name=props.resource_group,
            location="global",
            virtual_network=privatedns.SubResourceArgs(id=props.vnet_id),
            registration_enabled=False,
            tags=tags,
            opts=self.child(),
        )
        privatedns.PrivateRecordSet(
            f"{name}-wildcard",
            private_zone_name=self.zone.name,
            resource_group_name=props.resource_group,
            record_type="A",
            relative_record_set_name="*",
            ttl=300,
            a_records=[privatedns.ARecordArgs(ipv4_address=self.environment.static_ip)],
            opts=self.child(),
        )
        self.id: pulumi.Output[str] = self.environment.id
        self.default_domain: pulumi.Output[str] = self.environment.default_domain
        self.register_outputs({"id": self.id, "defaultDomain": self.default_domain})
