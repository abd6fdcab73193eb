"""Config keys of the hardening (issue 13): deletion guards, audit-log retention, containers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from config import load
from config.models import Containers
from tests.conftest import ROOT, config_error, service


def _messages(edit: Callable[[dict[str, Any]], None], stack: str = "prod") -> list[tuple[str, str]]:
    return [(p.key, p.message) for p in config_error(edit, stack).problems]


def test_protect_defaults_on_and_must_be_a_boolean() -> None:
    assert load("prod", ROOT).protect is True
    ((key, _),) = _messages(lambda raw: raw.update(protect="sometimes"))
    assert key == "protect"


def test_pci_audit_logs_are_kept_at_least_a_year() -> None:
    ((key, message),) = _messages(lambda raw: raw.update(auditLogRetentionDays={"pci": 90}))
    assert key == "auditLogRetentionDays"
    assert "PCI DSS 10.5.1" in message and "365" in message


def test_a_classification_map_without_pci_still_keeps_pci_a_year() -> None:
    from config import validate
    from tests.conftest import default_raw

    raw = default_raw("prod")
    raw["auditLogRetentionDays"] = {"pii": 180}
    cfg = validate(raw, "prod")
    assert cfg.audit_log_retention_days == {"pci": 365, "pii": 180}
    payments = next(s for s in cfg.services if s.name == "payments")
    assert cfg.log_retention_days_of(payments) == 365


@pytest.mark.parametrize("where", ["classification", "tier"])
def test_retention_must_be_a_period_log_groups_accept(where: str) -> None:
    def edit(raw: dict) -> None:
        if where == "tier":
            raw["tiers"] = {1: {"auditLogRetentionDays": 100}}
        else:
            raw["auditLogRetentionDays"] = {"pii": 100}

    ((key, message),) = _messages(edit)
    assert "auditLogRetentionDays" in key and ("1" in key) == (where == "tier"), key
    assert "365" in message  # the allowed values are listed


def test_containers_may_not_run_as_root() -> None:
    for user in ("root", "0", "0:0"):
        ((key, message),) = _messages(lambda raw, u=user: service(raw, "payments")["compute"].update(user=u))
        assert key.endswith("compute.user") and "root" in message


def test_scratch_paths_are_absolute() -> None:
    ((key, _),) = _messages(lambda raw: service(raw, "payments")["compute"].update(scratchPaths=["tmp"]))
    assert "scratchPaths" in key


def test_each_scratch_path_is_listed_once() -> None:
    ((key, message),) = _messages(
        lambda raw: service(raw, "payments")["compute"].update(scratchPaths=["/cache", "/cache"])
    )
    assert key.endswith("scratchPaths") and "'/cache'" in message


def test_a_user_is_a_uid_uid_gid_or_a_name() -> None:
    ((key, message),) = _messages(lambda raw: service(raw, "payments")["compute"].update(user="app user"))
    assert key.endswith("compute.user") and "uid" in message
    payments = next(s for s in load("prod", ROOT).services if s.name == "payments")
    assert isinstance(payments.compute, Containers) and payments.compute.user == "10001"
