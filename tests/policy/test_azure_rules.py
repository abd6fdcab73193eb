"""Each Azure guardrail passes a compliant fixture and fails a broken one (azure-native input
names as the engine records them), the registry applies them under the shared policy names, and
both Azure example stacks comply."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from config import load
from offline.engine import ProgramRun
from policy import azure, rules
from policy.rules import Rec, allowed_regions, evaluate, residency_of
from tests.components.azure.conftest import EXAMPLE, _azure_run
from vocabulary.tags import REQUIRED_TAGS

TAGS = dict.fromkeys(REQUIRED_TAGS, "x") | {"dr-role": "primary", "service": "payments"}
KEY_URI = "https://acme-prod-data-1a2b3c.vault.azure.net/keys/data"
SUB = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/g/providers"
ACCOUNT_ID = f"{SUB}/Microsoft.Storage/storageAccounts/acmep1"
SERVER_ID = f"{SUB}/Microsoft.DBforPostgreSQL/flexibleServers/acme-pay"

ACCOUNT: dict[str, Any] = {
    "accountName": "acmep1",
    "location": "westeurope",
    "enableHttpsTrafficOnly": True,
    "minimumTlsVersion": "TLS1_2",
    "allowBlobPublicAccess": False,
    "allowSharedKeyAccess": False,
    "networkRuleSet": {"defaultAction": "Deny"},
    "encryption": {
        "keySource": "Microsoft.Keyvault",
        "keyVaultProperties": {"keyName": "data", "keyVaultUri": "https://v.vault.azure.net/"},
        "encryptionIdentity": {"encryptionUserAssignedIdentity": "/id"},
    },
    "tags": TAGS,
}
SERVER: dict[str, Any] = {
    "serverName": "acme-pay",
    "location": "westeurope",
    "network": {"publicNetworkAccess": "Disabled"},
    "dataEncryption": {"type": "AzureKeyVault", "primaryKeyURI": KEY_URI},
    "backup": {"backupRetentionDays": 35, "geoRedundantBackup": "Enabled"},
    "tags": TAGS,
}
COSMOS: dict[str, Any] = {
    "keyVaultKeyUri": KEY_URI,
    "minimalTlsVersion": "Tls12",
    "publicNetworkAccess": "Disabled",
    "backupPolicy": {"type": "Continuous"},
    "locations": [{"locationName": "westeurope"}, {"locationName": "northeurope"}],
    "tags": TAGS,
}
PROFILE: dict[str, Any] = {
    "trafficRoutingMethod": "Priority",
    "monitorConfig": {"protocol": "HTTPS", "path": "/healthz"},
    "endpoints": [{"name": "prod", "priority": 1}, {"name": "dr", "priority": 2}],
    "tags": TAGS,
}
VAULT: dict[str, Any] = {
    "properties": {
        "storageSettings": [{"datastoreType": "VaultStore", "type": "GeoRedundant"}],
        "featureSettings": {"crossRegionRestoreSettings": {"state": "Enabled"}},
        "securitySettings": {
            "immutabilitySettings": {"state": "Unlocked"},
            "softDeleteSettings": {"state": "On"},
            "encryptionSettings": {"state": "Enabled"},
        },
    },
    "tags": TAGS,
}


def broken(props: dict[str, Any], *path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `props` with the value at `path` replaced (None removes it)."""
    out = copy.deepcopy(props)
    node = out
    for part in path[:-1]:
        node = node[part]
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value
    return out


