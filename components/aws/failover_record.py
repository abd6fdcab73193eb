"""Health-checked DNS failover for one endpoint: PRIMARY alias -> prod LB, SECONDARY -> dr LB.

Route 53 moves traffic by itself when a health check fails (data plane); nothing calls the
Route 53 control plane (us-east-1) during a failover. With recovery control on, each record's
health check is the AND of the endpoint check and the site's ARC routing control.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from components.aws.health_check import endpoint_health_check, health_check_alarm
from components.aws.recovery_control import routing_controls
from components.base import Component
from components.failover import FailoverProps, PublicTarget, SiteTarget


class FailoverRecords(Component):
    def __init__(self, name: str, props: FailoverProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("failover_record", name, opts)
        sites: list[tuple[str, SiteTarget]] = [("PRIMARY", props.primary), ("SECONDARY", props.secondary)]
        self.health_checks: dict[str, aws.route53.HealthCheck] = {}
        for _, target in sites:
            by_address = target.form == "address"
            check = endpoint_health_check(
                f"{name}-{target.label}",
                props.hostname if by_address else target.dns_name,
                props.health_path,
                props.interval_seconds,
                props.failure_threshold,
                props.tags,
                self.child(),
                ip_address=target.dns_name if by_address else None,
            )
            self.health_checks[target.label] = check
            health_check_alarm(
                f"{name}-{target.label}-unhealthy",
                check.id,
                props.alarm_topic_id,
                f"{props.hostname} is failing its health check at the {target.label} load balancer "
                f"({props.health_path}); Route 53 fails over after {props.failure_threshold} "
                f"checks every {props.interval_seconds} s",
                props.tags,
                self.child(),
            )
        record_checks = {label: check.id for label, check in self.health_checks.items()}
        self.routing_controls: dict[str, aws.route53recoverycontrol.RoutingControl] = {}
        if props.recovery_control and props.recovery_cluster is not None:
            controls = routing_controls(
                name,
                props.recovery_cluster.cluster_id,
                props.recovery_cluster.control_panel_id,
                [t.label for _, t in sites],
                props.tags,
                self,
            )
            for label, (control, control_check) in controls.items():
                self.routing_controls[label] = control
                both = aws.route53.HealthCheck(
                    f"{name}-{label}-combined",
                    type="CALCULATED",
                    child_healthchecks=[self.health_checks[label].id, control_check.id],
                    child_health_threshold=2,  # healthy only when serving AND switched on
                    tags={**props.tags, "Name": f"{name}-{label}-combined"},
                    opts=self.child(),
                )
                record_checks[label] = both.id
                health_check_alarm(
                    f"{name}-{label}-routed-out",
                    both.id,
                    props.alarm_topic_id,
                    f"{props.hostname}: the {label} record is out of DNS (its endpoint check failed "
                    "or its ARC routing control is off)",
                    props.tags,
                    self.child(),
                )
        # Both records of a failover pair have one type (Route 53 guide, "Values specific for
        # failover (alias) records": the same type for the primary and the secondary), and a
        # CNAME shares its name with no other record: with a target reached by name (an Azure
        # gateway) both are CNAMEs, prod's to its load balancer's name.
        cname = any(t.form == "name" for _, t in sites)
        self.records = [
            aws.route53.Record(
                f"{name}-{role.lower()}",
                zone_id=props.zone_id,
                name=props.hostname,
                # Changing set_identifier replaces the record (dr-reference): one constant per site.
                set_identifier=target.label,
                failover_routing_policies=[aws.route53.RecordFailoverRoutingPolicyArgs(type=role)],
                health_check_id=record_checks[target.label],
                **_answer(target, cname, props.ttl_seconds),
                opts=self.child(),
            )
            for role, target in sites
        ]
        self.health_check_ids: dict[str, pulumi.Output[str]] = {
            label: check.id for label, check in self.health_checks.items()
        }
        self.routing_control_ids: dict[str, pulumi.Output[str]] = {
            label: control.arn for label, control in self.routing_controls.items()
        }
        self.public_target: PublicTarget | None = None  # the failover records are the public name
        self.register_outputs({"healthCheckIds": self.health_check_ids})


def _answer(target: SiteTarget, cname: bool, ttl: int) -> dict[str, Any]:
    """How one failover record answers with its site's load balancer."""
    if cname:
        return {"type": "CNAME", "ttl": ttl, "records": [target.dns_name]}
    if target.form == "address":
        return {"type": "A", "ttl": ttl, "records": [target.dns_name]}
    # Alias records take the load balancer's TTL (60 s; dr-reference marks it unsure).
    return {
        "type": "A",
        "aliases": [
            aws.route53.RecordAliasArgs(
                name=target.dns_name, zone_id=target.zone_id, evaluate_target_health=True
            )
        ],
    }
