"""Every cloud's capability profile is complete and honest: each figure has a source, a figure
no source gives is named `*_ASSUMED`, and what a cloud cannot do carries a reason."""

from __future__ import annotations

import pytest

from clouds import profile, supported
from clouds.base import MODES, CloudProfile, ModeCapability, TrafficFailover, Unsupported

PROFILES = [profile(c) for c in supported()]


@pytest.fixture(params=PROFILES, ids=[p.cloud for p in PROFILES])
def cloud(request: pytest.FixtureRequest) -> CloudProfile:
    return request.param


def test_every_profile_declares_every_protection_mode(cloud: CloudProfile) -> None:
    assert set(cloud.modes) == set(MODES)


def test_every_figure_names_its_source(cloud: CloudProfile) -> None:
    figures = cloud.figures()
    assert figures
    for figure in figures:
        assert figure.source.strip(), figure.name


def test_a_figure_is_named_assumed_exactly_when_its_source_is_an_assumption(cloud: CloudProfile) -> None:
    for figure in cloud.figures():
        assert figure.assumed == figure.source.startswith("assumption:"), (figure.name, figure.source)


def test_what_a_cloud_cannot_do_says_why(cloud: CloudProfile) -> None:
    for missing in cloud.unsupported():
        assert missing.what and len(missing.reason) > 20, missing


def test_supported_modes_say_what_implements_them(cloud: CloudProfile) -> None:
    for mode, capability in cloud.modes.items():
        if isinstance(capability, ModeCapability):
            assert capability.kinds and capability.implementation and capability.short, mode
        else:
            assert isinstance(capability, Unsupported)


def test_a_cloud_with_its_own_failover_names_its_detection_range(cloud: CloudProfile) -> None:
    failover = cloud.traffic_failover
    if isinstance(failover, TrafficFailover):
        assert failover.cloud == cloud.cloud
        assert 1 <= failover.min_failures <= failover.max_failures
        assert failover.ttl_source and failover.failures_source


def test_the_backup_schedule_expresses_the_backup_floor(cloud: CloudProfile) -> None:
    assert cloud.backup_schedule(cloud.backup_min_frequency.value) is not None


def test_a_zone_local_store_kind_names_where_that_is_documented(cloud: CloudProfile) -> None:
    # the posture's az-loss RPO of these kinds is their backup frequency (services/posture.py)
    assert not cloud.zone_local_kinds or cloud.zone_local_source.strip()
    assert cloud.zone_local_kinds <= {"object", "relational", "keyvalue", "volume"}
