"""The posture of the Azure example equals hand sums of the Azure profile's figures
(clouds/azure.py), term by term, for each kind of recovery."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clouds import azure
from clouds.base import Figure
from config import load
from services.posture import Posture, assess
from tests.components.azure.conftest import EXAMPLE

TODAY = date(2026, 6, 1)
TTL = timedelta(seconds=60)
DETECTION = azure.TRAFFIC_MANAGER_PROBE_INTERVAL.value * 3  # tier default threshold 3


@pytest.fixture(scope="module")
def posture() -> Posture:
    return assess(load("dr", EXAMPLE), today=TODAY)


def _estimate(
    posture: Posture, service: str, disruption: str, objective: str, store: str | None = None
) -> timedelta:
    found = [
        e
        for e in posture.estimates
        if (e.service, e.disruption, e.objective, e.store) == (service, disruption, objective, store)
    ]
    assert len(found) == 1
    return found[0].estimate


def test_region_loss_rto_of_a_replica_is_detection_plus_promotion_plus_ttl(posture: Posture) -> None:
    expected = DETECTION + azure.POSTGRES_REPLICA_PROMOTION_ASSUMED.value + TTL
    assert _estimate(posture, "payments", "region-loss", "rto") == expected


def test_region_loss_rto_with_cosmos_is_detection_plus_its_write_region_failover_plus_ttl(
    posture: Posture,
) -> None:
    expected = DETECTION + azure.COSMOS_WRITE_REGION_FAILOVER.value + TTL
    assert _estimate(posture, "inventory", "region-loss", "rto") == expected


def test_pilot_light_vms_take_the_scale_set_scale_up(posture: Posture) -> None:
    slowest = max(azure.VM_SCALE_UP_ASSUMED.value, azure.POSTGRES_REPLICA_PROMOTION_ASSUMED.value)
    assert _estimate(posture, "crm", "region-loss", "rto") == DETECTION + slowest + TTL


def test_backup_and_restore_provisions_then_scales_containers(posture: Posture) -> None:
    provision = azure.PROVISION_FROM_CODE_ASSUMED.value + azure.CONTAINER_SCALE_UP_ASSUMED.value
    restore = azure.RESTORE_GB_PER_HOUR_ASSUMED["relational"].time_for(50)  # messages: 50 GB geo-restore
    assert _estimate(posture, "comms", "region-loss", "rto") == DETECTION + max(provision, restore) + TTL


@pytest.mark.parametrize(
    ("service", "store", "figure"),
    [
        ("ecommerce", "orders", azure.POSTGRES_REPLICA_LAG),
        ("ecommerce", "product-media", azure.OBJECT_REPLICATION_LAG_ASSUMED),
        ("ecommerce", "carts", azure.COSMOS_STRONG_RPO),
        ("comms", "messages", azure.POSTGRES_GEO_RESTORE_RPO),
    ],
)
def test_region_loss_rpo_is_the_modes_lag(posture: Posture, service: str, store: str, figure: Figure) -> None:
    assert _estimate(posture, service, "region-loss", "rpo", store) == figure.value


def test_zone_loss_rto_is_zone_redundant_ha_failover(posture: Posture) -> None:
    assert _estimate(posture, "crm", "az-loss", "rto") == azure.POSTGRES_ZONE_REDUNDANT_FAILOVER.value


def test_cosmos_stores_recover_corruption_to_the_second_with_continuous_backup(posture: Posture) -> None:
    assert (
        _estimate(posture, "inventory", "data-corruption", "rpo", "stock")
        == azure.PITR_PRECISION_ASSUMED.value
    )


def test_the_example_has_no_unwaived_miss_and_no_needless_waiver(posture: Posture) -> None:
    assert posture.misses == [] and posture.unused_waivers == ()
