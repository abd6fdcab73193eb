"""The site's notification channels: one per configured email and HTTPS endpoint.

Cloud Monitoring alert policies notify a list of channels, not a topic. The site's "alert
topic" (SiteFoundation.alert_topic_id, the `alertTopicArn` output) is therefore the channels'
resource names joined by commas; `channel_list` splits it back for each alert policy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.gcp.labels import labels

SEPARATOR = ","


def channel_list(alert_topic_id: pulumi.Input[str]) -> pulumi.Output[list[str]]:
    return pulumi.Output.from_input(alert_topic_id).apply(lambda s: [c for c in s.split(SEPARATOR) if c])


@dataclass(frozen=True)
class AlertChannelsProps:
    emails: Sequence[str]
    https_endpoints: Sequence[str]
    tags: Mapping[str, str]


class AlertChannels(Component):
    def __init__(self, name: str, props: AlertChannelsProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("alerting", name, opts)
        self.channels = [
            gcp.monitoring.NotificationChannel(
                f"{name}-email-{i}",
                type="email",
                display_name=f"{name}: {email}",
                labels={"email_address": email},
                user_labels=labels(props.tags),
                opts=self.child(),
            )
            for i, email in enumerate(props.emails)
        ]
        # Webhooks with token authentication: the URL carries the receiver's token (Cloud
        # Monitoring "Create notification channels": webhook_tokenauth).
        self.channels += [
            gcp.monitoring.NotificationChannel(
                f"{name}-webhook-{i}",
                type="webhook_tokenauth",
                display_name=f"{name}: webhook {i}",
                labels={"url": url},
                user_labels=labels(props.tags),
                opts=self.child(),
            )
            for i, url in enumerate(props.https_endpoints)
        ]
        self.id: pulumi.Output[str] = pulumi.Output.all(*(c.name for c in self.channels)).apply(
            lambda names: SEPARATOR.join(str(n) for n in names)
        )
        self.register_outputs({"channels": self.id})
