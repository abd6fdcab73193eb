"""The GCP example (examples/gcp: both sites on Google Cloud) run under the one mock engine.

Runs of the example's prod and dr stacks are shared per session, as tests/conftest.py does for
the default (AWS) stacks; `gcp_plan_with` runs a variant of the example.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

import pytest

from config import load_files
from offline.engine import ProgramRun, run_program
from offline.mocks import Recorded
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "gcp"


def gcp_raw(stack: str) -> dict[str, Any]:
    raw, _ = load_files(stack, EXAMPLE)
    return copy.deepcopy(raw)


@functools.cache
def gcp_run(stack: str) -> ProgramRun:
    if stack == "dr":
        raw = gcp_raw("dr")
        return run_program(raw, "dr", {str(raw["prodStack"]): gcp_run("prod").outputs})
    return run_program(gcp_raw(stack), stack)


def gcp_plan_with(stack: str, edit: Callable[[dict[str, Any]], None]) -> ProgramRun:
    """Run the example's `stack` with its config changed by `edit` (dr: prod gets it too)."""
    raw = gcp_raw(stack)
    edit(raw)
    if stack != "dr":
        return run_program(raw, stack)
    prod_raw = gcp_raw("prod")
    edit(prod_raw)
    prod = run_program(prod_raw, "prod")
    return run_program(raw, stack, {str(raw["prodStack"]): prod.outputs})


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


_SECRET_SIG = "4dabf18193072939515e22adb298388d"
"""Pulumi's special-value signature key: the engine wraps secret inputs (`replicaConfiguration`
is secret in the provider's schema) as `{sig: secret, value: ...}`."""


def unsecret(value: Any) -> Any:
    if isinstance(value, dict):
        if _SECRET_SIG in value and "value" in value:
            return unsecret(value["value"])
        return {k: unsecret(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unsecret(v) for v in value]
    return value


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


@functools.cache
def gcp_workers_run(stack: str) -> ProgramRun:
    """The worker variant's `stack`, planned once per session (dr fed the variant's prod)."""
    raw = gcp_raw(stack)
    with_gcp_workers(raw)
    if stack == "dr":
        return run_program(raw, "dr", {str(raw["prodStack"]): gcp_workers_run("prod").outputs})
    return run_program(raw, stack)
