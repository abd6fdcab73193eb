"""Names the cross-cloud paths give their resources fit their clouds' limits (the mock engine
accepts any), in both examples as written and with the longest names config allows (longest.py):
IAM (role 64 with pulumi-aws's 8-character suffix), SQS (80), Lambda (64), Compute Engine (63),
DMS ids (60), Azure data factories and VPN resources, Key Vault secrets (127), PostgreSQL
migrations."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

import pytest

from clouds import azure_names as names
from config import ConfigError, validate
from offline.engine import ProgramRun
from tests.components.cross_cloud.longest import (
    BACKUP_VAULT_NAME_ROOM,
    MAX_SERVICE_NAME,
    MAX_SLUG,
    MAX_STORE_NAME,
    longest_raw,
    longest_run,
)
from tests.cross_cloud import RECOVERY_CLOUDS, Recovery, example_run

AUTONAME_SUFFIX = 8
"""pulumi-aws auto-naming appends '-' and 7 hex characters to the logical name."""
RFC1035 = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
MIGRATION_NAME = re.compile(r"^[a-z][a-z0-9]*$")
"""Microsoft.DBforPostgreSQL/flexibleServers/migrations `name` (ARM template reference; REST
"Migrations - Update" api-version 2025-08-01, `migrationName`: pattern ^[a-z][a-z0-9]*$)."""

Names = Literal["example", "longest"]
NAMES: tuple[Names, ...] = ("example", "longest")
RUNS: dict[Names, Callable[[Recovery, str], ProgramRun]] = {"example": example_run, "longest": longest_run}


@pytest.mark.parametrize("variant", NAMES)
@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_auto_named_aws_resources_fit_their_limits(recovery: Recovery, variant: Names) -> None:
    dr = RUNS[variant](recovery, "dr")
    limits = {"aws:iam/role:Role": 64, "aws:iam/user:User": 64, "aws:sqs/queue:Queue": 80}
    for type_, limit in limits.items():
        for r in dr.of_type(type_):
            assert "name" in r.inputs or len(r.name) + AUTONAME_SUFFIX <= limit, (type_, r.name)


@pytest.mark.parametrize("variant", NAMES)
@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_prods_rotation_functions_fit_lambdas_64_characters(recovery: Recovery, variant: Names) -> None:
    prod = RUNS[variant](recovery, "prod")
    stacks = prod.of_type("aws:serverlessrepository/cloudFormationStack:CloudFormationStack")
    assert stacks
    assert all(len(s.inputs["parameters"]["functionName"]) <= 64 for s in stacks)


@pytest.mark.parametrize("variant", NAMES)
def test_gcp_names_are_compute_engine_names_and_dms_ids_fit(variant: Names) -> None:
    dr = RUNS[variant]("gcp", "dr")
    for type_ in (
        "gcp:compute/haVpnGateway:HaVpnGateway",
        "gcp:compute/vPNTunnel:VPNTunnel",
        "gcp:compute/router:Router",
        "gcp:compute/routerPeer:RouterPeer",
        "gcp:compute/routerInterface:RouterInterface",
        "gcp:compute/externalVpnGateway:ExternalVpnGateway",
    ):
        found = dr.of_type(type_)
        assert found and all(RFC1035.match(r.inputs["name"]) for r in found), type_
    ids = [
        p.inputs["connectionProfileId"]
        for p in dr.of_type("gcp:databasemigrationservice/connectionProfile:ConnectionProfile")
    ]
    ids += [
        j.inputs["migrationJobId"]
        for j in dr.of_type("gcp:databasemigrationservice/migrationJob:MigrationJob")
    ]
    assert ids and all(RFC1035.match(i) and len(i) <= 60 for i in ids)
    descriptions = [j.inputs["description"] for j in dr.of_type("gcp:storage/transferJob:TransferJob")]
    assert len(set(descriptions)) == len(descriptions)  # unique per project (TransferJob)


@pytest.mark.parametrize("variant", NAMES)
def test_azure_names_fit_azures_rules(variant: Names) -> None:
    dr = RUNS[variant]("azure", "dr")
    factories = [f.inputs["factoryName"] for f in dr.of_type("azure-native:datafactory:Factory")]
    assert factories and [p for n in factories if (p := names.DATA_FACTORY.problem(n))] == []
    assert len(set(factories)) == len(factories)
    secrets = [s.inputs["secretName"] for s in dr.of_type("azure-native:keyvault:Secret")]
    assert secrets and all(re.fullmatch(r"[0-9a-zA-Z-]{1,127}", n) for n in secrets)
    for type_, key in (
        ("azure-native:network:LocalNetworkGateway", "localNetworkGatewayName"),
        ("azure-native:network:VirtualNetworkGatewayConnection", "virtualNetworkGatewayConnectionName"),
    ):
        found = [r.inputs[key] for r in dr.of_type(type_)]
        assert found and all(re.fullmatch(r"[A-Za-z0-9][\w.-]{0,78}\w", n) for n in found), type_


@pytest.mark.parametrize("variant", NAMES)
def test_postgresql_migration_names_are_lowercase_letters_and_digits(variant: Names) -> None:
    migrations = RUNS[variant]("azure", "dr").of_type("azure-native:dbforpostgresql:Migration")
    assert migrations
    assert [
        m.inputs["migrationName"] for m in migrations if not MIGRATION_NAME.match(m.inputs["migrationName"])
    ] == []


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_the_longest_names_are_the_limits_config_allows(recovery: Recovery) -> None:
    """longest.py's names are the maxima: one character more is a config error for each."""
    raw = longest_raw(recovery, "prod")
    assert len(raw["organization"]) == MAX_SLUG
    assert len(raw["organization"]) + len(raw["environment"]) == BACKUP_VAULT_NAME_ROOM
    assert {len(s["name"]) for s in raw["services"]} == {MAX_SERVICE_NAME}
    assert {len(d["name"]) for s in raw["services"] for d in s.get("dataStores", [])} == {MAX_STORE_NAME}
    for grow in (
        lambda r: r.update(organization=r["organization"] + "z"),
        lambda r: r.update(environment=r["environment"] + "z"),
        lambda r: r["services"][0].update(name=r["services"][0]["name"] + "z"),
        lambda r: r["services"][0]["dataStores"][0].update(
            name=r["services"][0]["dataStores"][0]["name"] + "z"
        ),
    ):
        longer = longest_raw(recovery, "prod")
        grow(longer)
        with pytest.raises(ConfigError):
            validate(longer, "prod", {})
