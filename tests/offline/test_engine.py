"""The mock engine runs the real program; bad config stops it before anything is registered."""

from __future__ import annotations

import pytest

from offline.engine import ProgramFailedError, ProgramRun, run_program
from tests.conftest import _default_run, default_raw


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


def test_preview_registers_the_same_resources_as_an_update(site: ProgramRun) -> None:
    raw = default_raw(site.stack)
    refs = {str(raw["prodStack"]): _default_run("prod").outputs} if site.stack == "dr" else {}
    preview = run_program(raw, site.stack, refs, preview=True)
    assert sorted((r.type, r.name) for r in preview.resources) == sorted(
        (r.type, r.name) for r in site.resources
    )
