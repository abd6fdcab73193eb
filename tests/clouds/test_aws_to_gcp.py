"""The Database Migration Service destination runs the Cloud SQL tier of the catalog's RDS size."""

from __future__ import annotations

import pytest

from clouds.aws_to_gcp import PATHS, cloud_sql_tier_for
from clouds.base import ModeCapability


@pytest.mark.parametrize(
    ("rds", "tier"),
    [
        ("db.m6g.large", "db-custom-2-8192"),
        ("db.m7i.2xlarge", "db-custom-8-32768"),
        ("db.r6g.large", "db-perf-optimized-N-2"),
        ("db.r7g.4xlarge", "db-perf-optimized-N-16"),
    ],
)
def test_general_purpose_classes_take_custom_tiers_and_memory_optimised_perf_optimised(
    rds: str, tier: str
) -> None:
    assert cloud_sql_tier_for(rds) == tier


@pytest.mark.parametrize("rds", ["db.t3.micro", "db.x2g.large", "db.m6g.metal", "db-custom-2-7680"])
def test_a_class_without_a_cloud_sql_tier_of_its_size_is_refused(rds: str) -> None:
    replica = PATHS["cross-region-replica"]
    assert isinstance(replica, ModeCapability) and replica.store_requirements is not None
    assert cloud_sql_tier_for(rds) is None
    keys = [k for k, _ in replica.store_requirements({"instanceClass": rds, "engineVersion": "16.6"})]
    assert keys == ["instanceClass"]


def test_engine_versions_dms_does_not_replicate_are_refused() -> None:
    replica = PATHS["cross-region-replica"]
    assert isinstance(replica, ModeCapability) and replica.store_requirements is not None
    keys = [
        k for k, _ in replica.store_requirements({"instanceClass": "db.r6g.large", "engineVersion": "11.22"})
    ]
    assert keys == ["engineVersion"]
