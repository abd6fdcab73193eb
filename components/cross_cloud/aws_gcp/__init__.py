"""AWS primary -> Google Cloud recovery site: the recovery site's side of the paths."""

from __future__ import annotations

import pulumi

from components.clouds import CrossCloudComponents
from components.cross_cloud.aws_gcp.data import AwsToGcpServiceData
from components.cross_cloud.aws_gcp.link import GcpAwsVpn
from components.data import DataProps, ServiceData
from components.link import SiteLink, SiteLinkProps


class AwsToGcpComponents:
    def site_link(self, name: str, props: SiteLinkProps, opts: pulumi.ResourceOptions) -> SiteLink:
        return GcpAwsVpn(name, props, opts)

    def recovery_data(self, name: str, props: DataProps, opts: pulumi.ResourceOptions) -> ServiceData:
        return AwsToGcpServiceData(name, props, opts)


COMPONENTS: CrossCloudComponents = AwsToGcpComponents()
