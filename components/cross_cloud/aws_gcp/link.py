"""The site-to-site VPN between prod's VPC (AWS) and the recovery site's VPC (Google Cloud): HA VPN
to two AWS Site-to-Site VPN connections, four IPsec tunnels with BGP ("Create HA VPN connections
between Google Cloud and AWS": one AWS customer gateway per HA VPN interface, an external VPN
gateway with the four AWS tunnel addresses, a Cloud Router peering with the virtual private
gateway over each tunnel).

Why a VPN and not public endpoints: the databases stay private (the policy pack forbids public
databases), and the Database Migration Service destination replicates over the network's private
services access peering. That peering exports the VPN's routes (custom route export), so the
Cloud SQL destination reaches RDS; the Cloud Router advertises the whole recovery /16 (its
subnetworks and the private services range) to AWS, whose private route tables learn it by route
propagation (prod's `network.vpnGatewayId`, components/aws/network.py).

Pre-shared keys: AWS generates each tunnel's key; it is read back from the VPN connection and
handed to Google Cloud as a Pulumi secret (never in config or plain state).
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi
import pulumi_aws as aws
import pulumi_gcp as gcp

from components.aws.network import AMAZON_SIDE_ASN
from components.base import Component
from components.gcp.labels import labels
from components.link import SiteLinkProps

ROUTER_ASN = 65010
"""The Cloud Router's private BGP ASN (64512-65534; distinct from the AWS gateway's)."""
INSIDE_CIDRS = ("169.254.10.0/30", "169.254.10.4/30", "169.254.10.8/30", "169.254.10.12/30")
"""Each tunnel's BGP link: AWS takes the first host, Google Cloud the second (AWS VPN tunnel
options: a /30 in 169.254.0.0/16 outside the reserved 169.254.0.0-169.254.5.255 and
169.254.169.252/30; Cloud Router link-local ranges 169.254.0.0/16)."""
PRIVATE_SERVICES_PEERING = "servicenetworking-googleapis-com"
"""The peering private services access creates (Cloud SQL "Configure private IP")."""


def _hosts(cidr: str) -> tuple[str, str]:
    base, _ = cidr.split("/")
    head, last = base.rsplit(".", 1)
    return f"{head}.{int(last) + 1}", f"{head}.{int(last) + 2}"


class GcpAwsVpn(Component):
    def __init__(self, name: str, props: SiteLinkProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("site_link", name, opts)
        site = props.site
        network = props.foundation.network_id
        tags = labels(props.tags)
        on_aws = self.child(provider=props.peer_provider)
        self.gateway = gcp.compute.HaVpnGateway(
            f"{name}-vpn",
            name=f"{props.name}-vpn",
            region=site.region,
            network=network,
            labels=tags,
            opts=self.child(),
        )
        self.router = gcp.compute.Router(
            f"{name}-vpn",
            name=f"{props.name}-vpn",
            region=site.region,
            network=network,
            bgp=gcp.compute.RouterBgpArgs(
                asn=ROUTER_ASN,
                advertise_mode="CUSTOM",
                advertised_ip_ranges=[gcp.compute.RouterBgpAdvertisedIpRangeArgs(range=site.cidr)],
            ),
            opts=self.child(),
        )
        interfaces = self.gateway.vpn_interfaces
        self.customer_gateways = [
            aws.ec2.CustomerGateway(
                f"{name}-{i}",
                bgp_asn=str(ROUTER_ASN),
                ip_address=interfaces.apply(lambda v, i=i: str(v[i].ip_address) if v and len(v) > i else ""),
                type="ipsec.1",
                tags={**props.tags, "Name": f"{props.name}-gcp-{i}"},
                opts=on_aws,
            )
            for i in range(2)
        ]
        self.connections = [
            aws.ec2.VpnConnection(
                f"{name}-{i}",
                vpn_gateway_id=props.peer_gateway_id,
                customer_gateway_id=gateway.id,
                type="ipsec.1",
                static_routes_only=False,
                tunnel1_inside_cidr=INSIDE_CIDRS[2 * i],
                tunnel2_inside_cidr=INSIDE_CIDRS[2 * i + 1],
                tunnel1_ike_versions=["ikev2"],
                tunnel2_ike_versions=["ikev2"],
                tags={**props.tags, "Name": f"{props.name}-gcp-{i}"},
                opts=on_aws,
            )
            for i, gateway in enumerate(self.customer_gateways)
        ]
        tunnels = [
            (c.tunnel1_address, c.tunnel1_preshared_key)
            if t == 0
            else (c.tunnel2_address, c.tunnel2_preshared_key)
            for c in self.connections
            for t in range(2)
        ]
        self.peer_gateway = gcp.compute.ExternalVpnGateway(
            f"{name}-aws",
            name=f"{props.name}-aws",
            redundancy_type="FOUR_IPS_REDUNDANCY",
            description="prod's AWS Site-to-Site VPN tunnel endpoints",
            interfaces=[
                gcp.compute.ExternalVpnGatewayInterfaceArgs(id=i, ip_address=address)
                for i, (address, _) in enumerate(tunnels)
            ],
            labels=tags,
            opts=self.child(),
        )
        self.tunnels: list[gcp.compute.VPNTunnel] = []
        self.peers: list[gcp.compute.RouterPeer] = []
        for i, (_, key) in enumerate(tunnels):
            tunnel = gcp.compute.VPNTunnel(
                f"{name}-{i}",
                name=f"{props.name}-aws-{i}",
                region=site.region,
                vpn_gateway=self.gateway.id,
                vpn_gateway_interface=i // 2,
                peer_external_gateway=self.peer_gateway.id,
                peer_external_gateway_interface=i,
                shared_secret=pulumi.Output.secret(key),
                router=self.router.id,
                ike_version=2,
                labels=tags,
                opts=self.child(),
            )
            aws_ip, gcp_ip = _hosts(INSIDE_CIDRS[i])
            interface = gcp.compute.RouterInterface(
                f"{name}-{i}",
                name=f"{props.name}-aws-{i}",
                region=site.region,
                router=self.router.name,
                ip_range=f"{gcp_ip}/30",
                vpn_tunnel=tunnel.name,
                opts=self.child(),
            )
            self.peers.append(
                gcp.compute.RouterPeer(
                    f"{name}-{i}",
                    name=f"{props.name}-aws-{i}",
                    region=site.region,
                    router=self.router.name,
                    interface=interface.name,
                    ip_address=gcp_ip,
                    peer_ip_address=aws_ip,
                    peer_asn=AMAZON_SIDE_ASN,
                    opts=self.child(),
                )
            )
            self.tunnels.append(tunnel)
        # The Cloud SQL producer network learns the VPN's routes through the private services
        # access peering (DMS "Configure connectivity using VPC peering": export custom routes).
        self.export_routes = gcp.compute.NetworkPeeringRoutesConfig(
            f"{name}-services-routes",
            peering=PRIVATE_SERVICES_PEERING,
            network=pulumi.Output.from_input(network).apply(lambda n: n.rsplit("/", 1)[-1]),
            export_custom_routes=True,
            import_custom_routes=False,
            opts=self.child(),
        )
        self.ready: Sequence[pulumi.Resource] = [*self.tunnels, *self.peers, self.export_routes]
        self.register_outputs({"gateway": self.gateway.id})
