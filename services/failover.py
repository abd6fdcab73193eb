"""What each service with compute runs in this site: endpoint services so their endpoint keeps
answering after a failover, workers (compute with no endpoint, e.g. queue consumers) so they keep
consuming.

Decisions only (counts, which record role, maintenance or serving); `components/` decides how.
Everything follows the service's strategy (from its RTO), never its name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import pulumi

from components.clouds import CloudComponents, for_cloud
from components.failover import (
    ComputeProps,
    DashboardProps,
    EndpointProps,
    FailoverDns,
    FailoverProps,
    LoadBalancedEndpoint,
    MonitoringProps,
    PublicName,
    PublicNamesProps,
    ServiceCompute,
    SiteTarget,
    WorkerMonitoringProps,
    ZoneRecordsProps,
)
from components.foundation import SiteFoundation
from config.models import Endpoint, StackConfig
from services.sites import failover_of, site_pair
from vocabulary import outputs
from vocabulary.plans import ServicePlan

if TYPE_CHECKING:
    from services.site import ServiceComponent
from vocabulary.tags import service_tags

SCALE_OUT_FACTOR = 2
"""Autoscaling ceiling = this x prod's desired count: headroom for a surge after a failover (our
choice, not a provider number)."""

RecordRole = Literal["PRIMARY", "SECONDARY"]


@dataclass(frozen=True)
class SiteCompute:
    """One service's compute in one site: what runs before a failover and what it scales to."""

    plan: ServicePlan
    primary: bool
    protect: bool = True
    """config `protect`: off only in sandboxes meant to be torn down."""

    @property
    def name(self) -> str:
        return self.plan.name

    @property
    def serves(self) -> bool:
        """Whether this site runs the service's compute (prod always; dr unless backup & restore)."""
        return self.primary or self.plan.has_standby_compute

    @property
    def min_count(self) -> int:
        return self.plan.count_for(self.primary)

    @property
    def max_count(self) -> int:
        return SCALE_OUT_FACTOR * self.plan.desired_count

    @property
    def failover_count(self) -> int:
        """What dr runs once it takes prod's traffic: prod's capacity."""
        return self.plan.desired_count

    @property
    def needs_scale_up_step(self) -> bool:
        """Pilot light keeps dr at zero: target tracking has no metric to scale from, so the failover
        runbook raises the floor to prod's count."""
        return not self.primary and self.serves and self.min_count == 0

    @property
    def minimum_healthy(self) -> int:
        """Healthy targets below this raise the standby-capacity alarm (0: nothing to watch)."""
        return self.min_count if self.serves else 0


@dataclass(frozen=True)
class SiteFailover(SiteCompute):
    """One endpoint service in one site."""

    @property
    def endpoint(self) -> Endpoint:
        assert self.plan.service.endpoint is not None
        return self.plan.service.endpoint

    @property
    def maintenance(self) -> bool:
        """A dr site with no standby compute answers with a maintenance page instead of nothing."""
        return not self.serves

    @property
    def deletion_protection(self) -> bool:
        """Both sites alike: once dr takes over it serves production (issue 13)."""
        return self.protect

    @property
    def record_role(self) -> RecordRole:
        return "PRIMARY" if self.primary else "SECONDARY"

    @property
    def set_identifier(self) -> str:
        # Changing set_identifier replaces the record (dr-reference, "Known provider pitfalls"):
        # keep it a constant per site role.
        return "prod" if self.primary else "dr"

    @property
    def failover_seconds(self) -> int:
        """Route 53 failover time ~= interval x threshold + TTL (dr-reference, derived; no SLA)."""
        p = self.plan
        return int(
            p.health_check_interval.total_seconds() * p.health_check_failure_threshold
            + p.dns_ttl.total_seconds()
        )


def _data_access_groups(component: ServiceComponent) -> list[pulumi.Input[str]]:
    """The security group the service's data stores admit, when it has any (services/data.py)."""
    data = component.data
    if data is None or data.app_security_group_id is None:
        return []
    return [data.app_security_group_id]


