"""The per-site foundation as a whole: tags, ownership by service, regions, the catalog."""

from __future__ import annotations

import pytest

from offline.engine import ProgramRun
from offline.mocks import Recorded
from policy.rules import accepts_tags
from tests.conftest import plan_with, resources
from vocabulary.tags import REQUIRED_TAGS


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


def test_prod_has_a_nat_gateway_per_zone_and_dr_one(prod: ProgramRun, dr: ProgramRun) -> None:
    assert len(resources(prod, "aws:ec2/natGateway:NatGateway")) == 3
    assert len(resources(dr, "aws:ec2/natGateway:NatGateway")) == 1


def test_each_site_lives_in_its_configured_region(prod: ProgramRun, dr: ProgramRun) -> None:
    assert {p.inputs["region"] for p in prod.of_type("pulumi:providers:aws")} == {"us-east-1"}
    assert {p.inputs["region"] for p in dr.of_type("pulumi:providers:aws")} == {"us-west-2"}
    assert resources(dr, "aws:ec2/vpc:Vpc")[0].outputs["arn"].split(":")[3] == "us-west-2"


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


def _route53_alarms(run: ProgramRun) -> list[Recorded]:
    alarms = resources(run, "aws:cloudwatch/metricAlarm:MetricAlarm")
    return [a for a in alarms if a.inputs.get("namespace") == "AWS/Route53"] or pytest.fail(
        "no health-check alarms"
    )


def _eu_sites(raw: dict) -> None:
    raw["residency"]["default"] = "eu"
    raw["sites"]["primary"]["region"] = "eu-central-1"
    raw["sites"]["recovery"]["region"] = "eu-west-1"


def test_dr_keeps_a_us_east_1_alert_topic_when_no_site_is_there() -> None:
    # Route 53 health-check metrics exist only in us-east-1, and an alarm notifies a topic in its
    # own region: an all-EU deployment still gets its health-check alarms delivered.
    run = plan_with("dr", _eu_sites)
    topics = {t.name: t for t in run.of_type("aws:sns/topic:Topic")}
    metrics = next(t for n, t in topics.items() if n.endswith("-metrics-alerts-topic"))
    assert metrics.inputs["region"] == "us-east-1"
    (key,) = [k for k in run.of_type("aws:kms/replicaKey:ReplicaKey") if k.inputs.get("region")]
    assert key.inputs["region"] == "us-east-1"
    assert metrics.inputs["kmsMasterKeyId"] == key.outputs["arn"]
    alarms = [
        a
        for a in run.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")
        if a.inputs.get("namespace") == "AWS/Route53"
    ]
    assert alarms
    assert {a.inputs["region"] for a in alarms} == {"us-east-1"}
    assert all(a.inputs["alarmActions"] == [metrics.outputs["arn"]] for a in alarms)


def test_dr_uses_prods_topic_for_health_alarms_when_prod_is_in_us_east_1(
    prod: ProgramRun, dr: ProgramRun
) -> None:
    alarms = [
        a
        for a in resources(dr, "aws:cloudwatch/metricAlarm:MetricAlarm")
        if a.inputs.get("namespace") == "AWS/Route53"
    ]
    assert alarms
    assert all(a.inputs["alarmActions"] == [prod.outputs["alertTopicArn"]] for a in alarms)
    assert not [t for t in dr.of_type("aws:sns/topic:Topic") if t.inputs.get("region")]
