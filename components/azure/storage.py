"""Object stores on Azure: hardened StorageV2 accounts, and a store replicated from prod's account
to a dr account with object replication (the replicated-bucket mode, clouds/azure.py).

Constraints checked with the search tool (Azure Storage docs, checked 2026):
- Account names: 3-24 lowercase letters and digits, globally unique (dr-reference; derived in
  clouds/azure_names.py, checked at the config boundary and over both planned stacks).
- Object replication needs blob versioning on both accounts and the change feed on the source;
  it works with customer-managed keys, not with customer-managed (account) failover, and only
  for block blobs ("Object replication for block blobs", prerequisites and caveats). With
  cross-tenant replication off, both policies name the accounts by full resource id.
- The destination policy is created first (policy id `default`); the source policy then takes
  the policy id and rule ids ARM generated ("Configure object replication").
- WORM: version-level immutability set on the account at creation (it cannot be added later),
  with a default time-based policy left unlocked ("locked-capable": locking is a one-way
  decision for an operator, like S3 Object Lock's governance -> compliance).
- Hardening: HTTPS only, TLS 1.2 minimum, no anonymous blob access, shared-key access off
  (Entra ID only; every consumer here authenticates with an identity), CMK from the site vault
  through a user-assigned identity, infrastructure (double) encryption, firewall default deny
  with trusted services, and a private endpoint for the site's compute.
- Point-in-time restore of blobs is left to Azure Backup's operational backup, which turns it on
  with its own retention (components/azure/backup.py); soft delete keeps deleted blobs and
  containers meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pulumi
from pulumi_azure_native import storage

from components.azure.private_endpoint import private_endpoint
from components.azure.site import delete_lock, group_of
from components.base import Component
from config.models import ObjectStore
from vocabulary import outputs

CONTAINER = "objects"
"""Every object store keeps its objects in one container (names are 3-63 characters, so store
names of 2 characters could not be used as container names)."""
SOFT_DELETE_DAYS = 35
CHANGE_FEED_DAYS = 35


def account_args(
    *,
    account_name: str,
    resource_group: pulumi.Input[str],
    location: str,
    sku: str,
    key_vault_uri: pulumi.Input[str],
    key_name: pulumi.Input[str],
    key_identity_id: pulumi.Input[str],
    tags: Mapping[str, str],
    worm_days: int | None = None,
    worm: bool = False,
) -> dict[str, Any]:
    """The arguments of a hardened StorageV2 account encrypted with the site key."""
    return {
        "account_name": account_name,
        "resource_group_name": resource_group,
        "location": location,
        "kind": "StorageV2",
        "sku": storage.SkuArgs(name=sku),
        "access_tier": "Hot",
        "enable_https_traffic_only": True,
        "minimum_tls_version": "TLS1_2",
        "allow_blob_public_access": False,
        "allow_shared_key_access": False,
        "default_to_o_auth_authentication": True,
        "allow_cross_tenant_replication": False,
        "allowed_copy_scope": "AAD",
        "public_network_access": "Enabled",  # firewall below: trusted services + private endpoint
        "network_rule_set": storage.NetworkRuleSetArgs(
            default_action=storage.DefaultAction.DENY, bypass="AzureServices"
        ),
        "identity": storage.IdentityArgs(type="UserAssigned", user_assigned_identities=[key_identity_id]),
        "encryption": storage.EncryptionArgs(
            key_source="Microsoft.Keyvault",
            key_vault_properties=storage.KeyVaultPropertiesArgs(
                key_name=key_name, key_vault_uri=key_vault_uri
            ),
            encryption_identity=storage.EncryptionIdentityArgs(
                encryption_user_assigned_identity=key_identity_id
            ),
            require_infrastructure_encryption=True,
            services=storage.EncryptionServicesArgs(
                blob=storage.EncryptionServiceArgs(enabled=True, key_type="Account"),
                file=storage.EncryptionServiceArgs(enabled=True, key_type="Account"),
            ),
        ),
        "immutable_storage_with_versioning": storage.ImmutableStorageAccountArgs(
            enabled=True,
            immutability_policy=storage.AccountImmutabilityPolicyPropertiesArgs(
                immutability_period_since_creation_in_days=worm_days,
                state="Unlocked",
                allow_protected_append_writes=False,
            )
            if worm_days is not None
            else None,
        )
        if worm
        else None,
        "tags": dict(tags),
    }


@dataclass(frozen=True)
class SourceAccount:
    """prod's account, as the dr stack reads it from prod's outputs."""

    name: pulumi.Input[str]
    id: pulumi.Input[str]


@dataclass(frozen=True)
class ObjectStoreProps:
    store: ObjectStore
    account_name: str
    resource_group: pulumi.Input[str]
    location: str
    key_vault_uri: pulumi.Input[str]
    key_name: pulumi.Input[str]
    key_identity_id: pulumi.Input[str]
    key_ready: list[pulumi.Resource]
    endpoint_subnet_id: pulumi.Input[str]
    blob_zone_id: pulumi.Input[str]
    tags: Mapping[str, str]
    source: SourceAccount | None = None
    """dr: prod's account, replicated into this one."""


