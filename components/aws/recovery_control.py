"""Route 53 Application Recovery Controller: operators fail over through ARC's data plane.

One cluster and control panel per dr stack; per service a routing control for each site, a safety
rule that keeps at least one of them on, and a RECOVERY_CONTROL health check per routing control
that the failover records combine with the endpoint health check. ARC's configuration API lives
in us-west-2; the config boundary keeps the dr stack there when this is on.
"""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

from components.base import Component

SAFETY_WAIT_MS = 5000
"""How long ARC waits before evaluating the rule after a change (our choice)."""


class RecoveryControlCluster(Component):
    def __init__(self, name: str, tags: Mapping[str, str], opts: pulumi.ResourceOptions | None = None):
        super().__init__("recovery_control", name, opts)
        self.cluster = aws.route53recoverycontrol.Cluster(name, name=name, tags=dict(tags), opts=self.child())
        self.control_panel = aws.route53recoverycontrol.ControlPanel(
            name, cluster_arn=self.cluster.arn, name=name, tags=dict(tags), opts=self.child()
        )
        self.cluster_id: pulumi.Output[str] = self.cluster.arn
        self.control_panel_id: pulumi.Output[str] = self.control_panel.arn
        self.register_outputs({"clusterArn": self.cluster_id, "controlPanelArn": self.control_panel_id})


def routing_controls(
    name: str,
    cluster_id: pulumi.Input[str],
    control_panel_id: pulumi.Input[str],
    sites: list[str],
    tags: Mapping[str, str],
    parent: pulumi.Resource,
) -> dict[str, tuple[aws.route53recoverycontrol.RoutingControl, aws.route53.HealthCheck]]:
    """Per site: the routing control and the health check that follows its on/off state."""
    opts = pulumi.ResourceOptions(parent=parent)
    out = {}
    for site in sites:
        control = aws.route53recoverycontrol.RoutingControl(
            f"{name}-{site}",
            name=f"{name}-{site}",
            cluster_arn=cluster_id,
            control_panel_arn=control_panel_id,
            opts=opts,
        )
        check = aws.route53.HealthCheck(
            f"{name}-{site}-control",
            type="RECOVERY_CONTROL",
            routing_control_arn=control.arn,
            tags={**tags, "Name": f"{name}-{site}-control"},
            opts=opts,
        )
        out[site] = (control, check)
    aws.route53recoverycontrol.SafetyRule(
        f"{name}-one-site-on",
        name=f"{name}-one-site-on",
        control_panel_arn=control_panel_id,
        asserted_controls=[control.arn for control, _ in out.values()],
        rule_config=aws.route53recoverycontrol.SafetyRuleRuleConfigArgs(
            type="ATLEAST", threshold=1, inverted=False
        ),
        wait_period_ms=SAFETY_WAIT_MS,
        tags=dict(tags),
        opts=opts,
    )
    return out
