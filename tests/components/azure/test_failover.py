"""Every Azure endpoint is behind a monitored Traffic Manager profile with Priority routing, and
the public name points at it from the zone's cloud."""

from __future__ import annotations

from typing import Any

from clouds.azure import TRAFFIC_MANAGER
from config.models import DEFAULT_TIERS
from offline.engine import ProgramRun
from tests.components.azure.conftest import catalog, of, plan_azure_with

ENDPOINT_SERVICES = [s for s in catalog() if s.get("endpoint")]


def _profiles(run: ProgramRun) -> dict[str, Any]:
    return {
        r.inputs["monitorConfig"]["customHeaders"][0]["value"]: r for r in of(run, "trafficmanager:Profile")
    }


def test_every_endpoint_is_behind_a_priority_profile_probing_its_health_path(azure_dr: ProgramRun) -> None:
    profiles = _profiles(azure_dr)
    assert set(profiles) == {s["endpoint"]["hostname"] for s in ENDPOINT_SERVICES}
    for service in ENDPOINT_SERVICES:
        profile = profiles[service["endpoint"]["hostname"]].inputs
        monitor = profile["monitorConfig"]
        assert profile["trafficRoutingMethod"] == "Priority"
        assert (monitor["protocol"], monitor["path"]) == ("HTTPS", service["endpoint"]["healthPath"])
        assert monitor["intervalInSeconds"] == TRAFFIC_MANAGER.interval.value.total_seconds()


def test_prod_is_priority_1_and_dr_priority_2_targeting_each_sites_gateway(azure_dr: ProgramRun) -> None:
    endpoints = azure_dr.outputs["endpoints"]
    for service in ENDPOINT_SERVICES:
        profile = _profiles(azure_dr)[service["endpoint"]["hostname"]].inputs
        by_priority = {e["priority"]: e["targetResourceId"] for e in profile["endpoints"]}
        gateways = endpoints[service["name"]]["loadBalancers"]
        assert by_priority == {1: gateways["prod"]["zoneId"], 2: gateways["dr"]["zoneId"]}


def test_tolerated_failures_are_the_tiers_threshold_less_one(azure_dr: ProgramRun) -> None:
    for profile in of(azure_dr, "trafficmanager:Profile"):
        threshold = DEFAULT_TIERS[int(profile.inputs["tags"]["tier"])]["healthCheckFailureThreshold"]
        assert isinstance(threshold, int)
        assert profile.inputs["monitorConfig"]["toleratedNumberOfFailures"] == threshold - 1


def test_the_profiles_ttl_is_dns_ttl(azure_dr: ProgramRun) -> None:
    assert {p.inputs["dnsConfig"]["ttl"] for p in of(azure_dr, "trafficmanager:Profile")} == {60}


def test_every_profile_endpoint_raises_an_alert_when_degraded(azure_dr: ProgramRun) -> None:
    alerts = [
        a for a in of(azure_dr, "monitor:MetricAlert") if "trafficManagerProfiles" in a.inputs["scopes"][0]
    ]
    profiles = {p.outputs["id"] for p in of(azure_dr, "trafficmanager:Profile")}
    assert {a.inputs["scopes"][0] for a in alerts} == profiles
    assert len(alerts) == 2 * len(profiles)  # prod and dr endpoint of each


def test_each_hostname_aliases_its_profile_in_the_azure_dns_zone(azure_dr: ProgramRun) -> None:
    profiles = {p.outputs["id"] for p in of(azure_dr, "trafficmanager:Profile")}
    records = of(azure_dr, "dns:RecordSet")
    assert {r.inputs["targetResource"]["id"] for r in records} == profiles
    relative = {r.inputs["relativeRecordSetName"] for r in records}
    assert relative == {
        s["endpoint"]["hostname"].removesuffix(".marketplace.example.com") for s in ENDPOINT_SERVICES
    }


def test_a_route53_zone_gets_a_cname_per_hostname_to_the_profile_through_its_own_provider() -> None:
    def route53(raw: dict[str, Any]) -> None:
        raw["dns"] = {"domain": "marketplace.example.com", "hostedZoneId": "Z0EXAMPLE0MARKETPLACE", "ttl": 60}

    dr = plan_azure_with("dr", route53)
    records = dr.of_type("aws:route53/record:Record")
    fqdns = {
        f"{p.inputs['dnsConfig']['relativeName']}.trafficmanager.net"
        for p in of(dr, "trafficmanager:Profile")
    }
    assert {r.inputs["type"] for r in records} == {"CNAME"}
    assert {r.inputs["records"][0] for r in records} == fqdns
    assert {r.inputs["name"] for r in records} == {s["endpoint"]["hostname"] for s in ENDPOINT_SERVICES}
    assert dr.of_type("pulumi:providers:aws") and not dr.of_type("azure-native:dns:RecordSet")


def test_prod_declares_no_failover_of_its_own(azure_prod: ProgramRun) -> None:
    assert not azure_prod.of_type("azure-native:trafficmanager:Profile")
