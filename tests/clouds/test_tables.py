"""The region tables agree with themselves, with each other and with the pinned SDKs."""

from __future__ import annotations

import re

import pulumi_aws
import pytest

from clouds import aws_regions, azure_regions, gcp_regions
from clouds.regions import Region, eu_regions, us_regions

TABLES = {"aws": aws_regions.REGIONS, "azure": azure_regions.REGIONS, "gcp": gcp_regions.REGIONS}
ZONE_NAMES = {"aws": aws_regions.zone_names, "azure": azure_regions.zone_names, "gcp": gcp_regions.zone_names}
AZURE = {r.name for r in azure_regions.REGIONS}
GCP = {r.name for r in gcp_regions.REGIONS}
GCP_PRIVATE = {r.name: r for r in gcp_regions.PRIVATE_REGIONS}


@pytest.mark.parametrize("cloud", TABLES)
def test_region_names_are_unique_within_a_cloud(cloud: str) -> None:
    names = [r.name for r in TABLES[cloud]]
    assert len(names) == len(set(names))


def test_no_region_name_belongs_to_two_clouds() -> None:
    # Residency zones list names of every cloud in one tuple: a shared name would be ambiguous.
    aws, azure, gcp = ({r.name for r in t} for t in TABLES.values())
    assert not (aws & azure) and not (aws & gcp) and not (azure & gcp)


@pytest.mark.parametrize("cloud", TABLES)
def test_countries_are_iso_alpha2_codes(cloud: str) -> None:
    assert all(re.fullmatch(r"[A-Z]{2}", r.country) for r in TABLES[cloud])


@pytest.mark.parametrize("cloud", TABLES)
def test_zone_names_are_as_many_as_the_region_has_and_distinct(cloud: str) -> None:
    for region in TABLES[cloud]:
        names = ZONE_NAMES[cloud](region)
        assert len(names) == region.zones == len(set(names)), region.name


# --- AWS -------------------------------------------------------------------------------------


def _standard_partition(name: str) -> bool:
    return not name.startswith(tuple(aws_regions.OTHER_PARTITIONS))


def test_aws_table_lists_every_standard_region_the_pinned_sdk_knows() -> None:
    sdk = {r.value for r in pulumi_aws.Region if _standard_partition(r.value)}
    assert sdk == {r.name for r in aws_regions.REGIONS}


def test_aws_regions_outside_the_standard_partition_are_named_by_their_partition() -> None:
    others = [r.value for r in pulumi_aws.Region if not _standard_partition(r.value)]
    assert others, "the SDK lists no other partition: the rule would check nothing"
    assert not {r.name for r in aws_regions.REGIONS} & set(others)


def test_aws_az_letters_are_given_for_regions_in_the_table() -> None:
    names = {r.name for r in aws_regions.REGIONS}
    assert set(aws_regions.AZ_LETTERS) <= names


def test_aws_tokyo_offers_no_zone_b() -> None:
    tokyo = next(r for r in aws_regions.REGIONS if r.name == "ap-northeast-1")
    assert aws_regions.zone_names(tokyo) == ("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d")


# --- Azure -----------------------------------------------------------------------------------


def test_azure_pairs_name_only_known_regions() -> None:
    assert set(azure_regions.PAIRS) <= AZURE
    assert set(azure_regions.PAIRS.values()) <= AZURE


def test_azure_pairs_are_symmetric_except_the_documented_one_way_pairs() -> None:
    one_way = {(a, b) for a, b in azure_regions.PAIRS.items() if azure_regions.PAIRS.get(b) != a}
    assert one_way == azure_regions.ASYMMETRIC_PAIRS


def test_azure_documented_one_way_pairs_include_microsofts_three() -> None:
    named = {("brazilsouth", "southcentralus"), ("westindia", "southindia"), ("westus3", "eastus")}
    assert named <= azure_regions.ASYMMETRIC_PAIRS


def test_azure_region_is_never_its_own_pair() -> None:
    assert all(a != b for a, b in azure_regions.PAIRS.items())


