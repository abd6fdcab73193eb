"""Metric alerts into the site's action group (Azure Monitor metric alerts, API 2018-03-01:
global resources; one resource per alert, criteria evaluated every minute over a window)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi
from pulumi_azure_native import monitor

SINGLE_RESOURCE = "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria"


def metric_alert(
    name: str,
    *,
    resource_group: pulumi.Input[str],
    scope: pulumi.Input[str],
    metric: str,
    namespace: str,
    operator: str,
    threshold: float,
    aggregation: str,
    description: str,
    action_group_id: pulumi.Input[str],
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
    dimensions: Sequence[monitor.MetricDimensionArgs] = (),
    window: str = "PT5M",
    severity: int = 1,
) -> monitor.MetricAlert:
    return monitor.MetricAlert(
        name,
        rule_name=name,
        resource_group_name=resource_group,
        location="global",
        description=description,
        severity=severity,
        enabled=True,
        scopes=[scope],
        evaluation_frequency="PT1M",
        window_size=window,
        auto_mitigate=True,
        criteria=monitor.MetricAlertSingleResourceMultipleMetricCriteriaArgs(
            odata_type=SINGLE_RESOURCE,
            all_of=[
                monitor.MetricCriteriaArgs(
                    criterion_type="StaticThresholdCriterion",
                    name=metric,
                    metric_name=metric,
                    metric_namespace=namespace,
                    operator=operator,
                    threshold=threshold,
                    time_aggregation=aggregation,
                    dimensions=list(dimensions) or None,
                )
            ],
        ),
        actions=[monitor.MetricAlertActionArgs(action_group_id=action_group_id)],
        tags=dict(tags),
        opts=opts,
    )
