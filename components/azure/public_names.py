"""Public names in an Azure DNS zone (`dns.cloud: azure`): an alias A record per endpoint whose
target is the endpoint's Traffic Manager profile.

An alias record follows the profile (no CNAME chain to maintain) and, unlike a CNAME, may sit at
the zone apex ("Azure DNS alias records": targets include Traffic Manager profiles). The zone
exists already (delegation is the organisation's); `dns.subscriptionId` names its subscription
when it is not the site's, through a provider of its own.
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import dns
from pulumi_azure_native.provider import Provider

from components.base import Component
from components.failover import PublicNamesProps
from config.models import AzureDnsZone


def relative_name(hostname: str, zone: str) -> str:
    return "@" if hostname == zone else hostname.removesuffix(f".{zone}")


class AzureDnsPublicNames(Component):
    def __init__(self, name: str, props: PublicNamesProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("public_names", name, opts)
        zone = props.zone
        if not isinstance(zone, AzureDnsZone):
            raise TypeError("Azure DNS public names need an Azure DNS zone (dns.cloud: azure)")
        extra = {}
        if zone.subscription_id is not None:
            extra["provider"] = Provider(
                f"{name}-zone", subscription_id=zone.subscription_id, opts=self.child()
            )
        self.records = [
            dns.RecordSet(
                f"{name}-{entry.hostname}",
                zone_name=zone.zone_name,
                resource_group_name=zone.resource_group,
                relative_record_set_name=relative_name(entry.hostname, zone.zone_name),
                record_type="A",
                ttl=props.ttl_seconds,
                target_resource=dns.SubResourceArgs(id=entry.target.resource_id),
                metadata={k: v for k, v in entry.tags.items() if k in ("service", "dr-role", "managed-by")},
                opts=self.child(**extra),
            )
            for entry in props.names
        ]
        self.register_outputs({"records": [r.fqdn for r in self.records]})
