"""The site network: a VPC over three AZs with public and private subnets, NAT and flow logs."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.aws import iam
from components.base import Component


@dataclass(frozen=True)
class NetworkProps:
    cidr: str
    zones: Sequence[str]
    nat_per_zone: bool
    """A NAT gateway per AZ survives an AZ loss; one shared NAT is cheaper for a standby site."""
    key_arn: pulumi.Input[str]
    account_id: pulumi.Input[str]
    region: str
    log_retention_days: int
    tags: Mapping[str, str]
    vpn_gateway: bool = False
    """Attach a virtual private gateway (a site-to-site VPN to a site on another cloud ends on
    it, components.link) and propagate the routes it learns by BGP into the private subnets."""


AMAZON_SIDE_ASN = 64512
"""The virtual private gateway's BGP ASN (EC2 API CreateVpnGateway: the default private ASN); the
other cloud's router peers with it."""


def subnet_cidrs(cidr: str, zones: int) -> tuple[list[str], list[str]]:
    """/20 subnets: the first `zones` public, the next `zones` private."""
    blocks = [str(b) for b in ipaddress.ip_network(cidr).subnets(new_prefix=20)]
    return blocks[:zones], blocks[zones : 2 * zones]


class Network(Component):
    def __init__(self, name: str, props: NetworkProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("network", name, opts)
        self._name, self._tags = name, props.tags
        tags = self.tags

        self.vpc = aws.ec2.Vpc(
            f"{name}-vpc",
            cidr_block=props.cidr,
            enable_dns_hostnames=True,
            enable_dns_support=True,
            tags=tags("vpc"),
            opts=self.child(),
        )
        # CIS AWS 5.4: the default security group admits and emits nothing.
        self.default_security_group = aws.ec2.DefaultSecurityGroup(
            f"{name}-default-sg",
            vpc_id=self.vpc.id,
            ingress=[],
            egress=[],
            tags=tags("default-sg"),
            opts=self.child(),
        )
        self.internet_gateway = aws.ec2.InternetGateway(
            f"{name}-igw", vpc_id=self.vpc.id, tags=tags("igw"), opts=self.child()
        )
        public_cidrs, private_cidrs = subnet_cidrs(props.cidr, len(props.zones))
        self.public_subnets = [
            aws.ec2.Subnet(
                f"{name}-public-{zone}",
                vpc_id=self.vpc.id,
                cidr_block=block,
                availability_zone=zone,
                map_public_ip_on_launch=False,
                tags={**tags(f"public-{zone}"), "subnet": "public"},
                opts=self.child(),
            )
            for zone, block in zip(props.zones, public_cidrs, strict=True)
        ]
        self.private_subnets = [
            aws.ec2.Subnet(
                f"{name}-private-{zone}",
                vpc_id=self.vpc.id,
                cidr_block=block,
                availability_zone=zone,
                map_public_ip_on_launch=False,
                tags={**tags(f"private-{zone}"), "subnet": "private"},
                opts=self.child(),
            )
            for zone, block in zip(props.zones, private_cidrs, strict=True)
        ]
        self.public_route_table = aws.ec2.RouteTable(
            f"{name}-public-rt",
            vpc_id=self.vpc.id,
            routes=[aws.ec2.RouteTableRouteArgs(cidr_block="0.0.0.0/0", gateway_id=self.internet_gateway.id)],
            tags=tags("public-rt"),
            opts=self.child(),
        )
        for zone, subnet in zip(props.zones, self.public_subnets, strict=True):
            aws.ec2.RouteTableAssociation(
                f"{name}-public-{zone}",
                subnet_id=subnet.id,
                route_table_id=self.public_route_table.id,
                opts=self.child(),
            )
        nat_zones = list(props.zones) if props.nat_per_zone else list(props.zones[:1])
        self.nat_gateways = []
        for zone, subnet in zip(nat_zones, self.public_subnets, strict=False):
            eip = aws.ec2.Eip(f"{name}-nat-{zone}", domain="vpc", tags=tags(f"nat-{zone}"), opts=self.child())
            self.nat_gateways.append(
                aws.ec2.NatGateway(
                    f"{name}-nat-{zone}",
                    allocation_id=eip.id,
                    subnet_id=subnet.id,
                    tags=tags(f"nat-{zone}"),
                    opts=self.child(depends_on=[self.internet_gateway]),
                )
            )
        self.vpn_gateway: aws.ec2.VpnGateway | None = None
        if props.vpn_gateway:
            self.vpn_gateway = aws.ec2.VpnGateway(
                f"{name}-vgw",
                vpc_id=self.vpc.id,
                amazon_side_asn=str(AMAZON_SIDE_ASN),
                tags=tags("vgw"),
                opts=self.child(),
            )
        self.private_route_tables = []
        for i, (zone, subnet) in enumerate(zip(props.zones, self.private_subnets, strict=True)):
            nat = self.nat_gateways[i if props.nat_per_zone else 0]
            table = aws.ec2.RouteTable(
                f"{name}-private-{zone}",
                vpc_id=self.vpc.id,
                routes=[aws.ec2.RouteTableRouteArgs(cidr_block="0.0.0.0/0", nat_gateway_id=nat.id)],
                # Propagation set on the table itself: a separate VpnGatewayRoutePropagation fights
                # the table's own `propagatingVgws` on every update (terraform-aws-modules/vpc #50);
                # routes the gateway propagates are not part of the inline `routes`.
                propagating_vgws=[self.vpn_gateway.id] if self.vpn_gateway is not None else None,
                tags=tags(f"private-{zone}"),
                opts=self.child(),
            )
            aws.ec2.RouteTableAssociation(
                f"{name}-private-{zone}", subnet_id=subnet.id, route_table_id=table.id, opts=self.child()
            )
            self.private_route_tables.append(table)
        self._flow_logs(name, props)

        self.vpn_gateway_id: pulumi.Output[str] | None = (
            self.vpn_gateway.id if self.vpn_gateway is not None else None
        )
        self.vpc_id: pulumi.Output[str] = self.vpc.id
        self.public_subnet_ids: pulumi.Output[list[str]] = pulumi.Output.all(
            *[s.id for s in self.public_subnets]
        )
        self.private_subnet_ids: pulumi.Output[list[str]] = pulumi.Output.all(
            *[s.id for s in self.private_subnets]
        )
        self.register_outputs({"vpcId": self.vpc_id, "privateSubnetIds": self.private_subnet_ids})

    def tags(self, what: str) -> dict[str, str]:
        return {**self._tags, "Name": f"{self._name}-{what}"}

    def _flow_logs(self, name: str, props: NetworkProps) -> None:
        tag = self.tags
        self.flow_log_group = aws.cloudwatch.LogGroup(
            f"{name}-flow-logs",
            retention_in_days=props.log_retention_days,
            kms_key_id=props.key_arn,
            tags=tag("flow-logs"),
            opts=self.child(),
        )
        self.flow_log_role = aws.iam.Role(
            f"{name}-flow-logs",
            assume_role_policy=pulumi.Output.from_input(props.account_id).apply(
                lambda account: iam.document(
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                        "Condition": {"StringEquals": {"aws:SourceAccount": account}},
                    }
                )
            ),
            tags=tag("flow-logs"),
            opts=self.child(),
        )
        self.flow_log_role_policy = aws.iam.RolePolicy(
            f"{name}-flow-logs",
            role=self.flow_log_role.id,
            policy=self.flow_log_group.arn.apply(
                lambda arn: iam.document(
                    {
                        "Effect": "Allow",
                        "Action": [
                            "logs:CreateLogStream",
                            "logs:PutLogEvents",
                            "logs:DescribeLogStreams",
                        ],
                        "Resource": [arn, f"{arn}:*"],
                    }
                )
            ),
            opts=self.child(),
        )
        self.flow_log = aws.ec2.FlowLog(
            f"{name}-flow-log",
            vpc_id=self.vpc.id,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_destination=self.flow_log_group.arn,
            iam_role_arn=self.flow_log_role.arn,
            tags=tag("flow-log"),
            # CreateFlowLogs checks that the role may deliver; grant before creating.
            opts=self.child(depends_on=[self.flow_log_role_policy]),
        )
