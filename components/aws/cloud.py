"""AWS's implementation of `components.clouds.CloudComponents`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi

from components.aws.backup.vault import AwsSiteBackup
from components.aws.containers import ContainerService
from components.aws.dashboard import SiteDashboard
from components.aws.data import AwsServiceData
from components.aws.failover_record import FailoverRecords
from components.aws.foundation import AwsFoundation, provider
from components.aws.load_balancer import LoadBalancer
from components.aws.monitoring import EndpointAlarms, WorkerAlarms
from components.aws.public_names import Route53PublicNames
from components.aws.recovery_control import RecoveryControlCluster
from components.aws.resilience import ResiliencyPolicies, ResiliencyPoliciesProps
from components.aws.vms import VmService
from components.aws.zone_records import Route53Records
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
from components.resilience import TierTargets
from config.models import Site


class AwsComponents:
    def provider(self, name: str, site: Site) -> pulumi.ProviderResource:
        return provider(name, site.region, site.account_id)

    def foundation(self, name: str, props: FoundationProps, opts: pulumi.ResourceOptions) -> SiteFoundation:
        return AwsFoundation(name, props, opts)

    def site_backup(self, name: str, props: SiteBackupProps, opts: pulumi.ResourceOptions) -> SiteBackup:
        return AwsSiteBackup(name, props, opts)

    def service_data(self, name: str, props: DataProps, opts: pulumi.ResourceOptions) -> ServiceData:
        return AwsServiceData(name, props, opts)

    def load_balancer(
        self, name: str, props: EndpointProps, opts: pulumi.ResourceOptions
    ) -> LoadBalancedEndpoint:
        return LoadBalancer(name, props, opts)

    def compute(self, name: str, props: ComputeProps, opts: pulumi.ResourceOptions) -> ServiceCompute:
        if props.compute.kind == "containers":
            return ContainerService(name, props, opts)
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
        return ResiliencyPolicies(name, ResiliencyPoliciesProps(tiers=tiers, tags=tags), opts)

    def recovery_cluster(
        self, name: str, tags: Mapping[str, str], opts: pulumi.ResourceOptions
    ) -> RecoveryCluster:
        return RecoveryControlCluster(name, tags, opts)

    def failover_dns(self, name: str, props: FailoverProps, opts: pulumi.ResourceOptions) -> FailoverDns:
        return FailoverRecords(name, props, opts)

    def public_names(self, name: str, props: PublicNamesProps, opts: pulumi.ResourceOptions) -> None:
        Route53PublicNames(name, props, opts)

    def zone_records(self, name: str, props: ZoneRecordsProps, opts: pulumi.ResourceOptions) -> None:
        Route53Records(name, props, opts)


COMPONENTS: CloudComponents = AwsComponents()
