"""What a cross-cloud pair cannot do is refused at the config boundary, one problem each, saying
why and what the options are (examples/aws-to-gcp and examples/aws-to-azure, edited)."""

from __future__ import annotations

from typing import Any

import pytest

from config import ConfigError, load_files, validate
from tests.cross_cloud import EXAMPLES, RECOVERY_CLOUDS, Recovery, example_error, service


def _at(error: ConfigError, key: str) -> list[str]:
    return [p.render(error.project) for p in error.problems if p.key == key]


def _with_carts(raw: dict[str, Any]) -> None:
    service(raw, "ecommerce")["dataStores"].append(
        {"kind": "keyvalue", "name": "carts", "sizeGb": 20, "partitionKey": "sessionId"}
    )


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_a_key_value_store_is_refused_saying_why_and_the_options(recovery: Recovery) -> None:
    error = example_error(recovery, _with_carts)
    [message] = _at(error, "services[0:ecommerce].dataStores[2].kind")
    assert "cannot be protected from AWS us-east-1" in message
    assert "no managed service replicates DynamoDB" in message
    assert "Options: run the recovery site on aws" in message
    assert "no per-service recovery site exists" in message
    assert "relational (PostgreSQL) or object store" in message


def _with_volumes(raw: dict[str, Any]) -> None:
    service(raw, "crm")["dataStores"].append({"kind": "volume", "name": "disks", "sizeGb": 100})


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_vm_volumes_are_refused_with_the_options(recovery: Recovery) -> None:
    error = example_error(recovery, _with_volumes)
    [message] = _at(error, "services[4:crm].dataStores[2].kind")
    assert "AWS Backup copies only into AWS Backup vaults" in message and "Options:" in message


def _crm_on_vms(raw: dict[str, Any]) -> None:
    service(raw, "crm")["compute"] = {
        "kind": "vms",
        "image": "ami-0abcdef1234567890",
        "instanceType": "m7i.large",
        "port": 8443,
        "desiredCount": 2,
    }


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_a_vm_service_is_one_problem_naming_what_to_do_instead(recovery: Recovery) -> None:
    error = example_error(recovery, _crm_on_vms)
    crm = [p for p in error.problems if p.key.startswith("services[4:crm].compute")]
    assert [p.key for p in crm] == ["services[4:crm].compute.kind"]
    assert "run it in containers" in crm[0].message


def _zone_on_the_recovery_cloud(raw: dict[str, Any]) -> None:
    recovery = raw["sites"]["recovery"]["cloud"]
    raw["dns"] = (
        {
            "cloud": "gcp",
            "domain": "marketplace.example.com",
            "managedZone": "mz",
            "projectId": "acme-dns-shared",
        }
        if recovery == "gcp"
        else {
            "cloud": "azure",
            "domain": "marketplace.example.com",
            "resourceGroup": "dns",
            "zoneName": "marketplace.example.com",
        }
    )


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_the_zone_must_stay_on_route53(recovery: Recovery) -> None:
    error = example_error(recovery, _zone_on_the_recovery_cloud)
    messages = _at(error, "dns.cloud")
    assert any("fails over with Route 53 failover records (dns.cloud: aws" in m for m in messages)


def _apex_hostname(raw: dict[str, Any]) -> None:
    service(raw, "comms")["endpoint"]["hostname"] = "marketplace.example.com"


def test_an_azure_recovery_site_refuses_an_endpoint_at_the_zone_apex() -> None:
    [message] = _at(example_error("azure", _apex_hostname), "services[5:comms].endpoint.hostname")
    assert "zone apex" in message and "a failover pair of CNAMEs" in message


def test_a_gcp_recovery_site_answers_the_apex_with_an_a_record() -> None:
    raw, sources = load_files("prod", EXAMPLES["gcp"])
    _apex_hostname(raw)
    assert validate(raw, "prod", sources).services[5].endpoint is not None  # no CNAME: accepted


def _burstable_orders(raw: dict[str, Any]) -> None:
    service(raw, "ecommerce")["dataStores"][0]["instanceClass"] = "db.t3.micro"


def test_a_dms_destination_needs_a_cloud_sql_tier_of_the_same_size() -> None:
    [message] = _at(
        example_error("gcp", _burstable_orders), "services[0:ecommerce].dataStores[0].instanceClass"
    )
    assert "no Cloud SQL tier" in message and "db.r*" in message


def _tier0_rto_15m(raw: dict[str, Any]) -> None:
    raw["tiers"][0]["rto"] = "15m"


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_a_relational_store_cannot_promote_across_clouds_within_15_minutes(recovery: Recovery) -> None:
    messages = _at(example_error(recovery, _tier0_rto_15m), "tiers.0.rto")
    assert messages and all("promotion 15m" in m for m in messages)


def _object_rpo_15m(raw: dict[str, Any]) -> None:
    service(raw, "ecommerce")["dataStores"][1]["rpo"] = "15m"


@pytest.mark.parametrize(
    ("recovery", "why"), [("gcp", "Storage Transfer Service"), ("azure", "Data Factory")]
)
def test_an_object_store_rpo_below_its_paths_lag_names_the_floor(recovery: Recovery, why: str) -> None:
    [message] = _at(example_error(recovery, _object_rpo_15m), "services[0:ecommerce].dataStores[1].rpo")
    assert why in message and "the floor is 30m" in message
