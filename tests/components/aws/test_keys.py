"""The site data key: a multi-region primary in prod, its replica in dr."""

from __future__ import annotations

import json

from offline.engine import ProgramRun
from tests.conftest import resources


def test_prod_key_is_a_rotating_multi_region_primary(prod: ProgramRun) -> None:
    (key,) = resources(prod, "aws:kms/key:Key")
    assert key.inputs["multiRegion"] is True
    assert key.inputs["enableKeyRotation"] is True
    assert not prod.of_type("aws:kms/replicaKey:ReplicaKey")


def test_dr_key_replicates_the_prod_key_read_through_the_stack_reference(
    prod: ProgramRun, dr: ProgramRun
) -> None:
    (replica,) = resources(dr, "aws:kms/replicaKey:ReplicaKey")
    assert replica.inputs["primaryKeyArn"] == prod.outputs["keyArn"]
    assert not dr.of_type("aws:kms/key:Key")


def test_key_policy_lets_only_our_account_and_its_services_use_the_key(prod: ProgramRun) -> None:
    (key,) = resources(prod, "aws:kms/key:Key")
    statements = json.loads(key.inputs["policy"])["Statement"]
    assert any("Service" in s["Principal"] for s in statements), "no service statement to check"
    for s in statements:
        principal = s["Principal"]
        assert principal != "*" and principal.get("AWS", "") != "*"
        if "Service" in principal:
            assert "Condition" in s, f"service statement {s['Sid']} is not scoped to our account"
