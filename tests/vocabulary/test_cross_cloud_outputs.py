"""A cross-cloud pair keeps the outputs contract: the same top-level keys, its additions inside
them (documented in the README's contract table)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.cross_cloud import RECOVERY_CLOUDS, Recovery, example_run
from vocabulary import outputs


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
@pytest.mark.parametrize("stack", ["prod", "dr"])
def test_each_cross_cloud_stack_exports_exactly_the_contract(recovery: Recovery, stack: str) -> None:
    assert set(example_run(recovery, stack).outputs) == set(outputs.ALL)


def test_the_fields_cross_cloud_stacks_add_are_documented() -> None:
    contract = (
        (ROOT / "README.md").read_text().split("## Stack outputs: the contract", 1)[1].split("\n## ", 1)[0]
    )
    added = (
        outputs.VPN_GATEWAY_ID,
        outputs.REPLICATION_SECRET_ARN,
        outputs.PATH,
        outputs.PROMOTE_COMMAND,
        outputs.FAILBACK,
        outputs.ACTIVATE_COMMAND,
    )
    assert [f for f in added if f"`{f}`" not in contract] == []
