"""The site-to-site VPN between prod's VPC (AWS) and the recovery site's VNet (Azure), as in
Microsoft's "How to connect AWS and Azure using a BGP-enabled VPN gateway": an active-active
route-based VPN gateway (two public IPs) in the VNet's `GatewaySubnet`, two AWS customer gateways
(one per gateway instance) with one Site-to-Site VPN connection each, so four IPsec tunnels, each
an Azure local network gateway and connection with BGP over APIPA addresses.

Why a VPN: the databases stay private (the policy pack forbids public databases), and the
PostgreSQL migration service runs from the target server's delegated subnet ("Network guide for
the migration service": a source in AWS needs ExpressRoute or an IPsec VPN). The gateway learns
prod's VPC by BGP and advertises the VNet, which prod's private route tables learn by propagation.

Pre-shared keys: AWS generates them; each is read back from the VPN connection and passed to the
Azure connection as a Pulumi secret.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Network

import pulumi
import pulumi_aws as aws
from pulumi_azure_native import network

from components.aws.network import AMAZON_SIDE_ASN
from components.azure.data import foundation_of
from components.base import Component
from components.link import SiteLinkProps

GATEWAY_ASN = 65020
"""The Azure VPN gateway's BGP ASN (a private ASN, not Azure's reserved 65515-65520)."""
GATEWAY_SKU = "VpnGw2AZ"
"""Zone-redundant (AZ) SKU with BGP and active-active ("About VPN Gateway SKUs")."""
GATEWAY_SUBNET_OFFSET = 6
"""Third octet of the `GatewaySubnet` (/27) in the site's /16, after the foundation's tiers
(components/azure/network.py: apps 0-1, vms 2, data 3, gateways 4, endpoints 5)."""
# Azure accepts custom BGP (APIPA) addresses in 169.254.21.0-169.254.22.255 ("Configure BGP for
# VPN Gateway: APIPA"); AWS takes any /30 of 169.254.0.0/16 outside its reserved ranges. Per gateway
# instance, one tunnel on each AWS VPN connection's pair: (AWS inside CIDR, Azure's address).
TUNNELS = (
    (("169.254.21.0/30", "169.254.22.0/30"), 0),
    (("169.254.21.4/30", "169.254.22.4/30"), 1),
)


def _hosts(cidr: str) -> tuple[str, str]:
    """(AWS's address, Azure's address) of a /30: the first and second hosts."""
    first, second = list(IPv4Network(cidr).hosts())[:2]
    return str(first), str(second)


class AzureAwsVpn(Component):
    def __init__(self, name: str, props: SiteLinkProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("site_link", name, opts)
        f = foundation_of(props)
        site = f.site
        group = site.resource_group
        tags = dict(props.tags)
        on_aws = self.child(provider=props.peer_provider)
        base = IPv4Network(props.site.cidr).network_address
        self.subnet = network.Subnet(
            f"{name}-gateway-subnet",
            subnet_name="GatewaySubnet",  # the name VPN gateways require
            virtual_network_name=f.network.vnet.name,
            resource_group_name=group,
            address_prefix=f"{base + GATEWAY_SUBNET_OFFSET * 256}/27",
            opts=self.child(),
        )
        self.addresses = [
            network.PublicIPAddress(
                f"{name}-vpn-{i}",
                public_ip_address_name=f"{props.name}-vpn-{i}",
                resource_group_name=group,
                location=site.location,
                sku=network.PublicIPAddressSkuArgs(name="Standard", tier="Regional"),
                public_ip_allocation_method="Static",
                zones=list(props.site.zones),
                tags=tags,
                opts=self.child(),
            )
            for i in range(2)
        ]
        gateway_name = f"{props.name}-vpn"
        config_ids = [
            site.resource_id(
                "Microsoft.Network", f"virtualNetworkGateways/{gateway_name}/ipConfigurations/ip{i}"
            )
            for i in range(2)
        ]
        self.gateway = network.VirtualNetworkGateway(
            f"{name}-vpn",
            virtual_network_gateway_name=gateway_name,
            resource_group_name=group,
            location=site.location,
            gateway_type="Vpn",
            vpn_type="RouteBased",
            sku=network.VirtualNetworkGatewaySkuArgs(name=GATEWAY_SKU, tier=GATEWAY_SKU),
            active_active=True,
            enable_bgp=True,
            bgp_settings=network.BgpSettingsArgs(
                asn=GATEWAY_ASN,
                bgp_peering_addresses=[
                    network.IPConfigurationBgpPeeringAddressArgs(
                        ipconfiguration_id=config_ids[instance],
                        custom_bgp_ip_addresses=[_hosts(cidr)[1] for cidr in cidrs],
                    )
                    for cidrs, instance in TUNNELS
                ],
            ),
            ip_configurations=[
                network.VirtualNetworkGatewayIPConfigurationArgs(
                    name=f"ip{i}",
                    public_ip_address=network.SubResourceArgs(id=address.id),
                    subnet=network.SubResourceArgs(id=self.subnet.id),
                )
                for i, address in enumerate(self.addresses)
            ],
            tags=tags,
            opts=self.child(),
        )
        self.customer_gateways = [
            aws.ec2.CustomerGateway(
                f"{name}-{i}",
                bgp_asn=str(GATEWAY_ASN),
                ip_address=address.ip_address.apply(lambda a: a or ""),
                type="ipsec.1",
                tags={**props.tags, "Name": f"{props.name}-azure-{i}"},
                opts=on_aws,
            )
            for i, address in enumerate(self.addresses)
        ]
        self.connections = [
            aws.ec2.VpnConnection(
                f"{name}-{instance}",
                vpn_gateway_id=props.peer_gateway_id,
                customer_gateway_id=self.customer_gateways[instance].id,
                type="ipsec.1",
                static_routes_only=False,
                tunnel1_inside_cidr=cidrs[0],
                tunnel2_inside_cidr=cidrs[1],
                tunnel1_ike_versions=["ikev2"],
                tunnel2_ike_versions=["ikev2"],
                tags={**props.tags, "Name": f"{props.name}-azure-{instance}"},
                opts=on_aws,
            )
            for cidrs, instance in TUNNELS
        ]
        self.tunnels: list[network.VirtualNetworkGatewayConnection] = []
        for (cidrs, instance), connection in zip(TUNNELS, self.connections, strict=True):
            ends = (
                (connection.tunnel1_address, connection.tunnel1_preshared_key, cidrs[0]),
                (connection.tunnel2_address, connection.tunnel2_preshared_key, cidrs[1]),
            )
            for t, (address, key, cidr) in enumerate(ends, start=1):
                aws_ip, _ = _hosts(cidr)
                label = f"{instance}-{t}"
                local = network.LocalNetworkGateway(
                    f"{name}-aws-{label}",
                    local_network_gateway_name=f"{props.name}-aws-{label}",
                    resource_group_name=group,
                    location=site.location,
                    gateway_ip_address=address,
                    bgp_settings=network.BgpSettingsArgs(asn=AMAZON_SIDE_ASN, bgp_peering_address=aws_ip),
                    tags=tags,
                    opts=self.child(),
                )
                self.tunnels.append(
                    network.VirtualNetworkGatewayConnection(
                        f"{name}-aws-{label}",
                        virtual_network_gateway_connection_name=f"{props.name}-aws-{label}",
                        resource_group_name=group,
                        location=site.location,
                        connection_type="IPsec",
                        connection_protocol="IKEv2",
                        virtual_network_gateway1=network.VirtualNetworkGatewayArgs(id=self.gateway.id),
                        local_network_gateway2=network.LocalNetworkGatewayArgs(id=local.id),
                        shared_key=pulumi.Output.secret(key),
                        enable_bgp=True,
                        gateway_custom_bgp_ip_addresses=[
                            network.GatewayCustomBgpIpAddressIpConfigurationArgs(
                                ip_configuration_id=config_ids[i],
                                # each instance's address on this tunnel's side of the pairs
                                custom_bgp_ip_address=_hosts(TUNNELS[i][0][t - 1])[1],
                            )
                            for i in range(2)
                        ],
                        tags=tags,
                        opts=self.child(),
                    )
                )
        self.ready: Sequence[pulumi.Resource] = list(self.tunnels)
        self.register_outputs({"gateway": self.gateway.id})
