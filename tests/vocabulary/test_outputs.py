"""The stack-outputs contract: exports, `services/outputs.py` and the README table agree."""

from __future__ import annotations

import re

from offline.engine import ProgramRun
from tests.conftest import ROOT, plan_with
from vocabulary import outputs

ENDPOINT_SERVICES = {"ecommerce", "payments", "inventory", "crm", "comms"}


def test_output_names_are_the_published_contract() -> None:
    # A rename here breaks the dr stack and other teams: change README and consumers with it.
    assert outputs.ALL == (
        "site",
        "network",
        "keyArn",
        "alertTopicArn",
        "services",
        "endpoints",
        "workers",
        "dashboard",
        "posture",
    )
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


def _readme_contract() -> set[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Stack outputs: the contract", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Za-z]+)` \|", section, flags=re.MULTILINE))


def test_each_stack_exports_exactly_the_contract(site: ProgramRun) -> None:
    assert set(site.outputs) == set(outputs.ALL)


def test_readme_documents_every_output_and_no_other() -> None:
    assert _readme_contract() == set(outputs.ALL)


def test_every_service_reports_its_targets_and_strategy(site: ProgramRun) -> None:
    services = site.outputs[outputs.SERVICES]
    assert set(services) == {"ecommerce", "payments", "inventory", "hosting", "crm", "comms"}
    assert services["payments"]["strategy"] == "warm-standby"
    assert services["crm"]["strategy"] == "pilot-light"
    assert services["comms"]["strategy"] == "backup-restore"
    assert services["payments"]["rpo"] == "1m"
