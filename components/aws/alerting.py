"""The site's alert topic: encrypted, TLS-only, publishable only by our account's alarm services."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.aws import iam
from components.base import Component

PUBLISHERS = ["cloudwatch.amazonaws.com", "events.amazonaws.com", "backup.amazonaws.com"]


@dataclass(frozen=True)
class AlertTopicProps:
    key_arn: pulumi.Input[str]
    account_id: pulumi.Input[str]
    emails: Sequence[str]
    https_endpoints: Sequence[str]
    tags: Mapping[str, str]
    region: str | None = None
    """Set when the topic lives outside the stack provider's region."""


class AlertTopic(Component):
    def __init__(self, name: str, props: AlertTopicProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("alerting", name, opts)
        self.topic = aws.sns.Topic(
            f"{name}-topic",
            kms_master_key_id=props.key_arn,
            tags={**props.tags, "Name": name},
            region=props.region,
            opts=self.child(),
        )
        self.policy = aws.sns.TopicPolicy(
            f"{name}-policy",
            arn=self.topic.arn,
            policy=pulumi.Output.all(self.topic.arn, props.account_id).apply(
                lambda a: iam.document(
                    {
                        "Sid": "AlarmServicesPublish",
                        "Effect": "Allow",
                        "Principal": {"Service": PUBLISHERS},
                        "Action": "sns:Publish",
                        "Resource": a[0],
                        "Condition": {"StringEquals": {"aws:SourceAccount": a[1]}},
                    },
                    {
                        "Sid": "DenyInsecureTransport",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "sns:Publish",
                        "Resource": a[0],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    },
                )
            ),
            region=props.region,
            opts=self.child(),
        )
        self.subscriptions = [
            aws.sns.TopicSubscription(
                f"{name}-{protocol}-{i}",
                topic=self.topic.arn,
                protocol=protocol,
                endpoint=endpoint,
                region=props.region,
                opts=self.child(),
            )
            for protocol, endpoints in (("email", props.emails), ("https", props.https_endpoints))
            for i, endpoint in enumerate(endpoints)
        ]
        self.arn: pulumi.Output[str] = self.topic.arn
        self.register_outputs({"arn": self.arn})
