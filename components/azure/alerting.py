"""A site's action group: where every alert of the site goes (e-mail and HTTPS endpoints).

Constraints: `groupShortName` is at most 12 characters (it is shown in e-mails and SMS; ARM
rejects longer, mock-blind: tests/components/azure/test_names.py); action groups are global
resources (location "Global").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import monitor

from components.base import Component


@dataclass(frozen=True)
class ActionGroupProps:
    resource_group: pulumi.Input[str]
    name: str
    short_name: str
    emails: Sequence[str]
    https_endpoints: Sequence[str]
    tags: Mapping[str, str]


class AlertGroup(Component):
    def __init__(self, name: str, props: ActionGroupProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("alerting", name, opts)
        self.group = monitor.ActionGroup(
            name,
            action_group_name=props.name,
            resource_group_name=props.resource_group,
            location="Global",
            group_short_name=props.short_name,
            enabled=True,
            email_receivers=[
                monitor.MicrosoftCommonEmailReceiverArgs(
                    name=f"email-{i}", email_address=address, use_common_alert_schema=True
                )
                for i, address in enumerate(props.emails)
            ],
            webhook_receivers=[
                monitor.WebhookReceiverArgs(name=f"https-{i}", service_uri=uri, use_common_alert_schema=True)
                for i, uri in enumerate(props.https_endpoints)
            ],
            tags=dict(props.tags),
            opts=self.child(),
        )
        self.id: pulumi.Output[str] = self.group.id
        self.register_outputs({"id": self.id})
