"""A private endpoint in the site's `endpoints` subnet, registered in the site's privatelink zone,
so the site's compute reaches a PaaS resource without its public endpoint ("What is a private
endpoint?": one per target sub-resource, DNS through a private DNS zone group)."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
from pulumi_azure_native import network


def private_endpoint(
    name: str,
    *,
    resource_group: pulumi.Input[str],
    location: str,
    subnet_id: pulumi.Input[str],
    target_id: pulumi.Input[str],
    group: str,
    zone_id: pulumi.Input[str],
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> network.PrivateEndpoint:
    endpoint = network.PrivateEndpoint(
        name,
        private_endpoint_name=name,
        resource_group_name=resource_group,
        location=location,
        subnet=network.SubnetArgs(id=subnet_id),
        private_link_service_connections=[
            network.PrivateLinkServiceConnectionArgs(
                name=name, private_link_service_id=target_id, group_ids=[group]
            )
        ],
        tags=dict(tags),
        opts=opts,
    )
    network.PrivateDnsZoneGroup(
        f"{name}-dns",
        private_dns_zone_group_name="default",
        private_endpoint_name=endpoint.name,
        resource_group_name=resource_group,
        private_dns_zone_configs=[network.PrivateDnsZoneConfigArgs(name=group, private_dns_zone_id=zone_id)],
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(parent=endpoint)),
    )
    return endpoint
