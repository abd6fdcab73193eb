"""A site's Azure portal dashboard: per service, its gateway's health, its failover profile and
where its backups are (a Markdown part per service; metrics are one click away in the portal)."""

from __future__ import annotations

import json

import pulumi
from pulumi_azure_native import portal

from components.azure.data import foundation_of
from components.base import Component
from components.failover import DashboardProps

MARKDOWN = "Extension/HubsExtension/PartType/MarkdownPart"


class SiteDashboard(Component):
    def __init__(self, name: str, props: DashboardProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("dashboard", name, opts)
        f = foundation_of(props)
        names = sorted(props.services)
        gateways = pulumi.Output.all(*(props.services[n] for n in names))
        checks = pulumi.Output.all(**dict(props.health_check_ids))

        def lenses(dims: list[dict[str, str]], health: dict[str, str]) -> list[dict[str, object]]:
            parts: list[dict[str, object]] = []
            for i, (service, d) in enumerate(zip(names, dims, strict=True)):
                lines = [f"## {service}", f"- gateway: `{d.get('ApplicationGateway', '')}`"]
                lines += [
                    f"- failover {k}: `{v}`" for k, v in sorted(health.items()) if k.startswith(f"{service}/")
                ]
                parts.append(
                    {
                        "position": {"x": (i % 3) * 6, "y": (i // 3) * 4, "colSpan": 6, "rowSpan": 4},
                        "metadata": {
                            "type": MARKDOWN,
                            "inputs": [],
                            "settings": {"content": {"settings": {"content": "\n".join(lines)}}},
                        },
                    }
                )
            return [{"order": 0, "parts": parts}]

        self.dashboard = portal.Dashboard(
            name,
            dashboard_name=props.name,
            resource_group_name=f.site.resource_group,
            location=f.site.location,
            properties=pulumi.Output.all(gateways, checks).apply(
                lambda a: portal.DashboardPropertiesWithProvisioningStateArgs(
                    lenses=lenses(list(a[0]), dict(a[1])),  # type: ignore[arg-type]
                    metadata={
                        "model": {"timeRange": {"value": {"relative": {"duration": 24, "timeUnit": 1}}}}
                    },
                )
            ),
            tags={**f.tags, "hidden-title": props.name},
            opts=self.child(),
        )
        self.name: pulumi.Output[str] = self.dashboard.name
        self.register_outputs({"name": self.name, "json": json.dumps({"services": names})})
