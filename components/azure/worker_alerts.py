"""A worker's own alerts in one site (no gateway probes it, no Traffic Manager watches it): fewer
replicas or instances running than its DR strategy keeps, and CPU pinned above 90 % for 15 min.

Metrics (Azure Monitor "Supported metrics", checked 2026):
- Container Apps (`Microsoft.App/containerApps`): `Replicas` (replica count, per minute) and
  `UsageNanoCores` (CPU in nanocores; its average over the app's replicas is compared with 90 % of
  a replica's vCPUs: `CpuPercentage` says the same but is still in preview).
- VM scale sets: `Percentage CPU` (`Microsoft.Compute/virtualMachineScaleSets`, the host metric
  the autoscale setting already scales on); the running count is the autoscale setting's
  `ObservedCapacity` (`microsoft.insights/autoscalesettings`: the instances autoscale counted when
  it last ran, every minute), the scale-set counterpart of AWS's GroupInServiceInstances.
Every alert notifies the site's action group (`alert_topic_id`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from components.azure.alerts import metric_alert
from components.azure.container_apps import ContainerService
from components.azure.data import foundation_of
from components.azure.vms import VmService
from components.base import Component
from components.failover import WorkerMonitoringProps

SATURATION_PERCENT = 90.0
"""CPU a worker may hold for `SATURATION_WINDOW` before it pages: it scales out at 60 %, so this
means it is at its ceiling and falling behind (our choice, as on AWS)."""
SATURATION_WINDOW = "PT15M"
CAPACITY_WINDOW = "PT5M"
NANOCORES_PER_VCPU = 1_000_000_000


@dataclass(frozen=True)
class Watched:
    """One metric of one resource, as an alert reads it."""

    scope: pulumi.Input[str]
    namespace: str
    metric: str
    aggregation: str


class WorkerAlerts(Component):
    def __init__(self, name: str, props: WorkerMonitoringProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("monitoring", name, opts)
        group = foundation_of(props).site.resource_group
        compute = props.compute

        def alert(
            suffix: str,
            watched: Watched,
            operator: str,
            threshold: float,
            window: str,
            description: str,
            severity: int = 1,
        ) -> None:
            metric_alert(
                f"{props.name}-{suffix}",
                resource_group=group,
                scope=watched.scope,
                namespace=watched.namespace,
                metric=watched.metric,
                aggregation=watched.aggregation,
                operator=operator,
                threshold=threshold,
                window=window,
                description=description,
                severity=severity,
                action_group_id=props.alert_topic_id,
                tags=props.tags,
                opts=self.child(),
            )

        if isinstance(compute, ContainerService):
            app = "Microsoft.App/containerApps"
            running = Watched(compute.app.id, app, "Replicas", "Minimum")
            cpu = Watched(compute.app.id, app, "UsageNanoCores", "Average")
            cpu_threshold = SATURATION_PERCENT / 100 * compute.cpu_cores * NANOCORES_PER_VCPU
        elif isinstance(compute, VmService):
            autoscale = "microsoft.insights/autoscalesettings"
            running = Watched(compute.autoscale.id, autoscale, "ObservedCapacity", "Average")
            scale_set = "Microsoft.Compute/virtualMachineScaleSets"
            cpu = Watched(compute.scale_set.id, scale_set, "Percentage CPU", "Average")
            cpu_threshold = SATURATION_PERCENT
        else:
            raise TypeError("an Azure worker's alerts need its ContainerService or VmService (props.compute)")
        if props.minimum_running > 0:
            alert(
                "capacity",
                running,
                operator="LessThan",
                threshold=props.minimum_running,
                window=CAPACITY_WINDOW,
                description=(
                    f"{props.name}: fewer than {props.minimum_running} running, the minimum its DR "
                    "strategy keeps consuming"
                ),
            )
        alert(
            "saturated",
            cpu,
            operator="GreaterThan",
            threshold=cpu_threshold,
            window=SATURATION_WINDOW,
            description=(
                f"{props.name}: CPU above {SATURATION_PERCENT:g}% for 15 minutes; the worker is at its "
                "scaling ceiling and falling behind"
            ),
            severity=2,
        )
        self.register_outputs({})
