"""Cloud DNS failover: every endpoint's record is a health-checked primary-backup policy that
obeys Cloud DNS's routing-policy rules (mock-blind), prod primary, dr backup."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.components.gcp.conftest import gcp_raw, gcp_resources

RECORD = "gcp:dns/recordSet:RecordSet"
HEALTH_CHECK = "gcp:compute/healthCheck:HealthCheck"


def _failover_records(dr: ProgramRun) -> list[Recorded]:
    found = [r for r in gcp_resources(dr, RECORD) if r.inputs.get("routingPolicy")]
    hosts = {s["endpoint"]["hostname"] for s in gcp_raw("dr")["services"] if "endpoint" in s}
    assert {str(r.inputs["name"]).rstrip(".") for r in found} == hosts
    return found


def _policy(r: Recorded) -> dict[str, Any]:
    return dict(r.inputs["routingPolicy"]["primaryBackup"])


def _health_checks(dr: ProgramRun) -> dict[str, Recorded]:
    return {r.outputs["id"]: r for r in gcp_resources(dr, HEALTH_CHECK) if r.inputs.get("sourceRegions")}


def test_every_failover_record_is_health_checked(gcp_dr: ProgramRun) -> None:
    checks = _health_checks(gcp_dr)
    for r in _failover_records(gcp_dr):
        assert r.inputs["routingPolicy"]["healthCheck"] in checks, r.name
        assert _policy(r)["backupGeos"][0]["healthCheckedTargets"]["externalEndpoints"], r.name


def test_backups_are_a_geolocation_policy(gcp_dr: ProgramRun) -> None:
    region = gcp_raw("dr")["sites"]["recovery"]["region"]
    for r in _failover_records(gcp_dr):
        (geo,) = _policy(r)["backupGeos"]
        assert geo["location"] == region, r.name


def test_external_endpoints_are_the_sites_ip_addresses(gcp_prod: ProgramRun, gcp_dr: ProgramRun) -> None:
    for r in _failover_records(gcp_dr):
        policy = _policy(r)
        primary = policy["primary"]["externalEndpoints"]
        backup = policy["backupGeos"][0]["healthCheckedTargets"]["externalEndpoints"]
        for address in (*primary, *backup):
            ipaddress.IPv4Address(address)  # raises on anything but an IP address
        service = next(
            s
            for s in gcp_raw("dr")["services"]
            if s.get("endpoint", {}).get("hostname") == r.inputs["name"][:-1]
        )
        lbs = gcp_dr.outputs["endpoints"][service["name"]]["loadBalancers"]
        assert (primary, backup) == ([lbs["prod"]["dnsName"]], [lbs["dr"]["dnsName"]])


@pytest.mark.parametrize("rule", ["exactly-3-source-regions", "interval-at-least-30s"])
def test_health_checks_with_source_regions_follow_cloud_dns_rules(gcp_dr: ProgramRun, rule: str) -> None:
    checks = list(_health_checks(gcp_dr).values())
    assert checks
    for hc in checks:
        if rule == "exactly-3-source-regions":
            assert len(hc.inputs["sourceRegions"]) == 3, hc.name
        else:
            assert hc.inputs["checkIntervalSec"] >= 30, hc.name


def test_health_checks_probe_the_health_path_over_https_with_the_hostname(gcp_dr: ProgramRun) -> None:
    paths = {
        s["endpoint"]["hostname"]: s["endpoint"]["healthPath"]
        for s in gcp_raw("dr")["services"]
        if "endpoint" in s
    }
    for hc in _health_checks(gcp_dr).values():
        https = hc.inputs["httpsHealthCheck"]
        assert https["port"] == 443 and paths[https["host"]] == https["requestPath"], hc.name


def test_the_record_and_its_check_live_in_the_zones_project(gcp_dr: ProgramRun) -> None:
    project = gcp_raw("dr")["dns"]["projectId"]
    for r in _failover_records(gcp_dr):
        assert (
            r.inputs["project"] == project and r.inputs["managedZone"] == gcp_raw("dr")["dns"]["managedZone"]
        )
    assert all(hc.inputs["project"] == project for hc in _health_checks(gcp_dr).values())


def test_dr_takes_no_traffic_while_prod_is_healthy(gcp_dr: ProgramRun) -> None:
    assert all(_policy(r)["trickleRatio"] == 0 for r in _failover_records(gcp_dr))


def test_the_record_ttl_is_the_configured_dns_ttl(gcp_dr: ProgramRun) -> None:
    assert {r.inputs["ttl"] for r in _failover_records(gcp_dr)} == {gcp_raw("dr")["dns"]["ttl"]}


def test_prod_declares_no_failover_record(gcp_prod: ProgramRun) -> None:
    assert not [r for r in gcp_prod.of_type(RECORD) if r.inputs.get("routingPolicy")]
