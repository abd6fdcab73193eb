"""Object storage protected by S3 Cross-Region Replication with Replication Time Control.

prod holds the source bucket; dr holds the replica bucket and owns the replication: the
`BucketReplicationConfig` needs both buckets, and prod never reads dr, so dr declares it in the
source bucket's region (provider v7 `region=`), together with its least-privilege role and the
replication alarms (S3 reports replication metrics in the source region).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pulumi
import pulumi_aws as aws

from components.aws import iam
from components.aws.buckets import HardenedBucket, HardenedBucketProps
from components.aws.data_alarms import S3_FAILED, S3_LATENCY, AlarmTarget, failure_alarm, lag_alarm
from components.aws.names import fitted_name
from components.base import Component
from config.models import ObjectStore
from vocabulary import outputs

# S3 RTC: 99.99 % of objects within 15 min (SLA); 15 is the only valid ReplicationTime and
# EventThreshold value, and replication metrics need RTC (dr-reference, pulumi-aws#5806).
RTC_MINUTES = 15
RULE_ID = "to-dr"
IAM_ROLE_NAME_MAX = 64


@dataclass(frozen=True)
class SourceBucket:
    """dr's view of prod's bucket, read from prod's outputs."""

    name: pulumi.Input[str]
    arn: pulumi.Input[str]
    key_arn: pulumi.Input[str]
    region: str
    alert_topic_arn: pulumi.Input[str]
    """prod's alert topic: the replication alarms live in the source region."""


@dataclass(frozen=True)
class ReplicatedBucketProps:
    service: str
    store: ObjectStore
    rpo: timedelta
    key_arn: pulumi.Input[str]
    """This site's key (dr: the replica of prod's multi-region key)."""
    log_bucket: pulumi.Input[str]
    region: str
    """This site's region."""
    tags: Mapping[str, str]
    source: SourceBucket | None = None
    """None in prod (this is the source); set in dr (this is the replica)."""
    protect: bool = True
    """Pulumi `protect` on the bucket."""


