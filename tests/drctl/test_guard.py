"""The one guarded path for mutations: dry runs record, the typed confirmation arms, and a mutating
call that bypasses the guard is refused by the client itself."""

from __future__ import annotations

import pytest

from drctl.errors import RefusedError
from drctl.gateways import boto3_clients
from drctl.guard import Guard, UnguardedMutationError
from tests.drctl.conftest import PROD, Deployment


def test_execute_needs_the_exact_typed_confirmation() -> None:
    with pytest.raises(RefusedError, match="--confirm prod/crm/region-failover"):
        Guard.armed(True, "prod/crm", "prod/crm/region-failover")


def test_without_execute_the_guard_is_a_dry_run_whatever_the_confirmation() -> None:
    assert Guard.armed(False, "prod/crm/region-failover", "prod/crm/region-failover").execute is False


def test_a_dry_run_guard_records_a_mutation_without_making_it() -> None:
    guard = Guard(execute=False)
    made: list[str] = []
    guard.mutate("route53:UpdateHealthCheck", {"HealthCheckId": "x"}, lambda: made.append("called"))
    assert (made, [m.executed for m in guard.mutations]) == ([], [False])


def test_a_mutating_call_that_bypasses_the_guard_is_refused_by_the_client(deployment: Deployment) -> None:
    s3 = boto3_clients(Guard(execute=True), deployment.session)("s3", PROD, None)
    with pytest.raises(UnguardedMutationError):
        s3.create_bucket(Bucket="not-through-the-guard")


def test_the_guard_lets_a_read_through_the_client(deployment: Deployment) -> None:
    s3 = boto3_clients(Guard(execute=False), deployment.session)("s3", PROD, None)
    assert isinstance(s3.list_buckets()["Buckets"], list)
