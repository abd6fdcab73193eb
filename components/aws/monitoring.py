"""Per service and site: alarms on unhealthy targets, 5xx rate and standby capacity; for workers
(no load balancer), on running count and CPU saturation."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.base import Component
from components.failover import MonitoringProps, WorkerMonitoringProps

ERROR_RATE_PERCENT = 5.0
"""5xx share of requests that pages (our choice, not a provider number)."""
PERIOD = 60
# CloudWatch GetMetricData/MetricAlarm "Metric math": FILL replaces missing 5xx datapoints by 0.
ERROR_RATE = "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests"


def _metric(
    id_: str, name: str, dimensions: pulumi.Input[dict[str, str]]
) -> aws.cloudwatch.MetricAlarmMetricQueryArgs:
    return aws.cloudwatch.MetricAlarmMetricQueryArgs(
        id=id_,
        return_data=False,
        metric=aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
            namespace="AWS/ApplicationELB",
            metric_name=name,
            dimensions=dimensions,
            period=PERIOD,
            stat="Sum",
        ),
    )


class EndpointAlarms(Component):
    def __init__(self, name: str, props: MonitoringProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("monitoring", name, opts)
        dims = pulumi.Output.from_input(props.metric_dimensions)
        lb_only = dims.apply(lambda d: {"LoadBalancer": d["LoadBalancer"]})
        topic = [props.alert_topic_id]
        self.alarms: list[aws.cloudwatch.MetricAlarm] = []
        if not props.serves:
            self.register_outputs({})
            return
        self.alarms.append(
            aws.cloudwatch.MetricAlarm(
                f"{name}-unhealthy-targets",
                namespace="AWS/ApplicationELB",
                metric_name="UnHealthyHostCount",
                dimensions=dims,
                statistic="Maximum",
                period=PERIOD,
                evaluation_periods=3,
                comparison_operator="GreaterThanThreshold",
                threshold=0,
                treat_missing_data="notBreaching",
                alarm_description=f"{props.name}: targets failing the load balancer health check",
                alarm_actions=topic,
                ok_actions=topic,
                tags={**props.tags, "Name": f"{name}-unhealthy-targets"},
                opts=self.child(),
            )
        )
        self.alarms.append(
            aws.cloudwatch.MetricAlarm(
                f"{name}-5xx-rate",
                metric_queries=[
                    _metric("target5xx", "HTTPCode_Target_5XX_Count", lb_only),
                    _metric("elb5xx", "HTTPCode_ELB_5XX_Count", lb_only),
                    _metric("requests", "RequestCount", lb_only),
                    aws.cloudwatch.MetricAlarmMetricQueryArgs(
                        id="errorRate", expression=ERROR_RATE, label="5xx %", return_data=True
                    ),
                ],
                evaluation_periods=5,
                datapoints_to_alarm=3,
                comparison_operator="GreaterThanThreshold",
                threshold=ERROR_RATE_PERCENT,
                treat_missing_data="notBreaching",
                alarm_description=f"{props.name}: more than {ERROR_RATE_PERCENT:g}% of requests end in 5xx",
                alarm_actions=topic,
                ok_actions=topic,
                tags={**props.tags, "Name": f"{name}-5xx-rate"},
                opts=self.child(),
            )
        )
        if props.minimum_healthy > 0:
            self.alarms.append(
                aws.cloudwatch.MetricAlarm(
                    f"{name}-capacity",
                    namespace="AWS/ApplicationELB",
                    metric_name="HealthyHostCount",
                    dimensions=dims,
                    statistic="Minimum",
                    period=PERIOD,
                    evaluation_periods=3,
                    comparison_operator="LessThanThreshold",
                    threshold=props.minimum_healthy,
                    treat_missing_data="breaching",
                    alarm_description=(
                        f"{props.name}: fewer than {props.minimum_healthy} healthy targets, the "
                        "minimum its DR strategy keeps serving"
                    ),
                    alarm_actions=topic,
                    ok_actions=topic,
                    tags={**props.tags, "Name": f"{name}-capacity"},
                    opts=self.child(),
                )
            )
        self.register_outputs({})


SATURATION_PERCENT = 90.0
"""Average CPU a worker may hold for 15 minutes before it pages: autoscaling tracks 60 %, so this
means it is pinned at its ceiling and falling behind (our choice, not a provider number)."""
SATURATION_PERIODS = 15


# What a worker reports (ECS: Container Insights, which the cluster turns on, and AWS/ECS per
# cluster and service; EC2 Auto Scaling: group metrics, which the group publishes via
# `enabled_metrics`, and AWS/EC2 per group).
RUNNING = {
    "containers": ("ECS/ContainerInsights", "RunningTaskCount"),
    "vms": ("AWS/AutoScaling", "GroupInServiceInstances"),
}
CPU = {"containers": ("AWS/ECS", "CPUUtilization"), "vms": ("AWS/EC2", "CPUUtilization")}


def worker_dimensions(kind: str, ids: dict[str, str]) -> dict[str, str]:
    if kind == "containers":
        return {"ClusterName": ids["cluster"], "ServiceName": ids["service"]}
    return {"AutoScalingGroupName": ids["autoScalingGroup"]}


class WorkerAlarms(Component):
    """A worker's own alarms: fewer running than its strategy keeps, and CPU pinned at the top."""

    def __init__(self, name: str, props: WorkerMonitoringProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("monitoring", name, opts)
        kind = props.compute_kind
        dims = pulumi.Output.from_input(props.identifiers).apply(lambda i: worker_dimensions(kind, i))
        topic = [props.alert_topic_id]
        self.alarms: list[aws.cloudwatch.MetricAlarm] = []
        if props.minimum_running > 0:
            self.alarms.append(
                aws.cloudwatch.MetricAlarm(
                    f"{name}-capacity",
                    namespace=RUNNING[kind][0],
                    metric_name=RUNNING[kind][1],
                    dimensions=dims,
                    statistic="Minimum",
                    period=PERIOD,
                    evaluation_periods=3,
                    comparison_operator="LessThanThreshold",
                    threshold=props.minimum_running,
                    treat_missing_data="breaching",
                    alarm_description=(
                        f"{props.name}: fewer than {props.minimum_running} running, the minimum its DR "
                        "strategy keeps consuming"
                    ),
                    alarm_actions=topic,
                    ok_actions=topic,
                    tags={**props.tags, "Name": f"{name}-capacity"},
                    opts=self.child(),
                )
            )
        self.alarms.append(
            aws.cloudwatch.MetricAlarm(
                f"{name}-saturated",
                namespace=CPU[kind][0],
                metric_name=CPU[kind][1],
                dimensions=dims,
                statistic="Average",
                period=PERIOD,
                evaluation_periods=SATURATION_PERIODS,
                comparison_operator="GreaterThanThreshold",
                threshold=SATURATION_PERCENT,
                treat_missing_data="notBreaching",  # a pilot light at zero reports nothing
                alarm_description=(
                    f"{props.name}: CPU above {SATURATION_PERCENT:g}% for {SATURATION_PERIODS} minutes; "
                    "the worker is at its scaling ceiling and falling behind"
                ),
                alarm_actions=topic,
                ok_actions=topic,
                tags={**props.tags, "Name": f"{name}-saturated"},
                opts=self.child(),
            )
        )
        self.register_outputs({})
