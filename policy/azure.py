"""The policy pack's rules for azure-native resources, keyed by the same policy names as AWS's
(policy/rules.py merges them): CMK everywhere, TLS minimum, no public access, versioning and
point-in-time restore, every failover endpoint monitored, required tags; plus stack rules for
backup coverage, the vaults' immutability, storage accounts' companions and prod's delete locks.

Properties are the engine's camelCase inputs of pulumi-azure-native 3.x. A value unknown during
preview is `UNKNOWN`; a rule that needs it says nothing rather than guess. Imports policy.base only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from policy.base import (
    UNKNOWN,
    Props,
    Resource,
    ResourceRule,
    StackRule,
    Violation,
    items_of,
    known,
    known_tags_of,
    prop,
    required_tags_rule,
    sdk_inputs,
    tags_of,
)

STORAGE_ACCOUNT = "azure-native:storage:StorageAccount"
BLOB_SERVICE = "azure-native:storage:BlobServiceProperties"
BLOB_CONTAINER = "azure-native:storage:BlobContainer"
POSTGRES = "azure-native:dbforpostgresql:Server"
COSMOS = "azure-native:cosmosdb:DatabaseAccount"
KEY_VAULT = "azure-native:keyvault:Vault"
BACKUP_VAULT = "azure-native:dataprotection:BackupVault"
BACKUP_INSTANCE = "azure-native:dataprotection:BackupInstance"
DISK_ENCRYPTION_SET = "azure-native:compute:DiskEncryptionSet"
SCALE_SET = "azure-native:compute:VirtualMachineScaleSet"
GATEWAY = "azure-native:network:ApplicationGateway"
TRAFFIC_MANAGER = "azure-native:trafficmanager:Profile"
LOCK = "azure-native:authorization:ManagementLockByScope"
WORKSPACE = "azure-native:operationalinsights:Workspace"

TLS_POLICIES = frozenset({"AppGwSslPolicy20170401S", "AppGwSslPolicy20220101", "AppGwSslPolicy20220101S"})
"""Predefined Application Gateway TLS policies whose minimum is TLS 1.2."""

LOG_ACCOUNT_SUFFIX = "-logs-account"
"""The site's flow-log account (components/azure/logs.py): CMK, TLS and no public access like any
account, but it holds expiring logs, not data: no backup instance, versioning or delete lock."""


def _is_replica(props: Props) -> bool:
    return str(props.get("createMode", "")).lower() == "replica"


def cmk_encryption(type_: str, props: Props, name: str = "") -> list[str]:
    """Every data store is encrypted with a customer-managed key."""
    if type_ == STORAGE_ACCOUNT:
        enc = props.get("encryption") or {}
        if enc is UNKNOWN:
            return []
        out = []
        if prop(enc, "keySource") != "Microsoft.Keyvault" or not prop(
            enc, "keyVaultProperties", "keyVaultUri"
        ):
            out.append("encryption.keySource must be Microsoft.Keyvault with keyVaultProperties (a CMK)")
        if prop(enc, "encryptionIdentity", "encryptionUserAssignedIdentity") is None:
            out.append("encryption.encryptionIdentity names no user-assigned identity for the key")
        return out
    if type_ == POSTGRES:
        enc = props.get("dataEncryption") or {}
        if _is_replica(props) and not enc:
            return ["a replica needs its own dataEncryption (its region's key)"]
        if prop(enc, "type") != "AzureKeyVault" or prop(enc, "primaryKeyURI") is None:
            return ["dataEncryption must be AzureKeyVault with primaryKeyURI (a CMK)"]
        return []
    if type_ == COSMOS and props.get("keyVaultKeyUri") is None:
        return ["keyVaultKeyUri must name a CMK"]
    if type_ == BACKUP_VAULT:
        state = prop(props, "properties", "securitySettings", "encryptionSettings", "state")
        return (
            []
            if state in ("Enabled", UNKNOWN)
            else ["securitySettings.encryptionSettings must be Enabled (a CMK)"]
        )
    if type_ == DISK_ENCRYPTION_SET and props.get("encryptionType") not in (
        "EncryptionAtRestWithCustomerKey",
        "EncryptionAtRestWithPlatformAndCustomerKeys",
    ):
        return ["encryptionType must use the customer-managed key"]
    if type_ == SCALE_SET:
        disk = prop(
            props,
            "virtualMachineProfile",
            "storageProfile",
            "osDisk",
            "managedDisk",
            "diskEncryptionSet",
            "id",
        )
        return [] if disk is not None else ["OS disks must use the site's disk encryption set (CMK)"]
    return []


def tls_minimum(type_: str, props: Props, name: str = "") -> list[str]:
    """Data stores and gateways accept HTTPS with TLS 1.2 or later only."""
    if type_ == STORAGE_ACCOUNT:
        out = []
        if props.get("enableHttpsTrafficOnly") is not True:
            out.append("enableHttpsTrafficOnly must be true")
        if props.get("minimumTlsVersion") != "TLS1_2":
            out.append(f"minimumTlsVersion is {props.get('minimumTlsVersion')!r}, not TLS1_2")
        return out
    if type_ == COSMOS and props.get("minimalTlsVersion") != "Tls12":
        return [f"minimalTlsVersion is {props.get('minimalTlsVersion')!r}, not Tls12"]
    if type_ == GATEWAY:
        policy = prop(props, "sslPolicy", "policyName")
        return [] if policy in TLS_POLICIES else [f"sslPolicy {policy!r} is not a TLS 1.2+ predefined policy"]
    return []


def no_public_access(type_: str, props: Props, name: str = "") -> list[str]:
    """No anonymous blob access, no public databases, firewalls closed to the internet."""
    if type_ == STORAGE_ACCOUNT:
        out = []
        if props.get("allowBlobPublicAccess") is not False:
            out.append("allowBlobPublicAccess must be false")
        if props.get("allowSharedKeyAccess") is not False:
            out.append("allowSharedKeyAccess must be false (Entra ID only)")
        if (
            prop(props, "networkRuleSet", "defaultAction") not in ("Deny", UNKNOWN)
            and props.get("publicNetworkAccess") != "Disabled"
        ):
            out.append("networkRuleSet.defaultAction must be Deny (or publicNetworkAccess Disabled)")
        return out
    if type_ == BLOB_CONTAINER and props.get("publicAccess") not in (None, "None"):
        return [f"publicAccess {props.get('publicAccess')!r} makes the container public"]
    if type_ == POSTGRES and prop(props, "network", "publicNetworkAccess") != "Disabled":
        return ["network.publicNetworkAccess must be Disabled"]
    if type_ == COSMOS and props.get("publicNetworkAccess") != "Disabled":
        return ["publicNetworkAccess must be Disabled (private endpoints only)"]
    if type_ == KEY_VAULT:
        action = prop(props, "properties", "networkAcls", "defaultAction")
        access = prop(props, "properties", "publicNetworkAccess")
        return [] if action == "Deny" or access == "Disabled" else ["networkAcls.defaultAction must be Deny"]
    return []


def versioning_and_pitr(type_: str, props: Props, name: str = "") -> list[str]:
    """Blobs keep versions and soft-deleted copies; databases keep point-in-time recovery."""
    if type_ == BLOB_SERVICE:
        out = []
        if props.get("isVersioningEnabled") is not True:
            out.append("isVersioningEnabled must be true")
        if prop(props, "deleteRetentionPolicy", "enabled") is not True:
            out.append("deleteRetentionPolicy (soft delete) must be enabled")
        return out
    if type_ == COSMOS and prop(props, "backupPolicy", "type") != "Continuous":
        return ["backupPolicy must be Continuous (point-in-time restore)"]
    if type_ == POSTGRES and not _is_replica(props):
        days = prop(props, "backup", "backupRetentionDays")
        ok = isinstance(days, (int, float)) and 7 <= days <= 35
        return [] if ok or days is UNKNOWN else ["backup.backupRetentionDays must be 7-35"]
    return []


def failover_records_health_checked(type_: str, props: Props, name: str = "") -> list[str]:
    """Every failover profile routes by priority and probes its endpoints' health path."""
    if type_ != TRAFFIC_MANAGER:
        return []
    out = []
    if props.get("trafficRoutingMethod") != "Priority":
        out.append("trafficRoutingMethod must be Priority")
    monitor = props.get("monitorConfig") or {}
    if prop(monitor, "protocol") not in ("HTTPS", "HTTP") or not str(prop(monitor, "path") or "").startswith(
        "/"
    ):
        out.append("monitorConfig must probe a health path over HTTP(S)")
    endpoints = items_of(props.get("endpoints"))
    priorities = [prop(e, "priority") for e in endpoints]
    if len(endpoints) < 2 or len(set(priorities)) != len(priorities) or None in priorities:
        out.append("needs a prod and a dr endpoint with distinct priorities")
    return out


