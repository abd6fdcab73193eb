"""A worker's own alert policies in one site (no uptime check or load balancer watches it): fewer
instances running than its DR strategy keeps (or none reporting at all), and CPU above 90 % for
15 minutes. Every policy notifies the site's notification channels.

Metrics (Cloud Monitoring "Google Cloud metrics", checked 2026; monitored resources from Cloud
Run "Monitoring": `cloud_run_worker_pool`, labelled `worker_pool_name` and `location`):
- worker pool: `run.googleapis.com/container/instance_count` (per revision and state, summed) and
  `run.googleapis.com/container/cpu/utilizations` (a distribution of the instances' CPU, 0-1; its
  median is the typical instance);
- managed instance group: `compute.googleapis.com/instance_group/size` (`instance_group`, as the
  endpoint capacity alert reads) and `compute.googleapis.com/instance/cpu/utilization` of the
  group's instances (`gce_instance`, 0-1), averaged over the group. A MIG names its instances
  `<base instance name>-<4 characters>`; the filter matches exactly those ("Monitoring filters":
  `monitoring.regex.full_match`), so prod's and dr's groups, in one project, stay apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.failover import WorkerMonitoringProps
from components.gcp.alerting import channel_list
from components.gcp.labels import labels
from components.gcp.monitoring import ALIGNMENT_PERIOD, SUSTAINED_SECONDS
from components.gcp.vms import VmService
from components.gcp.worker_pool import CloudRunWorkerPool

SATURATION = 0.9
"""CPU (as a fraction) a worker may hold for `SATURATION_SECONDS` before it pages: it has no more
room (a worker pool runs a fixed count, a group autoscales at 60 %); our choice, as on AWS."""
SATURATION_SECONDS = 900
POOL = "cloud_run_worker_pool"
POOL_INSTANCES = "run.googleapis.com/container/instance_count"
POOL_CPU = "run.googleapis.com/container/cpu/utilizations"
GROUP_SIZE = "compute.googleapis.com/instance_group/size"
INSTANCE_CPU = "compute.googleapis.com/instance/cpu/utilization"
MIG_SUFFIX = "-[a-z0-9]{4}"


@dataclass(frozen=True)
class Aggregation:
    """How a condition reduces its time series to the one it compares."""

    aligner: str
    reducer: str | None = None
    group_by: tuple[str, ...] = ()

    def threshold(self) -> gcp.monitoring.AlertPolicyConditionConditionThresholdAggregationArgs:
        return gcp.monitoring.AlertPolicyConditionConditionThresholdAggregationArgs(
            alignment_period=ALIGNMENT_PERIOD,
            per_series_aligner=self.aligner,
            cross_series_reducer=self.reducer,
            group_by_fields=list(self.group_by) or None,
        )

    def absent(self) -> gcp.monitoring.AlertPolicyConditionConditionAbsentAggregationArgs:
        return gcp.monitoring.AlertPolicyConditionConditionAbsentAggregationArgs(
            alignment_period=ALIGNMENT_PERIOD,
            per_series_aligner=self.aligner,
            cross_series_reducer=self.reducer,
            group_by_fields=list(self.group_by) or None,
        )


class WorkerAlarms(Component):
    def __init__(self, name: str, props: WorkerMonitoringProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("monitoring", name, opts)
        compute = props.compute
        if isinstance(compute, CloudRunWorkerPool):
            pool = compute.pool.name.apply(
                lambda n: f'resource.type = "{POOL}" AND resource.labels.worker_pool_name = "{n}"'
            )
            running = pool.apply(lambda f: f'{f} AND metric.type = "{POOL_INSTANCES}"')
            running_by = Aggregation("ALIGN_MIN", "REDUCE_SUM", ("resource.label.worker_pool_name",))
            cpu = pool.apply(lambda f: f'{f} AND metric.type = "{POOL_CPU}"')
            cpu_by = Aggregation("ALIGN_PERCENTILE_50", "REDUCE_MEAN", ("resource.label.worker_pool_name",))
        elif isinstance(compute, VmService):
            running = compute.group.name.apply(
                lambda n: (
                    f'resource.type = "instance_group" AND resource.labels.instance_group_name = "{n}" '
                    f'AND metric.type = "{GROUP_SIZE}"'
                )
            )
            running_by = Aggregation("ALIGN_MIN")
            instances = f"{compute.base_instance_name}{MIG_SUFFIX}"
            cpu = pulumi.Output.from_input(
                f'resource.type = "gce_instance" AND metric.type = "{INSTANCE_CPU}" AND '
                f'metric.labels.instance_name = monitoring.regex.full_match("{instances}")'
            )
            cpu_by = Aggregation("ALIGN_MEAN", "REDUCE_MEAN")
        else:
            raise TypeError("a GCP worker's alarms need its CloudRunWorkerPool or VmService (props.compute)")
        channels = channel_list(props.alert_topic_id)
        tags = labels(props.tags)
        self.capacity: gcp.monitoring.AlertPolicy | None = None
        if props.minimum_running > 0:
            title = f"{props.name}: fewer than {props.minimum_running} running"
            self.capacity = gcp.monitoring.AlertPolicy(
                f"{name}-capacity",
                display_name=title,
                combiner="OR",
                conditions=[
                    gcp.monitoring.AlertPolicyConditionArgs(
                        display_name=f"{title}, the minimum its DR strategy keeps consuming",
                        condition_threshold=gcp.monitoring.AlertPolicyConditionConditionThresholdArgs(
                            filter=running,
                            comparison="COMPARISON_LT",
                            threshold_value=props.minimum_running,
                            duration=f"{SUSTAINED_SECONDS}s",
                            aggregations=[running_by.threshold()],
                        ),
                    ),
                    # Nothing running reports nothing: a threshold alone would stay quiet.
                    gcp.monitoring.AlertPolicyConditionArgs(
                        display_name=f"{props.name}: no instance reports",
                        condition_absent=gcp.monitoring.AlertPolicyConditionConditionAbsentArgs(
                            filter=running,
                            duration=f"{SUSTAINED_SECONDS}s",
                            aggregations=[running_by.absent()],
                        ),
                    ),
                ],
                notification_channels=channels,
                user_labels=tags,
                opts=self.child(),
            )
        title = f"{props.name}: CPU above {SATURATION:.0%} for {SATURATION_SECONDS // 60} minutes"
        self.saturated = gcp.monitoring.AlertPolicy(
            f"{name}-saturated",
            display_name=title,
            combiner="OR",
            conditions=[
                gcp.monitoring.AlertPolicyConditionArgs(
                    display_name=f"{title}: the worker has no room left and falls behind",
                    condition_threshold=gcp.monitoring.AlertPolicyConditionConditionThresholdArgs(
                        filter=cpu,
                        comparison="COMPARISON_GT",
                        threshold_value=SATURATION,
                        duration=f"{SATURATION_SECONDS}s",
                        aggregations=[cpu_by.threshold()],
                    ),
                )
            ],
            notification_channels=channels,
            user_labels=tags,
            opts=self.child(),
        )
        self.register_outputs({})
