"""Each GCP guardrail (policy/gcp.py) passes a compliant fixture and fails a broken one, and the
GCP example's plans comply. Fixtures use pulumi-gcp v10 input names as the engine records them."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from config import validate
from policy import gcp, rules
from policy.base import UNKNOWN, Rec
from policy.rules import evaluate, residency_of
from tests.components.gcp.conftest import gcp_raw, gcp_run
from vocabulary.tags import REQUIRED_TAGS

KEY = "projects/p/locations/us-central1/keyRings/r/cryptoKeys/k"
LABELS = dict.fromkeys(REQUIRED_TAGS, "x") | {"dr-role": "primary", "service": "payments"}


def bucket(**changes: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "location": "US",
        "customPlacementConfig": {"dataLocations": ["US-CENTRAL1", "US-EAST4"]},
        "rpo": "ASYNC_TURBO",
        "uniformBucketLevelAccess": True,
        "publicAccessPrevention": "enforced",
        "versioning": {"enabled": True},
        "softDeletePolicy": {"retentionDurationSeconds": 30 * 86400},
        "encryption": {"defaultKmsKeyName": KEY},
        "logging": {"logBucket": "acme-prod-logs-1234567"},
        "labels": LABELS,
    }
    props.update(changes)
    return props


def sql(**settings: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "prod-payments-payments",
        "region": "us-central1",
        "encryptionKeyName": KEY,
        "deletionProtection": True,
        "settings": {
            "ipConfiguration": {"ipv4Enabled": False, "privateNetwork": "n", "sslMode": "ENCRYPTED_ONLY"},
            "backupConfiguration": {"enabled": True, "pointInTimeRecoveryEnabled": True},
            "deletionProtectionEnabled": True,
            "userLabels": LABELS,
        },
    }
    base["settings"].update(settings)
    return base


def failover_record(**changes: Any) -> dict[str, Any]:
    policy: dict[str, Any] = {
        "healthCheck": "projects/p/global/healthChecks/hc",
        "primaryBackup": {
            "primary": {"externalEndpoints": ["203.0.113.10"]},
            "backupGeos": [
                {"location": "us-east4", "healthCheckedTargets": {"externalEndpoints": ["203.0.113.20"]}}
            ],
        },
    }
    policy.update(changes)
    return {"name": "shop.example.com.", "type": "A", "routingPolicy": policy}


def test_gcp_rules_join_the_aws_policies_under_the_same_names() -> None:
    assert set(gcp.RESOURCE_RULES) - {"tls-required"} <= set(rules.AWS_RESOURCE_RULES)
    assert set(gcp.STACK_RULES) <= set(rules.AWS_STACK_RULES)
    assert {"cmk-encryption", "required-tags", "tls-required"} <= set(rules.RESOURCE_RULES)


# --- resource rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "props", "broken"),
    [
        (gcp.BUCKET, bucket(), {"encryption": None}),
        (gcp.SQL, sql(), {"encryptionKeyName": None}),
        (gcp.FIRESTORE, {"cmekConfig": {"kmsKeyName": KEY}}, {"cmekConfig": None}),
        (gcp.VAULT, {"encryptionConfig": {"kmsKeyName": KEY}}, {"encryptionConfig": {}}),
        (gcp.TEMPLATE, {"disks": [{"diskEncryptionKey": {"kmsKeySelfLink": KEY}}]}, {"disks": [{}]}),
    ],
)
def test_cmk_encryption(type_: str, props: dict[str, Any], broken: dict[str, Any]) -> None:
    assert gcp.cmk_encryption(type_, props) == []
    assert gcp.cmk_encryption(type_, {**props, **broken})


def test_no_public_buckets() -> None:
    assert gcp.no_public_access(gcp.BUCKET, bucket()) == []
    assert gcp.no_public_access(gcp.BUCKET, bucket(publicAccessPrevention="inherited"))
    assert gcp.no_public_access(gcp.BUCKET, bucket(uniformBucketLevelAccess=False))
    assert gcp.no_public_access(
        gcp.BUCKET_IAM_MEMBER, {"role": "roles/storage.objectViewer", "member": "allUsers"}
    )
    assert (
        gcp.no_public_access(gcp.BUCKET_IAM_MEMBER, {"member": "group:cloud-storage-analytics@google.com"})
        == []
    )


def test_no_public_databases_or_vms() -> None:
    assert gcp.no_public_access(gcp.SQL, sql()) == []
    assert gcp.no_public_access(gcp.SQL, sql(ipConfiguration={"ipv4Enabled": True}))
    assert gcp.no_public_access(gcp.TEMPLATE, {"networkInterfaces": [{"subnetwork": "s"}]}) == []
    assert gcp.no_public_access(gcp.TEMPLATE, {"networkInterfaces": [{"accessConfigs": [{}]}]})
    assert gcp.no_public_access(gcp.CLOUD_RUN, {"ingress": "INGRESS_TRAFFIC_ALL", "invokerIamDisabled": True})
    lb_only = {"ingress": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", "invokerIamDisabled": True}
    assert gcp.no_public_access(gcp.CLOUD_RUN, lb_only) == []


def test_tls_required() -> None:
    assert gcp.tls_required(gcp.SQL, sql()) == []
    assert gcp.tls_required(
        gcp.SQL, sql(ipConfiguration={"ipv4Enabled": False, "sslMode": "ALLOW_UNENCRYPTED_AND_ENCRYPTED"})
    )
    assert gcp.tls_required(gcp.SSL_POLICY, {"minTlsVersion": "TLS_1_2"}) == []
    assert gcp.tls_required(gcp.SSL_POLICY, {"minTlsVersion": "TLS_1_0"})
    assert gcp.tls_required(gcp.HTTPS_PROXY, {"urlMap": "m"})
    assert gcp.tls_required(gcp.HTTPS_PROXY, {"urlMap": "m", "sslPolicy": "p"}) == []


def test_versioning_and_pitr() -> None:
    assert gcp.versioning_and_pitr(gcp.BUCKET, bucket()) == []
    assert gcp.versioning_and_pitr(gcp.BUCKET, bucket(versioning={"enabled": False}))
    assert gcp.versioning_and_pitr(gcp.SQL, sql()) == []
    assert gcp.versioning_and_pitr(gcp.SQL, sql(backupConfiguration={"enabled": True}))
    replica = {**sql(backupConfiguration={"enabled": False}), "masterInstanceName": "prod-payments-payments"}
    assert gcp.versioning_and_pitr(gcp.SQL, replica) == []  # replicas cannot have backups
    assert gcp.versioning_and_pitr(
        gcp.FIRESTORE, {"pointInTimeRecoveryEnablement": "POINT_IN_TIME_RECOVERY_DISABLED"}
    )


def test_deletion_protection_in_prod() -> None:
    assert gcp.deletion_protection(gcp.SQL, sql()) == []
    assert gcp.deletion_protection(gcp.SQL, {**sql(), "deletionProtection": False})
    assert gcp.deletion_protection(gcp.SQL, sql(deletionProtectionEnabled=False))
    dr = sql(deletionProtectionEnabled=False, userLabels={**LABELS, "dr-role": "recovery"})
    assert gcp.deletion_protection(gcp.SQL, {**dr, "deletionProtection": False}) == []
    assert gcp.deletion_protection(gcp.FIRESTORE, {"deleteProtectionState": "DELETE_PROTECTION_DISABLED"})


def test_failover_records_are_health_checked() -> None:
    assert gcp.failover_records_health_checked(gcp.RECORD, failover_record()) == []
    assert gcp.failover_records_health_checked(gcp.RECORD, failover_record(healthCheck=None))
    unchecked = {
        "primary": {"externalEndpoints": ["203.0.113.10"]},
        "backupGeos": [{"location": "us-east4", "rrdatas": ["1.2.3.4"]}],
    }
    assert gcp.failover_records_health_checked(gcp.RECORD, failover_record(primaryBackup=unchecked))


def test_failover_backups_are_a_geolocation_policy() -> None:
    no_geo = {"primary": {"externalEndpoints": ["203.0.113.10"]}, "backupGeos": []}
    assert (
        "no backupGeos"
        in gcp.failover_records_health_checked(gcp.RECORD, failover_record(primaryBackup=no_geo))[0]
    )


def test_failover_external_endpoints_are_ip_addresses() -> None:
    named = {
        "primary": {"externalEndpoints": ["lb.example.com"]},
        "backupGeos": failover_record()["routingPolicy"]["primaryBackup"]["backupGeos"],
    }
    assert (
        "not an IP address"
        in gcp.failover_records_health_checked(gcp.RECORD, failover_record(primaryBackup=named))[0]
    )
    assert gcp.failover_records_health_checked(gcp.RECORD, failover_record()) == []


def test_source_region_health_checks_name_three_regions_every_30s_or_more() -> None:
    ok = {"sourceRegions": ["us-west1", "europe-west1", "asia-southeast1"], "checkIntervalSec": 30}
    assert gcp.failover_records_health_checked(gcp.HEALTH_CHECK, ok) == []
    assert gcp.failover_records_health_checked(
        gcp.HEALTH_CHECK, {**ok, "sourceRegions": ["us-west1", "europe-west1"]}
    )
    assert gcp.failover_records_health_checked(gcp.HEALTH_CHECK, {**ok, "checkIntervalSec": 10})
    assert (
        gcp.failover_records_health_checked(gcp.HEALTH_CHECK, {"checkIntervalSec": 5}) == []
    )  # no source regions


def test_required_labels() -> None:
    assert gcp.required_tags(gcp.BUCKET, bucket()) == []
    assert gcp.required_tags(gcp.BUCKET, bucket(labels={"service": "x"}))
    assert gcp.required_tags(gcp.SQL, sql(userLabels={}))
    channel = "gcp:monitoring/notificationChannel:NotificationChannel"
    assert gcp.required_tags(channel, {"labels": {"email_address": "a@b.c"}, "userLabels": LABELS}) == []
    assert gcp.required_tags("gcp:kms/keyRing:KeyRing", {"location": "us"}) == []  # takes no labels
    assert gcp.required_tags(gcp.BUCKET, bucket(labels=UNKNOWN)) == []


# --- stack rules -----------------------------------------------------------------------------


def test_buckets_hardened() -> None:
    assert gcp.buckets_hardened([Rec(gcp.BUCKET, "media", bucket())]) == []
    assert gcp.buckets_hardened(
        [Rec(gcp.BUCKET, "media", bucket(softDeletePolicy={"retentionDurationSeconds": 0}))]
    )
    assert gcp.buckets_hardened([Rec(gcp.BUCKET, "media", bucket(logging=None))])
    assert gcp.buckets_hardened([Rec(gcp.BUCKET, "acme-prod-logs", bucket(logging=None))]) == []


def test_backup_coverage_of_cloud_sql_primaries() -> None:
    primary = Rec(gcp.SQL, "orders", sql(), {"name": "prod-payments-payments"})
    association = Rec(gcp.ASSOCIATION, "a", {"resource": "projects/p/instances/prod-payments-payments"})
    assert gcp.backup_coverage([primary, association]) == []
    assert gcp.backup_coverage([primary])
    replica = Rec(
        gcp.SQL, "replica", {**sql(userLabels={**LABELS, "dr-role": "recovery"}), "masterInstanceName": "x"}
    )
    assert gcp.backup_coverage([replica]) == []


def test_backup_coverage_of_firestore_and_buckets() -> None:
    db = Rec(gcp.FIRESTORE, "carts", {"name": "ecommerce-carts"})
    assert gcp.backup_coverage([db, Rec(gcp.FIRESTORE_BACKUPS, "s", {"database": "ecommerce-carts"})]) == []
    assert gcp.backup_coverage([db])
    assert gcp.backup_coverage(
        [Rec(gcp.BUCKET, "media", bucket(customPlacementConfig=None, location="US-CENTRAL1"))]
    )
    assert gcp.backup_coverage([Rec(gcp.BUCKET, "media", bucket(rpo="DEFAULT"))])
    assert (
        gcp.backup_coverage([Rec(gcp.BUCKET, "media", bucket(customPlacementConfig=None, location="NAM4"))])
        == []
    )
    assert gcp.backup_coverage([Rec(gcp.BUCKET, "acme-prod-logs", bucket(customPlacementConfig=None))]) == []


def test_vaults_enforce_a_minimum_retention() -> None:
    assert (
        gcp.dr_vault_locked([Rec(gcp.VAULT, "v", {"backupMinimumEnforcedRetentionDuration": "604800s"})])
        == []
    )
    assert gcp.dr_vault_locked([Rec(gcp.VAULT, "v", {"backupMinimumEnforcedRetentionDuration": "3600s"})])


# --- residency -------------------------------------------------------------------------------


def test_residency_reads_where_gcp_data_lives() -> None:
    assert gcp.regions_of(gcp.BUCKET, bucket()) == [
        ("customPlacementConfig.dataLocations", "us-central1"),
        ("customPlacementConfig.dataLocations", "us-east4"),
    ]
    assert [r for _, r in gcp.regions_of(gcp.FIRESTORE, {"locationId": "eur3"})] == [
        "europe-west1",
        "europe-west4",
        "europe-north1",
    ]
    assert ("settings.backupConfiguration.location", "us-east4") in gcp.regions_of(
        gcp.SQL, sql(backupConfiguration={"location": "us-east4"})
    )
    assert gcp.regions_of("gcp:kms/keyRing:KeyRing", {"location": "us"}) == []


def test_an_eu_residency_flags_a_us_bucket() -> None:
    eu = rules.Residency(frozenset({"europe-west1", "europe-west4"}))
    found = rules.residency_violations([Rec(gcp.BUCKET, "media", bucket())], eu)
    assert len(found) == 2 and all(v.policy == "data-residency" for v in found)


# --- the example's plans -----------------------------------------------------------------------


@pytest.mark.parametrize("stack", ["prod", "dr"])
def test_the_gcp_example_complies_with_every_policy(stack: str) -> None:
    residency = residency_of(validate(gcp_raw(stack), stack))
    assert evaluate(gcp_run(stack).resources, residency) == []


def test_a_broken_gcp_resource_in_the_plan_is_reported() -> None:
    resources = copy.deepcopy(gcp_run("prod").resources)
    db = next(r for r in resources if r.type == gcp.SQL)
    db.inputs["settings"]["ipConfiguration"]["ipv4Enabled"] = True
    residency = residency_of(validate(gcp_raw("prod"), "prod"))
    assert [v.policy for v in evaluate(resources, residency)] == ["no-public-access"]
