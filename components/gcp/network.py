"""The site network: regional subnetworks per tier with flow logs and Private Google Access and
Cloud NAT, in one custom-mode VPC that both sites share, with a default-deny ingress firewall
and private services access for Cloud SQL.

A GCP VPC network is global: prod creates it (with the private services access range and the
deny rule, both network-wide) and dr adds its region's subnetworks to it. One network is what
Cloud SQL needs: a cross-region replica attaches to its primary's network, so the promoted dr
replica must be reachable from dr's compute on that same network (VPC peerings are not
transitive, so two site networks could not both reach one private services peering).

Tiers (the site's /16 cut into /20s): `app` for VM instance groups, `run` for Cloud Run's direct
VPC egress, and the private services access range that Cloud SQL's private IPs come from (a
peering range, not a subnetwork). The global external Application Load Balancer lives at
Google's edge, outside any subnetwork: a GCP site has no public subnets.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.gcp.labels import labels

# Google Front End and health-checker source ranges of external Application Load Balancers
# (Cloud Load Balancing "Firewall rules": 35.191.0.0/16 and 130.211.0.0/22).
LOAD_BALANCER_RANGES = ("35.191.0.0/16", "130.211.0.0/22")
# Flow logs (VPC "Use VPC Flow Logs"): 5 s aggregation, half the flows, all metadata.
FLOW_LOG_INTERVAL = "INTERVAL_5_SEC"
FLOW_LOG_SAMPLING = 0.5
DENY_ALL_PRIORITY = 65534
"""Below every allow rule (lower numbers win; 65535 is the implied deny)."""


@dataclass(frozen=True)
class NetworkProps:
    cidr: str
    region: str
    tags: Mapping[str, str]
    shared_vpc_id: pulumi.Input[str] | None = None
    """dr: prod's network, which this site's subnetworks join; None in prod (it creates it)."""


def tier_cidrs(cidr: str) -> dict[str, ipaddress.IPv4Network]:
    """/20 blocks of the site's /16: app, run, then the private services access range."""
    blocks = list(ipaddress.IPv4Network(cidr).subnets(new_prefix=20))
    return {"app": blocks[0], "run": blocks[1], "services": blocks[2]}


class Network(Component):
    def __init__(self, name: str, props: NetworkProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("network", name, opts)
        cidrs = tier_cidrs(props.cidr)
        self.vpc: gcp.compute.Network | None = None
        if props.shared_vpc_id is None:
            self.vpc = gcp.compute.Network(
                f"{name}-vpc",
                name=f"{name}-vpc",
                auto_create_subnetworks=False,  # custom mode: only the subnetworks below exist
                routing_mode="GLOBAL",  # both sites' regions in one network
                description="DR network shared by the prod and dr sites (marketplace-dr)",
                opts=self.child(protect=False),
            )
        vpc_id: pulumi.Input[str]
        if self.vpc is not None:
            vpc_id = self.vpc.id
        elif props.shared_vpc_id is not None:
            vpc_id = props.shared_vpc_id
        else:  # pragma: no cover - prod creates the network, dr is given it
            raise ValueError("a network needs its own VPC or prod's")
        self.subnets = {
            tier: gcp.compute.Subnetwork(
                f"{name}-{tier}",
                name=f"{name}-{tier}",
                network=vpc_id,
                region=props.region,
                ip_cidr_range=str(cidrs[tier]),
                private_ip_google_access=True,  # Google APIs without external IPs
                log_config=gcp.compute.SubnetworkLogConfigArgs(
                    aggregation_interval=FLOW_LOG_INTERVAL,
                    flow_sampling=FLOW_LOG_SAMPLING,
                    metadata="INCLUDE_ALL_METADATA",
                ),
                opts=self.child(),
            )
            for tier in ("app", "run")
        }
        self.router = gcp.compute.Router(
            f"{name}-router", name=f"{name}-router", network=vpc_id, region=props.region, opts=self.child()
        )
        # Cloud NAT is a regional, zone-redundant service: one per region serves every zone.
        self.nat = gcp.compute.RouterNat(
            f"{name}-nat",
            name=f"{name}-nat",
            router=self.router.name,
            region=props.region,
            nat_ip_allocate_option="AUTO_ONLY",
            source_subnetwork_ip_ranges_to_nat="ALL_SUBNETWORKS_ALL_IP_RANGES",
            log_config=gcp.compute.RouterNatLogConfigArgs(enable=True, filter="ERRORS_ONLY"),
            opts=self.child(),
        )
        self.deny_ingress: gcp.compute.Firewall | None = None
        self.services_connection: gcp.servicenetworking.Connection | None = None
        if self.vpc is not None:
            self._network_wide(name, self.vpc, cidrs["services"], props)
        self.app_subnet_id: pulumi.Output[str] = self.subnets["app"].id
        self.run_subnet_id: pulumi.Output[str] = self.subnets["run"].id
        # prod: resolves once the peering exists (Cloud SQL private IPs need it); dr: prod's.
        waits = [self.services_connection.id] if self.services_connection is not None else []
        self.network_id: pulumi.Output[str] = pulumi.Output.all(vpc_id, *waits).apply(lambda a: str(a[0]))
        self.register_outputs({"networkId": self.network_id})

    def _network_wide(
        self, name: str, vpc: gcp.compute.Network, services: ipaddress.IPv4Network, props: NetworkProps
    ) -> None:
        """What the shared network has once: the deny-all rule and private services access."""
        # Nothing reaches the network unless a rule admits it; each VM service admits only the
        # load balancer's ranges on its port (components.gcp.vms). Logged, so probes are visible.
        self.deny_ingress = gcp.compute.Firewall(
            f"{name}-deny-ingress",
            name=f"{name}-deny-ingress",
            network=vpc.id,
            direction="INGRESS",
            priority=DENY_ALL_PRIORITY,
            source_ranges=["0.0.0.0/0"],
            denies=[gcp.compute.FirewallDenyArgs(protocol="all")],
            log_config=gcp.compute.FirewallLogConfigArgs(metadata="INCLUDE_ALL_METADATA"),
            opts=self.child(),
        )
        # Private services access: Cloud SQL instances get private IPs from this range over a
        # peering with Google's service producer network (Cloud SQL "Configure private IP").
        self.services_range = gcp.compute.GlobalAddress(
            f"{name}-services",
            name=f"{name}-services",
            purpose="VPC_PEERING",
            address_type="INTERNAL",
            address=str(services.network_address),
            prefix_length=services.prefixlen,
            network=vpc.id,
            labels=labels(props.tags),
            opts=self.child(),
        )
        self.services_connection = gcp.servicenetworking.Connection(
            f"{name}-services",
            network=vpc.id,
            service="servicenetworking.googleapis.com",
            reserved_peering_ranges=[self.services_range.name],
            opts=self.child(),
        )
