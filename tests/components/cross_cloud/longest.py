"""The cross-cloud examples with every name config allows at its longest (organization and
environment together 44 characters, organization 32 of them; services 20, stores 24:
config/models.py `Slug`, `ServiceName`, `StoreName`), planned once per session: the names the
paths derive from config must fit their clouds' limits at these lengths too, not only at the
examples' short names."""

from __future__ import annotations

import functools
from typing import Any

from offline.engine import ProgramRun, run_program
from tests.cross_cloud import Recovery, example_raw

MAX_SLUG = 32
BACKUP_VAULT_NAME_ROOM = 44
"""organization + environment: AWS Backup's 50-character vault name `<org>-<env>-prod` leaves 44
(config refuses more, naming the vault)."""
MAX_SERVICE_NAME = 20
MAX_STORE_NAME = 24
"""config/models.py's limits (test_longest_names_are_the_limits proves each is the maximum)."""


def _longest(name: str, length: int) -> str:
    """`name` padded with letters to `length` (a slug stays a slug: no '--', ends alphanumeric)."""
    return (name + "z" * length)[:length]


def longest_raw(recovery: Recovery, stack: str) -> dict[str, Any]:
    raw = example_raw(recovery, stack)
    raw["organization"] = _longest(str(raw.get("organization", "acme")), MAX_SLUG)
    raw["environment"] = _longest(
        str(raw.get("environment", "production")), BACKUP_VAULT_NAME_ROOM - MAX_SLUG
    )
    for service in raw["services"]:
        service["name"] = _longest(service["name"], MAX_SERVICE_NAME)
        for store in service.get("dataStores", []):
            store["name"] = _longest(store["name"], MAX_STORE_NAME)
    return raw


@functools.cache
def longest_run(recovery: Recovery, stack: str) -> ProgramRun:
    raw = longest_raw(recovery, stack)
    if stack == "dr":
        return run_program(raw, "dr", {str(raw["prodStack"]): longest_run(recovery, "prod").outputs})
    return run_program(raw, stack)
