"""The mock engine runs the real program; bad config stops it before anything is registered."""

from __future__ import annotations

import pytest

from offline.engine import ProgramFailedError, ProgramRun, run_program, tree_order
from tests.conftest import ROOT, _default_run, default_raw


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


def test_runs_keep_the_programs_warnings_once_each(prod: ProgramRun) -> None:
    waived = [w for w in prod.warnings if "waived until" in w]
    assert len(waived) == 4
    assert len(set(prod.warnings)) == len(prod.warnings)


def test_resource_order_does_not_depend_on_registration_order(prod: ProgramRun) -> None:
    import random

    shuffled = list(prod.resources)
    random.Random(7).shuffle(shuffled)
    assert [r.urn for r in tree_order(shuffled)] == [r.urn for r in prod.resources]


def test_offline_and_bench_use_no_private_name_of_the_pulumi_sdk() -> None:
    import ast

    private = []
    for path in [*(ROOT / "offline").glob("*.py"), *(ROOT / "bench").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pulumi"):
                private += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
                if any(part.startswith("_") for part in (node.module or "").split(".")):
                    private.append(f"{path.name}: {node.module}")
    assert private == []
