"""The per-site foundation as a whole: tags, ownership by service, regions, the catalog."""

from __future__ import annotations

import json

import pytest

from offline.engine import ProgramRun
from offline.mocks import Recorded
from policy.rules import accepts_tags
from tests.conftest import eu_run, plan_with, resources
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


def test_an_all_eu_pair_keeps_no_topic_key_or_subscriber_in_us_east_1() -> None:
    # Deliberate change (issue 12): dr used to keep a topic, a key replica and the contacts'
    # subscriptions in us-east-1; only what AWS forces there stays (see the next test).
    run = eu_run("dr")
    kept = {r.type for r in run.resources if r.region == "us-east-1" and r.custom}
    assert kept == {
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "aws:cloudwatch/eventRule:EventRule",
        "aws:cloudwatch/eventTarget:EventTarget",
    }


def test_health_alarms_outside_us_east_1_reach_the_sites_topic_through_eventbridge() -> None:
    run = eu_run("dr")
    alarms = _route53_alarms(run)
    assert {a.inputs["region"] for a in alarms} == {"us-east-1"}
    assert all(a.inputs["alarmActions"] == [] for a in alarms)  # an alarm notifies its own region only
    rules = {r.name: r for r in resources(run, "aws:cloudwatch/eventRule:EventRule")}
    targets = {t.name: t for t in resources(run, "aws:cloudwatch/eventTarget:EventTarget")}
    out = targets["acme-dr-health-alarms"]
    assert out.inputs["region"] == "us-east-1"
    assert out.inputs["arn"] == "arn:aws:events:eu-west-1:123456789012:event-bus/default"
    assert out.inputs["rule"] == rules["acme-dr-health-alarms"].outputs["name"]
    assert out.inputs["roleArn"]
    pattern = json.loads(rules["acme-dr-health-alarms"].inputs["eventPattern"])
    assert pattern["detail"]["configuration"]["metrics"]["metricStat"]["metric"]["namespace"] == [
        "AWS/Route53"
    ]
    arrivals = targets["acme-dr-health-alarms-in"]
    assert "region" not in arrivals.inputs and arrivals.inputs["arn"] == run.outputs["alertTopicArn"]


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
