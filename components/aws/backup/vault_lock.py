"""AWS Backup Vault Lock on the dr vault (AWS Backup guide, "Vault Lock").

Governance mode (the default) has no `changeable_for_days`: privileged users can still remove the
lock. Compliance mode sets `changeable_for_days`; after that cooling-off period (AWS minimum 72 h,
dr-reference) the lock and its retention bounds are immutable.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from config.models import VaultLock


def vault_lock(
    name: str, vault_name: pulumi.Input[str], lock: VaultLock, opts: pulumi.ResourceOptions
) -> aws.backup.VaultLockConfiguration:
    return aws.backup.VaultLockConfiguration(
        name,
        backup_vault_name=vault_name,
        min_retention_days=lock.min_retention.days,
        max_retention_days=lock.max_retention.days,
        changeable_for_days=lock.changeable_for_days if lock.mode == "compliance" else None,
        opts=opts,
    )
