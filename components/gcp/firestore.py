"""A key-value store: a Firestore (Native mode) database in a multi-region location that holds
both sites' regions, with point-in-time recovery, delete protection, CMEK and its own backups.

One database serves both sites: prod creates it, dr reads its name from prod's outputs. Its
location is fixed at creation and decided at the config boundary (config.gcp: the Firestore
multi-region whose read-write regions hold both sites' regions, inside the residency). The
store's `partitionKey`/`sortKey` are DynamoDB key schema: Firestore documents need none.

Firestore is not in Backup and DR: its own backup schedule (daily or weekly, kept at most 14
weeks) is the scheduled backup the posture counts for corruption; PITR (7 days) serves
accidental deletion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from config.models import KeyValueTable


@dataclass(frozen=True)
class FirestoreProps:
    store: KeyValueTable
    database_id: str
    """4-63 characters, lowercase letters, digits and '-', starting with a letter."""
    location: str
    """A Firestore multi-region (nam5, nam7, eur3)."""
    key_id: pulumi.Input[str]
    """A key in the Cloud KMS multi-region matching the location (clouds.gcp)."""
    backup_every: timedelta
    backup_retention: timedelta
    tags: Mapping[str, str]


class FirestoreDatabase(Component):
    """Firestore databases and backup schedules take no labels (the database id names them)."""

    def __init__(self, name: str, props: FirestoreProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("firestore", name, opts)
        self.database = gcp.firestore.Database(
            name,
            name=props.database_id,
            location_id=props.location,
            type="FIRESTORE_NATIVE",
            point_in_time_recovery_enablement="POINT_IN_TIME_RECOVERY_ENABLED",
            delete_protection_state="DELETE_PROTECTION_ENABLED",
            deletion_policy="ABANDON",  # `pulumi destroy` never deletes the data
            cmek_config=gcp.firestore.DatabaseCmekConfigArgs(kms_key_name=props.key_id),
            opts=self.child(),
        )
        weekly = props.backup_every >= timedelta(days=7)
        self.backups = gcp.firestore.BackupSchedule(
            f"{name}-backups",
            database=self.database.name,
            retention=f"{int(props.backup_retention.total_seconds())}s",
            daily_recurrence=None if weekly else gcp.firestore.BackupScheduleDailyRecurrenceArgs(),
            weekly_recurrence=gcp.firestore.BackupScheduleWeeklyRecurrenceArgs(day="SUNDAY")
            if weekly
            else None,
            opts=self.child(),
        )
        self.name: pulumi.Output[str] = self.database.name
        self.id: pulumi.Output[str] = self.database.id
        self.register_outputs({"database": self.name})
