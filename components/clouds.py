"""The one place that picks a cloud's implementation of the component interfaces.

Each cloud package under components/ exposes `COMPONENTS` in its `cloud` module, an object with
the methods of `CloudComponents`; services/ asks `for_cloud(...)` and never names a cloud. Adding a
cloud is one line in `_IMPLEMENTATIONS` (and one in clouds._PROFILES for its capability profile).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Protocol

import pulumi

from clouds import CloudNotSupportedError
from components.data import DataProps, ServiceData, SiteBackup, SiteBackupProps
from components.failover import (
    ComputeProps,
    DashboardProps,
    EndpointProps,
    FailoverDns,
    FailoverProps,
    LoadBalancedEndpoint,
    MonitoringProps,
    PublicNamesProps,
    RecoveryCluster,
    ServiceCompute,
    WorkerMonitoringProps,
    ZoneRecordsProps,
)
from components.foundation import FoundationProps, SiteFoundation
from components.link import SiteLink, SiteLinkProps
from components.resilience import TierTargets
from config.models import Site

_IMPLEMENTATIONS: dict[str, str] = {
    "aws": "components.aws.cloud",
    "gcp": "components.gcp.cloud",
    "azure": "components.azure.cloud",
}
"""Cloud -> module whose `COMPONENTS` implements `CloudComponents` for it."""

_CROSS_CLOUD_IMPLEMENTATIONS: dict[tuple[str, str], str] = {
    ("aws", "gcp"): "components.cross_cloud.aws_gcp",
    ("aws", "azure"): "components.cross_cloud.aws_azure",
}
"""(primary cloud, recovery cloud) -> module whose `COMPONENTS` implements `CrossCloudComponents`:
the recovery site's side of the data paths registered in clouds._CROSS_CLOUD_PATHS."""


class CloudComponents(Protocol):
    """Everything a cloud builds for a site; each method returns the cloud-neutral interface."""

    def provider(self, name: str, site: Site) -> pulumi.ProviderResource:
        """The stack's one provider for its site's cloud and region."""
        ...

    def foundation(
        self, name: str, props: FoundationProps, opts: pulumi.ResourceOptions
    ) -> SiteFoundation: ...

    def site_backup(self, name: str, props: SiteBackupProps, opts: pulumi.ResourceOptions) -> SiteBackup: ...

    def service_data(self, name: str, props: DataProps, opts: pulumi.ResourceOptions) -> ServiceData: ...

    def load_balancer(
        self, name: str, props: EndpointProps, opts: pulumi.ResourceOptions
    ) -> LoadBalancedEndpoint: ...

    def compute(self, name: str, props: ComputeProps, opts: pulumi.ResourceOptions) -> ServiceCompute: ...

    def endpoint_alarms(self, name: str, props: MonitoringProps, opts: pulumi.ResourceOptions) -> None: ...

    def worker_alarms(self, name: str, props: WorkerMonitoringProps, opts: pulumi.ResourceOptions) -> None:
        """Alarms of a worker's compute (running below its strategy's count, saturated)."""
        ...

    def dashboard(self, name: str, props: DashboardProps, opts: pulumi.ResourceOptions) -> pulumi.Output[str]:
        """This site's dashboard; returns its name."""
        ...

    def resiliency_policies(
        self,
        name: str,
        tiers: Sequence[TierTargets],
        tags: Mapping[str, str],
        opts: pulumi.ResourceOptions,
    ) -> pulumi.ComponentResource:
        """The cloud's own resilience-assessment policies, one per tier (only called where the
        cloud's profile names a resilience-assessment service)."""
        ...

    def recovery_cluster(
        self, name: str, tags: Mapping[str, str], opts: pulumi.ResourceOptions
    ) -> RecoveryCluster:
        """Data-plane failover switches shared by every endpoint (only where the cloud's failover
        mechanism offers them)."""
        ...

    def failover_dns(self, name: str, props: FailoverProps, opts: pulumi.ResourceOptions) -> FailoverDns:
        """Health-checked failover for one endpoint (called on the cloud of the pair's failover
        mechanism, clouds.traffic_failover, which need not be a site's cloud)."""
        ...

    def public_names(self, name: str, props: PublicNamesProps, opts: pulumi.ResourceOptions) -> None:
        """The public names (a CNAME or alias per endpoint) pointing at failover mechanisms that
        answer under their own name (called on the cloud hosting the public zone, `dns.cloud`,
        which need not be a site's cloud: it brings its own provider then)."""
        ...

    def zone_records(self, name: str, props: ZoneRecordsProps, opts: pulumi.ResourceOptions) -> None:
        """Records another cloud's endpoints need in this cloud's public zone (called on
        `dns.cloud` when it is not the site's; the options carry that cloud's provider)."""
        ...


class CrossCloudComponents(Protocol):
    """What the recovery site of a cross-cloud pair builds on both clouds (its dr stack holds a
    provider for the primary site's cloud, passed in the props)."""

    def site_link(self, name: str, props: SiteLinkProps, opts: pulumi.ResourceOptions) -> SiteLink:
        """The site-to-site VPN between the two sites' networks."""
        ...

    def recovery_data(self, name: str, props: DataProps, opts: pulumi.ResourceOptions) -> ServiceData:
        """One service's copies in the recovery site and the paths that keep them (the source
        side's resources too: queues, roles and notifications on the primary's cloud)."""
        ...


def for_pair(primary: str, recovery: str) -> CrossCloudComponents:
    if (primary, recovery) not in _CROSS_CLOUD_IMPLEMENTATIONS:
        raise NotImplementedError(f"no cross-cloud components from {primary} to {recovery}")
    found: CrossCloudComponents = importlib.import_module(
        _CROSS_CLOUD_IMPLEMENTATIONS[(primary, recovery)]
    ).COMPONENTS
    return found


def for_cloud(cloud: str) -> CloudComponents:
    if cloud not in _IMPLEMENTATIONS:
        raise CloudNotSupportedError(cloud)
    found: CloudComponents = importlib.import_module(_IMPLEMENTATIONS[cloud]).COMPONENTS
    return found
