"""Health-checked DNS failover for one endpoint: a Cloud DNS record with a failover
(primary-backup) routing policy, prod's address as primary and dr's as the backup.

Why Cloud DNS and not one global load balancer with both sites as backends: a single load
balancer is one configuration both sites depend on, with no way for dr to take over while prod
is unreachable for the control plane; two load balancers and a DNS answer that follows health
checks keep each site's entry point independent, as Route 53 failover records do on AWS.

Cloud DNS routing-policy rules the mock engine cannot see (Cloud DNS "DNS routing policies and
health checks"; dr-reference), each tested over the dr stack: backups are a geolocation policy
(`backupGeos`), external endpoints are IP addresses, and the health check names exactly three
source regions and checks at most every 30 s (so it cannot serve a backend service either).
The record and its health check live in the zone's project.
"""

from __future__ import annotations

import re

import pulumi
import pulumi_gcp as gcp

from clouds.gcp import HEALTH_CHECK_INTERVAL, HEALTH_CHECK_SOURCE_REGIONS
from components.base import Component
from components.failover import FailoverProps, PublicTarget
from components.gcp.load_balancer import zone_parts

# Where the health checkers probe from: three regions on three continents, none of them a
# likely site region pair, so a site's own region failing does not silence the verdict about it.
SOURCE_REGIONS = ("us-west1", "europe-west1", "asia-southeast1")
assert len(SOURCE_REGIONS) == HEALTH_CHECK_SOURCE_REGIONS
TIMEOUT_SECONDS = 10
HEALTHY_THRESHOLD = 2


def health_check_name(hostname: str) -> str:
    """A compute resource name (RFC 1035, <= 63) for the hostname's failover health check."""
    return ("failover-" + re.sub(r"[^a-z0-9]+", "-", hostname))[:63].rstrip("-")


class FailoverRecord(Component):
    def __init__(self, name: str, props: FailoverProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("failover_dns", name, opts)
        project, zone = zone_parts(props.zone_id)
        interval = max(props.interval_seconds, int(HEALTH_CHECK_INTERVAL.value.total_seconds()))
        self.health_check = gcp.compute.HealthCheck(
            f"{name}-failover",
            project=project,
            name=health_check_name(props.hostname),
            description=f"Cloud DNS failover for {props.hostname}",
            source_regions=list(SOURCE_REGIONS),
            check_interval_sec=interval,
            timeout_sec=TIMEOUT_SECONDS,
            healthy_threshold=HEALTHY_THRESHOLD,
            unhealthy_threshold=props.failure_threshold,
            https_health_check=gcp.compute.HealthCheckHttpsHealthCheckArgs(
                port=443, request_path=props.health_path, host=props.hostname
            ),
            opts=self.child(),
        )
        backup_location = props.secondary.region or SOURCE_REGIONS[0]
        self.record = gcp.dns.RecordSet(
            f"{name}-failover",
            project=project,
            managed_zone=zone,
            name=f"{props.hostname}.",
            type="A",
            ttl=props.ttl_seconds,
            routing_policy=gcp.dns.RecordSetRoutingPolicyArgs(
                health_check=self.health_check.id,
                primary_backup=gcp.dns.RecordSetRoutingPolicyPrimaryBackupArgs(
                    primary=gcp.dns.RecordSetRoutingPolicyPrimaryBackupPrimaryArgs(
                        external_endpoints=[props.primary.dns_name]
                    ),
                    # One geolocation item: every client falls back to dr (the nearest match
                    # to a single item is that item); health-checked too, so a dead dr is not
                    # served while prod recovers.
                    backup_geos=[
                        gcp.dns.RecordSetRoutingPolicyPrimaryBackupBackupGeoArgs(
                            location=backup_location,
                            health_checked_targets=gcp.dns.RecordSetRoutingPolicyPrimaryBackupBackupGeoHealthCheckedTargetsArgs(
                                external_endpoints=[props.secondary.dns_name]
                            ),
                        )
                    ],
                    trickle_ratio=0.0,  # dr takes no traffic while prod is healthy
                    enable_geo_fencing_for_backups=False,
                ),
            ),
            opts=self.child(),
        )
        # One health check probes both sites' addresses: each site's entry names it.
        self.health_check_ids: dict[str, pulumi.Output[str]] = {
            props.primary.label: self.health_check.id,
            props.secondary.label: self.health_check.id,
        }
        self.routing_control_ids: dict[str, pulumi.Output[str]] = {}
        self.public_target: PublicTarget | None = None  # the routing-policy record is the public name
        self.register_outputs({"healthCheck": self.health_check.id})
