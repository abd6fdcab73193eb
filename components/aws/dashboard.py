"""One CloudWatch dashboard per site: each service's health, replication and backup state.

Replication and backup widgets use metric SEARCH expressions scoped by the service's name, so they
show whatever stores the data-protection side creates for it without naming them here (metric
names: dr-reference "Data replication"; AWS Backup job metrics).
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws

from components.aws.health_check import HEALTH_METRICS_REGION
from components.base import Component
from components.failover import DashboardProps

WIDTH = 8
HEIGHT = 6

REPLICATION_SEARCHES = (
    ('{AWS/S3,SourceBucket,DestinationBucket,RuleId} MetricName="ReplicationLatency"', "Maximum"),
    ('{AWS/RDS,DBClusterIdentifier} MetricName="AuroraGlobalDBReplicationLag"', "Maximum"),
    ('{AWS/DynamoDB,TableName,ReceivingRegion} MetricName="ReplicationLatency"', "Average"),
)
BACKUP_SEARCHES = (
    ('{AWS/Backup} MetricName="NumberOfBackupJobsFailed"', "Sum"),
    ('{AWS/Backup} MetricName="NumberOfCopyJobsFailed"', "Sum"),
)


def _widget(title: str, region: str, x: int, y: int, **props: Any) -> dict[str, Any]:
    return {
        "type": "metric",
        "x": x,
        "y": y,
        "width": WIDTH,
        "height": HEIGHT,
        "properties": {"title": title, "region": region, "period": 60, "view": "timeSeries", **props},
    }


def _search(terms: str, stat: str, service: str, index: int) -> dict[str, Any]:
    return {"expression": f"SEARCH('{terms} {service}', '{stat}', 300)", "id": f"s{index}"}


def body(region: str, services: dict[str, dict[str, str]], health_checks: dict[str, str]) -> str:
    widgets: list[dict[str, Any]] = []
    for row, (service, dims) in enumerate(sorted(services.items())):
        y = row * HEIGHT
        metrics: list[list[Any]] = [
            ["AWS/ApplicationELB", "HealthyHostCount", *_pairs(dims)],
            ["AWS/ApplicationELB", "UnHealthyHostCount", *_pairs(dims)],
        ]
        metrics += [
            ["AWS/Route53", "HealthCheckStatus", "HealthCheckId", hc_id, {"region": HEALTH_METRICS_REGION}]
            for key, hc_id in sorted(health_checks.items())
            if key.startswith(f"{service}/")
        ]
        widgets.append(_widget(f"{service}: health", region, 0, y, metrics=metrics, stat="Minimum"))
        widgets.append(
            _widget(
                f"{service}: replication",
                region,
                WIDTH,
                y,
                metrics=[[_search(t, s, service, i)] for i, (t, s) in enumerate(REPLICATION_SEARCHES)],
            )
        )
        widgets.append(
            _widget(
                f"{service}: backup",
                region,
                2 * WIDTH,
                y,
                metrics=[[_search(t, s, service, i)] for i, (t, s) in enumerate(BACKUP_SEARCHES)],
            )
        )
    return json.dumps({"widgets": widgets})


def _pairs(dims: dict[str, str]) -> list[str]:
    return [part for key in ("TargetGroup", "LoadBalancer") if key in dims for part in (key, dims[key])]


class SiteDashboard(Component):
    def __init__(self, name: str, props: DashboardProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("dashboard", name, opts)
        services = pulumi.Output.from_input(dict(props.services))
        checks = pulumi.Output.from_input(dict(props.health_check_ids))
        self.dashboard = aws.cloudwatch.Dashboard(
            name,
            dashboard_name=props.name,
            dashboard_body=pulumi.Output.all(services, checks).apply(
                lambda a: body(props.region, a[0], a[1])
            ),
            opts=self.child(),
        )
        self.name: pulumi.Output[str] = self.dashboard.dashboard_name
        self.register_outputs({"name": self.name})
