"""Bad data-store declarations fail at the config boundary, naming key, value and what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from config import validate
from config.errors import Problem
from tests.conftest import config_error, default_raw, service


def problems(edit: Callable[[dict[str, Any]], None], stack: str = "prod") -> list[Problem]:
    return list(config_error(edit, stack).problems)


def test_default_catalog_is_valid() -> None:
    for stack in ("prod", "dr"):
        assert validate(default_raw(stack), stack).services


def test_unknown_engine_names_key_value_and_allowed_engines() -> None:
    def mysql(raw: dict) -> None:
        service(raw, "payments")["dataStores"][0]["engine"] = "mysql"

    (problem,) = problems(mysql)
    assert problem.key == "services[1:payments].dataStores[0].engine"
    assert problem.value == "mysql"
    assert "'postgres'" in problem.message


def test_a_bucket_rpo_below_what_replication_guarantees_is_rejected() -> None:
    def five_minutes(raw: dict) -> None:
        service(raw, "ecommerce")["dataStores"][1]["rpo"] = "5m"

    (problem,) = problems(five_minutes)
    assert problem.key == "services[0:ecommerce].dataStores[1].rpo"
    assert problem.value == "5m"
    assert "floor is 15m" in problem.message and "at least 15m" in problem.message


def test_copies_longer_than_the_vault_lock_allows_are_rejected() -> None:
    def too_long(raw: dict) -> None:
        raw["tiers"] = {"2": {"copyRetention": "500d"}}

    (problem,) = problems(too_long)
    assert problem.key == "tiers.2.copyRetention"
    assert problem.value == "500d"
    assert "7d..400d" in problem.message


def test_a_service_copy_retention_below_the_lock_minimum_names_the_service() -> None:
    def too_short(raw: dict) -> None:
        raw["backup"] = {"vaultLock": {"minRetention": "30d"}}
        service(raw, "crm")["backup"] = {"copyRetention": "14d"}

    (problem,) = problems(too_short)
    assert problem.key == "services[4:crm].backup.copyRetention"
    assert problem.value == "14d"
    assert "30d..400d" in problem.message


def test_a_lock_whose_minimum_exceeds_its_maximum_is_rejected() -> None:
    def inverted(raw: dict) -> None:
        raw["backup"] = {"vaultLock": {"minRetention": "500d"}}

    (problem,) = problems(inverted)
    assert problem.key == "backup.vaultLock.minRetention"


def test_compliance_cooling_off_below_72_hours_is_rejected() -> None:
    def short(raw: dict) -> None:
        raw["backup"] = {"vaultLock": {"mode": "compliance", "changeableForDays": 2}}

    (problem,) = problems(short)
    assert problem.key == "backup.vaultLock.changeableForDays"
    assert problem.value == 2


def test_a_backup_frequency_cron_cannot_express_is_rejected() -> None:
    def five_hours(raw: dict) -> None:
        service(raw, "comms")["backup"] = {"frequency": "5h"}

    (problem,) = problems(five_hours)
    assert problem.key == "services[5:comms].backup.frequency"
    assert problem.value == "5h"
    assert "whole hours dividing 24" in problem.message


def test_a_store_protected_only_by_backups_cannot_promise_less_than_an_hour() -> None:
    def disks(raw: dict) -> None:
        service(raw, "crm")["dataStores"].append({"kind": "volume", "name": "disks", "sizeGb": 100})

    (problem,) = problems(disks)
    assert problem.key == "services[4:crm].rpo"  # the store inherits the service's 15 min
    assert problem.value == "15m"
    assert "volume store 'disks'" in problem.message and "at least 1h" in problem.message
