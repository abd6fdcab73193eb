"""Backup and DR: a vault per site enforcing the configured minimum retention, and per service a
plan from its frequency and retention; prod associates its Cloud SQL primaries, dr keeps the
plan ready for the instance a failover promotes."""

from __future__ import annotations

from offline.engine import ProgramRun
from tests.components.gcp.conftest import gcp_resources

VAULT = "gcp:backupdisasterrecovery/backupVault:BackupVault"
PLAN = "gcp:backupdisasterrecovery/backupPlan:BackupPlan"
ASSOCIATION = "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation"
SQL = "gcp:sql/databaseInstance:DatabaseInstance"
RELATIONAL = ("ecommerce", "payments", "crm", "comms")


def test_each_site_has_one_vault_enforcing_the_configured_minimum_retention(gcp_site: ProgramRun) -> None:
    (vault,) = gcp_resources(gcp_site, VAULT)
    days = 7  # backup.vaultLock.minRetention default
    assert vault.inputs["backupMinimumEnforcedRetentionDuration"] == f"{days * 86400}s"
    assert vault.inputs["location"] == gcp_site.outputs["site"]["region"]
    assert vault.inputs["encryptionConfig"]["kmsKeyName"] == gcp_site.outputs["keyArn"]


def test_every_prod_cloud_sql_primary_is_in_its_services_plan(gcp_prod: ProgramRun) -> None:
    plans = {p.outputs["name"]: p for p in gcp_resources(gcp_prod, PLAN)}
    associated = {a.inputs["resource"].rsplit("/", 1)[1]: a for a in gcp_resources(gcp_prod, ASSOCIATION)}
    instances = [r.inputs["name"] for r in gcp_resources(gcp_prod, SQL)]
    assert sorted(associated) == sorted(instances)
    for name, a in associated.items():
        assert plans[a.inputs["backupPlan"]].inputs["backupPlanId"] == "-".join(name.split("-")[:2]), name


def test_plans_schedule_from_the_services_frequency(gcp_prod: ProgramRun) -> None:
    by_service = {p.inputs["backupPlanId"].removeprefix("prod-"): p for p in gcp_resources(gcp_prod, PLAN)}
    assert sorted(by_service) == sorted(RELATIONAL)
    schedules = {name: p.inputs["backupRules"][0]["standardSchedule"] for name, p in by_service.items()}
    # examples/gcp: tier 0 daily (Firestore's schedules), tier 1 every 6 h, tier 2 every 12 h.
    assert schedules["payments"]["recurrenceType"] == "DAILY"
    assert (schedules["crm"]["recurrenceType"], schedules["crm"]["hourlyFrequency"]) == ("HOURLY", 6)
    assert (schedules["comms"]["recurrenceType"], schedules["comms"]["hourlyFrequency"]) == ("HOURLY", 12)
    assert all(p.inputs["backupRules"][0]["backupRetentionDays"] == 35 for p in by_service.values())


def test_dr_plans_wait_for_a_promoted_instance(gcp_dr: ProgramRun) -> None:
    assert not gcp_dr.of_type(ASSOCIATION)  # replicas cannot be backed up
    for name in RELATIONAL:
        command = gcp_dr.outputs["services"][name]["backup"]["associateCommand"]
        assert command.startswith("gcloud backup-dr backup-plan-associations create dr-"), name
        assert f"backupPlans/dr-{name}" in command


def test_backup_failures_alert_the_sites_channels(gcp_site: ProgramRun) -> None:
    policies = [
        p
        for p in gcp_resources(gcp_site, "gcp:monitoring/alertPolicy:AlertPolicy")
        if "bdr_backup_restore_jobs"
        in str(p.inputs["conditions"][0].get("conditionMatchedLog", {}).get("filter"))
    ]
    assert len(policies) == 1
    assert policies[0].inputs["notificationChannels"] == gcp_site.outputs["alertTopicArn"].split(",")


def test_firestore_backs_up_on_its_own_daily_schedule(gcp_prod: ProgramRun) -> None:
    schedules = gcp_resources(gcp_prod, "gcp:firestore/backupSchedule:BackupSchedule")
    assert len(schedules) == len(gcp_resources(gcp_prod, "gcp:firestore/database:Database"))
    retention = f"{35 * 86400}s"
    assert all(s.inputs["dailyRecurrence"] == {} and s.inputs["retention"] == retention for s in schedules)
