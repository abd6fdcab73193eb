"""The site network: 3 AZs, public/private subnets, NAT, flow logs, locked default SG."""

from __future__ import annotations

import json

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import plan_with, resources


def test_vpc_spans_three_zones_with_public_and_private_subnets(site: ProgramRun) -> None:
    subnets = resources(site, "aws:ec2/subnet:Subnet")
    kinds = {(s.inputs["tags"]["subnet"], s.inputs["availabilityZone"]) for s in subnets}
    zones = {z for _, z in kinds}
    assert len(zones) == 3
    assert kinds == {(k, z) for k in ("public", "private") for z in zones}
    assert not any(s.inputs.get("mapPublicIpOnLaunch") for s in subnets)


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


def test_default_security_group_admits_nothing(site: ProgramRun) -> None:
    (sg,) = resources(site, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert sg.inputs.get("ingress", []) == [] and sg.inputs.get("egress", []) == []


def _flow_log(site: ProgramRun, type_token: str) -> list[Recorded]:
    """The network's flow-log resources of a type (services add log groups and role policies)."""
    return [r for r in resources(site, type_token) if r.name.endswith("-flow-logs")]


def test_flow_log_is_created_after_its_role_may_deliver(site: ProgramRun) -> None:
    (flow,) = resources(site, "aws:ec2/flowLog:FlowLog")
    (policy,) = _flow_log(site, "aws:iam/rolePolicy:RolePolicy")
    assert policy.urn in flow.dependencies
