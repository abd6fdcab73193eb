"""The GCP example (examples/gcp: both sites on Google Cloud) run under the one mock engine.

Runs of the example's prod and dr stacks are shared per session, as tests/conftest.py does for
the default (AWS) stacks; `gcp_plan_with` runs a variant of the example.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import ROOT, both_stacks, config_raw, config_run, plan_with

EXAMPLE = ROOT / "examples" / "gcp"


def gcp_raw(stack: str) -> dict[str, Any]:
    return config_raw(stack, EXAMPLE)


def gcp_run(stack: str) -> ProgramRun:
    return config_run(EXAMPLE, stack)


def gcp_plan_with(stack: str, edit: Callable[[dict[str, Any]], None]) -> ProgramRun:
    """Run the example's `stack` with its config changed by `edit` (dr: prod gets it too)."""
    return plan_with(stack, edit, config=EXAMPLE)


@pytest.fixture(scope="session")
def gcp_prod() -> ProgramRun:
    return gcp_run("prod")


@pytest.fixture(scope="session")
def gcp_dr() -> ProgramRun:
    return gcp_run("dr")


@pytest.fixture(scope="session", params=["prod", "dr"])
def gcp_site(request: pytest.FixtureRequest) -> ProgramRun:
    return gcp_run(request.param)


def gcp_resources(run: ProgramRun, type_token: str) -> list[Recorded]:
    found = run.of_type(type_token)
    assert found, f"the {run.stack} plan declares no {type_token}; the rule would check nothing"
    return found


def both(type_token: str) -> list[Recorded]:
    """Every resource of a type across both stacks of the example."""
    found = [r for stack in ("prod", "dr") for r in gcp_run(stack).of_type(type_token)]
    assert found, f"neither stack declares {type_token}; the rule would check nothing"
    return found


# A worker variant of the example (issue 12's worker rule on Google Cloud sites): comms loses its
# endpoint (a backup & restore worker), and two workers join: a warm-standby container worker and
# a pilot-light VM worker.
GCP_WORKERS: list[dict[str, Any]] = [
    {
        "name": "mailer",
        "description": "Sends order and shipping emails from a queue",
        "owner": "team-storefront",
        "tier": 0,
        "dataClassification": "internal",
        "compute": {
            "kind": "containers",
            "image": "us-docker.pkg.dev/acme-artifacts/marketplace/mailer:1.0.0",
            "cpu": 1024,
            "memory": 2048,
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
            "image": "projects/acme-images/global/images/family/indexer",
            "instanceType": "n2-standard-2",
            "desiredCount": 2,
        },
    },
]


def with_gcp_workers(raw: dict[str, Any]) -> None:
    next(s for s in raw["services"] if s["name"] == "comms").pop("endpoint")
    raw["services"] += copy.deepcopy(GCP_WORKERS)


def gcp_workers_run(stack: str) -> ProgramRun:
    """The worker variant's `stack`, planned once per session (dr fed the variant's prod)."""
    return both_stacks(with_gcp_workers, EXAMPLE)[stack]
