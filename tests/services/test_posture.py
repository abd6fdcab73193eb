"""DR posture: estimates are the hand-computed sums of the reference numbers; misses fail the
program with a useful message; waivers warn until they expire; floors are config errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from config import ConfigError, StackConfig, validate
from offline.engine import ProgramFailedError, ProgramRun
from services.posture import DISRUPTIONS, Change, Estimate, Posture, assess
from tests.conftest import default_raw, plan_with, resources, service

TODAY = date(2026, 11, 24)
S = timedelta(seconds=1)
M = timedelta(minutes=1)
H = timedelta(hours=1)


def config(edit: Callable[[dict[str, Any]], None] | None = None, stack: str = "prod") -> StackConfig:
    raw = default_raw(stack)
    if edit:
        edit(raw)
    return validate(raw, stack)


def posture(edit: Callable[[dict[str, Any]], None] | None = None, today: date = TODAY) -> Posture:
    return assess(config(edit), today)


def find(p: Posture, svc: str, disruption: str, objective: str, store: str | None = None) -> Estimate:
    return next(
        e
        for e in p.estimates
        if (e.service, e.disruption, e.objective, e.store) == (svc, disruption, objective, store)
    )


# --- estimates per strategy and disruption, by hand from dr-reference.md --------------------


def test_warm_standby_region_loss_is_detection_plus_aurora_promotion_plus_ttl() -> None:
    e = find(posture(), "payments", "region-loss", "rto")
    # 10 s interval x 3 failures + Aurora global promotion < 1 min + TTL 60 s
    assert [t.duration for t in e.terms] == [30 * S, 60 * S, 60 * S]
    assert e.estimate == 150 * S
    assert e.status == "met"


def test_warm_standby_region_loss_rpo_per_store_is_its_replication_floor() -> None:
    p = posture()
    assert find(p, "ecommerce", "region-loss", "rpo", "orders").estimate == 1 * S  # Aurora lag < 1 s
    assert find(p, "ecommerce", "region-loss", "rpo", "product-media").estimate == 15 * M  # S3 RTC
    assert find(p, "ecommerce", "region-loss", "rpo", "carts").estimate == 1 * S  # DynamoDB (assumed)


def test_pilot_light_region_loss_waits_for_the_slowest_of_promotion_and_scale_up() -> None:
    p = posture()
    e = find(p, "crm", "region-loss", "rto")
    # RDS replica promotion (assumed 15 min) runs alongside VM scale-up (assumed 20 min, DRS upper end)
    assert e.estimate == 30 * S + 20 * M + 60 * S
    assert e.dominant is not None and "scale VMs" in e.dominant.what
    assert find(p, "crm", "region-loss", "rpo", "crm").estimate == 1 * S


def test_pilot_light_containers_scale_up_in_the_assumed_five_minutes() -> None:
    def containers(raw: dict[str, Any]) -> None:
        crm = service(raw, "crm")
        crm["compute"] = {"kind": "containers", "image": "public.ecr.aws/acme/crm:1.0.0", "desiredCount": 2}

    e = find(posture(containers), "crm", "region-loss", "rto")
    # now the RDS replica promotion (assumed 15 min) dominates the 5 min container scale-up
    assert e.estimate == 30 * S + 15 * M + 60 * S
    assert e.dominant is not None and "RDS replica" in e.dominant.what


def test_backup_restore_region_loss_provisions_compute_and_keeps_the_last_copy() -> None:
    p = posture()
    e = find(p, "comms", "region-loss", "rto")
    # provision from code (assumed 30 min) + containers scale-up (assumed 5 min) > restore 50 GB
    assert e.estimate == 30 * S + (30 * M + 5 * M) + 60 * S
    assert find(p, "comms", "region-loss", "rpo", "messages").estimate == 12 * H  # tier-2 frequency
    assert find(p, "comms", "region-loss", "rpo", "archive").estimate == 15 * M


def test_az_loss_is_the_in_region_database_failover_and_loses_nothing() -> None:
    p = posture()
    assert find(p, "payments", "az-loss", "rto").estimate == 2 * M
    assert find(p, "inventory", "az-loss", "rto").estimate == timedelta(0)
    az_rpo = [e for e in p.estimates if e.disruption == "az-loss" and e.objective == "rpo"]
    assert az_rpo
    assert all(e.estimate == timedelta(0) for e in az_rpo), az_rpo


def _crm_volume(raw: dict[str, Any]) -> None:
    service(raw, "crm")["dataStores"].append({"kind": "volume", "name": "disks", "sizeGb": 100, "rpo": "2h"})


def test_az_loss_of_a_volume_loses_what_its_last_backup_lacks() -> None:
    # EBS volumes live in one AZ: the latest scheduled backup (every 1h for tier 1) is what is left.
    e = find(posture(_crm_volume), "crm", "az-loss", "rpo", "disks")
    assert e.estimate == 1 * H
    (term,) = e.terms
    assert term.kind == "backup" and "one Availability Zone" in term.source


def test_data_corruption_restores_the_largest_store_at_the_assumed_throughput() -> None:
    p = posture()
    assert find(p, "payments", "data-corruption", "rto").estimate == 12 * M  # 100 GB / 500 GB/h
    assert find(p, "inventory", "data-corruption", "rto").estimate == 15 * M  # 50 GB / 200 GB/h
    assert find(p, "ecommerce", "data-corruption", "rto").estimate == 2 * H  # 2000 GB / 1000 GB/h
    # continuous backup covers RDS/Aurora/S3 but not DynamoDB: the hourly backup is the floor
    assert find(p, "ecommerce", "data-corruption", "rpo", "orders").estimate == 1 * S
    assert find(p, "ecommerce", "data-corruption", "rpo", "carts").estimate == 1 * H
    # WORM (Object Lock) data cannot be overwritten, so nothing is lost or restored
    assert find(p, "comms", "data-corruption", "rpo", "archive").estimate == timedelta(0)
    assert find(p, "comms", "data-corruption", "rto").estimate == 6 * M  # messages 50 GB / 500 GB/h


def test_accidental_deletion_uses_versions_and_native_pitr() -> None:
    p = posture()
    assert find(p, "crm", "accidental-deletion", "rpo", "attachments").estimate == timedelta(0)
    assert find(p, "crm", "accidental-deletion", "rpo", "crm").estimate == 1 * S
    assert find(p, "crm", "accidental-deletion", "rto").estimate == 30 * M  # 500 GB / 1000 GB/h
    assert find(p, "comms", "accidental-deletion", "rto").estimate == 1 * H  # archive 1000 GB


def test_every_service_and_disruption_has_an_rto_and_every_store_an_rpo() -> None:
    cfg = config()
    p = assess(cfg, TODAY)
    for svc in cfg.services:
        for d in DISRUPTIONS:
            rto = find(p, svc.name, d, "rto")
            assert rto.estimate == sum((t.duration for t in rto.terms), timedelta(0))
            for store in svc.data_stores:
                assert find(p, svc.name, d, "rpo", store.name).terms


# --- the parameters move the estimates -------------------------------------------------------


def test_lowering_the_health_check_threshold_shortens_region_failover() -> None:
    def threshold_one(raw: dict[str, Any]) -> None:
        raw["tiers"] = {0: {"healthCheckFailureThreshold": 1}}

    before = find(posture(), "payments", "region-loss", "rto").estimate
    after = find(posture(threshold_one), "payments", "region-loss", "rto").estimate
    assert before - after == 20 * S  # 10 s x (3 - 1)


def test_lowering_the_dns_ttl_shortens_region_failover() -> None:
    def ttl_30(raw: dict[str, Any]) -> None:
        raw["dns"]["ttl"] = 30

    assert find(posture(ttl_30), "payments", "region-loss", "rto").estimate == 120 * S


def test_adding_pitr_moves_corruption_rpo_from_the_backup_frequency_to_seconds() -> None:
    def continuous(raw: dict[str, Any]) -> None:
        service(raw, "comms")["backup"] = {"continuous": True}

    assert find(posture(), "comms", "data-corruption", "rpo", "messages").estimate == 12 * H
    assert find(posture(continuous), "comms", "data-corruption", "rpo", "messages").estimate == 1 * S


def test_standby_capacity_removes_the_scale_up_term() -> None:
    def standby(raw: dict[str, Any]) -> None:
        service(raw, "crm")["compute"]["standbyCount"] = 1

    e = find(posture(standby), "crm", "region-loss", "rto")
    assert e.estimate == 30 * S + 15 * M + 60 * S  # the RDS replica promotion is left


# --- the default catalog ---------------------------------------------------------------------

KNOWN_WAIVED = {
    ("ecommerce", "data-corruption", "rto", None),
    ("ecommerce", "data-corruption", "rpo", "carts"),
    ("ecommerce", "accidental-deletion", "rto", None),
    ("inventory", "data-corruption", "rpo", "stock"),
}


def test_default_catalog_meets_its_targets_except_the_known_waived_ones() -> None:
    p = posture()
    assert not p.misses
    assert {(e.service, e.disruption, e.objective, e.store) for e in p.waived} == KNOWN_WAIVED
    assert not p.unused_waivers


def test_the_program_exports_the_posture_of_every_service_and_disruption(site: ProgramRun) -> None:
    out = site.outputs["posture"]
    assert set(out) == {"ecommerce", "payments", "inventory", "hosting", "crm", "comms"}
    for svc, by_disruption in out.items():
        assert set(by_disruption) == set(DISRUPTIONS), svc
        for row in by_disruption.values():
            assert row["rto"]["status"] in ("met", "waived")
            assert {"target", "estimate", "breakdown", "dominant"} <= set(row["rto"])
    media = out["ecommerce"]["region-loss"]["rpo"]["product-media"]
    assert media["estimateSeconds"] == 900 and media["breakdown"][0]["source"].startswith("S3 RTC")
    waived = out["ecommerce"]["data-corruption"]["rto"]
    assert waived["status"] == "waived" and waived["waiver"]["expires"] == "2027-03-31"


def test_rows_are_flat_and_printable() -> None:
    rows = posture().rows()
    assert rows and all(isinstance(v, str) for r in rows for v in r.values())
    assert {r["status"] for r in rows} == {"met", "waived"}


# --- enforcement -----------------------------------------------------------------------------


def tighten_payments_rto(raw: dict[str, Any]) -> None:
    # 2m20s is above the physical floor (10 s + 60 s TTL + Aurora 60 s) but below the estimate
    service(raw, "payments")["rto"] = "2m20s"


def test_a_target_below_the_estimate_fails_the_program_with_one_message_per_miss() -> None:
    with pytest.raises(ProgramFailedError) as failed:
        plan_with("prod", tighten_payments_rto)
    text = str(failed.value)
    assert "DR posture misses 3 targets" in text
    assert "payments / region-loss / RTO: estimate 2m30s misses target 2m20s" in text
    assert "dominant term: DNS TTL 1m" in text
    assert "to fix: lower dns.ttl" in text
    assert "payments / data-corruption / RTO: estimate 12m misses target 2m20s" in text
    assert "Traceback" not in text


def test_the_miss_names_the_fix_for_a_pilot_light_scale_up() -> None:
    def tighten(raw: dict[str, Any]) -> None:
        service(raw, "crm")["rto"] = "20m"  # warm standby, but with no capacity kept running
        service(raw, "crm")["compute"]["standbyCount"] = 0

    e = find(posture(tighten), "crm", "region-loss", "rto")
    assert e.status == "missed"
    message = e.message()
    assert "scale VMs 0 -> 2" in message and "set compute.standbyCount >= 1" in message


def waiver(disruption: str, objective: str, expires: str) -> dict[str, str]:
    return {
        "disruption": disruption,
        "objective": objective,
        "reason": "accepted by the CTO",
        "expires": expires,
    }


def test_a_waiver_turns_the_miss_into_a_warning_until_it_expires() -> None:
    def waived(raw: dict[str, Any]) -> None:
        tighten_payments_rto(raw)
        service(raw, "payments")["waivers"] = [
            waiver("region-loss", "rto", "2027-01-31"),
            waiver("data-corruption", "rto", "2027-01-31"),
            waiver("accidental-deletion", "rto", "2027-01-31"),
        ]

    cfg = config(waived)
    on_the_day = assess(cfg, date(2027, 1, 31))
    assert not on_the_day.misses
    assert find(on_the_day, "payments", "region-loss", "rto").status == "waived"
    assert any("waived until 2027-01-31" in w for w in on_the_day.warnings())
    expired = assess(cfg, date(2027, 2, 1))
    assert len(expired.misses) == 3
    assert "waiver expired on 2027-01-31 (accepted by the CTO)" in expired.failure_report("prod")


def test_an_expired_waiver_fails_the_program_again() -> None:
    def expired(raw: dict[str, Any]) -> None:
        tighten_payments_rto(raw)
        service(raw, "payments")["waivers"] = [
            waiver("region-loss", "rto", "2020-01-31"),
            waiver("data-corruption", "rto", "2099-01-31"),
            waiver("accidental-deletion", "rto", "2099-01-31"),
        ]

    with pytest.raises(ProgramFailedError, match=r"(?s)misses 1 target;.*waiver expired on 2020-01-31"):
        plan_with("prod", expired)


def test_a_waived_program_runs_and_reports_waived() -> None:
    def waived(raw: dict[str, Any]) -> None:
        tighten_payments_rto(raw)
        service(raw, "payments")["waivers"] = [
            waiver(d, "rto", "2099-01-31") for d in ("region-loss", "data-corruption", "accidental-deletion")
        ]

    run = plan_with("prod", waived)
    assert run.outputs["posture"]["payments"]["region-loss"]["rto"]["status"] == "waived"


def test_a_waiver_that_is_not_needed_is_reported() -> None:
    def unneeded(raw: dict[str, Any]) -> None:
        service(raw, "payments")["waivers"] = [waiver("az-loss", "rpo", "2099-01-31")]

    p = posture(unneeded)
    assert [(s, w.disruption) for s, w in p.unused_waivers] == [("payments", "az-loss")]
    assert any("not needed" in w for w in p.warnings())


def test_waivers_are_validated_at_the_config_boundary() -> None:
    def bad(raw: dict[str, Any]) -> None:
        service(raw, "payments")["waivers"] = [
            {"disruption": "meteor", "objective": "rto", "reason": "x", "expires": "someday"},
        ]

    def twice(raw: dict[str, Any]) -> None:
        service(raw, "payments")["waivers"] = [
            waiver("region-loss", "rto", "2099-01-31"),
            waiver("region-loss", "rto", "2099-02-28"),
        ]

    with pytest.raises(ConfigError) as failed:
        config(bad)
    keys = {p.key for p in failed.value.problems}
    assert "services[1:payments].waivers[0].disruption" in keys
    assert "services[1:payments].waivers[0].reason" in keys
    assert "services[1:payments].waivers[0].expires" in keys
    with pytest.raises(ConfigError) as failed:
        config(twice)
    (problem,) = failed.value.problems
    assert problem.key == "services[1:payments].waivers"
    assert "more than one waiver for ['region-loss rto']" in problem.message


# --- targets no strategy can meet ------------------------------------------------------------


def test_an_rto_below_the_fastest_possible_failover_is_a_config_error_with_the_floor() -> None:
    def impossible(raw: dict[str, Any]) -> None:
        service(raw, "payments")["rto"] = "1m"

    with pytest.raises(ConfigError) as failed:
        config(impossible)
    (problem,) = failed.value.problems
    assert problem.key == "services[1:payments].rto"
    assert "the floor is 2m10s" in problem.message
    assert re.search(r"one failed 10 s health check \+ DNS TTL 60 s \+ Aurora", problem.message)


def test_a_store_rpo_below_its_replication_floor_is_a_config_error_with_the_floor() -> None:
    def impossible(raw: dict[str, Any]) -> None:
        service(raw, "ecommerce")["dataStores"][1]["rpo"] = "1m"

    with pytest.raises(ConfigError) as failed:
        config(impossible)
    (problem,) = failed.value.problems
    assert problem.key == "services[0:ecommerce].dataStores[1].rpo"
    assert "the floor is 15m" in problem.message


# --- Resilience Hub -------------------------------------------------------------------------


def test_one_resilience_hub_policy_per_tier_from_the_configured_targets(site: ProgramRun) -> None:
    policies = resources(site, "aws:resiliencehub/resiliencyPolicy:ResiliencyPolicy")
    by_tier = {p.inputs["tier"]: p for p in policies}
    assert set(by_tier) == {"MissionCritical", "Critical", "Important"}
    expected = {
        "MissionCritical": ("60s", "900s"),
        "Critical": ("900s", "3600s"),
        "Important": ("86400s",) * 2,
    }
    for tier, (rpo, rto) in expected.items():
        policy = by_tier[tier].inputs["policy"]
        assert set(policy) == {"az", "hardware", "software", "region"}
        assert all(v == {"rpo": rpo, "rto": rto} for v in policy.values())
    for p in policies:
        assert re.match(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,59}$", p.inputs["name"])
        assert p.inputs["dataLocationConstraint"] == "SameCountry"  # residency: us
        assert site.service_of(p) == "hosting"


def test_resilience_hub_policies_follow_a_changed_tier_target() -> None:
    def tier1(raw: dict[str, Any]) -> None:
        raw["tiers"] = {1: {"rto": "45m"}}

    run = plan_with("prod", tier1)
    (critical,) = [
        p
        for p in run.of_type("aws:resiliencehub/resiliencyPolicy:ResiliencyPolicy")
        if p.inputs["tier"] == "Critical"
    ]
    assert critical.inputs["policy"]["region"]["rto"] == "2700s"


def test_a_miss_registers_nothing() -> None:
    with pytest.raises(ProgramFailedError) as failed:
        plan_with("prod", tighten_payments_rto)
    assert [r.type for r in failed.value.resources if not r.type.startswith("pulumi:")] == []


# --- a miss's fix meets the target ---------------------------------------------------------------


def apply(raw: dict[str, Any], change: Change) -> None:
    """Write a fix's change into raw config (services and stores are named, not indexed)."""
    head, *rest = change.key
    if head == "tiers":
        tier, key = rest
        raw.setdefault("tiers", {}).setdefault(tier, {})[key] = change.value
    elif head == "dns":
        raw["dns"][rest[0]] = change.value
    else:
        name, *path = rest
        node: Any = service(raw, str(name))
        if path[:1] == ["dataStores"]:
            node = next(s for s in node["dataStores"] if s["name"] == path[1])
            path = path[2:]
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = change.value


