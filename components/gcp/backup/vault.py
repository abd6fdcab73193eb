"""The site's Backup and DR backup vault, owned by the foundation service.

A backup vault is regional, immutable and indelible: every backup in it is kept at least the
vault's enforced minimum retention, whatever the plan or an administrator asks (dr-reference,
"GCP Backup and DR backup vault"). Both sites get one named deterministically
(`<org>-<env>-prod|dr`, components.data.vault_name).

Backup and DR plans have no cross-region copy, so prod's vault holds prod's backups only. The
copy in dr is the live replica of each store (Cloud SQL DR replica, dual-region bucket,
multi-region Firestore; clouds.gcp). A Cloud SQL replica cannot itself be backed up, so the dr
vault stays empty until a failover: dr's backup plans are declared ready, and the failover
runbook associates each promoted instance with its plan (`associateCommand` in the outputs).
The posture counts the replica for a region loss and prod's vault for corruption and deletion.
"""

from __future__ import annotations

from datetime import timedelta

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.data import SiteBackupProps
from components.gcp.alerting import channel_list
from components.gcp.labels import labels

# Backup and DR job logs (Backup and DR "View backup and restore job logs"): log name
# bdr_backup_restore_jobs, jsonPayload.jobStatus SUCCESSFUL / FAILED / RUNNING / SKIPPED.
FAILED_JOBS_FILTER = 'logName:"bdr_backup_restore_jobs" AND jsonPayload.jobStatus="FAILED"'


def seconds(duration: timedelta) -> str:
    return f"{int(duration.total_seconds())}s"


class GcpSiteBackup(Component):
    def __init__(self, name: str, props: SiteBackupProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("backup", name, opts)
        lock = props.lock
        if props.role == "recovery":
            # AWS's dr site schedules restore tests (AWS Backup restore testing); say what GCP lacks.
            pulumi.log.info(
                "Google Cloud site: not declared: restore testing: Backup and DR has no scheduled "
                "restore tests; test restores from the vaults by hand (the dr vault holds backups "
                "only after a failover)"
            )
        self.compliance = lock.mode == "compliance"
        """Whether WORM retention policies are locked too (S3 Object Lock's compliance mode)."""
        self.vault = gcp.backupdisasterrecovery.BackupVault(
            f"{name}-vault",
            backup_vault_id=props.name,
            location=props.site.region,
            description=f"Immutable backups of the {props.role} site (marketplace-dr)",
            # The backup vault enforces this retention on every backup in it (Vault Lock's
            # minimum on AWS): nobody can delete a backup younger than this.
            backup_minimum_enforced_retention_duration=seconds(lock.min_retention),
            backup_retention_inheritance="INHERIT_VAULT_RETENTION",
            encryption_config=gcp.backupdisasterrecovery.BackupVaultEncryptionConfigArgs(
                kms_key_name=props.key_id
            ),
            access_restriction="WITHIN_ORGANIZATION",
            ignore_inactive_datasources=False,
            ignore_backup_plan_references=False,
            labels=labels(props.tags),
            opts=self.child(),
        )
        self.failed_jobs = gcp.monitoring.AlertPolicy(
            f"{name}-failed-jobs",
            display_name=f"{props.name}: a Backup and DR job failed",
            combiner="OR",
            conditions=[
                gcp.monitoring.AlertPolicyConditionArgs(
                    display_name="backup or restore job FAILED",
                    condition_matched_log=gcp.monitoring.AlertPolicyConditionConditionMatchedLogArgs(
                        filter=FAILED_JOBS_FILTER
                    ),
                )
            ],
            # Log-match conditions must say how often they may notify (Cloud Monitoring
            # "Log-based alerting policies": notificationRateLimit is required).
            alert_strategy=gcp.monitoring.AlertPolicyAlertStrategyArgs(
                notification_rate_limit=gcp.monitoring.AlertPolicyAlertStrategyNotificationRateLimitArgs(
                    period="3600s"
                )
            ),
            notification_channels=channel_list(props.alert_topic_id),
            user_labels=labels(props.tags),
            opts=self.child(),
        )
        self.vault_name: pulumi.Output[str] = self.vault.backup_vault_id
        self.vault_arn: pulumi.Output[str] = self.vault.name
        # No copies: Backup and DR has no cross-region copy (see the module docstring).
        self.copy_target_arn: pulumi.Output[str] = pulumi.Output.from_input("")
        self.role_arn: pulumi.Output[str] = self.vault.service_account
        self.register_outputs({"vault": self.vault_arn})
