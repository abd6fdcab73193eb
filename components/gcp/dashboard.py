"""The site's Cloud Monitoring dashboard: per service, requests by response class and backend
latency at its load balancer, and the failover health checks (dr)."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.failover import DashboardProps

REQUESTS = "loadbalancing.googleapis.com/https/request_count"
LATENCY = "loadbalancing.googleapis.com/https/backend_latencies"


def _chart(title: str, metric_filter: str, aligner: str, group_by: list[str]) -> dict[str, Any]:
    return {
        "title": title,
        "xyChart": {
            "dataSets": [
                {
                    "timeSeriesQuery": {
                        "timeSeriesFilter": {
                            "filter": metric_filter,
                            "aggregation": {
                                "alignmentPeriod": "60s",
                                "perSeriesAligner": aligner,
                                "crossSeriesReducer": "REDUCE_SUM" if group_by else "REDUCE_NONE",
                                "groupByFields": group_by,
                            },
                        }
                    },
                    "plotType": "LINE",
                }
            ]
        },
    }


def dashboard_json(title: str, services: dict[str, dict[str, str]], health_checks: dict[str, str]) -> str:
    tiles: list[dict[str, Any]] = []
    for service, dims in sorted(services.items()):
        rule = f'resource.type = "https_lb_rule" AND resource.labels.url_map_name = "{dims["urlMap"]}"'
        tiles.append(
            _chart(
                f"{service}: requests by response class",
                f'{rule} AND metric.type = "{REQUESTS}"',
                "ALIGN_RATE",
                ["metric.label.response_code_class"],
            )
        )
        tiles.append(
            _chart(f"{service}: backend latency", f'{rule} AND metric.type = "{LATENCY}"', "ALIGN_DELTA", [])
        )
    if health_checks:
        tiles.append(
            {"title": "DNS failover health checks", "text": {"content": json.dumps(health_checks, indent=1)}}
        )
    columns = 2
    return json.dumps(
        {
            "displayName": title,
            "mosaicLayout": {
                "columns": 12,
                "tiles": [
                    {
                        "xPos": (i % columns) * 6,
                        "yPos": (i // columns) * 4,
                        "width": 6,
                        "height": 4,
                        "widget": w,
                    }
                    for i, w in enumerate(tiles)
                ],
            },
        },
        sort_keys=True,
    )


class SiteDashboard(Component):
    def __init__(self, name: str, props: DashboardProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("dashboard", name, opts)
        body = pulumi.Output.all(
            pulumi.Output.from_input(dict(props.services)),
            pulumi.Output.from_input(dict(props.health_check_ids)),
        ).apply(lambda a: dashboard_json(props.name, a[0], a[1]))
        self.dashboard = gcp.monitoring.Dashboard(name, dashboard_json=body, opts=self.child())
        self.name: pulumi.Output[str] = self.dashboard.id
        self.register_outputs({"dashboard": self.name})
