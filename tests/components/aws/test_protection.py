"""Deletion guards: Pulumi `protect` on stateful resources of both sites, off only in sandboxes."""

from __future__ import annotations

import functools

from offline.engine import ProgramRun
from policy.rules import STATEFUL
from tests.conftest import plan_with, resources

DELETION_FLAGS = {
    "aws:rds/cluster:Cluster": "deletionProtection",
    "aws:rds/instance:Instance": "deletionProtection",
    "aws:rds/globalCluster:GlobalCluster": "deletionProtection",
    "aws:dynamodb/table:Table": "deletionProtectionEnabled",
    "aws:dynamodb/tableReplica:TableReplica": "deletionProtectionEnabled",
    "aws:lb/loadBalancer:LoadBalancer": "enableDeletionProtection",
}


@functools.cache
def _sandbox() -> ProgramRun:
    return plan_with("dr", lambda raw: raw.update(protect=False))


def test_stateful_resources_are_protected_in_both_sites(site: ProgramRun) -> None:
    stateful = [r for r in site.resources if r.type in STATEFUL]
    assert {r.type for r in stateful} >= {"aws:s3/bucket:Bucket", "aws:backup/vault:Vault"}
    for r in stateful:
        assert r.protect, f"{r.type} {r.name} is not protected"


def test_only_stateful_resources_are_protected(site: ProgramRun) -> None:
    # protect blocks every replacement: stateless resources (policies, alarms) keep changing freely.
    assert {r.type for r in site.resources if r.protect} <= set(STATEFUL)


def test_a_sandbox_protects_nothing() -> None:
    run = _sandbox()
    assert resources(run, "aws:s3/bucket:Bucket")
    assert not [r.name for r in run.resources if r.protect]


def test_a_sandbox_turns_the_clouds_deletion_protection_off() -> None:
    run = _sandbox()
    found = [r for r in run.resources if r.type in DELETION_FLAGS]
    # dr: prod owns the global clusters and tables; dr owns secondaries, replicas, load balancers
    assert {r.type for r in found} == set(DELETION_FLAGS) - {
        "aws:rds/globalCluster:GlobalCluster",
        "aws:dynamodb/table:Table",
    }
    for r in found:
        assert r.inputs[DELETION_FLAGS[r.type]] is False, r.name
