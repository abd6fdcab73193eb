"""Google Cloud's implementation of `components.clouds.CloudComponents`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi

from clouds.gcp import PROFILE
from components.clouds import CloudComponents
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
from components.gcp.backup.vault import GcpSiteBackup
from components.gcp.containers import CloudRunService
from components.gcp.dashboard import SiteDashboard
from components.gcp.data import GcpServiceData
from components.gcp.endpoint_alarms import EndpointAlarms
from components.gcp.failover_dns import FailoverRecord
from components.gcp.foundation import GcpFoundation, provider
from components.gcp.load_balancer import GlobalLoadBalancer
from components.gcp.vms import VmService
from components.gcp.worker_alarms import WorkerAlarms
from components.gcp.worker_pool import CloudRunWorkerPool
from components.resilience import TierTargets
from config.models import Site


class GcpComponents:
    def provider(self, name: str, site: Site) -> pulumi.ProviderResource:
        return provider(name, site)

    def foundation(self, name: str, props: FoundationProps, opts: pulumi.ResourceOptions) -> SiteFoundation:
        return GcpFoundation(name, props, opts)

    def site_backup(self, name: str, props: SiteBackupProps, opts: pulumi.ResourceOptions) -> SiteBackup:
        return GcpSiteBackup(name, props, opts)

    def service_data(self, name: str, props: DataProps, opts: pulumi.ResourceOptions) -> ServiceData:
        return GcpServiceData(name, props, opts)

    def load_balancer(
        self, name: str, props: EndpointProps, opts: pulumi.ResourceOptions
    ) -> LoadBalancedEndpoint:
        return GlobalLoadBalancer(name, props, opts)

    def compute(self, name: str, props: ComputeProps, opts: pulumi.ResourceOptions) -> ServiceCompute:
        if props.compute.kind == "containers":
            if props.target_group_id is None:  # a worker: nothing requests it, it pulls its work
                return CloudRunWorkerPool(name, props, opts)
            return CloudRunService(name, props, opts)
        return VmService(name, props, opts)

    def endpoint_alarms(self, name: str, props: MonitoringProps, opts: pulumi.ResourceOptions) -> None:
        EndpointAlarms(name, props, opts)

    def worker_alarms(self, name: str, props: WorkerMonitoringProps, opts: pulumi.ResourceOptions) -> None:
        WorkerAlarms(name, props, opts)

    def dashboard(self, name: str, props: DashboardProps, opts: pulumi.ResourceOptions) -> pulumi.Output[str]:
        return SiteDashboard(name, props, opts).name

    def resiliency_policies(
        self,
        name: str,
        tiers: Sequence[TierTargets],
        tags: Mapping[str, str],
        opts: pulumi.ResourceOptions,
    ) -> pulumi.ComponentResource:
        raise NotImplementedError(str(PROFILE.resilience_assessment))

    def recovery_cluster(
        self, name: str, tags: Mapping[str, str], opts: pulumi.ResourceOptions
    ) -> RecoveryCluster:
        raise NotImplementedError(
            "Cloud DNS has no data-plane routing controls like Route 53 ARC; config.gcp refuses "
            "failover.recoveryControl for Google Cloud sites"
        )

    def failover_dns(self, name: str, props: FailoverProps, opts: pulumi.ResourceOptions) -> FailoverDns:
        return FailoverRecord(name, props, opts)

    def public_names(self, name: str, props: PublicNamesProps, opts: pulumi.ResourceOptions) -> None:
        raise NotImplementedError(
            "a Cloud DNS zone serves only Google Cloud sites, whose routing-policy records are the "
            "public names themselves; config.gcp refuses a Cloud DNS zone for other sites"
        )

    def zone_records(self, name: str, props: ZoneRecordsProps, opts: pulumi.ResourceOptions) -> None:
        raise NotImplementedError(
            "a Cloud DNS zone serves Google Cloud sites only, whose endpoints write their own records in it"
        )


COMPONENTS: CloudComponents = GcpComponents()
