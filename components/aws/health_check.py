"""Route 53 health checks and their alarms.

Route 53 publishes health-check metrics only in us-east-1, and an alarm must live in its metric's
region (see aws-cdk #30483: "Cannot create an Alarm in region ... based on metric ... in
us-east-1"), so every health-check alarm sets `region=us-east-1` (provider v7 per-resource region).
An alarm notifies only an SNS topic of its own region: where no site is in us-east-1, the alarms
notify nobody directly and `HealthAlarmForwarding` carries their state changes to the site's region
(EventBridge), so no topic, key or subscriber address lives in us-east-1.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components.aws import iam
from components.base import Component

HEALTH_METRICS_REGION = "us-east-1"
HEALTH_METRIC = {"namespace": ["AWS/Route53"], "name": ["HealthCheckStatus"]}
# CloudWatch alarm state-change events (CloudWatch guide, "Alarm events and EventBridge"): one per
# transition, with the alarm's metrics under detail.configuration.metrics[].metricStat.metric.
ALARM_STATE_CHANGE = {"source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"]}
HEALTH_ALARM_EVENTS = {
    **ALARM_STATE_CHANGE,
    "detail": {"configuration": {"metrics": {"metricStat": {"metric": HEALTH_METRIC}}}},
}


def region_of_arn(arn: str) -> str:
    parts = arn.split(":")
    return parts[3] if len(parts) > 3 else ""


def actions_in_metrics_region(topic_id: pulumi.Input[str]) -> pulumi.Output[list[str]]:
    """The alarm notifies the topic when it is in us-east-1; otherwise nobody directly (PutMetricAlarm
    accepts SNS actions of its own region only): the site's `HealthAlarmForwarding` delivers."""
    return pulumi.Output.from_input(topic_id).apply(
        lambda arn: [arn] if region_of_arn(arn) == HEALTH_METRICS_REGION else []
    )


def endpoint_health_check(
    name: str,
    fqdn: pulumi.Input[str],
    health_path: str,
    interval_seconds: int,
    failure_threshold: int,
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
    ip_address: pulumi.Input[str] | None = None,
) -> aws.route53.HealthCheck:
    """HTTPS on 443 to a site's load balancer, its health path, fast interval, with latency.

    Interval 10 s or 30 s and fixed after creation; threshold 1-10 (Route 53 guide,
    HealthCheckConfig API). Route 53 does not validate the certificate; SNI sends the LB name.
    With `ip_address` (a load balancer reached by address, e.g. a GCP global IP), Route 53 probes
    that address and sends `fqdn` as Host and SNI (HealthCheckConfig: "If you specify a value for
    IPAddress, Route 53 sends FullyQualifiedDomainName in the Host header"), so `fqdn` is then the
    public hostname the load balancer's certificate and routes answer for.
    """
    extra: dict[str, Any] = {"ip_address": ip_address} if ip_address is not None else {}
    return aws.route53.HealthCheck(
        name,
        type="HTTPS",
        fqdn=fqdn,
        **extra,
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
        alarm_actions=actions_in_metrics_region(topic_id),
        ok_actions=actions_in_metrics_region(topic_id),
        tags={**tags, "Name": name},
        opts=opts,
    )


@dataclass(frozen=True)
class HealthAlarmForwardingProps:
    region: str
    """The site's region (not us-east-1): where the alarms' state changes are delivered."""
    account_id: pulumi.Input[str]
    topic_arn: pulumi.Input[str]
    """The site's alert topic (its key and subscribers stay in the site's region)."""
    tags: Mapping[str, str]


class HealthAlarmForwarding(Component):
    """Health-check alarm state changes, from us-east-1 to the site's region and its alert topic.

    In us-east-1 only a rule matching those events and its target, the site region's default event
    bus (EventBridge guide, "Sending and receiving events between AWS Regions": a bus in another
    Region is a target with a role allowed to PutEvents on it). In the site's region, a rule on the
    default bus picks them up and publishes a readable line to the alert topic. The events carry an
    alarm's name, state and description, no personal data.
    """

    def __init__(
        self, name: str, props: HealthAlarmForwardingProps, opts: pulumi.ResourceOptions | None = None
    ):
        super().__init__("health_check", name, opts)
        part = iam.partition(props.region)
        bus_arn = pulumi.Output.from_input(props.account_id).apply(
            lambda account: f"arn:{part}:events:{props.region}:{account}:event-bus/default"
        )
        tags = {**props.tags, "Name": f"{name}-health-alarms"}
        self.rule = aws.cloudwatch.EventRule(
            f"{name}-health-alarms",
            description="Route 53 health-check alarm state changes, forwarded to the site's region",
            event_pattern=json.dumps(HEALTH_ALARM_EVENTS),
            region=HEALTH_METRICS_REGION,
            tags=tags,
            opts=self.child(),
        )
        self.role = aws.iam.Role(
            f"{name}-health-alarms",
            description="EventBridge: put health-check alarm events on the site region's default bus",
            assume_role_policy=pulumi.Output.from_input(props.account_id).apply(
                lambda account: iam.document(
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "events.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                        "Condition": {"StringEquals": {"aws:SourceAccount": account}},
                    }
                )
            ),
            tags=tags,
            opts=self.child(),
        )
        self.role_policy = aws.iam.RolePolicy(
            f"{name}-health-alarms",
            role=self.role.id,
            policy=bus_arn.apply(
                lambda arn: iam.document({"Effect": "Allow", "Action": "events:PutEvents", "Resource": arn})
            ),
            opts=self.child(),
        )
        self.forward = aws.cloudwatch.EventTarget(
            f"{name}-health-alarms",
            rule=self.rule.name,
            arn=bus_arn,
            role_arn=self.role.arn,
            region=HEALTH_METRICS_REGION,
            opts=self.child(depends_on=[self.role_policy]),
        )
        self.arrivals = aws.cloudwatch.EventRule(
            f"{name}-health-alarms-in",
            description="Route 53 health-check alarm state changes forwarded from us-east-1",
            event_pattern=json.dumps({**HEALTH_ALARM_EVENTS, "region": [HEALTH_METRICS_REGION]}),
            tags={**props.tags, "Name": f"{name}-health-alarms-in"},
            opts=self.child(),
        )
        self.notify = aws.cloudwatch.EventTarget(
            f"{name}-health-alarms-in",
            rule=self.arrivals.name,
            arn=props.topic_arn,
            input_transformer=aws.cloudwatch.EventTargetInputTransformerArgs(
                input_paths={
                    "alarm": "$.detail.alarmName",
                    "state": "$.detail.state.value",
                    "description": "$.detail.configuration.description",
                },
                input_template='"<alarm> is <state>: <description>"',
            ),
            opts=self.child(),
        )
        self.register_outputs({})
