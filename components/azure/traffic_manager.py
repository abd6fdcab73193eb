"""Health-probed DNS failover for one endpoint: a Traffic Manager profile with Priority routing,
prod's gateway at priority 1 and dr's at 2, HTTPS probes of the health path.

dr-reference, "Azure Traffic Manager": probes every 30 s or 10 s (10 s here, the profile's
interval); tolerated failures 0-9 (`tierN.healthCheckFailureThreshold` - 1: the endpoint is
degraded on the failure after the tolerated ones, so the threshold means the same as Route 53's);
TTL from `dns.ttl` (60 s recommended); HTTPS probes do not validate the certificate, so they ask
for the service's hostname in the Host header. The profile's relative DNS name is globally unique
(`<name>.trafficmanager.net`, clouds/azure_names.py). Azure endpoints target each gateway's public
IP, which has a DNS name. The public hostname points at the profile from the public zone
(components/azure/public_names.py or Route 53: `public_target`).
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import monitor
from pulumi_azure_native import trafficmanager as tm

from clouds import azure_names as names
from components.azure.alerts import metric_alert
from components.azure.data import foundation_of
from components.base import Component
from components.failover import FailoverProps, PublicTarget

PROBE_TIMEOUT_SECONDS = 5
"""Fast (10 s) probing takes a timeout of 5-9 s."""
AZURE_ENDPOINT = "Microsoft.Network/trafficManagerProfiles/azureEndpoints"


class TrafficManagerFailover(Component):
    def __init__(self, name: str, props: FailoverProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("traffic_manager", name, opts)
        f = foundation_of(props)
        site = f.site
        relative = names.traffic_manager_name(
            site.subscription_id, site.organization, site.environment, props.name
        )
        targets = [props.primary, props.secondary]
        self.profile = tm.Profile(
            name,
            profile_name=f"{props.name}-failover",
            resource_group_name=site.resource_group,
            location="global",
            profile_status="Enabled",
            traffic_routing_method=tm.TrafficRoutingMethod.PRIORITY,
            dns_config=tm.DnsConfigArgs(relative_name=relative, ttl=props.ttl_seconds),
            monitor_config=tm.MonitorConfigArgs(
                protocol=tm.MonitorProtocol.HTTPS,
                port=443,
                path=props.health_path,
                interval_in_seconds=props.interval_seconds,
                timeout_in_seconds=PROBE_TIMEOUT_SECONDS,
                tolerated_number_of_failures=props.failure_threshold - 1,
                custom_headers=[tm.MonitorConfigCustomHeadersItemArgs(name="Host", value=props.hostname)],
                # Healthy on 2xx/3xx, like Route 53's HTTPS checks.
                expected_status_code_ranges=[
                    tm.MonitorConfigExpectedStatusCodeRangesItemArgs(min=200, max=399)
                ],
            ),
            endpoints=[
                tm.EndpointArgs(
                    name=target.label,
                    type=AZURE_ENDPOINT,
                    target_resource_id=target.zone_id,
                    endpoint_status="Enabled",
                    priority=priority,
                )
                for priority, target in enumerate(targets, start=1)
            ],
            tags=dict(props.tags),
            opts=self.child(),
        )
        for target in targets:
            metric_alert(
                f"{props.name}-{target.label}-degraded",
                resource_group=site.resource_group,
                scope=self.profile.id,
                metric="ProbeAgentCurrentEndpointStateByProfileResourceId",
                namespace="Microsoft.Network/trafficManagerProfiles",
                operator="LessThan",
                threshold=1,
                aggregation="Maximum",
                dimensions=[
                    # The endpoint's name in the profile.
                    monitor.MetricDimensionArgs(
                        name="EndpointName", operator="Include", values=[target.label]
                    )
                ],
                description=(
                    f"{props.hostname} is failing Traffic Manager's probe at the {target.label} gateway "
                    f"({props.health_path}); it fails over after {props.failure_threshold} probes every "
                    f"{props.interval_seconds} s"
                ),
                action_group_id=props.alarm_topic_id,
                tags=props.tags,
                opts=self.child(),
            )
        self.health_check_ids: dict[str, pulumi.Output[str]] = {
            t.label: self.profile.id.apply(lambda i, n=t.label: f"{i}/azureEndpoints/{n}") for t in targets
        }
        self.routing_control_ids: dict[str, pulumi.Output[str]] = {}
        self.public_target: PublicTarget | None = PublicTarget(
            fqdn=self.profile.dns_config.apply(lambda d: (d.fqdn or "") if d else ""),
            resource_id=self.profile.id,
        )
        self.register_outputs({"profileId": self.profile.id})
