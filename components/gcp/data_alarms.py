"""Alerts on a service's protected data: Cloud SQL replica lag against the store's RPO (dr),
the primary instance being down (prod), and turbo replication falling behind its 15 min
target (prod's dual-region buckets)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import pulumi

from clouds.gcp import GCS_TURBO_REPLICATION
from components.gcp.monitoring import SUSTAINED_SECONDS, threshold_alert

# Cloud SQL metrics (Cloud Monitoring "Google Cloud metrics", cloudsql): replication/replica_lag
# in seconds on the replica, database/up (1 while serving) on every instance.
REPLICA_LAG = "cloudsql.googleapis.com/database/replication/replica_lag"
INSTANCE_UP = "cloudsql.googleapis.com/database/up"
# Cloud Storage "Turbo replication" monitoring: replication/turbo_max_delay, the age in seconds
# of the oldest object not yet replicated.
TURBO_MAX_DELAY = "storage.googleapis.com/replication/turbo_max_delay"
SUSTAINED = SUSTAINED_SECONDS
"""Seconds a condition must hold before it alerts (one failover step's worth of noise)."""


def replica_lag_alert(
    name: str,
    project: str,
    instance: pulumi.Input[str],
    rpo: timedelta,
    channels: pulumi.Input[str],
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> None:
    seconds = max(1, int(rpo.total_seconds()))
    threshold_alert(
        f"{name}-replica-lag",
        f"{name}: replica lag above the store's RPO ({seconds} s)",
        pulumi.Output.from_input(instance).apply(
            lambda i: (
                f'resource.type = "cloudsql_database" AND resource.labels.database_id = "{project}:{i}" '
                f'AND metric.type = "{REPLICA_LAG}"'
            )
        ),
        "COMPARISON_GT",
        seconds,
        SUSTAINED,
        channels,
        tags,
        opts,
        documentation="A region loss now would lose more than the store's RPO; see the replication status.",
    )


def instance_down_alert(
    name: str,
    project: str,
    instance: pulumi.Input[str],
    channels: pulumi.Input[str],
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> None:
    threshold_alert(
        f"{name}-down",
        f"{name}: Cloud SQL instance not serving",
        pulumi.Output.from_input(instance).apply(
            lambda i: (
                f'resource.type = "cloudsql_database" AND resource.labels.database_id = "{project}:{i}" '
                f'AND metric.type = "{INSTANCE_UP}"'
            )
        ),
        "COMPARISON_LT",
        1,
        SUSTAINED,
        channels,
        tags,
        opts,
        aligner="ALIGN_MIN",
    )


def turbo_replication_alert(
    name: str,
    bucket: pulumi.Input[str],
    channels: pulumi.Input[str],
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> None:
    target = int(GCS_TURBO_REPLICATION.value.total_seconds())
    threshold_alert(
        f"{name}-turbo-delay",
        f"{name}: turbo replication behind its {target // 60} min target",
        pulumi.Output.from_input(bucket).apply(
            lambda b: (
                f'resource.type = "gcs_bucket" AND resource.labels.bucket_name = "{b}" '
                f'AND metric.type = "{TURBO_MAX_DELAY}"'
            )
        ),
        "COMPARISON_GT",
        target,
        SUSTAINED,
        channels,
        tags,
        opts,
    )