def assess_with(raw: dict[str, Any]) -> Posture:
    return assess(validate(raw, "prod"), TODAY)


def test_a_miss_the_health_check_threshold_cannot_fix_asks_for_what_can() -> None:
    def slow_detection(raw: dict[str, Any]) -> None:
        raw["tiers"] = {1: {"healthCheckFailureThreshold": 10}}  # 100 s of detection
        raw["dns"]["ttl"] = 60
        crm = service(raw, "crm")
        crm.update(rto="20m")
        crm["compute"]["standbyCount"] = 0  # 20 min of VM scale-up dominates

    e = find(posture(slow_detection), "crm", "region-loss", "rto")
    assert e.status == "missed"
    advice = e.message().split("to fix: ")[1]
    assert "healthCheckFailureThreshold" not in advice  # even 1 failure leaves 21m10s
    assert "set compute.standbyCount >= 1" in advice


def test_a_miss_no_setting_can_fix_names_the_target_it_would_meet() -> None:
    e = find(posture(tighten_payments_rto), "payments", "data-corruption", "rto")
    assert e.fix.startswith("no setting this program reads brings it to 2m20s")
    assert "a store of at most 19 GB would restore in time" in e.fix
    assert [(c.key, c.value) for c in e.changes] == [(("services", "payments", "rto"), "12m")]


