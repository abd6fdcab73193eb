"""Every Azure store is protected across the sites as its mode says, and the mock-blind rules of
each data service hold over both stacks."""

from __future__ import annotations

import pytest

from clouds.azure_sizes import POSTGRES_STORAGE_GB
from components.azure.cosmos import MULTI_REGION_TABLE, Consistency, check_consistency
from offline.engine import ProgramRun
from tests.components.azure.conftest import catalog, of


def _store_entry(run: ProgramRun, service: str, store: str) -> dict[str, object]:
    entry: dict[str, object] = run.outputs["services"][service]["stores"][store]
    return entry


def test_every_store_has_a_copy_in_the_recovery_region(azure_prod: ProgramRun, azure_dr: ProgramRun) -> None:
    replicas = {r.inputs.get("sourceServerResourceId"): r for r in of(azure_dr, "dbforpostgresql:Server")}
    policies = of(azure_dr, "storage:ObjectReplicationPolicy")
    dr_accounts = {r.outputs["id"]: r for r in of(azure_dr, "storage:StorageAccount")}
    cosmos = {r.outputs["id"]: r for r in of(azure_prod, "cosmosdb:DatabaseAccount")}
    servers = {r.outputs["id"]: r for r in of(azure_prod, "dbforpostgresql:Server")}
    dr_region = "northeurope"
    checked = 0
    for service in catalog():
        for store in service.get("dataStores", []):
            prod = _store_entry(azure_prod, service["name"], store["name"])
            dr = _store_entry(azure_dr, service["name"], store["name"])
            mode = dr["mode"]
            if mode == "replicated-bucket":
                dest = [p for p in policies if p.inputs.get("sourceAccount") == prod["arn"]]
                assert {p.inputs.get("destinationAccount") for p in dest} == {dr["arn"]}, store["name"]
                assert dr_accounts[dr["arn"]].inputs["location"] == dr_region
            elif mode == "cross-region-replica":
                replica = replicas[prod["arn"]]
                assert replica.inputs["createMode"] == "Replica" and replica.inputs["location"] == dr_region
            elif mode == "multi-region-table":
                regions = {loc["locationName"] for loc in cosmos[prod["arn"]].inputs["locations"]}
                assert regions == {"westeurope", dr_region}
            else:
                assert mode == "backup-copy"
                assert servers[prod["arn"]].inputs["backup"]["geoRedundantBackup"] == "Enabled"
            checked += 1
    assert checked == sum(len(s.get("dataStores", [])) for s in catalog())


def test_object_replication_is_declared_on_both_accounts_with_the_destination_policy_id(
    azure_dr: ProgramRun,
) -> None:
    policies = of(azure_dr, "storage:ObjectReplicationPolicy")
    destinations = [p for p in policies if p.inputs["objectReplicationPolicyId"] == "default"]
    sources = [p for p in policies if p.inputs["objectReplicationPolicyId"] != "default"]
    assert destinations and len(sources) == len(destinations)
    ids = {p.outputs["policyId"] for p in destinations}
    assert {p.inputs["objectReplicationPolicyId"] for p in sources} == ids
    assert all(r.get("ruleId") for p in sources for r in p.inputs["rules"])


def test_no_read_replica_runs_on_burstable(azure_dr: ProgramRun) -> None:
    replicas = [r for r in of(azure_dr, "dbforpostgresql:Server") if r.inputs.get("createMode") == "Replica"]
    assert replicas
    assert all(r.inputs["sku"]["tier"] != "Burstable" for r in replicas)


def test_every_prod_server_is_zone_redundant_with_geo_redundant_backup_keyed_in_the_pair(
    azure_prod: ProgramRun,
) -> None:
    geo_vaults = {
        r.inputs["vaultName"]
        for r in of(azure_prod, "keyvault:Vault")
        if r.inputs["location"] == "northeurope"
    }
    for server in of(azure_prod, "dbforpostgresql:Server"):
        assert server.inputs["highAvailability"]["mode"] == "ZoneRedundant"
        assert server.inputs["backup"]["geoRedundantBackup"] == "Enabled"
        geo_key = server.inputs["dataEncryption"]["geoBackupKeyURI"]
        assert any(geo_key.startswith(f"https://{v}.vault.azure.net/") for v in geo_vaults), geo_key


def test_server_storage_is_a_size_flexible_server_provisions(azure_site: ProgramRun) -> None:
    for server in of(azure_site, "dbforpostgresql:Server"):
        assert server.inputs["storage"]["storageSizeGB"] in POSTGRES_STORAGE_GB


