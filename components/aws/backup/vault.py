"""The site's AWS Backup pieces, owned by the foundation service: vault, backup role, alerts.

Both sites get a vault named deterministically (`<org>-<env>-prod|dr`). prod's copy actions target
the dr vault by ARN built from account + recovery region + that name, because prod never reads dr;
copies fail (and alert) until the dr stack has been deployed once. The dr vault is locked.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.aws import iam
from components.aws.backup.notifications import backup_alerts
from components.aws.backup.vault_lock import vault_lock
from components.base import Component
from components.data import SiteBackupProps

# AWS managed policies for the backup service role (AWS Backup guide, "Default service role"):
# they grant exactly what the service needs per resource type (RDS/Aurora/DynamoDB/EBS snapshots
# and restores; S3 has separate policies). Using them is a deliberate choice over a hand-written
# policy that would have to track every supported resource type.
MANAGED_POLICIES = {
    "backup": "service-role/AWSBackupServiceRolePolicyForBackup",
    "restores": "service-role/AWSBackupServiceRolePolicyForRestores",
    "s3-backup": "AWSBackupServiceRolePolicyForS3Backup",
    "s3-restore": "AWSBackupServiceRolePolicyForS3Restore",
}


def vault_arn(partition: str, region: str, account: str, name: str) -> str:
    return f"arn:{partition}:backup:{region}:{account}:backup-vault:{name}"


class AwsSiteBackup(Component):
    def __init__(self, name: str, props: SiteBackupProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("backup", name, opts)
        tags = {**props.tags, "Name": props.name}
        account = aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(parent=self)).account_id
        part = iam.partition(props.site.region)
        self.vault = aws.backup.Vault(
            f"{name}-vault",
            name=props.name,
            kms_key_arn=props.key_id,
            force_destroy=False,
            tags=tags,
            opts=self.child(protect=props.protect),
        )
        self.lock: aws.backup.VaultLockConfiguration | None = None
        if props.role == "recovery":
            self.lock = vault_lock(f"{name}-lock", self.vault.name, props.lock, self.child())
        self.role = aws.iam.Role(
            f"{name}-role",
            description=f"AWS Backup: back up, copy, restore and test restores ({props.name})",
            assume_role_policy=iam.assume_role("backup.amazonaws.com"),
            tags=tags,
            opts=self.child(),
        )
        self.attachments = [
            aws.iam.RolePolicyAttachment(
                f"{name}-{short}",
                role=self.role.name,
                policy_arn=f"arn:{part}:iam::aws:policy/{policy}",
                opts=self.child(),
            )
            for short, policy in MANAGED_POLICIES.items()
        ]
        self.notifications, self.failed_jobs, self.failed_jobs_target = backup_alerts(
            name, self.vault.name, props.alert_topic_id, props.tags, self.child()
        )
        copy_target = props.peer if props.role == "primary" else props.site
        copy_name = props.peer_name if props.role == "primary" else props.name
        self.vault_name: pulumi.Output[str] = self.vault.name
        self.vault_arn: pulumi.Output[str] = self.vault.arn
        self.copy_target_arn: pulumi.Output[str] = account.apply(
            lambda a: vault_arn(part, copy_target.region, a, copy_name)
        )
        if props.peer.cloud != props.site.cloud:
            # No AWS vault in the recovery site: AWS Backup copies to AWS vaults only; the
            # cross-cloud path's live copy is the offsite one (its cloud's vault protects it).
            self.copy_target_arn = pulumi.Output.from_input("")
        self.role_arn: pulumi.Output[str] = self.role.arn
        self.register_outputs({"vaultArn": self.vault_arn, "copyTargetArn": self.copy_target_arn})