def test_a_raised_target_meets_the_estimate_of_the_service_planned_for_it() -> None:
    # inventory's 1 TB table kept as backup copies (rpo 2h): dr restores it on a region loss, and
    # a longer rto also changes the strategy (pilot light), which the raised target must survive
    def big_table(raw: dict[str, Any]) -> None:
        service(raw, "inventory")["dataStores"][0].update(rpo="2h", sizeGb=1000)

    misses = assess(config(big_table), TODAY).misses
    assert {(e.disruption, e.objective) for e in misses} >= {
        ("region-loss", "rto"),
        ("data-corruption", "rto"),
    }
    for e in misses:
        assert e.changes[0].key == ("services", "inventory", "rto")
        raw = default_raw("prod")
        big_table(raw)
        for change in e.changes:
            apply(raw, change)
        fixed = find(assess_with(raw), e.service, e.disruption, e.objective, e.store)
        assert fixed.meets_target, (e.message(), fixed.message())


def _slow_detection(raw: dict[str, Any]) -> None:
    service(raw, "payments")["rto"] = "3m"
    raw["tiers"] = {0: {"healthCheckFailureThreshold": 10}}


def _pilot_light_without_standby(raw: dict[str, Any]) -> None:
    service(raw, "crm")["rto"] = "20m"
    service(raw, "crm")["compute"]["standbyCount"] = 0


