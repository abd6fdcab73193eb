"""One run shows every problem: a mistake in one section, tier or service hides no other's, whichever
stage finds it (a field, a cross-section check, a rule of the services layer), and a broken part
costs only its own problems, never consequences of itself elsewhere or the same problem twice."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from config import Problem
from tests.conftest import config_error, service

Edit = Callable[[dict[str, Any]], None]


def set_service(service_name: str, **values: Any) -> Edit:
    return lambda raw: service(raw, service_name).update(values)


def tier(number: int, **values: Any) -> Edit:
    def edit(raw: dict[str, Any]) -> None:
        raw.setdefault("tiers", {}).setdefault(number, {}).update(values)

    return edit


def store(service_name: str, index: int, **values: Any) -> Edit:
    return lambda raw: service(raw, service_name)["dataStores"][index].update(values)


DEFECTS: dict[str, tuple[Edit, str]] = {
    # a field of one service
    "service-field": (set_service("payments", rto="soon"), "services[1:payments].rto"),
    # the services layer's rules: a store below its replication floor, an RTO below failover's
    "store-rpo-floor": (store("ecommerce", 1, rpo="1m"), "services[0:ecommerce].dataStores[1].rpo"),
    "rto-floor": (set_service("inventory", rto="1m"), "services[2:inventory].rto"),
    # the services layer's rule: a frequency the backup service cannot schedule
    "schedule": (set_service("comms", backup={"frequency": "5h"}), "services[5:comms].backup.frequency"),
    # cross-section checks
    "same-regions": (lambda r: r["sites"]["recovery"].update(region="us-east-1"), "sites.recovery.region"),
    "retention-gap": (tier(2, backupRetention="1h"), "tiers.2.backupRetention"),
    "vault-lock": (
        lambda r: r.update(backup={"vaultLock": {"minRetention": "500d"}}),
        "backup.vaultLock.minRetention",
    ),
    "hostname": (
        lambda r: service(r, "crm")["endpoint"].update(hostname="crm.example.org"),
        "services[4:crm].endpoint.hostname",
    ),
    # whole sections, a tier, a service
    "alerts": (lambda r: r["alerts"].update(emails=[]), "alerts.emails"),
    "tier-field": (tier(1, rto="soon"), "tiers.1.rto"),
    "broken-service": (set_service("hosting", name="Hosting!"), "services[3:Hosting!].name"),
    "within-a-model": (
        lambda r: service(r, "payments")["compute"].update(memory=512, desiredCount="four"),
        "services[1:payments].compute.memory",
    ),
}


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(sorted(DEFECTS), 2)))
def test_two_independent_mistakes_are_both_reported_in_one_run(first: str, second: str) -> None:
    edits = [DEFECTS[first][0], DEFECTS[second][0]]

    def both(raw: dict[str, Any]) -> None:
        for edit in edits:
            edit(raw)

    keys = {p.key for p in config_error(both).problems}
    assert {DEFECTS[first][1], DEFECTS[second][1]} <= keys


def test_every_mistake_is_reported_in_one_run() -> None:
    def all_of_them(raw: dict[str, Any]) -> None:
        for edit, _ in DEFECTS.values():
            edit(raw)

    keys = {p.key for p in config_error(all_of_them).problems}
    assert {key for _, key in DEFECTS.values()} <= keys


# --- a broken part costs only its own problems ------------------------------------------------


def _broken_residency(raw: dict[str, Any]) -> None:
    raw["residency"].update(zones={"asia": ["ap-south-1"]})
    service(raw, "crm").update(residency="eu")


ONLY_ITS_OWN: dict[str, tuple[Edit, set[str], str]] = {
    # a site on a cloud the schema does not know: no "cannot be protected" per store, no floors
    "unknown-cloud": (
        lambda r: r["sites"]["recovery"].update(cloud="nimbus"),
        {"sites.recovery.cloud"},
        "prod",
    ),
    # a broken residency section: no residency verdicts from a default it does not have
    "residency": (_broken_residency, {"residency.zones.asia"}, "prod"),
    # a broken zone: no "hostname outside the zone" for every endpoint
    "dns": (lambda r: r["dns"].update(domain="Not A Domain"), {"dns.domain"}, "prod"),
    # a broken tier: no floors, schedules or retention checks of its services from defaults
    "tier": (tier(0, rto="soon", backupFrequency="5h"), {"tiers.0.rto"}, "prod"),
    # a broken foundation service: no "exactly one service must have foundation: true"
    "foundation-service": (set_service("hosting", tier="zero"), {"services[3:hosting].tier"}, "prod"),
    # a broken prodStack: no "set prodStack" as if it were missing
    "prod-stack": (lambda r: r.update(prodStack="not a stack"), {"prodStack"}, "dr"),
    # a broken backup section: no vault-lock verdicts from the default lock
    "backup": (
        lambda r: r.update(backup={"vaultLock": {"mode": "strict", "minRetention": "500d"}}),
        {"backup.vaultLock.mode"},
        "prod",
    ),
    # a missing catalog: one problem, not also "exactly one foundation"
    "no-services": (lambda r: r.pop("services"), {"services"}, "prod"),
    # a compute block with a broken field: the endpoint is not also "without compute"
    "compute": (
        lambda r: service(r, "crm")["compute"].update(desiredCount=0),
        {"services[4:crm].compute.desiredCount"},
        "prod",
    ),
}


@pytest.mark.parametrize("case", sorted(ONLY_ITS_OWN))
def test_a_broken_part_is_reported_once_and_causes_no_other_problem(case: str) -> None:
    edit, keys, stack = ONLY_ITS_OWN[case]
    found = config_error(edit, stack).problems
    assert sorted(p.key for p in found) == sorted(keys), [p.render("marketplace-dr") for p in found]


def test_a_tier_wide_setting_that_several_services_inherit_is_reported_once() -> None:
    # tier 0 holds ecommerce, payments and inventory, all with data stores
    found: tuple[Problem, ...] = config_error(tier(0, backupFrequency="5h")).problems
    assert [p.key for p in found] == ["tiers.0.backupFrequency"]


@pytest.mark.parametrize(
    ("broken", "key"),
    [
        (lambda r: r["sites"]["recovery"].update(region="us-west2"), "sites.recovery.region"),
        (lambda r: r["sites"]["primary"].update(cidr="192.168.0.0/16"), "sites.primary.cidr"),
        (lambda r: r["dns"].update(hostedZoneId="z0example"), "dns.hostedZoneId"),
    ],
    ids=["mistyped-region", "bad-cidr", "bad-zone-id"],
)
def test_a_broken_site_or_zone_field_hides_no_rule_that_needs_only_the_clouds(broken: Edit, key: str) -> None:
    def also(raw: dict[str, Any]) -> None:
        broken(raw)
        for name in ("store-rpo-floor", "rto-floor", "schedule", "retention-gap"):
            DEFECTS[name][0](raw)
        raw["tiers"][0] = {"backupFrequency": "30m"}  # below AWS Backup's hourly floor

    keys = {p.key for p in config_error(also).problems}
    assert {
        key,
        "services[0:ecommerce].dataStores[1].rpo",
        "services[2:inventory].rto",
        "services[5:comms].backup.frequency",
        "tiers.0.backupFrequency",
        "tiers.2.backupRetention",
    } <= keys
