"""The mock engine runs the real program; bad config stops it before anything is registered."""

from __future__ import annotations

import pytest

from offline.engine import ProgramFailedError, run_program
from tests.conftest import default_raw


def test_bad_config_fails_the_program_before_any_resource_is_registered() -> None:
    raw = default_raw("prod")
    raw["services"][1]["rto"] = "15x"
    raw["sites"]["recovery"]["region"] = "us-east-1"
    with pytest.raises(ProgramFailedError) as caught:
        run_program(raw, "prod")
    message = str(caught.value)
    assert "services[1:payments].rto = '15x'" in message
    assert "sites.recovery.region = 'us-east-1'" in message
    assert "Traceback" not in message
    assert caught.value.resources == []


def test_dr_without_prod_outputs_cannot_replicate_the_prod_key() -> None:
    with pytest.raises(ProgramFailedError, match="keyArn"):
        run_program(default_raw("dr"), "dr", stack_outputs={})