def site_failovers(plans: list[ServicePlan], primary: bool, protect: bool = True) -> list[SiteFailover]:
    return [
        SiteFailover(plan, primary, protect)
        for plan in plans
        if plan.service.endpoint is not None and plan.service.compute is not None
    ]


def site_workers(plans: list[ServicePlan], primary: bool) -> list[SiteCompute]:
    """Services with compute but no endpoint (workers): the same counts per strategy as endpoint
    services, but no load balancer, DNS record or maintenance page; nothing probes them from outside,
    so their own alarms watch them."""
    return [
        SiteCompute(plan, primary)
        for plan in plans
        if plan.service.endpoint is None and plan.service.compute is not None
    ]


# --- wiring: decisions -> components (the clouds decide how) -------------------------------


class SiteFailoverBuild:
    """Builds every endpoint service's failover pieces, and every worker's compute, in this site;
    `outputs()` is the contract."""

    def __init__(
        self,
        cfg: StackConfig,
        plans: list[ServicePlan],
        parents: Mapping[str, ServiceComponent],
        foundation: SiteFoundation,
        prod: pulumi.StackReference | None,
        peer_provider: pulumi.ProviderResource | None = None,
    ) -> None:
        self.cfg = cfg
        label = "prod" if cfg.is_primary else "dr"
        cloud = for_cloud(cfg.site.cloud)
        # The mechanism that moves traffic between the sites may be another cloud's (e.g. Route 53
        # for a cross-cloud pair); clouds.traffic_failover picks it.
        sites = site_pair(cfg)
        failover = failover_of(sites)
        switch = for_cloud(failover.cloud)
        # On prod's cloud (a cross-cloud pair, zone on Route 53): the records, their health checks
        # and alarms use dr's provider for that cloud, and alarm to prod's topic there.
        elsewhere = failover.cloud != cfg.site.cloud
        if elsewhere and (peer_provider is None or failover.cloud != cfg.peer.cloud) and prod is not None:
            raise ValueError(
                f"the dr stack has no provider for {failover.implementation} on {failover.cloud}"
            )
        switch_providers = [peer_provider] if elsewhere and peer_provider is not None else []
        host = parents[cfg.foundation_service.name]
        self.endpoints: dict[str, dict[str, Any]] = {}
        self.load_balancers: dict[str, LoadBalancedEndpoint] = {}
        self.computes: dict[str, ServiceCompute] = {}
        self.dns: dict[str, FailoverDns] = {}
        health_checks: dict[str, pulumi.Output[str]] = {}
        prod_endpoints = prod.require_output(outputs.ENDPOINTS) if prod is not None else None
        public_names: list[PublicName] = []
        cluster = None
        if not cfg.is_primary and cfg.failover.recovery_control:
            cluster = switch.recovery_cluster(
                f"{cfg.organization}-{cfg.environment}"[:64],
                service_tags(cfg, cfg.foundation_service),
                pulumi.ResourceOptions(parent=host),
            )
        for sf in site_failovers(plans, cfg.is_primary, cfg.protect):
            name, service = sf.name, sf.plan.service
            compute_cfg = service.compute
            assert compute_cfg is not None
            parent = pulumi.ResourceOptions(parent=parents[name])
            tags = service_tags(cfg, service)
            physical = f"{label}-{name}"
            lb = cloud.load_balancer(
                physical,
                EndpointProps(
                    name=physical,
                    hostname=sf.endpoint.hostname,
                    zone_id=cfg.dns.zone_id,
                    health_path=sf.endpoint.health_path,
                    app_port=compute_cfg.port if sf.serves else None,
                    compute_kind=compute_cfg.kind if sf.serves else None,
                    network_id=foundation.network_id,
                    public_subnet_ids=foundation.public_subnet_ids,
                    log_bucket_id=foundation.log_bucket_id,
                    deletion_protection=sf.deletion_protection,
                    tags=tags,
                    site=cfg.site,
                    primary=cfg.is_primary,
                    foundation=foundation,
                    web_firewall=sf.plan.web_firewall,
                    log_retention_days=sf.plan.audit_log_retention_days,
                    key_id=foundation.key_id,
                    zone=cfg.dns,
                    peer=cfg.peer,
                ),
                parent,
            )
            self.load_balancers[name] = lb
            if lb.zone_records:
                # e.g. a GCP certificate's DNS authorization, in a Route 53 zone
                for_cloud(cfg.dns.cloud).zone_records(
                    f"{physical}-zone-records",
                    ZoneRecordsProps(zone=cfg.dns, records=lb.zone_records),
                    pulumi.ResourceOptions(parent=parents[name], providers=switch_providers),
                )
            compute_out: pulumi.Input[dict[str, Any]] = {"kind": "none", "strategy": sf.plan.strategy}
            if sf.serves and lb.target_group_id is not None:
                compute = self._compute(cloud, sf, foundation, parents[name], lb)
                self.computes[name] = compute
                compute_out = _compute_output(compute)
            cloud.endpoint_alarms(
                physical,
                MonitoringProps(
                    name=physical,
                    metric_dimensions=lb.metric_dimensions,
                    minimum_healthy=sf.minimum_healthy,
                    serves=sf.serves,
                    alert_topic_id=foundation.alert_topic_id,
                    tags=tags,
                    foundation=foundation,
                ),
                parent,
            )
            own = {outputs.LB_DNS_NAME: lb.dns_name, outputs.LB_ZONE_ID: lb.zone_id}
            entry: dict[str, Any] = {
                outputs.HOSTNAME: sf.endpoint.hostname,
                outputs.URL: f"https://{sf.endpoint.hostname}/",
                outputs.FAILOVER_SECONDS: sf.failover_seconds,
                outputs.LOAD_BALANCERS: {label: own},
                outputs.COMPUTE: compute_out,
            }
            if prod_endpoints is not None:
                alarm_topic = (
                    prod.require_output(outputs.ALERT_TOPIC_ARN)
                    if elsewhere and prod is not None
                    else foundation.global_alert_topic_id
                )
                if alarm_topic is None:  # every dr foundation keeps one (SiteFoundation contract)
                    raise ValueError("the dr site's foundation has no global alert topic")
                prod_lb = prod_endpoints.apply(lambda e, n=name: e[n][outputs.LOAD_BALANCERS]["prod"])
                dns = switch.failover_dns(
                    name,
                    FailoverProps(
                        name=name,
                        hostname=sf.endpoint.hostname,
                        zone_id=cfg.dns.zone_id,
                        health_path=sf.endpoint.health_path,
                        interval_seconds=int(sf.plan.health_check_interval.total_seconds()),
                        failure_threshold=sf.plan.health_check_failure_threshold,
                        primary=SiteTarget(
                            "prod",
                            prod_lb.apply(lambda lb_: str(lb_[outputs.LB_DNS_NAME])),
                            prod_lb.apply(lambda lb_: str(lb_[outputs.LB_ZONE_ID])),
                            region=cfg.peer.region,
                            form=sites.primary.load_balancer_entry,
                        ),
                        secondary=SiteTarget(
                            "dr",
                            lb.dns_name,
                            lb.zone_id,
                            region=cfg.site.region,
                            form=sites.recovery.load_balancer_entry,
                        ),
                        alarm_topic_id=alarm_topic,
                        recovery_control=cluster is not None,
                        recovery_cluster=cluster,
                        tags=tags,
                        ttl_seconds=cfg.dns.ttl,
                        foundation=foundation,
                    ),
                    pulumi.ResourceOptions.merge(parent, pulumi.ResourceOptions(providers=switch_providers))
                    if switch_providers
                    else parent,
                )
                self.dns[name] = dns
                if dns.public_target is not None:
                    public_names.append(PublicName(sf.endpoint.hostname, dns.public_target, tags))
                entry[outputs.LOAD_BALANCERS] = {"prod": prod_lb, label: own}
                entry[outputs.HEALTH_CHECK_IDS] = dns.health_check_ids
                if cluster is not None:
                    entry[outputs.ROUTING_CONTROL_ARNS] = dns.routing_control_ids
                health_checks.update({f"{name}/{site}": hc for site, hc in dns.health_check_ids.items()})
            self.endpoints[name] = entry
        if public_names:
            # The failover mechanism answers under its own name (a traffic manager profile): the
            # public zone's cloud points each hostname at it (clouds.traffic_failover).
            for_cloud(cfg.dns.cloud).public_names(
                f"{cfg.organization}-{label}-public-names",
                PublicNamesProps(zone=cfg.dns, names=public_names, ttl_seconds=cfg.dns.ttl),
                pulumi.ResourceOptions(parent=host),
            )
        self.workers: dict[str, pulumi.Output[dict[str, Any]]] = {}
        for sw in site_workers(plans, cfg.is_primary):
            if not sw.serves:
                continue  # backup & restore: dr declares no compute until a failover provisions it
            compute_cfg = sw.plan.service.compute
            assert compute_cfg is not None
            compute = self._compute(cloud, sw, foundation, parents[sw.name], None)
            self.computes[sw.name] = compute
            self.workers[sw.name] = _compute_output(compute)
            cloud.worker_alarms(
                f"{label}-{sw.name}",
                WorkerMonitoringProps(
                    name=f"{label}-{sw.name}",
                    compute_kind=compute_cfg.kind,
                    identifiers=compute.identifiers,
                    minimum_running=sw.minimum_healthy,
                    alert_topic_id=foundation.alert_topic_id,
                    tags=service_tags(cfg, sw.plan.service),
                    compute=compute,
                    foundation=foundation,
                ),
                pulumi.ResourceOptions(parent=parents[sw.name]),
            )
        self.dashboard = cloud.dashboard(
            f"{cfg.organization}-{label}-dr",
            DashboardProps(
                name=f"{cfg.organization}-{cfg.environment}-{label}-dr",
                region=cfg.site.region,
                services={n: lb.metric_dimensions for n, lb in self.load_balancers.items()},
                health_check_ids=health_checks,
                foundation=foundation,
            ),
            pulumi.ResourceOptions(parent=host),
        )

    def _compute(
        self,
        cloud: CloudComponents,
        sc: SiteCompute,
        foundation: SiteFoundation,
        parent: ServiceComponent,
        lb: LoadBalancedEndpoint | None,
    ) -> ServiceCompute:
        """The service's compute here: behind its load balancer, or (a worker) behind nothing."""
        cfg = self.cfg
        compute_cfg = sc.plan.service.compute
        assert compute_cfg is not None
        physical = f"{'prod' if cfg.is_primary else 'dr'}-{sc.name}"
        return cloud.compute(
            physical,
            ComputeProps(
                name=physical,
                compute=compute_cfg,
                min_count=sc.min_count,
                max_count=sc.max_count,
                failover_count=sc.failover_count,
                scale_up_step=sc.needs_scale_up_step,
                network_id=foundation.network_id,
                private_subnet_ids=foundation.private_subnet_ids,
                key_id=foundation.key_id,
                region=cfg.site.region,
                log_retention_days=sc.plan.audit_log_retention_days,
                target_group_id=lb.target_group_id if lb is not None else None,
                lb_security_group_id=lb.security_group_id if lb is not None else None,
                ready=lb.ready if lb is not None else (),
                tags=service_tags(cfg, sc.plan.service),
                data_access_security_group_ids=_data_access_groups(parent),
                foundation=foundation,
            ),
            pulumi.ResourceOptions(parent=parent),
        )

    def outputs(self) -> dict[str, Any]:
        return {
            outputs.ENDPOINTS: self.endpoints,
            outputs.WORKERS: self.workers,
            outputs.DASHBOARD: self.dashboard,
        }


def _compute_output(compute: ServiceCompute) -> pulumi.Output[dict[str, Any]]:
    """What runbooks and other teams need of a service's compute (vocabulary.outputs.COMPUTE)."""
    return pulumi.Output.all(
        compute.identifiers, compute.compute_security_group_id, compute.scale_up_command
    ).apply(
        lambda a: {
            **a[0],
            "securityGroupId": a[1],
            **({"scaleUpCommand": a[2]} if a[2] else {}),
        }
    )
