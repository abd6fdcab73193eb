"""CMK everywhere, tags everywhere, the network as Azure allows it, across both Azure stacks."""

from __future__ import annotations

from offline.engine import ProgramRun
from policy.azure import accepts_tags, cmk_encryption
from tests.components.azure.conftest import of
from vocabulary.tags import REQUIRED_TAGS

ENCRYPTED = (
    "storage:StorageAccount",
    "dbforpostgresql:Server",
    "cosmosdb:DatabaseAccount",
    "dataprotection:BackupVault",
    "compute:DiskEncryptionSet",
    "compute:VirtualMachineScaleSet",
)


def _site_vault_uris(run: ProgramRun) -> set[str]:
    return {r.outputs["properties"]["vaultUri"] for r in of(run, "keyvault:Vault")}


def test_every_data_store_disk_and_vault_uses_a_customer_managed_key(azure_site: ProgramRun) -> None:
    checked = 0
    for short in ENCRYPTED:
        for r in azure_site.of_type(f"azure-native:{short}"):
            assert cmk_encryption(r.type, r.inputs, r.name) == [], r.name
            checked += 1
    assert checked > len(ENCRYPTED)


def test_every_key_is_in_a_vault_of_this_stack(azure_site: ProgramRun) -> None:
    vaults = _site_vault_uris(azure_site)
    uris = [
        r.inputs["encryption"]["keyVaultProperties"]["keyVaultUri"]
        for r in of(azure_site, "storage:StorageAccount")
    ]
    uris += [r.inputs["dataEncryption"]["primaryKeyURI"] for r in of(azure_site, "dbforpostgresql:Server")]
    assert uris and all(any(u.startswith(v.rstrip("/")) for v in vaults) for u in uris)


def test_key_vaults_keep_purge_protection_rbac_and_a_closed_firewall(azure_site: ProgramRun) -> None:
    for vault in of(azure_site, "keyvault:Vault"):
        props = vault.inputs["properties"]
        assert props["enablePurgeProtection"] is True and props["enableRbacAuthorization"] is True
        assert props["networkAcls"]["defaultAction"] == "Deny"


def test_every_taggable_azure_resource_carries_the_required_tags(azure_site: ProgramRun) -> None:
    taggable = [r for r in azure_site.resources if accepts_tags(r.type)]
    assert len(taggable) > 50
    missing = {r.name: [t for t in REQUIRED_TAGS if t not in (r.inputs.get("tags") or {})] for r in taggable}
    assert not {n: m for n, m in missing.items() if m}


def test_network_watcher_is_referenced_never_created(azure_site: ProgramRun) -> None:
    assert not azure_site.of_type("azure-native:network:NetworkWatcher")
    for log in of(azure_site, "network:FlowLog"):
        assert log.inputs["resourceGroupName"] == "NetworkWatcherRG"
        assert log.inputs["networkWatcherName"] == f"NetworkWatcher_{log.inputs['location']}"


def test_flow_logs_are_vnet_flow_logs_not_nsg_flow_logs(azure_site: ProgramRun) -> None:
    vnets = {r.outputs["id"] for r in of(azure_site, "network:VirtualNetwork")}
    assert {log.inputs["targetResourceId"] for log in of(azure_site, "network:FlowLog")} == vnets


def test_storage_accounts_are_https_tls12_private_and_key_less(azure_site: ProgramRun) -> None:
    for account in of(azure_site, "storage:StorageAccount"):
        i = account.inputs
        assert (i["enableHttpsTrafficOnly"], i["minimumTlsVersion"]) == (True, "TLS1_2")
        assert (i["allowBlobPublicAccess"], i["allowSharedKeyAccess"]) == (False, False)
        assert i["kind"] == "StorageV2"


def test_worm_stores_get_an_unlocked_but_lockable_version_level_immutability(azure_site: ProgramRun) -> None:
    worm = [
        r for r in of(azure_site, "storage:StorageAccount") if r.inputs.get("immutableStorageWithVersioning")
    ]
    assert worm
    for account in worm:
        policy = account.inputs["immutableStorageWithVersioning"]["immutabilityPolicy"]
        assert policy["state"] == "Unlocked" and policy["immutabilityPeriodSinceCreationInDays"] == 365
