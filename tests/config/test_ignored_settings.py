"""A setting the program would read nowhere is an error that says so and what to do instead, never
a silent no-op (the audit of config/models.py is in README, "Settings that are errors")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from config import Problem, validate
from tests.conftest import config_error, default_raw, service

Edit = Callable[[dict[str, Any]], None]


def only_problem(edit: Edit, stack: str = "prod") -> Problem:
    (problem,) = config_error(edit, stack).problems
    return problem


def is_valid(edit: Edit, stack: str = "prod") -> bool:
    raw = default_raw(stack)
    edit(raw)
    return bool(validate(raw, stack).services)


IGNORED: dict[str, tuple[Edit, str, str]] = {
    "governance-cooling-off": (
        lambda r: r.update(backup={"vaultLock": {"mode": "governance", "changeableForDays": 5}}),
        "backup.vaultLock.changeableForDays",
        "ignored in governance mode",
    ),
    "subscription-on-aws": (
        lambda r: r["sites"]["primary"].update(subscriptionId="0" * 8 + "-0000-0000-0000-" + "0" * 12),
        "sites.primary.subscriptionId",
        "takes accountId",
    ),
    "project-on-aws": (
        lambda r: r["sites"]["recovery"].update(projectId="acme-dr-project"),
        "sites.recovery.projectId",
        "takes accountId",
    ),
    "rpo-without-stores": (
        lambda r: service(r, "hosting").update(rpo="5m"),
        "services[3:hosting].rpo",
        "declares no dataStores",
    ),
    "backup-without-stores": (
        lambda r: service(r, "hosting").update(backup={"frequency": "2h", "continuous": True}),
        "services[3:hosting].backup",
        "set: continuous, frequency",
    ),
    "continuous-without-a-continuous-kind": (
        lambda r: service(r, "inventory").update(backup={"continuous": True}),
        "services[2:inventory].backup.continuous",
        "covers object/relational stores and this service has only keyvalue",
    ),
    "endpoint-port": (
        lambda r: service(r, "crm")["endpoint"].update(port=8443),
        "services[4:crm].endpoint.port",
        "the port the app listens on is compute.port",
    ),
    "standby-of-backup-and-restore": (
        lambda r: service(r, "comms")["compute"].update(standbyCount=1),
        "services[5:comms].compute.standbyCount",
        "makes this service backup & restore",
    ),
    "worm-without-retention": (
        lambda r: service(r, "crm")["dataStores"][1].update(worm=True),
        "services[4:crm].dataStores[1].wormRetention",
        "versions stay deletable",
    ),
    "worm-retention-in-hours": (
        lambda r: service(r, "comms")["dataStores"][0].update(wormRetention="36h"),
        "services[5:comms].dataStores[0].wormRetention",
        "is not whole days",
    ),
    "residency-zone-with-a-typo": (
        lambda r: r["residency"].update(zones={"us": ["us-east-1", "us-west-2", "us-wst-1"]}),
        "residency.zones.us[2]",
        "did you mean 'us-west-1'",
    ),
}


@pytest.mark.parametrize("case", sorted(IGNORED))
def test_a_setting_the_program_would_ignore_is_an_error_that_says_so(case: str) -> None:
    edit, key, says = IGNORED[case]
    problem = only_problem(edit)
    assert problem.key == key
    assert says in problem.message


@pytest.mark.parametrize(
    "edit",
    [
        lambda r: r.update(backup={"vaultLock": {"mode": "compliance", "changeableForDays": 5}}),
        lambda r: r["sites"]["primary"].update(accountId="123456789012"),
        lambda r: service(r, "payments").update(backup={"continuous": True}),
        lambda r: service(r, "comms")["compute"].update(standbyCount=0),
        lambda r: service(r, "crm")["endpoint"].update(port=443),
        lambda r: service(r, "comms")["dataStores"][0].update(wormRetention="2d"),
        lambda r: r["residency"].update(zones={"us": ["us-east-1", "us-west-2"]}),
    ],
    ids=[
        "compliance-cooling-off",
        "account-on-aws",
        "continuous-on-relational",
        "no-standby-for-backup-and-restore",
        "https-port",
        "whole-days",
        "known-regions",
    ],
)
def test_the_same_settings_where_the_program_reads_them_are_valid(edit: Edit) -> None:
    assert is_valid(edit)
