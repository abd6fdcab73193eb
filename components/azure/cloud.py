"""Azure's implementation of `components.clouds.CloudComponents`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi
from pulumi_azure_native.provider import Provider

from clouds.azure import PROFILE
from components.azure.backup import AzureSiteBackup, BackupVaultProps
from components.azure.container_apps import ContainerService
from components.azure.dashboard import SiteDashboard
from components.azure.data import AzureServiceData, foundation_of
from components.azure.foundation import AzureFoundation
from components.azure.gateway import ApplicationGateway
from components.azure.monitoring import EndpointAlerts
from components.azure.public_names import AzureDnsPublicNames
from components.azure.site import subscription_of
from components.azure.traffic_manager import TrafficManagerFailover
from components.azure.vms import VmService
from components.azure.worker_alerts import WorkerAlerts
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


class AzureComponents:
    def provider(self, name: str, site: Site) -> pulumi.ProviderResource:
        """The stack's one azure-native provider: the site's subscription and default location
        (every resource also names its own location)."""
        return Provider(name, subscription_id=subscription_of(site), location=site.region)

    def foundation(self, name: str, props: FoundationProps, opts: pulumi.ResourceOptions) -> SiteFoundation:
        return AzureFoundation(name, props, opts)

    def site_backup(self, name: str, props: SiteBackupProps, opts: pulumi.ResourceOptions) -> SiteBackup:
        f = foundation_of(props)
        return AzureSiteBackup(
            name,
            BackupVaultProps(
                subscription_id=f.site.subscription_id,
                resource_group=f.site.resource_group,
                location=f.site.location,
                name=props.name,
                lock=props.lock,
                key_uri=f.key.key_uri,
                key_identity_id=f.key.identity_id,
                key_ready=f.key.ready,
                primary=props.role == "primary",
                action_group_id=f.alerts.id,
                tags=props.tags,
            ),
            opts,
        )

    def service_data(self, name: str, props: DataProps, opts: pulumi.ResourceOptions) -> ServiceData:
        return AzureServiceData(name, props, opts)

    def load_balancer(
        self, name: str, props: EndpointProps, opts: pulumi.ResourceOptions
    ) -> LoadBalancedEndpoint:
        return ApplicationGateway(name, props, opts)

    def compute(self, name: str, props: ComputeProps, opts: pulumi.ResourceOptions) -> ServiceCompute:
        if props.compute.kind == "containers":
            return ContainerService(name, props, opts)
        return VmService(name, props, opts)

    def endpoint_alarms(self, name: str, props: MonitoringProps, opts: pulumi.ResourceOptions) -> None:
        EndpointAlerts(name, props, opts)

    def worker_alarms(self, name: str, props: WorkerMonitoringProps, opts: pulumi.ResourceOptions) -> None:
        WorkerAlerts(name, props, opts)

    def dashboard(self, name: str, props: DashboardProps, opts: pulumi.ResourceOptions) -> pulumi.Output[str]:
        return SiteDashboard(name, props, opts).name

    def resiliency_policies(
        self,
        name: str,
        tiers: Sequence[TierTargets],
        tags: Mapping[str, str],
        opts: pulumi.ResourceOptions,
    ) -> pulumi.ComponentResource:
        # Never called: the profile declares the resilience assessment unsupported (SiteStack logs it).
        raise NotImplementedError(str(PROFILE.resilience_assessment))

    def recovery_cluster(
        self, name: str, tags: Mapping[str, str], opts: pulumi.ResourceOptions
    ) -> RecoveryCluster:
        # Never called: config/azure.py refuses failover.recoveryControl for Azure sites.
        raise NotImplementedError("Traffic Manager has no routing controls like Route 53 ARC")

    def failover_dns(self, name: str, props: FailoverProps, opts: pulumi.ResourceOptions) -> FailoverDns:
        return TrafficManagerFailover(name, props, opts)

    def public_names(self, name: str, props: PublicNamesProps, opts: pulumi.ResourceOptions) -> None:
        AzureDnsPublicNames(name, props, opts)

    def zone_records(self, name: str, props: ZoneRecordsProps, opts: pulumi.ResourceOptions) -> None:
        raise NotImplementedError(
            "an Azure DNS zone serves Azure sites only, whose endpoints need no records written for them"
        )


COMPONENTS: CloudComponents = AzureComponents()
