"""A site's virtual network: subnets per tier, their network security groups, a NAT gateway for
outbound traffic, VNet flow logs, and the private DNS zones its private endpoints resolve through.

Constraints checked with the search tool (checked 2026):
- Subnets are separate `Subnet` resources and the VNet names none: an ARM PUT of a VNet without
  `subnets` keeps the existing ones (network API 2023-09-01 and later; pulumi-azure-native#611
  made the provider diff them the same way).
- The apps subnet is delegated to Microsoft.App/environments (a workload-profiles Container Apps
  environment needs a /27 or larger); the data subnet to Microsoft.DBforPostgreSQL/flexibleServers
  (flexible server with private access); the gateways subnet holds only application gateways and
  must admit GatewayManager on 65200-65535 ("Application Gateway infrastructure configuration").
- NAT gateway: Standard, zonal, with a Standard zonal public IP; a subnet takes one NAT gateway and
  subnets span every zone, so a site has one NAT gateway (no per-zone NAT on Azure without zonal
  subnets, which a scale set and a Container Apps environment cannot span). Application gateway
  subnets take no NAT gateway.
- Network Watcher is one per region per subscription (Azure creates `NetworkWatcher_<region>` in
  `NetworkWatcherRG`; a second one fails): it is referenced, never created. NSG flow logs can no
  longer be created (since 30 June 2025): the VNet gets a VNet flow log (dr-reference).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from ipaddress import IPv4Network

import pulumi
from pulumi_azure_native import network, privatedns

from components.base import Component

NETWORK_WATCHER_GROUP = "NetworkWatcherRG"


def network_watcher_name(region: str) -> str:
    """The watcher Azure enables per region (Network Watcher docs, "Enable or disable")."""
    return f"NetworkWatcher_{region}"


@dataclass(frozen=True)
class Tier:
    name: str
    offset: int
    """Third octet of the tier's first address in the site's /16."""
    prefix: int
    delegation: str | None = None
    nat: bool = False


TIERS: tuple[Tier, ...] = (
    Tier("apps", 0, 23, delegation="Microsoft.App/environments", nat=True),
    Tier("vms", 2, 24, nat=True),
    Tier("data", 3, 24, delegation="Microsoft.DBforPostgreSQL/flexibleServers"),
    Tier("gateways", 4, 24),
    Tier("endpoints", 5, 24),
)

PRIVATE_ZONES: Mapping[str, str] = {
    "vault": "privatelink.vaultcore.azure.net",
    "blob": "privatelink.blob.core.windows.net",
    "cosmos": "privatelink.documents.azure.com",
}
"""Private endpoint sub-resource -> its privatelink zone ("Azure Private Endpoint DNS values")."""


def tier_prefix(cidr: str, tier: Tier) -> str:
    base = IPv4Network(cidr)
    first = base.network_address + tier.offset * 256
    return f"{first}/{tier.prefix}"


@dataclass(frozen=True)
class NetworkProps:
    resource_group: pulumi.Input[str]
    location: str
    name: str
    cidr: str
    nat_zone: str
    log_account_id: pulumi.Input[str]
    log_retention_days: int
    workspace_id: pulumi.Input[str]
    """Log Analytics workspace resource id (traffic analytics)."""
    workspace_guid: pulumi.Input[str]
    flow_log_identity_id: pulumi.Input[str]
    postgres_zone: str
    """The flexible servers' private DNS zone (`<site>.private.postgres.database.azure.com`)."""
    tags: Mapping[str, str]


