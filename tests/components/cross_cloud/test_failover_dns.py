"""Route 53 stays the authority of a cross-cloud pair: the dr stack declares, per endpoint, a
failover pair with an HTTPS health check on each side, PRIMARY at prod's load balancer and
SECONDARY at the recovery cloud's entry (GCP: its global address by A record; Azure: the
gateway's name by CNAME, prod's then a CNAME too), all with its explicit AWS provider."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cross_cloud import RECOVERY_CLOUDS, Recovery, example_raw, example_run

RECORD = "aws:route53/record:Record"
CHECK = "aws:route53/healthCheck:HealthCheck"


def _endpoints(recovery: Recovery) -> list[str]:
    return [s["name"] for s in example_raw(recovery, "dr")["services"] if s.get("endpoint")]


def _lbs(recovery: Recovery, service: str) -> dict[str, dict[str, str]]:
    return example_run(recovery, "dr").outputs["endpoints"][service]["loadBalancers"]


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_every_endpoint_has_a_route53_failover_pair_with_a_health_check_on_each_side(
    recovery: Recovery,
) -> None:
    dr = example_run(recovery, "dr")
    checks = {c.outputs.get("id", c.id): c for c in dr.of_type(CHECK)}
    assert _endpoints(recovery)
    for service in _endpoints(recovery):
        records = {
            r.inputs["failoverRoutingPolicies"][0]["type"]: r
            for r in dr.of_type(RECORD)
            if dr.service_of(r) == service and r.inputs.get("failoverRoutingPolicies")
        }
        assert set(records) == {"PRIMARY", "SECONDARY"}
        assert all(r.inputs["healthCheckId"] in checks for r in records.values())
        assert {checks[r.inputs["healthCheckId"]].inputs["type"] for r in records.values()} == {"HTTPS"}
        assert len({r.inputs["type"] for r in records.values()}) == 1  # a failover pair shares its type


def _pair(recovery: Recovery, service: str) -> dict[str, dict[str, Any]]:
    dr = example_run(recovery, "dr")
    checks = {c.outputs.get("id", c.id): c.inputs for c in dr.of_type(CHECK)}
    out = {}
    for r in dr.of_type(RECORD):
        if dr.service_of(r) == service and r.inputs.get("failoverRoutingPolicies"):
            out[r.inputs["failoverRoutingPolicies"][0]["type"]] = {
                **r.inputs,
                "check": checks[r.inputs["healthCheckId"]],
            }
    return out


def test_gcp_the_secondary_is_an_a_record_of_the_global_address_checked_with_the_hostname() -> None:
    for service in _endpoints("gcp"):
        pair, lbs = _pair("gcp", service), _lbs("gcp", service)
        hostname = example_run("gcp", "dr").outputs["endpoints"][service]["hostname"]
        secondary = pair["SECONDARY"]
        assert (secondary["type"], secondary["records"]) == ("A", [lbs["dr"]["dnsName"]])
        assert secondary["check"]["ipAddress"] == lbs["dr"]["dnsName"]
        assert secondary["check"]["fqdn"] == hostname  # Host and SNI: what the certificate map serves
        assert pair["PRIMARY"]["aliases"][0]["name"] == lbs["prod"]["dnsName"]
        assert pair["PRIMARY"]["check"]["fqdn"] == lbs["prod"]["dnsName"]


def test_azure_both_records_are_cnames_to_prods_alb_and_the_gateway() -> None:
    for service in _endpoints("azure"):
        pair, lbs = _pair("azure", service), _lbs("azure", service)
        for role, site in (("PRIMARY", "prod"), ("SECONDARY", "dr")):
            assert (pair[role]["type"], pair[role]["records"]) == ("CNAME", [lbs[site]["dnsName"]])
            assert pair[role]["check"]["fqdn"] == lbs[site]["dnsName"]
            assert "aliases" not in pair[role]


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_health_check_alarms_notify_prods_topic(recovery: Recovery) -> None:
    dr = example_run(recovery, "dr")
    topic = example_run(recovery, "prod").outputs["alertTopicArn"]
    alarms = [
        a
        for a in dr.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")
        if a.inputs["namespace"] == "AWS/Route53"
    ]
    assert alarms and all(a.inputs["alarmActions"] == [topic] for a in alarms)


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_every_aws_resource_of_the_dr_stack_uses_its_explicit_aws_provider(recovery: Recovery) -> None:
    dr = example_run(recovery, "dr")
    aws = [r for r in dr.resources if r.custom and r.type.startswith("aws:")]
    [provider] = [r for r in dr.resources if r.type == "pulumi:providers:aws"]
    assert aws and {r.provider.split("::")[-1] for r in aws} == {provider.id}


def test_no_traffic_manager_stands_between_route53_and_the_azure_gateway() -> None:
    assert not example_run("azure", "dr").of_type("azure-native:trafficmanager:Profile")
