"""Cloud-neutral interfaces of the failover building blocks: what services/ asks for (Props) and
what it reads back (Protocols). Each cloud implements them under components/<cloud>/."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import pulumi

from clouds.base import EntryForm
from components.foundation import SiteFoundation
from config.models import Containers, Dns, Site, VirtualMachines


@dataclass(frozen=True)
class EndpointProps:
    """A TLS load balancer for one service in one site."""

    name: str
    """Physical name (<= 32 characters on AWS)."""
    hostname: str
    zone_id: str
    health_path: str
    app_port: int | None
    """Port of the service's compute; None: no compute here, answer with the maintenance page."""
    compute_kind: str | None
    """`containers` or `vms` (decides how targets register); None with the maintenance page."""
    network_id: pulumi.Input[str]
    public_subnet_ids: pulumi.Input[Sequence[str]]
    log_bucket_id: pulumi.Input[str]
    deletion_protection: bool
    tags: Mapping[str, str]
    site: Site | None = None
    """The site this endpoint is in (clouds that need its project or account read it)."""
    primary: bool | None = None
    """Whether this is the prod site: a resource both sites share (a GCP certificate, a global
    resource of the shared project) is created in prod and referenced from dr."""
    foundation: SiteFoundation | None = None
    """The site's foundation, for clouds whose endpoints need more of it than the fields above
    (e.g. an Azure resource group and identities); AWS reads only the fields above."""
    web_firewall: bool = False
    """A web application firewall in front (managed rules, a rate limit, logged with `key_id`)."""
    log_retention_days: int = 90
    """How long the endpoint's own logs (the firewall's) are kept."""
    key_id: pulumi.Input[str] | None = None
    """The site's data key, for the firewall's logs (needed with `web_firewall`)."""
    zone: Dns | None = None
    """The public zone the hostname lives in (a cloud whose certificate is validated by DNS reads
    which cloud hosts it); None: `zone_id` is all it needs."""
    peer: Site | None = None
    """The other site: an endpoint whose peer runs on another cloud shares nothing with it (a
    recovery site on GCP then owns its certificate instead of using prod's)."""


@dataclass(frozen=True)
class ZoneRecord:
    """A record an endpoint needs in the public zone (e.g. a certificate's DNS authorization)."""

    name: pulumi.Input[str]
    """Fully qualified, as the endpoint's cloud gives it (a trailing dot is accepted)."""
    type: str
    values: Sequence[pulumi.Input[str]]
    ttl: int = 300


@dataclass(frozen=True)
class ZoneRecordsProps:
    """Records endpoints need in the public zone, written by the zone's cloud (`dns.cloud`) when
    it is not the endpoint's own."""

    zone: Dns
    records: Sequence[ZoneRecord]


class LoadBalancedEndpoint(Protocol):
    dns_name: pulumi.Output[str]
    zone_id: pulumi.Output[str]
    """The load balancer's own hosted zone (alias records need it)."""
    security_group_id: pulumi.Output[str]
    target_group_id: pulumi.Output[str] | None
    ready: Sequence[pulumi.Resource]
    """What compute must wait for (the target group is attached to a listener)."""
    metric_dimensions: pulumi.Output[dict[str, str]]
    """Dimensions that name this endpoint's load balancer and target group in metrics."""
    zone_records: Sequence[ZoneRecord]
    """Records this endpoint needs in a public zone its own cloud does not host (empty when it
    writes them itself or needs none)."""


@dataclass(frozen=True)
class ComputeProps:
    """The service's compute in one site, registered behind its endpoint (or, for a worker with no
    endpoint, behind nothing: `target_group_id` and `lb_security_group_id` are None)."""

    name: str
    compute: Containers | VirtualMachines
    min_count: int
    max_count: int
    failover_count: int
    """Capacity the failover runbook raises the floor to (prod's desired count)."""
    scale_up_step: bool
    network_id: pulumi.Input[str]
    private_subnet_ids: pulumi.Input[Sequence[str]]
    key_id: pulumi.Input[str]
    region: str
    log_retention_days: int
    target_group_id: pulumi.Input[str] | None
    """Where the compute registers; None: a worker (no load balancer, no inbound traffic)."""
    lb_security_group_id: pulumi.Input[str] | None
    """The load balancer's group the compute admits; None for a worker."""
    ready: Sequence[pulumi.Resource]
    tags: Mapping[str, str]
    data_access_security_group_ids: Sequence[pulumi.Input[str]] = ()
    """Groups the compute also joins: the service's data stores admit these (components/data)."""
    foundation: SiteFoundation | None = None
    """The site's foundation (see EndpointProps.foundation)."""


