"""prod on AWS of a cross-cloud pair declares its paths' source prerequisites from config alone
(it never reads dr): replication parameters, the replication user's rotated secret, the VPN
gateway, PostgreSQL from the recovery /16, backups without an AWS copy target."""

from __future__ import annotations

import pytest

from tests.conftest import _default_run
from tests.cross_cloud import RECOVERY_CLOUDS, Recovery, example_raw, example_run


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_prod_reads_no_other_stack(recovery: Recovery) -> None:
    assert not example_run(recovery, "prod").of_type("pulumi:pulumi:StackReference")


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_every_relational_store_keeps_a_rotated_replication_secret_in_prods_outputs(
    recovery: Recovery,
) -> None:
    prod = example_run(recovery, "prod")
    secrets = {
        s.name: s for s in prod.of_type("aws:secretsmanager/secret:Secret") if s.name.endswith("-replication")
    }
    rotations = [
        r
        for r in prod.of_type("aws:secretsmanager/secretRotation:SecretRotation")
        if "-replication" in r.name
    ]
    stores = [
        st
        for svc in prod.outputs["services"].values()
        for st in svc.get("stores", {}).values()
        if st["kind"] == "relational"
    ]
    assert stores and len(secrets) == len(rotations) == len(stores)
    assert all(st["replicationSecretArn"] for st in stores)
    # the user exists once an operator creates it: the first rotation waits for the interval
    assert all(r.inputs["rotateImmediately"] is False for r in rotations)


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_prods_databases_admit_postgresql_from_the_recovery_sites_range_only(recovery: Recovery) -> None:
    prod = example_run(recovery, "prod")
    cidr = example_raw(recovery, "prod")["sites"]["recovery"]["cidr"]
    rules = [
        r
        for r in prod.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        if "cidrIpv4" in r.inputs and r.inputs["fromPort"] == 5432
    ]
    with_databases = {
        name
        for name, svc in prod.outputs["services"].items()
        if any(st["kind"] == "relational" for st in svc.get("stores", {}).values())
    }
    assert {r.inputs["cidrIpv4"] for r in rules} == {cidr}
    assert sorted(prod.service_of(r) or "" for r in rules) == sorted(with_databases)


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_prods_private_route_tables_learn_the_recovery_site_from_its_vpn_gateway(recovery: Recovery) -> None:
    prod = example_run(recovery, "prod")
    [gateway] = prod.of_type("aws:ec2/vpnGateway:VpnGateway")
    private = [t for t in prod.of_type("aws:ec2/routeTable:RouteTable") if "private" in t.name]
    assert private and all(t.inputs["propagatingVgws"] == [gateway.id] for t in private)
    assert prod.outputs["network"]["vpnGatewayId"] == gateway.id


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_backup_plans_keep_no_copy_action_and_name_the_cross_cloud_copy(recovery: Recovery) -> None:
    prod = example_run(recovery, "prod")
    plans = [p for p in prod.of_type("aws:backup/plan:Plan") if not p.name.endswith("-pitr")]
    assert plans
    for plan in plans:
        assert all(not rule.get("copyActions") for rule in plan.inputs["rules"])
        assert plan.inputs["tags"]["dr-copy"] == f"cross-cloud:{recovery}"


def test_a_same_cloud_prod_declares_none_of_them() -> None:
    prod = _default_run("prod")
    assert not prod.of_type("aws:ec2/vpnGateway:VpnGateway")
    assert not [
        s for s in prod.of_type("aws:secretsmanager/secret:Secret") if s.name.endswith("-replication")
    ]
    assert all("dr-copy" not in p.inputs["tags"] for p in prod.of_type("aws:backup/plan:Plan"))
