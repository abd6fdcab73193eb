"""The data part of the `services` output: what each site exports per service and store, and
that dr builds on prod's exported values (prod never reads dr)."""

from __future__ import annotations

from offline.engine import ProgramRun
from tests.conftest import resources
from vocabulary import outputs as names

AURORA = {"kind", "mode", "arn", "writerEndpoint", "readerEndpoint", "globalClusterId"}
EXPECTED_KEYS = {
    ("prod", "object"): {"kind", "mode", "bucket", "arn"},
    ("dr", "object"): {"kind", "mode", "bucket", "arn"},
    ("prod", "global-database"): {
        "kind",
        "mode",
        "arn",
        "writerEndpoint",
        "readerEndpoint",
        "globalClusterId",
    },
    ("dr", "global-database"): {"kind", "mode", "arn", "writerEndpoint", "readerEndpoint", "globalClusterId"},
    ("prod", "cross-region-replica"): {"kind", "mode", "arn", "writerEndpoint"},
    ("dr", "cross-region-replica"): {"kind", "mode", "arn", "readerEndpoint"},
    ("prod", "backup-copy"): {"kind", "mode", "arn", "writerEndpoint"},
    ("dr", "backup-copy"): {"kind", "mode"},
    ("prod", "multi-region-table"): {"kind", "mode", "tableName", "arn"},
    ("dr", "multi-region-table"): {"kind", "mode", "tableName", "arn"},
}


def test_every_store_exports_the_keys_of_its_mode(site: ProgramRun) -> None:
    seen = 0
    for out in site.outputs[names.SERVICES].values():
        for store in out.get(names.STORES, {}).values():
            kind = "object" if store["kind"] == "object" else store["mode"]
            assert set(store) == EXPECTED_KEYS[(site.stack, kind)], store
            seen += 1
    assert seen == 9


def test_each_site_exports_its_own_copy(prod: ProgramRun, dr: ProgramRun) -> None:
    p, d = prod.outputs["services"], dr.outputs["services"]
    media_p, media_d = p["ecommerce"]["stores"]["product-media"], d["ecommerce"]["stores"]["product-media"]
    assert media_p["bucket"] != media_d["bucket"]
    assert ".us-east-1." in p["payments"]["stores"]["payments"]["writerEndpoint"]
    assert ".us-west-2." in d["payments"]["stores"]["payments"]["readerEndpoint"]
    assert p["inventory"]["stores"]["stock"]["tableName"] == d["inventory"]["stores"]["stock"]["tableName"]


def test_backup_outputs_name_vaults_and_plans(prod: ProgramRun, dr: ProgramRun) -> None:
    with_data = {name: out for name, out in prod.outputs["services"].items() if "stores" in out}
    assert set(with_data) == {"ecommerce", "payments", "inventory", "crm", "comms"}
    for name, out in with_data.items():
        assert out["backup"]["vaultArn"].endswith(":backup-vault:acme-production-prod")
        assert out["backup"]["copyVaultArn"] == dr.outputs["services"][name]["backup"]["vaultArn"]
        assert out["backup"]["planId"]
        assert dr.outputs["services"][name]["backup"]["restoreTestingPlan"] == f"{name}_restore_test"


def test_dr_builds_on_prods_exports(prod: ProgramRun, dr: ProgramRun) -> None:
    p = prod.outputs["services"]
    (replica_of_crm,) = resources(dr, "aws:rds/instance:Instance")
    assert replica_of_crm.inputs["replicateSourceDb"] == p["crm"]["stores"]["crm"]["arn"]
    clusters = {c.inputs["clusterIdentifier"]: c for c in dr.of_type("aws:rds/cluster:Cluster")}
    assert (
        clusters["payments-payments-dr"].inputs["globalClusterIdentifier"]
        == (p["payments"]["stores"]["payments"]["globalClusterId"])
    )
    sources = {
        c.inputs["bucket"] for c in dr.of_type("aws:s3/bucketReplicationConfig:BucketReplicationConfig")
    }
    assert p["comms"]["stores"]["archive"]["bucket"] in sources
