"""Cloud SQL: advanced DR's mock-blind rules over both stacks, and the plain replica's."""

from __future__ import annotations

from typing import Any

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.components.gcp.conftest import both, gcp_resources
from tests.conftest import unsecret

SQL = "gcp:sql/databaseInstance:DatabaseInstance"
ADVANCED_DR = ("prod-ecommerce-orders", "prod-payments-payments")
"""The tier-0 stores (rto < 1h): protected by advanced DR (services.protection)."""


def _settings(r: Recorded) -> dict[str, Any]:
    return dict(r.inputs.get("settings") or {})


def _primaries(run: ProgramRun) -> list[Recorded]:
    return [r for r in gcp_resources(run, SQL) if not r.inputs.get("masterInstanceName")]


def _advanced_dr_primaries(prod: ProgramRun) -> list[Recorded]:
    found = [r for r in _primaries(prod) if r.inputs.get("replicationCluster")]
    assert sorted(r.inputs["name"] for r in found) == sorted(ADVANCED_DR)
    return found


def test_advanced_dr_primaries_and_replicas_are_enterprise_plus(
    gcp_prod: ProgramRun, gcp_dr: ProgramRun
) -> None:
    names = {n.replace("prod-", "dr-", 1) for n in ADVANCED_DR} | set(ADVANCED_DR)
    found = [r for r in both(SQL) if r.inputs["name"] in names]
    assert len(found) == 4
    assert all(_settings(r)["edition"] == "ENTERPRISE_PLUS" for r in found)


def test_every_primary_has_point_in_time_recovery_on(gcp_prod: ProgramRun) -> None:
    for r in _primaries(gcp_prod):
        backup = _settings(r)["backupConfiguration"]
        assert backup["enabled"] is True and backup["pointInTimeRecoveryEnabled"] is True, r.name


def test_advanced_dr_runs_postgres_12_or_later(gcp_prod: ProgramRun) -> None:
    for r in _advanced_dr_primaries(gcp_prod):
        major = str(r.inputs["databaseVersion"]).removeprefix("POSTGRES_").split("_")[0]
        assert int(major) >= 12, r.name


def test_no_instance_turns_on_logical_decoding() -> None:
    flags = [f["name"] for r in both(SQL) for f in _settings(r).get("databaseFlags", [])]
    assert flags and "cloudsql.logical_decoding" not in flags


def test_dr_replicas_are_not_cascadable(gcp_dr: ProgramRun) -> None:
    replicas = [r for r in gcp_resources(gcp_dr, SQL) if r.inputs.get("masterInstanceName")]
    assert len(replicas) == 4
    assert all(unsecret(r.inputs["replicaConfiguration"])["cascadableReplica"] is False for r in replicas)


def test_advanced_dr_primary_names_the_replica_dr_creates(gcp_prod: ProgramRun, gcp_dr: ProgramRun) -> None:
    replicas = {r.inputs["name"]: r for r in gcp_resources(gcp_dr, SQL)}
    for primary in _advanced_dr_primaries(gcp_prod):
        project, name = primary.inputs["replicationCluster"]["failoverDrReplicaName"].split(":")
        assert project == gcp_prod.outputs["keyArn"].split("/")[1]
        assert replicas[name].inputs["masterInstanceName"] == primary.inputs["name"]
        assert replicas[name].inputs["region"] != primary.inputs["region"]


def test_replicas_have_no_backups(gcp_dr: ProgramRun) -> None:
    # Cloud SQL refuses backups on read replicas (mock-blind).
    for r in gcp_resources(gcp_dr, SQL):
        assert _settings(r)["backupConfiguration"] == {"enabled": False}, r.name


def test_private_ip_only_with_tls_required() -> None:
    for r in both(SQL):
        ip = _settings(r)["ipConfiguration"]
        assert ip["ipv4Enabled"] is False and ip["privateNetwork"] and ip["sslMode"] == "ENCRYPTED_ONLY", (
            r.name
        )


def test_prod_is_regional_ha_and_deletion_protected(gcp_prod: ProgramRun) -> None:
    for r in _primaries(gcp_prod):
        settings = _settings(r)
        assert settings["availabilityType"] == "REGIONAL", r.name
        assert r.inputs["deletionProtection"] is True and settings["deletionProtectionEnabled"] is True


def test_each_instance_is_encrypted_with_its_sites_key(gcp_site: ProgramRun) -> None:
    key = gcp_site.outputs["keyArn"]
    region = gcp_site.outputs["site"]["region"]
    for r in gcp_resources(gcp_site, SQL):
        assert r.inputs["encryptionKeyName"] == key and f"/locations/{region}/" in key, r.name


def test_standard_backups_are_stored_outside_the_primary_region(gcp_prod: ProgramRun) -> None:
    for r in _primaries(gcp_prod):
        assert _settings(r)["backupConfiguration"]["location"] not in (None, r.inputs["region"]), r.name
