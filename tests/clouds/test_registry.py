"""The registries pick a cloud's profile and failover mechanism; nothing else names a cloud."""

from __future__ import annotations

import pytest

from clouds import CloudNotSupportedError, pair, profile, supported, traffic_failover
from clouds.base import Unsupported


def test_aws_is_a_supported_site_cloud() -> None:
    assert "aws" in supported()
    assert profile("aws").cloud == "aws"


def test_an_unknown_cloud_is_refused_naming_the_supported_ones() -> None:
    with pytest.raises(CloudNotSupportedError, match="supported today: aws"):
        profile("nimbus")


def test_a_same_cloud_pair_carries_data_on_that_clouds_own_modes() -> None:
    sites = pair("aws", "aws", "aws")
    assert sites.paths == profile("aws").modes
    assert not sites.cross_cloud


def test_route53_fails_aws_sites_over_when_the_zone_is_on_aws() -> None:
    failover = traffic_failover("aws", "aws", "aws")
    assert not isinstance(failover, Unsupported)
    assert failover.cloud == "aws" and failover.requires_own_zone