def _no_pitr(raw: dict[str, Any]) -> None:
    service(raw, "comms")["dataStores"][1]["rpo"] = "2h"  # messages: relational, tier 2 (no PITR)


def _volumes_every_12h(raw: dict[str, Any]) -> None:
    service(raw, "comms")["dataStores"].append({"kind": "volume", "name": "disks", "sizeGb": 10, "rpo": "6h"})


FIXES = {
    # edit, (service, disruption, objective, store), the fix expected first
    "threshold": (
        _slow_detection,
        ("payments", "region-loss", "rto", None),
        "healthCheckFailureThreshold to 6",
    ),
    "ttl": (tighten_payments_rto, ("payments", "region-loss", "rto", None), "lower dns.ttl to 50 s"),
    "standby": (
        _pilot_light_without_standby,
        ("crm", "region-loss", "rto", None),
        "set compute.standbyCount",
    ),
    "continuous": (_no_pitr, ("comms", "data-corruption", "rpo", "messages"), "enable backup.continuous"),
    "frequency": (_volumes_every_12h, ("comms", "region-loss", "rpo", "disks"), "set backup.frequency to 6h"),
    "raise": (tighten_payments_rto, ("payments", "data-corruption", "rto", None), "raise the rto of service"),
}


@pytest.mark.parametrize("case", sorted(FIXES))
def test_each_kind_of_fix_is_the_mildest_change_that_meets_the_target(case: str) -> None:
    edit, (name, disruption, objective, store), says = FIXES[case]
    e = find(posture(edit), name, disruption, objective, store)
    assert e.status == "missed" and says in e.fix, e.fix
    raw = default_raw("prod")
    edit(raw)
    for change in e.changes:
        apply(raw, change)
    assert find(assess_with(raw), name, disruption, objective, store).meets_target


