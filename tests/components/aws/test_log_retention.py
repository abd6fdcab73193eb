"""Audit logs are kept by classification: a year at least for pci services (PCI DSS 10.5.1), in
both sites, including the site-wide logs that record them."""

from __future__ import annotations

from offline.engine import ProgramRun
from tests.conftest import plan_with, resources, service


def test_each_services_log_groups_keep_its_audit_retention(site: ProgramRun) -> None:
    expected = {"payments": 365, "ecommerce": 90, "inventory": 90, "crm": 90, "comms": 90}
    groups = [
        g for g in resources(site, "aws:cloudwatch/logGroup:LogGroup") if site.service_of(g) != "hosting"
    ]
    assert {site.service_of(g) for g in groups} >= {"payments", "ecommerce"}
    for group in groups:
        assert group.inputs["retentionInDays"] == expected[str(site.service_of(group))], group.name


def test_site_wide_logs_keep_the_strictest_services_retention(site: ProgramRun) -> None:
    # Deliberate change (issue 13): flow logs and load balancer access logs record payments (pci).
    (flow,) = [
        g for g in resources(site, "aws:cloudwatch/logGroup:LogGroup") if g.name.endswith("-flow-logs")
    ]
    assert flow.inputs["retentionInDays"] == 365
    (logs,) = [
        lc
        for lc in resources(site, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
        if lc.name.endswith("-logs-lifecycle")
    ]
    expiry = [r["expiration"]["days"] for r in logs.inputs["rules"] if "expiration" in r]
    assert expiry == [365]


def test_a_stricter_classification_retention_raises_a_services_logs() -> None:
    def keep_pii_longer(raw: dict) -> None:
        raw["auditLogRetentionDays"] = {"pii": 731}

    run = plan_with("prod", keep_pii_longer)
    ecommerce = [
        g for g in resources(run, "aws:cloudwatch/logGroup:LogGroup") if run.service_of(g) == "ecommerce"
    ]
    assert ecommerce and {g.inputs["retentionInDays"] for g in ecommerce} == {731}


def test_a_tier_retention_applies_where_the_classification_asks_less() -> None:
    def keep_tier_2_longer(raw: dict) -> None:
        raw["tiers"] = {2: {"auditLogRetentionDays": 545}}
        service(raw, "comms")["dataClassification"] = "internal"

    run = plan_with("prod", keep_tier_2_longer)
    comms = [g for g in resources(run, "aws:cloudwatch/logGroup:LogGroup") if run.service_of(g) == "comms"]
    assert comms and {g.inputs["retentionInDays"] for g in comms} == {545}