class ReplicatedBucket(Component):
    def __init__(self, name: str, props: ReplicatedBucketProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("storage", name, opts)
        store = props.store
        self.bucket = HardenedBucket(
            name,
            HardenedBucketProps(
                tags=props.tags,
                kms_key_arn=props.key_arn,
                access_log_bucket=props.log_bucket,
                object_lock=store.worm,  # only at creation, on both buckets
                protect=props.protect,
            ),
            self.child(),
        )
        self.object_lock: aws.s3.BucketObjectLockConfiguration | None = None
        if store.worm and store.worm_retention is not None:
            self.object_lock = aws.s3.BucketObjectLockConfiguration(
                f"{name}-object-lock",
                bucket=self.bucket.id,
                rule=aws.s3.BucketObjectLockConfigurationRuleArgs(
                    default_retention=aws.s3.BucketObjectLockConfigurationRuleDefaultRetentionArgs(
                        mode="COMPLIANCE", days=max(1, store.worm_retention.days)
                    )
                ),
                opts=self.child(depends_on=[self.bucket.versioning]),
            )
        self.name: pulumi.Output[str] = self.bucket.bucket.bucket
        self.arn: pulumi.Output[str] = self.bucket.arn
        self.replication: aws.s3.BucketReplicationConfig | None = None
        self.alarms: list[aws.cloudwatch.MetricAlarm] = []
        if props.source is not None:
            self._replicate(name, props, props.source)
        self.register_outputs({"bucket": self.name, "arn": self.arn})

    def outputs(self) -> dict[str, Any]:
        return {outputs.BUCKET: self.name, outputs.STORE_ARN: self.arn}

    def _replicate(self, name: str, props: ReplicatedBucketProps, source: SourceBucket) -> None:
        tags = {**props.tags, "Name": f"{name}-replication"}
        # `<service>-<store>-replica-replication` reaches 65 characters with the longest names the
        # config allows; IAM role names are at most 64 (IAM API, CreateRole).
        role_name = fitted_name(f"{name}-replication", IAM_ROLE_NAME_MAX, props.region)
        self.role = aws.iam.Role(
            f"{name}-replication",
            name=role_name,
            assume_role_policy=iam.assume_role("s3.amazonaws.com"),
            description=f"S3 replication of {props.service}/{props.store.name} to the dr site",
            tags=tags,
            # An explicit name cannot exist twice: a replacement deletes the old role first.
            opts=self.child(**({"delete_before_replace": True} if role_name else {})),
        )
        policy = pulumi.Output.all(source.arn, self.bucket.arn, source.key_arn, props.key_arn).apply(
            lambda a: replication_policy(a[0], a[1], a[2], a[3], source.region, props.region)
        )
        self.policy = aws.iam.Policy(
            f"{name}-replication",
            description=f"Only {props.service}/{props.store.name}'s two buckets and keys",
            policy=policy,
            tags=tags,
            opts=self.child(),
        )
        self.attachment = aws.iam.RolePolicyAttachment(
            f"{name}-replication", role=self.role.name, policy_arn=self.policy.arn, opts=self.child()
        )
        self.replication = aws.s3.BucketReplicationConfig(
            f"{name}-replication",
            bucket=source.name,
            role=self.role.arn,
            rules=[
                aws.s3.BucketReplicationConfigRuleArgs(
                    id=RULE_ID,
                    status="Enabled",
                    priority=1,
                    filter=aws.s3.BucketReplicationConfigRuleFilterArgs(prefix=""),
                    delete_marker_replication=aws.s3.BucketReplicationConfigRuleDeleteMarkerReplicationArgs(
                        status="Enabled"
                    ),
                    source_selection_criteria=aws.s3.BucketReplicationConfigRuleSourceSelectionCriteriaArgs(
                        sse_kms_encrypted_objects=aws.s3.BucketReplicationConfigRuleSourceSelectionCriteriaSseKmsEncryptedObjectsArgs(
                            status="Enabled"
                        )
                    ),
                    destination=aws.s3.BucketReplicationConfigRuleDestinationArgs(
                        bucket=self.bucket.arn,
                        storage_class="STANDARD",
                        encryption_configuration=aws.s3.BucketReplicationConfigRuleDestinationEncryptionConfigurationArgs(
                            replica_kms_key_id=props.key_arn
                        ),
                        replication_time=aws.s3.BucketReplicationConfigRuleDestinationReplicationTimeArgs(
                            status="Enabled",
                            time=aws.s3.BucketReplicationConfigRuleDestinationReplicationTimeTimeArgs(
                                minutes=RTC_MINUTES
                            ),
                        ),
                        metrics=aws.s3.BucketReplicationConfigRuleDestinationMetricsArgs(
                            status="Enabled",
                            event_threshold=aws.s3.BucketReplicationConfigRuleDestinationMetricsEventThresholdArgs(
                                minutes=RTC_MINUTES
                            ),
                        ),
                    ),
                )
            ],
            region=source.region,
            opts=self.child(depends_on=[self.bucket.versioning, self.attachment]),
        )
        target = AlarmTarget(
            service=props.service,
            store=props.store.name,
            topic_arn=source.alert_topic_arn,
            tags=props.tags,
            region=source.region,
        )
        dimensions = {"SourceBucket": source.name, "DestinationBucket": self.name, "RuleId": RULE_ID}
        self.alarms = [
            lag_alarm(f"{name}-latency", target, S3_LATENCY, dimensions, props.rpo, self.child()),
            failure_alarm(f"{name}-failed", target, S3_FAILED, dimensions, self.child()),
        ]


def replication_policy(
    source_arn: str,
    replica_arn: str,
    source_key: str,
    replica_key: str,
    source_region: str,
    replica_region: str,
) -> str:
    """Read from the source bucket and its key, write to the replica bucket with its key; nothing else.

    With S3 Bucket Keys the KMS encryption context is the bucket ARN, else the object ARN: allow both.
    """
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ReadSourceConfiguration",
                    "Effect": "Allow",
                    "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                    "Resource": source_arn,
                },
                {
                    "Sid": "ReadSourceVersions",
                    "Effect": "Allow",
                    "Action": [
                        "s3:GetObjectVersionForReplication",
                        "s3:GetObjectVersionAcl",
                        "s3:GetObjectVersionTagging",
                        # Object Lock: replicas keep the source's retention and legal hold.
                        "s3:GetObjectRetention",
                        "s3:GetObjectLegalHold",
                    ],
                    "Resource": f"{source_arn}/*",
                },
                {
                    "Sid": "WriteReplicas",
                    "Effect": "Allow",
                    "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                    "Resource": f"{replica_arn}/*",
                },
                {
                    "Sid": "DecryptSource",
                    "Effect": "Allow",
                    "Action": "kms:Decrypt",
                    "Resource": source_key,
                    "Condition": {
                        "StringEquals": {"kms:ViaService": f"s3.{source_region}.amazonaws.com"},
                        "StringLike": {"kms:EncryptionContext:aws:s3:arn": [source_arn, f"{source_arn}/*"]},
                    },
                },
                {
                    "Sid": "EncryptReplicas",
                    "Effect": "Allow",
                    "Action": ["kms:Encrypt", "kms:GenerateDataKey"],
                    "Resource": replica_key,
                    "Condition": {
                        "StringEquals": {"kms:ViaService": f"s3.{replica_region}.amazonaws.com"},
                        "StringLike": {"kms:EncryptionContext:aws:s3:arn": [replica_arn, f"{replica_arn}/*"]},
                    },
                },
            ],
        }
    )
