"""How a site is wired: dr reads prod only through its StackReference, each output once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pulumi
import pytest

from offline.engine import ProgramRun, run_program
from tests.conftest import default_raw


def test_dr_reads_each_prod_output_once(prod: ProgramRun, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each read lifts the whole (per-service) value; a read per service makes plans grow with n^2.
    reads: Counter[str] = Counter()
    original = pulumi.StackReference.require_output

    def counting(self: pulumi.StackReference, name: Any) -> pulumi.Output[Any]:
        reads[str(name)] += 1
        return original(self, name)

    monkeypatch.setattr(pulumi.StackReference, "require_output", counting)
    raw = default_raw("dr")
    run_program(raw, "dr", {str(raw["prodStack"]): prod.outputs})
    assert {"keyArn", "alertTopicArn", "services", "endpoints"} <= set(reads)
    assert max(reads.values()) == 1, reads


def test_only_dr_reads_a_stack_and_it_is_the_configured_prod_stack(prod: ProgramRun, dr: ProgramRun) -> None:
    assert not prod.of_type("pulumi:pulumi:StackReference")
    (ref,) = dr.of_type("pulumi:pulumi:StackReference")
    assert ref.inputs["name"] == default_raw("dr")["prodStack"] == "acme/marketplace-dr/prod"