def _days(value: timedelta | None) -> int | None:
    return None if value is None else max(1, value.days)


class ObjectStoreAccount(Component):
    """One site's copy of an object store; in dr, with the object replication from prod."""

    def __init__(self, name: str, props: ObjectStoreProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("object_store", name, opts)
        store, group = props.store, props.resource_group
        self.account = storage.StorageAccount(
            name,
            **account_args(
                account_name=props.account_name,
                resource_group=group,
                location=props.location,
                sku="Standard_GZRS",  # zone-redundant in the region; Microsoft's geo copy as a backstop
                key_vault_uri=props.key_vault_uri,
                key_name=props.key_name,
                key_identity_id=props.key_identity_id,
                tags=props.tags,
                worm=store.worm,
                worm_days=_days(store.worm_retention),
            ),
            opts=self.child(depends_on=props.key_ready),
        )
        self.blob_service = storage.BlobServiceProperties(
            f"{name}-blob-service",
            account_name=self.account.name,
            resource_group_name=group,
            blob_services_name="default",
            is_versioning_enabled=True,
            change_feed=storage.ChangeFeedArgs(enabled=True, retention_in_days=CHANGE_FEED_DAYS),
            delete_retention_policy=storage.DeleteRetentionPolicyArgs(enabled=True, days=SOFT_DELETE_DAYS),
            container_delete_retention_policy=storage.DeleteRetentionPolicyArgs(
                enabled=True, days=SOFT_DELETE_DAYS
            ),
            opts=self.child(),
        )
        self.container = storage.BlobContainer(
            f"{name}-container",
            container_name=CONTAINER,
            account_name=self.account.name,
            resource_group_name=group,
            public_access=storage.PublicAccess.NONE,
            opts=self.child(depends_on=[self.blob_service]),
        )
        self.endpoint = private_endpoint(
            f"{name}-blob-pe",
            resource_group=group,
            location=props.location,
            subnet_id=props.endpoint_subnet_id,
            target_id=self.account.id,
            group="blob",
            zone_id=props.blob_zone_id,
            tags=props.tags,
            opts=self.child(),
        )
        self.replication: storage.ObjectReplicationPolicy | None = None
        if props.source is not None:
            self._replicate_from(name, props.source)
        else:
            delete_lock(
                f"{name}-lock", self.account.id, f"storage account {props.account_name}", self.child()
            )
        self.name: pulumi.Output[str] = self.account.name
        self.id: pulumi.Output[str] = self.account.id
        self.register_outputs({"account": self.name})

    def _replicate_from(self, name: str, source: SourceAccount) -> None:
        """Destination policy on this account, then the same policy on prod's account."""
        destination = storage.ObjectReplicationPolicy(
            f"{name}-replication",
            account_name=self.account.name,
            resource_group_name=self.account.id.apply(group_of),
            object_replication_policy_id="default",
            source_account=source.id,
            destination_account=self.account.id,
            rules=[
                storage.ObjectReplicationPolicyRuleArgs(
                    source_container=CONTAINER,
                    destination_container=CONTAINER,
                    # Copy what prod already holds, not only new writes.
                    filters=storage.ObjectReplicationPolicyFilterArgs(
                        min_creation_time="1601-01-01T00:00:00Z"
                    ),
                )
            ],
            metrics=storage.ObjectReplicationPolicyPropertiesMetricsArgs(enabled=True),
            opts=self.child(depends_on=[self.container, self.blob_service]),
        )
        self.replication = destination
        storage.ObjectReplicationPolicy(
            f"{name}-replication-source",
            account_name=source.name,
            resource_group_name=pulumi.Output.from_input(source.id).apply(group_of),
            object_replication_policy_id=destination.policy_id,
            source_account=source.id,
            destination_account=self.account.id,
            rules=destination.rules.apply(
                lambda rules: [
                    storage.ObjectReplicationPolicyRuleArgs(
                        rule_id=r.rule_id,
                        source_container=r.source_container,
                        destination_container=r.destination_container,
                        filters=storage.ObjectReplicationPolicyFilterArgs(
                            min_creation_time="1601-01-01T00:00:00Z"
                        ),
                    )
                    for r in rules or []
                ]
            ),
            metrics=storage.ObjectReplicationPolicyPropertiesMetricsArgs(enabled=True),
            opts=self.child(),
        )

    def outputs(self) -> dict[str, Any]:
        return {outputs.BUCKET: self.name, outputs.STORE_ARN: self.id}
