"""prod on AWS + dr on Azure (examples/aws-to-azure) through the mock engine: every object and
relational store has its path, declared on both clouds by the dr stack."""

from __future__ import annotations

import json
from typing import Any

from offline.engine import ProgramRun
from tests.cross_cloud import example_raw, example_run, unsecret

FACTORY = "azure-native:datafactory:Factory"
TRIGGER = "azure-native:datafactory:Trigger"
LINKED = "azure-native:datafactory:LinkedService"
MIGRATION = "azure-native:dbforpostgresql:Migration"


def _stores(kind: str) -> list[tuple[str, str]]:
    return [
        (s["name"], d["name"])
        for s in example_raw("azure", "prod")["services"]
        for d in s.get("dataStores", [])
        if d["kind"] == kind
    ]


def _prod_store(service: str, store: str) -> dict[str, Any]:
    return example_run("azure", "prod").outputs["services"][service]["stores"][store]


def _of(run: ProgramRun, type_: str, service: str, store: str) -> list[Any]:
    return [r for r in run.of_type(type_) if run.service_of(r) == service and f"{service}-{store}" in r.name]


def test_every_object_store_has_a_data_factory_copy_on_two_schedules() -> None:
    dr = example_run("azure", "dr")
    assert _stores("object")
    for service, store in _stores("object"):
        assert len(_of(dr, FACTORY, service, store)) == 1
        triggers = {t.inputs["triggerName"]: t.inputs["properties"] for t in _of(dr, TRIGGER, service, store)}
        assert set(triggers) == {"every-window", "daily-full-pass"}
        window = triggers["every-window"]["recurrence"]
        assert (window["frequency"], window["interval"]) == ("Minute", 15)
        assert triggers["daily-full-pass"]["recurrence"]["frequency"] == "Day"
        # each 15-min run looks back two windows: a late or failed run is covered by the next
        assert "-30" in triggers["every-window"]["pipelines"][0]["parameters"]["windowStart"]
        source = [
            d
            for d in _of(dr, "azure-native:datafactory:Dataset", service, store)
            if d.name.endswith("-source")
        ]
        assert (
            source[0].inputs["properties"]["location"]["bucketName"] == _prod_store(service, store)["bucket"]
        )


def test_the_s3_key_is_a_key_vault_reference_never_a_value_in_the_factory() -> None:
    dr = example_run("azure", "dr")
    for s3 in (r for r in dr.of_type(LINKED) if r.inputs["linkedServiceName"] == "s3"):
        key = s3.inputs["properties"]["secretAccessKey"]
        assert key["type"] == "AzureKeyVaultSecret" and key["store"]["referenceName"] == "keyvault"


def test_the_copy_user_only_reads_its_bucket() -> None:
    dr = example_run("azure", "dr")
    policies = dr.of_type("aws:iam/userPolicy:UserPolicy")
    assert len(policies) == len(_stores("object"))
    for policy in policies:
        statements = json.loads(policy.inputs["policy"])["Statement"]
        actions = {
            a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
        }
        assert actions <= {"s3:ListBucket", "s3:GetBucketLocation", "s3:GetObject", "kms:Decrypt"}


def test_every_relational_store_migrates_online_from_prods_writer() -> None:
    dr = example_run("azure", "dr")
    assert _stores("relational")
    for service, store in _stores("relational"):
        [migration] = _of(dr, MIGRATION, service, store)
        p = migration.inputs
        writer = _prod_store(service, store)["writerEndpoint"]
        assert (p["sourceType"], p["migrationMode"], p["sslMode"]) == ("AWS_RDS", "Online", "Require")
        assert p["sourceDbServerFullyQualifiedDomainName"] == writer
        assert p["sourceDbServerResourceId"] == f"{writer}:5432@dr_replication"
        secrets = unsecret(p["secretParameters"])
        assert set(secrets["adminCredentials"]) == {"sourceServerPassword", "targetServerPassword"}
        assert (secrets["sourceServerUsername"], secrets["targetServerUsername"]) == (
            "dr_replication",
            "migrationadmin",
        )


def test_the_migration_target_is_a_private_zone_redundant_server_with_a_password_administrator() -> None:
    dr = example_run("azure", "dr")
    servers = dr.of_type("azure-native:dbforpostgresql:Server")
    assert len(servers) == len(_stores("relational"))
    for server in servers:
        p = server.inputs
        assert p["network"]["publicNetworkAccess"] == "Disabled"
        assert p["highAvailability"]["mode"] == "ZoneRedundant"
        assert p["authConfig"]["passwordAuth"] == "Enabled" and p["administratorLogin"] == "migrationadmin"


def test_prods_relational_stores_turn_on_logical_replication_for_the_migration_service() -> None:
    prod = example_run("azure", "prod")
    for group in prod.of_type("aws:rds/parameterGroup:ParameterGroup"):
        static = {
            p["name"]: p["value"]
            for p in group.inputs["parameters"]
            if p.get("applyMethod") == "pending-reboot"
        }
        assert static == {"rds.logical_replication": "1"}


def test_the_vpn_gateway_is_active_active_with_four_bgp_tunnels_to_prods_gateway() -> None:
    dr = example_run("azure", "dr")
    gateway = example_run("azure", "prod").outputs["network"]["vpnGatewayId"]
    [vpn] = dr.of_type("azure-native:network:VirtualNetworkGateway")
    assert vpn.inputs["activeActive"] is True and vpn.inputs["enableBgp"] is True
    connections = dr.of_type("aws:ec2/vpnConnection:VpnConnection")
    assert {c.inputs["vpnGatewayId"] for c in connections} == {gateway}
    tunnels = dr.of_type("azure-native:network:VirtualNetworkGatewayConnection")
    assert len(tunnels) == 4 and all(t.inputs["enableBgp"] for t in tunnels)
    subnets = [
        s for s in dr.of_type("azure-native:network:Subnet") if s.inputs["subnetName"] == "GatewaySubnet"
    ]
    assert len(subnets) == 1
