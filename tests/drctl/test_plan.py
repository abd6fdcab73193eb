"""`drill plan` on the offline plan's JSON of the default catalog: every service and scenario, and
what each scenario's runbook must contain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from config import load_files, validate
from drctl.cli import main
from drctl.outputs import load_estate
from drctl.scenarios import SCENARIOS, build
from offline.engine import ProgramRun
from offline.report import StackPlan, dump_json
from tests.conftest import ROOT

SERVICES = ("ecommerce", "payments", "inventory", "hosting", "crm", "comms")


@pytest.fixture(scope="module")
def plan_files(prod: ProgramRun, dr: ProgramRun, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("plan")
    files = {}
    for stack, run in (("prod", prod), ("dr", dr)):
        raw, sources = load_files(stack, ROOT)
        path = out / f"{stack}.json"
        path.write_text(dump_json(StackPlan(validate(raw, stack, sources), run)))
        files[stack] = path
    return files


@pytest.mark.parametrize("service", SERVICES)
def test_drill_plan_works_on_the_offline_plan_for_every_scenario(
    service: str, plan_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    codes = [
        main(
            [
                "drill",
                "plan",
                "--scenario",
                s,
                "--service",
                service,
                "--format",
                "json",
                "--outputs",
                f"prod={plan_files['prod']}",
                "--outputs",
                f"dr={plan_files['dr']}",
            ]
        )
        for s in SCENARIOS
    ]
    docs = [
        json.loads(chunk)
        for chunk in capsys.readouterr().out.split("\n}\n")
        if chunk.strip()
        for chunk in [chunk + "}"]
    ]
    assert (codes, [d["scenario"] for d in docs]) == ([0] * len(SCENARIOS), list(SCENARIOS))


def _runbook(plan_files: dict[str, Path], service: str, scenario: str, unplanned: bool = False):
    estate = load_estate(plan_files)
    return build(estate, service, scenario, "20270101t000000-x", unplanned)


def test_region_failover_of_a_global_database_switches_over_and_fails_back(
    plan_files: dict[str, Path],
) -> None:
    step = next(
        s for s in _runbook(plan_files, "payments", "region-failover").steps if s.id == "promote-payments"
    )
    assert ([a.api for a in step.actions], [a.api for u in step.failback for a in u.actions]) == (
        ["rds:SwitchoverGlobalCluster"],
        ["rds:SwitchoverGlobalCluster"],
    )


def test_unplanned_region_failover_uses_the_managed_failover_with_data_loss(
    plan_files: dict[str, Path],
) -> None:
    step = next(
        s
        for s in _runbook(plan_files, "payments", "region-failover", True).steps
        if s.id == "promote-payments"
    )
    assert step.actions[0].api == "rds:FailoverGlobalCluster"


def test_region_failover_takes_its_modelled_times_from_the_posture_breakdown(
    plan_files: dict[str, Path],
) -> None:
    steps = {s.id: s.modelled() for s in _runbook(plan_files, "crm", "region-failover").steps}
    assert (steps["invert-prod-check"], steps["scale-up"], steps["serve-from-dr"]) == (30, 1200, 60)


def test_every_mutating_step_of_region_failover_has_a_failback(plan_files: dict[str, Path]) -> None:
    rb = _runbook(plan_files, "ecommerce", "region-failover")
    assert [s.id for s in rb.steps if s.actions and not s.failback] == []


def test_backup_restore_restores_every_store_into_tagged_scratch_and_deletes_it(
    plan_files: dict[str, Path],
) -> None:
    rb = _runbook(plan_files, "crm", "backup-restore")
    restores = [s for s in rb.steps if s.id.startswith("restore-")]
    assert {(s.store, all(u.cleanup for u in s.failback)) for s in restores} == {
        ("crm", True),
        ("attachments", True),
    }


def test_pitr_restore_covers_databases_and_tables_but_not_buckets(plan_files: dict[str, Path]) -> None:
    rb = _runbook(plan_files, "ecommerce", "pitr-restore")
    assert sorted(s.store or "" for s in rb.steps if s.id.startswith("restore-")) == ["carts", "orders"]


def test_compute_scale_up_of_a_warm_standby_raises_its_task_floor(plan_files: dict[str, Path]) -> None:
    rb = _runbook(plan_files, "ecommerce", "compute-scale-up")
    assert rb.steps[0].actions[0].api == "application-autoscaling:RegisterScalableTarget"


def test_a_backup_and_restore_service_cannot_run_a_region_failover_by_itself(
    plan_files: dict[str, Path],
) -> None:
    assert _runbook(plan_files, "comms", "region-failover").manual != ()
