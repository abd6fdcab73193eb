"""AWS primary -> Azure recovery site: the recovery site's side of the paths."""

from __future__ import annotations

import pulumi

from components.clouds import CrossCloudComponents
from components.cross_cloud.aws_azure.data import AwsToAzureServiceData
from components.cross_cloud.aws_azure.link import AzureAwsVpn
from components.data import DataProps, ServiceData
from components.link import SiteLink, SiteLinkProps


class AwsToAzureComponents:
    def site_link(self, name: str, props: SiteLinkProps, opts: pulumi.ResourceOptions) -> SiteLink:
        return AzureAwsVpn(name, props, opts)

    def recovery_data(self, name: str, props: DataProps, opts: pulumi.ResourceOptions) -> ServiceData:
        return AwsToAzureServiceData(name, props, opts)


COMPONENTS: CrossCloudComponents = AwsToAzureComponents()
