"""Residency zones are derived from countries, and a mistyped region gets a useful suggestion."""

from __future__ import annotations

import pytest

from clouds import aws_regions, azure_regions, gcp_regions
from clouds.regions import EU_MEMBER_STATES, Region, eu_regions, nearest_names, us_regions

ALL = (*aws_regions.REGIONS, *azure_regions.REGIONS, *gcp_regions.REGIONS)


def test_the_eu_has_27_member_states() -> None:
    assert len(EU_MEMBER_STATES) == 27


def test_eu_regions_are_the_regions_in_member_states() -> None:
    made_up = (Region("x-de", "Berlin", "DE", 3), Region("x-gb", "London", "GB", 3))
    assert [r.name for r in eu_regions(made_up)] == ["x-de"]


@pytest.mark.parametrize("country", ["GB", "CH", "NO"])
def test_eu_regions_leave_out_uk_switzerland_and_norway(country: str) -> None:
    outside = [r.name for r in ALL if r.country == country]
    assert outside, f"no region in {country}: the rule would check nothing"
    assert not set(outside) & {r.name for r in eu_regions(ALL)}


@pytest.mark.parametrize(
    "name",
    [
        "eu-west-2",
        "eu-central-2",
        "uksouth",
        "switzerlandnorth",
        "norwayeast",
        "europe-west2",
        "europe-west6",
    ],
)
def test_european_regions_outside_the_eu_are_not_eu_regions(name: str) -> None:
    assert name in {r.name for r in ALL}
    assert name not in {r.name for r in eu_regions(ALL)}


def test_us_regions_are_the_regions_in_the_united_states() -> None:
    found = us_regions(ALL)
    assert {"us-east-1", "eastus", "us-central1"} <= {r.name for r in found}
    assert {r.country for r in found} == {"US"}
    assert {r.name for r in ALL if r.country == "US"} == {r.name for r in found}


def test_nearest_names_suggests_the_region_a_typo_meant() -> None:
    assert nearest_names("eu-centrl-1", aws_regions.REGIONS)[0] == "eu-central-1"


def test_nearest_names_ignores_case_and_separators() -> None:
    assert nearest_names("US_EAST_1", aws_regions.REGIONS)[0] == "us-east-1"
    assert nearest_names("West-Europe", azure_regions.REGIONS) == ["westeurope"]


def test_nearest_names_finds_regions_by_place() -> None:
    assert nearest_names("frankfurt", gcp_regions.REGIONS) == ["europe-west3"]


def test_nearest_names_suggests_nothing_for_an_unrelated_word() -> None:
    assert nearest_names("banana", aws_regions.REGIONS) == []
