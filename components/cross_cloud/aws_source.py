"""What every cross-cloud path from AWS needs on the AWS side, declared by the recovery site's
stack through its AWS provider (prod's region and account): read-only access to prod's stores and
the replication user's credentials. prod's own stack declares the source prerequisites itself from
config (components/aws/database.py: logical replication and the replication user's secret)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws


@dataclass(frozen=True)
class SourceBucket:
    """prod's bucket, as the dr stack reads it from prod's outputs."""

    name: pulumi.Input[str]
    arn: pulumi.Input[str]
    key_arn: pulumi.Input[str]
    """prod's site key, which encrypts the bucket (SSE-KMS)."""
    region: str


def bucket_read_statements(source: SourceBucket) -> pulumi.Output[list[dict[str, Any]]]:
    """Read-only on one bucket and the key that encrypts it, nothing else: list and locate the
    bucket, get objects (Storage Transfer Service, "Configure access to a source: Amazon S3", and
    Data Factory's S3 connector need these), decrypt through S3 only."""
    return pulumi.Output.all(source.arn, source.key_arn).apply(
        lambda a: [
            {
                "Sid": "ListTheSourceBucket",
                "Effect": "Allow",
                "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
                "Resource": a[0],
            },
            {"Sid": "ReadItsObjects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{a[0]}/*"},
            {
                "Sid": "DecryptThroughS3",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": a[1],
                "Condition": {"StringEquals": {"kms:ViaService": f"s3.{source.region}.amazonaws.com"}},
            },
        ]
    )


def replication_credentials(
    secret_arn: pulumi.Input[str], parent: pulumi.Resource, provider: pulumi.ProviderResource
) -> tuple[pulumi.Output[str], pulumi.Output[str]]:
    """(username, password) of the replication user, read from prod's Secrets Manager secret at
    each `pulumi up` of dr (so a rotated password reaches the path on the next run). Both stay
    Pulumi secrets: encrypted in the state, masked in the plan."""
    found = aws.secretsmanager.get_secret_version_output(
        secret_id=secret_arn, opts=pulumi.InvokeOutputOptions(parent=parent, provider=provider)
    )
    value = pulumi.Output.secret(found.secret_string).apply(lambda text: json.loads(text or "{}"))
    return (
        pulumi.Output.secret(value.apply(lambda v: str(v.get("username", "")))),
        pulumi.Output.secret(value.apply(lambda v: str(v.get("password", "")))),
    )


def queue_age_alarm(
    name: str,
    queue_name: pulumi.Input[str],
    threshold_seconds: int,
    topic_arn: pulumi.Input[str],
    description: str,
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.cloudwatch.MetricAlarm:
    """Events waiting longer than the store's RPO: the copy behind them is late (SQS metric
    ApproximateAgeOfOldestMessage, in the queue's region, which is prod's topic's region)."""
    return aws.cloudwatch.MetricAlarm(
        name,
        namespace="AWS/SQS",
        metric_name="ApproximateAgeOfOldestMessage",
        dimensions={"QueueName": queue_name},
        statistic="Maximum",
        period=300,
        evaluation_periods=1,
        comparison_operator="GreaterThanThreshold",
        threshold=threshold_seconds,
        treat_missing_data="notBreaching",
        alarm_description=description,
        alarm_actions=[topic_arn],
        ok_actions=[topic_arn],
        tags={**tags, "Name": name},
        opts=opts,
    )
