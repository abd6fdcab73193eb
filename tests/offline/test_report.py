"""Console and JSON views, and the diagram: stable order, and work linear in the resources."""

from __future__ import annotations

import io
import json

from rich.console import Console

from offline.engine import ProgramRun
from offline.markdown import details, mermaid, pr_report
from offline.plan import posture_check
from offline.report import StackPlan, dump_json, print_stack
from tests.offline.scaled import CountingList, scaled_plans


def test_replication_edges_are_solid_only_where_dr_declares_the_copy(
    dr: ProgramRun, default_plans: list[StackPlan]
) -> None:
    prod_plan, dr_plan = default_plans
    assert "prod_crm ==>|attachments: replicated-bucket| dr_crm" in mermaid([prod_plan, dr_plan])

    without_copies = ProgramRun(
        "dr",
        [r for r in dr.resources if not r.name.startswith("crm-attachments")],
        dr.outputs,
    )
    diagram = mermaid([prod_plan, StackPlan(dr_plan.cfg, without_copies)])
    assert "prod_crm -.->|attachments: replicated-bucket: not declared| dr_crm" in diagram
    assert "prod_crm ==>|crm: cross-region-replica| dr_crm" in diagram


def test_dns_failover_edges_come_from_the_health_checks_dr_declares(
    dr: ProgramRun, default_plans: list[StackPlan]
) -> None:
    prod_plan, dr_plan = default_plans
    diagram = mermaid([prod_plan, dr_plan])
    assert "dns_payments -->|PRIMARY| prod_payments" in diagram
    assert "dns_payments -.->|SECONDARY| dr_payments" in diagram
    endpoints = {
        n: {k: v for k, v in e.items() if k != "healthCheckIds"} for n, e in dr.outputs["endpoints"].items()
    }
    unchecked = ProgramRun("dr", dr.resources, {**dr.outputs, "endpoints": endpoints})
    assert "no failover record declared" in mermaid([prod_plan, StackPlan(dr_plan.cfg, unchecked)])


def test_failover_edges_are_drawn_for_a_traffic_manager_pair_too() -> None:
    from pathlib import Path

    from offline.plan import plan_stacks

    prod_plan, dr_plan = plan_stacks(
        ["prod", "dr"], Path(__file__).resolve().parents[2] / "examples" / "azure"
    )
    diagram = mermaid([prod_plan, dr_plan])
    assert "dns_payments -.->|SECONDARY| dr_payments" in diagram
    assert "no failover record declared" not in diagram


def _report_visits(count: int) -> tuple[int, int]:
    """(resource visits, resources) of building every report of a generated catalog's plans."""
    plans = scaled_plans(count, counting=True, checks=[posture_check])
    CountingList.visits = 0
    console = Console(file=io.StringIO(), width=140)
    for plan in plans:
        print_stack(console, plan)
        dump_json(plan)
    pr_report(plans)
    details(plans)
    return CountingList.visits, sum(len(p.run.resources) for p in plans)


def test_report_builders_visit_each_resource_a_bounded_number_of_times_at_any_catalog_size() -> None:
    small_visits, small = _report_visits(10)
    large_visits, large = _report_visits(100)
    per_resource_small, per_resource_large = small_visits / small, large_visits / large
    assert per_resource_large <= 1.3 * per_resource_small, (per_resource_small, per_resource_large)


def test_json_lists_resources_parents_first_and_siblings_by_type_and_name(
    default_plans: list[StackPlan],
) -> None:
    for plan in default_plans:
        resources = json.loads(dump_json(plan))["resources"]
        position = {r["urn"]: i for i, r in enumerate(resources)}
        siblings: dict[str, list[tuple[str, str]]] = {}
        for i, r in enumerate(resources):
            if r["parent"] in position:
                assert position[r["parent"]] < i, r["urn"]
            siblings.setdefault(r["parent"], []).append((r["type"], r["name"]))
        for kids in siblings.values():
            assert kids == sorted(kids)


def test_json_writes_every_mapping_with_sorted_keys(default_plans: list[StackPlan]) -> None:
    def keys_sorted(value: object) -> bool:
        if isinstance(value, dict):
            return list(value) == sorted(value) and all(keys_sorted(v) for v in value.values())
        if isinstance(value, list):
            return all(keys_sorted(v) for v in value)
        return True

    doc = json.loads(dump_json(default_plans[1]))
    assert all(keys_sorted(r["inputs"]) for r in doc["resources"])
    assert keys_sorted(doc["outputs"])


def test_console_tree_lists_each_services_components_in_a_stable_order(
    default_plans: list[StackPlan],
) -> None:
    def tree(plan: StackPlan) -> str:
        out = io.StringIO()
        print_stack(Console(file=out, width=140), plan)
        return out.getvalue()

    plan = default_plans[0]
    shuffled = ProgramRun(plan.stack, list(reversed(plan.run.resources)), plan.run.outputs)
    assert tree(plan) == tree(StackPlan(plan.cfg, shuffled, plan.sections))
