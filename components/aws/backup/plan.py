"""A service's AWS Backup plan in prod: scheduled backups into the prod vault, each copied to the
locked dr vault with an explicit lifecycle, plus continuous backup (PITR) where the plan asks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

import pulumi
import pulumi_aws as aws

from clouds.aws import PITR_MAX_RETENTION, cron_for
from components.aws.backup.selection import selections
from components.base import Component
from vocabulary.plans import BackupPlan

START_WINDOW_MINUTES = 60
OFFSITE_TAG = "dr-copy"
"""Names where a plan without copy actions keeps its offsite copy (policy/rules.py reads it)."""


@dataclass(frozen=True)
class ServiceBackupProps:
    service: str
    plan: BackupPlan
    vault_name: pulumi.Input[str]
    copy_target_arn: pulumi.Input[str] | None
    """The dr vault copies go to; None when the recovery site is on another cloud (`offsite`)."""
    role_arn: pulumi.Input[str]
    resource_arns: Sequence[pulumi.Input[str]]
    """Every data store of the service in this site."""
    continuous_arns: Sequence[pulumi.Input[str]]
    """The stores whose type supports continuous backup (buckets, RDS and Aurora)."""
    volumes: bool
    """The service declares VM volumes: select EBS volumes by the `service` tag."""
    tags: Mapping[str, str]
    offsite: str | None = None
    """Where the offsite copy is kept instead of a copy action (`cross-cloud:<cloud>`), tagged on
    the plan as `dr-copy` so the policy pack's backup-coverage rule reads it."""


def _days(value: timedelta) -> int:
    return max(1, value.days)


class ServiceBackup(Component):
    def __init__(self, name: str, props: ServiceBackupProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("backup", name, opts)
        plan = props.plan
        schedule = cron_for(plan.frequency)
        if schedule is None:  # pragma: no cover - config rejects it (services.schedules)
            raise ValueError(f"no cron for backup frequency {plan.frequency}")
        # Copies must carry an explicit lifecycle, else their retention is "forever"
        # (dr-reference, terraform-provider-aws #37862); the dr vault lock bounds it.
        copies = (
            [
                aws.backup.PlanRuleCopyActionArgs(
                    destination_vault_arn=props.copy_target_arn,
                    lifecycle=aws.backup.PlanRuleCopyActionLifecycleArgs(
                        delete_after=_days(plan.copy_retention)
                    ),
                )
            ]
            if props.copy_target_arn is not None
            else None
        )
        tags = dict(props.tags)
        plan_tags = {**tags, **({OFFSITE_TAG: props.offsite} if props.offsite else {})}
        self.plan = aws.backup.Plan(
            f"{name}-plan",
            rules=[
                aws.backup.PlanRuleArgs(
                    rule_name="scheduled",
                    target_vault_name=props.vault_name,
                    schedule=schedule,
                    start_window=START_WINDOW_MINUTES,
                    lifecycle=aws.backup.PlanRuleLifecycleArgs(delete_after=_days(plan.retention)),
                    copy_actions=copies,
                    recovery_point_tags=tags,
                )
            ],
            tags={**plan_tags, "Name": f"{name}-plan"},
            opts=self.child(),
        )
        self.selections = selections(
            name,
            props.service,
            self.plan.id,
            props.role_arn,
            props.resource_arns,
            props.volumes,
            self.child(),
        )
        # Continuous backup (PITR) only for stores whose type supports it (AWS Backup: RDS,
        # Aurora, S3), in a plan of its own: a plan's selection applies to all of its rules, and
        # other types would get a second set of snapshots instead.
        self.continuous: aws.backup.Plan | None = None
        if plan.continuous and props.continuous_arns:
            self.continuous = aws.backup.Plan(
                f"{name}-pitr",
                rules=[
                    aws.backup.PlanRuleArgs(
                        rule_name="continuous",
                        target_vault_name=props.vault_name,
                        schedule=schedule,
                        start_window=START_WINDOW_MINUTES,
                        enable_continuous_backup=True,
                        lifecycle=aws.backup.PlanRuleLifecycleArgs(
                            delete_after=min(PITR_MAX_RETENTION.value.days, _days(plan.retention))
                        ),
                        recovery_point_tags=tags,
                    )
                ],
                tags={**tags, "Name": f"{name}-pitr"},
                opts=self.child(),
            )
            self.selections += selections(
                f"{name}-pitr",
                props.service,
                self.continuous.id,
                props.role_arn,
                props.continuous_arns,
                False,
                self.child(),
                label=f"{props.service}-pitr",
            )
        self.plan_id: pulumi.Output[str] = self.plan.id
        self.continuous_plan_id: pulumi.Output[str] | None = self.continuous.id if self.continuous else None
        self.register_outputs({"planId": self.plan_id})
