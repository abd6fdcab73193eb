"""A site's region must exist for its cloud and offer the zones a site spreads over; residency
zones come from the region tables."""

from __future__ import annotations

from typing import Any

import pytest

from clouds import aws_regions, azure_regions, gcp_regions
from clouds.regions import EU_MEMBER_STATES
from config import ConfigError
from config.regions import DEFAULT_ZONES, TABLES, ZONES_PER_SITE, default_availability_zones, zone_names
from tests.conftest import config_error

ALL = (*aws_regions.REGIONS, *azure_regions.REGIONS, *gcp_regions.REGIONS)


def recovery(**site: Any) -> ConfigError:
    return config_error(lambda raw: raw["sites"]["recovery"].update(site))


def problem_at(error: ConfigError, key: str) -> str:
    matching = [p for p in error.problems if p.key == key]
    assert matching, f"no problem at {key}; got {[p.key for p in error.problems]}"
    return matching[0].render(error.project)


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
def test_unknown_region_is_rejected_with_the_regions_a_site_can_use(cloud: str) -> None:
    text = problem_at(recovery(cloud=cloud, region="atlantis-1"), "sites.recovery.region")
    assert "= 'atlantis-1'" in text
    assert f"not a region of {TABLES[cloud].display_name}" in text
    listed = text.split("regions a site can use: ", 1)[1].split(", ")
    assert listed == [r.name for r in TABLES[cloud].regions if r.zones >= ZONES_PER_SITE]


def test_region_of_another_cloud_is_rejected() -> None:
    text = problem_at(recovery(cloud="gcp", region="eu-west-1"), "sites.recovery.region")
    assert "not a region of Google Cloud" in text


def test_mistyped_region_gets_a_did_you_mean() -> None:
    text = problem_at(recovery(region="us-west2"), "sites.recovery.region")
    assert "did you mean 'us-west-2'" in text


def test_region_of_another_aws_partition_says_which_partition() -> None:
    text = problem_at(recovery(region="us-gov-west-1"), "sites.recovery.region")
    assert "AWS GovCloud (US), which this program does not deploy to" in text


@pytest.mark.parametrize(("cloud", "region"), [("aws", "us-west-1"), ("azure", "westus")])
def test_region_with_fewer_than_three_zones_is_rejected(cloud: str, region: str) -> None:
    text = problem_at(recovery(cloud=cloud, region=region), "sites.recovery.region")
    assert f"{region} has " in text and f"each site spreads over {ZONES_PER_SITE}" in text


def test_region_with_too_few_zones_suggests_regions_in_its_country() -> None:
    text = problem_at(recovery(region="us-west-1"), "sites.recovery.region")
    assert "US regions with enough: us-east-1, us-east-2, us-west-2" in text


def test_listed_zones_must_be_zones_of_the_region() -> None:
    error = recovery(availabilityZones=["us-west-2a", "us-west-2b", "eu-west-1c"])
    assert "'eu-west-1c' not in us-west-2" in problem_at(error, "sites.recovery.availabilityZones")


def test_listed_zones_must_differ() -> None:
    error = recovery(availabilityZones=["us-west-2a", "us-west-2a", "us-west-2b"])
    assert "lists a zone twice" in problem_at(error, "sites.recovery.availabilityZones")


def test_listed_gcp_zone_must_exist_in_the_region() -> None:
    error = recovery(
        cloud="gcp",
        region="europe-west1",
        availabilityZones=["europe-west1-a", "europe-west1-b", "europe-west1-c"],
    )
    text = problem_at(error, "sites.recovery.availabilityZones")
    assert "'europe-west1-a' not in europe-west1; its zones are europe-west1-b" in text


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
def test_default_zones_are_zones_the_region_has(cloud: str) -> None:
    for region in TABLES[cloud].regions:
        if region.zones < ZONES_PER_SITE:
            continue
        chosen = default_availability_zones(cloud, region.name)
        assert set(chosen) <= set(zone_names(cloud, region)), region.name
        assert len(set(chosen)) == ZONES_PER_SITE


def test_default_zones_refuse_a_region_with_too_few() -> None:
    with pytest.raises(ValueError, match="us-west-1 has only 2 availability zones"):
        default_availability_zones("aws", "us-west-1")


def test_default_zones_skip_a_letter_the_region_lacks() -> None:
    assert default_availability_zones("gcp", "us-east1") == ("us-east1-b", "us-east1-c", "us-east1-d")


def test_eu_residency_is_every_region_in_an_eu_member_state() -> None:
    assert set(DEFAULT_ZONES["eu"]) == {r.name for r in ALL if r.country in EU_MEMBER_STATES}


def test_eu_residency_covers_eu_regions_of_all_three_clouds() -> None:
    assert {"eu-central-1", "westeurope", "europe-west1"} <= set(DEFAULT_ZONES["eu"])


@pytest.mark.parametrize(
    "name", ["eu-west-2", "uksouth", "europe-west2", "eu-central-2", "switzerlandnorth", "norwayeast"]
)
def test_eu_residency_leaves_out_european_regions_outside_the_eu(name: str) -> None:
    assert name not in DEFAULT_ZONES["eu"]


def test_us_residency_is_every_region_in_the_united_states() -> None:
    assert set(DEFAULT_ZONES["us"]) == {r.name for r in ALL if r.country == "US"}
    assert {"us-east-1", "eastus", "us-central1"} <= set(DEFAULT_ZONES["us"])
