"""The site's data key: a KMS multi-region key in prod, its replica in dr.

A multi-region key lets the same key material decrypt in both regions, so replicated objects,
copied backups and global tables stay readable after a failover without re-encryption.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.aws import iam
from components.base import Component

# KMS: 7-30 days; the longest window gives the most time to cancel a mistaken deletion.
DELETION_WINDOW_DAYS = 30


def key_policy(account_id: pulumi.Input[str], region: str) -> pulumi.Output[str]:
    """Account admins manage the key; AWS services that encrypt our data may use it, only here."""
    part = iam.partition(region)
    use = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    return pulumi.Output.from_input(account_id).apply(
        lambda account: iam.document(
            {
                "Sid": "AccountAdministers",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{part}:iam::{account}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "CloudWatchLogsEncrypts",
                "Effect": "Allow",
                "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                "Action": use,
                "Resource": "*",
                "Condition": {
                    "ArnLike": {"kms:EncryptionContext:aws:logs:arn": f"arn:{part}:logs:{region}:{account}:*"}
                },
            },
            {
                "Sid": "AlarmAndEventServicesPublishToEncryptedTopic",
                "Effect": "Allow",
                "Principal": {
                    "Service": [
                        "cloudwatch.amazonaws.com",
                        "events.amazonaws.com",
                        "backup.amazonaws.com",
                    ]
                },
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": account}},
            },
        )
    )


@dataclass(frozen=True)
class SiteKeyProps:
    region: str
    account_id: pulumi.Input[str]
    tags: Mapping[str, str]
    alias: str
    primary_key_arn: pulumi.Input[str] | None = None
    """Set in dr: the prod key this site's key replicates."""
    outside_provider_region: bool = False
    """The key lives in `region`, not the stack provider's (provider v7 per-resource region)."""
    protect: bool = True
    """Pulumi `protect`: a destroy or a replacing change stops instead of scheduling deletion."""


class SiteKey(Component):
    def __init__(self, name: str, props: SiteKeyProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("keys", name, opts)
        policy = key_policy(props.account_id, props.region)
        region = props.region if props.outside_provider_region else None
        tags = {**props.tags, "Name": name}
        self.key: aws.kms.Key | aws.kms.ReplicaKey
        if props.primary_key_arn is None:
            self.key = aws.kms.Key(
                f"{name}-key",
                description=f"{props.alias}: data at rest, multi-region primary",
                multi_region=True,
                enable_key_rotation=True,
                deletion_window_in_days=DELETION_WINDOW_DAYS,
                policy=policy,
                tags=tags,
                region=region,
                opts=self.child(protect=props.protect),
            )
        else:
            self.key = aws.kms.ReplicaKey(
                f"{name}-key",
                description=f"{props.alias}: data at rest, replica of the prod key",
                primary_key_arn=props.primary_key_arn,
                deletion_window_in_days=DELETION_WINDOW_DAYS,
                policy=policy,
                tags=tags,
                region=region,
                opts=self.child(protect=props.protect),
            )
        self.alias = aws.kms.Alias(
            f"{name}-alias",
            name=f"alias/{props.alias}",
            target_key_id=self.key.key_id,
            region=region,
            opts=self.child(),
        )
        self.arn: pulumi.Output[str] = self.key.arn
        self.register_outputs({"arn": self.arn})
