"""The policy checks do work linear in a stack's resources, whatever the catalog's size."""

from __future__ import annotations

import pytest

from policy import rules
from tests.offline.scaled import CountingList, scaled_plans


def _visits_per_resource(count: int) -> dict[str, float]:
    """Per stack rule: resources it visits (over both stacks' plans of a generated catalog of
    `count` services), per resource."""
    plans = scaled_plans(count, checks=[])
    found = [list(p.run.resources) for p in plans]
    total = sum(map(len, found))
    out = {}
    for policy, rule in rules.STACK_RULES.items():
        CountingList.visits = 0
        for resources in found:
            rule(CountingList(resources))
        out[policy] = CountingList.visits / total
    return out


@pytest.fixture(scope="module")
def visits() -> tuple[dict[str, float], dict[str, float]]:
    return _visits_per_resource(10), _visits_per_resource(100)


@pytest.mark.parametrize("policy", sorted(rules.STACK_RULES))
def test_a_stack_rule_visits_each_resource_a_bounded_number_of_times(
    policy: str, visits: tuple[dict[str, float], dict[str, float]]
) -> None:
    small, large = visits
    assert large[policy] <= 1.3 * small[policy], (small[policy], large[policy])
