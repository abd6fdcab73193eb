"""Shared harness: the real program run under the one mock engine (`offline.mocks`).

Every test reads a `ProgramRun`: the resources the program registered (type, name, parent,
inputs, mocked outputs) and its resolved stack outputs. Runs of the default stacks are shared per
session; `plan_with` runs a variant config.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from config import ConfigError, load_files, validate
from offline.engine import ProgramRun, run_program
from offline.mocks import Recorded

ROOT = Path(__file__).resolve().parent.parent


SECRET_KEY = "4dabf18193072939515e22adb298388d"
"""How the engine marks a secret value in recorded inputs (pulumi.runtime.rpc's signature key)."""


def config_raw(stack: str, config: Path = ROOT) -> dict[str, Any]:
    """`stack`'s raw config from a config directory (the repository root: the default catalog;
    or an example under examples/), a copy a test may edit."""
    raw, _ = load_files(stack, config)
    return copy.deepcopy(raw)


def default_raw(stack: str) -> dict[str, Any]:
    return config_raw(stack)


@functools.cache
def config_run(config: Path, stack: str) -> ProgramRun:
    """`stack` of a config directory, planned once per session (dr fed that directory's prod)."""
    if stack == "dr":
        raw = config_raw("dr", config)
        return run_program(raw, "dr", {str(raw["prodStack"]): config_run(config, "prod").outputs})
    return run_program(config_raw(stack, config), stack)


def _default_run(stack: str) -> ProgramRun:
    return config_run(ROOT, stack)


def plan_with(
    stack: str, edit: Callable[[dict[str, Any]], None], prod_too: bool = True, config: Path = ROOT
) -> ProgramRun:
    """Run `stack` with its config (default: the default catalog) changed by `edit`.

    The config is shared, so for dr the same edit is applied to prod first and dr is fed that
    prod's outputs (as deploying the change would); `prod_too=False` feeds the unchanged prod's.
    """
    raw = config_raw(stack, config)
    edit(raw)
    if stack != "dr":
        return run_program(raw, stack)
    prod = config_run(config, "prod")
    if prod_too:
        prod_raw = config_raw("prod", config)
        edit(prod_raw)
        prod_raw["role"] = "primary"
        prod_raw.pop("prodStack", None)
        prod = run_program(prod_raw, "prod")
    return run_program(raw, stack, {str(raw["prodStack"]): prod.outputs})


@functools.cache
def both_stacks(edit: Callable[[dict[str, Any]], None], config: Path = ROOT) -> dict[str, ProgramRun]:
    """Both stacks of one config variant, planned once per session: prod, then dr fed that prod's
    outputs (`edit` must be a module-level function, the cache key)."""
    prod_raw, dr_raw = config_raw("prod", config), config_raw("dr", config)
    edit(prod_raw)
    edit(dr_raw)
    prod = run_program(prod_raw, "prod")
    return {"prod": prod, "dr": run_program(dr_raw, "dr", {str(dr_raw["prodStack"]): prod.outputs})}


def unsecret(value: Any) -> Any:
    """Recorded inputs with every secret replaced by the value it wraps."""
    if isinstance(value, dict):
        if SECRET_KEY in value and "value" in value:
            return unsecret(value["value"])
        return {k: unsecret(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unsecret(v) for v in value]
    return value


def service(raw: Mapping[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in raw["services"] if s["name"] == name)


def waive_posture(raw: Mapping[str, Any], name: str, reason: str) -> None:
    """Waive every posture objective of a service, for tests that change targets to exercise
    another decision (the posture gate would otherwise stop the plan, as it should)."""
    service(raw, name)["waivers"] = [
        {"disruption": d, "objective": o, "reason": reason, "expires": "2099-12-31"}
        for d in ("az-loss", "region-loss", "data-corruption", "accidental-deletion")
        for o in ("rpo", "rto")
    ]


# A catalog variant with workers (compute, no endpoint): a warm-standby container worker and a
# pilot-light VM worker.
WORKERS: list[dict[str, Any]] = [
    {
        "name": "mailer",
        "description": "Sends order and shipping emails from a queue",
        "owner": "team-storefront",
        "tier": 0,
        "dataClassification": "internal",
        "compute": {
            "kind": "containers",
            "image": "public.ecr.aws/acme/mailer:1.0.0",
            "desiredCount": 4,
            "user": "10001",
        },
    },
    {
        "name": "indexer",
        "description": "Rebuilds the search index from change events",
        "owner": "team-search",
        "tier": 1,
        "dataClassification": "internal",
        "compute": {"kind": "vms", "image": "ami-0abcdef1234567890", "desiredCount": 2},
    },
]


def with_workers(raw: dict[str, Any]) -> None:
    raw["services"] += copy.deepcopy(WORKERS)


def eu_sites(raw: dict[str, Any]) -> None:
    """Both sites in the EU, every service's data resident there."""
    raw["residency"]["default"] = "eu"
    raw["sites"]["primary"]["region"] = "eu-central-1"
    raw["sites"]["recovery"]["region"] = "eu-west-1"


def eu_run(stack: str) -> ProgramRun:
    return both_stacks(eu_sites)[stack]


def pci_variant(raw: dict[str, Any]) -> None:
    """A catalog with pci kinds the default lacks: crm (VMs, an RDS replica, a bucket) holds card
    data, and carries VM volumes; two workers run beside it."""
    crm = service(raw, "crm")
    crm["dataClassification"] = "pci"
    crm["dataStores"].append({"kind": "volume", "name": "disks", "sizeGb": 100, "rpo": "1h"})
    with_workers(raw)


def pci_run(stack: str) -> ProgramRun:
    return both_stacks(pci_variant)[stack]


@pytest.fixture(scope="session")
def prod() -> ProgramRun:
    return _default_run("prod")


@pytest.fixture(scope="session")
def dr() -> ProgramRun:
    return _default_run("dr")


@pytest.fixture(scope="session", params=["prod", "dr"])
def site(request: pytest.FixtureRequest) -> ProgramRun:
    return _default_run(request.param)


def config_error(edit: Callable[[dict[str, Any]], None], stack: str = "prod") -> ConfigError:
    """Validate `stack`'s default config changed by `edit`; the edit must make it invalid."""
    raw, sources = load_files(stack, ROOT)
    edit(raw)
    with pytest.raises(ConfigError) as caught:
        validate(raw, stack, sources)
    return caught.value


def resources(run: ProgramRun, type_token: str) -> list[Recorded]:
    found = run.of_type(type_token)
    assert found, f"the {run.stack} plan declares no {type_token}; the rule would check nothing"
    return found
