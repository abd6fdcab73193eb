"""Rotation of a database master password that RDS cannot manage (Aurora global databases).

Secrets Manager rotates the secret with AWS's own single-user rotation function for PostgreSQL,
deployed from the Serverless Application Repository into the site's VPC (Secrets Manager guide,
"Rotation function templates"). The function logs in with the current password and sets a new one;
it reaches the database through its own security group (which the database admits) and Secrets
Manager's API through the NAT gateways.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components.base import Component

ROTATION_APPLICATION = (
    "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser"
)
"""AWS's template; its ARN is the same from every commercial Region (aws-cdk-lib
SecretRotationApplication.POSTGRES_ROTATION_SINGLE_USER)."""
ROTATION_VERSION = "1.1.671"
"""Pinned so a redeploy does not change the function under us (aws-cdk-lib's pin)."""
ROTATION_DAYS = 30
"""Our choice, inside PCI DSS v4.0 8.3.9 (passwords as the only factor change at least every 90 days)."""
PORT = 5432
HTTPS = 443


@dataclass(frozen=True)
class PasswordRotationProps:
    identifier: str
    """The database's identifier; names the function (Lambda: at most 64 characters)."""
    secret_arn: pulumi.Input[str]
    key_arn: pulumi.Input[str]
    region: str
    vpc_id: pulumi.Input[str]
    subnet_ids: pulumi.Input[Sequence[str]]
    db_security_group_id: pulumi.Input[str]
    tags: Mapping[str, str]
    rotate_immediately: bool = True
    """False for a secret whose database user an operator creates after deploying (a cross-cloud
    path's replication user): the first rotation then runs after the interval, not at creation."""


class PasswordRotation(Component):
    def __init__(self, name: str, props: PasswordRotationProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("rotation", name, opts)
        tags = {**props.tags, "Name": f"{props.identifier}-rotation"}
        self.security_group = aws.ec2.SecurityGroup(
            f"{name}-rotation",
            vpc_id=props.vpc_id,
            description=f"{props.identifier} password rotation: PostgreSQL and Secrets Manager only",
            tags=tags,
            opts=self.child(),
        )
        aws.vpc.SecurityGroupEgressRule(
            f"{name}-rotation-https-out",
            security_group_id=self.security_group.id,
            cidr_ipv4="0.0.0.0/0",
            ip_protocol="tcp",
            from_port=HTTPS,
            to_port=HTTPS,
            description="Secrets Manager API through NAT",
            tags=tags,
            opts=self.child(),
        )
        aws.vpc.SecurityGroupEgressRule(
            f"{name}-rotation-to-db",
            security_group_id=self.security_group.id,
            referenced_security_group_id=props.db_security_group_id,
            ip_protocol="tcp",
            from_port=PORT,
            to_port=PORT,
            description="PostgreSQL to the database whose password it rotates",
            tags=tags,
            opts=self.child(),
        )
        aws.vpc.SecurityGroupIngressRule(
            f"{name}-db-from-rotation",
            security_group_id=props.db_security_group_id,
            referenced_security_group_id=self.security_group.id,
            ip_protocol="tcp",
            from_port=PORT,
            to_port=PORT,
            description="PostgreSQL from the password rotation function",
            tags=tags,
            opts=self.child(),
        )
        self.function = aws.serverlessrepository.CloudFormationStack(
            f"{name}-rotation",
            application_id=ROTATION_APPLICATION,
            semantic_version=ROTATION_VERSION,
            capabilities=["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
            parameters={
                "endpoint": f"https://secretsmanager.{props.region}.amazonaws.com",
                "functionName": f"{props.identifier}-rotation",
                "kmsKeyArn": props.key_arn,
                "vpcSubnetIds": pulumi.Output.from_input(props.subnet_ids).apply(",".join),
                "vpcSecurityGroupIds": self.security_group.id,
            },
            tags=tags,
            opts=self.child(),
        )
        self.rotation = aws.secretsmanager.SecretRotation(
            f"{name}-rotation",
            secret_id=props.secret_arn,
            rotation_lambda_arn=self.function.outputs.apply(lambda o: o["RotationLambdaARN"]),
            rotation_rules=aws.secretsmanager.SecretRotationRotationRulesArgs(
                automatically_after_days=ROTATION_DAYS
            ),
            **_first_rotation(props.rotate_immediately),
            opts=self.child(),
        )
        self.register_outputs({})


def _first_rotation(immediately: bool) -> dict[str, Any]:
    """SecretRotation's `rotate_immediately` is left to its default (true) unless it must wait."""
    return {} if immediately else {"rotate_immediately": False}
