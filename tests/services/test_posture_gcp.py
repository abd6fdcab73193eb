"""The DR posture of the GCP example: every estimate is the hand-computed sum of the GCP
profile's figures (clouds/gcp.py), not AWS's."""

from __future__ import annotations

from datetime import date, timedelta

from config import validate
from services.posture import Estimate, Posture, assess
from tests.components.gcp.conftest import gcp_raw

TODAY = date(2026, 11, 24)
S = timedelta(seconds=1)
M = timedelta(minutes=1)
H = timedelta(hours=1)


def posture() -> Posture:
    return assess(validate(gcp_raw("prod"), "prod"), TODAY)


def find(svc: str, disruption: str, objective: str, store: str | None = None) -> Estimate:
    return next(
        e
        for e in posture().estimates
        if (e.service, e.disruption, e.objective, e.store) == (svc, disruption, objective, store)
    )


def test_advanced_dr_region_loss_is_detection_plus_dr_failover_plus_ttl() -> None:
    e = find("payments", "region-loss", "rto")
    # Cloud DNS health check 30 s x 3 failures + advanced DR failover (assumed 5 min) + TTL 60 s
    assert [t.duration for t in e.terms] == [90 * S, 5 * M, 60 * S]
    assert e.estimate == 450 * S and e.status == "met"
    assert e.terms[1].constants == ("CLOUDSQL_DR_FAILOVER_ASSUMED",)


def test_pilot_light_region_loss_is_bounded_by_the_replica_promotion() -> None:
    e = find("crm", "region-loss", "rto")
    # 90 s detection + max(replica promotion 15 min, MIG scale-up 15 min) + 60 s TTL
    assert e.estimate == 90 * S + 15 * M + 60 * S


def test_backup_restore_region_loss_provisions_compute_from_code() -> None:
    e = find("comms", "region-loss", "rto")
    # 90 s + provisioning 30 min + Cloud Run scale-up 5 min + 60 s
    assert e.estimate == 90 * S + 35 * M + 60 * S


def test_region_loss_rpo_per_store_is_its_gcp_replication_figure() -> None:
    assert find("ecommerce", "region-loss", "rpo", "product-media").estimate == 15 * M  # turbo replication
    assert find("ecommerce", "region-loss", "rpo", "orders").estimate == 1 * S  # replica lag (assumed)
    assert find("ecommerce", "region-loss", "rpo", "carts").estimate == timedelta(0)  # Firestore (assumed)


def test_corruption_rpo_is_pitr_for_cloud_sql_and_the_daily_backup_for_firestore() -> None:
    assert find("payments", "data-corruption", "rpo", "payments").estimate == 1 * M  # PITR minute
    carts = find("ecommerce", "data-corruption", "rpo", "carts")
    assert carts.estimate == 24 * H and carts.status == "waived"


def test_zone_loss_is_cloud_sql_ha_failover() -> None:
    assert find("crm", "az-loss", "rto").estimate == 2 * M


def test_the_gcp_example_misses_nothing_unwaived() -> None:
    p = posture()
    assert not p.misses and len(p.waived) == 4 and not p.unused_waivers


def test_a_firestore_miss_never_asks_for_a_backup_frequency_firestore_cannot_schedule() -> None:
    # Firestore schedules daily or weekly backups only (config/gcp.py refuses anything else), so
    # Backup and DR's 6-12 h schedules are no fix for a key-value store's corruption RPO.
    raw = gcp_raw("prod")
    ecommerce = next(s for s in raw["services"] if s["name"] == "ecommerce")
    ecommerce["waivers"] = [
        w for w in ecommerce["waivers"] if (w["disruption"], w["objective"]) != ("data-corruption", "rpo")
    ]
    carts = next(
        e
        for e in assess(validate(raw, "prod"), TODAY).estimates
        if (e.service, e.disruption, e.objective, e.store) == ("ecommerce", "data-corruption", "rpo", "carts")
    )
    assert carts.status == "missed"
    assert "backup.frequency" not in carts.fix, carts.fix
