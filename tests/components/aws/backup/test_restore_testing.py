"""Restore tests run in dr against the copies in the dr vault, for every store of every service."""

from __future__ import annotations

import re

from offline.engine import ProgramRun
from tests.conftest import pci_run, resources

TYPES = {"object": "S3", "keyvalue": "DynamoDB"}


def test_every_service_with_data_has_a_restore_testing_plan_on_the_dr_vault(dr: ProgramRun) -> None:
    (vault,) = resources(dr, "aws:backup/vault:Vault")
    plans = resources(dr, "aws:backup/restoreTestingPlan:RestoreTestingPlan")
    assert {dr.service_of(p) for p in plans} == {"ecommerce", "payments", "inventory", "crm", "comms"}
    for plan in plans:
        selection = plan.inputs["recoveryPointSelection"]
        assert selection["includeVaults"] == [vault.outputs["arn"]]
    weekly = {dr.service_of(p): p.inputs["scheduleExpression"] for p in plans}
    assert weekly["payments"] == "cron(0 5 ? * SUN *)"  # tier 0: every 7 days
    assert weekly["comms"] == "cron(0 5 1 * ? *)"  # tier 2: every 30 days


def test_restore_testing_names_fit_aws_backup_rules(dr: ProgramRun) -> None:
    # Restore testing plan and selection names: 1-50 characters, ^[a-zA-Z0-9_]+$.
    named = [
        *resources(dr, "aws:backup/restoreTestingPlan:RestoreTestingPlan"),
        *resources(dr, "aws:backup/restoreTestingSelection:RestoreTestingSelection"),
    ]
    for r in named:
        assert re.fullmatch(r"[A-Za-z0-9_]{1,50}", r.inputs["name"]), r.inputs["name"]


def test_restore_selections_cover_every_prod_store(prod: ProgramRun, dr: ProgramRun) -> None:
    selections = resources(dr, "aws:backup/restoreTestingSelection:RestoreTestingSelection")
    covered = {(dr.service_of(s), arn) for s in selections for arn in s.inputs["protectedResourceArns"]}
    for name, out in prod.outputs["services"].items():
        for store in out.get("stores", {}).values():
            assert (name, store["arn"]) in covered, (name, store)
    assert {s.inputs["protectedResourceType"] for s in selections} == {"S3", "DynamoDB", "Aurora", "RDS"}
    for s in selections:
        if s.inputs["protectedResourceType"] in {"Aurora", "RDS"}:
            assert s.inputs["restoreMetadataOverrides"]["dbSubnetGroupName"]


def test_volumes_are_restore_tested_in_dr_by_their_service_tag() -> None:
    run = pci_run("dr")  # crm carries VM volumes there
    (ebs,) = [
        s
        for s in resources(run, "aws:backup/restoreTestingSelection:RestoreTestingSelection")
        if s.inputs["protectedResourceType"] == "EBS"
    ]
    assert run.service_of(ebs) == "crm"
    # AWS Backup takes a wildcard plus tag conditions (the volumes' ARNs are the compute's)
    assert ebs.inputs["protectedResourceArns"] == ["*"]
    assert ebs.inputs["protectedResourceConditions"]["stringEquals"] == [
        {"key": "aws:ResourceTag/service", "value": "crm"}
    ]
    assert ebs.inputs["restoreMetadataOverrides"] == {"kmsKeyId": run.outputs["keyArn"]}
