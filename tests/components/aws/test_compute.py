"""Compute per service: Fargate or VMs, hardened, and sized in dr by the service's strategy."""

from __future__ import annotations

import json

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import plan_with, resources, service, waive_posture

ECS_SERVICE = "aws:ecs/service:Service"
SCALING_TARGET = "aws:appautoscaling/target:Target"
ASG = "aws:autoscaling/group:Group"


def _of(run: ProgramRun, type_token: str, name: str) -> Recorded:
    (found,) = [r for r in resources(run, type_token) if run.service_of(r) == name]
    return found


def test_containers_run_on_fargate_in_private_subnets_behind_their_target_group(site: ProgramRun) -> None:
    private = set(site.outputs["network"]["privateSubnetIds"])
    services = resources(site, ECS_SERVICE)
    for svc in services:
        assert svc.inputs["launchType"] == "FARGATE"
        network = svc.inputs["networkConfiguration"]
        assert set(network["subnets"]) == private and network["assignPublicIp"] is False
        (lb,) = svc.inputs["loadBalancers"]
        (tg,) = [
            t
            for t in site.of_type("aws:lb/targetGroup:TargetGroup")
            if t.outputs["arn"] == lb["targetGroupArn"]
        ]
        assert site.service_of(tg) == site.service_of(svc)
    for task in resources(site, "aws:ecs/taskDefinition:TaskDefinition"):
        assert task.inputs["networkMode"] == "awsvpc"
        assert task.inputs["requiresCompatibilities"] == ["FARGATE"]


def test_task_logs_go_to_their_own_group_encrypted_with_the_site_key(site: ProgramRun) -> None:
    groups = {g.inputs.get("name"): g for g in resources(site, "aws:cloudwatch/logGroup:LogGroup")}
    for task in resources(site, "aws:ecs/taskDefinition:TaskDefinition"):
        (container,) = json.loads(task.inputs["containerDefinitions"])
        options = container["logConfiguration"]["options"]
        group = groups[options["awslogs-group"]]
        assert site.service_of(group) == site.service_of(task)
        assert group.inputs["kmsKeyId"] == site.outputs["keyArn"]


def test_execution_role_may_only_write_its_own_log_group(site: ProgramRun) -> None:
    policies = [p for p in resources(site, "aws:iam/rolePolicy:RolePolicy") if p.name.endswith("-execution")]
    assert len(policies) == len(resources(site, ECS_SERVICE))
    for policy in policies:
        # the task's own group (a service also has WAF and database log groups)
        (group,) = [
            g
            for g in resources(site, "aws:cloudwatch/logGroup:LogGroup")
            if site.service_of(g) == site.service_of(policy) and str(g.inputs.get("name")).startswith("/ecs/")
        ]
        (statement,) = json.loads(policy.inputs["policy"])["Statement"]  # public images: no ECR grant
        assert statement["Resource"] == f"{group.outputs['arn']}:*"
        assert statement["Action"] == ["logs:CreateLogStream", "logs:PutLogEvents"]


def test_private_ecr_images_get_a_pull_grant_on_their_repository_only() -> None:
    from components.aws.containers import private_ecr_repository

    assert private_ecr_repository("public.ecr.aws/acme/storefront:1.42.0") is None
    assert private_ecr_repository("123456789012.dkr.ecr.us-east-1.amazonaws.com/acme/shop:1.0") == (
        "123456789012",
        "us-east-1",
        "acme/shop",
    )


def test_prod_runs_the_desired_count(prod: ProgramRun) -> None:
    desired = {"ecommerce": 6, "payments": 4, "inventory": 4, "comms": 2}
    for name, count in desired.items():
        assert _of(prod, ECS_SERVICE, name).inputs["desiredCount"] == count
        target = _of(prod, SCALING_TARGET, name)
        assert (target.inputs["minCapacity"], target.inputs["maxCapacity"]) == (count, 2 * count)
    group = _of(prod, ASG, "crm")
    assert (group.inputs["minSize"], group.inputs["desiredCapacity"]) == (2, 2)


def test_dr_standby_count_follows_the_strategy(dr: ProgramRun) -> None:
    # Tier 0 (RTO 15 min) -> warm standby at half of prod, scaling up to prod capacity and beyond.
    for name, desired in {"ecommerce": 6, "payments": 4, "inventory": 4}.items():
        assert dr.outputs["services"][name]["strategy"] == "warm-standby"
        target = _of(dr, SCALING_TARGET, name)
        assert target.inputs["minCapacity"] == desired // 2
        assert target.inputs["maxCapacity"] >= desired
    # Tier 1 (RTO 1 h) -> pilot light: in place at zero, with the step that raises it to prod's 2.
    assert dr.outputs["services"]["crm"]["strategy"] == "pilot-light"
    group = _of(dr, ASG, "crm")
    assert (group.inputs["minSize"], group.inputs["desiredCapacity"]) == (0, 0)
    steps = [p for p in resources(dr, "aws:autoscaling/policy:Policy") if p.name.endswith("-failover")]
    (step,) = steps
    assert step.inputs["adjustmentType"] == "ExactCapacity" and step.inputs["scalingAdjustment"] == 2
    assert "execute-policy" in dr.outputs["endpoints"]["crm"]["compute"]["scaleUpCommand"]
    # Tier 2 (RTO 24 h) -> backup & restore: no standby compute at all.
    assert dr.outputs["services"]["comms"]["strategy"] == "backup-restore"
    assert not [r for r in dr.resources if dr.service_of(r) == "comms" and r.type.startswith("aws:ecs/")]


