"""Per-service decisions come from targets, not names."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from config import load
from services.plan import choose_strategy, plan_catalog

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("rto", "strategy"),
    [
        (timedelta(minutes=15), "warm-standby"),
        (timedelta(minutes=59), "warm-standby"),
        (timedelta(hours=1), "pilot-light"),
        (timedelta(hours=23), "pilot-light"),
        (timedelta(hours=24), "backup-restore"),
    ],
)
def test_strategy_follows_the_rto_bands_of_the_aws_whitepaper(rto: timedelta, strategy: str) -> None:
    assert choose_strategy(rto) == strategy


def test_standby_counts_follow_the_strategy() -> None:
    plans = {p.name: p for p in plan_catalog(load("dr", ROOT))}
    assert plans["ecommerce"].standby_count == 3  # warm standby: half of prod's 6
    assert plans["crm"].standby_count == 0  # pilot light: in place at zero capacity
    assert plans["comms"].standby_count == 0  # backup & restore: no standby compute
    assert not plans["comms"].has_standby_compute
    assert plans["crm"].has_standby_compute


def test_store_protection_follows_each_stores_targets() -> None:
    plans = {p.name: p for p in plan_catalog(load("prod", ROOT))}
    modes = {(p.name, s.store.name): s.mode for p in plans.values() for s in p.stores}
    assert modes == {
        ("ecommerce", "orders"): "global-database",
        ("ecommerce", "product-media"): "replicated-bucket",
        ("ecommerce", "carts"): "multi-region-table",
        ("payments", "payments"): "global-database",
        ("inventory", "stock"): "multi-region-table",
        ("crm", "crm"): "cross-region-replica",
        ("crm", "attachments"): "replicated-bucket",
        ("comms", "archive"): "replicated-bucket",
        ("comms", "messages"): "backup-copy",
    }
    assert plans["ecommerce"].stores[1].rpo == timedelta(minutes=15)  # the store's own target
