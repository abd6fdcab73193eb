"""What a relational store tells operators during an incident: enhanced monitoring (OS metrics),
Performance Insights (encrypted with the site key), and PostgreSQL's own log (connections, DDL and
slow statements) exported to a CloudWatch Logs group kept as long as the service's audit logs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import pulumi
import pulumi_aws as aws

from components.aws import iam

LOG_PARAMETERS: dict[str, str] = {
    "log_connections": "1",
    "log_disconnections": "1",
    "log_statement": "ddl",
    "log_min_duration_statement": "1000",
}
"""PostgreSQL logging (PostgreSQL docs, "Error Reporting and Logging"): who connects and leaves,
every schema change, and every statement slower than 1 s (our threshold). All dynamic parameters
on RDS and Aurora PostgreSQL."""
MONITORING_INTERVAL_SECONDS = 60
"""Enhanced monitoring granularity (RDS API: 0, 1, 5, 10, 15, 30 or 60; 0 turns it off)."""
PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7
"""Performance Insights' free retention (RDS API: 7, 731, or a multiple of 31)."""
ENHANCED_MONITORING_POLICY = "arn:{partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
POSTGRES_LOG = "postgresql"
"""The PostgreSQL log RDS and Aurora export (EnableCloudwatchLogsExports)."""


def parameter_family(engine: str, version: str) -> str:
    """`postgres16`, `aurora-postgresql16` (families name the major version; before 10, x.y)."""
    major = version.split(".")[0]
    return f"{engine}{major if int(major) >= 10 else version}"


def log_group_name(kind: Literal["cluster", "instance"], identifier: str) -> str:
    """Where RDS exports a database's PostgreSQL log (RDS guide, "Publishing PostgreSQL logs to
    CloudWatch Logs"); declared here first so its retention and key are ours, not the default."""
    return f"/aws/rds/{kind}/{identifier}/{POSTGRES_LOG}"


def parameter_group(
    name: str,
    kind: Literal["cluster", "instance"],
    engine: str,
    version: str,
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
    static: Sequence[tuple[str, str]] = (),
) -> aws.rds.ClusterParameterGroup | aws.rds.ParameterGroup:
    """`static`: parameters that take effect at start only (e.g. logical replication for a
    cross-cloud path); RDS refuses to apply them immediately, so they are `pending-reboot`: a new
    instance starts with them, an existing one needs a reboot (the runbook says so)."""
    family = parameter_family(engine, version)
    description = "PostgreSQL logs connections, DDL and slow statements"
    if kind == "cluster":
        return aws.rds.ClusterParameterGroup(
            name,
            family=family,
            description=description,
            parameters=[
                aws.rds.ClusterParameterGroupParameterArgs(name=k, value=v) for k, v in LOG_PARAMETERS.items()
            ],
            tags=tags,
            opts=opts,
        )
    parameters = [aws.rds.ParameterGroupParameterArgs(name=k, value=v) for k, v in LOG_PARAMETERS.items()]
    parameters += [
        aws.rds.ParameterGroupParameterArgs(name=k, value=v, apply_method="pending-reboot") for k, v in static
    ]
    return aws.rds.ParameterGroup(
        name,
        family=family,
        description=description if not static else f"{description}; logical replication for dr",
        parameters=parameters,
        tags=tags,
        opts=opts,
    )


def postgres_log_group(
    name: str,
    log_name: str,
    retention_days: int,
    key_arn: pulumi.Input[str],
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.cloudwatch.LogGroup:
    return aws.cloudwatch.LogGroup(
        name,
        name=log_name,
        retention_in_days=retention_days,
        kms_key_id=key_arn,
        tags={**tags, "Name": log_name},
        opts=opts,
    )


def monitoring_role(
    name: str, region: str, tags: Mapping[str, str], opts: pulumi.ResourceOptions
) -> aws.iam.Role:
    """The role RDS enhanced monitoring publishes OS metrics with (AWS managed policy)."""
    role = aws.iam.Role(
        name,
        description="RDS enhanced monitoring: publish OS metrics to CloudWatch Logs",
        assume_role_policy=iam.assume_role("monitoring.rds.amazonaws.com"),
        tags={**tags, "Name": name},
        opts=opts,
    )
    aws.iam.RolePolicyAttachment(
        name,
        role=role.name,
        policy_arn=ENHANCED_MONITORING_POLICY.format(partition=iam.partition(region)),
        opts=opts,
    )
    return role


def instance_monitoring(role_arn: pulumi.Input[str], key_arn: pulumi.Input[str]) -> dict[str, object]:
    """Instance arguments: enhanced monitoring and Performance Insights with the site key."""
    return {
        "monitoring_interval": MONITORING_INTERVAL_SECONDS,
        "monitoring_role_arn": role_arn,
        "performance_insights_enabled": True,
        "performance_insights_kms_key_id": key_arn,
        "performance_insights_retention_period": PERFORMANCE_INSIGHTS_RETENTION_DAYS,
    }
