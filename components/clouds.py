"""Pick a cloud's implementation for each component interface."""

from __future__ import annotations

import pulumi

from components.data import DataProps, ServiceData, SiteBackup, SiteBackupProps
from components.foundation import FoundationProps, SiteFoundation
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