def test_strategy_follows_targets_not_names() -> None:
    def faster_comms(raw: dict) -> None:
        service(raw, "comms")["rto"] = "30m"
        service(raw, "comms")["compute"]["standbyCount"] = 1
        waive_posture(raw, "comms", "test exercises the strategy choice, not the posture")

    run = plan_with("dr", faster_comms)
    assert run.outputs["services"]["comms"]["strategy"] == "warm-standby"
    assert _of(run, SCALING_TARGET, "comms").inputs["minCapacity"] == 1


def test_pilot_light_containers_get_a_scale_up_command() -> None:
    def slower_payments(raw: dict) -> None:
        service(raw, "payments")["rto"] = "4h"

    run = plan_with("dr", slower_payments)
    assert _of(run, SCALING_TARGET, "payments").inputs["minCapacity"] == 0
    command = run.outputs["endpoints"]["payments"]["compute"]["scaleUpCommand"]
    assert "register-scalable-target" in command and "--min-capacity 4" in command


def test_vms_require_imdsv2_and_encrypt_volumes_with_the_site_key(site: ProgramRun) -> None:
    template = _of(site, "aws:ec2/launchTemplate:LaunchTemplate", "crm")
    assert template.inputs["metadataOptions"]["httpTokens"] == "required"
    (disk,) = template.inputs["blockDeviceMappings"]
    assert disk["ebs"]["encrypted"] == "true"
    assert disk["ebs"]["kmsKeyId"] == site.outputs["keyArn"]
    grant = _of(site, "aws:kms/grant:Grant", "crm")
    assert grant.inputs["granteePrincipal"].endswith("/AWSServiceRoleForAutoScaling")


def test_vm_group_spans_three_private_subnets_in_the_target_group(site: ProgramRun) -> None:
    group = _of(site, ASG, "crm")
    assert set(group.inputs["vpcZoneIdentifiers"]) == set(site.outputs["network"]["privateSubnetIds"])
    assert len(group.inputs["vpcZoneIdentifiers"]) == 3
    (tg_arn,) = group.inputs["targetGroupArns"]
    assert tg_arn == _of(site, "aws:lb/targetGroup:TargetGroup", "crm").outputs["arn"]
    assert group.inputs["healthCheckType"] == "ELB"
    assert {t["key"] for t in group.inputs["tags"] if t["propagateAtLaunch"]} >= {"service", "tier"}


def test_instance_role_carries_ssm_core_only(site: ProgramRun) -> None:
    vms = [r.urn for r in site.of_type("marketplace-dr:vms:VmService")]
    inside = {r.urn for urn in vms for r in site.descendants_of(urn)}
    (attachment,) = [
        a for a in resources(site, "aws:iam/rolePolicyAttachment:RolePolicyAttachment") if a.urn in inside
    ]
    assert attachment.inputs["policyArn"] == "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
    role_policies = [p for p in site.of_type("aws:iam/rolePolicy:RolePolicy") if p.urn in inside]
    assert role_policies == []


def _containers(run: ProgramRun) -> list[dict]:
    return [
        c
        for t in resources(run, "aws:ecs/taskDefinition:TaskDefinition")
        for c in json.loads(t.inputs["containerDefinitions"])
    ]


def test_containers_run_read_only_unprivileged_as_their_non_root_user(site: ProgramRun) -> None:
    for container in _containers(site):
        assert container["readonlyRootFilesystem"] is True
        assert container["privileged"] is False
        assert container["user"] == "10001", container["name"]  # the catalog's compute.user


def test_scratch_paths_are_the_only_writable_mounts_on_task_scoped_volumes(site: ProgramRun) -> None:
    for task in resources(site, "aws:ecs/taskDefinition:TaskDefinition"):
        volumes = {v["name"]: v for v in task.inputs["volumes"]}
        (container,) = json.loads(task.inputs["containerDefinitions"])
        mounts = {m["containerPath"]: m for m in container["mountPoints"]}
        assert set(mounts) == {"/tmp"}  # the default scratchPaths
        for mount in mounts.values():
            assert mount["readOnly"] is False
            # no host path or EFS: ephemeral storage that goes with the task
            assert set(volumes[mount["sourceVolume"]]) == {"name"}


def test_a_service_without_scratch_paths_writes_nowhere() -> None:
    run = plan_with("prod", lambda raw: service(raw, "payments")["compute"].update(scratchPaths=[]))
    (task,) = [
        t for t in resources(run, "aws:ecs/taskDefinition:TaskDefinition") if run.service_of(t) == "payments"
    ]
    assert "volumes" not in task.inputs
    (container,) = json.loads(task.inputs["containerDefinitions"])
    assert container["mountPoints"] == [] and container["readonlyRootFilesystem"] is True
