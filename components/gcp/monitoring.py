"""Cloud Monitoring alert policies: the metric thresholds every alarm of the GCP site shares.

Policies notify the site's notification channels (components.gcp.alerting.channel_list).
"""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_gcp as gcp

from components.gcp.alerting import channel_list
from components.gcp.labels import labels

ALIGNMENT_PERIOD = "60s"
SUSTAINED_SECONDS = 300
"""Seconds a condition must hold before it alerts."""


def threshold_alert(
    name: str,
    display_name: str,
    metric_filter: pulumi.Input[str],
    comparison: str,
    threshold: float,
    duration_seconds: int,
    channels: pulumi.Input[str],
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
    aligner: str = "ALIGN_MAX",
    documentation: str = "",
) -> gcp.monitoring.AlertPolicy:
    return gcp.monitoring.AlertPolicy(
        name,
        display_name=display_name,
        combiner="OR",
        conditions=[
            gcp.monitoring.AlertPolicyConditionArgs(
                display_name=display_name,
                condition_threshold=gcp.monitoring.AlertPolicyConditionConditionThresholdArgs(
                    filter=metric_filter,
                    comparison=comparison,
                    threshold_value=threshold,
                    duration=f"{duration_seconds}s",
                    aggregations=[
                        gcp.monitoring.AlertPolicyConditionConditionThresholdAggregationArgs(
                            alignment_period=ALIGNMENT_PERIOD, per_series_aligner=aligner
                        )
                    ],
                ),
            )
        ],
        documentation=(
            gcp.monitoring.AlertPolicyDocumentationArgs(content=documentation, mime_type="text/markdown")
            if documentation
            else None
        ),
        notification_channels=channel_list(channels),
        user_labels=labels(tags),
        opts=opts,
    )