def accepts_tags(type_token: str) -> bool:
    """Whether pulumi-azure-native's resource class for `type_token` takes a `tags` input."""
    return type_token.startswith("azure-native:") and "tags" in sdk_inputs("pulumi_azure_native", type_token)


required_tags = required_tags_rule(accepts_tags, known_tags_of)
"""Every taggable resource carries the required tags (vocabulary/tags.py)."""


RESOURCE_RULES: dict[str, ResourceRule] = {
    "cmk-encryption": cmk_encryption,
    "tls-only-buckets": tls_minimum,
    "no-public-access": no_public_access,
    "versioning-and-pitr": versioning_and_pitr,
    "failover-records-health-checked": failover_records_health_checked,
    "required-tags": required_tags,
}


# --- stack rules ----------------------------------------------------------------------------


def _id(r: Resource) -> Any:
    outputs = getattr(r, "outputs", None) or {}
    return outputs.get("id", UNKNOWN)


def _data_accounts(resources: Sequence[Resource]) -> list[Resource]:
    return [r for r in resources if r.type == STORAGE_ACCOUNT and not r.name.endswith(LOG_ACCOUNT_SUFFIX)]


def _prod(r: Resource) -> bool:
    return str(tags_of(r.inputs).get("dr-role", "")) == "primary"


