"""The benchmark's floor replays exactly what the program registered; its catalogs are valid."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.catalog import write_catalog
from bench.replay import load, replay
from config import load_files, validate
from offline.engine import ProgramRun
from offline.report import StackPlan, dump_json
from tests.conftest import ROOT


def test_flat_replay_registers_the_same_resources_with_the_same_inputs(
    prod: ProgramRun, default_plans: list[StackPlan], tmp_path: Path
) -> None:
    (tmp_path / "prod.json").write_text(dump_json(default_plans[0]))
    replayed = replay(load(tmp_path, "prod"), "prod")
    assert {r.urn: (r.type, r.inputs) for r in replayed} == {
        r.urn: (r.type, r.inputs) for r in prod.resources
    }


def test_generated_catalogs_are_valid_configs_with_the_requested_number_of_services(tmp_path: Path) -> None:
    folder = write_catalog(ROOT, tmp_path, 100)
    for stack in ("prod", "dr"):
        raw, sources = load_files(stack, folder)
        cfg = validate(raw, stack, sources)
        assert len(cfg.services) == 100
        assert len({s.name for s in cfg.services}) == 100
    assert yaml.safe_load((folder / "Pulumi.dr.yaml").read_text()) == yaml.safe_load(
        (ROOT / "Pulumi.dr.yaml").read_text()
    )
