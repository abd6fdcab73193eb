"""The mock engine's recording: what a plan keeps of each registration."""

from __future__ import annotations

from offline.engine import ProgramRun


def test_a_recorded_resource_shares_its_input_values_with_its_state(prod: ProgramRun) -> None:
    # A resource's state is its inputs plus what the provider computes; holding the inputs' nested
    # values twice doubles what a plan keeps and sends back from its child process.
    shared = [
        (r.urn, key)
        for r in prod.resources
        for key, value in r.inputs.items()
        if isinstance(value, dict | list) and value and key in r.outputs
    ]
    assert len(shared) > 100
    by_urn = prod.by_urn()
    assert [(u, k) for u, k in shared if by_urn[u].outputs[k] is not by_urn[u].inputs[k]] == []
