"""Where a site's logs go: a Log Analytics workspace (diagnostics, traffic analytics, Container Apps
logs) and a storage account for VNet flow logs, both kept `logRetentionDays`.

Constraints (checked 2026): a workspace keeps data 30-730 days on the PerGB2018 tier (shorter
retentions in config are raised to 30); flow logs must go to a storage account in the VNet's
region, written with the flow log's managed identity when shared keys are off ("VNet flow logs":
identity); the account is encrypted with the site key like every other account.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import operationalinsights, storage

from components.azure.roles import grant
from components.azure.storage import account_args
from components.base import Component

WORKSPACE_MIN_RETENTION = 30
WORKSPACE_MAX_RETENTION = 730


@dataclass(frozen=True)
class SiteLogsProps:
    subscription_id: str
    resource_group: pulumi.Input[str]
    location: str
    name: str
    account_name: str
    retention_days: int
    key_vault_uri: pulumi.Input[str]
    key_name: pulumi.Input[str]
    key_identity_id: pulumi.Input[str]
    writer_principal_id: pulumi.Input[str]
    """The flow logs' identity, granted Storage Blob Data Contributor on the account."""
    ready: list[pulumi.Resource]
    tags: Mapping[str, str]


class SiteLogs(Component):
    def __init__(self, name: str, props: SiteLogsProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("logs", name, opts)
        tags = dict(props.tags)
        retention = min(max(props.retention_days, WORKSPACE_MIN_RETENTION), WORKSPACE_MAX_RETENTION)
        self.workspace = operationalinsights.Workspace(
            f"{name}-workspace",
            workspace_name=props.name,
            resource_group_name=props.resource_group,
            location=props.location,
            sku=operationalinsights.WorkspaceSkuArgs(name="PerGB2018"),
            retention_in_days=retention,
            features=operationalinsights.WorkspaceFeaturesArgs(disable_local_auth=True),
            tags=tags,
            opts=self.child(),
        )
        self.account = storage.StorageAccount(
            f"{name}-account",
            **account_args(
                account_name=props.account_name,
                resource_group=props.resource_group,
                location=props.location,
                sku="Standard_ZRS",
                key_vault_uri=props.key_vault_uri,
                key_name=props.key_name,
                key_identity_id=props.key_identity_id,
                tags=tags,
            ),
            opts=self.child(depends_on=props.ready),
        )
        storage.ManagementPolicy(
            f"{name}-expiry",
            account_name=self.account.name,
            resource_group_name=props.resource_group,
            management_policy_name="default",
            policy=storage.ManagementPolicySchemaArgs(
                rules=[
                    storage.ManagementPolicyRuleArgs(
                        name="expire-logs",
                        type="Lifecycle",
                        enabled=True,
                        definition=storage.ManagementPolicyDefinitionArgs(
                            filters=storage.ManagementPolicyFilterArgs(
                                blob_types=["blockBlob", "appendBlob"]
                            ),
                            actions=storage.ManagementPolicyActionArgs(
                                base_blob=storage.ManagementPolicyBaseBlobArgs(
                                    delete=storage.DateAfterModificationArgs(
                                        days_after_modification_greater_than=props.retention_days
                                    )
                                )
                            ),
                        ),
                    )
                ]
            ),
            opts=self.child(),
        )
        self.writer = grant(
            f"{name}-flow-log-writer",
            props.subscription_id,
            "Storage Blob Data Contributor",
            self.account.id,
            props.writer_principal_id,
            self.child(),
        )
        self.workspace_id: pulumi.Output[str] = self.workspace.id
        self.workspace_guid: pulumi.Output[str] = self.workspace.customer_id
        self.account_id: pulumi.Output[str] = pulumi.Output.all(self.account.id, self.writer.id).apply(
            lambda a: a[0]
        )
        """Resolves once the writer may write (flow logs check access when created)."""
        self.register_outputs({"workspaceId": self.workspace_id, "accountId": self.account_id})
