"""Azure Backup for a site: a Data Protection backup vault (geo-redundant, cross-region restore,
immutable, soft delete, CMK) and, per service, its backup policies and a backup instance for
every store Azure Backup can protect.

Constraints checked with the search tool (Azure Backup docs, PSRule Azure.BV.Immutable; checked
2026; dr-reference "Azure Backup cross-region restore"):
- Cross-region restore needs a geo-redundant vault and restores only into the paired region (the
  pair rule at the config boundary keeps dr there); its RPO is about 36 h, which is why the
  posture's region-loss terms come from the live copies (replicas, object replication, Cosmos DB)
  and not from this vault.
- A vault's storage redundancy locks once it protects items; immutability "Locked" cannot be
  undone (backup.vaultLock.mode: compliance -> Locked; governance, the default -> Unlocked, i.e.
  enabled but reversible, like AWS Backup's governance mode).
- Vaulted policies for PostgreSQL flexible server and blobs take daily or weekly schedules
  (clouds/azure.py: `repeating_interval`; the config boundary refuses others). Blob operational
  backup (continuous, point-in-time restore in the account) keeps up to 360 days.
- The vault's identity needs "PostgreSQL Flexible Server Long Term Retention Backup Role" on each
  server and Reader on its resource group, and "Storage Account Backup Contributor" on each
  storage account, before the backup instance is created.
- Azure Backup has no Cosmos DB for NoSQL datasource: Cosmos DB stores are covered by the
  account's own continuous backup (components/azure/cosmos.py). Read replicas are not backed up
  (their primary is). Azure Backup has no restore-testing service like AWS Backup's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

import pulumi
from pulumi_azure_native import alertsmanagement
from pulumi_azure_native import dataprotection as dp

from clouds.azure import repeating_interval
from components.azure.roles import grant
from components.azure.site import delete_lock
from components.base import Component
from config.models import VaultLock
from vocabulary.plans import BackupPlan

PG_DATASOURCE = "Microsoft.DBforPostgreSQL/flexibleServers"
BLOB_DATASOURCE = "Microsoft.Storage/storageAccounts/blobServices"
OPERATIONAL_RETENTION_MAX = timedelta(days=360)
SOFT_DELETE_DAYS = 14


def immutability(lock: VaultLock) -> dp.ImmutabilityState:
    return dp.ImmutabilityState.LOCKED if lock.mode == "compliance" else dp.ImmutabilityState.UNLOCKED


def iso_days(value: timedelta) -> str:
    return f"P{max(1, value.days)}D"


@dataclass(frozen=True)
class BackupVaultProps:
    subscription_id: str
    resource_group: pulumi.Input[str]
    location: str
    name: str
    lock: VaultLock
    key_uri: pulumi.Input[str]
    key_identity_id: pulumi.Input[str]
    key_ready: list[pulumi.Resource]
    primary: bool
    action_group_id: pulumi.Input[str]
    """Where backup job failures are sent (Azure Monitor alerts of the vault)."""
    tags: Mapping[str, str]


class AzureSiteBackup(Component):
    """`SiteBackup` on Azure: the site's backup vault."""

    def __init__(self, name: str, props: BackupVaultProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("backup", name, opts)
        self.props = props
        self.vault = dp.BackupVault(
            name,
            vault_name=props.name,
            resource_group_name=props.resource_group,
            location=props.location,
            identity=pulumi.Output.from_input(props.key_identity_id).apply(
                lambda i: dp.DppIdentityDetailsArgs(
                    type="SystemAssigned,UserAssigned", user_assigned_identities=[i]
                )
            ),
            properties=dp.BackupVaultArgs(
                storage_settings=[
                    dp.StorageSettingArgs(
                        datastore_type=dp.StorageSettingStoreTypes.VAULT_STORE,
                        type=dp.StorageSettingTypes.GEO_REDUNDANT,
                    )
                ],
                # Built-in Azure Monitor alerts for every failed backup or restore job.
                monitoring_settings=dp.MonitoringSettingsArgs(
                    azure_monitor_alert_settings=dp.AzureMonitorAlertSettingsArgs(
                        alerts_for_all_job_failures=dp.AlertsState.ENABLED
                    )
                ),
                feature_settings=dp.FeatureSettingsArgs(
                    cross_region_restore_settings=dp.CrossRegionRestoreSettingsArgs(
                        state=dp.CrossRegionRestoreState.ENABLED
                    )
                ),
                security_settings=dp.SecuritySettingsArgs(
                    immutability_settings=dp.ImmutabilitySettingsArgs(state=immutability(props.lock)),
                    soft_delete_settings=dp.SoftDeleteSettingsArgs(
                        state=dp.SoftDeleteState.ON, retention_duration_in_days=SOFT_DELETE_DAYS
                    ),
                    encryption_settings=dp.EncryptionSettingsArgs(
                        state=dp.EncryptionState.ENABLED,
                        key_vault_properties=dp.CmkKeyVaultPropertiesArgs(key_uri=props.key_uri),
                        kek_identity=dp.CmkKekIdentityArgs(
                            identity_type=dp.IdentityType.USER_ASSIGNED, identity_id=props.key_identity_id
                        ),
                        infrastructure_encryption=dp.InfrastructureEncryptionState.ENABLED,
                    ),
                ),
            ),
            tags=dict(props.tags),
            opts=self.child(depends_on=props.key_ready),
        )
        if props.primary:
            delete_lock(f"{name}-lock", self.vault.id, f"backup vault {props.name}", self.child())
        # The vault raises job-failure alerts; this rule sends them to the site's action group.
        alertsmanagement.AlertProcessingRuleByName(
            f"{name}-job-failures",
            alert_processing_rule_name=f"{props.name}-job-failures",
            resource_group_name=props.resource_group,
            location="Global",
            properties=alertsmanagement.AlertProcessingRulePropertiesArgs(
                scopes=[self.vault.id],
                actions=[
                    alertsmanagement.AddActionGroupsArgs(
                        action_type="AddActionGroups", action_group_ids=[props.action_group_id]
                    )
                ],
                description=f"Azure Backup job failures of {props.name} to the site's action group",
                enabled=True,
            ),
            tags=dict(props.tags),
            opts=self.child(),
        )
        self.vault_name: pulumi.Output[str] = self.vault.name
        self.vault_arn: pulumi.Output[str] = self.vault.id
        # A geo-redundant vault's copy lives in the paired region under the same vault (restored
        # there with cross-region restore): there is no second vault to copy to.
        self.copy_target_arn: pulumi.Output[str] = self.vault.id
        self.principal_id: pulumi.Output[str] = self.vault.identity.apply(
            lambda i: (i.principal_id or "") if i else ""
        )
        self.role_arn: pulumi.Output[str] = self.principal_id
        """The identity Azure Backup acts as (SiteBackup.role_arn)."""
        self.register_outputs({"vaultId": self.vault_arn})


@dataclass(frozen=True)
class ProtectedStore:
    kind: Literal["relational", "object"]
    name: str
    resource_id: pulumi.Input[str]
    location: str
    resource_group: pulumi.Input[str]
    containers: Sequence[str] = ()


@dataclass(frozen=True)
class ServiceBackupProps:
    subscription_id: str
    service: str
    plan: BackupPlan
    vault: AzureSiteBackup
    resource_group: pulumi.Input[str]
    stores: Sequence[ProtectedStore]
    tags: Mapping[str, str]


def _store(kind: dp.DataStoreTypes) -> dp.DataStoreInfoBaseArgs:
    return dp.DataStoreInfoBaseArgs(data_store_type=kind, object_type="DataStoreInfoBase")


def _schedule_rule(every: timedelta, backup_type: str) -> dp.AzureBackupRuleArgs:
    interval = repeating_interval(every)
    if interval is None:  # refused at the config boundary (services/schedules.py)
        raise ValueError(f"Azure Backup cannot schedule every {every}")
    return dp.AzureBackupRuleArgs(
        name="Scheduled",
        object_type="AzureBackupRule",
        backup_parameters=dp.AzureBackupParamsArgs(object_type="AzureBackupParams", backup_type=backup_type),
        data_store=_store(dp.DataStoreTypes.VAULT_STORE),
        trigger=dp.ScheduleBasedTriggerContextArgs(
            object_type="ScheduleBasedTriggerContext",
            schedule=dp.BackupScheduleArgs(repeating_time_intervals=[interval], time_zone="UTC"),
            tagging_criteria=[
                dp.TaggingCriteriaArgs(
                    is_default=True, tag_info=dp.RetentionTagArgs(tag_name="Default"), tagging_priority=99
                )
            ],
        ),
    )


def _retention(name: str, store: dp.DataStoreTypes, keep: timedelta) -> dp.AzureRetentionRuleArgs:
    """The default retention of one data store (Azure Backup's default policy templates name them
    `Default` and, for a second store, `Default_<store>`)."""
    return dp.AzureRetentionRuleArgs(
        name=name,
        object_type="AzureRetentionRule",
        is_default=True,
        lifecycles=[
            dp.SourceLifeCycleArgs(
                source_data_store=_store(store),
                delete_after=dp.AbsoluteDeleteOptionArgs(
                    object_type="AbsoluteDeleteOption", duration=iso_days(keep)
                ),
                target_data_store_copy_settings=[],
            )
        ],
    )


class ServiceBackup(Component):
    """One service's policies (one per datasource type it has) and an instance per store."""

    def __init__(self, name: str, props: ServiceBackupProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("backup", name, opts)
        plan = props.plan
        vault = props.vault
        self.policies: dict[str, dp.BackupPolicy] = {}
        kinds = {s.kind for s in props.stores}
        if "relational" in kinds:
            self.policies["relational"] = dp.BackupPolicy(
                f"{name}-postgres",
                backup_policy_name=f"{props.service}-postgres",
                vault_name=vault.vault_name,
                resource_group_name=props.resource_group,
                properties=dp.BackupPolicyArgs(
                    object_type="BackupPolicy",
                    datasource_types=[PG_DATASOURCE],
                    policy_rules=[
                        _schedule_rule(plan.frequency, "Full"),
                        _retention("Default", dp.DataStoreTypes.VAULT_STORE, plan.retention),
                    ],
                ),
                opts=self.child(),
            )
        if "object" in kinds:
            self.policies["object"] = dp.BackupPolicy(
                f"{name}-blobs",
                backup_policy_name=f"{props.service}-blobs",
                vault_name=vault.vault_name,
                resource_group_name=props.resource_group,
                properties=dp.BackupPolicyArgs(
                    object_type="BackupPolicy",
                    datasource_types=[BLOB_DATASOURCE],
                    policy_rules=[
                        _schedule_rule(plan.frequency, "Discrete"),
                        # Operational (continuous, point-in-time restore in the account) and vaulted.
                        _retention(
                            "Default",
                            dp.DataStoreTypes.OPERATIONAL_STORE,
                            min(plan.retention, OPERATIONAL_RETENTION_MAX),
                        ),
                        _retention("Default_VaultStore", dp.DataStoreTypes.VAULT_STORE, plan.retention),
                    ],
                ),
                opts=self.child(),
            )
        self.instances: list[dp.BackupInstance] = []
        for store in props.stores:
            self.instances.append(self._instance(name, props, store))
        first = self.policies.get("relational") or self.policies.get("object")
        self.plan_id: pulumi.Output[str] | None = first.id if first is not None else None
        self.register_outputs({"policies": {k: p.id for k, p in self.policies.items()}})

    def _instance(self, name: str, props: ServiceBackupProps, store: ProtectedStore) -> dp.BackupInstance:
        vault, sub = props.vault, props.subscription_id
        base = f"{name}-{store.name}"
        if store.kind == "relational":
            grants = [
                grant(
                    f"{base}-ltr-role",
                    sub,
                    "PostgreSQL Flexible Server Long Term Retention Backup Role",
                    store.resource_id,
                    vault.principal_id,
                    self.child(),
                ),
                grant(
                    f"{base}-group-reader",
                    sub,
                    "Reader",
                    pulumi.Output.from_input(store.resource_group).apply(
                        lambda g: f"/subscriptions/{sub}/resourceGroups/{g}"
                    ),
                    vault.principal_id,
                    self.child(),
                ),
            ]
            datasource_type, resource_type, parameters = PG_DATASOURCE, PG_DATASOURCE, None
        else:
            grants = [
                grant(
                    f"{base}-backup-role",
                    sub,
                    "Storage Account Backup Contributor",
                    store.resource_id,
                    vault.principal_id,
                    self.child(),
                )
            ]
            datasource_type, resource_type = BLOB_DATASOURCE, "Microsoft.Storage/storageAccounts"
            parameters = dp.PolicyParametersArgs(
                backup_datasource_parameters_list=[
                    dp.BlobBackupDatasourceParametersArgs(
                        object_type="BlobBackupDatasourceParameters", containers_list=list(store.containers)
                    )
                ]
            )
        source = dp.DatasourceArgs(
            object_type="Datasource",
            resource_id=store.resource_id,
            resource_uri=store.resource_id,
            resource_location=store.location,
            datasource_type=datasource_type,
            resource_type=resource_type,
        )
        policy = self.policies[store.kind]
        return dp.BackupInstance(
            base,
            backup_instance_name=f"{props.service}-{store.name}",
            vault_name=vault.vault_name,
            resource_group_name=props.resource_group,
            properties=dp.BackupInstanceArgs(
                object_type="BackupInstance",
                friendly_name=f"{props.service}/{store.name}",
                data_source_info=source,
                data_source_set_info=dp.DatasourceSetArgs(
                    object_type="DatasourceSet",
                    resource_id=store.resource_id,
                    resource_uri=store.resource_id,
                    resource_location=store.location,
                    datasource_type=datasource_type,
                    resource_type=resource_type,
                )
                if store.kind == "relational"
                else None,
                policy_info=dp.PolicyInfoArgs(policy_id=policy.id, policy_parameters=parameters),
            ),
            tags=dict(props.tags),
            opts=self.child(depends_on=grants),
        )
