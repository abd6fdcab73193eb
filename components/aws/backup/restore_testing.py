"""Restore tests in dr: restore the latest copies in the dr vault on a schedule (AWS Backup guide,
"Restore testing"), so a restore that would fail in a disaster fails on a Tuesday instead."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

import pulumi
import pulumi_aws as aws

from clouds.aws import cron_for
from components.base import Component

# Restore testing plan and selection names: 1-50 characters, letters, digits and '_' only.
_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_]")
START_WINDOW_HOURS = 24
VALIDATION_WINDOW_HOURS = 24


def restore_test_name(*parts: str) -> str:
    return _NOT_ALLOWED.sub("_", "_".join(parts))[:50]


@dataclass(frozen=True)
class Protected:
    resource_type: str
    arns: Sequence[pulumi.Input[str]]
    overrides: Mapping[str, pulumi.Input[str]] | None = None
    """Restore metadata overrides, e.g. the DB subnet group (no default VPC is assumed)."""
    tags: Mapping[str, str] | None = None
    """Select by the protected resources' tags instead (with `arns` = ["*"]: AWS Backup takes a
    wildcard plus conditions, or up to 30 ARNs; RestoreTestingSelectionForCreate)."""


@dataclass(frozen=True)
class RestoreTestingProps:
    service: str
    every: timedelta
    vault_arn: pulumi.Input[str]
    role_arn: pulumi.Input[str]
    protected: Sequence[Protected]
    tags: Mapping[str, str]


class RestoreTesting(Component):
    def __init__(self, name: str, props: RestoreTestingProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("backup", name, opts)
        schedule = cron_for(props.every)
        if schedule is None:  # pragma: no cover - config rejects it (services.schedules)
            raise ValueError(f"no cron for restore tests every {props.every}")
        plan_name = restore_test_name(props.service, "restore_test")
        self.plan = aws.backup.RestoreTestingPlan(
            f"{name}-plan",
            name=plan_name,
            schedule_expression=schedule,
            start_window_hours=START_WINDOW_HOURS,
            recovery_point_selection=aws.backup.RestoreTestingPlanRecoveryPointSelectionArgs(
                algorithm="LATEST_WITHIN_WINDOW",
                include_vaults=[props.vault_arn],
                recovery_point_types=["SNAPSHOT"],
                selection_window_days=max(1, min(365, props.every.days)),
            ),
            tags={**props.tags, "Name": plan_name},
            opts=self.child(),
        )
        self.selections = [
            aws.backup.RestoreTestingSelection(
                f"{name}-{p.resource_type.lower()}",
                name=restore_test_name(props.service, p.resource_type),
                restore_testing_plan_name=self.plan.name,
                protected_resource_type=p.resource_type,
                protected_resource_arns=list(p.arns),
                iam_role_arn=props.role_arn,
                restore_metadata_overrides=dict(p.overrides) if p.overrides else None,
                protected_resource_conditions=aws.backup.RestoreTestingSelectionProtectedResourceConditionsArgs(
                    string_equals=[
                        # Condition keys must start with aws:ResourceTag/ (AWS Backup API, KeyValue).
                        aws.backup.RestoreTestingSelectionProtectedResourceConditionsStringEqualArgs(
                            key=f"aws:ResourceTag/{key}", value=value
                        )
                        for key, value in p.tags.items()
                    ]
                )
                if p.tags
                else None,
                validation_window_hours=VALIDATION_WINDOW_HOURS,
                opts=self.child(),
            )
            for p in props.protected
            if p.arns
        ]
        self.plan_name: pulumi.Output[str] = self.plan.name
        self.register_outputs({"plan": self.plan_name})
