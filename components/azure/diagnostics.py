"""Diagnostic settings: a resource's logs and metrics into the site's Log Analytics workspace."""

from __future__ import annotations

import pulumi
from pulumi_azure_native import monitor


def send_to_workspace(
    name: str, resource_id: pulumi.Input[str], workspace_id: pulumi.Input[str], opts: pulumi.ResourceOptions
) -> monitor.DiagnosticSetting:
    return monitor.DiagnosticSetting(
        name,
        name="to-site-workspace",
        resource_uri=resource_id,
        workspace_id=workspace_id,
        logs=[monitor.DiagnosticsLogSettingsArgs(category_group="allLogs", enabled=True)],
        metrics=[monitor.DiagnosticsMetricSettingsArgs(category="AllMetrics", enabled=True)],
        opts=opts,
    )