def test_azure_restricted_regions_are_known_regions() -> None:
    assert azure_regions.RESTRICTED_ACCESS <= AZURE


def test_azure_regions_have_three_zones_or_none() -> None:
    assert {r.zones for r in azure_regions.REGIONS} == {0, 3}


# --- Google Cloud ----------------------------------------------------------------------------


def _gcp_region(name: str) -> Region:
    return next(r for r in (*gcp_regions.REGIONS, *gcp_regions.PRIVATE_REGIONS) if r.name == name)


def test_private_gcp_regions_are_not_choosable_regions() -> None:
    assert not set(GCP_PRIVATE) & GCP


@pytest.mark.parametrize("name", gcp_regions.FIRESTORE_MULTI_REGIONS)
def test_firestore_multi_regions_span_known_regions(name: str) -> None:
    multi = gcp_regions.FIRESTORE_MULTI_REGIONS[name]
    assert set(multi.regions) <= GCP | set(GCP_PRIVATE)
    assert len(set(multi.regions)) == len(multi.regions) == 3


def test_firestore_eur3_keeps_every_replica_in_the_eu() -> None:
    regions = [_gcp_region(n) for n in gcp_regions.FIRESTORE_MULTI_REGIONS["eur3"].regions]
    assert eu_regions(regions) == tuple(regions)


@pytest.mark.parametrize("name", ["nam5", "nam7"])
def test_firestore_nam_multi_regions_keep_every_replica_in_the_us(name: str) -> None:
    regions = [_gcp_region(n) for n in gcp_regions.FIRESTORE_MULTI_REGIONS[name].regions]
    assert us_regions(regions) == tuple(regions)


def test_gcs_dual_regions_name_known_regions() -> None:
    predefined = {n for d in gcp_regions.PREDEFINED_DUAL_REGIONS.values() for n in d.regions}
    configurable = {n for regions in gcp_regions.CONFIGURABLE_DUAL_REGIONS.values() for n in regions}
    assert predefined | configurable <= GCP


def test_gcs_dual_regions_stay_on_one_continent() -> None:
    groups = [d.regions for d in gcp_regions.PREDEFINED_DUAL_REGIONS.values()]
    groups += list(gcp_regions.CONFIGURABLE_DUAL_REGIONS.values())
    for regions in groups:
        assert len({name.split("-")[0] for name in regions}) == 1, regions


def test_gcs_predefined_only_pairs_are_predefined() -> None:
    predefined = {frozenset(d.regions) for d in gcp_regions.PREDEFINED_DUAL_REGIONS.values()}
    assert predefined >= gcp_regions.PREDEFINED_ONLY


def test_gcs_pair_in_one_code_is_a_configurable_dual_region() -> None:
    found = gcp_regions.dual_regions_for("europe-west1", "europe-west4")
    assert [d.name for d in found] == ["EU"]


def test_gcs_predefined_only_pair_is_offered_only_as_its_predefined_dual_region() -> None:
    assert [d.name for d in gcp_regions.dual_regions_for("us-east1", "us-central1")] == ["NAM4"]
    assert [d.name for d in gcp_regions.dual_regions_for("europe-north1", "europe-west4")] == ["EUR4"]


def test_gcs_pair_listed_under_two_codes_is_offered_under_both() -> None:
    found = gcp_regions.dual_regions_for("europe-west3", "europe-west10")
    assert sorted(d.name for d in found) == ["DE", "EU"]


def test_gcs_pair_across_continents_has_no_dual_region() -> None:
    assert gcp_regions.dual_regions_for("us-east1", "europe-west1") == []


def test_gcs_region_paired_with_itself_has_no_dual_region() -> None:
    assert gcp_regions.dual_regions_for("europe-west1", "europe-west1") == []


def test_gcs_configurable_pairs_leave_out_predefined_only_pairs() -> None:
    pairs = {frozenset(p) for p in gcp_regions.configurable_pairs("US")}
    assert frozenset({"us-central1", "us-east1"}) not in pairs
    assert frozenset({"us-central1", "us-east4"}) in pairs
