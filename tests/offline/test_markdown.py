"""plan.md fits one GitHub comment at 100 services; the rest goes to plan-details.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from offline import plan as plan_module
from offline.markdown import DETAILS, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, PR_BUDGET, Block, fit, pr_report
from offline.report import StackPlan


def _mermaid(md: str) -> str:
    return md.split("```mermaid\n", 1)[1].split("\n```", 1)[0]


def test_pr_report_of_the_default_catalog_fits_a_comment_and_leaves_nothing_out(
    default_plans: list[StackPlan],
) -> None:
    md = pr_report(default_plans)
    assert len(md) <= PR_BUDGET
    assert "not shown" not in md and "Left out" not in md
    assert f"[{DETAILS}]({DETAILS})" in md


def test_pr_report_of_100_services_fits_a_comment_with_every_service_and_the_diagram(
    hundred_services: list[StackPlan],
) -> None:
    md = pr_report(hundred_services)
    assert len(md) <= PR_BUDGET
    assert "not shown" not in md and "Left out" not in md
    services = md.split("## Services", 1)[1].split("\n## ", 1)[0]
    assert len(hundred_services[0].plans) == 100
    for sp in hundred_services[0].plans:
        assert f"\n| {sp.name} |" in services
    diagram = _mermaid(md)
    edges = sum(1 for line in diagram.splitlines() if re.search(r"-->|==>|-\.->", line))
    assert len(diagram) <= MERMAID_MAX_TEXT
    assert edges <= MERMAID_MAX_EDGES


def test_pr_report_has_the_sections_a_reviewer_needs(default_plans: list[StackPlan]) -> None:
    md = pr_report(default_plans)
    for heading in ("## Services", "## Posture misses and waivers", "## Policy violations", "## Topology"):
        assert heading in md
    assert "- `prod`: primary site, aws us-east-1" in md
    assert "- `dr`: recovery site, aws us-west-2" in md


def test_pr_report_lists_each_waived_estimate_once_with_the_stacks_that_report_it(
    default_plans: list[StackPlan],
) -> None:
    md = pr_report(default_plans)
    section = md.split("## Posture misses and waivers", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ecommerce |")]
    assert len(rows) == 3
    assert all(row.endswith("| waived | 2027-03-31 | prod, dr |") for row in rows)


def test_fit_cuts_the_least_important_blocks_first_and_says_where_the_rest_is() -> None:
    services = Block("## Services", [f"| s{i} |" for i in range(50)], cut_rank=1)
    violations = Block("## Policy violations", [f"| v{i} | {'x' * 80} |" for i in range(200)], cut_rank=3)
    diagram = Block(
        "## Topology\n" + "a --> b\n" * 500, cut_rank=5, whole=True, cut_note="## Topology\nleft out"
    )
    text = fit([Block("# head"), services, diagram, violations], limit=5_000)
    assert len(text) <= 5_000
    assert "left out" in text and "a --> b" not in text
    assert all(f"| s{i} |" in text for i in range(50))
    assert re.search(rf"_\d+ more rows not shown: see \[{DETAILS}\]", text)


def test_pr_report_links_the_latest_drill_results_only_when_they_exist(
    default_plans: list[StackPlan], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = tmp_path / "build" / "drills" / "latest.md"
    monkeypatch.setattr(plan_module, "DRILL_RESULTS", results)
    out = tmp_path / "build" / "plan"
    assert plan_module.drill_link(out) is None
    assert "drill" not in pr_report(default_plans, drill_link=plan_module.drill_link(out)).lower()
    results.parent.mkdir(parents=True)
    results.write_text("# drills\n")
    link = plan_module.drill_link(out)
    assert link == "../drills/latest.md"
    assert "Latest drill results: [../drills/latest.md](../drills/latest.md)" in pr_report(
        default_plans, drill_link=link
    )
