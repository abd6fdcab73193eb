"""Where each store's data lives and what encrypts it: one dual-region bucket and one
multi-region Firestore database per store, created by prod and read by dr, each with a key in
the matching Cloud KMS location."""

from __future__ import annotations

from clouds import gcp_regions
from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.components.gcp.conftest import gcp_raw, gcp_resources

BUCKET = "gcp:storage/bucket:Bucket"
FIRESTORE = "gcp:firestore/database:Database"
KEY = "gcp:kms/cryptoKey:CryptoKey"
RING = "gcp:kms/keyRing:KeyRing"


def _regions() -> tuple[str, str]:
    sites = gcp_raw("prod")["sites"]
    return sites["primary"]["region"], sites["recovery"]["region"]


def _data_buckets(prod: ProgramRun) -> list[Recorded]:
    found = [b for b in gcp_resources(prod, BUCKET) if not b.name.endswith("-logs")]
    stores = [
        d for s in gcp_raw("prod")["services"] for d in s.get("dataStores", []) if d["kind"] == "object"
    ]
    assert len(found) == len(stores)
    return found


def _key_location(run: ProgramRun, key_id: str) -> str:
    return key_id.split("/locations/")[1].split("/")[0]


def test_data_buckets_span_both_sites_regions_with_turbo_replication(gcp_prod: ProgramRun) -> None:
    for b in _data_buckets(gcp_prod):
        placed = {r.lower() for r in b.inputs["customPlacementConfig"]["dataLocations"]}
        assert placed == set(_regions()) and b.inputs["rpo"] == "ASYNC_TURBO", b.name


def test_bucket_keys_are_in_the_buckets_kms_location(gcp_prod: ProgramRun) -> None:
    for b in _data_buckets(gcp_prod):
        location = gcp_regions.dual_regions_for(*_regions())[0].name
        assert _key_location(gcp_prod, b.inputs["encryption"]["defaultKmsKeyName"]) == location.lower(), (
            b.name
        )


def test_worm_buckets_keep_a_retention_policy_unlocked_under_governance(gcp_prod: ProgramRun) -> None:
    worm = [b for b in _data_buckets(gcp_prod) if b.inputs.get("retentionPolicy")]
    assert [b.name for b in worm] == ["comms-archive"]
    policy = worm[0].inputs["retentionPolicy"]
    assert int(policy["retentionPeriod"]) == 365 * 86400 and policy["isLocked"] is False


def test_firestore_lives_in_a_multi_region_holding_both_sites(gcp_prod: ProgramRun) -> None:
    for db in gcp_resources(gcp_prod, FIRESTORE):
        location = gcp_regions.FIRESTORE_MULTI_REGIONS[db.inputs["locationId"]]
        assert set(_regions()) <= set(location.read_write), db.name


def test_firestore_keys_are_in_the_matching_kms_multi_region(gcp_prod: ProgramRun) -> None:
    # Firestore Admin API: nam5 -> KMS `us`, eur3 -> `europe` (nam7 assumed `us`).
    expected = {"nam5": "us", "nam7": "us", "eur3": "europe"}
    for db in gcp_resources(gcp_prod, FIRESTORE):
        key = db.inputs["cmekConfig"]["kmsKeyName"]
        assert _key_location(gcp_prod, key) == expected[db.inputs["locationId"]], db.name


def test_firestore_keeps_pitr_and_delete_protection_and_is_never_destroyed(gcp_prod: ProgramRun) -> None:
    for db in gcp_resources(gcp_prod, FIRESTORE):
        assert db.inputs["pointInTimeRecoveryEnablement"] == "POINT_IN_TIME_RECOVERY_ENABLED"
        assert db.inputs["deleteProtectionState"] == "DELETE_PROTECTION_ENABLED"
        assert db.inputs["deletionPolicy"] == "ABANDON"


def test_shared_stores_are_created_once_by_prod_and_read_by_dr(
    gcp_prod: ProgramRun, gcp_dr: ProgramRun
) -> None:
    assert not gcp_dr.of_type(FIRESTORE)
    assert [b.name for b in gcp_dr.of_type(BUCKET)] == ["acme-dr-logs"]
    for name, service in gcp_dr.outputs["services"].items():
        for store, entry in service.get("stores", {}).items():
            if entry["kind"] in ("object", "keyvalue"):
                assert entry == gcp_prod.outputs["services"][name]["stores"][store], (name, store)


def test_key_agents_may_use_the_keys_before_data_is_encrypted(gcp_site: ProgramRun) -> None:
    # Every key grants its service agents; the data waits for the grants (CmekKey.ready).
    keys = {k.outputs["id"] for k in gcp_resources(gcp_site, KEY)}
    grants = gcp_resources(gcp_site, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember")
    granted = {g.inputs["cryptoKeyId"] for g in grants}
    assert keys == granted
    assert {g.inputs["role"] for g in grants} == {"roles/cloudkms.cryptoKeyEncrypterDecrypter"}
    by_urn = gcp_site.by_urn()
    for r in gcp_site.resources:
        if r.type in (BUCKET, FIRESTORE, "gcp:sql/databaseInstance:DatabaseInstance"):
            waits = {by_urn[d].type for d in r.dependencies if d in by_urn}
            assert "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember" in waits, r.name


def test_regional_keys_rotate_every_90_days(gcp_site: ProgramRun) -> None:
    assert {k.inputs["rotationPeriod"] for k in gcp_resources(gcp_site, KEY)} == {"7776000s"}


def test_each_sites_key_ring_is_in_its_region_and_shared_ones_in_a_multi_region(gcp_site: ProgramRun) -> None:
    region = gcp_site.outputs["site"]["region"]
    locations = {r.inputs["location"] for r in gcp_resources(gcp_site, RING)}
    expected = {region, "us"} if gcp_site.stack == "prod" else {region}
    assert locations == expected
