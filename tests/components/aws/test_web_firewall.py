"""Public endpoints of pci and pii services sit behind AWS WAF in both sites."""

from __future__ import annotations

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import resources

FIREWALLED = {"ecommerce", "payments", "crm"}  # pii, pci, pii
ACL = "aws:wafv2/webAcl:WebAcl"


def _by_service(run: ProgramRun, type_: str) -> dict[str, Recorded]:
    return {str(run.service_of(r)): r for r in resources(run, type_)}


def test_pci_and_pii_endpoints_and_only_they_get_a_web_acl(site: ProgramRun) -> None:
    acls = _by_service(site, ACL)
    assert set(acls) == FIREWALLED
    lbs = _by_service(site, "aws:lb/loadBalancer:LoadBalancer")
    for association in resources(site, "aws:wafv2/webAclAssociation:WebAclAssociation"):
        service = str(site.service_of(association))
        assert association.inputs["resourceArn"] == lbs[service].outputs["arn"]
        assert association.inputs["webAclArn"] == acls[service].outputs["arn"]


def test_web_acls_run_the_managed_rule_groups_and_a_blocking_rate_limit(site: ProgramRun) -> None:
    for acl in resources(site, ACL):
        assert acl.inputs["scope"] == "REGIONAL" and "allow" in acl.inputs["defaultAction"]
        groups = [
            r["statement"]["managedRuleGroupStatement"] for r in acl.inputs["rules"] if "overrideAction" in r
        ]
        assert {(g["vendorName"], g["name"]) for g in groups} == {
            ("AWS", "AWSManagedRulesCommonRuleSet"),
            ("AWS", "AWSManagedRulesKnownBadInputsRuleSet"),
            ("AWS", "AWSManagedRulesSQLiRuleSet"),
        }
        (rate,) = [r for r in acl.inputs["rules"] if "rateBasedStatement" in r["statement"]]
        assert (
            "block" in rate["action"] and rate["statement"]["rateBasedStatement"]["aggregateKeyType"] == "IP"
        )
        priorities = [r["priority"] for r in acl.inputs["rules"]]
        assert len(set(priorities)) == len(priorities)


def test_waf_logs_go_to_a_cmk_encrypted_aws_waf_logs_group_kept_with_the_services_logs(
    site: ProgramRun,
) -> None:
    groups = {g.outputs["arn"]: g for g in resources(site, "aws:cloudwatch/logGroup:LogGroup")}
    for logging in resources(site, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"):
        (destination,) = logging.inputs["logDestinationConfigs"]
        group = groups[destination]
        assert group.inputs["name"].startswith("aws-waf-logs-")  # WAF logs nowhere else
        assert group.inputs["kmsKeyId"] == site.outputs["keyArn"]
        expected = 365 if site.service_of(group) == "payments" else 90  # pci: PCI DSS 10.5.1
        assert group.inputs["retentionInDays"] == expected
        assert {f["singleHeader"]["name"] for f in logging.inputs["redactedFields"]} == {
            "authorization",
            "cookie",
        }