def test_replicas_keep_the_writer_name_through_a_virtual_endpoint_on_prods_server(
    azure_prod: ProgramRun, azure_dr: ProgramRun
) -> None:
    prod_servers = {r.inputs["serverName"] for r in of(azure_prod, "dbforpostgresql:Server")}
    replicas = {r.inputs["serverName"] for r in of(azure_dr, "dbforpostgresql:Server")}
    for endpoint in of(azure_dr, "dbforpostgresql:VirtualEndpoint"):
        assert endpoint.inputs["endpointType"] == "ReadWrite"
        assert endpoint.inputs["serverName"] in prod_servers
        assert set(endpoint.inputs["members"]) <= replicas


def test_no_cosmos_account_combines_strong_consistency_with_multi_region_writes(
    azure_site: ProgramRun,
) -> None:
    for account in azure_site.of_type("azure-native:cosmosdb:DatabaseAccount"):
        strong = account.inputs["consistencyPolicy"]["defaultConsistencyLevel"] == "Strong"
        assert not (strong and account.inputs.get("enableMultipleWriteLocations"))


def test_strong_consistency_with_multi_region_writes_is_refused() -> None:
    assert check_consistency(MULTI_REGION_TABLE) is MULTI_REGION_TABLE
    with pytest.raises(ValueError, match="strong consistency with multi-region writes"):
        check_consistency(Consistency(MULTI_REGION_TABLE.level, multi_region_writes=True))


def test_cosmos_fails_over_automatically_to_dr_with_continuous_backup(azure_prod: ProgramRun) -> None:
    for account in of(azure_prod, "cosmosdb:DatabaseAccount"):
        priorities = {loc["locationName"]: loc["failoverPriority"] for loc in account.inputs["locations"]}
        assert priorities == {"westeurope": 0, "northeurope": 1}
        assert account.inputs["enableAutomaticFailover"] is True
        assert account.inputs["backupPolicy"]["type"] == "Continuous"


def test_every_prod_store_is_an_azure_backup_instance_except_cosmos(azure_prod: ProgramRun) -> None:
    covered = {
        r.inputs["properties"]["dataSourceInfo"]["resourceID"]
        for r in of(azure_prod, "dataprotection:BackupInstance")
    }
    stores = [r.outputs["id"] for r in of(azure_prod, "dbforpostgresql:Server")]
    stores += [
        r.outputs["id"]
        for r in of(azure_prod, "storage:StorageAccount")
        if not r.name.endswith("-logs-account")
    ]
    assert set(stores) <= covered


def test_backup_vaults_are_geo_redundant_with_cross_region_restore_and_immutability(
    azure_site: ProgramRun,
) -> None:
    for vault in of(azure_site, "dataprotection:BackupVault"):
        props = vault.inputs["properties"]
        assert props["storageSettings"][0]["type"] == "GeoRedundant"
        assert props["featureSettings"]["crossRegionRestoreSettings"]["state"] == "Enabled"
        assert (
            props["securitySettings"]["immutabilitySettings"]["state"] == "Unlocked"
        )  # governance (default)


def test_vault_immutability_follows_the_vault_lock_mode() -> None:
    from components.azure.backup import immutability
    from config.models import VaultLock

    assert immutability(VaultLock()) == "Unlocked"  # governance, the default: enabled, reversible
    assert immutability(VaultLock(mode="compliance")) == "Locked"  # one-way, like AWS compliance mode


def test_every_replica_has_a_lag_alert_and_every_cosmos_account_a_latency_alert(
    azure_prod: ProgramRun, azure_dr: ProgramRun
) -> None:
    def scoped(run: ProgramRun, metric: str) -> set[str]:
        return {
            a.inputs["scopes"][0]
            for a in of(run, "monitor:MetricAlert")
            if a.inputs["criteria"]["allOf"][0]["metricName"] == metric
        }

    replicas = {r.outputs["id"] for r in of(azure_dr, "dbforpostgresql:Server")}
    assert scoped(azure_dr, "physical_replication_delay_in_seconds") == replicas
    accounts = {r.outputs["id"] for r in of(azure_prod, "cosmosdb:DatabaseAccount")}
    assert scoped(azure_prod, "ReplicationLatency") == accounts


def test_backup_job_failures_reach_the_sites_action_group(azure_site: ProgramRun) -> None:
    vault = of(azure_site, "dataprotection:BackupVault")[0]
    settings = vault.inputs["properties"]["monitoringSettings"]["azureMonitorAlertSettings"]
    assert settings["alertsForAllJobFailures"] == "Enabled"
    rule = of(azure_site, "alertsmanagement:AlertProcessingRuleByName")[0].inputs["properties"]
    group = of(azure_site, "monitor:ActionGroup")[0].outputs["id"]
    assert rule["scopes"] == [vault.outputs["id"]] and rule["actions"][0]["actionGroupIds"] == [group]
