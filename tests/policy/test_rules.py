"""Each guardrail passes a compliant fixture and fails a broken one; the offline plans comply.

Fixtures are hand-written with pulumi-aws v7 input names as the engine records them (camelCase),
including resource types the program does not declare yet (RDS, DynamoDB, AWS Backup, Route 53).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from config import validate
from offline.engine import ProgramRun
from policy import rules
from policy.rules import UNKNOWN, Rec, Residency, allowed_regions, evaluate, residency_of
from tests.conftest import default_raw, eu_run, eu_sites, pci_run
from vocabulary.tags import REQUIRED_TAGS

KEY = "arn:aws:kms:us-east-1:123456789012:key/mrk-1"
DR_KEY = "arn:aws:kms:us-west-2:123456789012:key/mrk-1"
TAGS = dict.fromkeys(REQUIRED_TAGS, "x") | {
    "environment": "production",
    "dr-role": "primary",
    "service": "payments",
}
DR_VAULT_ARN = "arn:aws:backup:us-west-2:123456789012:backup-vault:acme-dr"


def messages(rule: rules.ResourceRule, type_: str, props: dict[str, Any], name: str = "r") -> list[str]:
    return rule(type_, props, name)


def sse(algorithm: str, key: str | None = KEY) -> dict[str, Any]:
    by_default: dict[str, Any] = {"sseAlgorithm": algorithm}
    if key:
        by_default["kmsMasterKeyId"] = key
    return {"bucket": "b", "rules": [{"applyServerSideEncryptionByDefault": by_default}]}


# --- cmk-encryption --------------------------------------------------------------------------


def test_cmk_encryption_on_buckets() -> None:
    assert messages(rules.cmk_encryption, rules.SSE, sse("aws:kms")) == []
    assert messages(rules.cmk_encryption, rules.SSE, sse("aws:kms", key=None))
    assert messages(rules.cmk_encryption, rules.SSE, sse("AES256", key=None), "media-encryption")


def test_log_buckets_alone_may_use_sse_s3() -> None:
    assert (
        messages(rules.cmk_encryption, rules.SSE, sse("AES256", key=None), "acme-prod-logs-encryption") == []
    )
    # the exemption is SSE-S3 only, and only for the log bucket's own encryption config
    assert messages(
        rules.cmk_encryption, rules.SSE, {"bucket": "b", "rules": []}, "acme-prod-logs-encryption"
    )
    assert messages(
        rules.cmk_encryption, rules.SSE, sse("AES256", key=None), "acme-prod-logs-copy-encryption"
    )


@pytest.mark.parametrize("type_", [rules.RDS_CLUSTER, rules.RDS_INSTANCE])
def test_cmk_encryption_on_databases(type_: str) -> None:
    assert messages(rules.cmk_encryption, type_, {"storageEncrypted": True, "kmsKeyId": KEY}) == []
    assert messages(rules.cmk_encryption, type_, {"storageEncrypted": True}) == [
        "kmsKeyId must name a CMK (the AWS-managed aws/rds key cannot be shared cross-region)"
    ]
    assert "storageEncrypted must be true" in messages(rules.cmk_encryption, type_, {"kmsKeyId": KEY})


def test_cmk_encryption_on_global_clusters_tables_and_vaults() -> None:
    assert messages(rules.cmk_encryption, rules.RDS_GLOBAL, {"storageEncrypted": True}) == []
    assert messages(rules.cmk_encryption, rules.RDS_GLOBAL, {"engine": "aurora-postgresql"})
    table = {
        "serverSideEncryption": {"enabled": True, "kmsKeyArn": KEY},
        "replicas": [{"regionName": "us-west-2"}],
    }
    assert messages(rules.cmk_encryption, rules.TABLE, table) == ["replica in us-west-2 has no kmsKeyArn"]
    table["replicas"] = [{"regionName": "us-west-2", "kmsKeyArn": DR_KEY}]
    assert messages(rules.cmk_encryption, rules.TABLE, table) == []
    assert messages(rules.cmk_encryption, rules.TABLE, {"serverSideEncryption": {"enabled": True}})
    assert messages(rules.cmk_encryption, rules.VAULT, {"kmsKeyArn": KEY}) == []
    assert messages(rules.cmk_encryption, rules.VAULT, {"name": "v"}) == ["kmsKeyArn must name a CMK"]


# --- tls-only-buckets / no-public-access -----------------------------------------------------


def bucket_policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"bucket": "b", "policy": json.dumps({"Version": "2012-10-17", "Statement": list(statements)})}


TLS_DENY = {
    "Sid": "DenyInsecureTransport",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "s3:*",
    "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}
PUBLIC_READ = {
    "Sid": "Public",
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:GetObject",
    "Resource": "*",
}


def test_bucket_policies_must_deny_plain_http() -> None:
    assert messages(rules.tls_only_buckets, rules.BUCKET_POLICY, bucket_policy(TLS_DENY)) == []
    assert messages(rules.tls_only_buckets, rules.BUCKET_POLICY, bucket_policy(PUBLIC_READ))
    # a policy not known during preview is not judged
    assert messages(rules.tls_only_buckets, rules.BUCKET_POLICY, {"policy": UNKNOWN}) == []


BLOCK_FLAGS: tuple[str, ...] = (
    "blockPublicAcls",
    "blockPublicPolicy",
    "ignorePublicAcls",
    "restrictPublicBuckets",
)


def test_no_public_buckets() -> None:
    block = dict.fromkeys(BLOCK_FLAGS, True)
    assert messages(rules.no_public_access, rules.PUBLIC_ACCESS_BLOCK, block) == []
    assert messages(
        rules.no_public_access, rules.PUBLIC_ACCESS_BLOCK, {**block, "restrictPublicBuckets": False}
    )
    assert messages(rules.no_public_access, rules.BUCKET_ACL, {"acl": "public-read"})
    assert messages(rules.no_public_access, rules.BUCKET_ACL, {"acl": "private"}) == []
    assert messages(rules.no_public_access, rules.BUCKET_POLICY, bucket_policy(TLS_DENY, PUBLIC_READ))
    assert messages(rules.no_public_access, rules.BUCKET_POLICY, bucket_policy(TLS_DENY)) == []


@pytest.mark.parametrize("type_", [rules.RDS_INSTANCE, rules.RDS_CLUSTER_INSTANCE])
def test_no_public_databases(type_: str) -> None:
    assert messages(rules.no_public_access, type_, {"publiclyAccessible": False}) == []
    assert messages(rules.no_public_access, type_, {"publiclyAccessible": True})


# --- versioning-and-pitr / deletion-protection -----------------------------------------------


def test_versioning_and_pitr() -> None:
    on = {"bucket": "b", "versioningConfiguration": {"status": "Enabled"}}
    assert messages(rules.versioning_and_pitr, rules.VERSIONING, on) == []
    suspended = {"bucket": "b", "versioningConfiguration": {"status": "Suspended"}}
    assert messages(rules.versioning_and_pitr, rules.VERSIONING, suspended)
    assert messages(rules.versioning_and_pitr, rules.TABLE, {"pointInTimeRecovery": {"enabled": True}}) == []
    assert messages(rules.versioning_and_pitr, rules.TABLE, {"hashKey": "pk"})
    assert messages(rules.versioning_and_pitr, rules.RDS_INSTANCE, {"backupRetentionPeriod": 7}) == []
    assert messages(rules.versioning_and_pitr, rules.RDS_INSTANCE, {"backupRetentionPeriod": 0})


@pytest.mark.parametrize(
    ("type_", "flag"),
    [
        (rules.RDS_CLUSTER, "deletionProtection"),
        (rules.RDS_INSTANCE, "deletionProtection"),
        (rules.RDS_GLOBAL, "deletionProtection"),
        (rules.TABLE, "deletionProtectionEnabled"),
        (rules.TABLE_REPLICA, "deletionProtectionEnabled"),
        (rules.LOAD_BALANCER, "enableDeletionProtection"),
    ],
)
@pytest.mark.parametrize("role", ["primary", "recovery"])
def test_deletion_protection_in_both_sites(type_: str, flag: str, role: str) -> None:
    tags = {"tags": {**TAGS, "dr-role": role}}
    assert messages(rules.deletion_protection, type_, {**tags, flag: True}) == []
    assert messages(rules.deletion_protection, type_, {**tags, flag: False}) == [f"{flag} must be true"]


def test_stateful_resources_carry_pulumi_protect() -> None:
    def stateful(protect: bool) -> list[Rec]:
        return [Rec(t, f"r{i}", {"tags": TAGS}, protect=protect) for i, t in enumerate(rules.STATEFUL)]

    assert rules.stateful_resources_protected(stateful(True)) == []
    found = rules.stateful_resources_protected(stateful(False))
    assert [v.resource_type for v in found] == list(rules.STATEFUL)
    assert {v.message for v in found} == {"protect option is not set"}
    # stateless resources need no protect
    assert rules.stateful_resources_protected([Rec(rules.BUCKET_POLICY, "p", {})]) == []


def test_a_sandbox_switches_off_the_deletion_guards_only() -> None:
    unguarded = [
        Rec(rules.LOAD_BALANCER, "lb", {"tags": TAGS, "enableDeletionProtection": False}),
        Rec(rules.VAULT, "v", {"tags": TAGS}),  # no CMK, no protect
    ]
    guarded = {(v.policy, v.name) for v in evaluate(unguarded, allowed_regions({"us-east-1"}), protect=True)}
    assert {("deletion-protection", "lb"), ("stateful-resources-protected", "v")} <= guarded
    sandbox = {(v.policy, v.name) for v in evaluate(unguarded, allowed_regions({"us-east-1"}), protect=False)}
    assert sandbox == {("cmk-encryption", "v")}


def test_asg_tag_lists_count_as_tags() -> None:
    asg_tags = [{"key": k, "value": v, "propagateAtLaunch": True} for k, v in TAGS.items()]
    assert messages(rules.required_tags, "aws:autoscaling/group:Group", {"tags": asg_tags}) == []
    assert messages(rules.required_tags, "aws:autoscaling/group:Group", {"tags": asg_tags[:2]})


def test_a_continuous_only_plan_needs_no_copy_of_its_own() -> None:
    def plan(rules_: list[dict[str, Any]]) -> Rec:
        return Rec(rules.BACKUP_PLAN, "p", {"rules": rules_, "tags": TAGS, "region": "us-east-1"})

    continuous = plan([{"ruleName": "pitr", "enableContinuousBackup": True}])
    scheduled = plan([{"ruleName": "hourly", "copyActions": []}])
    assert [v for v in rules.backup_coverage([continuous]) if v.name == "p"] == []
    assert [v for v in rules.backup_coverage([scheduled]) if v.name == "p"]


# --- failover-records-health-checked ---------------------------------------------------------


def test_every_failover_record_is_health_checked() -> None:
    record = {
        "name": "pay",
        "type": "A",
        "failoverRoutingPolicies": [{"type": "PRIMARY"}],
        "setIdentifier": "p",
    }
    assert messages(rules.failover_records_health_checked, rules.RECORD, record) == [
        "PRIMARY failover record has no healthCheckId (and no alias with evaluateTargetHealth)"
    ]
    assert (
        messages(rules.failover_records_health_checked, rules.RECORD, {**record, "healthCheckId": "hc"}) == []
    )
    alias = {**record, "aliases": [{"name": "lb", "zoneId": "Z", "evaluateTargetHealth": True}]}
    assert messages(rules.failover_records_health_checked, rules.RECORD, alias) == []
    plain_record = {"name": "www", "type": "CNAME", "records": ["x"]}
    assert messages(rules.failover_records_health_checked, rules.RECORD, plain_record) == []


# --- required-tags ---------------------------------------------------------------------------


def test_required_tags_on_taggable_resources_only() -> None:
    assert messages(rules.required_tags, rules.TABLE, {"tags": TAGS}) == []
    assert messages(rules.required_tags, rules.TABLE, {"tags": {"service": "x"}})
    assert messages(rules.required_tags, rules.TABLE, {})
    # BucketVersioning takes no tags
    assert messages(rules.required_tags, rules.VERSIONING, {}) == []


# --- data residency --------------------------------------------------------------------------


def test_regions_must_be_inside_the_residency() -> None:
    us = allowed_regions({"us-east-1", "us-west-2"})
    ok = Rec(rules.TABLE, "t", {"region": "us-east-1", "replicas": [{"regionName": "us-west-2"}]})
    bad = Rec(rules.TABLE, "t", {"replicas": [{"regionName": "eu-west-1"}]})
    provider = Rec(rules.AWS_PROVIDER, "p", {"region": "eu-central-1"})
    plan = Rec(
        rules.BACKUP_PLAN,
        "plan",
        {"rules": [{"copyActions": [{"destinationVaultArn": "arn:aws:backup:eu-west-1:1:backup-vault:v"}]}]},
    )
    assert rules.residency_violations([ok], us) == []
    found = rules.residency_violations([bad, provider, plan], us)
    assert [(v.name, v.message.split(" is ")[0]) for v in found] == [
        ("t", "replicas[].regionName 'eu-west-1'"),
        ("p", "region 'eu-central-1'"),
        ("plan", "copyActions[].destinationVaultArn 'eu-west-1'"),
    ]


def test_residency_follows_the_service_tag_and_the_project_config() -> None:
    residency = Residency(None, {"payments": frozenset({"us-east-1"})})
    table = Rec(rules.TABLE, "t", {"region": "us-west-2", "tags": {"service": "payments"}})
    other = Rec(rules.TABLE, "t", {"region": "ap-south-1", "tags": {"service": "comms"}})
    assert len(rules.residency_violations([table, other], residency)) == 1
    project = rules.project_residency()
    assert project.default is not None and "us-west-2" in project.default
    assert "eu-west-1" not in project.default


EU = allowed_regions({"eu-central-1", "eu-west-1"})
HEALTH_PATTERN = json.dumps(
    {
        "source": ["aws.cloudwatch"],
        "detail-type": ["CloudWatch Alarm State Change"],
        "detail": {"configuration": {"metrics": {"metricStat": {"metric": {"namespace": ["AWS/Route53"]}}}}},
    }
)
EU_BUS = "arn:aws:events:eu-west-1:123456789012:event-bus/default"


def test_route53_health_alarms_and_their_forwarding_are_exempt_from_residency() -> None:
    exempt = [
        Rec(rules.METRIC_ALARM, "a", {"region": "us-east-1", "namespace": "AWS/Route53"}),
        Rec(rules.EVENT_RULE, "r", {"region": "us-east-1", "eventPattern": HEALTH_PATTERN}),
        Rec(rules.EVENT_TARGET, "t", {"region": "us-east-1", "arn": EU_BUS}),
    ]
    assert rules.residency_violations(exempt, EU) == []


@pytest.mark.parametrize(
    "rec",
    [
        Rec("aws:sns/topic:Topic", "topic", {"region": "us-east-1"}),  # subscribers' addresses
        Rec(rules.KMS_REPLICA_KEY, "key", {"region": "us-east-1"}),
        Rec(rules.METRIC_ALARM, "lb", {"region": "us-east-1", "namespace": "AWS/ApplicationELB"}),
        Rec(
            rules.EVENT_RULE, "all", {"region": "us-east-1", "eventPattern": '{"source": ["aws.cloudwatch"]}'}
        ),
        Rec(
            rules.EVENT_TARGET,
            "us-bus",
            {"region": "us-east-1", "arn": EU_BUS.replace("eu-west-1", "us-west-2")},
        ),
        Rec(rules.METRIC_ALARM, "elsewhere", {"region": "us-west-2", "namespace": "AWS/Route53"}),
    ],
    ids=lambda r: r.name,
)
def test_everything_else_outside_the_residency_stays_a_violation(rec: Rec) -> None:
    assert [v.name for v in rules.residency_violations([rec], EU)] == [rec.name]


@pytest.mark.parametrize("stack", ["prod", "dr"])
def test_an_all_eu_pair_keeps_every_resource_inside_the_residency(stack: str) -> None:
    raw = default_raw(stack)
    eu_sites(raw)
    residency = residency_of(validate(raw, stack))
    assert residency.default is not None and "us-east-1" not in residency.default
    assert [str(v) for v in evaluate(eu_run(stack).resources, residency)] == []


# --- stack rules -----------------------------------------------------------------------------


def hardened_bucket(name: str) -> list[Rec]:
    return [
        Rec(
            rules.BUCKET, name, {"tags": TAGS}, {"arn": f"arn:aws:s3:::{name}", "bucket": name}, protect=True
        ),
        Rec(rules.SSE, f"{name}-encryption", sse("aws:kms")),
        Rec(rules.VERSIONING, f"{name}-versioning", {"versioningConfiguration": {"status": "Enabled"}}),
        Rec(rules.PUBLIC_ACCESS_BLOCK, f"{name}-public-access", dict.fromkeys(BLOCK_FLAGS, True)),
        Rec(rules.BUCKET_POLICY, f"{name}-policy", bucket_policy(TLS_DENY)),
    ]


def test_every_bucket_has_its_hardening_companions() -> None:
    assert rules.buckets_hardened(hardened_bucket("media")) == []
    bare = [r for r in hardened_bucket("media") if r.type != rules.BUCKET_POLICY]
    (v,) = rules.buckets_hardened(bare)
    assert (v.name, v.message) == ("media", "bucket has no a (TLS-only) bucket policy")
    # matched by the bucket's name too, whatever the companion is called
    renamed = [*bare, Rec(rules.BUCKET_POLICY, "other", {**bucket_policy(TLS_DENY), "bucket": "media"})]
    assert rules.buckets_hardened(renamed) == []


def backed_up(selection: dict[str, Any], deleted_after: int | None = 35) -> list[Rec]:
    copy: dict[str, Any] = {"destinationVaultArn": DR_VAULT_ARN}
    if deleted_after is not None:
        copy["lifecycle"] = {"deleteAfter": deleted_after}
    table = Rec(rules.TABLE, "stock", {"tags": TAGS}, {"arn": "arn:aws:dynamodb:us-east-1:1:table/stock"})
    plan = Rec(rules.BACKUP_PLAN, "plan", {"region": "us-east-1", "rules": [{"copyActions": [copy]}]})
    return [table, plan, Rec(rules.BACKUP_SELECTION, "sel", selection)]


def test_every_prod_store_is_in_a_backup_selection_with_a_cross_region_copy() -> None:
    by_arn = {"resources": ["arn:aws:dynamodb:us-east-1:1:table/stock"]}
    by_tag = {"selectionTags": [{"type": "STRINGEQUALS", "key": "service", "value": "payments"}]}
    by_condition = {
        "resources": ["*"],
        "conditions": [{"stringEquals": [{"key": "aws:ResourceTag/dr-role", "value": "primary"}]}],
    }
    for selection in (by_arn, by_tag, by_condition):
        assert rules.backup_coverage(backed_up(selection)) == [], selection
    missed = rules.backup_coverage(backed_up({"resources": ["arn:aws:dynamodb:us-east-1:1:table/other"]}))
    assert [(v.name, v.message) for v in missed] == [("stock", "data store is in no AWS Backup selection")]
    forever = rules.backup_coverage(backed_up(by_arn, deleted_after=None))
    assert [v.message for v in forever] == ["copy action without lifecycle.deleteAfter keeps copies forever"]


def test_a_backup_plan_without_a_cross_region_copy_fails() -> None:
    same_region = backed_up({"resources": ["*"]})
    same_region[1] = Rec(
        rules.BACKUP_PLAN,
        "plan",
        {
            "region": "us-west-2",
            "rules": [
                {"copyActions": [{"destinationVaultArn": DR_VAULT_ARN, "lifecycle": {"deleteAfter": 35}}]}
            ],
        },
    )
    assert [v.message for v in rules.backup_coverage(same_region)] == ["no copy action to another region"]
    dr_plan = Rec(
        rules.BACKUP_PLAN, "dr-plan", {"region": "us-west-2", "tags": {"dr-role": "recovery"}, "rules": [{}]}
    )
    assert rules.backup_coverage([dr_plan]) == []


def test_unknown_selection_arns_are_not_judged_and_replicas_and_logs_are_not_stores() -> None:
    unknown = rules.backup_coverage(backed_up({"resources": [UNKNOWN]}))
    assert unknown == []
    replica = Rec(rules.RDS_INSTANCE, "replica", {"tags": TAGS, "replicateSourceDb": "arn:db"})
    secondary = Rec(rules.RDS_CLUSTER, "secondary", {"tags": TAGS, "globalClusterIdentifier": "g"})
    logs = Rec(rules.BUCKET, "acme-prod-logs", {"tags": TAGS}, {"arn": "arn:aws:s3:::logs"})
    dr_copy = Rec(rules.TABLE, "dr", {"tags": {**TAGS, "dr-role": "recovery"}})
    assert rules.backup_coverage([replica, secondary, logs, dr_copy]) == []
    primary = Rec(
        rules.RDS_CLUSTER, "primary", {"tags": TAGS, "globalClusterIdentifier": "g", "masterUsername": "u"}
    )
    assert {v.message for v in rules.backup_coverage([primary])} == {
        "data store is in no AWS Backup selection",
        "the stack declares no backup plan",
    }


def test_the_dr_vault_is_locked() -> None:
    vault = Rec(
        rules.VAULT,
        "dr-vault",
        {"name": "acme-dr", "kmsKeyArn": DR_KEY, "tags": {**TAGS, "dr-role": "recovery"}},
    )
    lock = Rec(rules.VAULT_LOCK, "dr-vault-lock", {"backupVaultName": "acme-dr", "minRetentionDays": 7})
    assert rules.dr_vault_locked([vault, lock]) == []
    assert [v.message for v in rules.dr_vault_locked([vault])] == ["dr vault has no Vault Lock"]
    loose = Rec(rules.VAULT_LOCK, "dr-vault-lock", {"backupVaultName": "acme-dr"})
    assert [v.message for v in rules.dr_vault_locked([vault, loose])] == [
        "Vault Lock sets no minRetentionDays"
    ]
    # in prod, the vault cross-region copies land in counts as the dr vault whatever its tags say
    target = Rec(rules.VAULT, "copy-target", {"name": "acme-dr", "tags": TAGS})
    plan = Rec(
        rules.BACKUP_PLAN, "plan", {"rules": [{"copyActions": [{"destinationVaultArn": DR_VAULT_ARN}]}]}
    )
    assert [v.name for v in rules.dr_vault_locked([target, plan])] == ["copy-target"]
    local = Rec(rules.VAULT, "local", {"name": "acme-prod", "tags": TAGS})
    assert rules.dr_vault_locked([local, plan]) == []


# --- evaluate over whole stacks --------------------------------------------------------------


def test_evaluate_reports_each_violation_with_its_policy() -> None:
    resources = [
        *hardened_bucket("media"),
        Rec(
            rules.RDS_INSTANCE,
            "db",
            {
                "tags": TAGS,
                "publiclyAccessible": True,
                "storageEncrypted": True,
                "kmsKeyId": KEY,
                "deletionProtection": True,
                **MONITORED,
                "multiAz": True,
                "enabledCloudwatchLogsExports": ["postgresql"],
                "parameterGroupName": "pg-1",
            },
            protect=True,
        ),
    ]
    found = evaluate(resources, allowed_regions({"us-east-1"}))
    assert {(v.policy, v.name) for v in found} == {
        ("no-public-access", "db"),
        ("backup-coverage", "media"),
        ("backup-coverage", "db"),
    }
    assert str(found[0]).startswith("[no-public-access] aws:rds/instance:Instance db:")


def test_the_offline_plans_comply(site: ProgramRun) -> None:
    assert evaluate(site.resources) == []


def test_the_offline_plan_fails_when_a_bucket_falls_back_to_the_aws_managed_key(prod: ProgramRun) -> None:
    aws_managed = {"rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms"}}]}
    mutated = [
        Rec(
            r.type,
            r.name,
            {**r.inputs, **aws_managed} if r.type == rules.SSE else r.inputs,
            r.outputs,
            r.protect,
        )
        for r in prod.resources
    ]
    found = evaluate(mutated)
    # Every bucket is flagged, the log bucket too: its exemption covers SSE-S3 only.
    buckets = [r for r in prod.resources if r.type == rules.SSE]
    assert len(buckets) > 1
    assert [(v.policy, v.resource_type) for v in found] == [("cmk-encryption", rules.SSE)] * len(buckets)


# --- web-firewall ----------------------------------------------------------------------------

LB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/pay/1"
ACL_ARN = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/pay/1"
WAF_LOGS_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-pay"


def managed(group: str, priority: int) -> dict[str, Any]:
    return {
        "name": group,
        "priority": priority,
        "overrideAction": {"none": {}},
        "statement": {"managedRuleGroupStatement": {"name": group, "vendorName": "AWS"}},
    }


RATE_RULE = {
    "name": "rate-limit",
    "priority": 0,
    "action": {"block": {}},
    "statement": {"rateBasedStatement": {"limit": 2000, "aggregateKeyType": "IP"}},
}


def firewalled(
    classification: str = "pci",
    rules_: list[dict[str, Any]] | None = None,
    log_group: dict[str, Any] | None = None,
    associated: bool = True,
) -> list[Rec]:
    tags = {**TAGS, "data-classification": classification}
    acl_rules = (
        rules_
        if rules_ is not None
        else [RATE_RULE, *(managed(g, i) for i, g in enumerate(rules.WAF_MANAGED_GROUPS, 1))]
    )
    out = [
        Rec(rules.LOAD_BALANCER, "prod-pay", {"internal": False, "tags": tags}, {"arn": LB_ARN}),
        Rec(rules.WEB_ACL, "prod-pay-waf", {"rules": acl_rules, "tags": tags}, {"arn": ACL_ARN}),
        Rec(
            rules.WEB_ACL_LOGGING,
            "prod-pay-waf",
            {"resourceArn": ACL_ARN, "logDestinationConfigs": [WAF_LOGS_ARN]},
        ),
        Rec(
            rules.LOG_GROUP,
            "prod-pay-waf-logs",
            log_group or {"name": "aws-waf-logs-pay", "kmsKeyId": KEY, "tags": tags},
            {"arn": WAF_LOGS_ARN},
        ),
    ]
    if associated:
        out.append(
            Rec(rules.WEB_ACL_ASSOCIATION, "prod-pay-waf", {"resourceArn": LB_ARN, "webAclArn": ACL_ARN})
        )
    return out


def waf_messages(resources: list[Rec]) -> list[str]:
    return [v.message for v in rules.web_firewall(resources)]


def test_a_firewalled_pci_load_balancer_passes() -> None:
    assert waf_messages(firewalled()) == []


def test_a_public_pci_or_pii_load_balancer_without_a_web_acl_fails() -> None:
    for classification in ("pci", "pii"):
        assert waf_messages(firewalled(classification, associated=False)) == [
            "public load balancer of a pci/pii service has no WAF web ACL"
        ]
    assert waf_messages(firewalled("internal", associated=False)) == []  # not pci/pii


def test_a_web_acl_without_sqli_rules_or_a_rate_limit_fails() -> None:
    groups = [managed(g, i) for i, g in enumerate(rules.WAF_MANAGED_GROUPS[:2], 1)]
    assert waf_messages(firewalled(rules_=[RATE_RULE, *groups])) == [
        "web ACL lacks the AWS managed rule group AWSManagedRulesSQLiRuleSet"
    ]
    all_groups = [managed(g, i) for i, g in enumerate(rules.WAF_MANAGED_GROUPS, 1)]
    assert waf_messages(firewalled(rules_=all_groups)) == ["web ACL has no rate-based rule that blocks"]
    counted = [{**r, "overrideAction": {"count": {}}} for r in all_groups]  # counting only blocks nothing
    assert len(waf_messages(firewalled(rules_=[RATE_RULE, *counted]))) == 3


def test_waf_logs_must_go_to_a_cmk_encrypted_aws_waf_logs_group() -> None:
    assert waf_messages(firewalled(log_group={"name": "pay-waf", "kmsKeyId": KEY})) == [
        "WAF log group 'pay-waf' must be named aws-waf-logs-*"
    ]
    assert waf_messages(firewalled(log_group={"name": "aws-waf-logs-pay"})) == [
        "WAF log group 'aws-waf-logs-pay' is not encrypted with a CMK (kmsKeyId)"
    ]


PREVIEW_UNKNOWN = ("resourceArn", "webAclArn", "logDestinationConfigs")  # ARNs of new resources


def test_while_arns_are_unknown_the_firewall_is_found_by_its_names() -> None:
    preview = [
        Rec(
            r.type,
            r.name,
            {k: (UNKNOWN if k in PREVIEW_UNKNOWN else v) for k, v in r.inputs.items()},
        )
        for r in firewalled()
    ]
    assert waf_messages(preview) == []
    assert waf_messages([r for r in preview if r.type != rules.WEB_ACL_ASSOCIATION])


# --- audit-log-retention ---------------------------------------------------------------------

PCI_TAGS = {**TAGS, "data-classification": "pci"}
FLOW_GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:flow"


def audited(pci_days: int | None = 365, flow_days: int = 365, access_log_days: int = 365) -> list[Rec]:
    site_tags = {**TAGS, "data-classification": "internal", "service": "hosting"}
    return [
        Rec(rules.LOG_GROUP, "pay-logs", {"retentionInDays": pci_days, "tags": PCI_TAGS}),
        Rec(
            rules.LOG_GROUP,
            "flow-logs",
            {"retentionInDays": flow_days, "tags": site_tags},
            {"arn": FLOW_GROUP_ARN},
        ),
        Rec(rules.FLOW_LOG, "flow", {"logDestination": FLOW_GROUP_ARN}),
        Rec(
            rules.LOAD_BALANCER,
            "pay",
            {"tags": PCI_TAGS, "accessLogs": {"bucket": "logs-1", "enabled": True}},
        ),
        Rec(
            rules.LIFECYCLE,
            "logs-lifecycle",
            {"bucket": "logs-1", "rules": [{"status": "Enabled", "expiration": {"days": access_log_days}}]},
        ),
    ]


def test_pci_logs_kept_a_year_pass() -> None:
    assert rules.audit_log_retention(audited()) == []
    assert rules.audit_log_retention(audited(pci_days=None)) == []  # never expires


@pytest.mark.parametrize(
    ("edit", "flagged"),
    [
        ({"pci_days": 90}, "pay-logs"),
        ({"flow_days": 90}, "flow-logs"),
        ({"access_log_days": 90}, "logs-lifecycle"),
    ],
)
def test_pci_logs_kept_less_than_a_year_fail(edit: dict[str, int], flagged: str) -> None:
    found = rules.audit_log_retention(audited(**edit))
    assert [(v.name, v.message) for v in found] == [(flagged, "kept 90 days; pci audit logs need 365+")]


def test_site_wide_logs_of_a_stack_without_pci_follow_the_site() -> None:
    no_pci = [r for r in audited(flow_days=90, access_log_days=90) if r.name not in ("pay-logs", "pay")]
    assert rules.audit_log_retention(no_pci) == []


# --- container-hardening ---------------------------------------------------------------------

HARDENED_CONTAINER = {"name": "app", "readonlyRootFilesystem": True, "privileged": False, "user": "10001"}


def task(**container: Any) -> dict[str, Any]:
    return {"containerDefinitions": json.dumps([{**HARDENED_CONTAINER, **container}])}


def test_a_read_only_unprivileged_non_root_container_passes() -> None:
    assert messages(rules.container_hardening, rules.TASK_DEFINITION, task()) == []
    assert messages(rules.container_hardening, rules.TASK_DEFINITION, {"containerDefinitions": UNKNOWN}) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"readonlyRootFilesystem": False}, "container 'app': readonlyRootFilesystem must be true"),
        ({"privileged": True}, "container 'app': privileged mode is not allowed"),
        ({"user": None}, "container 'app': runs as root; set a non-root user (compute.user)"),
        ({"user": "0:0"}, "container 'app': runs as root; set a non-root user (compute.user)"),
        ({"user": "root"}, "container 'app': runs as root; set a non-root user (compute.user)"),
    ],
)
def test_a_writable_privileged_or_root_container_fails(change: dict[str, Any], message: str) -> None:
    assert messages(rules.container_hardening, rules.TASK_DEFINITION, task(**change)) == [message]


# --- public-ingress --------------------------------------------------------------------------

LB_SG = "sg-lb"


def public_lb(http_action: dict[str, Any], port: int = 80) -> list[Rec]:
    return [
        Rec(rules.LOAD_BALANCER, "lb", {"securityGroups": [LB_SG], "tags": TAGS}, {"arn": LB_ARN}),
        Rec(
            rules.LISTENER,
            "lb-http",
            {"loadBalancerArn": LB_ARN, "port": 80, "protocol": "HTTP", "defaultActions": [http_action]},
        ),
        Rec(
            rules.INGRESS_RULE,
            f"lb-in-{port}",
            {"securityGroupId": LB_SG, "cidrIpv4": "0.0.0.0/0", "fromPort": port, "toPort": port},
        ),
    ]


REDIRECT = {"type": "redirect", "redirect": {"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}}


def test_port_80_open_only_to_redirect_to_https_passes() -> None:
    assert rules.public_ingress(public_lb(REDIRECT)) == []
    assert rules.public_ingress(public_lb(REDIRECT, port=443)) == []


def test_a_plain_http_listener_that_serves_fails() -> None:
    found = rules.public_ingress(public_lb({"type": "forward", "targetGroupArn": "tg"}))
    assert [(v.name, v.message) for v in found] == [
        ("lb-http", "plain-HTTP listener must only redirect to HTTPS"),
        ("lb-in-80", "port 80 is open, but not on a load balancer whose port-80 listener redirects to HTTPS"),
    ]


def test_other_ports_open_to_the_internet_fail() -> None:
    found = rules.public_ingress(public_lb(REDIRECT, port=22))
    assert [(v.name, v.message) for v in found] == [("lb-in-22", "open to the internet on ports 22-22")]


def test_the_offline_plan_fails_when_an_http_listener_forwards(prod: ProgramRun) -> None:
    forward = [{"type": "forward", "targetGroupArn": "tg"}]
    mutated = [
        Rec(
            r.type,
            r.name,
            {**r.inputs, "defaultActions": forward}
            if r.type == rules.LISTENER and r.inputs["protocol"] == "HTTP"
            else r.inputs,
            r.outputs,
            r.protect,
        )
        for r in prod.resources
    ]
    found = {(v.policy, v.resource_type) for v in rules.public_ingress(mutated)}
    assert found == {("public-ingress", rules.LISTENER), ("public-ingress", rules.INGRESS_RULE)}


# --- database-observability / database-multi-az / database-credentials-rotated ---------------

LOGGING = [
    {"name": "log_connections", "value": "1"},
    {"name": "log_statement", "value": "ddl"},
    {"name": "log_min_duration_statement", "value": "1000"},
]
MONITORED = {
    "monitoringInterval": 60.0,
    "monitoringRoleArn": "arn:aws:iam::1:role/m",
    "performanceInsightsEnabled": True,
    "performanceInsightsKmsKeyId": KEY,
}


def observed_db(params: list[dict[str, str]] = LOGGING, **instance: Any) -> list[Rec]:
    return [
        Rec(rules.PARAMETER_GROUP, "pg", {"family": "postgres16", "parameters": params}, {"name": "pg-1"}),
        Rec(
            rules.RDS_INSTANCE,
            "db",
            {
                **MONITORED,
                "enabledCloudwatchLogsExports": ["postgresql"],
                "parameterGroupName": "pg-1",
                "multiAz": True,
                **instance,
            },
        ),
    ]


def test_an_observed_database_passes() -> None:
    assert rules.database_observability(observed_db()) == []


@pytest.mark.parametrize(
    ("instance", "message"),
    [
        (
            {"monitoringInterval": 0},
            "enhanced monitoring is off (monitoringInterval > 0 with a monitoringRoleArn)",
        ),
        (
            {"performanceInsightsKmsKeyId": None},
            "Performance Insights must be on, encrypted with a CMK (performanceInsightsKmsKeyId)",
        ),
        (
            {"enabledCloudwatchLogsExports": []},
            "the PostgreSQL log is not exported to CloudWatch Logs (enabledCloudwatchLogsExports)",
        ),
        (
            {"parameterGroupName": None},
            "no parameterGroupName: the engine default logs neither connections nor DDL",
        ),
    ],
)
def test_an_unobserved_database_fails(instance: dict[str, Any], message: str) -> None:
    assert [v.message for v in rules.database_observability(observed_db(**instance))] == [message]


def test_a_parameter_group_that_logs_too_little_fails() -> None:
    quiet = [
        {"name": "log_statement", "value": "none"},
        {"name": "log_min_duration_statement", "value": "-1"},
    ]
    assert [v.message for v in rules.database_observability(observed_db(quiet))] == [
        "parameter group does not set log_connections",
        "parameter group does not log DDL (log_statement ddl, mod or all)",
        "parameter group does not log slow statements (log_min_duration_statement >= 0)",
    ]


def aurora(*zones: str) -> list[Rec]:
    cluster = Rec(rules.RDS_CLUSTER, "c", {"clusterIdentifier": "pay"}, {"id": "pay"})
    return [
        cluster,
        *(
            Rec(rules.RDS_CLUSTER_INSTANCE, f"c-{i}", {"clusterIdentifier": "pay", "availabilityZone": z})
            for i, z in enumerate(zones)
        ),
    ]


def test_multi_az_databases_pass() -> None:
    assert rules.database_multi_az(aurora("us-west-2a", "us-west-2b")) == []
    assert rules.database_multi_az(observed_db()) == []


def test_single_az_databases_fail() -> None:
    assert [v.message for v in rules.database_multi_az(aurora("us-west-2a"))] == [
        "1 instance(s); run at least 2"
    ]
    assert [v.message for v in rules.database_multi_az(aurora("us-west-2a", "us-west-2a"))] == [
        "all instances in us-west-2a"
    ]
    replica = observed_db(multiAz=False, replicateSourceDb="arn:aws:rds:us-east-1:1:db:crm")
    assert [v.message for v in rules.database_multi_az(replica)] == ["multiAz must be true"]


SECRET_ARN = "arn:aws:secretsmanager:us-east-1:1:secret:pay-master"


def credentials(days: int | None = 30) -> list[Rec]:
    out = [
        Rec(rules.RDS_CLUSTER, "c", {"clusterIdentifier": "pay", "masterPassword": "x"}),
        Rec(rules.SECRET, "pay-master", {"tags": {"Name": "pay-master"}}, {"arn": SECRET_ARN}),
    ]
    if days is not None:
        out.append(
            Rec(
                rules.SECRET_ROTATION,
                "rot",
                {"secretId": SECRET_ARN, "rotationRules": {"automaticallyAfterDays": days}},
            )
        )
    return out


def test_rotated_credentials_pass() -> None:
    assert rules.database_credentials_rotated(credentials()) == []
    managed = Rec(rules.RDS_INSTANCE, "db", {"manageMasterUserPassword": True, "username": "u"})
    assert rules.database_credentials_rotated([managed]) == []


def test_static_or_never_rotated_credentials_fail() -> None:
    assert [v.message for v in rules.database_credentials_rotated(credentials(None))] == [
        "secret is never rotated"
    ]
    assert [v.message for v in rules.database_credentials_rotated(credentials(365))] == [
        "rotates every 365 days; at most 90"
    ]
    unkept = [r for r in credentials() if r.type == rules.RDS_CLUSTER]
    assert [v.message for v in rules.database_credentials_rotated(unkept)] == [
        "master password is kept in no rotated secret (Name: <cluster>-master)"
    ]
    static = Rec(rules.RDS_INSTANCE, "db", {"password": "hunter2"})
    assert [v.message for v in rules.database_credentials_rotated([static])] == [
        "static master password; use manageMasterUserPassword"
    ]


@pytest.mark.parametrize("stack", ["prod", "dr"])
def test_a_pci_variant_catalog_complies_in_both_stacks(stack: str) -> None:
    # crm as pci: a VM service, an RDS replica and a bucket of card data (the default has none)
    assert [str(v) for v in evaluate(pci_run(stack).resources)] == []
