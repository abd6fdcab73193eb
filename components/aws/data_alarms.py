"""Replication alarms whose thresholds come from each store's RPO.

A replication lag above the RPO means a failover now would lose more data than the target allows,
so each threshold is the RPO itself, in the metric's unit. Names say service, store and condition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

import pulumi
import pulumi_aws as aws

# The metrics this program alarms on, with their CloudWatch units (namespace, metric, seconds per unit).
# S3 guide "Replication metrics": ReplicationLatency in seconds, OperationsFailedReplication a count.
# Aurora User Guide: AuroraGlobalDBRPOLag in milliseconds. RDS: ReplicaLag in seconds.
# DynamoDB: ReplicationLatency in milliseconds (dimension ReceivingRegion).
S3_LATENCY = ("AWS/S3", "ReplicationLatency", 1.0)
S3_FAILED = ("AWS/S3", "OperationsFailedReplication", None)
AURORA_RPO_LAG = ("AWS/RDS", "AuroraGlobalDBRPOLag", 0.001)
RDS_REPLICA_LAG = ("AWS/RDS", "ReplicaLag", 1.0)
DYNAMODB_LATENCY = ("AWS/DynamoDB", "ReplicationLatency", 0.001)

Metric = tuple[str, str, float | None]


def rpo_threshold(rpo: timedelta, seconds_per_unit: float) -> float:
    """The RPO expressed in the metric's unit."""
    return rpo.total_seconds() / seconds_per_unit


@dataclass(frozen=True)
class AlarmTarget:
    service: str
    store: str
    topic_arn: pulumi.Input[str]
    tags: Mapping[str, str]
    region: str | None = None
    """Set when the metric lives in the peer region (e.g. S3 replication metrics: source region)."""


def lag_alarm(
    name: str,
    target: AlarmTarget,
    metric: Metric,
    dimensions: Mapping[str, pulumi.Input[str]],
    rpo: timedelta,
    opts: pulumi.ResourceOptions,
    missing_data: str = "notBreaching",
) -> aws.cloudwatch.MetricAlarm:
    """Alarm when replication lag (maximum over a minute) exceeds the store's RPO."""
    namespace, metric_name, per_unit = metric
    assert per_unit is not None
    return aws.cloudwatch.MetricAlarm(
        name,
        name=f"{target.service}-{target.store}-{metric_name}-above-rpo",
        alarm_description=(
            f"{target.service}/{target.store}: {metric_name} above the RPO "
            f"({int(rpo.total_seconds())} s): a failover now would lose more data than allowed"
        ),
        namespace=namespace,
        metric_name=metric_name,
        dimensions=dict(dimensions),
        statistic="Maximum",
        period=60,
        evaluation_periods=1,
        threshold=rpo_threshold(rpo, per_unit),
        comparison_operator="GreaterThanThreshold",
        # Database lag metrics report continuously, so missing data there means the replica is
        # gone ("breaching"); S3 and DynamoDB report only while there are writes ("notBreaching").
        treat_missing_data=missing_data,
        alarm_actions=[target.topic_arn],
        ok_actions=[target.topic_arn],
        region=target.region,
        tags={**target.tags, "Name": f"{target.service}-{target.store}-{metric_name}"},
        opts=opts,
    )


def failure_alarm(
    name: str,
    target: AlarmTarget,
    metric: Metric,
    dimensions: Mapping[str, pulumi.Input[str]],
    opts: pulumi.ResourceOptions,
) -> aws.cloudwatch.MetricAlarm:
    """Alarm on any failed operation within five minutes."""
    namespace, metric_name, _ = metric
    return aws.cloudwatch.MetricAlarm(
        name,
        name=f"{target.service}-{target.store}-{metric_name}",
        alarm_description=f"{target.service}/{target.store}: {metric_name} above zero",
        namespace=namespace,
        metric_name=metric_name,
        dimensions=dict(dimensions),
        statistic="Sum",
        period=300,
        evaluation_periods=1,
        threshold=0,
        comparison_operator="GreaterThanThreshold",
        treat_missing_data="notBreaching",
        alarm_actions=[target.topic_arn],
        ok_actions=[target.topic_arn],
        region=target.region,
        tags={**target.tags, "Name": f"{target.service}-{target.store}-{metric_name}"},
        opts=opts,
    )
