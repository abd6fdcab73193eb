"""A containerized service on ECS Fargate: cluster, logged task, service behind the LB (a worker:
behind nothing), autoscaling."""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from components.aws import iam
from components.aws.compute import app_security_group
from components.base import Component
from components.failover import ComputeProps
from config.models import Containers

CPU_TARGET_PERCENT = 60.0
"""Target tracking keeps average CPU near this (our choice: headroom for a failover surge)."""


def private_ecr_repository(image: str) -> tuple[str, str, str] | None:
    """(account, region, repository) of a private ECR image; None for public registries
    (public.ecr.aws pulls are anonymous, so the execution role needs no ECR permission)."""
    host, _, rest = image.partition("/")
    parts = host.split(".")
    if len(parts) >= 6 and parts[1:3] == ["dkr", "ecr"] and parts[-2:] == ["amazonaws", "com"]:
        repository = rest.split("@")[0].rsplit(":", 1)[0]
        return parts[0], parts[3], repository
    return None


class ContainerService(Component):
    def __init__(self, name: str, props: ComputeProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("containers", name, opts)
        compute = props.compute
        assert isinstance(compute, Containers)
        tags = {**props.tags, "Name": props.name}
        self.security_group = app_security_group(name, props, self)
        self.cluster = aws.ecs.Cluster(
            name,
            settings=[aws.ecs.ClusterSettingArgs(name="containerInsights", value="enabled")],
            tags=tags,
            opts=self.child(),
        )
        self.log_group = aws.cloudwatch.LogGroup(
            f"{name}-logs",
            name=f"/ecs/{props.name}",
            retention_in_days=props.log_retention_days,
            kms_key_id=props.key_id,
            tags=tags,
            opts=self.child(),
        )
        self.execution_role = aws.iam.Role(
            f"{name}-execution",
            assume_role_policy=iam.assume_role("ecs-tasks.amazonaws.com"),
            description=f"{props.name}: pull the image, write its own log group",
            tags=tags,
            opts=self.child(),
        )
        self.execution_policy = aws.iam.RolePolicy(
            f"{name}-execution",
            role=self.execution_role.id,
            policy=self.log_group.arn.apply(lambda arn: execution_policy(arn, compute.image)),
            opts=self.child(),
        )
        # The app's own AWS permissions (its data stores) are granted with those stores.
        self.task_role = aws.iam.Role(
            f"{name}-task",
            assume_role_policy=iam.assume_role("ecs-tasks.amazonaws.com"),
            description=f"{props.name}: the application's own identity",
            tags=tags,
            opts=self.child(),
        )
        container = props.name
        scratch = scratch_volumes(compute)
        self.task_definition = aws.ecs.TaskDefinition(
            name,
            family=props.name,
            cpu=str(compute.cpu),
            memory=str(compute.memory),
            network_mode="awsvpc",  # Fargate requires awsvpc
            requires_compatibilities=["FARGATE"],
            execution_role_arn=self.execution_role.arn,
            task_role_arn=self.task_role.arn,
            container_definitions=self.log_group.name.apply(
                lambda group: json.dumps(
                    [
                        {
                            "name": container,
                            "image": compute.image,
                            "essential": True,
                            "portMappings": [{"containerPort": compute.port, "protocol": "tcp"}],
                            **container_hardening(compute, scratch),
                            "logConfiguration": {
                                "logDriver": "awslogs",
                                "options": {
                                    "awslogs-group": group,
                                    "awslogs-region": props.region,
                                    "awslogs-stream-prefix": container,
                                },
                            },
                        }
                    ]
                )
            ),
            volumes=[aws.ecs.TaskDefinitionVolumeArgs(name=volume) for volume in scratch] or None,
            tags=tags,
            opts=self.child(),
        )
        self.service = aws.ecs.Service(
            name,
            cluster=self.cluster.arn,
            task_definition=self.task_definition.arn,
            launch_type="FARGATE",
            desired_count=props.min_count,
            network_configuration=aws.ecs.ServiceNetworkConfigurationArgs(
                subnets=props.private_subnet_ids,
                security_groups=[self.security_group.id, *props.data_access_security_group_ids],
                assign_public_ip=False,
            ),
            # A worker has no target group: nothing registers it, nothing health-checks it from
            # outside (ECS accepts a grace period only with a load balancer).
            load_balancers=[
                aws.ecs.ServiceLoadBalancerArgs(
                    target_group_arn=props.target_group_id,
                    container_name=container,
                    container_port=compute.port,
                )
            ]
            if props.target_group_id is not None
            else None,
            health_check_grace_period_seconds=60 if props.target_group_id is not None else None,
            deployment_circuit_breaker=aws.ecs.ServiceDeploymentCircuitBreakerArgs(
                enable=True, rollback=True
            ),
            propagate_tags="SERVICE",
            tags=tags,
            # The target group must be attached to a listener before ECS registers into it;
            # autoscaling owns the running count after creation.
            opts=self.child(depends_on=list(props.ready), ignore_changes=["desiredCount"]),
        )
        resource_id = pulumi.Output.all(self.cluster.name, self.service.name).apply(
            lambda a: f"service/{a[0]}/{a[1]}"
        )
        self.scaling_target = aws.appautoscaling.Target(
            name,
            service_namespace="ecs",
            scalable_dimension="ecs:service:DesiredCount",
            resource_id=resource_id,
            min_capacity=props.min_count,
            max_capacity=props.max_count,
            tags=tags,
            opts=self.child(),
        )
        self.cpu_tracking = aws.appautoscaling.Policy(
            f"{name}-cpu",
            policy_type="TargetTrackingScaling",
            service_namespace=self.scaling_target.service_namespace,
            scalable_dimension=self.scaling_target.scalable_dimension,
            resource_id=self.scaling_target.resource_id,
            target_tracking_scaling_policy_configuration=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs(
                target_value=CPU_TARGET_PERCENT,
                predefined_metric_specification=aws.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs(
                    predefined_metric_type="ECSServiceAverageCPUUtilization"
                ),
            ),
            opts=self.child(),
        )
        self.compute_security_group_id: pulumi.Output[str] = self.security_group.id
        self.identifiers: pulumi.Output[dict[str, str]] = pulumi.Output.all(
            self.cluster.name, self.service.name
        ).apply(lambda a: {"kind": "containers", "cluster": a[0], "service": a[1]})
        self.scale_up_command: pulumi.Output[str] | None = None
        if props.scale_up_step:
            # Pilot light: no running task means no CPU metric to track from. Raising the floor
            # makes Application Auto Scaling start prod's count at once (a regional data-plane
            # call in the healthy dr region; no Route 53 change).
            self.scale_up_command = resource_id.apply(
                lambda rid: (
                    f"aws application-autoscaling register-scalable-target --region {props.region} "
                    f"--service-namespace ecs --scalable-dimension ecs:service:DesiredCount "
                    f"--resource-id {rid} --min-capacity {props.failover_count} "
                    f"--max-capacity {props.max_count}"
                )
            )
        self.register_outputs({"identifiers": self.identifiers})


def scratch_volumes(compute: Containers) -> dict[str, str]:
    """Task volume name -> the path it is mounted at. A Fargate volume with no host or EFS
    configuration is task-scoped ephemeral storage (ECS guide, "Fargate task storage", bind
    mounts), discarded with the task."""
    return {f"scratch-{i}": path for i, path in enumerate(compute.scratch_paths)}


def container_hardening(compute: Containers, scratch: dict[str, str]) -> dict[str, object]:
    """The container cannot write its image's files (only its scratch volumes), is never
    privileged, and runs as the configured non-root user (ECS container definition parameters)."""
    return {
        "readonlyRootFilesystem": True,
        "privileged": False,
        **({"user": compute.user} if compute.user else {}),
        "mountPoints": [
            {"sourceVolume": volume, "containerPath": path, "readOnly": False}
            for volume, path in scratch.items()
        ],
    }


def execution_policy(log_group_arn: str, image: str) -> pulumi.Output[str]:
    statements: list[dict[str, object]] = [
        {
            "Sid": "OwnLogGroupOnly",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": f"{log_group_arn}:*",
        }
    ]
    repository = private_ecr_repository(image)
    if repository is not None:
        account, region, name = repository
        statements += [
            # GetAuthorizationToken has no resource-level permissions (ECR IAM reference).
            {"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
            {
                "Sid": "PullOwnImage",
                "Effect": "Allow",
                "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                "Resource": f"arn:{iam.partition(region)}:ecr:{region}:{account}:repository/{name}",
            },
        ]
    return iam.document(*statements)
