"""What each endpoint service runs per site, decided from its strategy (never its name)."""

from __future__ import annotations

from pathlib import Path

from config import load
from services.failover import site_failovers
from services.plan import plan_catalog

ROOT = Path(__file__).resolve().parent.parent.parent


def _by_name(stack: str, primary: bool) -> dict:
    cfg = load(stack, ROOT)
    return {sf.name: sf for sf in site_failovers(plan_catalog(cfg), primary)}


def test_only_services_with_an_endpoint_fail_over() -> None:
    assert set(_by_name("prod", True)) == {"ecommerce", "payments", "inventory", "crm", "comms"}


def test_dr_decisions_per_strategy() -> None:
    dr = _by_name("dr", False)
    warm, pilot, restore = dr["payments"], dr["crm"], dr["comms"]
    assert (warm.serves, warm.min_count, warm.needs_scale_up_step, warm.minimum_healthy) == (
        True,
        2,
        False,
        2,
    )
    assert (pilot.serves, pilot.min_count, pilot.needs_scale_up_step, pilot.failover_count) == (
        True,
        0,
        True,
        2,
    )
    assert (restore.serves, restore.maintenance, restore.minimum_healthy) == (False, True, 0)
    assert {sf.record_role for sf in dr.values()} == {"SECONDARY"}
    # Deliberate change (issue 13): after a failover dr is production, protected alike.
    assert all(sf.deletion_protection for sf in dr.values())


def test_prod_serves_everything_at_desired_count_as_primary() -> None:
    prod = _by_name("prod", True)
    assert {n: sf.min_count for n, sf in prod.items()} == {
        "ecommerce": 6,
        "payments": 4,
        "inventory": 4,
        "crm": 2,
        "comms": 2,
    }
    assert all(sf.serves and sf.record_role == "PRIMARY" and sf.deletion_protection for sf in prod.values())
    assert all(sf.max_count == 2 * sf.min_count for sf in prod.values())


def test_workers_get_compute_in_both_sites_by_their_strategy() -> None:
    from config import validate
    from services.failover import site_workers
    from tests.conftest import default_raw, with_workers

    raw = default_raw("dr")
    with_workers(raw)
    plans = plan_catalog(validate(raw, "dr"))
    prod = {w.name: w for w in site_workers(plans, True)}
    dr = {w.name: w for w in site_workers(plans, False)}
    assert set(prod) == set(dr) == {"mailer", "indexer"}  # endpoint services are not workers
    assert (prod["mailer"].min_count, dr["mailer"].min_count) == (4, 2)
    assert (dr["indexer"].min_count, dr["indexer"].needs_scale_up_step) == (0, True)
