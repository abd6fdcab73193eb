"""Config for Google Cloud sites (config/gcp.py, and the GCP mode requirements): each mock-blind
rule refused at the boundary with the key, the value and what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from config import ConfigError, StackConfig, validate
from config.errors import Problem
from tests.components.gcp.conftest import gcp_raw
from tests.conftest import default_raw, service


def valid(edit: Callable[[dict[str, Any]], None] | None = None, stack: str = "prod") -> StackConfig:
    raw = gcp_raw(stack)
    if edit:
        edit(raw)
    return validate(raw, stack)


def problems(edit: Callable[[dict[str, Any]], None], stack: str = "prod") -> list[Problem]:
    raw = gcp_raw(stack)
    edit(raw)
    with pytest.raises(ConfigError) as caught:
        validate(raw, stack)
    return list(caught.value.problems)


def only(found: list[Problem], key: str) -> str:
    matching = [p.message for p in found if p.key == key]
    assert matching, f"no problem at {key}; got {[p.key for p in found]}"
    return matching[0]


def store(raw: dict[str, Any], svc: str, name: str) -> dict[str, Any]:
    return next(s for s in service(raw, svc)["dataStores"] if s["name"] == name)


def test_the_gcp_example_is_valid_for_both_stacks() -> None:
    assert valid().site.cloud == valid(stack="dr").site.cloud == "gcp"


def test_a_gcp_site_needs_its_project() -> None:
    found = problems(lambda r: r["sites"]["recovery"].pop("projectId"))
    assert "required for a Google Cloud site" in only(found, "sites.recovery.projectId")


def test_both_gcp_sites_use_one_project() -> None:
    found = problems(lambda r: r["sites"]["recovery"].update(projectId="acme-other-project"))
    assert "Cloud SQL replica is created in its primary's project" in only(found, "sites.recovery.projectId")


def test_gcp_sites_fail_over_through_a_cloud_dns_zone() -> None:
    def route53(raw: dict[str, Any]) -> None:
        raw["dns"] = {"domain": "marketplace.example.com", "hostedZoneId": "Z0EXAMPLE0MARKETPLACE"}

    assert "must be a Cloud DNS zone" in only(problems(route53), "dns.cloud")


def test_a_cloud_dns_zone_serves_gcp_sites_only() -> None:
    def aws_sites(raw: dict[str, Any]) -> None:
        raw.update(gcp_raw("prod"))  # the example's catalog, but AWS sites
        raw["sites"] = {
            "primary": {"cloud": "aws", "region": "us-east-1", "cidr": "10.10.0.0/16"},
            "recovery": {"cloud": "aws", "region": "us-west-2", "cidr": "10.20.0.0/16"},
        }

    assert "fails over Google Cloud sites only" in only(problems(aws_sites), "dns.cloud")


def test_cloud_dns_zone_names_follow_the_api() -> None:
    found = problems(lambda r: r["dns"].update(managedZone="Marketplace_Zone"))
    assert "a Cloud DNS managed zone name" in only(found, "dns.managedZone")


def test_recovery_control_is_route53_only() -> None:
    found = problems(lambda r: r.update(failover={"recoveryControl": True}))
    said = [p.message for p in found if p.key == "failover.recoveryControl"]
    assert any("Cloud DNS's health-checked routing policy" in m for m in said), said


def test_a_key_value_store_needs_a_firestore_multi_region_holding_both_sites() -> None:
    def pair(raw: dict[str, Any]) -> None:
        raw["sites"]["recovery"]["region"] = "us-west1"

    text = only(problems(pair), "services[0:ecommerce].dataStores[2].kind")
    assert "us-central1 and us-west1" in text and "nam7 (us-central1 + us-east4)" in text


def test_firestore_replicas_must_stay_inside_the_residency() -> None:
    def eu_only_for_us_sites(raw: dict[str, Any]) -> None:
        raw["residency"] = {"default": "us", "zones": {"us": ["us-central1", "us-east4"]}}

    text = only(problems(eu_only_for_us_sites), "services[0:ecommerce].residency")
    assert "us-central2" in text and "outside 'us'" in text


def test_an_object_store_needs_a_dual_region_of_both_sites() -> None:
    def pair(raw: dict[str, Any]) -> None:
        raw["sites"]["recovery"]["region"] = "us-west1"
        for s in raw["services"]:
            s["dataStores"] = [d for d in s.get("dataStores", []) if d["kind"] != "keyvalue"]
        raw["sites"]["primary"]["region"] = "europe-west1"
        raw["residency"] = {"default": "any"}

    text = only(problems(pair), "services[0:ecommerce].dataStores[1].kind")
    assert "no dual-region pairs europe-west1 with us-west1" in text and "europe-west4" in text


def test_a_dual_region_without_a_kms_location_is_refused() -> None:
    def eur5(raw: dict[str, Any]) -> None:  # Belgium + London: predefined EUR5, no KMS location
        raw["sites"]["primary"]["region"] = "europe-west1"
        raw["sites"]["recovery"]["region"] = "europe-west2"
        raw["residency"] = {"default": "any"}
        for s in raw["services"]:
            s["dataStores"] = [d for d in s.get("dataStores", []) if d["kind"] != "keyvalue"]

    assert "EUR5, which has no Cloud KMS location" in only(
        problems(eur5), "services[0:ecommerce].dataStores[1].kind"
    )


def test_relational_stores_need_a_cloud_sql_tier() -> None:
    found = problems(lambda r: store(r, "crm", "crm").update(instanceClass="db.r6g.large"))
    assert "needs a Cloud SQL tier" in only(found, "services[4:crm].dataStores[0].instanceClass")


def test_advanced_dr_needs_an_enterprise_plus_tier() -> None:
    found = problems(lambda r: store(r, "payments", "payments").update(instanceClass="db-custom-4-16384"))
    assert "needs Enterprise Plus" in only(found, "services[1:payments].dataStores[0].instanceClass")


def test_advanced_dr_needs_postgres_12_or_later() -> None:
    found = problems(lambda r: store(r, "payments", "payments").update(engineVersion="11.22"))
    assert "needs PostgreSQL 12 or later" in only(found, "services[1:payments].dataStores[0].engineVersion")


def test_a_plain_replica_may_run_an_older_postgres() -> None:
    assert valid(lambda r: store(r, "crm", "crm").update(engineVersion="11.22"))


def test_cloud_run_images_come_from_artifact_registry_or_docker_hub() -> None:
    found = problems(
        lambda r: service(r, "payments")["compute"].update(image="public.ecr.aws/acme/payments:3.7.2")
    )
    assert "Artifact Registry" in only(found, "services[1:payments].compute.image")


def test_cloud_run_takes_whole_vcpus() -> None:
    found = problems(lambda r: service(r, "payments")["compute"].update(cpu=512, memory=1024))
    assert "whole vCPUs" in only(found, "services[1:payments].compute.cpu")


def test_cloud_run_memory_fits_the_cpu() -> None:
    found = problems(lambda r: service(r, "payments")["compute"].update(memory=8192))
    assert "1 vCPU takes 512-4096 MiB" in only(found, "services[1:payments].compute.memory")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("image", "ami-0abcdef1234567890", "Compute Engine image"),
        ("instanceType", "m7i.large", "machine type"),
    ],
)
def test_vms_need_compute_engine_images_and_machine_types(field: str, value: str, expected: str) -> None:
    found = problems(lambda r: service(r, "crm")["compute"].update({field: value}))
    assert expected in only(found, f"services[4:crm].compute.{field}")


def test_owners_must_be_valid_label_values() -> None:
    found = problems(lambda r: service(r, "crm").update(owner="Team Customer"))
    assert "GCP label values" in only(found, "services[4:crm].owner")


def test_firestore_backups_run_daily_or_weekly() -> None:
    found = problems(lambda r: r["tiers"][0].update(backupFrequency="12h"))
    assert "daily (1d) or weekly (7d)" in only(found, "tiers.0.backupFrequency")


def test_backup_and_dr_cannot_back_up_more_often_than_every_6h() -> None:
    found = problems(lambda r: r["tiers"][1].update(backupFrequency="1h"))
    assert "every 6h" in only(found, "tiers.1.backupFrequency")


def test_vm_volumes_cannot_be_protected_across_gcp_regions() -> None:
    found = problems(
        lambda r: service(r, "crm")["dataStores"].append({"kind": "volume", "name": "disks", "sizeGb": 50})
    )
    assert "no cross-region copy" in only(found, "services[4:crm].dataStores[2].kind")


def test_an_aws_site_refuses_a_cloud_sql_tier() -> None:
    raw = default_raw("prod")
    store(raw, "crm", "crm")["instanceClass"] = "db-custom-2-7680"
    with pytest.raises(ConfigError) as caught:
        validate(raw, "prod")
    assert "needs an RDS instance class" in only(
        list(caught.value.problems), "services[4:crm].dataStores[0].instanceClass"
    )
