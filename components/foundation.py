"""The per-site foundation every service stands on, as a cloud-neutral interface.

A recovery site on Azure or GCP implements `SiteFoundation` with its own resources; services only
see the fields below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import pulumi

from config.models import Alerts, Role, Site


@dataclass(frozen=True)
class FoundationProps:
    role: Role
    site: Site
    peer: Site
    alerts: Alerts
    tags: Mapping[str, str]
    primary_key_id: pulumi.Input[str] | None = None
    """In the dr site: the prod site's multi-region key, replicated here."""
    primary_alert_topic_id: pulumi.Input[str] | None = None
    """In the dr site: the prod site's alert topic."""
    primary_network_id: pulumi.Input[str] | None = None
    """In the dr site: the prod site's network (a cloud whose networks span regions, like GCP's
    global VPC, adds dr's subnetworks to it; AWS ignores it)."""
    organization: str = ""
    environment: str = ""
    """The config's names, for clouds that derive globally unique names from them (Azure)."""
    protect: bool = True
    """Pulumi `protect` on the site's stateful resources (its key, its log bucket)."""
    audit_log_retention_days: int = 0
    """Site-wide logs (network flow logs, load balancer access logs) are kept at least this long:
    the strictest retention of the services they record (`site.logRetentionDays` if longer)."""
    site_to_site: bool = False
    """The peer site runs on another cloud and a database path replicates between them: the
    networks are joined by a site-to-site VPN (components.link). The primary site attaches its
    gateway from config alone; the recovery site declares the tunnels."""

    @property
    def log_retention_days(self) -> int:
        return max(self.site.log_retention_days, self.audit_log_retention_days)

    @property
    def nat_per_zone(self) -> bool:
        mode = self.site.nat_gateways or ("per-az" if self.role == "primary" else "single")
        return mode == "per-az"


class SiteFoundation(Protocol):
    network_id: pulumi.Output[str]
    public_subnet_ids: pulumi.Output[list[str]]
    private_subnet_ids: pulumi.Output[list[str]]
    key_id: pulumi.Output[str]
    """The site's data key (a KMS key ARN on AWS); every data store is encrypted with it."""
    alert_topic_id: pulumi.Output[str]
    """Where alarms go (an SNS topic ARN on AWS)."""
    global_alert_topic_id: pulumi.Input[str] | None
    """Where alarms on the cloud's global metrics go (on AWS: Route 53 health checks publish only
    in us-east-1; their alarms notify a topic there, or are forwarded to this one). None where this
    site raises no such alarms."""
    log_bucket_id: pulumi.Output[str]
    """Where access logs of buckets and load balancers go (SSE-S3: log delivery accepts no CMK)."""
    vpn_gateway_id: pulumi.Output[str] | None
    """The primary site's end of a site-to-site VPN (`site_to_site`); None where it has none."""