class Network(Component):
    def __init__(self, name: str, props: NetworkProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("network", name, opts)
        tags = dict(props.tags)
        group = props.resource_group
        self.vnet = network.VirtualNetwork(
            f"{name}-vnet",
            virtual_network_name=f"{props.name}-vnet",
            resource_group_name=group,
            location=props.location,
            address_space=network.AddressSpaceArgs(address_prefixes=[props.cidr]),
            tags=tags,
            opts=self.child(),
        )
        self.nat_ip = network.PublicIPAddress(
            f"{name}-nat-ip",
            public_ip_address_name=f"{props.name}-nat",
            resource_group_name=group,
            location=props.location,
            sku=network.PublicIPAddressSkuArgs(name="Standard", tier="Regional"),
            public_ip_allocation_method="Static",
            zones=[props.nat_zone],
            tags=tags,
            opts=self.child(),
        )
        self.nat = network.NatGateway(
            f"{name}-nat",
            nat_gateway_name=f"{props.name}-nat",
            resource_group_name=group,
            location=props.location,
            sku=network.NatGatewaySkuArgs(name="Standard"),
            zones=[props.nat_zone],
            public_ip_addresses=[network.SubResourceArgs(id=self.nat_ip.id)],
            idle_timeout_in_minutes=4,
            tags=tags,
            opts=self.child(),
        )
        prefixes = {t.name: tier_prefix(props.cidr, t) for t in TIERS}
        self.security_groups: dict[str, network.NetworkSecurityGroup] = {}
        self.subnets: dict[str, network.Subnet] = {}
        previous: list[pulumi.Resource] = []
        for tier in TIERS:
            nsg = network.NetworkSecurityGroup(
                f"{name}-{tier.name}-nsg",
                network_security_group_name=f"{props.name}-{tier.name}",
                resource_group_name=group,
                location=props.location,
                security_rules=_rules(tier.name, prefixes),
                tags=tags,
                opts=self.child(),
            )
            self.security_groups[tier.name] = nsg
            subnet = network.Subnet(
                f"{name}-{tier.name}",
                subnet_name=tier.name,
                virtual_network_name=self.vnet.name,
                resource_group_name=group,
                address_prefix=prefixes[tier.name],
                network_security_group=network.NetworkSecurityGroupArgs(id=nsg.id),
                nat_gateway=network.SubResourceArgs(id=self.nat.id) if tier.nat else None,
                delegations=[network.DelegationArgs(name=tier.name, service_name=tier.delegation)]
                if tier.delegation
                else None,
                # No implicit outbound: egress goes through the NAT gateway or nowhere.
                default_outbound_access=False,
                private_endpoint_network_policies="Enabled" if tier.name == "endpoints" else None,
                # One subnet at a time: ARM serialises writes to a VNet and rejects concurrent ones.
                opts=self.child(depends_on=previous),
            )
            self.subnets[tier.name] = subnet
            previous = [subnet]
        self.flow_log = network.FlowLog(
            f"{name}-flow-log",
            flow_log_name=f"{props.name}-vnet",
            network_watcher_name=network_watcher_name(props.location),
            resource_group_name=NETWORK_WATCHER_GROUP,
            location=props.location,
            target_resource_id=self.vnet.id,
            storage_id=props.log_account_id,
            enabled=True,
            format=network.FlowLogFormatParametersArgs(type="JSON", version=2),
            retention_policy=network.RetentionPolicyParametersArgs(
                enabled=True, days=props.log_retention_days
            ),
            identity=network.ManagedServiceIdentityArgs(
                type=network.ResourceIdentityType.USER_ASSIGNED,
                user_assigned_identities=[props.flow_log_identity_id],
            ),
            flow_analytics_configuration=network.TrafficAnalyticsPropertiesArgs(
                network_watcher_flow_analytics_configuration=network.TrafficAnalyticsConfigurationPropertiesArgs(
                    enabled=True,
                    workspace_id=props.workspace_guid,
                    workspace_region=props.location,
                    workspace_resource_id=props.workspace_id,
                    traffic_analytics_interval=10,
                )
            ),
            tags=tags,
            opts=self.child(depends_on=previous),
        )
        self.private_zones: dict[str, privatedns.PrivateZone] = {}
        for key, zone in {**PRIVATE_ZONES, "postgres": props.postgres_zone}.items():
            self.private_zones[key] = privatedns.PrivateZone(
                f"{name}-{key}-zone",
                private_zone_name=zone,
                resource_group_name=group,
                location="global",
                tags=tags,
                opts=self.child(),
            )
            privatedns.VirtualNetworkLink(
                f"{name}-{key}-zone-link",
                virtual_network_link_name=f"{props.name}-vnet",
                private_zone_name=self.private_zones[key].name,
                resource_group_name=group,
                location="global",
                virtual_network=privatedns.SubResourceArgs(id=self.vnet.id),
                registration_enabled=False,
                tags=tags,
                opts=self.child(),
            )
        self.vnet_id: pulumi.Output[str] = self.vnet.id
        self.subnet_ids: dict[str, pulumi.Output[str]] = {k: s.id for k, s in self.subnets.items()}
        self.zone_ids: dict[str, pulumi.Output[str]] = {k: z.id for k, z in self.private_zones.items()}
        self.prefixes = prefixes
        self.register_outputs({"vnetId": self.vnet_id})


def _rule(
    name: str, priority: int, source: str, ports: str, *, protocol: str = "Tcp", access: str = "Allow"
) -> network.SecurityRuleArgs:
    return network.SecurityRuleArgs(
        name=name,
        priority=priority,
        direction="Inbound",
        access=access,
        protocol=protocol,
        source_address_prefix=source,
        source_port_range="*",
        destination_address_prefix="*",
        destination_port_range=ports,
    )


def _rules(tier: str, prefixes: Mapping[str, str]) -> list[network.SecurityRuleArgs]:
    """Inbound rules per tier; everything else falls to the default deny from the internet."""
    gateways = prefixes["gateways"]
    if tier == "gateways":
        return [
            # Application Gateway v2 infrastructure ports (required, or the gateway fails).
            _rule("gateway-manager", 100, "GatewayManager", "65200-65535"),
            _rule("azure-load-balancer", 110, "AzureLoadBalancer", "*", protocol="*"),
            _rule("https", 120, "Internet", "443"),
            _rule("http-redirect", 130, "Internet", "80"),
        ]
    if tier in ("apps", "vms"):
        return [
            _rule("from-gateways", 100, gateways, "*"),
            _rule("azure-load-balancer", 110, "AzureLoadBalancer", "*", protocol="*"),
        ]
    if tier == "data":
        return [
            _rule("postgres-from-apps", 100, prefixes["apps"], "5432"),
            _rule("postgres-from-vms", 110, prefixes["vms"], "5432"),
            # Flexible servers of this VNet reach each other (HA standby, replicas) on 5432.
            _rule("postgres-replication", 120, "VirtualNetwork", "5432"),
        ]
    return [
        _rule("https-from-apps", 100, prefixes["apps"], "443"),
        _rule("https-from-vms", 110, prefixes["vms"], "443"),
    ]
