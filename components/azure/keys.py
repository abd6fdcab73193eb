"""A site's customer-managed key: a Key Vault (RBAC, purge protection, firewall) holding an RSA key,
and the user-assigned identity the data services use to reach it.

Constraints checked with the search tool (Key Vault and CMK docs, checked 2026):
- Customer-managed keys for Storage, Cosmos DB and PostgreSQL need soft delete and purge
  protection on the vault (dr-reference, "Azure Key Vault"); soft delete is always on and purge
  protection cannot be turned off again.
- Vault names are 3-24 characters and globally unique, and stay reserved while a deleted vault is
  soft deleted (clouds/azure_names.py derives them; config/azure.py checks them).
- An RBAC vault needs a data role for whoever creates keys through ARM: the deployer gets Key
  Vault Crypto Officer on this vault only; the data identity gets Crypto Service Encryption User.
- Key Vault's contents are copied to the region's pair by Microsoft (not for unpaired regions):
  the pair rule at the config boundary keeps dr in that pair.
- The firewall denies the internet; trusted Microsoft services bypass it, and the site's private
  endpoint (privatelink.vaultcore.azure.net, linked to the VNet) serves what runs inside the
  VNet, such as the VNet-integrated flexible servers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import keyvault, managedidentity

from components.azure.roles import grant
from components.base import Component

# RSA 3072: accepted by Storage, Cosmos DB and PostgreSQL flexible server CMKs (2048-4096).
KEY_SIZE = 3072
# Rotate yearly; a versionless key URI lets every consumer follow the rotation by itself.
ROTATE_AFTER = "P365D"
KEY_EXPIRY = "P2Y"
SOFT_DELETE_DAYS = 90


@dataclass(frozen=True)
class SiteKeyProps:
    subscription_id: str
    resource_group: pulumi.Input[str]
    location: str
    vault_name: str
    tenant_id: pulumi.Input[str]
    deployer_object_id: pulumi.Input[str]
    identity_name: str
    tags: Mapping[str, str]


class SiteKey(Component):
    """The vault, its key (`key_uri`, versionless) and the identity that may use it."""

    def __init__(self, name: str, props: SiteKeyProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("keys", name, opts)
        self.identity = managedidentity.UserAssignedIdentity(
            f"{name}-identity",
            resource_name_=props.identity_name,
            resource_group_name=props.resource_group,
            location=props.location,
            tags=dict(props.tags),
            opts=self.child(),
        )
        self.vault = keyvault.Vault(
            f"{name}-vault",
            vault_name=props.vault_name,
            resource_group_name=props.resource_group,
            location=props.location,
            properties=keyvault.VaultPropertiesArgs(
                tenant_id=props.tenant_id,
                sku=keyvault.SkuArgs(family="A", name=keyvault.SkuName.PREMIUM),  # HSM-backed keys available
                enable_rbac_authorization=True,
                enable_soft_delete=True,
                soft_delete_retention_in_days=SOFT_DELETE_DAYS,
                enable_purge_protection=True,
                public_network_access="Enabled",  # firewall below: trusted services + private endpoint
                network_acls=keyvault.NetworkRuleSetArgs(default_action="Deny", bypass="AzureServices"),
            ),
            tags=dict(props.tags),
            opts=self.child(),
        )
        officer = grant(
            f"{name}-deployer-crypto-officer",
            props.subscription_id,
            "Key Vault Crypto Officer",
            self.vault.id,
            props.deployer_object_id,
            self.child(),
        )
        self.key = keyvault.Key(
            f"{name}-key",
            key_name="data",
            vault_name=self.vault.name,
            resource_group_name=props.resource_group,
            properties=keyvault.KeyPropertiesArgs(
                kty="RSA",
                key_size=KEY_SIZE,
                key_ops=["wrapKey", "unwrapKey"],
                rotation_policy=keyvault.RotationPolicyArgs(
                    attributes=keyvault.KeyRotationPolicyAttributesArgs(expiry_time=KEY_EXPIRY),
                    lifetime_actions=[
                        keyvault.LifetimeActionArgs(
                            trigger=keyvault.TriggerArgs(time_after_create=ROTATE_AFTER),
                            action=keyvault.ActionArgs(type=keyvault.KeyRotationPolicyActionType.ROTATE),
                        ),
                        keyvault.LifetimeActionArgs(
                            trigger=keyvault.TriggerArgs(time_before_expiry="P30D"),
                            action=keyvault.ActionArgs(type=keyvault.KeyRotationPolicyActionType.NOTIFY),
                        ),
                    ],
                ),
            ),
            tags=dict(props.tags),
            opts=self.child(depends_on=[officer]),
        )
        self.encryption_user = grant(
            f"{name}-identity-crypto-user",
            props.subscription_id,
            "Key Vault Crypto Service Encryption User",
            self.vault.id,
            self.identity.principal_id,
            self.child(),
        )
        self.vault_uri: pulumi.Output[str] = self.vault.properties.apply(lambda p: p.vault_uri or "")
        self.key_uri: pulumi.Output[str] = self.key.key_uri
        """Versionless: consumers follow rotations."""
        self.key_name: pulumi.Output[str] = self.key.name
        self.identity_id: pulumi.Output[str] = self.identity.id
        self.identity_client_id: pulumi.Output[str] = self.identity.client_id
        self.identity_principal_id: pulumi.Output[str] = self.identity.principal_id
        self.ready: list[pulumi.Resource] = [self.encryption_user, self.key]
        """What a key consumer must wait for (the grant, or its first unwrap fails)."""
        self.register_outputs({"keyUri": self.key_uri, "identityId": self.identity_id})
