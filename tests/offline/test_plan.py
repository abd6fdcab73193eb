"""`./plan` / `make plan`: both stacks planned offline, written as JSON, a PR report and its
details; exit statuses as documented; one config (folder) for both stacks; byte-stable output."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.catalog import write_catalog
from offline.plan import main
from tests.conftest import ROOT

PLAN = ROOT / "plan"
OUTPUTS = ["dr.json", "plan-details.md", "plan.md", "prod.json"]


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The default plan, in this process: its output folder and what it printed."""
    out = tmp_path_factory.mktemp("plan")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["--out", str(out)]) == 0
    return out, printed.getvalue()


def _config_folder(tmp_path: Path, edit: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """A copy of the repository's config files, with `edit(project_config)` applied."""
    folder = write_catalog(ROOT, tmp_path / "config", None)
    if edit is not None:
        doc = yaml.safe_load((folder / "Pulumi.yaml").read_text())
        edit(doc["config"])
        (folder / "Pulumi.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    return folder


def _run_script(*args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([str(PLAN), *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def test_plan_writes_json_for_both_stacks_the_pr_report_and_its_details(planned: tuple[Path, str]) -> None:
    out, _ = planned
    assert sorted(p.name for p in out.iterdir()) == OUTPUTS


def test_json_lists_every_resource_with_type_name_parent_and_inputs(planned: tuple[Path, str]) -> None:
    doc = json.loads((planned[0] / "prod.json").read_text())
    assert doc["stack"] == "prod"
    assert len(doc["resources"]) > 40
    for r in doc["resources"]:
        assert {"type", "name", "parent", "inputs", "provider"} <= r.keys()
    vpc = next(r for r in doc["resources"] if r["type"] == "aws:ec2/vpc:Vpc")
    assert vpc["inputs"]["cidrBlock"] == "10.10.0.0/16"
    assert vpc["service"] == "hosting"
    assert doc["outputs"]["site"] == {"cloud": "aws", "region": "us-east-1", "role": "primary"}


def test_dr_plan_is_fed_prods_planned_outputs(planned: tuple[Path, str]) -> None:
    prod = json.loads((planned[0] / "prod.json").read_text())
    dr = json.loads((planned[0] / "dr.json").read_text())
    replica = next(r for r in dr["resources"] if r["type"] == "aws:kms/replicaKey:ReplicaKey")
    assert replica["inputs"]["primaryKeyArn"] == prod["outputs"]["keyArn"]


def test_details_show_both_sites_every_service_and_the_detailed_diagram(planned: tuple[Path, str]) -> None:
    md = (planned[0] / "plan-details.md").read_text()
    assert "## `prod`: primary site, aws us-east-1" in md
    assert "## `dr`: recovery site, aws us-west-2" in md
    assert "```mermaid\nflowchart LR" in md
    assert 'subgraph prod["prod: primary site' in md
    assert 'subgraph dr["dr: recovery site' in md
    for service in ("ecommerce", "payments", "inventory", "hosting", "crm", "comms"):
        assert f"| {service} |" in md


def test_details_show_every_services_posture_for_every_disruption(planned: tuple[Path, str]) -> None:
    md = (planned[0] / "plan-details.md").read_text()
    section = md.split("### DR posture", 1)[1].split("###", 1)[0]
    for service in ("ecommerce", "payments", "inventory", "crm", "comms"):
        for disruption in ("az-loss", "region-loss", "data-corruption", "accidental-deletion"):
            assert f"| {service} | {disruption} | RTO |" in section
    assert "health check 10s x 3 failures 30s" in section


def test_reports_list_policy_violations_of_the_recorded_resources(planned: tuple[Path, str]) -> None:
    out = planned[0]
    assert "## Policy violations\n\nNone." in (out / "plan.md").read_text()
    section = (out / "plan-details.md").read_text().split("### Policy violations", 1)[1].split("###", 1)[0]
    assert "| - | - | - | none |" in section
    doc = json.loads((out / "prod.json").read_text())
    assert doc["checks"]["Policy violations"] == [
        {"policy": "-", "type": "-", "resource": "-", "message": "none"}
    ]


def test_pr_report_links_its_details(planned: tuple[Path, str]) -> None:
    assert "[plan-details.md](plan-details.md)" in (planned[0] / "plan.md").read_text()


def test_waiver_warnings_print_once_labelled_with_the_stacks_that_raise_them(
    planned: tuple[Path, str],
) -> None:
    lines = [line for line in planned[1].splitlines() if "waived until" in line]
    assert len(lines) == 4
    assert all(line.startswith("warning (prod, dr): ") for line in lines)


def test_bad_config_file_prints_every_problem_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "Pulumi.prod.yaml"
    bad.write_text(yaml.safe_dump({"config": {"marketplace-dr:role": "primary", "marketplace-dr:typo": 1}}))
    out = tmp_path / "out"
    assert main(["--stack", "prod", "--config", str(bad), "--out", str(out)]) == 2
    printed = capsys.readouterr().out
    assert "plan failed" in printed
    assert f"{bad}:3: marketplace-dr:typo = 1" in printed  # the file given, and the line
    assert "unknown key" in printed
    assert not out.exists()


def test_single_dr_stack_plans_prod_first_for_its_reference(tmp_path: Path) -> None:
    assert main(["--stack", "dr", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dr.json", "plan-details.md", "plan.md"]


def test_policy_violations_fail_the_plan_with_3_after_writing_the_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import offline.plan
    from policy.rules import Violation

    def one_violation(resources: object, residency: object = None, protect: object = None) -> list[Violation]:
        return [Violation("required-tags", "aws:s3/bucket:Bucket", "x", "missing tags ['owner']")]

    monkeypatch.setattr(offline.plan, "evaluate", one_violation)
    assert main(["--stack", "prod", "--out", str(tmp_path)]) == 3
    assert "1 policy violations" in capsys.readouterr().out
    assert "required-tags" in (tmp_path / "plan.md").read_text()


def test_a_config_folder_drives_both_stacks(tmp_path: Path) -> None:
    def rename(config: dict[str, Any]) -> None:
        config["organization"] = {"value": "zeta"}

    folder = _config_folder(tmp_path, rename)
    out = tmp_path / "out"
    assert main(["--config", str(folder), "--out", str(out)]) == 0
    prod = json.loads((out / "prod.json").read_text())
    dr = json.loads((out / "dr.json").read_text())
    for doc in (prod, dr):
        names = [r["name"] for r in doc["resources"]]
        assert any(n.startswith("zeta-") for n in names)
        assert not any(n.startswith("acme-") for n in names), doc["stack"]
    replica = next(r for r in dr["resources"] if r["type"] == "aws:kms/replicaKey:ReplicaKey")
    assert replica["inputs"]["primaryKeyArn"] == prod["outputs"]["keyArn"]


def test_a_stack_file_cannot_configure_dr_which_needs_prod_from_the_same_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stack_file = _config_folder(tmp_path) / "Pulumi.dr.yaml"
    for stack in ("dr", "all"):
        assert main(["--stack", stack, "--config", str(stack_file), "--out", str(tmp_path / "out")]) == 2
        assert (
            "give a folder holding Pulumi.yaml, Pulumi.prod.yaml and Pulumi.dr.yaml"
            in capsys.readouterr().out
        )
    assert not (tmp_path / "out").exists()


def test_a_config_folder_must_hold_the_stack_file_of_every_stack_planned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _config_folder(tmp_path)
    (folder / "Pulumi.prod.yaml").unlink()
    assert main(["--stack", "dr", "--config", str(folder), "--out", str(tmp_path / "out")]) == 2
    assert "the folder has no Pulumi.prod.yaml" in capsys.readouterr().out


def test_a_failed_plan_leaves_no_earlier_reports_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_text("an earlier plan's\n")
    (out / "notes.txt").write_text("mine\n")
    folder = _config_folder(tmp_path)
    (folder / "Pulumi.prod.yaml").write_text("config:\n  marketplace-dr:role: tertiary\n")
    assert main(["--stack", "prod", "--config", str(folder), "--out", str(out)]) == 2
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_plan_script_exits_2_on_invalid_config(tmp_path: Path) -> None:
    folder = _config_folder(tmp_path)
    (folder / "Pulumi.prod.yaml").write_text("config:\n  marketplace-dr:role: tertiary\n")
    done = _run_script("--config", str(folder), "--out", str(tmp_path / "out"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "marketplace-dr:role = 'tertiary'" in done.stdout


def test_plan_script_exits_1_when_a_dr_target_is_missed(tmp_path: Path) -> None:
    def drop_waivers(config: dict[str, Any]) -> None:
        for service in config["services"]["value"]:
            service.pop("waivers", None)

    folder = _config_folder(tmp_path, drop_waivers)
    done = _run_script("--config", str(folder), "--out", str(tmp_path / "out"))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "DR posture misses" in done.stdout


def test_plan_script_output_is_byte_identical_to_an_in_process_plan(
    planned: tuple[Path, str], tmp_path: Path
) -> None:
    """Two plans of the same config, one in this process, one by ./plan (each stack in a forked
    child, another hash seed): the same bytes in every file and on the console."""
    out = tmp_path / "again"
    done = _run_script("--out", str(out), seed="12345")
    assert done.returncode == 0, done.stdout + done.stderr
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (planned[0] / name).read_bytes(), name

    def console(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("wrote ")]

    assert console(done.stdout) == console(planned[1])


def test_compare_to_an_earlier_plan_in_the_same_folder_reports_what_changed(
    planned: tuple[Path, str], tmp_path: Path
) -> None:
    import shutil

    out = tmp_path / "plan"
    shutil.copytree(planned[0], out)
    assert main(["--out", str(out), "--compare-to", str(out)]) == 0
    md = (out / "plan.md").read_text()
    assert f"## What changed\n\nCompared with `{out}` (prod, dr): **+0 -0 ~0** resources" in md
    assert "Nothing changed." in md
