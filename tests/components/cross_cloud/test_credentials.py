"""No credential of a cross-cloud pair is plain text anywhere in either stack's recorded inputs:
the replication user's password read from Secrets Manager, the VPN tunnels' pre-shared keys, the
Data Factory user's secret key all travel as Pulumi secrets (encrypted in state, masked in plans).
The mocks hand out every such credential with one prefix (offline/providers/aws.py MOCK_SECRET)."""

from __future__ import annotations

import pytest

from offline.providers.aws import MOCK_SECRET
from tests.cross_cloud import RECOVERY_CLOUDS, Recovery, example_run, plain_strings, secret_strings


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
@pytest.mark.parametrize("stack", ["prod", "dr"])
def test_no_credential_appears_outside_a_secret_in_the_recorded_inputs(
    recovery: Recovery, stack: str
) -> None:
    run = example_run(recovery, stack)
    leaked = [
        (r.type, r.name) for r in run.resources for text in plain_strings(r.inputs) if MOCK_SECRET in text
    ]
    assert leaked == []


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_the_dr_stack_does_carry_credentials_in_secrets(recovery: Recovery) -> None:
    """What the test above guards exists: dr passes the source's password and the tunnels' keys."""
    run = example_run(recovery, "dr")
    carried = [r.type for r in run.resources for text in secret_strings(r.inputs) if MOCK_SECRET in text]
    assert len(carried) >= 4 + 1  # four tunnels' keys, at least one replication password
