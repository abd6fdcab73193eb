"""The per-site foundation: network over 3 AZs, NAT, flow logs, the data key, the alert topic."""

from __future__ import annotations

import json

from offline.engine import ProgramRun
from services.tags import REQUIRED_TAGS
from tests.conftest import accepts_tags, plan_with, resources


def test_every_taggable_resource_carries_the_required_tags(site: ProgramRun) -> None:
    taggable = [r for r in site.resources if r.custom and accepts_tags(r.type)]
    assert len(taggable) >= 15
    for r in taggable:
        tags = r.inputs.get("tags") or {}
        if isinstance(tags, list):  # auto scaling groups: [{key, value, propagateAtLaunch}]
            tags = {t["key"]: t["value"] for t in tags if t.get("propagateAtLaunch")}
        missing = [t for t in REQUIRED_TAGS if t not in tags]
        assert not missing, f"{r.type} {r.name} lacks tags {missing}"


def test_every_resource_is_inside_a_service_component(site: ProgramRun) -> None:
    for r in site.resources:
        if r.type.startswith("pulumi:"):
            continue
        assert site.service_of(r), f"{r.type} {r.name} belongs to no service"


def test_vpc_spans_three_zones_with_public_and_private_subnets(site: ProgramRun) -> None:
    subnets = resources(site, "aws:ec2/subnet:Subnet")
    kinds = {(s.inputs["tags"]["subnet"], s.inputs["availabilityZone"]) for s in subnets}
    zones = {z for _, z in kinds}
    assert len(zones) == 3
    assert kinds == {(k, z) for k in ("public", "private") for z in zones}
    assert not any(s.inputs.get("mapPublicIpOnLaunch") for s in subnets)


def test_prod_has_a_nat_gateway_per_zone_and_dr_one(prod: ProgramRun, dr: ProgramRun) -> None:
    assert len(resources(prod, "aws:ec2/natGateway:NatGateway")) == 3
    assert len(resources(dr, "aws:ec2/natGateway:NatGateway")) == 1


def test_nat_mode_is_configurable() -> None:
    def single_nat(raw: dict) -> None:
        raw["sites"]["primary"]["natGateways"] = "single"

    run = plan_with("prod", single_nat)
    assert len(run.of_type("aws:ec2/natGateway:NatGateway")) == 1


def test_private_subnets_route_out_only_through_nat(site: ProgramRun) -> None:
    tables = [t for t in resources(site, "aws:ec2/routeTable:RouteTable") if "private" in t.name]
    assert len(tables) == 3
    for table in tables:
        (route,) = table.inputs["routes"]
        assert route.get("natGatewayId") and not route.get("gatewayId")


def test_flow_logs_capture_all_traffic_into_an_encrypted_log_group(site: ProgramRun) -> None:
    (flow,) = resources(site, "aws:ec2/flowLog:FlowLog")
    (group,) = _flow_log(site, "aws:cloudwatch/logGroup:LogGroup")
    assert flow.inputs["trafficType"] == "ALL"
    assert flow.inputs["logDestination"] == group.outputs["arn"]
    assert group.inputs["kmsKeyId"].startswith("arn:aws:kms:")


def test_flow_log_role_may_write_only_its_log_group(site: ProgramRun) -> None:
    (policy,) = _flow_log(site, "aws:iam/rolePolicy:RolePolicy")
    (group,) = _flow_log(site, "aws:cloudwatch/logGroup:LogGroup")
    (statement,) = json.loads(policy.inputs["policy"])["Statement"]
    assert statement["Resource"] == [group.outputs["arn"], group.outputs["arn"] + ":*"]
    assert all(a.startswith("logs:") and "*" not in a for a in statement["Action"])


def _flow_log(site: ProgramRun, type_token: str) -> list:
    """The network's flow-log resources of a type (services add log groups and role policies)."""
    return [r for r in resources(site, type_token) if r.name.endswith("-flow-logs")]


def test_default_security_group_admits_nothing(site: ProgramRun) -> None:
    (sg,) = resources(site, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert sg.inputs.get("ingress", []) == [] and sg.inputs.get("egress", []) == []


def test_prod_key_is_a_rotating_multi_region_primary(prod: ProgramRun) -> None:
    (key,) = resources(prod, "aws:kms/key:Key")
    assert key.inputs["multiRegion"] is True
    assert key.inputs["enableKeyRotation"] is True
    assert not prod.of_type("aws:kms/replicaKey:ReplicaKey")


def test_dr_key_replicates_the_prod_key_read_through_the_stack_reference(
    prod: ProgramRun, dr: ProgramRun
) -> None:
    (replica,) = resources(dr, "aws:kms/replicaKey:ReplicaKey")
    assert replica.inputs["primaryKeyArn"] == prod.outputs["keyArn"]
    assert not dr.of_type("aws:kms/key:Key")


def test_each_site_lives_in_its_configured_region(prod: ProgramRun, dr: ProgramRun) -> None:
    assert {p.inputs["region"] for p in prod.of_type("pulumi:providers:aws")} == {"us-east-1"}
    assert {p.inputs["region"] for p in dr.of_type("pulumi:providers:aws")} == {"us-west-2"}
    assert resources(dr, "aws:ec2/vpc:Vpc")[0].outputs["arn"].split(":")[3] == "us-west-2"


def test_key_policy_lets_only_our_account_and_its_services_use_the_key(prod: ProgramRun) -> None:
    (key,) = resources(prod, "aws:kms/key:Key")
    statements = json.loads(key.inputs["policy"])["Statement"]
    for s in statements:
        principal = s["Principal"]
        assert principal != "*" and principal.get("AWS", "") != "*"
        if "Service" in principal:
            assert "Condition" in s, f"service statement {s['Sid']} is not scoped to our account"


def test_alert_topic_is_encrypted_with_the_site_key_and_tls_only(site: ProgramRun) -> None:
    (topic,) = resources(site, "aws:sns/topic:Topic")
    assert topic.inputs["kmsMasterKeyId"] == site.outputs["keyArn"]
    (policy,) = resources(site, "aws:sns/topicPolicy:TopicPolicy")
    statements = json.loads(policy.inputs["policy"])["Statement"]
    deny = [s for s in statements if s["Effect"] == "Deny"]
    assert deny and deny[0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_alert_topic_subscribes_every_configured_contact(site: ProgramRun) -> None:
    subs = resources(site, "aws:sns/topicSubscription:TopicSubscription")
    assert {s.inputs["endpoint"] for s in subs} == {"dr-oncall@marketplace.example.com"}
    assert all(s.inputs["topic"] == site.outputs["alertTopicArn"] for s in subs)


def test_all_six_services_appear_as_components(site: ProgramRun) -> None:
    names = {r.name for r in resources(site, "marketplace-dr:services:ServiceComponent")}
    assert names == {"ecommerce", "payments", "inventory", "hosting", "crm", "comms"}


def test_a_seventh_service_is_a_config_change_only() -> None:
    def add_search(raw: dict) -> None:
        raw["services"].append(
            {
                "name": "search",
                "description": "Product search",
                "owner": "team-search",
                "tier": 1,
                "dataClassification": "internal",
            }
        )

    run = plan_with("prod", add_search)
    assert "search" in {r.name for r in run.of_type("marketplace-dr:services:ServiceComponent")}
    assert run.outputs["services"]["search"]["strategy"] == "pilot-light"
