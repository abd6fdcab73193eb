"""GCP profile: Backup and DR schedules, the registry's picks for GCP sites, shared-data
locations for a site pair."""

from __future__ import annotations

from datetime import timedelta

import pytest

from clouds import pair, traffic_failover
from clouds.base import Unsupported
from clouds.gcp import PROFILE, BackupSchedule, bucket_location_for, firestore_locations_for, schedule_for

H = timedelta(hours=1)
D = timedelta(days=1)


@pytest.mark.parametrize(
    ("every", "schedule"),
    [
        (6 * H, BackupSchedule("HOURLY", hourly_frequency=6)),
        (12 * H, BackupSchedule("HOURLY", hourly_frequency=12)),
        (D, BackupSchedule("DAILY")),
        (7 * D, BackupSchedule("WEEKLY", days_of_week=("SUNDAY",))),
        (30 * D, BackupSchedule("MONTHLY", days_of_month=(1,))),
    ],
)
def test_schedule_for_frequencies_backup_and_dr_can_run(every: timedelta, schedule: BackupSchedule) -> None:
    assert schedule_for(every) == schedule


@pytest.mark.parametrize("every", [H, 4 * H, 5 * H, 7 * H, 3 * D, timedelta(minutes=90)])
def test_no_schedule_below_cloud_sqls_6h_or_for_uneven_frequencies(every: timedelta) -> None:
    assert schedule_for(every) is None


def test_cloud_dns_fails_gcp_sites_over_when_the_zone_is_cloud_dns() -> None:
    failover = traffic_failover("gcp", "gcp", "gcp")
    assert failover is PROFILE.traffic_failover and not isinstance(failover, Unsupported)
    assert failover.interval.value == timedelta(seconds=30)


def test_with_the_zone_on_route53_the_registry_picks_route53() -> None:
    # GCP's mechanism requires its own zone; config.gcp refuses this pair (tests/config/test_gcp).
    failover = traffic_failover("gcp", "gcp", "aws")
    assert not isinstance(failover, Unsupported) and failover.cloud == "aws"


def test_a_gcp_pair_cannot_copy_backups_across_regions() -> None:
    assert isinstance(pair("gcp", "gcp", "gcp").paths["backup-copy"], Unsupported)


@pytest.mark.parametrize(
    ("primary", "recovery", "expected"),
    [
        ("us-central1", "us-east4", ["nam7"]),
        ("europe-west1", "europe-west4", ["eur3"]),
        ("us-east4", "us-west1", []),
    ],
)
def test_firestore_locations_hold_both_regions_read_write(
    primary: str, recovery: str, expected: list[str]
) -> None:
    assert [m.name for m in firestore_locations_for(primary, recovery)] == expected


@pytest.mark.parametrize(
    ("primary", "recovery", "expected"),
    [
        ("us-central1", "us-east4", "US"),
        ("us-central1", "us-east1", "NAM4"),
        ("europe-west1", "us-east4", None),
    ],
)
def test_buckets_take_the_predefined_dual_region_else_a_configurable_one(
    primary: str, recovery: str, expected: str | None
) -> None:
    found = bucket_location_for(primary, recovery)
    assert (found.name if found else None) == expected
