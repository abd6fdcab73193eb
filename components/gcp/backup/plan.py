"""A service's Backup and DR backup plan for its Cloud SQL instances, and the associations that
put each instance under it (Cloud SQL "enhanced backups").

The plan's schedule comes from the service's backup frequency (clouds.gcp.schedule_for), its
retention from the service's backup retention, and its log retention (point-in-time recovery
from the vault) from the same retention capped by Cloud SQL's transaction-log limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from clouds.gcp import BACKUP_WINDOW_MIN_HOURS, PITR_MAX_RETENTION_ASSUMED, schedule_for
from components.base import Component
from vocabulary.plans import BackupPlan

CLOUD_SQL = "sqladmin.googleapis.com/Instance"
# Backup windows span at least 6 h (Backup and DR "Backup plans"); 00:00-24:00 UTC lets hourly
# schedules repeat evenly through the day.
WINDOW = (0, 24)
assert WINDOW[1] - WINDOW[0] >= BACKUP_WINDOW_MIN_HOURS


@dataclass(frozen=True)
class Protected:
    name: str
    """The association's id part (the store name)."""
    resource: pulumi.Input[str]
    """The Cloud SQL instance, `projects/<p>/instances/<name>`."""


@dataclass(frozen=True)
class ServiceBackupProps:
    plan_id: str
    """Backup plan id: lowercase letters, digits and '-', starting with a letter, <= 63."""
    region: str
    vault_id: pulumi.Input[str]
    plan: BackupPlan
    protected: Sequence[Protected]
    """Empty in dr: replicas cannot be backed up; the plan waits for a promoted instance."""
    tags: Mapping[str, str]


class ServiceBackup(Component):
    """Backup plans and their associations take no labels (the plan names the service)."""

    def __init__(self, name: str, props: ServiceBackupProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("backup", name, opts)
        schedule = schedule_for(props.plan.frequency)
        if schedule is None:  # services.schedules refuses such a frequency at the boundary
            raise ValueError(f"Backup and DR cannot schedule every {props.plan.frequency}")
        retention_days = max(1, props.plan.retention.days)
        log_days = min(retention_days, PITR_MAX_RETENTION_ASSUMED.value.days)
        self.plan = gcp.backupdisasterrecovery.BackupPlan(
            f"{name}-plan",
            backup_plan_id=props.plan_id,
            location=props.region,
            resource_type=CLOUD_SQL,
            backup_vault=props.vault_id,
            description=f"{props.plan_id}: every {schedule}, kept {retention_days} days",
            backup_rules=[
                gcp.backupdisasterrecovery.BackupPlanBackupRuleArgs(
                    rule_id="scheduled",
                    backup_retention_days=retention_days,
                    standard_schedule=gcp.backupdisasterrecovery.BackupPlanBackupRuleStandardScheduleArgs(
                        recurrence_type=schedule.recurrence,
                        hourly_frequency=schedule.hourly_frequency,
                        days_of_weeks=list(schedule.days_of_week) or None,
                        days_of_months=list(schedule.days_of_month) or None,
                        time_zone="UTC",
                        backup_window=gcp.backupdisasterrecovery.BackupPlanBackupRuleStandardScheduleBackupWindowArgs(
                            start_hour_of_day=WINDOW[0], end_hour_of_day=WINDOW[1]
                        ),
                    ),
                )
            ],
            log_retention_days=log_days,
            opts=self.child(),
        )
        self.associations = [
            gcp.backupdisasterrecovery.BackupPlanAssociation(
                f"{name}-{p.name}",
                backup_plan_association_id=f"{props.plan_id}-{p.name}",
                location=props.region,
                resource_type=CLOUD_SQL,
                resource=p.resource,
                backup_plan=self.plan.name,
                opts=self.child(),
            )
            for p in props.protected
        ]
        self.plan_id: pulumi.Output[str] = self.plan.name
        self.register_outputs({"planId": self.plan_id})
