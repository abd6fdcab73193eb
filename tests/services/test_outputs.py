"""The stack outputs other teams consume: names from services/outputs.py, all present."""

from __future__ import annotations

from offline.engine import ProgramRun
from services import outputs
from tests.conftest import plan_with

ENDPOINT_SERVICES = {"ecommerce", "payments", "inventory", "crm", "comms"}


def test_every_output_name_is_exported(site: ProgramRun) -> None:
    assert set(site.outputs) == set(outputs.ALL)


def test_output_names_are_the_published_contract() -> None:
    # A rename here breaks the dr stack and other teams: change README and consumers with it.
    assert outputs.ALL == ("site", "network", "keyArn", "alertTopicArn", "services", "endpoints", "dashboard")
    assert outputs.DR_ENDPOINT_FIELDS == (
        "hostname",
        "url",
        "failoverSeconds",
        "loadBalancers",
        "compute",
        "healthCheckIds",
    )
    assert outputs.ROUTING_CONTROL_ARNS == "routingControlArns"


def test_prod_endpoints_contract_is_complete(prod: ProgramRun) -> None:
    endpoints = prod.outputs[outputs.ENDPOINTS]
    assert set(endpoints) == ENDPOINT_SERVICES
    for entry in endpoints.values():
        assert tuple(entry) == outputs.PROD_ENDPOINT_FIELDS
        (lb,) = entry[outputs.LOAD_BALANCERS].values()
        assert lb[outputs.LB_DNS_NAME].endswith(".elb.amazonaws.com") and lb[outputs.LB_ZONE_ID]
        assert entry[outputs.COMPUTE]["securityGroupId"]


def test_dr_endpoints_contract_is_complete(dr: ProgramRun) -> None:
    endpoints = dr.outputs[outputs.ENDPOINTS]
    assert set(endpoints) == ENDPOINT_SERVICES
    for name, entry in endpoints.items():
        assert tuple(entry) == outputs.DR_ENDPOINT_FIELDS, name
        assert entry[outputs.URL] == f"https://{entry[outputs.HOSTNAME]}/"
        assert set(entry[outputs.LOAD_BALANCERS]) == set(entry[outputs.HEALTH_CHECK_IDS]) == {"prod", "dr"}
        assert all(entry[outputs.HEALTH_CHECK_IDS].values())
        assert entry[outputs.COMPUTE]["kind"] in {"containers", "vms", "none"}
    assert endpoints["comms"][outputs.COMPUTE] == {"kind": "none", "strategy": "backup-restore"}


def test_routing_control_arns_join_the_contract_when_enabled() -> None:
    run = plan_with("dr", lambda raw: raw.update(failover={"recoveryControl": True}))
    for entry in run.outputs[outputs.ENDPOINTS].values():
        assert tuple(entry) == (*outputs.DR_ENDPOINT_FIELDS, outputs.ROUTING_CONTROL_ARNS)
        assert set(entry[outputs.ROUTING_CONTROL_ARNS]) == {"prod", "dr"}
