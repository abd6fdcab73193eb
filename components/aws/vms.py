"""A VM service: hardened launch template, auto scaling group over the three private subnets,
registered in the load balancer's target group, scaled by CPU target tracking."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.aws import iam
from components.aws.compute import app_security_group
from components.base import Component
from components.failover import ComputeProps
from config.models import VirtualMachines

CPU_TARGET_PERCENT = 60.0
"""Target tracking keeps average CPU near this (our choice: headroom for a failover surge)."""
WORKER_GROUP_METRICS = [
    aws.autoscaling.Metric.GROUP_IN_SERVICE_INSTANCES,
    aws.autoscaling.Metric.GROUP_DESIRED_CAPACITY,
]
"""Auto Scaling group metrics a worker publishes (1-minute granularity, free of charge)."""
ROOT_DEVICE = "/dev/xvda"
"""Root device name of Amazon Linux AMIs; an AMI with another root name needs it changed here."""
# The instances have no SSH key and no port 22: Session Manager is the only shell for
# break-glass work, so the instance role carries SSM core and nothing else.
SSM_CORE = "arn:{partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
# Launching instances with CMK-encrypted volumes needs the Auto Scaling service-linked role to use
# the key (EC2 Auto Scaling guide, "Required AWS KMS key policy for use with encrypted volumes").
ASG_KEY_OPERATIONS = [
    "Encrypt",
    "Decrypt",
    "ReEncryptFrom",
    "ReEncryptTo",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "DescribeKey",
    "CreateGrant",
]


class VmService(Component):
    def __init__(self, name: str, props: ComputeProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("vms", name, opts)
        compute = props.compute
        assert isinstance(compute, VirtualMachines)
        tags = {**props.tags, "Name": props.name}
        partition = iam.partition(props.region)
        self.security_group = app_security_group(name, props, self)
        self.role = aws.iam.Role(
            f"{name}-instance",
            assume_role_policy=iam.assume_role("ec2.amazonaws.com"),
            description=f"{props.name} instances: Session Manager only",
            tags=tags,
            opts=self.child(),
        )
        aws.iam.RolePolicyAttachment(
            f"{name}-ssm-core",
            role=self.role.name,
            policy_arn=SSM_CORE.format(partition=partition),
            opts=self.child(),
        )
        self.profile = aws.iam.InstanceProfile(
            f"{name}-instance", role=self.role.name, tags=tags, opts=self.child()
        )
        account = pulumi.Output.from_input(props.key_id).apply(lambda arn: arn.split(":")[4])
        self.key_grant = aws.kms.Grant(
            f"{name}-asg-volumes",
            key_id=props.key_id,
            grantee_principal=account.apply(
                lambda a: (
                    f"arn:{partition}:iam::{a}:role/aws-service-role/"
                    "autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
                )
            ),
            operations=ASG_KEY_OPERATIONS,
            opts=self.child(),
        )
        instance_tags = {**tags, "Name": f"{props.name}-vm"}
        self.launch_template = aws.ec2.LaunchTemplate(
            name,
            image_id=compute.image,
            instance_type=compute.instance_type,
            iam_instance_profile=aws.ec2.LaunchTemplateIamInstanceProfileArgs(arn=self.profile.arn),
            vpc_security_group_ids=[self.security_group.id, *props.data_access_security_group_ids],
            metadata_options=aws.ec2.LaunchTemplateMetadataOptionsArgs(
                http_endpoint="enabled", http_tokens="required", http_put_response_hop_limit=1
            ),
            block_device_mappings=[
                aws.ec2.LaunchTemplateBlockDeviceMappingArgs(
                    device_name=ROOT_DEVICE,
                    ebs=aws.ec2.LaunchTemplateBlockDeviceMappingEbsArgs(
                        encrypted="true",
                        kms_key_id=props.key_id,
                        volume_type="gp3",
                        delete_on_termination="true",
                    ),
                )
            ],
            monitoring=aws.ec2.LaunchTemplateMonitoringArgs(enabled=True),
            tag_specifications=[
                aws.ec2.LaunchTemplateTagSpecificationArgs(resource_type=kind, tags=instance_tags)
                for kind in ("instance", "volume")
            ],
            update_default_version=True,
            tags=tags,
            opts=self.child(),
        )
        self.group = aws.autoscaling.Group(
            name,
            vpc_zone_identifiers=props.private_subnet_ids,  # three AZs
            min_size=props.min_count,
            max_size=props.max_count,
            desired_capacity=props.min_count,
            launch_template=aws.autoscaling.GroupLaunchTemplateArgs(
                id=self.launch_template.id, version=self.launch_template.latest_version.apply(str)
            ),
            target_group_arns=[props.target_group_id] if props.target_group_id is not None else None,
            # A worker has no load balancer: EC2 status checks judge its instances, and the group
            # publishes its in-service count for the worker's capacity alarm.
            health_check_type="ELB" if props.target_group_id is not None else "EC2",
            enabled_metrics=WORKER_GROUP_METRICS if props.target_group_id is None else None,
            health_check_grace_period=300,
            instance_refresh=aws.autoscaling.GroupInstanceRefreshArgs(strategy="Rolling"),
            tags=[
                aws.autoscaling.GroupTagArgs(key=k, value=v, propagate_at_launch=True)
                for k, v in instance_tags.items()
            ],
            opts=self.child(depends_on=[self.key_grant, *props.ready], ignore_changes=["desiredCapacity"]),
        )
        self.cpu_tracking = aws.autoscaling.Policy(
            f"{name}-cpu",
            autoscaling_group_name=self.group.name,
            policy_type="TargetTrackingScaling",
            target_tracking_configuration=aws.autoscaling.PolicyTargetTrackingConfigurationArgs(
                target_value=CPU_TARGET_PERCENT,
                predefined_metric_specification=aws.autoscaling.PolicyTargetTrackingConfigurationPredefinedMetricSpecificationArgs(
                    predefined_metric_type="ASGAverageCPUUtilization"
                ),
            ),
            opts=self.child(),
        )
        self.compute_security_group_id: pulumi.Output[str] = self.security_group.id
        self.identifiers: pulumi.Output[dict[str, str]] = self.group.name.apply(
            lambda n: {"kind": "vms", "autoScalingGroup": n}
        )
        self.scale_up_command: pulumi.Output[str] | None = None
        if props.scale_up_step:
            # Pilot light: the failover step sets the group to prod's count in one call.
            self.failover_policy = aws.autoscaling.Policy(
                f"{name}-failover",
                autoscaling_group_name=self.group.name,
                policy_type="SimpleScaling",
                adjustment_type="ExactCapacity",
                scaling_adjustment=props.failover_count,
                opts=self.child(),
            )
            self.scale_up_command = pulumi.Output.all(self.group.name, self.failover_policy.name).apply(
                lambda a: (
                    f"aws autoscaling execute-policy --region {props.region} "
                    f"--auto-scaling-group-name {a[0]} --policy-name {a[1]}"
                )
            )
        self.register_outputs({"identifiers": self.identifiers})
