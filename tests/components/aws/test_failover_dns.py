"""Health-checked DNS failover: PRIMARY -> prod LB, SECONDARY -> dr LB, both health-checked."""

from __future__ import annotations

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import plan_with, resources

ENDPOINT_SERVICES = {"ecommerce", "payments", "inventory", "crm", "comms"}
RECORD = "aws:route53/record:Record"
HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"


def _failover_records(run: ProgramRun) -> list[Recorded]:
    return [r for r in run.of_type(RECORD) if r.inputs.get("failoverRoutingPolicies")]


def test_every_endpoint_service_has_primary_and_secondary_records_each_health_checked(
    prod: ProgramRun, dr: ProgramRun
) -> None:
    records = _failover_records(dr)
    checks = {c.outputs["id"]: c for c in resources(dr, HEALTH_CHECK)}
    lbs = dr.outputs["endpoints"]
    seen = {}
    for record in records:
        service = dr.service_of(record)
        (policy,) = record.inputs["failoverRoutingPolicies"]
        role = policy["type"]
        site = "prod" if role == "PRIMARY" else "dr"
        seen[(service, role)] = record
        assert record.inputs["name"] == lbs[service]["hostname"]
        assert record.inputs["setIdentifier"] == site
        (alias,) = record.inputs["aliases"]
        assert alias["name"] == lbs[service]["loadBalancers"][site]["dnsName"]
        assert alias["zoneId"] == lbs[service]["loadBalancers"][site]["zoneId"]
        assert alias["evaluateTargetHealth"] is True
        check = checks[record.inputs["healthCheckId"]]
        assert check.inputs["fqdn"] == alias["name"], "a record must be judged by its own site's check"
    assert set(seen) == {(s, r) for s in ENDPOINT_SERVICES for r in ("PRIMARY", "SECONDARY")}
    # The primary targets prod's real LB (read through the stack reference).
    prod_lbs = {
        prod.service_of(lb): lb.outputs["dnsName"]
        for lb in resources(prod, "aws:lb/loadBalancer:LoadBalancer")
    }
    for service in ENDPOINT_SERVICES:
        assert seen[(service, "PRIMARY")].inputs["aliases"][0]["name"] == prod_lbs[service]


def test_prod_declares_no_failover_records_or_health_checks(prod: ProgramRun) -> None:
    assert not _failover_records(prod)
    assert not prod.of_type(HEALTH_CHECK)


def test_health_checks_are_https_every_10s_on_the_health_path_with_latency(dr: ProgramRun) -> None:
    checks = resources(dr, HEALTH_CHECK)
    assert len(checks) == 2 * len(ENDPOINT_SERVICES)
    for check in checks:
        assert check.inputs["type"] == "HTTPS"
        assert check.inputs["port"] == 443
        assert check.inputs["requestInterval"] == 10
        assert check.inputs["failureThreshold"] == 3  # tier default
        assert check.inputs["measureLatency"] is True
        assert check.inputs["resourcePath"] in {"/healthz", "/health", "/status"}


def test_failure_threshold_follows_the_tier() -> None:
    def strict_tier0(raw: dict) -> None:
        raw["tiers"] = {0: {"healthCheckFailureThreshold": 2}}

    run = plan_with("dr", strict_tier0)
    by_service = {run.service_of(c): c.inputs["failureThreshold"] for c in resources(run, HEALTH_CHECK)}
    assert by_service == {"ecommerce": 2, "payments": 2, "inventory": 2, "crm": 3, "comms": 3}


def test_every_health_check_has_an_alarm_in_us_east_1_to_the_alert_topic_there(
    prod: ProgramRun, dr: ProgramRun
) -> None:
    alarms = [
        a
        for a in resources(dr, "aws:cloudwatch/metricAlarm:MetricAlarm")
        if a.inputs.get("namespace") == "AWS/Route53"
    ]
    checked = {a.inputs["dimensions"]["HealthCheckId"] for a in alarms}
    assert checked == {c.outputs["id"] for c in resources(dr, HEALTH_CHECK)}
    for alarm in alarms:
        assert alarm.inputs["region"] == "us-east-1"
        assert alarm.inputs["metricName"] == "HealthCheckStatus"
        # dr runs in us-west-2: its alarms notify prod's us-east-1 topic (same region as the alarm).
        assert alarm.inputs["alarmActions"] == [prod.outputs["alertTopicArn"]]
        assert prod.outputs["alertTopicArn"].split(":")[3] == "us-east-1"


def test_dns_ttl_fits_route53_guidance_and_failover_time_is_reported(dr: ProgramRun) -> None:
    for entry in dr.outputs["endpoints"].values():
        assert entry["failoverSeconds"] == 10 * 3 + 60  # interval x threshold + TTL


def _with_recovery_control(raw: dict) -> None:
    raw["failover"] = {"recoveryControl": True}


def test_recovery_control_adds_routing_controls_safety_rules_and_gates_the_records() -> None:
    run = plan_with("dr", _with_recovery_control)
    (cluster,) = resources(run, "aws:route53recoverycontrol/cluster:Cluster")
    (panel,) = resources(run, "aws:route53recoverycontrol/controlPanel:ControlPanel")
    assert panel.inputs["clusterArn"] == cluster.outputs["arn"]
    controls = resources(run, "aws:route53recoverycontrol/routingControl:RoutingControl")
    assert {(run.service_of(c), c.name.rsplit("-", 1)[-1]) for c in controls} == {
        (s, site) for s in ENDPOINT_SERVICES for site in ("prod", "dr")
    }
    rules = resources(run, "aws:route53recoverycontrol/safetyRule:SafetyRule")
    assert len(rules) == len(ENDPOINT_SERVICES)
    for rule in rules:
        assert rule.inputs["ruleConfig"] == {"type": "ATLEAST", "threshold": 1, "inverted": False}
        assert len(rule.inputs["assertedControls"]) == 2
    checks = {c.outputs["id"]: c for c in resources(run, HEALTH_CHECK)}
    for record in _failover_records(run):
        combined = checks[record.inputs["healthCheckId"]]
        assert combined.inputs["type"] == "CALCULATED" and combined.inputs["childHealthThreshold"] == 2
        kinds = {checks[c].inputs["type"] for c in combined.inputs["childHealthchecks"]}
        assert kinds == {"HTTPS", "RECOVERY_CONTROL"}
    alarmed = {
        a.inputs["dimensions"]["HealthCheckId"]
        for a in resources(run, "aws:cloudwatch/metricAlarm:MetricAlarm")
        if a.inputs.get("namespace") == "AWS/Route53"
    }
    used = {r.inputs["healthCheckId"] for r in _failover_records(run)}
    assert used <= alarmed, "a record's (combined) health check has no alarm"
    arns = run.outputs["endpoints"]["payments"]["routingControlArns"]
    assert set(arns) == {"prod", "dr"}


def test_recovery_control_is_off_by_default(dr: ProgramRun) -> None:
    assert not dr.of_type("aws:route53recoverycontrol/cluster:Cluster")
    assert all("routingControlArns" not in e for e in dr.outputs["endpoints"].values())
