"""Key-value stores: DynamoDB global tables; prod owns the table, dr owns its replica."""

from __future__ import annotations

from offline.engine import ProgramRun
from tests.conftest import plan_with, resources, service, waive_posture


def test_prod_tables_stream_encrypt_recover_and_resist_deletion(prod: ProgramRun) -> None:
    tables = resources(prod, "aws:dynamodb/table:Table")
    assert {t.inputs["name"] for t in tables} == {"ecommerce-carts", "inventory-stock"}
    for t in tables:
        assert t.inputs["streamEnabled"] is True
        assert t.inputs["streamViewType"] == "NEW_AND_OLD_IMAGES"
        assert t.inputs["serverSideEncryption"] == {"enabled": True, "kmsKeyArn": prod.outputs["keyArn"]}
        assert t.inputs["pointInTimeRecovery"]["enabled"] is True
        assert 1 <= t.inputs["pointInTimeRecovery"]["recoveryPeriodInDays"] <= 35
        assert t.inputs["deletionProtectionEnabled"] is True
        # dr adds the replica with TableReplica; the table must not fight it.
        assert "replicas" not in t.inputs and "replicas" in t.ignore_changes


def test_partition_key_comes_from_the_catalog(prod: ProgramRun) -> None:
    keys = {t.inputs["name"]: t.inputs["hashKey"] for t in resources(prod, "aws:dynamodb/table:Table")}
    assert keys == {"ecommerce-carts": "sessionId", "inventory-stock": "sku"}


def test_dr_replicas_join_prods_tables_with_the_replica_key(prod: ProgramRun, dr: ProgramRun) -> None:
    assert not dr.of_type("aws:dynamodb/table:Table")
    replicas = resources(dr, "aws:dynamodb/tableReplica:TableReplica")
    prod_arns = {
        s["arn"]
        for o in prod.outputs["services"].values()
        for s in o.get("stores", {}).values()
        if s["kind"] == "keyvalue"
    }
    assert {r.inputs["globalTableArn"] for r in replicas} == prod_arns
    for r in replicas:
        assert r.inputs["kmsKeyArn"] == dr.outputs["keyArn"]
        assert r.inputs["pointInTimeRecovery"] is True


def test_dr_replicas_resist_deletion(dr: ProgramRun) -> None:
    # Deliberate change (issue 13): once dr takes over, its replica is the production table.
    for r in resources(dr, "aws:dynamodb/tableReplica:TableReplica"):
        assert r.inputs["deletionProtectionEnabled"] is True


def test_a_table_whose_rpo_allows_backups_gets_no_replica() -> None:
    def relaxed(raw: dict) -> None:
        service(raw, "inventory")["dataStores"][0]["rpo"] = "2h"
        waive_posture(raw, "inventory", "test exercises the table mode choice, not the posture")

    run = plan_with("dr", relaxed)
    assert run.outputs["services"]["inventory"]["stores"]["stock"]["mode"] == "backup-copy"
    assert {
        r.inputs["globalTableArn"].rsplit("/", 1)[-1]
        for r in run.of_type("aws:dynamodb/tableReplica:TableReplica")
    } == {"ecommerce-carts"}
