"""Azure sites at the config boundary: what ARM needs, what Azure cannot do between the regions,
and the mock-blind limits of its services, each one clear problem naming key, value and what is
allowed (before anything is planned)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from config import ConfigError, validate
from config.loader import load_files
from tests.components.azure.conftest import EXAMPLE
from tests.conftest import ROOT

Edit = Callable[[dict[str, Any]], None]


def azure_problems(edit: Edit, stack: str = "prod") -> ConfigError:
    raw, sources = load_files(stack, EXAMPLE)
    edit(raw)
    with pytest.raises(ConfigError) as caught:
        validate(raw, stack, sources)
    return caught.value


def only(error: ConfigError, key: str) -> str:
    matching = [p for p in error.problems if p.key == key]
    assert matching, f"no problem at {key}; got {[p.key for p in error.problems]}"
    return matching[0].render(error.project)


def svc(raw: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in raw["services"] if s["name"] == name)


def store(raw: dict[str, Any], service: str, name: str) -> dict[str, Any]:
    return next(s for s in svc(raw, service)["dataStores"] if s["name"] == name)


@pytest.mark.parametrize("stack", ["prod", "dr"])
def test_the_azure_example_is_valid(stack: str) -> None:
    raw, sources = load_files(stack, EXAMPLE)
    cfg = validate(raw, stack, sources)
    assert (cfg.site.cloud, cfg.site.region) == ("azure", {"prod": "westeurope", "dr": "northeurope"}[stack])


def test_an_azure_site_needs_its_subscription_id() -> None:
    text = only(
        azure_problems(lambda r: r["sites"]["recovery"].pop("subscriptionId")),
        "sites.recovery.subscriptionId",
    )
    assert "required for an Azure site" in text


def test_the_recovery_region_must_be_the_primarys_pair() -> None:
    error = azure_problems(lambda r: r["sites"]["recovery"].update(region="francecentral"))
    text = only(error, "sites.recovery.region")
    assert "not westeurope's pair northeurope" in text and "'francecentral'" in text


def test_a_prod_region_without_a_pair_is_refused() -> None:
    error = azure_problems(lambda r: r["sites"]["primary"].update(region="italynorth"))
    assert "has no Azure pair" in only(error, "sites.recovery.region")


def test_endpoints_on_azure_need_a_tls_certificate() -> None:
    error = azure_problems(lambda r: r["sites"]["primary"].pop("tlsCertificate"))
    assert "keyVaultId, secretName" in only(error, "sites.primary.tlsCertificate")


def test_a_read_replica_on_burstable_is_refused() -> None:
    # crm (tier 1, RPO 15m) is protected by a cross-region replica.
    error = azure_problems(lambda r: store(r, "crm", "crm").update(instanceClass="db.t4g.medium"))
    texts = [p.message for p in error.problems if p.key == "services[4:crm].dataStores[0].instanceClass"]
    assert any("dr site" in t and "no read replica on the Burstable tier" in t for t in texts), texts


def test_a_class_without_a_flexible_server_sku_is_refused() -> None:
    error = azure_problems(lambda r: store(r, "crm", "crm").update(instanceClass="db.c5.large"))
    assert "no flexible server SKU" in only(error, "services[4:crm].dataStores[0].instanceClass")


def test_relational_storage_above_32_tib_is_refused() -> None:
    error = azure_problems(lambda r: store(r, "crm", "crm").update(sizeGb=40_000))
    assert "at most 32767 GiB" in only(error, "services[4:crm].dataStores[0].sizeGb")


def test_a_container_size_container_apps_does_not_offer_is_refused() -> None:
    error = azure_problems(lambda r: svc(r, "comms")["compute"].update(cpu=1024, memory=3072))
    assert "not a Container Apps size" in only(error, "services[5:comms].compute.memory")


def test_an_ami_on_an_azure_site_is_refused() -> None:
    error = azure_problems(lambda r: svc(r, "crm")["compute"].update(image="ami-0abcdef1234567890"))
    assert "not an Azure image" in only(error, "services[4:crm].compute.image")


def test_an_azure_image_on_an_aws_site_is_refused() -> None:
    raw, sources = load_files("prod", ROOT)
    svc(raw, "crm")["compute"]["image"] = "Canonical:ubuntu-24_04-lts:server:latest"
    with pytest.raises(ConfigError) as caught:
        validate(raw, "prod", sources)
    assert "not an AMI id" in only(caught.value, "services[4:crm].compute.image")


def test_a_cname_at_the_route53_zone_apex_is_refused() -> None:
    def edit(raw: dict[str, Any]) -> None:
        raw["dns"] = {"domain": "marketplace.example.com", "hostedZoneId": "Z0EXAMPLE0MARKETPLACE"}
        svc(raw, "comms")["endpoint"]["hostname"] = "marketplace.example.com"

    assert "zone apex" in only(azure_problems(edit), "services[5:comms].endpoint.hostname")


def test_an_azure_dns_zone_with_aws_sites_is_refused() -> None:
    raw, sources = load_files("prod", ROOT)
    raw["dns"] = {
        "cloud": "azure",
        "domain": "marketplace.example.com",
        "resourceGroup": "dns",
        "zoneName": "example.com",
    }
    with pytest.raises(ConfigError) as caught:
        validate(raw, "prod", sources)
    assert "Traffic Manager profiles" in only(caught.value, "dns.cloud")


def test_route53_recovery_control_is_refused_for_azure_sites() -> None:
    error = azure_problems(lambda r: r.update(failover={"recoveryControl": True}))
    assert "Traffic Manager" in only(error, "failover.recoveryControl")


def test_azure_backup_schedules_daily_or_weekly_only() -> None:
    error = azure_problems(lambda r: r["tiers"][0].update(backupFrequency="1h"))
    assert "at most every 1d" in only(error, "tiers.0.backupFrequency")


def test_a_relational_rpo_below_the_replicas_lag_is_refused() -> None:
    error = azure_problems(lambda r: r["tiers"][0].update(rpo="1m"))
    assert "floor is 5m" in only(error, "services[1:payments].rpo")


def test_the_azure_dns_zone_must_contain_the_domain() -> None:
    error = azure_problems(lambda r: r["dns"].update(zoneName="example.org"))
    assert "is not the zone of domain" in only(error, "dns.zoneName")


def test_an_unknown_key_in_the_azure_zone_lists_its_keys() -> None:
    error = azure_problems(lambda r: r["dns"].update(hostedZoneId="Z0ABC"))
    assert "resourceGroup, subscriptionId, ttl, zoneName" in only(error, "dns.hostedZoneId")


def test_azure_site_keys_on_an_aws_site_are_refused() -> None:
    raw, sources = load_files("prod", ROOT)
    sites: Any = raw["sites"]
    sites["primary"]["resourceGroup"] = "acme-prod"
    with pytest.raises(ConfigError) as caught:
        validate(raw, "prod", sources)
    assert "is for azure sites" in only(caught.value, "sites.primary.resourceGroup")