class ServiceCompute(Protocol):
    compute_security_group_id: pulumi.Output[str]
    """The compute's own group; the load balancer reaches it on the app port."""
    identifiers: pulumi.Output[dict[str, str]]
    """Cluster/service or auto scaling group names, for runbooks and other teams."""
    scale_up_command: pulumi.Output[str] | None
    """Pilot light: the one command that raises capacity to prod's count on failover."""


@dataclass(frozen=True)
class SiteTarget:
    """One site's load balancer, as the failover record and its health check see it."""

    label: str
    dns_name: pulumi.Input[str]
    zone_id: pulumi.Input[str]
    region: str | None = None
    """The site's region (a DNS routing policy may place the site's answer by geography)."""
    form: EntryForm = "alias"
    """How a DNS record answers with this load balancer (its cloud's `load_balancer_entry`): an
    alias to `dns_name` in `zone_id`, `dns_name` as an IPv4 address, or `dns_name` as a CNAME."""


@dataclass(frozen=True)
class FailoverProps:
    """Health-checked failover DNS for one endpoint: PRIMARY -> prod, SECONDARY -> dr."""

    name: str
    hostname: str
    zone_id: str
    health_path: str
    interval_seconds: int
    failure_threshold: int
    primary: SiteTarget
    secondary: SiteTarget
    alarm_topic_id: pulumi.Input[str]
    """Where health-check alarms go; must be in the region that holds health-check metrics."""
    recovery_control: bool
    recovery_cluster: RecoveryCluster | None
    tags: Mapping[str, str]
    ttl_seconds: int = 60
    """`dns.ttl`: the TTL of the failover answer where the record sets one (a traffic manager's
    own answer, a Cloud DNS record set); Route 53 alias records take the load balancer's."""
    foundation: SiteFoundation | None = None
    """The site's foundation (see EndpointProps.foundation)."""


@dataclass(frozen=True)
class PublicTarget:
    """Where a public name points when the failover mechanism answers under a name of its own
    (a traffic manager profile), instead of being the public name's records itself."""

    fqdn: pulumi.Output[str]
    """E.g. `<profile>.trafficmanager.net` (a CNAME target)."""
    resource_id: pulumi.Output[str]
    """The mechanism's resource (an alias record target where the zone's cloud has aliases)."""


class FailoverDns(Protocol):
    health_check_ids: dict[str, pulumi.Output[str]]
    """Per site label: the endpoint health check."""
    routing_control_ids: dict[str, pulumi.Output[str]]
    """Per site label: the ARC routing control (empty when recovery control is off)."""
    public_target: PublicTarget | None
    """Where the public name must point; None when the failover records are the public name."""


@dataclass(frozen=True)
class PublicName:
    hostname: str
    target: PublicTarget
    tags: Mapping[str, str]


@dataclass(frozen=True)
class PublicNamesProps:
    """The public names of every endpoint whose failover answers under its own name, declared in
    the public zone (on the zone's cloud, clouds.traffic_failover)."""

    zone: Dns
    names: Sequence[PublicName]
    ttl_seconds: int


class RecoveryCluster(Protocol):
    """Shared ARC cluster + control panel of the dr stack."""

    cluster_id: pulumi.Output[str]
    control_panel_id: pulumi.Output[str]


@dataclass(frozen=True)
class MonitoringProps:
    name: str
    metric_dimensions: pulumi.Input[dict[str, str]]
    minimum_healthy: int
    serves: bool
    alert_topic_id: pulumi.Input[str]
    tags: Mapping[str, str]
    foundation: SiteFoundation | None = None
    """The site's foundation (see EndpointProps.foundation)."""


@dataclass(frozen=True)
class WorkerMonitoringProps:
    """Alarms of a worker (compute with no endpoint): no health check or load balancer watches it."""

    name: str
    compute_kind: str
    """`containers` or `vms`."""
    identifiers: pulumi.Input[dict[str, str]]
    """The compute's `ServiceCompute.identifiers` (which cluster/service or group to watch)."""
    minimum_running: int
    """Running tasks or instances below this raise the capacity alarm (0: no capacity alarm)."""
    alert_topic_id: pulumi.Input[str]
    tags: Mapping[str, str]
    compute: ServiceCompute | None = None
    """The worker's compute itself, for clouds whose alerts need more of it than `identifiers`
    (resource ids to scope an alert to, its CPU size); AWS reads `identifiers` only."""
    foundation: SiteFoundation | None = None
    """The site's foundation (see EndpointProps.foundation)."""


@dataclass(frozen=True)
class DashboardProps:
    name: str
    region: str
    services: Mapping[str, pulumi.Input[dict[str, str]]]
    """Per service: its endpoint's metric dimensions in this site."""
    health_check_ids: Mapping[str, pulumi.Input[str]]
    """Per '<service>/<site>': Route 53 health check ids (dr stack)."""
    foundation: SiteFoundation | None = None
    """The site's foundation (see EndpointProps.foundation)."""
