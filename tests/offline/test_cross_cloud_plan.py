"""Both cross-cloud examples plan prod then dr with exit status 0 and no policy violation; the
plan lists each path with its caveats, and the diagram names each cross-cloud edge's mechanism."""

from __future__ import annotations

import functools

import pytest

from config import load_files, validate
from offline.markdown import mermaid
from offline.plan import CHECKS
from offline.report import StackPlan
from tests.cross_cloud import EXAMPLES, RECOVERY_CLOUDS, Recovery, example_run


@functools.cache
def _plans(recovery: Recovery) -> tuple[StackPlan, ...]:
    """The plan's own checks over the session's runs of the example (as ./plan does)."""
    plans = []
    for stack in ("prod", "dr"):
        raw, sources = load_files(stack, EXAMPLES[recovery])
        plan = StackPlan(validate(raw, stack, sources), example_run(recovery, stack))
        for check in CHECKS:
            check(plan)
        plans.append(plan)
    return tuple(plans)


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_the_example_plans_both_stacks_without_a_policy_violation(recovery: Recovery) -> None:
    plans = _plans(recovery)
    assert [p.stack for p in plans] == ["prod", "dr"]
    assert [p.violations for p in plans] == [[], []]
    assert plans[1].cfg.site.cloud == recovery


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_the_plan_lists_every_cross_cloud_path_with_its_caveats(recovery: Recovery) -> None:
    section = _plans(recovery)[1].section("Cross-cloud paths")
    assert section is not None
    _, header, rows = section
    stores = {(sp.name, s.store.name) for sp in _plans(recovery)[1].plans for s in sp.stores}
    assert {(r[0], r[1]) for r in rows} == stores
    assert all(r[header.index("caveats")] != "-" for r in rows)


@pytest.mark.parametrize(
    ("recovery", "mechanisms"),
    [
        ("gcp", ("STS event-driven", "DMS continuous")),
        ("azure", ("Data Factory copy", "PG migration online - preview")),
    ],
)
def test_the_diagram_labels_cross_cloud_edges_with_their_mechanism(
    recovery: Recovery, mechanisms: tuple[str, str]
) -> None:
    diagram = mermaid(list(_plans(recovery)))
    assert f"prod_ecommerce ==>|product-media: {mechanisms[0]}| dr_ecommerce" in diagram
    assert f"prod_ecommerce ==>|orders: {mechanisms[1]}| dr_ecommerce" in diagram
    assert "not declared" not in diagram


def test_a_same_cloud_plan_has_no_cross_cloud_section(default_plans: list[StackPlan]) -> None:
    assert all(p.section("Cross-cloud paths") is None for p in default_plans)