DURATIONS = (
    *("2m20s", "2m40s", "3m", "3m30s", "4m", "5m", "8m", "10m", "15m", "20m", "30m", "45m", "59m"),
    *("1h", "2h", "6h", "12h", "1d"),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(
    name=st.sampled_from(["payments", "crm", "comms", "inventory", "ecommerce"]),
    rto=st.sampled_from(DURATIONS),
    store_rpo=st.sampled_from((None, *DURATIONS)),
    threshold=st.integers(1, 10),
    ttl=st.integers(0, 60),
    standby=st.sampled_from([None, 0]),
    frequency=st.sampled_from([None, "1h", "2h", "6h", "12h", "1d"]),
    continuous=st.sampled_from([None, False]),
)
def test_every_fix_a_miss_offers_meets_its_target_once_applied(
    name: str,
    rto: str,
    store_rpo: str | None,
    threshold: int,
    ttl: int,
    standby: int | None,
    frequency: str | None,
    continuous: bool | None,
) -> None:
    def targets(raw: dict[str, Any]) -> None:
        svc = service(raw, name)
        svc["rto"] = rto
        raw["dns"]["ttl"] = ttl
        raw["tiers"] = {svc["tier"]: {"healthCheckFailureThreshold": threshold}}
        if standby is not None and "compute" in svc:
            svc["compute"]["standbyCount"] = standby
        backup = {k: v for k, v in (("frequency", frequency), ("continuous", continuous)) if v is not None}
        if backup:
            svc["backup"] = backup
        if store_rpo is not None:
            svc["dataStores"][0]["rpo"] = store_rpo

    raw = default_raw("prod")
    targets(raw)
    try:
        cfg = validate(raw, "prod")
    except ConfigError:
        assume(False)  # a target below a floor (or a backup retention gap): not a posture miss
        return
    misses = assess(cfg, TODAY).misses
    event(f"{len(misses)} misses" if len(misses) < 3 else "3+ misses")
    for e in misses:
        assert e.changes and e.fix, e.message()
        event("fix: " + " + ".join(str(c.key[-1]) for c in e.changes))
        fixed_raw = default_raw("prod")
        targets(fixed_raw)
        for change in e.changes:
            apply(fixed_raw, change)
        fixed = find(assess_with(fixed_raw), e.service, e.disruption, e.objective, e.store)
        assert fixed.meets_target, (e.message(), fixed.message())


# --- a floor's fix meets the target too -------------------------------------------------------


def floor_problem(edit: Callable[[dict[str, Any]], None]) -> str:
    with pytest.raises(ConfigError) as failed:
        config(edit)
    (problem,) = failed.value.problems
    return problem.message


def test_an_rto_floor_names_the_rto_the_tiers_threshold_meets_and_the_one_threshold_1_meets() -> None:
    message = floor_problem(lambda raw: service(raw, "payments").update(rto="1m"))
    found = re.search(
        r"set rto to at least (\S+) \(with tiers\.0\.healthCheckFailureThreshold 3\), "
        r"or to at least (\S+) with healthCheckFailureThreshold 1",
        message,
    )
    assert found, message
    at_threshold_3, at_threshold_1 = found.groups()
    assert (at_threshold_3, at_threshold_1) == ("2m30s", "2m10s")

    def with_rto(rto: str, threshold: int | None) -> None:
        def edit(raw: dict[str, Any]) -> None:
            service(raw, "payments")["rto"] = rto
            if threshold is not None:
                raw["tiers"] = {0: {"healthCheckFailureThreshold": threshold}}

        assert find(posture(edit), "payments", "region-loss", "rto").meets_target

    with_rto(at_threshold_3, None)
    with_rto(at_threshold_1, 1)


def test_a_backup_copy_rpo_floor_names_an_rpo_its_backups_meet() -> None:
    def disks(rpo: str, frequency: str | None = None) -> Callable[[dict[str, Any]], None]:
        def edit(raw: dict[str, Any]) -> None:
            comms = service(raw, "comms")  # tier 2: backups every 12h
            comms["dataStores"].append({"kind": "volume", "name": "disks", "sizeGb": 10, "rpo": rpo})
            if frequency:
                comms["backup"] = {"frequency": frequency}

        return edit

    message = floor_problem(disks("30m"))
    found = re.search(
        r"to at least (\S+) \(its backups run every 12h\), "
        r"or lower backup\.frequency to (\S+) and set rpo to at least (\S+)$",
        message,
    )
    assert found, message
    rpo, frequency, rpo_then = found.groups()
    assert (rpo, frequency, rpo_then) == ("12h", "1h", "1h")
    for edit in (disks(rpo), disks(rpo_then, frequency)):
        p = posture(edit)
        assert all(e.meets_target for e in p.estimates if e.store == "disks"), [e.message() for e in p.misses]
