"""The policy checks do work linear in a stack's resources, whatever the catalog's size."""

from __future__ import annotations

from typing import Any, cast

import pytest

from offline.mocks import Recorded
from policy import rules
from tests.offline.scaled import CountingList, scaled_plans


class CountingResource:
    """A resource that counts every attribute a rule reads of it: a rule that pairs resources
    within a type (a scan of one type per resource of another) reads more per resource as the
    catalog grows, even when it iterates the stack's list once."""

    reads = 0

    def __init__(self, resource: Any) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Any:
        CountingResource.reads += 1
        return getattr(self._resource, name)


def _visits_per_resource(count: int) -> dict[str, float]:
    """Per stack rule: resources it visits and attributes it reads of them (over both stacks'
    plans of a generated catalog of `count` services), per resource."""
    plans = scaled_plans(count, checks=[])
    found = [[CountingResource(r) for r in p.run.resources] for p in plans]
    total = sum(map(len, found))
    out = {}
    for policy, rule in rules.STACK_RULES.items():
        CountingList.visits = CountingResource.reads = 0
        for resources in found:
            rule(CountingList(cast("list[Recorded]", resources)))  # a stand-in, read as Recorded
        out[policy] = (CountingList.visits + CountingResource.reads) / total
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
