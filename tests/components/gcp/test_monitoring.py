"""Alerts and dashboards: every endpoint's health, errors and capacity; replica lag against the
store's RPO; turbo replication behind its target; one dashboard per site."""

from __future__ import annotations

from offline.engine import ProgramRun
from tests.components.gcp.conftest import gcp_raw, gcp_resources

POLICY = "gcp:monitoring/alertPolicy:AlertPolicy"
ENDPOINTS = [s["name"] for s in gcp_raw("prod")["services"] if "endpoint" in s]


def _filters(site: ProgramRun) -> list[str]:
    return [
        str(p.inputs["conditions"][0].get("conditionThreshold", {}).get("filter"))
        for p in gcp_resources(site, POLICY)
    ]


def test_every_endpoint_has_an_uptime_check_on_its_health_path(gcp_site: ProgramRun) -> None:
    checks = gcp_resources(gcp_site, "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig")
    paths = {
        s["endpoint"]["hostname"]: s["endpoint"]["healthPath"]
        for s in gcp_raw("prod")["services"]
        if "endpoint" in s
    }
    assert {c.inputs["httpCheck"]["headers"]["Host"]: c.inputs["httpCheck"]["path"] for c in checks} == paths


def test_every_endpoint_alerts_on_5xx(gcp_site: ProgramRun) -> None:
    errors = [f for f in _filters(gcp_site) if "response_code_class = 500" in f]
    assert len(errors) == len(ENDPOINTS)


def test_dr_replicas_alert_when_lag_exceeds_the_stores_rpo(gcp_dr: ProgramRun) -> None:
    lag = {
        p.inputs["conditions"][0]["conditionThreshold"]["filter"]
        .split("database_id = ")[1]
        .split('"')[1]: p.inputs["conditions"][0]["conditionThreshold"]["thresholdValue"]
        for p in gcp_resources(gcp_dr, POLICY)
        if "replica_lag" in str(p.inputs["conditions"][0].get("conditionThreshold", {}).get("filter"))
    }
    project = gcp_raw("dr")["sites"]["recovery"]["projectId"]
    # Tier 0 stores: RPO 1 min; tier 1: 15 min; tier 2: 24 h (config defaults).
    assert lag == {
        f"{project}:dr-ecommerce-orders": 60,
        f"{project}:dr-payments-payments": 60,
        f"{project}:dr-crm-crm": 900,
        f"{project}:dr-comms-messages": 86400,
    }


def test_dual_region_buckets_alert_when_turbo_replication_falls_behind(gcp_prod: ProgramRun) -> None:
    turbo = [f for f in _filters(gcp_prod) if "turbo_max_delay" in f]
    buckets = [
        b
        for b in gcp_resources(gcp_prod, "gcp:storage/bucket:Bucket")
        if b.inputs.get("rpo") == "ASYNC_TURBO"
    ]
    assert len(turbo) == len(buckets) == 3


def test_one_dashboard_per_site_charts_every_endpoint(gcp_site: ProgramRun) -> None:
    (dashboard,) = gcp_resources(gcp_site, "gcp:monitoring/dashboard:Dashboard")
    body = str(dashboard.inputs["dashboardJson"])
    assert all(f"{name}: requests by response class" in body for name in ENDPOINTS)
