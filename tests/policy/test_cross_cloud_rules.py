"""The guardrails read a cross-cloud pair as they mean to: AWS Backup copies into AWS vaults only,
so prod's plans keep their offsite copy on the other cloud and say so (`dr-copy`); a recovery
site's bucket that copies an S3 bucket is itself the cross-region copy (`dr-source`)."""

from __future__ import annotations

from policy import gcp, rules
from policy.rules import Rec

TAGS = {"dr-role": "primary", "service": "s"}


def _plan(tags: dict[str, str]) -> Rec:
    return Rec(
        rules.BACKUP_PLAN, "plan", {"region": "us-east-1", "tags": tags, "rules": [{"ruleName": "scheduled"}]}
    )


def test_a_plan_without_copies_passes_only_when_it_names_its_cross_cloud_copy() -> None:
    named = _plan({**TAGS, "dr-copy": "cross-cloud:gcp"})
    assert [v for v in rules.backup_coverage([named]) if v.name == "plan"] == []
    unnamed = _plan(TAGS)
    assert [v.message for v in rules.backup_coverage([unnamed]) if v.name == "plan"] == [
        "no copy action to another region"
    ]
    other = _plan({**TAGS, "dr-copy": "somewhere"})
    assert [v for v in rules.backup_coverage([other]) if v.name == "plan"]


def _bucket(labels: dict[str, str]) -> Rec:
    return Rec(
        gcp.BUCKET,
        "ecommerce-product-media",
        {"location": "us-east4", "labels": labels, "logging": {"logBucket": "logs"}},
    )


def test_a_gcp_bucket_copying_an_s3_bucket_needs_no_dual_region_of_its_own() -> None:
    assert [
        v for v in gcp.backup_coverage([_bucket({"dr-source": "aws-s3"})]) if v.policy == "backup-coverage"
    ] == []
    assert [v.message for v in gcp.backup_coverage([_bucket({})])] == ["data bucket is not in a dual-region"]
