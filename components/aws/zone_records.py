"""Records another cloud's endpoints need in a Route 53 zone (e.g. a Google-managed certificate's
DNS authorization, when the recovery site runs on Google Cloud and the zone stays on Route 53).

The records are written with the AWS provider the caller passes in the options (the dr stack's
provider for its AWS peer site); Route 53 is global, so its region does not matter.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.base import Component
from components.failover import ZoneRecordsProps


class Route53Records(Component):
    def __init__(self, name: str, props: ZoneRecordsProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("zone_records", name, opts)
        self.records = [
            aws.route53.Record(
                f"{name}-{i}",
                zone_id=props.zone.zone_id,
                name=record.name,
                type=record.type,
                ttl=record.ttl,
                records=list(record.values),
                opts=self.child(),
            )
            for i, record in enumerate(props.records)
        ]
        self.register_outputs({})
