"""Alerts on one service's endpoint in one site: an uptime check of the site's address on the
health path, 5xx responses at the load balancer, and serving capacity below the standby floor.

Uptime checks (Cloud Monitoring "Create uptime checks") probe the site's global address with
the service's Host header from several regions every minute; the alert fires when checks from
more than one region fail. TLS is not validated: the address is probed, not the hostname.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.failover import MonitoringProps
from components.gcp.alerting import channel_list
from components.gcp.labels import labels
from components.gcp.monitoring import SUSTAINED_SECONDS, threshold_alert

UPTIME_PERIOD = "60s"
UPTIME_TIMEOUT = "10s"
UPTIME_CHECK_PASSED = "monitoring.googleapis.com/uptime_check/check_passed"
REQUESTS = "loadbalancing.googleapis.com/https/request_count"
# 5xx responses per second that page (sustained five minutes).
SERVER_ERRORS_PER_SECOND = 1.0
CAPACITY_METRIC = {
    "containers": ("cloud_run_revision", "service_name", "run.googleapis.com/container/instance_count"),
    "vms": ("instance_group", "instance_group_name", "compute.googleapis.com/instance_group/size"),
}


class EndpointAlarms(Component):
    def __init__(self, name: str, props: MonitoringProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("monitoring", name, opts)
        dims = pulumi.Output.from_input(props.metric_dimensions)
        tags = labels(props.tags)
        self.uptime = gcp.monitoring.UptimeCheckConfig(
            f"{name}-uptime",
            display_name=f"{props.name}: health path at the site's address",
            period=UPTIME_PERIOD,
            timeout=UPTIME_TIMEOUT,
            monitored_resource=gcp.monitoring.UptimeCheckConfigMonitoredResourceArgs(
                type="uptime_url", labels=dims.apply(lambda d: {"host": d["address"]})
            ),
            http_check=gcp.monitoring.UptimeCheckConfigHttpCheckArgs(
                path=dims.apply(lambda d: d["healthPath"]),
                port=443,
                use_ssl=True,
                validate_ssl=False,
                headers=dims.apply(lambda d: {"Host": d["host"]}),
            ),
            user_labels=tags,
            opts=self.child(),
        )
        self.unhealthy = gcp.monitoring.AlertPolicy(
            f"{name}-unhealthy",
            display_name=f"{props.name}: failing its health path",
            combiner="OR",
            conditions=[
                gcp.monitoring.AlertPolicyConditionArgs(
                    display_name="uptime check failing from more than one region",
                    condition_threshold=gcp.monitoring.AlertPolicyConditionConditionThresholdArgs(
                        filter=self.uptime.uptime_check_id.apply(
                            lambda i: (
                                f'metric.type = "{UPTIME_CHECK_PASSED}" AND resource.type = "uptime_url" '
                                f'AND metric.labels.check_id = "{i}"'
                            )
                        ),
                        comparison="COMPARISON_GT",
                        threshold_value=1,
                        duration=UPTIME_PERIOD,
                        aggregations=[
                            gcp.monitoring.AlertPolicyConditionConditionThresholdAggregationArgs(
                                alignment_period="1200s",
                                per_series_aligner="ALIGN_NEXT_OLDER",
                                cross_series_reducer="REDUCE_COUNT_FALSE",
                                group_by_fields=["resource.label.*"],
                            )
                        ],
                    ),
                )
            ],
            notification_channels=channel_list(props.alert_topic_id),
            user_labels=tags,
            opts=self.child(),
        )
        self.server_errors = threshold_alert(
            f"{name}-5xx",
            f"{props.name}: 5xx responses at the load balancer",
            dims.apply(
                lambda d: (
                    f'resource.type = "https_lb_rule" AND resource.labels.url_map_name = "{d["urlMap"]}" '
                    f'AND metric.type = "{REQUESTS}" AND metric.labels.response_code_class = 500'
                )
            ),
            "COMPARISON_GT",
            SERVER_ERRORS_PER_SECOND,
            SUSTAINED_SECONDS,
            props.alert_topic_id,
            props.tags,
            self.child(),
            aligner="ALIGN_RATE",
        )
        self.capacity: Any = None
        if props.serves and props.minimum_healthy > 0:
            self.capacity = threshold_alert(
                f"{name}-capacity",
                f"{props.name}: fewer than {props.minimum_healthy} instances serving",
                dims.apply(lambda d: _capacity_filter(d)),
                "COMPARISON_LT",
                props.minimum_healthy,
                SUSTAINED_SECONDS,
                props.alert_topic_id,
                props.tags,
                self.child(),
                aligner="ALIGN_MIN",
            )
        self.register_outputs({})


def _capacity_filter(dims: dict[str, str]) -> str:
    resource, label, metric = CAPACITY_METRIC[dims["computeKind"]]
    name = dims["computeName"] + ("-mig" if dims["computeKind"] == "vms" else "")
    return f'resource.type = "{resource}" AND resource.labels.{label} = "{name}" AND metric.type = "{metric}"'
