"""Replication alarms: one per replicated store, threshold = the store's RPO in the metric's unit,
routed to the alert topic of the region the metric lives in."""

from __future__ import annotations

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import plan_with, resources, service

# (service, store) -> RPO in seconds, from the default catalog: tier 0 = 1 min, tier 1 = 15 min,
# tier 2 = 24 h, product-media declares 15 min itself.
RPO_SECONDS = {
    ("ecommerce", "product-media"): 900,
    ("ecommerce", "orders"): 60,
    ("ecommerce", "carts"): 60,
    ("payments", "payments"): 60,
    ("inventory", "stock"): 60,
    ("crm", "attachments"): 900,
    ("crm", "crm"): 900,
    ("comms", "archive"): 86_400,
}
MS_METRICS = {"AuroraGlobalDBRPOLag", "ReplicationLatency@AWS/DynamoDB"}


def lag_alarms(run: ProgramRun) -> dict[tuple[str, str], Recorded]:
    out = {}
    for alarm in resources(run, "aws:cloudwatch/metricAlarm:MetricAlarm"):
        name = alarm.inputs.get("name", "")
        if not name.endswith("-above-rpo"):
            continue
        svc = run.service_of(alarm) or ""
        store = name.removeprefix(f"{svc}-").removesuffix(f"-{alarm.inputs['metricName']}-above-rpo")
        out[(svc, store)] = alarm
    return out


def per_second(alarm: Recorded) -> float:
    metric = alarm.inputs["metricName"]
    ms = metric in MS_METRICS or f"{metric}@{alarm.inputs['namespace']}" in MS_METRICS
    return 1000.0 if ms else 1.0


def test_every_replicated_store_has_a_lag_alarm(prod: ProgramRun, dr: ProgramRun) -> None:
    alarms = {**lag_alarms(prod), **lag_alarms(dr)}
    assert set(alarms) == set(RPO_SECONDS)
    metrics = {key: a.inputs["metricName"] for key, a in alarms.items()}
    assert metrics[("ecommerce", "orders")] == "AuroraGlobalDBRPOLag"
    assert metrics[("crm", "crm")] == "ReplicaLag"
    assert metrics[("inventory", "stock")] == "ReplicationLatency"
    assert metrics[("crm", "attachments")] == "ReplicationLatency"


def test_alarm_thresholds_follow_the_rpo(prod: ProgramRun, dr: ProgramRun) -> None:
    for key, alarm in {**lag_alarms(prod), **lag_alarms(dr)}.items():
        assert alarm.inputs["threshold"] == RPO_SECONDS[key] * per_second(alarm), key
        assert alarm.inputs["comparisonOperator"] == "GreaterThanThreshold"


def test_a_store_rpo_change_moves_its_threshold() -> None:
    def slower_media(raw: dict) -> None:
        service(raw, "ecommerce")["dataStores"][1]["rpo"] = "30m"

    run = plan_with("dr", slower_media)
    assert lag_alarms(run)[("ecommerce", "product-media")].inputs["threshold"] == 1800


DATA_NAMESPACES = {"AWS/S3", "AWS/RDS", "AWS/DynamoDB"}


def test_alarm_names_say_service_store_and_condition(site: ProgramRun) -> None:
    alarms = resources(site, "aws:cloudwatch/metricAlarm:MetricAlarm")
    data_alarms = [a for a in alarms if a.inputs.get("namespace") in DATA_NAMESPACES]
    assert data_alarms
    for alarm in data_alarms:
        svc = site.service_of(alarm)
        assert alarm.inputs["name"].startswith(f"{svc}-")
        assert alarm.inputs["metricName"] in alarm.inputs["name"]
        assert len(alarm.inputs["name"]) <= 255


def test_s3_alarms_live_in_the_source_region_and_page_prods_topic(prod: ProgramRun, dr: ProgramRun) -> None:
    s3 = [
        a
        for a in resources(dr, "aws:cloudwatch/metricAlarm:MetricAlarm")
        if a.inputs.get("namespace") == "AWS/S3"
    ]
    assert {a.inputs["metricName"] for a in s3} == {"ReplicationLatency", "OperationsFailedReplication"}
    assert len(s3) == 6
    for alarm in s3:
        assert alarm.inputs["region"] == "us-east-1"
        assert alarm.inputs["alarmActions"] == [prod.outputs["alertTopicArn"]]
        assert set(alarm.inputs["dimensions"]) == {"SourceBucket", "DestinationBucket", "RuleId"}


def test_database_and_table_alarms_page_their_own_sites_topic(site: ProgramRun) -> None:
    alarms = [
        a
        for a in resources(site, "aws:cloudwatch/metricAlarm:MetricAlarm")
        if a.inputs.get("namespace") in {"AWS/RDS", "AWS/DynamoDB"}
    ]
    assert alarms
    for alarm in alarms:
        assert "region" not in alarm.inputs
        assert alarm.inputs["alarmActions"] == [site.outputs["alertTopicArn"]]


def test_dynamodb_latency_is_watched_towards_the_dr_region(prod: ProgramRun) -> None:
    alarms = [
        a
        for a in resources(prod, "aws:cloudwatch/metricAlarm:MetricAlarm")
        if a.inputs.get("namespace") == "AWS/DynamoDB"
    ]
    assert {a.inputs["dimensions"]["ReceivingRegion"] for a in alarms} == {"us-west-2"}