def buckets_hardened(resources: Sequence[Resource]) -> list[Violation]:
    """Every data storage account has its blob service settings (versioning, change feed, soft
    delete), matched by account name."""
    names = {r.inputs.get("accountName") for r in resources if r.type == BLOB_SERVICE}
    return [
        Violation(
            "buckets-hardened",
            a.type,
            a.name,
            "account has no blob service properties (versioning, soft delete)",
        )
        for a in _data_accounts(resources)
        if known(a.inputs.get("accountName")) and a.inputs.get("accountName") not in names
    ]


def backup_coverage(resources: Sequence[Resource]) -> list[Violation]:
    """Every prod flexible server and every data storage account is a backup instance of a
    geo-redundant vault with cross-region restore; Cosmos DB keeps continuous backup."""
    out = []
    for vault in (r for r in resources if r.type == BACKUP_VAULT):
        props = vault.inputs.get("properties") or {}
        types = {prop(s, "type") for s in items_of(prop(props, "storageSettings"))}
        if "GeoRedundant" not in types:
            out.append(
                Violation("backup-coverage", vault.type, vault.name, "vault storage is not GeoRedundant")
            )
        if prop(props, "featureSettings", "crossRegionRestoreSettings", "state") != "Enabled":
            out.append(
                Violation("backup-coverage", vault.type, vault.name, "cross-region restore is not Enabled")
            )
    covered = {
        str(prop(r.inputs, "properties", "dataSourceInfo", "resourceID"))
        for r in resources
        if r.type == BACKUP_INSTANCE
    }
    unknown = any(
        not known(prop(r.inputs, "properties", "dataSourceInfo", "resourceID"))
        for r in resources
        if r.type == BACKUP_INSTANCE
    )
    stores = [r for r in resources if r.type == POSTGRES and _prod(r) and not _is_replica(r.inputs)]
    stores += _data_accounts(resources)
    for store in stores:
        rid = _id(store)
        if not known(rid) or unknown or str(rid) in covered:
            continue
        out.append(
            Violation("backup-coverage", store.type, store.name, "data store is no Azure Backup instance")
        )
    return out


def dr_vault_locked(resources: Sequence[Resource]) -> list[Violation]:
    """Every backup vault is immutable (Unlocked = enabled and reversible, or Locked) with soft delete on."""
    out = []
    for vault in (r for r in resources if r.type == BACKUP_VAULT):
        security = prop(vault.inputs, "properties", "securitySettings") or {}
        if prop(security, "immutabilitySettings", "state") not in ("Unlocked", "Locked"):
            out.append(
                Violation("dr-vault-locked", vault.type, vault.name, "vault immutability is not enabled")
            )
        if prop(security, "softDeleteSettings", "state") not in ("On", "AlwaysOn"):
            out.append(Violation("dr-vault-locked", vault.type, vault.name, "vault soft delete is not on"))
    return out


def delete_locks(resources: Sequence[Resource]) -> list[Violation]:
    """prod's data (servers, Cosmos DB accounts, storage accounts, backup vaults) carries a
    CanNotDelete lock: Azure's data services have no deletion-protection flag of their own."""
    locked = {
        str(r.inputs.get("scope"))
        for r in resources
        if r.type == LOCK and r.inputs.get("level") == "CanNotDelete"
    }
    if any(not known(r.inputs.get("scope")) for r in resources if r.type == LOCK):
        return []
    protected = [
        r
        for r in resources
        if _prod(r)
        and (
            (r.type == POSTGRES and not _is_replica(r.inputs))
            or r.type in (COSMOS, BACKUP_VAULT)
            or (r.type == STORAGE_ACCOUNT and not r.name.endswith(LOG_ACCOUNT_SUFFIX))
        )
    ]
    return [
        Violation("delete-locks", r.type, r.name, "prod data store has no CanNotDelete lock")
        for r in protected
        if known(_id(r)) and str(_id(r)) not in locked
    ]


STACK_RULES: dict[str, StackRule] = {
    "buckets-hardened": buckets_hardened,
    "backup-coverage": backup_coverage,
    "dr-vault-locked": dr_vault_locked,
    "delete-locks": delete_locks,
}


def regions_of(type_: str, props: Props) -> list[tuple[str, str]]:
    """(where, region) pairs an azure-native resource places data or control in."""
    if not type_.startswith("azure-native:"):
        return []
    out: list[tuple[str, str]] = []
    location = props.get("location")
    if isinstance(location, str) and location.lower() != "global":
        out.append(("location", location))
    for loc in items_of(props.get("locations")) if type_ == COSMOS else []:
        if isinstance(prop(loc, "locationName"), str):
            out.append(("locations[].locationName", loc["locationName"]))
    return out
