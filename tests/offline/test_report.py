"""The PR report's diagram draws what the plans declare, not what the config intends."""

from __future__ import annotations

from offline.engine import ProgramRun
from offline.plan import plan_stacks
from offline.report import StackPlan, mermaid


def test_replication_edges_are_solid_only_where_dr_declares_the_copy(dr: ProgramRun) -> None:
    prod_plan, dr_plan = plan_stacks(["prod", "dr"])
    assert "prod_crm ==>|attachments: replicated-bucket| dr_crm" in mermaid([prod_plan, dr_plan])

    without_copies = ProgramRun(
        "dr",
        [r for r in dr.resources if not r.name.startswith("crm-attachments")],
        dr.outputs,
    )
    diagram = mermaid([prod_plan, StackPlan(dr_plan.cfg, without_copies)])
    assert "prod_crm -.->|attachments: replicated-bucket: not declared| dr_crm" in diagram
    assert "prod_crm ==>|crm: cross-region-replica| dr_crm" in diagram


def test_dns_failover_edges_come_from_recorded_failover_records(dr: ProgramRun) -> None:
    prod_plan, dr_plan = plan_stacks(["prod", "dr"])
    diagram = mermaid([prod_plan, dr_plan])
    assert "dns_payments -->|PRIMARY| prod_payments" in diagram
    assert "dns_payments -.->|SECONDARY| dr_payments" in diagram
    no_records = ProgramRun("dr", [r for r in dr.resources if r.type != "aws:route53/record:Record"], {})
    assert "no failover record declared" in mermaid([prod_plan, StackPlan(dr_plan.cfg, no_records)])
