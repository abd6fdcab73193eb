"""The Azure example (examples/azure: both sites on Azure) run through the mock engine, prod then
dr, shared per session like the default AWS runs in tests/conftest.py."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import ROOT, both_stacks, config_raw, config_run, plan_with

EXAMPLE = ROOT / "examples" / "azure"


def azure_raw(stack: str) -> dict[str, Any]:
    return config_raw(stack, EXAMPLE)


def _azure_run(stack: str) -> ProgramRun:
    return config_run(EXAMPLE, stack)


def plan_azure_with(stack: str, edit: Callable[[dict[str, Any]], None]) -> ProgramRun:
    """Run the Azure example's `stack` with its config changed by `edit` (for dr, prod is planned
    with the same edit first and feeds dr, as deploying the change would)."""
    return plan_with(stack, edit, config=EXAMPLE)


@pytest.fixture(scope="session")
def azure_prod() -> ProgramRun:
    return _azure_run("prod")


@pytest.fixture(scope="session")
def azure_dr() -> ProgramRun:
    return _azure_run("dr")


@pytest.fixture(scope="session", params=["prod", "dr"])
def azure_site(request: pytest.FixtureRequest) -> ProgramRun:
    return _azure_run(request.param)


def of(run: ProgramRun, short: str) -> list[Recorded]:
    """Resources of `azure-native:<short>` (e.g. `storage:StorageAccount`); never empty."""
    found = run.of_type(f"azure-native:{short}")
    assert found, f"the {run.stack} plan declares no {short}; the rule would check nothing"
    return found


def catalog(stack: str = "prod") -> list[dict[str, Any]]:
    services: list[dict[str, Any]] = azure_raw(stack)["services"]
    return services


# A worker variant of the example (issue 12's worker rule on Azure sites): comms loses its
# endpoint (a backup & restore worker), and two workers join: a warm-standby container worker and
# a pilot-light VM worker.
AZURE_WORKERS: list[dict[str, Any]] = [
    {
        "name": "mailer",
        "description": "Sends order and shipping emails from a queue",
        "owner": "team-storefront",
        "tier": 0,
        "dataClassification": "internal",
        "compute": {
            "kind": "containers",
            "image": "public.ecr.aws/acme/mailer:1.0.0",
            "cpu": 512,
            "memory": 1024,
            "desiredCount": 4,
        },
    },
    {
        "name": "indexer",
        "description": "Rebuilds the search index from change events",
        "owner": "team-search",
        "tier": 1,
        "dataClassification": "internal",
        "compute": {
            "kind": "vms",
            "image": "Canonical:ubuntu-24_04-lts:server:latest",
            "instanceType": "m7i.large",
            "desiredCount": 2,
        },
    },
]


def with_azure_workers(raw: dict[str, Any]) -> None:
    next(s for s in raw["services"] if s["name"] == "comms").pop("endpoint")
    raw["services"] += copy.deepcopy(AZURE_WORKERS)


def azure_workers_run(stack: str) -> ProgramRun:
    """The worker variant's `stack`, planned once per session (dr fed the variant's prod)."""
    return both_stacks(with_azure_workers, EXAMPLE)[stack]
