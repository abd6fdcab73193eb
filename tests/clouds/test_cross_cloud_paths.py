"""Every registered cross-cloud path is complete and honest, as a cloud's profile must be: each
mode declared, each figure sourced (no RPO borrowed by analogy), what no path carries refused with
the reason and what to do instead; and the zone a pair can fail over with."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from clouds import _CROSS_CLOUD_PATHS, pair, paths
from clouds.aws import S3_RTC_SLA
from clouds.base import MODES, ModeCapability, Unsupported

MODULES = {pair_: importlib.import_module(module) for pair_, module in sorted(_CROSS_CLOUD_PATHS.items())}


@pytest.fixture(params=sorted(MODULES), ids=lambda p: f"{p[0]}-to-{p[1]}")
def path(request: pytest.FixtureRequest) -> tuple[tuple[str, str], ModuleType]:
    return request.param, MODULES[request.param]


def test_aws_primaries_have_paths_to_gcp_and_azure() -> None:
    assert {("aws", "gcp"), ("aws", "azure")} <= set(MODULES)


def test_every_path_declares_every_mode(path: tuple[tuple[str, str], ModuleType]) -> None:
    assert set(path[1].PATHS) == set(MODES)


def test_the_pair_carries_data_on_the_registered_paths(path: tuple[tuple[str, str], ModuleType]) -> None:
    (primary, recovery), module = path
    assert paths(primary, recovery) is module.PATHS
    assert pair(primary, recovery, "aws").cross_cloud


def test_objects_and_relational_stores_have_a_path_and_nothing_else_does(
    path: tuple[tuple[str, str], ModuleType],
) -> None:
    carried = {k for c in path[1].PATHS.values() if isinstance(c, ModeCapability) for k in c.kinds}
    assert carried == {"object", "relational"}


def test_a_path_figure_is_named_assumed_exactly_when_its_source_is_an_assumption(
    path: tuple[tuple[str, str], ModuleType],
) -> None:
    for capability in path[1].PATHS.values():
        if isinstance(capability, ModeCapability):
            for figure in (capability.lag, capability.promotion):
                if figure is not None:
                    assert figure.source.strip()
                    assert figure.assumed == figure.source.startswith("assumption:"), figure.name


def test_no_path_borrows_s3_rtcs_15_minutes(path: tuple[tuple[str, str], ModuleType]) -> None:
    lags = [c.lag for c in path[1].PATHS.values() if isinstance(c, ModeCapability) and c.lag is not None]
    assert lags and all(f.name != S3_RTC_SLA.name and "RTC" not in f.source for f in lags)


def test_every_path_says_what_it_does_not_carry(path: tuple[tuple[str, str], ModuleType]) -> None:
    for mode, capability in path[1].PATHS.items():
        if isinstance(capability, ModeCapability):
            assert capability.caveats, mode


def test_what_no_path_carries_says_why_and_what_to_do_instead(
    path: tuple[tuple[str, str], ModuleType],
) -> None:
    refused = [c for c in path[1].PATHS.values() if isinstance(c, Unsupported)]
    assert {c.what for c in refused} == {"global-database", "multi-region-table", "backup-copy"}
    for c in refused:
        assert len(c.reason) > 40
    assert all("sites.recovery.cloud: aws" in c.alternatives for c in refused if c.what != "global-database")


def test_relational_paths_ask_the_source_for_logical_replication(
    path: tuple[tuple[str, str], ModuleType],
) -> None:
    replica = path[1].PATHS["cross-region-replica"]
    assert isinstance(replica, ModeCapability)
    assert ("rds.logical_replication", "1") in replica.source_parameters


def test_a_cross_cloud_pair_fails_over_only_with_its_zone_on_route53(
    path: tuple[tuple[str, str], ModuleType],
) -> None:
    (primary, recovery), _ = path
    assert not isinstance(pair(primary, recovery, "aws").failover, Unsupported)
    refused = pair(primary, recovery, recovery).failover
    assert isinstance(refused, Unsupported) and "Route 53" in refused.reason
