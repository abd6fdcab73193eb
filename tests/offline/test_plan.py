"""`make plan`: both stacks planned offline, written as JSON and a Markdown PR report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from offline.plan import main


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("plan")
    assert main(["--out", str(out)]) == 0
    return out


def test_plan_writes_json_for_both_stacks_and_one_markdown_report(planned: Path) -> None:
    assert sorted(p.name for p in planned.iterdir()) == ["dr.json", "plan.md", "prod.json"]


def test_json_lists_every_resource_with_type_name_parent_and_inputs(planned: Path) -> None:
    doc = json.loads((planned / "prod.json").read_text())
    assert doc["stack"] == "prod"
    assert len(doc["resources"]) > 40
    for r in doc["resources"]:
        assert {"type", "name", "parent", "inputs"} <= r.keys()
    vpc = next(r for r in doc["resources"] if r["type"] == "aws:ec2/vpc:Vpc")
    assert vpc["inputs"]["cidrBlock"] == "10.10.0.0/16"
    assert vpc["service"] == "hosting"
    assert doc["outputs"]["site"] == {"role": "primary", "cloud": "aws", "region": "us-east-1"}


def test_dr_plan_is_fed_prods_planned_outputs(planned: Path) -> None:
    prod = json.loads((planned / "prod.json").read_text())
    dr = json.loads((planned / "dr.json").read_text())
    replica = next(r for r in dr["resources"] if r["type"] == "aws:kms/replicaKey:ReplicaKey")
    assert replica["inputs"]["primaryKeyArn"] == prod["outputs"]["keyArn"]


def test_markdown_report_shows_both_sites_and_a_topology_diagram(planned: Path) -> None:
    md = (planned / "plan.md").read_text()
    assert "## `prod`: primary site, aws us-east-1" in md
    assert "## `dr`: recovery site, aws us-west-2" in md
    assert "```mermaid\nflowchart LR" in md
    assert 'subgraph prod["prod: primary site' in md
    assert 'subgraph dr["dr: recovery site' in md
    for service in ("ecommerce", "payments", "inventory", "hosting", "crm", "comms"):
        assert f"| {service} |" in md


def test_bad_config_file_prints_every_problem_and_exits_non_zero(
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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dr.json", "plan.md"]


def test_report_shows_every_services_posture_for_every_disruption(planned: Path) -> None:
    md = (planned / "plan.md").read_text()
    section = md.split("### DR posture", 1)[1].split("###", 1)[0]
    for service in ("ecommerce", "payments", "inventory", "crm", "comms"):
        for disruption in ("az-loss", "region-loss", "data-corruption", "accidental-deletion"):
            assert f"| {service} | {disruption} | RTO |" in section
    assert "health check 10s x 3 failures 30s" in section


def test_report_lists_policy_violations_of_the_recorded_resources(planned: Path) -> None:
    md = (planned / "plan.md").read_text()
    section = md.split("### Policy violations", 1)[1].split("###", 1)[0]
    assert "| - | - | - | none |" in section
    doc = json.loads((planned / "prod.json").read_text())
    assert doc["checks"]["Policy violations"] == [
        {"policy": "-", "type": "-", "resource": "-", "message": "none"}
    ]


def test_policy_violations_fail_the_plan_after_writing_the_report(
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
