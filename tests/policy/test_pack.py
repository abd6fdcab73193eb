"""The CrossGuard pack wraps the rules: driven through pulumi-policy's own analyzer servicer, the
way the Pulumi CLI calls it, including properties that are unknown during preview."""

from __future__ import annotations

import importlib
from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime import proto
from pulumi_policy import EnforcementLevel
from pulumi_policy.policy import _PolicyAnalyzerServicer
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from policy import rules

pack: Any = importlib.import_module("policy.__main__")


def servicer() -> _PolicyAnalyzerServicer:
    return _PolicyAnalyzerServicer(
        "marketplace-dr-guardrails",
        "0.1.0",
        pack.policies(),
        EnforcementLevel.MANDATORY,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    )


def struct(props: dict[str, Any]) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update(props)
    return out


def analyze(type_: str, name: str, props: dict[str, Any]) -> list[tuple[str, str]]:
    request = proto.AnalyzeRequest(type=type_, properties=struct(props), urn=f"urn:x::{name}", name=name)
    return [(d.policyName, d.message) for d in servicer().Analyze(request, None).diagnostics]


def test_the_pack_has_one_policy_per_rule() -> None:
    names = [p.name for p in pack.policies()]
    assert names == [*rules.RESOURCE_RULES, *rules.STACK_RULES, "data-residency"]


def test_a_resource_rule_reports_through_the_pack_despite_unknown_properties() -> None:
    props = {
        "bucket": UNKNOWN_STRING_VALUE,  # the bucket id is unknown while previewing a new bucket
        "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}],
    }
    found = analyze(rules.SSE, "media-encryption", props)
    assert [p for p, _ in found] == ["cmk-encryption"]
    assert "rules[0] uses 'AES256'" in found[0][1]
    assert analyze(rules.SSE, "acme-prod-logs-encryption", props) == []


def dr_vault(protect: bool) -> proto.AnalyzerResource:
    return proto.AnalyzerResource(
        type=rules.VAULT,
        properties=struct({"name": "acme-dr", "kmsKeyArn": "arn:k", "tags": {"dr-role": "recovery"}}),
        urn="urn:x::dr-vault",
        name="dr-vault",
        options=proto.AnalyzerResourceOptions(protect=protect),
    )


def analyze_stack(*resources: proto.AnalyzerResource) -> list[tuple[str, str, str]]:
    response = servicer().AnalyzeStack(proto.AnalyzeStackRequest(resources=list(resources)), None)
    return [(d.policyName, d.message, d.urn) for d in response.diagnostics]


def test_a_stack_rule_reports_through_the_pack() -> None:
    found = analyze_stack(dr_vault(protect=True))
    assert len(found) == 1
    assert found[0][0] == "dr-vault-locked" and found[0][2] == "urn:x::dr-vault"
    assert "dr vault has no Vault Lock" in found[0][1]


def test_the_pack_reads_pulumis_protect_option_from_the_resource_options() -> None:
    found = [(p, urn) for p, message, urn in analyze_stack(dr_vault(protect=False)) if "protect" in message]
    assert found == [("stateful-resources-protected", "urn:x::dr-vault")]


def test_a_sandbox_project_disables_the_deletion_guards_in_the_pack(monkeypatch: Any) -> None:
    monkeypatch.setattr(rules, "project_protect", lambda root=None: False)
    levels = {p.name: p.enforcement_level for p in pack.policies()}
    assert {n for n, level in levels.items() if level == EnforcementLevel.DISABLED} == set(
        rules.SANDBOX_POLICIES
    )


def test_the_project_pack_enforces_every_policy() -> None:
    assert not [p.name for p in pack.policies() if p.enforcement_level == EnforcementLevel.DISABLED]
