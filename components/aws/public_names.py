"""Route 53 CNAMEs for endpoints whose failover answers under its own name (e.g. an Azure Traffic
Manager profile for a pair of Azure sites whose public zone stays in Route 53).

The records need an AWS provider in a stack whose sites may be on another cloud, so this
component brings its own (Route 53 is global; its API lives in us-east-1). A CNAME cannot sit at
the zone apex (dr-reference, cross-cloud DNS); the config boundary refuses such a hostname.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.base import Component
from components.failover import PublicNamesProps

ROUTE53_REGION = "us-east-1"


class Route53PublicNames(Component):
    def __init__(self, name: str, props: PublicNamesProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("public_names", name, opts)
        self.provider = aws.Provider(f"{name}-route53", region=ROUTE53_REGION, opts=self.child())
        self.records = [
            aws.route53.Record(
                f"{name}-{entry.hostname}",
                zone_id=props.zone.zone_id,
                name=entry.hostname,
                type="CNAME",
                ttl=props.ttl_seconds,
                records=[entry.target.fqdn],
                opts=self.child(provider=self.provider),
            )
            for entry in props.names
        ]
        self.register_outputs({"records": [r.fqdn for r in self.records]})
