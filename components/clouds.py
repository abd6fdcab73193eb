"""Pick a cloud's implementation for each component interface."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi

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


def resiliency_policies(
    name: str, site: Site, tiers: Sequence[TierTargets], tags: Mapping[str, str], opts: pulumi.ResourceOptions
) -> pulumi.ComponentResource:
    """The cloud's own resilience-assessment policies, one per tier."""
    if site.cloud == "aws":
        from components.aws.resilience import ResiliencyPolicies, ResiliencyPoliciesProps

        return ResiliencyPolicies(name, ResiliencyPoliciesProps(tiers=tiers, tags=tags), opts)
    raise CloudNotSupportedError(site.cloud)
