"""Bad config never deploys: every problem at once, each naming file, key, value and what is allowed."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from config import ConfigError, validate
from config.loader import load_files
from tests.conftest import ROOT, config_error

Edit = Callable[[dict[str, Any]], None]


def problems(edit: Edit, stack: str = "prod") -> ConfigError:
    return config_error(edit, stack)


def svc(raw: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in raw["services"] if s["name"] == name)


def only(error: ConfigError, key: str) -> str:
    matching = [p for p in error.problems if p.key == key]
    assert matching, f"no problem at {key}; got {[p.key for p in error.problems]}"
    return matching[0].render(error.project)


@pytest.mark.parametrize("stack", ["prod", "dr"])
def test_default_stacks_are_valid(stack: str) -> None:
    raw, sources = load_files(stack, ROOT)
    cfg = validate(raw, stack, sources)
    assert [s.name for s in cfg.services] == ["ecommerce", "payments", "inventory", "hosting", "crm", "comms"]
    assert cfg.site.region == {"prod": "us-east-1", "dr": "us-west-2"}[stack]


def test_default_catalog_gets_the_starting_targets_from_its_tiers() -> None:
    raw, sources = load_files("prod", ROOT)
    cfg = validate(raw, "prod", sources)
    targets = {s.name: cfg.describe_targets(s) for s in cfg.services}
    assert targets["payments"] == "RPO 1m / RTO 15m"
    assert targets["crm"] == "RPO 15m / RTO 1h"
    assert targets["comms"] == "RPO 1d / RTO 1d"


def test_malformed_duration_names_key_value_and_format() -> None:
    error = problems(lambda r: svc(r, "payments").update(rto="15x"))
    text = only(error, "services[1:payments].rto")
    assert "'15x'" in text
    assert "e.g. 30s, 5m, 1h" in text
    assert re.match(r"Pulumi\.yaml:\d+: marketplace-dr:services\[1:payments\]\.rto", text)


def test_organization_and_environment_must_leave_a_valid_backup_vault_name() -> None:
    def long_names(raw: dict[str, Any]) -> None:
        raw.update(organization="a" * 20, environment="e" * 25)  # each a valid name on its own

    text = only(problems(long_names), "environment")
    assert "51 characters" in text and "at most 50" in text


def test_names_with_a_double_hyphen_are_rejected() -> None:
    # They become RDS identifiers (e.g. crm-crm-prod), which may not contain "--".
    text = only(problems(lambda r: svc(r, "crm").update(name="crm--eu")), "services[4:crm--eu].name")
    assert "without '--'" in text


def test_unknown_tier_lists_the_tiers() -> None:
    error = problems(lambda r: svc(r, "crm").update(tier=5))
    assert "0, 1 or 2" in only(error, "services[4:crm].tier")


def test_unknown_cloud_lists_the_clouds() -> None:
    error = problems(lambda r: r["sites"]["recovery"].update(cloud="oracle"))
    assert "'aws', 'azure' or 'gcp'" in only(error, "sites.recovery.cloud")


def test_region_must_match_its_cloud() -> None:
    error = problems(lambda r: r["sites"]["recovery"].update(region="westus2"))  # an Azure region
    assert "'westus2' is not a region of AWS" in only(error, "sites.recovery.region")


def test_duplicate_service_names_are_rejected() -> None:
    error = problems(lambda r: svc(r, "comms").update(name="crm"))
    assert "services[4] is already 'crm'" in only(error, "services[5:crm].name")


def test_dr_region_must_differ_from_prod_region() -> None:
    error = problems(lambda r: r["sites"]["recovery"].update(region="us-east-1"))
    assert "must differ from the prod region (us-east-1)" in only(error, "sites.recovery.region")


def test_hostname_outside_the_zone_is_rejected() -> None:
    error = problems(lambda r: svc(r, "crm")["endpoint"].update(hostname="crm.example.org"))
    text = only(error, "services[4:crm].endpoint.hostname")
    assert "'crm.example.org'" in text
    assert "ending in '.marketplace.example.com'" in text


def test_eu_service_with_a_us_dr_region_violates_residency() -> None:
    error = problems(lambda r: svc(r, "crm").update(residency="eu"))
    text = only(error, "services[4:crm].residency")
    assert "may not live in the prod region 'us-east-1'" in text
    assert "eu allows: eu-central-1" in text


def test_eu_residency_passes_with_eu_sites_and_fails_on_a_non_eu_dr_region() -> None:
    def eu(raw: dict[str, Any], dr_region: str) -> None:
        raw["residency"]["default"] = "eu"
        raw["sites"]["primary"]["region"] = "eu-central-1"
        raw["sites"]["recovery"]["region"] = dr_region

    raw, sources = load_files("prod", ROOT)
    eu(raw, "eu-west-1")
    assert validate(raw, "prod", sources).site.region == "eu-central-1"
    error = problems(lambda r: eu(r, "eu-west-2"))  # London: not in the EU
    text = only(error, "residency.default")  # the key that holds the zone, once for all its services
    assert "dr region 'eu-west-2'" in text and "inherit it: ecommerce, payments" in text


def test_retention_shorter_than_backup_frequency_is_rejected() -> None:
    error = problems(lambda r: svc(r, "comms").update(backup={"frequency": "24h", "retention": "12h"}))
    text = only(error, "services[5:comms].backup.retention")
    assert "set retention to at least 1d" in text
    assert "'12h'" in text


def test_backup_frequency_below_aws_backup_floor_is_rejected() -> None:
    error = problems(lambda r: svc(r, "comms").update(backup={"frequency": "30m"}))
    assert "use continuous backup" in only(error, "services[5:comms].backup.frequency")


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("desiredCount", 0, "greater than 0"),
        ("desiredCount", -2, "greater than 0"),
        ("standbyCount", -1, "at least 0"),
    ],
)
def test_zero_or_negative_counts_are_rejected(field: str, value: int, allowed: str) -> None:
    error = problems(lambda r: svc(r, "payments")["compute"].update({field: value}))
    assert f"must be {allowed}" in only(error, f"services[1:payments].compute.{field}")


def test_zero_size_store_is_rejected() -> None:
    error = problems(lambda r: svc(r, "payments")["dataStores"][0].update(sizeGb=0))
    assert "greater than 0" in only(error, "services[1:payments].dataStores[0].sizeGb")


def test_standby_above_prod_count_is_rejected() -> None:
    error = problems(lambda r: svc(r, "payments")["compute"].update(standbyCount=9))
    assert "standbyCount 9 is above desiredCount 4" in only(
        error, "services[1:payments].compute.standbyCount"
    )


def test_missing_required_keys_are_named() -> None:
    def drop(raw: dict[str, Any]) -> None:
        del raw["dns"]
        del svc(raw, "crm")["owner"]
        del svc(raw, "crm")["endpoint"]["healthPath"]

    error = problems(drop)
    assert "required key is missing" in only(error, "dns")
    assert "required key is missing" in only(error, "services[4:crm].owner")
    assert "required key is missing" in only(error, "services[4:crm].endpoint.healthPath")


def test_unknown_keys_are_typos_not_silence() -> None:
    def typos(raw: dict[str, Any]) -> None:
        raw["servics"] = []
        svc(raw, "crm")["endpoint"]["healthpath"] = "/x"
        svc(raw, "crm")["dataStores"][0]["szeGb"] = 3

    error = problems(typos)
    assert "allowed top-level keys: alerts, auditLogRetentionDays, backup" in only(error, "servics")
    assert "allowed keys here: healthPath, hostname, port" in only(
        error, "services[4:crm].endpoint.healthpath"
    )
    assert "allowed keys here: engine, engineVersion" in only(error, "services[4:crm].dataStores[0].szeGb")


def test_unknown_store_kind_lists_the_kinds() -> None:
    error = problems(lambda r: svc(r, "crm")["dataStores"][0].update(kind="graph"))
    assert "must be 'object', 'relational', 'keyvalue' or 'volume'" in only(
        error, "services[4:crm].dataStores[0].kind"
    )


def test_unknown_engine_lists_the_engines() -> None:
    error = problems(lambda r: svc(r, "crm")["dataStores"][0].update(engine="oracle"))
    assert "'postgres'" in only(error, "services[4:crm].dataStores[0].engine")


def test_every_problem_is_reported_at_once() -> None:
    def many(raw: dict[str, Any]) -> None:
        svc(raw, "payments").update(rto="soon")
        raw["sites"]["recovery"]["region"] = "us-east-1"
        svc(raw, "crm")["endpoint"]["hostname"] = "crm.example.org"
        svc(raw, "comms").update(tier=7)

    error = problems(many)
    keys = {p.key for p in error.problems}
    assert {
        "services[1:payments].rto",
        "sites.recovery.region",
        "services[4:crm].endpoint.hostname",
        "services[5:comms].tier",
    } <= keys
    assert f"has {len(error.problems)} problems; nothing was planned or deployed" in error.report()


def test_problems_name_the_file_their_key_comes_from() -> None:
    error = problems(lambda r: r.update(role="standby", prodStack="x/y/z"), stack="dr")
    assert only(error, "role").startswith("Pulumi.dr.yaml:3: marketplace-dr:role = 'standby'")


def test_dr_stack_needs_the_prod_stack_reference() -> None:
    error = problems(lambda r: r.pop("prodStack"), stack="dr")
    assert "set prodStack" in only(error, "prodStack")


def test_prod_never_reads_another_stack() -> None:
    error = problems(lambda r: r.update(prodStack="acme/marketplace-dr/dr"))
    assert "prod never reads another stack" in only(error, "prodStack")


def test_exactly_one_service_owns_the_foundation() -> None:
    error = problems(lambda r: svc(r, "hosting").update(foundation=False))
    assert "exactly one service must have foundation: true" in only(error, "services")


def test_store_rpo_below_its_replication_floor_is_rejected_with_the_floor() -> None:
    error = problems(lambda r: svc(r, "ecommerce")["dataStores"][1].update(rpo="1m"))
    text = only(error, "services[0:ecommerce].dataStores[1].rpo")
    assert "floor is 15m" in text
    assert "Replication Time Control" in text


def test_fargate_memory_must_fit_the_cpu() -> None:
    error = problems(lambda r: svc(r, "payments")["compute"].update(memory=512))
    assert "allowed 2048-8192 MiB in steps of 1024" in only(error, "services[1:payments].compute.memory")


def test_relational_store_above_the_rds_storage_maximum_is_rejected() -> None:
    error = problems(lambda r: svc(r, "crm")["dataStores"][0].update(sizeGb=70_000))
    assert "must be at most 65536" in only(error, "services[4:crm].dataStores[0].sizeGb")