@pytest.mark.parametrize(
    ("type_", "props", "path", "value"),
    [
        (azure.STORAGE_ACCOUNT, ACCOUNT, ("encryption", "keySource"), "Microsoft.Storage"),
        (azure.POSTGRES, SERVER, ("dataEncryption", "type"), "SystemAssigned"),
        (azure.COSMOS, COSMOS, ("keyVaultKeyUri",), None),
        (
            azure.BACKUP_VAULT,
            VAULT,
            ("properties", "securitySettings", "encryptionSettings", "state"),
            "Disabled",
        ),
    ],
)
def test_cmk_encryption(type_: str, props: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    assert azure.cmk_encryption(type_, props) == []
    assert azure.cmk_encryption(type_, broken(props, *path, value=value))


@pytest.mark.parametrize(
    ("type_", "props", "path", "value"),
    [
        (azure.STORAGE_ACCOUNT, ACCOUNT, ("minimumTlsVersion",), "TLS1_0"),
        (azure.STORAGE_ACCOUNT, ACCOUNT, ("enableHttpsTrafficOnly",), False),
        (azure.COSMOS, COSMOS, ("minimalTlsVersion",), "Tls11"),
    ],
)
def test_tls_minimum(type_: str, props: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    assert azure.tls_minimum(type_, props) == []
    assert azure.tls_minimum(type_, broken(props, *path, value=value))


def test_tls_minimum_on_gateways() -> None:
    assert azure.tls_minimum(azure.GATEWAY, {"sslPolicy": {"policyName": "AppGwSslPolicy20220101S"}}) == []
    assert azure.tls_minimum(azure.GATEWAY, {"sslPolicy": {"policyName": "AppGwSslPolicy20150501"}})


@pytest.mark.parametrize(
    ("type_", "props", "path", "value"),
    [
        (azure.STORAGE_ACCOUNT, ACCOUNT, ("allowBlobPublicAccess",), True),
        (azure.STORAGE_ACCOUNT, ACCOUNT, ("allowSharedKeyAccess",), True),
        (azure.POSTGRES, SERVER, ("network", "publicNetworkAccess"), "Enabled"),
        (azure.COSMOS, COSMOS, ("publicNetworkAccess",), "Enabled"),
    ],
)
def test_no_public_access(type_: str, props: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    assert azure.no_public_access(type_, props) == []
    assert azure.no_public_access(type_, broken(props, *path, value=value))


def test_versioning_and_pitr() -> None:
    blob = {"isVersioningEnabled": True, "deleteRetentionPolicy": {"enabled": True, "days": 35}}
    assert azure.versioning_and_pitr(azure.BLOB_SERVICE, blob) == []
    assert azure.versioning_and_pitr(azure.BLOB_SERVICE, broken(blob, "isVersioningEnabled", value=False))
    assert azure.versioning_and_pitr(azure.COSMOS, broken(COSMOS, "backupPolicy", value={"type": "Periodic"}))
    assert azure.versioning_and_pitr(azure.POSTGRES, broken(SERVER, "backup", "backupRetentionDays", value=1))


def test_failover_profiles_route_by_priority_and_probe_a_path() -> None:
    rule = azure.failover_records_health_checked
    assert rule(azure.TRAFFIC_MANAGER, PROFILE) == []
    assert rule(azure.TRAFFIC_MANAGER, broken(PROFILE, "trafficRoutingMethod", value="Weighted"))
    assert rule(azure.TRAFFIC_MANAGER, broken(PROFILE, "monitorConfig", value={"protocol": "TCP"}))
    assert rule(azure.TRAFFIC_MANAGER, broken(PROFILE, "endpoints", value=[{"name": "prod", "priority": 1}]))


def test_required_tags_on_taggable_azure_types_only() -> None:
    assert azure.required_tags(azure.STORAGE_ACCOUNT, ACCOUNT) == []
    assert azure.required_tags(azure.STORAGE_ACCOUNT, broken(ACCOUNT, "tags", value={"service": "x"}))
    assert azure.required_tags("azure-native:network:Subnet", {}) == []  # takes no tags


def test_backup_coverage_needs_an_instance_per_prod_store_in_a_geo_vault() -> None:
    store = Rec(azure.POSTGRES, "pay", SERVER, {"id": SERVER_ID})
    instance = Rec(azure.BACKUP_INSTANCE, "i", {"properties": {"dataSourceInfo": {"resourceID": SERVER_ID}}})
    vault = Rec(azure.BACKUP_VAULT, "v", VAULT)
    assert azure.backup_coverage([store, instance, vault]) == []
    assert azure.backup_coverage([store, vault])
    lrs = broken(VAULT, "properties", "storageSettings", value=[{"type": "LocallyRedundant"}])
    assert azure.backup_coverage([store, instance, Rec(azure.BACKUP_VAULT, "v", lrs)])


def test_vaults_must_be_immutable() -> None:
    assert azure.dr_vault_locked([Rec(azure.BACKUP_VAULT, "v", VAULT)]) == []
    off = broken(VAULT, "properties", "securitySettings", "immutabilitySettings", "state", value="Disabled")
    assert azure.dr_vault_locked([Rec(azure.BACKUP_VAULT, "v", off)])


def test_prod_stores_need_a_delete_lock() -> None:
    account = Rec(azure.STORAGE_ACCOUNT, "media", ACCOUNT, {"id": ACCOUNT_ID})
    lock = Rec(azure.LOCK, "l", {"scope": ACCOUNT_ID, "level": "CanNotDelete"})
    assert azure.delete_locks([account, lock]) == []
    assert azure.delete_locks([account])
    dr = Rec(
        azure.STORAGE_ACCOUNT,
        "media",
        broken(ACCOUNT, "tags", value=TAGS | {"dr-role": "recovery"}),
        {"id": "x"},
    )
    assert azure.delete_locks([dr]) == []


def test_the_registry_applies_azure_rules_under_the_shared_policy_names() -> None:
    found = rules.check_resource(azure.STORAGE_ACCOUNT, broken(ACCOUNT, "allowBlobPublicAccess", value=True))
    assert {v.policy for v in found} == {"no-public-access"}
    assert "delete-locks" in rules.STACK_RULES


def test_residency_reads_azure_locations() -> None:
    found = evaluate([Rec(azure.COSMOS, "c", COSMOS)], allowed_regions({"westeurope"}))
    assert [v.policy for v in found if "northeurope" in v.message] == ["data-residency"]


@pytest.mark.parametrize("stack", ["prod", "dr"])
def test_both_azure_stacks_comply(stack: str) -> None:
    run: ProgramRun = _azure_run(stack)
    assert evaluate(run.resources, residency_of(load(stack, EXAMPLE))) == []
