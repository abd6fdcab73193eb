"""What a service's backup plan covers: every data store by ARN, VM volumes by tag."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi
import pulumi_aws as aws


def selections(
    name: str,
    service: str,
    plan_id: pulumi.Input[str],
    role_arn: pulumi.Input[str],
    resource_arns: Sequence[pulumi.Input[str]],
    volumes: bool,
    opts: pulumi.ResourceOptions,
    label: str | None = None,
) -> list[aws.backup.Selection]:
    """Selections named `<label>-stores|volumes` (label defaults to the service's name)."""
    label = label or service
    out = []
    if resource_arns:
        out.append(
            aws.backup.Selection(
                f"{name}-stores",
                name=f"{label}-stores",
                plan_id=plan_id,
                iam_role_arn=role_arn,
                resources=list(resource_arns),
                opts=opts,
            )
        )
    if volumes:
        # VM volumes are created by the compute (tagged with the service); select them by tag.
        out.append(
            aws.backup.Selection(
                f"{name}-volumes",
                name=f"{label}-volumes",
                plan_id=plan_id,
                iam_role_arn=role_arn,
                resources=["arn:aws:ec2:*:*:volume/*"],
                # `conditions` AND the resource pattern (`selection_tags` would OR them).
                conditions=[
                    aws.backup.SelectionConditionArgs(
                        string_equals=[
                            aws.backup.SelectionConditionStringEqualArgs(
                                key="aws:ResourceTag/service", value=service
                            )
                        ]
                    )
                ],
                opts=opts,
            )
        )
    return out
