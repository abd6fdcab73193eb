"""Build one site (prod or dr) from validated config: the foundation, then every service."""

from __future__ import annotations

from typing import Any

import pulumi

from clouds import profile
from clouds.base import Unsupported
from components.base import Component
from components.clouds import for_cloud, for_pair
from components.data import ServiceData
from components.foundation import FoundationProps, SiteFoundation
from components.link import SiteLink, SiteLinkProps
from config.durations import format_duration
from config.models import StackConfig
from services.data import protect_data
from services.failover import SiteFailoverBuild
from services.plan import plan_catalog
from services.posture import tier_targets
from services.sites import site_pair
from vocabulary import outputs
from vocabulary.plans import ServicePlan
from vocabulary.tags import service_tags


class ServiceComponent(Component):
    """One catalog entry in this site; its DR building blocks are its children."""

    def __init__(self, plan: ServicePlan, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("services", plan.name, opts)
        self.plan = plan
        self.foundation: SiteFoundation | None = None
        self.data: ServiceData | None = None

    def summary(self) -> dict[str, Any]:
        p = self.plan
        return {
            "tier": p.service.tier,
            "strategy": p.strategy,
            "rpo": format_duration(p.rpo),
            "rto": format_duration(p.rto),
            "standbyCount": p.standby_count,
            "desiredCount": p.desired_count,
            **(self.data.outputs() if self.data else {}),
        }

    def finish(self) -> None:
        self.register_outputs(self.summary())


class ProdStackReference(pulumi.StackReference):
    """dr's view of prod's outputs. Each output is read once and shared, and a read takes its
    value out of `outputs` without lifting anything into Outputs.

    The SDK's `require_output` passes the whole `outputs` through `Output.all`, which lifts every
    nested value of every prod output into an Output of its own (each walked for unknowns): per
    read, work proportional to all of prod's outputs, the posture table included. Measured (make
    bench): a third of dr's program run at 50 services. Here the read is an `apply` on `outputs`
    (plain data in, plain data out) and the secretness is the SDK's: secret when prod lists the
    name among its secret outputs, not secret when it lists others, and as secret as `outputs`
    when it lists none (an older CLI) or the list is unknown."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._read: dict[str, pulumi.Output[Any]] = {}

    def require_output(self, name: pulumi.Input[str]) -> pulumi.Output[Any]:
        if not isinstance(name, str):
            return super().require_output(name)
        if name not in self._read:
            self._read[name] = self._read_output(name)
        return self._read[name]

    def _read_output(self, name: str) -> pulumi.Output[Any]:
        value = self.outputs.apply(lambda o: o[name])  # KeyError if prod has no such output
        plain = pulumi.Output.unsecret(value)

        def secretness(names: Any) -> pulumi.Output[Any]:
            if not isinstance(names, list):
                return value
            return pulumi.Output.secret(plain) if name in names else plain

        return self.secret_output_names.apply(secretness, run_with_unknowns=True)


class SiteStack:
    """Everything one stack declares; `outputs` is what it exports."""

    def __init__(self, cfg: StackConfig) -> None:
        self.cfg = cfg
        self.plans = plan_catalog(cfg)
        self.prod = ProdStackReference(cfg.prod_stack) if cfg.prod_stack else None
        self.cloud = for_cloud(cfg.site.cloud)
        self.profile = profile(cfg.site.cloud)
        self.provider = self.cloud.provider(f"{self.label}-{cfg.site.cloud}", cfg.site)
        sites = site_pair(cfg)
        same_cloud = not sites.cross_cloud
        # dr of a cross-cloud pair declares resources on prod's cloud too (the paths' source side,
        # the VPN's other end, the Route 53 failover records): one explicit provider in prod's
        # region and account, since the stack's default providers are disabled.
        self.peer_provider: pulumi.ProviderResource | None = None
        if self.prod is not None and sites.cross_cloud:
            self.peer_provider = for_cloud(cfg.peer.cloud).provider(
                f"{self.label}-{cfg.peer.cloud}", cfg.peer
            )
        # The database paths between two clouds travel over a site-to-site VPN.
        site_to_site = sites.cross_cloud and any(
            p.store.kind == "relational" for plan in self.plans for p in plan.stores
        )
        self.services: dict[str, ServiceComponent] = {}
        for plan in self.plans:
            self.services[plan.name] = ServiceComponent(
                plan, pulumi.ResourceOptions(providers=[self.provider])
            )
        host = self.services[cfg.foundation_service.name]
        self.foundation = self.cloud.foundation(
            f"{cfg.organization}-{self.label}",
            FoundationProps(
                role=cfg.role,
                site=cfg.site,
                peer=cfg.peer,
                alerts=cfg.alerts,
                tags=service_tags(cfg, cfg.foundation_service),
                # prod's key, topic and network are dr's to extend on the same cloud only.
                primary_key_id=self.prod.require_output(outputs.KEY_ARN)
                if self.prod and same_cloud
                else None,
                primary_alert_topic_id=(
                    self.prod.require_output(outputs.ALERT_TOPIC_ARN) if self.prod and same_cloud else None
                ),
                primary_network_id=(
                    self.prod.require_output(outputs.NETWORK).apply(lambda n: str(n["vpcId"]))
                    if self.prod and same_cloud
                    else None
                ),
                organization=cfg.organization,
                environment=cfg.environment,
                protect=cfg.protect,
                audit_log_retention_days=max(p.audit_log_retention_days for p in self.plans),
                site_to_site=site_to_site,
            ),
            pulumi.ResourceOptions(parent=host),
        )
        host.foundation = self.foundation
        self.link: SiteLink | None = None
        if self.prod is not None and self.peer_provider is not None and site_to_site:
            gateway = self.prod.require_output(outputs.NETWORK).apply(
                lambda n: str(n[outputs.VPN_GATEWAY_ID])
            )
            self.link = for_pair(cfg.peer.cloud, cfg.site.cloud).site_link(
                f"{cfg.organization}-{self.label}-link",
                SiteLinkProps(
                    site=cfg.site,
                    peer=cfg.peer,
                    foundation=self.foundation,
                    peer_gateway_id=gateway,
                    peer_provider=self.peer_provider,
                    tags=service_tags(cfg, cfg.foundation_service),
                    name=f"{cfg.organization}-{self.label}",
                ),
                pulumi.ResourceOptions(parent=host),
            )
        # Data first: compute joins the security group its data stores admit.
        self.backup = protect_data(
            cfg, self.services, self.foundation, self.prod, self.peer_provider, self.link
        )
        self.failover = SiteFailoverBuild(
            cfg, self.plans, self.services, self.foundation, self.prod, self.peer_provider
        )
        # The cloud's resilience assessment (AWS Resilience Hub) judges the deployed app against
        # the same tier targets as the posture; a cloud without one says so in its profile.
        self.resilience: pulumi.ComponentResource | None = None
        for missing in self.profile.unsupported():
            pulumi.log.info(f"{self.profile.title} site: not declared: {missing}")
        if not isinstance(self.profile.resilience_assessment, Unsupported):
            self.resilience = self.cloud.resiliency_policies(
                f"{cfg.organization}-{self.label}",
                tier_targets(cfg),
                service_tags(cfg, cfg.foundation_service),
                pulumi.ResourceOptions(parent=host),
            )
        for component in self.services.values():
            component.finish()

    @property
    def label(self) -> str:
        return "prod" if self.cfg.is_primary else "dr"

    def outputs(self) -> dict[str, Any]:
        site = self.cfg.site
        f = self.foundation
        return {
            outputs.SITE: {"role": self.cfg.role, "cloud": site.cloud, "region": site.region},
            outputs.NETWORK: {
                "vpcId": f.network_id,
                "publicSubnetIds": f.public_subnet_ids,
                "privateSubnetIds": f.private_subnet_ids,
                **({outputs.VPN_GATEWAY_ID: f.vpn_gateway_id} if f.vpn_gateway_id is not None else {}),
            },
            outputs.KEY_ARN: f.key_id,
            outputs.ALERT_TOPIC_ARN: f.alert_topic_id,
            outputs.SERVICES: {name: c.summary() for name, c in self.services.items()},
            **self.failover.outputs(),
        }
