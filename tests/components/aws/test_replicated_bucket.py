"""Object stores: hardened buckets in both sites, replication owned by dr with RTC, WORM where asked."""

from __future__ import annotations

import json

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import plan_with, resources, service

OBJECT_STORES = {("ecommerce", "product-media"), ("crm", "attachments"), ("comms", "archive")}


def data_buckets(run: ProgramRun) -> list[Recorded]:
    """Hardened buckets that hold service data (not the foundation's access-log bucket)."""
    return [
        b for b in resources(run, "marketplace-dr:storage:HardenedBucket") if run.service_of(b) != "hosting"
    ]


def child(run: ProgramRun, parent: Recorded, type_token: str) -> Recorded:
    (found,) = [r for r in run.children_of(parent.urn) if r.type == type_token]
    return found


def test_every_declared_object_store_has_a_bucket_in_both_sites(site: ProgramRun) -> None:
    stores = site.outputs["services"]
    declared = {
        (s, n) for s, o in stores.items() for n, v in o.get("stores", {}).items() if v["kind"] == "object"
    }
    assert declared == OBJECT_STORES
    assert len(data_buckets(site)) == len(OBJECT_STORES)


def test_every_bucket_is_versioned_and_kms_encrypted_with_the_site_key(site: ProgramRun) -> None:
    for b in data_buckets(site):
        versioning = child(site, b, "aws:s3/bucketVersioning:BucketVersioning")
        assert versioning.inputs["versioningConfiguration"]["status"] == "Enabled"
        sse = child(
            site, b, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
        )
        (rule,) = sse.inputs["rules"]
        by_default = rule["applyServerSideEncryptionByDefault"]
        assert by_default["sseAlgorithm"] == "aws:kms"
        assert by_default["kmsMasterKeyId"] == site.outputs["keyArn"]


def test_every_bucket_blocks_public_access_denies_plain_http_and_expires_old_versions(
    site: ProgramRun,
) -> None:
    for b in data_buckets(site):
        block = child(site, b, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
        for flag in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"):
            assert block.inputs[flag] is True, (b.name, flag)
        policy = json.loads(child(site, b, "aws:s3/bucketPolicy:BucketPolicy").inputs["policy"])
        assert any(
            s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            for s in policy["Statement"]
        )
        lifecycle = child(site, b, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
        assert any("noncurrentVersionExpiration" in r for r in lifecycle.inputs["rules"])


def test_every_bucket_logs_access_to_the_site_log_bucket(site: ProgramRun) -> None:
    (logs,) = [r for r in site.of_type("aws:s3/bucket:Bucket") if site.service_of(r) == "hosting"]
    for b in data_buckets(site):
        logging = child(site, b, "aws:s3/bucketLogging:BucketLogging")
        # The mock engine's ids are `<resource name>-<hash>`: the target is the log bucket's id.
        assert logging.inputs["targetBucket"].startswith(f"{logs.name}-"), logging.inputs


def test_prod_declares_no_replication_and_dr_replicates_every_prod_bucket(
    prod: ProgramRun, dr: ProgramRun
) -> None:
    assert not prod.of_type("aws:s3/bucketReplicationConfig:BucketReplicationConfig")
    configs = resources(dr, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")
    prod_buckets = {
        v["bucket"]
        for o in prod.outputs["services"].values()
        for v in o.get("stores", {}).values()
        if v["kind"] == "object"
    }
    assert {c.inputs["bucket"] for c in configs} == prod_buckets
    # The configuration lives in the source bucket's region.
    assert {c.inputs["region"] for c in configs} == {"us-east-1"}


def test_every_replication_rule_has_rtc_metrics_delete_markers_and_the_replica_key(dr: ProgramRun) -> None:
    for config in resources(dr, "aws:s3/bucketReplicationConfig:BucketReplicationConfig"):
        (rule,) = config.inputs["rules"]
        assert rule["status"] == "Enabled"
        assert rule["deleteMarkerReplication"] == {"status": "Enabled"}
        assert rule["sourceSelectionCriteria"] == {"sseKmsEncryptedObjects": {"status": "Enabled"}}
        destination = rule["destination"]
        assert destination["replicationTime"] == {"status": "Enabled", "time": {"minutes": 15}}
        assert destination["metrics"] == {"status": "Enabled", "eventThreshold": {"minutes": 15}}
        assert destination["encryptionConfiguration"]["replicaKmsKeyId"] == dr.outputs["keyArn"]


def test_replication_role_may_touch_only_its_two_buckets_and_keys(prod: ProgramRun, dr: ProgramRun) -> None:
    policies = resources(dr, "aws:iam/policy:Policy")
    configs = {c.parent: c for c in resources(dr, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")}
    assert len(policies) == len(configs) == 3
    for policy in policies:
        config = configs[policy.parent]
        (rule,) = config.inputs["rules"]
        source = f"arn:aws:s3:::{config.inputs['bucket']}"
        replica = rule["destination"]["bucket"]
        allowed = {source, f"{source}/*", f"{replica}/*", prod.outputs["keyArn"], dr.outputs["keyArn"]}
        for statement in json.loads(policy.inputs["policy"])["Statement"]:
            assert statement["Effect"] == "Allow"
            resources_ = statement["Resource"]
            resources_ = resources_ if isinstance(resources_, list) else [resources_]
            assert set(resources_) <= allowed, statement
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            assert all("*" not in a for a in actions)


def test_worm_stores_get_object_lock_on_both_buckets(site: ProgramRun) -> None:
    locked = [b for b in site.of_type("aws:s3/bucket:Bucket") if b.inputs.get("objectLockEnabled")]
    assert [site.service_of(b) for b in locked] == ["comms"]
    (config,) = resources(site, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")
    assert config.inputs["rule"]["defaultRetention"] == {"mode": "COMPLIANCE", "days": 365}


def test_a_store_without_worm_gets_no_object_lock() -> None:
    def no_worm(raw: dict) -> None:
        archive = service(raw, "comms")["dataStores"][0]
        archive.pop("worm")
        archive.pop("wormRetention")

    run = plan_with("prod", no_worm)
    assert not any(b.inputs.get("objectLockEnabled") for b in run.of_type("aws:s3/bucket:Bucket"))
    assert not run.of_type("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")
