"""The posture of a cross-cloud pair: the recovery cloud's profile plus the path's terms, equal to
sums done by hand from the cited figures; and notes that say which copy a restore uses and what
the path does not carry."""

from __future__ import annotations

import functools
from datetime import timedelta

import pytest

from clouds import aws_to_azure, aws_to_gcp
from clouds.aws import HEALTH_CHECK_INTERVAL
from clouds.gcp import CONTAINER_SCALE_UP_ASSUMED
from config import load_files, validate
from services.posture import Estimate, Posture, assess
from tests.conftest import default_raw
from tests.cross_cloud import EXAMPLES, RECOVERY_CLOUDS, Recovery

TTL = timedelta(seconds=60)
THRESHOLD = 3


@functools.cache
def _posture(recovery: Recovery) -> Posture:
    raw, sources = load_files("prod", EXAMPLES[recovery])
    return assess(validate(raw, "prod", sources))


def _one(
    recovery: Recovery, service: str, disruption: str, objective: str, store: str | None = None
) -> Estimate:
    [found] = [
        e
        for e in _posture(recovery).estimates
        if (e.service, e.disruption, e.objective, e.store) == (service, disruption, objective, store)
    ]
    return found


PROMOTION = {
    "gcp": aws_to_gcp.DMS_PROMOTION_ASSUMED.value,
    "azure": aws_to_azure.PG_MIGRATION_CUTOVER_ASSUMED.value,
}
OBJECT_LAG = {"gcp": aws_to_gcp.STS_EVENT_LAG_ASSUMED.value, "azure": aws_to_azure.ADF_COPY_LAG_ASSUMED.value}
DATABASE_LAG = {"gcp": aws_to_gcp.DMS_LAG_ASSUMED.value, "azure": aws_to_azure.PG_MIGRATION_LAG_ASSUMED.value}


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_a_warm_standby_services_region_loss_rto_is_route53_detection_plus_the_paths_promotion_plus_ttl(
    recovery: Recovery,
) -> None:
    e = _one(recovery, "payments", "region-loss", "rto")
    assert e.estimate == HEALTH_CHECK_INTERVAL.value * THRESHOLD + PROMOTION[recovery] + TTL
    assert e.estimate == timedelta(minutes=16, seconds=30)
    assert e.status == "met"  # against the example's 20 min


def test_a_pilot_light_service_on_gcp_waits_for_the_slower_of_promotion_and_cloud_run_scale_up() -> None:
    e = _one("gcp", "crm", "region-loss", "rto")
    slowest = max(PROMOTION["gcp"], CONTAINER_SCALE_UP_ASSUMED.value)
    assert e.estimate == HEALTH_CHECK_INTERVAL.value * THRESHOLD + slowest + TTL


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_region_loss_rpo_is_each_paths_lag(recovery: Recovery) -> None:
    assert _one(recovery, "ecommerce", "region-loss", "rpo", "product-media").estimate == OBJECT_LAG[recovery]
    assert _one(recovery, "ecommerce", "region-loss", "rpo", "orders").estimate == DATABASE_LAG[recovery]
    assert OBJECT_LAG[recovery] == timedelta(minutes=30) and DATABASE_LAG[recovery] == timedelta(minutes=1)


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_restores_say_they_use_prods_vault_in_place(recovery: Recovery) -> None:
    for disruption in ("data-corruption", "accidental-deletion"):
        note = _one(recovery, "payments", disruption, "rto").note
        assert "restores run in prod, in place, from AWS Backup" in note
        assert "not a restore source before a failover" in note


@pytest.mark.parametrize(
    ("recovery", "caveat"), [("gcp", "do not see deletions"), ("azure", "does not propagate deletions")]
)
def test_region_loss_notes_carry_the_paths_caveats(recovery: Recovery, caveat: str) -> None:
    assert caveat in _one(recovery, "ecommerce", "region-loss", "rpo", "product-media").note
    assert "DDL is not replicated" in _one(recovery, "ecommerce", "region-loss", "rpo", "orders").note


def test_the_azure_database_path_says_it_is_in_preview() -> None:
    assert "preview" in _one("azure", "payments", "region-loss", "rto").note


def test_same_cloud_estimates_carry_no_cross_cloud_note() -> None:
    posture = assess(validate(default_raw("prod"), "prod"))
    assert all(not e.note for e in posture.estimates)
