"""One hardened S3 bucket: the baseline every bucket in this program gets, in one place.

Versioning, default encryption, all four public-access blocks, bucket-owner object ownership (no
ACLs), a TLS-only bucket policy and a lifecycle for noncurrent versions. Callers add what their
concern needs: extra policy statements, access logging, object lock, replication.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_aws as aws

from components.aws import iam
from components.base import Component

Statement = dict[str, Any]
StatementsFor = Callable[[pulumi.Output[str]], pulumi.Output[list[Statement]]]
"""Builds extra bucket-policy statements from the bucket's ARN."""


def tls_only(bucket_arn: str) -> Statement:
    """Deny every request not made over TLS (aws:SecureTransport)."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [bucket_arn, f"{bucket_arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


@dataclass(frozen=True)
class HardenedBucketProps:
    tags: Mapping[str, str]
    kms_key_arn: pulumi.Input[str] | None
    """SSE-KMS with this key; None means SSE-S3, only for log buckets (ELB and S3 server access
    logs accept nothing else)."""
    noncurrent_version_days: int = 30
    extra_statements: StatementsFor | None = None
    access_log_bucket: pulumi.Input[str] | None = None
    object_lock: bool = False
    """Object Lock can only be enabled when the bucket is created."""
    region: str | None = None
    """Set when the bucket lives outside the provider's region (provider v7 per-resource region)."""
    lifecycle_rules: Sequence[aws.s3.BucketLifecycleConfigurationRuleArgs] = field(default_factory=tuple)
    protect: bool = True
    """Pulumi `protect` on the bucket: a destroy or a replacing change stops instead."""


class HardenedBucket(Component):
    def __init__(self, name: str, props: HardenedBucketProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("storage", name, opts)
        region = props.region
        self.bucket = aws.s3.Bucket(
            name,
            object_lock_enabled=props.object_lock or None,
            force_destroy=False,
            region=region,
            tags={**props.tags, "Name": name},
            opts=self.child(protect=props.protect),
        )
        self.versioning = aws.s3.BucketVersioning(
            f"{name}-versioning",
            bucket=self.bucket.id,
            versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"),
            region=region,
            opts=self.child(),
        )
        by_default = (
            aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                sse_algorithm="aws:kms", kms_master_key_id=props.kms_key_arn
            )
            if props.kms_key_arn is not None
            else aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                sse_algorithm="AES256"
            )
        )
        self.encryption = aws.s3.BucketServerSideEncryptionConfiguration(
            f"{name}-encryption",
            bucket=self.bucket.id,
            rules=[
                aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                    apply_server_side_encryption_by_default=by_default,
                    bucket_key_enabled=props.kms_key_arn is not None,
                )
            ],
            region=region,
            opts=self.child(),
        )
        self.public_access_block = aws.s3.BucketPublicAccessBlock(
            f"{name}-public-access",
            bucket=self.bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            region=region,
            opts=self.child(),
        )
        self.ownership = aws.s3.BucketOwnershipControls(
            f"{name}-ownership",
            bucket=self.bucket.id,
            rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"),
            region=region,
            opts=self.child(),
        )
        extra: pulumi.Output[list[Statement]] = (
            props.extra_statements(self.bucket.arn)
            if props.extra_statements
            else pulumi.Output.from_input([])
        )
        self.policy = aws.s3.BucketPolicy(
            f"{name}-policy",
            bucket=self.bucket.id,
            policy=pulumi.Output.all(self.bucket.arn, extra).apply(
                lambda a: iam.document(tls_only(a[0]), *a[1])
            ),
            region=region,
            # S3 rejects a policy while the public-access block is being written.
            opts=self.child(depends_on=[self.public_access_block]),
        )
        self.lifecycle = aws.s3.BucketLifecycleConfiguration(
            f"{name}-lifecycle",
            bucket=self.bucket.id,
            rules=[
                aws.s3.BucketLifecycleConfigurationRuleArgs(
                    id="expire-noncurrent-versions",
                    status="Enabled",
                    filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
                    noncurrent_version_expiration=aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(
                        noncurrent_days=props.noncurrent_version_days
                    ),
                    abort_incomplete_multipart_upload=aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
                        days_after_initiation=7
                    ),
                ),
                *props.lifecycle_rules,
            ],
            region=region,
            opts=self.child(depends_on=[self.versioning]),
        )
        self.logging: aws.s3.BucketLogging | None = None
        if props.access_log_bucket is not None:
            self.logging = aws.s3.BucketLogging(
                f"{name}-logging",
                bucket=self.bucket.id,
                target_bucket=props.access_log_bucket,
                target_prefix=f"s3/{name}/",
                region=region,
                opts=self.child(),
            )
        self.id: pulumi.Output[str] = self.bucket.id
        self.arn: pulumi.Output[str] = self.bucket.arn
        self.register_outputs({"bucket": self.bucket.bucket, "arn": self.arn})
