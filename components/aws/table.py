"""Key-value tables: DynamoDB, as a global table in `multi-region-table` mode.

prod declares the table; dr adds its own replica with `aws.dynamodb.TableReplica`. Why not
`replicas=[...]` on prod's table: that would make prod name dr's key, which exists only after dr is
deployed (deploy order prod -> dr), and every replica setting would be owned by the wrong stack.
With `TableReplica` each site owns its copy (its key, PITR, tags); prod's table ignores changes to
`replicas` so the replica dr adds never shows as drift (pulumi-aws TableReplica docs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pulumi
import pulumi_aws as aws

from clouds.base import Mode
from components.aws.data_alarms import DYNAMODB_LATENCY, AlarmTarget, lag_alarm
from components.base import Component
from config.models import KeyValueTable
from vocabulary import outputs

# DynamoDB PITR recovery period: 1-35 days.
MAX_PITR_DAYS = 35


@dataclass(frozen=True)
class TableProps:
    service: str
    store: KeyValueTable
    mode: Mode
    rpo: timedelta
    key_arn: pulumi.Input[str]
    pitr_retention: timedelta
    alert_topic_arn: pulumi.Input[str]
    peer_region: str
    tags: Mapping[str, str]
    global_table_arn: pulumi.Input[str] | None = None
    """None in prod; in dr: prod's table, which this site's replica joins."""
    protect: bool = True
    """Deletion protection and Pulumi `protect`, on the table and on dr's replica alike."""


class Table(Component):
    def __init__(self, name: str, props: TableProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("table", name, opts)
        store = props.store
        self.table_name = f"{props.service}-{store.name}"
        tags = {**props.tags, "Name": self.table_name}
        self.alarms: list[aws.cloudwatch.MetricAlarm] = []
        self.table: aws.dynamodb.Table | None = None
        self.replica: aws.dynamodb.TableReplica | None = None
        self.arn: pulumi.Output[str] | None = None
        if props.global_table_arn is None:
            keys = [store.partition_key, *([store.sort_key] if store.sort_key else [])]
            self.table = aws.dynamodb.Table(
                f"{name}-table",
                name=self.table_name,
                billing_mode="PAY_PER_REQUEST",
                hash_key=store.partition_key,
                range_key=store.sort_key,
                attributes=[aws.dynamodb.TableAttributeArgs(name=k, type="S") for k in keys],
                # Global tables replicate through streams; new and old images are required.
                stream_enabled=True,
                stream_view_type="NEW_AND_OLD_IMAGES",
                server_side_encryption=aws.dynamodb.TableServerSideEncryptionArgs(
                    enabled=True, kms_key_arn=props.key_arn
                ),
                point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(
                    enabled=True,
                    recovery_period_in_days=max(1, min(MAX_PITR_DAYS, props.pitr_retention.days)),
                ),
                deletion_protection_enabled=props.protect,
                tags=tags,
                opts=self.child(ignore_changes=["replicas"], protect=props.protect),
            )
            self.arn = self.table.arn
            if props.mode == "multi-region-table":
                # ReplicationLatency is reported by the sending region, per ReceivingRegion.
                self.alarms.append(
                    lag_alarm(
                        f"{name}-replication-latency",
                        AlarmTarget(props.service, store.name, props.alert_topic_arn, props.tags),
                        DYNAMODB_LATENCY,
                        {"TableName": self.table_name, "ReceivingRegion": props.peer_region},
                        props.rpo,
                        self.child(depends_on=[self.table]),
                    )
                )
        elif props.mode == "multi-region-table":
            self.replica = aws.dynamodb.TableReplica(
                f"{name}-replica",
                global_table_arn=props.global_table_arn,
                kms_key_arn=props.key_arn,
                point_in_time_recovery=True,
                deletion_protection_enabled=props.protect,
                tags=tags,
                opts=self.child(protect=props.protect),
            )
            self.arn = self.replica.arn
        self.register_outputs({"arn": self.arn})

    def outputs(self) -> dict[str, Any]:
        out: dict[str, Any] = {outputs.TABLE_NAME: self.table_name}
        if self.arn is not None:
            out[outputs.STORE_ARN] = self.arn
        return out
