"""Every bucket gets the same hardening; the log bucket admits only log delivery for our account."""

from __future__ import annotations

import json

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import resources


def _for_bucket(run: ProgramRun, type_: str, bucket: Recorded) -> Recorded:
    (match,) = [r for r in resources(run, type_) if r.inputs["bucket"] == bucket.id]
    return match


def test_every_bucket_blocks_all_four_kinds_of_public_access(site: ProgramRun) -> None:
    for bucket in resources(site, "aws:s3/bucket:Bucket"):
        block = _for_bucket(site, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket)
        flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
        assert all(block.inputs[f] is True for f in flags), bucket.name


def test_every_bucket_denies_requests_without_tls(site: ProgramRun) -> None:
    for bucket in resources(site, "aws:s3/bucket:Bucket"):
        policy = json.loads(_for_bucket(site, "aws:s3/bucketPolicy:BucketPolicy", bucket).inputs["policy"])
        deny = [s for s in policy["Statement"] if s["Effect"] == "Deny"]
        assert any(s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in deny), bucket.name


def test_every_bucket_is_versioned_and_expires_noncurrent_versions(site: ProgramRun) -> None:
    for bucket in resources(site, "aws:s3/bucket:Bucket"):
        versioning = _for_bucket(site, "aws:s3/bucketVersioning:BucketVersioning", bucket)
        assert versioning.inputs["versioningConfiguration"]["status"] == "Enabled"
        lifecycle = _for_bucket(
            site, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket
        )
        assert any("noncurrentVersionExpiration" in rule for rule in lifecycle.inputs["rules"])


def test_every_bucket_disables_acls(site: ProgramRun) -> None:
    for bucket in resources(site, "aws:s3/bucket:Bucket"):
        owner = _for_bucket(site, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", bucket)
        assert owner.inputs["rule"]["objectOwnership"] == "BucketOwnerEnforced"


def _log_bucket(run: ProgramRun) -> Recorded:
    (bucket,) = [b for b in resources(run, "aws:s3/bucket:Bucket") if b.name.endswith("-logs")]
    return bucket


def test_log_bucket_uses_sse_s3_because_log_delivery_accepts_nothing_else(site: ProgramRun) -> None:
    bucket = _log_bucket(site)
    sse = _for_bucket(
        site,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        bucket,
    )
    (rule,) = sse.inputs["rules"]
    assert rule["applyServerSideEncryptionByDefault"]["sseAlgorithm"] == "AES256"


def test_log_bucket_admits_only_log_delivery_into_its_prefixes_for_our_account(site: ProgramRun) -> None:
    bucket = _log_bucket(site)
    policy = json.loads(_for_bucket(site, "aws:s3/bucketPolicy:BucketPolicy", bucket).inputs["policy"])
    allows = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    assert {s["Sid"] for s in allows} == {"S3ServerAccessLogs", "LoadBalancerAccessLogs"}
    for s in allows:
        assert s["Action"] == "s3:PutObject"
        assert s["Resource"].startswith(bucket.outputs["arn"] + "/")
        assert s["Resource"] != bucket.outputs["arn"] + "/*"
    s3_logs = next(s for s in allows if s["Sid"] == "S3ServerAccessLogs")
    assert s3_logs["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}


def test_log_bucket_expires_logs_after_the_strictest_retention_it_holds(site: ProgramRun) -> None:
    # Deliberate change (issue 13): the site retention is 90 days, but the bucket holds the access
    # logs of payments (pci), kept a year (PCI DSS 10.5.1).
    bucket = _log_bucket(site)
    lifecycle = _for_bucket(site, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket)
    expiring = [r for r in lifecycle.inputs["rules"] if "expiration" in r]
    assert [r["expiration"]["days"] for r in expiring] == [365]


def test_every_log_writer_writes_where_the_log_bucket_admits_it(site: ProgramRun) -> None:
    # ELB checks the bucket policy when access logs are enabled: a prefix outside it fails creation.
    bucket = _log_bucket(site)
    policy = json.loads(_for_bucket(site, "aws:s3/bucketPolicy:BucketPolicy", bucket).inputs["policy"])
    admitted = {s["Sid"]: s["Resource"] for s in policy["Statement"] if s["Effect"] == "Allow"}
    arn = bucket.outputs["arn"]
    for lb in resources(site, "aws:lb/loadBalancer:LoadBalancer"):
        logs = lb.inputs["accessLogs"]
        assert logs["bucket"] == bucket.id
        assert admitted["LoadBalancerAccessLogs"] == f"{arn}/{logs['prefix']}/AWSLogs/123456789012/*"
    for logging in resources(site, "aws:s3/bucketLogging:BucketLogging"):
        assert logging.inputs["targetBucket"] == bucket.id
        assert f"{arn}/{logging.inputs['targetPrefix']}".startswith(admitted["S3ServerAccessLogs"][:-1])
