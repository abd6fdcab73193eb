"""--compare-to: what changed since a previous plan, per service and component."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from offline.diff import compare
from offline.markdown import details, pr_report
from offline.report import StackPlan, to_json


def _docs(plans: list[StackPlan]) -> dict[str, dict[str, Any]]:
    return {p.stack: json.loads(json.dumps(to_json(p), default=str)) for p in plans}


def _write(base: Path, docs: dict[str, dict[str, Any]]) -> Path:
    base.mkdir(exist_ok=True)
    for stack, doc in docs.items():
        (base / f"{stack}.json").write_text(json.dumps(doc))
    return base


def _edited_base(plans: list[StackPlan], tmp_path: Path) -> Path:
    """A base in which crm's attachments bucket did not exist yet, prod's VPC had another CIDR and
    a sibling VPC, one posture estimate was a miss and one policy violation was open."""
    docs = copy.deepcopy(_docs(plans))
    prod = docs["prod"]
    prod["resources"] = [r for r in prod["resources"] if not r["name"].startswith("crm-attachments")]
    vpc = next(r for r in prod["resources"] if r["type"] == "aws:ec2/vpc:Vpc")
    vpc["inputs"]["cidrBlock"] = "10.99.0.0/16"
    prod["resources"].append(
        {**vpc, "urn": vpc["urn"] + "-old", "name": vpc["name"] + "-old", "type": "aws:ec2/vpc:Vpc"}
    )
    row = next(r for r in prod["checks"]["DR posture"] if r["service"] == "crm" and r["objective"] == "RTO")
    row["estimate"], row["status"] = "3h", "missed"
    prod["checks"]["Policy violations"] = [
        {
            "policy": "required-tags",
            "type": "aws:s3/bucket:Bucket",
            "resource": "old",
            "message": "missing tags",
        }
    ]
    return _write(tmp_path / "base", docs)


def test_compare_finds_resources_added_removed_and_changed_per_service_and_component(
    default_plans: list[StackPlan], tmp_path: Path
) -> None:
    diff = compare(_docs(default_plans), _edited_base(default_plans, tmp_path))
    added = [c for c in diff.resources if c.change == "added"]
    assert added and all(c.stack == "prod" and c.service == "crm" for c in added)
    assert {c.component for c in added} >= {
        "ReplicatedBucket crm-attachments",
        "HardenedBucket crm-attachments",
    }
    removed = [c for c in diff.resources if c.change == "removed"]
    assert [(c.type, c.service, c.component) for c in removed] == [
        ("aws:ec2/vpc:Vpc", "hosting", "Network acme-prod")
    ]
    changed = [c for c in diff.resources if c.change == "changed"]
    assert [(c.type, c.keys) for c in changed] == [("aws:ec2/vpc:Vpc", ("cidrBlock",))]


def test_compare_finds_posture_estimates_that_moved(default_plans: list[StackPlan], tmp_path: Path) -> None:
    diff = compare(_docs(default_plans), _edited_base(default_plans, tmp_path))
    moved = [m for m in diff.posture if m.stack == "prod"]
    assert len(moved) == 1
    assert moved[0].service == "crm" and moved[0].before == "3h (missed)" and moved[0].after.endswith("(met)")


def test_compare_finds_new_and_resolved_policy_violations(
    default_plans: list[StackPlan], tmp_path: Path
) -> None:
    diff = compare(_docs(default_plans), _edited_base(default_plans, tmp_path))
    assert [(v.stack, v.change, v.resource) for v in diff.violations] == [("prod", "resolved", "old")]


def test_an_unchanged_plan_compares_as_nothing_changed(
    default_plans: list[StackPlan], tmp_path: Path
) -> None:
    diff = compare(_docs(default_plans), _write(tmp_path / "same", _docs(default_plans)))
    assert diff.empty and diff.compared == ["prod", "dr"]
    assert "Nothing changed." in pr_report(default_plans, diff)


def test_a_base_without_a_stacks_plan_is_reported_as_not_compared(
    default_plans: list[StackPlan], tmp_path: Path
) -> None:
    base = _write(tmp_path / "base", {"prod": _docs(default_plans)["prod"]})
    diff = compare(_docs(default_plans), base)
    assert diff.compared == ["prod"] and diff.missing == ["dr"]
    assert "Not compared (the base has no plan for them): dr." in pr_report(default_plans, diff)


def test_pr_report_summarizes_the_diff_and_details_list_every_change(
    default_plans: list[StackPlan], tmp_path: Path
) -> None:
    diff = compare(_docs(default_plans), _edited_base(default_plans, tmp_path))
    md = pr_report(default_plans, diff)
    section = md.split("## What changed", 1)[1].split("\n## ", 1)[0]
    added = sum(1 for c in diff.resources if c.change == "added")
    assert f"**+{added} -1 ~1** resources, 1 posture estimates moved, 0 new and 1 resolved" in section
    assert "| prod | crm | ReplicatedBucket crm-attachments |" in section
    moved = diff.posture[0]
    assert f"| prod | crm | {moved.disruption} | RTO |  | 3h (missed) | {moved.after} |" in section
    assert "| prod | resolved | required-tags | Bucket | old | missing tags |" in section
    full = details(default_plans, diff)
    assert "| prod | hosting | Network acme-prod | changed | aws:ec2/vpc:Vpc |" in full
