"""Pick a cloud's implementation for each component interface."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi

from components.data import DataProps, ServiceData, SiteBackup, SiteBackupProps
from components.failover import (
    ComputeProps,
    DashboardProps,
    EndpointProps,
    FailoverDns,
    FailoverProps,
    LoadBalancedEndpoint,
    MonitoringProps,
    RecoveryCluster,
    ServiceCompute,
)
from components.foundation import FoundationProps, SiteFoundation
from components.resilience import TierTargets
from config.models import Site


class CloudNotSupportedError(NotImplementedError):
    def __init__(self, cloud: str) -> None:
        super().__init__(f"cloud {cloud!r} is not supported yet; supported today: aws")


def provider(name: str, site: Site) -> pulumi.ProviderResource:
    """The stack's one provider for its site's cloud and region."""
    if site.cloud == "aws":
        from components.aws.foundation import provider as aws_provider

        return aws_provider(name, site.region, site.account_id)
    raise CloudNotSupportedError(site.cloud)


def foundation(name: str, props: FoundationProps, opts: pulumi.ResourceOptions) -> SiteFoundation:
    if props.site.cloud == "aws":
        from components.aws.foundation import AwsFoundation

        return AwsFoundation(name, props, opts)
    raise CloudNotSupportedError(props.site.cloud)


# --- failover building blocks (components/failover.py) -------------------------------------


def load_balancer(
    cloud: str, name: str, props: EndpointProps, opts: pulumi.ResourceOptions
) -> LoadBalancedEndpoint:
    if cloud == "aws":
        from components.aws.load_balancer import LoadBalancer

        return LoadBalancer(name, props, opts)
    raise CloudNotSupportedError(cloud)


def compute(cloud: str, name: str, props: ComputeProps, opts: pulumi.ResourceOptions) -> ServiceCompute:
    if cloud == "aws":
        if props.compute.kind == "containers":
            from components.aws.containers import ContainerService

            return ContainerService(name, props, opts)
        from components.aws.vms import VmService

        return VmService(name, props, opts)
    raise CloudNotSupportedError(cloud)


def endpoint_alarms(cloud: str, name: str, props: MonitoringProps, opts: pulumi.ResourceOptions) -> None:
    if cloud == "aws":
        from components.aws.monitoring import EndpointAlarms

        EndpointAlarms(name, props, opts)
        return
    raise CloudNotSupportedError(cloud)


def dashboard(
    cloud: str, name: str, props: DashboardProps, opts: pulumi.ResourceOptions
) -> pulumi.Output[str]:
    if cloud == "aws":
        from components.aws.dashboard import SiteDashboard

        return SiteDashboard(name, props, opts).name
    raise CloudNotSupportedError(cloud)


def recovery_cluster(
    dns: str, name: str, tags: Mapping[str, str], opts: pulumi.ResourceOptions
) -> RecoveryCluster:
    if dns == "aws":
        from components.aws.recovery_control import RecoveryControlCluster

        return RecoveryControlCluster(name, tags, opts)
    raise CloudNotSupportedError(dns)


def failover_dns(dns: str, name: str, props: FailoverProps, opts: pulumi.ResourceOptions) -> FailoverDns:
    """`dns` is the cloud that hosts the public zone (Route 53 today), not a site's cloud."""
    if dns == "aws":
        from components.aws.failover_record import FailoverRecords

        return FailoverRecords(name, props, opts)
    raise CloudNotSupportedError(dns)


def site_backup(name: str, props: SiteBackupProps, opts: pulumi.ResourceOptions) -> SiteBackup:
    if props.site.cloud == "aws":
        from components.aws.backup.vault import AwsSiteBackup

        return AwsSiteBackup(name, props, opts)
    raise CloudNotSupportedError(props.site.cloud)


def service_data(name: str, props: DataProps, opts: pulumi.ResourceOptions) -> ServiceData:
    if props.site.cloud == "aws":
        from components.aws.data import AwsServiceData

        return AwsServiceData(name, props, opts)
    raise CloudNotSupportedError(props.site.cloud)


def resiliency_policies(
    name: str, site: Site, tiers: Sequence[TierTargets], tags: Mapping[str, str], opts: pulumi.ResourceOptions
) -> pulumi.ComponentResource:
    """The cloud's own resilience-assessment policies, one per tier."""
    if site.cloud == "aws":
        from components.aws.resilience import ResiliencyPolicies, ResiliencyPoliciesProps

        return ResiliencyPolicies(name, ResiliencyPoliciesProps(tiers=tiers, tags=tags), opts)
    raise CloudNotSupportedError(site.cloud)
