"""Backup alerts to the site's alert topic: vault notifications and failed-job events."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

# Vault events worth a page or a record (AWS Backup API, PutBackupVaultNotifications; the
# *_COMPLETED events carry the final state, including failures).
VAULT_EVENTS = [
    "BACKUP_JOB_COMPLETED",
    "COPY_JOB_FAILED",
    "RESTORE_JOB_COMPLETED",
    "S3_BACKUP_OBJECT_FAILED",
    "S3_RESTORE_OBJECT_FAILED",
]
FAILED_STATES = ["FAILED", "ABORTED", "EXPIRED"]

FAILED_JOBS_PATTERN = json.dumps(
    {
        "source": ["aws.backup"],
        "detail-type": ["Backup Job State Change", "Copy Job State Change", "Restore Job State Change"],
        "detail": {"state": FAILED_STATES},
    }
)


def backup_alerts(
    name: str,
    vault_name: pulumi.Input[str],
    topic_arn: pulumi.Input[str],
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions,
) -> tuple[aws.backup.VaultNotifications, aws.cloudwatch.EventRule, aws.cloudwatch.EventTarget]:
    notifications = aws.backup.VaultNotifications(
        f"{name}-notifications",
        backup_vault_name=vault_name,
        sns_topic_arn=topic_arn,
        backup_vault_events=VAULT_EVENTS,
        opts=opts,
    )
    rule = aws.cloudwatch.EventRule(
        f"{name}-failed-jobs",
        description="AWS Backup backup, copy or restore job failed, aborted or expired",
        event_pattern=FAILED_JOBS_PATTERN,
        tags={**tags, "Name": f"{name}-failed-jobs"},
        opts=opts,
    )
    target = aws.cloudwatch.EventTarget(f"{name}-failed-jobs", rule=rule.name, arn=topic_arn, opts=opts)
    return notifications, rule, target
