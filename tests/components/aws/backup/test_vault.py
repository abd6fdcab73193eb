"""The site's vaults: named deterministically, dr locked, alerts on failures, one backup role."""

from __future__ import annotations

import json
import re

from offline.engine import ProgramRun
from tests.conftest import plan_with, resources


def test_each_site_has_one_vault_encrypted_with_its_key(site: ProgramRun) -> None:
    (vault,) = resources(site, "aws:backup/vault:Vault")
    label = "prod" if site.stack == "prod" else "dr"
    assert vault.inputs["name"] == f"acme-production-{label}"
    assert vault.inputs["kmsKeyArn"] == site.outputs["keyArn"]
    assert site.service_of(vault) == "hosting"


def test_vault_names_fit_aws_backup_limits(site: ProgramRun) -> None:
    # CreateBackupVault: 2-50 characters, letters, digits, '-' and '_'.
    for vault in resources(site, "aws:backup/vault:Vault"):
        assert re.fullmatch(r"[A-Za-z0-9_-]{2,50}", vault.inputs["name"]), vault.inputs["name"]


def test_the_dr_vault_is_locked_in_governance_mode_by_default(prod: ProgramRun, dr: ProgramRun) -> None:
    assert not prod.of_type("aws:backup/vaultLockConfiguration:VaultLockConfiguration")
    (lock,) = resources(dr, "aws:backup/vaultLockConfiguration:VaultLockConfiguration")
    assert lock.inputs["backupVaultName"] == "acme-production-dr"
    assert (lock.inputs["minRetentionDays"], lock.inputs["maxRetentionDays"]) == (7, 400)
    assert "changeableForDays" not in lock.inputs  # governance: no cooling-off, no immutability


def test_compliance_mode_sets_the_cooling_off_period() -> None:
    def compliance(raw: dict) -> None:
        raw["backup"] = {"vaultLock": {"mode": "compliance", "changeableForDays": 5}}

    run = plan_with("dr", compliance)
    (lock,) = resources(run, "aws:backup/vaultLockConfiguration:VaultLockConfiguration")
    assert lock.inputs["changeableForDays"] == 5


def test_vault_notifications_and_failed_job_events_go_to_the_alert_topic(site: ProgramRun) -> None:
    (notifications,) = resources(site, "aws:backup/vaultNotifications:VaultNotifications")
    assert notifications.inputs["snsTopicArn"] == site.outputs["alertTopicArn"]
    assert "COPY_JOB_FAILED" in notifications.inputs["backupVaultEvents"]
    (rule,) = resources(site, "aws:cloudwatch/eventRule:EventRule")
    pattern = json.loads(rule.inputs["eventPattern"])
    assert pattern["source"] == ["aws.backup"]
    assert {"Backup Job State Change", "Copy Job State Change"} <= set(pattern["detail-type"])
    assert "FAILED" in pattern["detail"]["state"]
    (target,) = resources(site, "aws:cloudwatch/eventTarget:EventTarget")
    assert target.inputs["arn"] == site.outputs["alertTopicArn"]


def test_backup_role_is_assumed_only_by_aws_backup_with_its_managed_policies(site: ProgramRun) -> None:
    roles = [
        r
        for r in resources(site, "aws:iam/role:Role")
        if "backup.amazonaws.com" in r.inputs["assumeRolePolicy"]
    ]
    (role,) = roles
    (statement,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    assert statement["Principal"] == {"Service": "backup.amazonaws.com"}
    attached = {
        a.inputs["policyArn"].rsplit("/", 1)[-1]
        for a in site.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        if a.parent == role.parent
    }
    assert attached == {
        "AWSBackupServiceRolePolicyForBackup",
        "AWSBackupServiceRolePolicyForRestores",
        "AWSBackupServiceRolePolicyForS3Backup",
        "AWSBackupServiceRolePolicyForS3Restore",
    }
