"""Route 53 health checks and their alarms.

Route 53 publishes health-check metrics only in us-east-1, and an alarm must live in its metric's
region (see aws-cdk #30483: "Cannot create an Alarm in region ... based on metric ... in
us-east-1"), so every health-check alarm sets `region=us-east-1` (provider v7 per-resource region).
"""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

HEALTH_METRICS_REGION = "us-east-1"


def endpoint_health_check(
    name: str,
    fqdn: pulumi.Input[str],
    health_path: str,
    interval_seconds: int,
    failure_threshold: int,
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.route53.HealthCheck:
    """HTTPS on 443 to a site's load balancer, its health path, fast interval, with latency.

    Interval 10 s or 30 s and fixed after creation; threshold 1-10 (Route 53 guide,
    HealthCheckConfig API). Route 53 does not validate the certificate; SNI sends the LB name.
    """
    return aws.route53.HealthCheck(
        name,
        type="HTTPS",
        fqdn=fqdn,
        port=443,
        resource_path=health_path,
        request_interval=interval_seconds,
        failure_threshold=failure_threshold,
        measure_latency=True,
        enable_sni=True,
        tags={**tags, "Name": name},
        opts=opts,
    )


def health_check_alarm(
    name: str,
    health_check_id: pulumi.Input[str],
    topic_id: pulumi.Input[str],
    description: str,
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.cloudwatch.MetricAlarm:
    return aws.cloudwatch.MetricAlarm(
        name,
        region=HEALTH_METRICS_REGION,
        namespace="AWS/Route53",
        metric_name="HealthCheckStatus",
        dimensions={"HealthCheckId": health_check_id},
        statistic="Minimum",
        period=60,
        evaluation_periods=1,
        comparison_operator="LessThanThreshold",
        threshold=1,
        treat_missing_data="breaching",
        alarm_description=description,
        alarm_actions=[topic_id],
        ok_actions=[topic_id],
        tags={**tags, "Name": name},
        opts=opts,
    )
