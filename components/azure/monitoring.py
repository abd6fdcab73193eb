"""Endpoint alerts of one service in one site, on its application gateway: unhealthy backends,
5xx answers, and (where the site keeps standby capacity) fewer healthy backends than it should.

Application Gateway metrics (checked 2026, "Application Gateway metrics"): UnhealthyHostCount and
HealthyHostCount per backend pool, ResponseStatus split by HttpStatusGroup.
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import monitor

from components.azure.alerts import metric_alert
from components.azure.data import foundation_of
from components.base import Component
from components.failover import MonitoringProps

NAMESPACE = "Microsoft.Network/applicationGateways"
FIVE_XX_PER_5_MIN = 50


class EndpointAlerts(Component):
    def __init__(self, name: str, props: MonitoringProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("monitoring", name, opts)
        f = foundation_of(props)
        group = f.site.resource_group
        gateway = pulumi.Output.from_input(props.metric_dimensions).apply(lambda d: d["ApplicationGateway"])

        def alert(suffix: str, **kw: object) -> None:
            metric_alert(
                f"{props.name}-{suffix}",
                resource_group=group,
                scope=gateway,
                namespace=NAMESPACE,
                action_group_id=props.alert_topic_id,
                tags=props.tags,
                opts=self.child(),
                **kw,  # type: ignore[arg-type]
            )

        alert(
            "5xx",
            metric="ResponseStatus",
            operator="GreaterThan",
            threshold=FIVE_XX_PER_5_MIN,
            aggregation="Total",
            dimensions=[
                monitor.MetricDimensionArgs(name="HttpStatusGroup", operator="Include", values=["5xx"])
            ],
            description=f"{props.name}: more than {FIVE_XX_PER_5_MIN} 5xx answers in 5 minutes",
            severity=2,
        )
        if props.serves:
            alert(
                "unhealthy",
                metric="UnhealthyHostCount",
                operator="GreaterThan",
                threshold=0,
                aggregation="Maximum",
                description=f"{props.name}: a backend fails the gateway's health probe",
            )
        if props.minimum_healthy > 0:
            alert(
                "capacity",
                metric="HealthyHostCount",
                operator="LessThan",
                threshold=props.minimum_healthy,
                aggregation="Minimum",
                description=f"{props.name}: fewer than {props.minimum_healthy} healthy backends",
            )
        self.register_outputs({})
