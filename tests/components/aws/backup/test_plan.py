"""Per-service backup plans in prod: schedule from the frequency, copies to the locked dr vault
with an explicit lifecycle, continuous backup where asked, every data store selected."""

from __future__ import annotations

from offline.engine import ProgramRun
from tests.conftest import plan_with, resources, service

SERVICES_WITH_DATA = {"ecommerce", "payments", "inventory", "crm", "comms"}


def plans(run: ProgramRun, continuous: bool = False) -> dict[str, dict]:
    """Per service, its scheduled plan (or its continuous-backup plan)."""
    return {
        run.service_of(p) or "": p.inputs
        for p in resources(run, "aws:backup/plan:Plan")
        if p.name.endswith("-pitr") == continuous
    }


def test_every_service_with_data_has_a_backup_plan_in_prod_and_none_in_dr(
    prod: ProgramRun, dr: ProgramRun
) -> None:
    assert set(plans(prod)) == SERVICES_WITH_DATA
    assert not dr.of_type("aws:backup/plan:Plan")
    for name, out in prod.outputs["services"].items():
        assert ("planId" in out.get("backup", {})) == (name in SERVICES_WITH_DATA)


def test_every_copy_action_has_a_lifecycle_and_targets_the_dr_vault(prod: ProgramRun, dr: ProgramRun) -> None:
    (dr_vault,) = resources(dr, "aws:backup/vault:Vault")
    all_plans = [p.inputs for p in resources(prod, "aws:backup/plan:Plan")]
    copies = [c for p in all_plans for r in p["rules"] for c in r.get("copyActions", [])]
    assert len(copies) == len(SERVICES_WITH_DATA)
    for copy in copies:
        assert copy["destinationVaultArn"] == dr_vault.outputs["arn"]
        assert copy["lifecycle"]["deleteAfter"] == 35


def test_schedule_and_retention_follow_the_service_plan(prod: ProgramRun) -> None:
    by_service = plans(prod)
    scheduled = {s: p["rules"][0] for s, p in by_service.items()}
    assert {r["ruleName"] for r in scheduled.values()} == {"scheduled"}
    assert scheduled["payments"]["schedule"] == "cron(0 0/1 * * ? *)"  # tier 0: hourly
    assert scheduled["comms"]["schedule"] == "cron(0 0/12 * * ? *)"  # tier 2: every 12 h
    assert all(r["lifecycle"]["deleteAfter"] == 35 for r in scheduled.values())
    assert all(r["targetVaultName"] == "acme-production-prod" for r in scheduled.values())


def test_continuous_backup_only_where_the_plan_asks_and_within_35_days(prod: ProgramRun) -> None:
    continuous = plans(prod, continuous=True)
    # tier 2 (comms) has no continuous backup; inventory has only a table (DynamoDB keeps its own PITR).
    assert set(continuous) == {"ecommerce", "payments", "crm"}
    for plan in continuous.values():
        (rule,) = plan["rules"]
        assert rule["enableContinuousBackup"] is True
        assert 1 <= rule["lifecycle"]["deleteAfter"] <= 35
        assert "copyActions" not in rule
    for plan in plans(prod).values():
        assert not any(r.get("enableContinuousBackup") for r in plan["rules"])


def test_continuous_backup_selects_only_buckets_and_databases(prod: ProgramRun) -> None:
    stores = prod.outputs["services"]["ecommerce"]["stores"]
    (selection,) = [
        s
        for s in resources(prod, "aws:backup/selection:Selection")
        if s.inputs["name"] == "ecommerce-pitr-stores"
    ]
    assert set(selection.inputs["resources"]) == {stores["orders"]["arn"], stores["product-media"]["arn"]}
    assert prod.outputs["services"]["ecommerce"]["backup"]["continuousPlanId"]


def test_every_data_store_of_every_service_is_in_a_backup_selection(prod: ProgramRun) -> None:
    plan_ids = {p.parent: p.outputs.get("id") for p in resources(prod, "aws:backup/plan:Plan")}
    selected: dict[str, set[str]] = {}
    for selection in resources(prod, "aws:backup/selection:Selection"):
        service_name = prod.service_of(selection) or ""
        assert selection.inputs["iamRoleArn"].startswith("arn:aws:iam:")
        selected.setdefault(service_name, set()).update(selection.inputs["resources"])
    for name, out in prod.outputs["services"].items():
        for store_name, store in out.get("stores", {}).items():
            assert store["arn"] in selected.get(name, set()), f"{name}/{store_name} is not backed up"
    assert len(plan_ids) == len(selected)


def test_copy_retention_override_reaches_the_copy_lifecycle() -> None:
    def longer_copies(raw: dict) -> None:
        service(raw, "comms")["backup"] = {"copyRetention": "90d"}

    run = plan_with("prod", longer_copies)
    (plan,) = [p for p in run.of_type("aws:backup/plan:Plan") if run.service_of(p) == "comms"]
    (copy,) = [c for r in plan.inputs["rules"] for c in r.get("copyActions", [])]
    assert copy["lifecycle"]["deleteAfter"] == 90


def test_vm_volumes_are_selected_by_their_service_tag() -> None:
    def volumes(raw: dict) -> None:
        service(raw, "crm")["dataStores"].append(
            {"kind": "volume", "name": "disks", "sizeGb": 100, "rpo": "1h"}
        )

    run = plan_with("prod", volumes)
    (selection,) = [
        s for s in run.of_type("aws:backup/selection:Selection") if s.inputs["name"] == "crm-volumes"
    ]
    assert selection.inputs["resources"] == ["arn:aws:ec2:*:*:volume/*"]
    (condition,) = selection.inputs["conditions"]
    assert condition["stringEquals"] == [{"key": "aws:ResourceTag/service", "value": "crm"}]
