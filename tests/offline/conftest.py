"""Fixtures for the offline plan's reports: the default plans (from the session's cached runs)
and generated catalogs' plans (tests/offline/scaled.py)."""

from __future__ import annotations

import functools

import pytest

from config import load_files, validate
from offline.plan import CHECKS
from offline.report import StackPlan
from tests.conftest import ROOT, _default_run
from tests.offline.scaled import scaled_plans


@functools.cache
def _default_plans() -> tuple[StackPlan, ...]:
    plans = []
    for stack in ("prod", "dr"):
        raw, sources = load_files(stack, ROOT)
        plan = StackPlan(validate(raw, stack, sources), _default_run(stack))
        for check in CHECKS:
            check(plan)
        plans.append(plan)
    return tuple(plans)


@pytest.fixture
def default_plans() -> list[StackPlan]:
    return list(_default_plans())


@functools.cache
def _scaled(count: int) -> tuple[StackPlan, ...]:
    return tuple(scaled_plans(count, counting=True))


@pytest.fixture
def hundred_services() -> list[StackPlan]:
    return list(_scaled(100))
