"""Both stacks deploy into one account: names AWS keys resources by must not collide."""

from __future__ import annotations

from collections import defaultdict

from offline.engine import ProgramRun
from offline.mocks import Recorded

# Inputs that name a resource (not ones that reference another, like clusterIdentifier on an
# Aurora ClusterInstance).
NAME_KEYS = ("name", "identifier", "clusterIdentifier", "globalClusterIdentifier")
REFERENCES = {("aws:rds/clusterInstance:ClusterInstance", "clusterIdentifier")}
# Namespaces that are account-wide rather than regional.
GLOBAL = ("aws:iam/", "aws:route53/", "aws:rds/globalCluster:", "aws:s3/bucket:Bucket")


def _key(r: Recorded, site_region: str) -> tuple[str, ...] | None:
    for field in NAME_KEYS:
        value = r.inputs.get(field)
        if not isinstance(value, str) or (r.type, field) in REFERENCES:
            continue
        scope = "global" if r.type.startswith(GLOBAL) else str(r.inputs.get("region") or site_region)
        if r.type == "aws:route53/record:Record":
            # Records are keyed by name, type and (for routing policies) set identifier.
            return (r.type, scope, value, str(r.inputs.get("type")), str(r.inputs.get("setIdentifier")))
        return (r.type, scope, field, value)
    return None


def test_explicit_names_are_unique_per_region_across_both_stacks(prod: ProgramRun, dr: ProgramRun) -> None:
    owners: dict[tuple[str, ...], list[Recorded]] = defaultdict(list)
    for run, region in ((prod, "us-east-1"), (dr, "us-west-2")):
        for r in run.resources:
            if r.custom and (key := _key(r, region)) is not None:
                owners[key].append(r)
    assert len(owners) > 80
    for key, found in owners.items():
        if len(found) > 1:
            # Only ACM's validation record may be shared (the same CNAME in every region), and
            # then each owner must allow the other to have written it.
            assert all(r.inputs.get("allowOverwrite") is True for r in found), key
