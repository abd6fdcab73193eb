"""Config errors on the failover side: each names the key, the bad value and what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from config import Problem
from tests.conftest import config_error, service


def _problems(stack: str, edit: Callable[[dict[str, Any]], None]) -> list[Problem]:
    return list(config_error(edit, stack).problems)


def test_endpoint_hostname_outside_the_zone() -> None:
    def edit(raw: dict) -> None:
        service(raw, "payments")["endpoint"]["hostname"] = "pay.example.org"

    (problem,) = _problems("prod", edit)
    assert problem.key == "services[1:payments].endpoint.hostname"
    assert problem.value == "pay.example.org"
    assert "outside the DNS zone 'marketplace.example.com'" in problem.message
    assert "ending in '.marketplace.example.com'" in problem.message


def test_standby_count_above_prod_count() -> None:
    def edit(raw: dict) -> None:
        service(raw, "ecommerce")["compute"]["standbyCount"] = 7

    (problem,) = _problems("dr", edit)
    assert problem.key == "services[0:ecommerce].compute.standbyCount"
    assert "standbyCount 7 is above desiredCount 6" in problem.message
    assert "never runs more than prod" in problem.message


def test_health_path_missing_says_what_it_must_hold() -> None:
    def edit(raw: dict) -> None:
        del service(raw, "crm")["endpoint"]["healthPath"]

    (problem,) = _problems("prod", edit)
    assert problem.key == "services[4:crm].endpoint.healthPath"
    assert problem.message.startswith("required key is missing")
    assert "starts with '/'" in problem.message and "/healthz" in problem.message


def test_health_path_must_be_a_path() -> None:
    def edit(raw: dict) -> None:
        service(raw, "crm")["endpoint"]["healthPath"] = "status"

    (problem,) = _problems("prod", edit)
    assert problem.key == "services[4:crm].endpoint.healthPath"
    assert problem.value == "status"


def test_unknown_failover_key_lists_the_allowed_ones() -> None:
    (problem,) = _problems("dr", lambda raw: raw.update(failover={"recoveryControls": True}))
    assert problem.key == "failover.recoveryControls"
    assert "allowed keys here: recoveryControl" in problem.message


def test_recovery_control_needs_the_dr_stack_in_us_west_2() -> None:
    def edit(raw: dict) -> None:
        raw["failover"] = {"recoveryControl": True}
        raw["sites"]["recovery"]["region"] = "us-east-2"

    (problem,) = _problems("dr", edit)
    assert problem.key == "failover.recoveryControl"
    assert "us-west-2" in problem.message and "us-east-2" in problem.message


def test_health_path_longer_than_an_alb_path_pattern() -> None:
    long_path = "/" + "h" * 128

    def edit(raw: dict) -> None:
        service(raw, "comms")["endpoint"]["healthPath"] = long_path

    (problem,) = _problems("prod", edit)
    assert problem.key == "services[5:comms].endpoint.healthPath"
    assert problem.value == long_path
    assert "at most 128" in problem.message
