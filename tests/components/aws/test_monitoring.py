"""Alarms on unhealthy targets, 5xx rate and standby capacity; a dashboard per site."""

from __future__ import annotations

import json

from offline.engine import ProgramRun
from tests.conftest import resources

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"


def _alarms(run: ProgramRun, suffix: str) -> dict[str, dict]:
    return {run.service_of(a) or "": a.inputs for a in resources(run, ALARM) if a.name.endswith(suffix)}


def test_every_serving_endpoint_alarms_on_unhealthy_targets_and_5xx_rate(site: ProgramRun) -> None:
    serving = {site.service_of(tg) for tg in resources(site, "aws:lb/targetGroup:TargetGroup")}
    unhealthy, errors = _alarms(site, "-unhealthy-targets"), _alarms(site, "-5xx-rate")
    assert set(unhealthy) == set(errors) == serving
    for alarm in unhealthy.values():
        assert alarm["metricName"] == "UnHealthyHostCount" and alarm["threshold"] == 0
        assert "TargetGroup" in alarm["dimensions"]
        assert alarm["alarmActions"] == [site.outputs["alertTopicArn"]]
    for alarm in errors.values():
        (rate,) = [q for q in alarm["metricQueries"] if q.get("returnData")]
        assert "requests" in rate["expression"]
        assert alarm["alarmActions"] == [site.outputs["alertTopicArn"]]


def test_standby_capacity_alarm_watches_the_strategy_minimum(prod: ProgramRun, dr: ProgramRun) -> None:
    assert {s: a["threshold"] for s, a in _alarms(dr, "-capacity").items()} == {
        "ecommerce": 3,
        "payments": 2,
        "inventory": 2,
    }  # warm standby; pilot light (crm) keeps zero, backup & restore (comms) nothing
    assert {s: a["threshold"] for s, a in _alarms(prod, "-capacity").items()} == {
        "ecommerce": 6,
        "payments": 4,
        "inventory": 4,
        "crm": 2,
        "comms": 2,
    }


def test_each_site_has_a_dashboard_with_health_replication_and_backup_per_service(
    site: ProgramRun,
) -> None:
    (dashboard,) = resources(site, "aws:cloudwatch/dashboard:Dashboard")
    assert dashboard.inputs["dashboardName"] == site.outputs["dashboard"]
    titles = {w["properties"]["title"] for w in json.loads(dashboard.inputs["dashboardBody"])["widgets"]}
    for service in ("ecommerce", "payments", "inventory", "crm", "comms"):
        assert {f"{service}: health", f"{service}: replication", f"{service}: backup"} <= titles


def test_dr_dashboard_shows_both_sites_health_checks(dr: ProgramRun) -> None:
    (dashboard,) = resources(dr, "aws:cloudwatch/dashboard:Dashboard")
    widgets = json.loads(dashboard.inputs["dashboardBody"])["widgets"]
    (health,) = [w for w in widgets if w["properties"]["title"] == "payments: health"]
    shown = {m[3] for m in health["properties"]["metrics"] if m[1] == "HealthCheckStatus"}
    assert shown == set(dr.outputs["endpoints"]["payments"]["healthCheckIds"].values())
