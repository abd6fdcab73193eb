"""AWS implementation of `SiteFoundation`: key, network and alert topic of one site."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.aws.alerting import AlertTopic, AlertTopicProps
from components.aws.buckets import HardenedBucket, HardenedBucketProps, Statement, StatementsFor
from components.aws.health_check import (
    HEALTH_METRICS_REGION,
    HealthAlarmForwarding,
    HealthAlarmForwardingProps,
)
from components.aws.keys import SiteKey, SiteKeyProps
from components.aws.network import Network, NetworkProps
from components.base import Component
from components.foundation import FoundationProps


class AwsFoundation(Component):
    def __init__(self, name: str, props: FoundationProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("foundation", name, opts)
        site = props.site
        account_id: pulumi.Input[str] = (
            site.account_id
            or aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(parent=self)).account_id
        )
        self.key = SiteKey(
            f"{name}-data",
            SiteKeyProps(
                region=site.region,
                account_id=account_id,
                tags=props.tags,
                alias=f"{name}-data",
                primary_key_arn=props.primary_key_id,
                protect=props.protect,
            ),
            self.child(),
        )
        self.network = Network(
            name,
            NetworkProps(
                cidr=site.cidr,
                zones=site.zones,
                nat_per_zone=props.nat_per_zone,
                key_arn=self.key.arn,
                account_id=account_id,
                region=site.region,
                log_retention_days=props.log_retention_days,
                tags=props.tags,
                vpn_gateway=props.site_to_site and props.role == "primary",
            ),
            self.child(),
        )
        self.alerts = AlertTopic(
            f"{name}-alerts",
            AlertTopicProps(
                key_arn=self.key.arn,
                account_id=account_id,
                emails=props.alerts.emails,
                https_endpoints=props.alerts.https_endpoints,
                tags=props.tags,
            ),
            self.child(),
        )
        self.logs = HardenedBucket(
            f"{name}-logs",
            HardenedBucketProps(
                tags=props.tags,
                kms_key_arn=None,  # ELB and S3 access-log delivery accept SSE-S3 only
                extra_statements=log_delivery_statements(
                    account_id,
                    aws.elb.get_service_account_output(opts=pulumi.InvokeOutputOptions(parent=self)).arn,
                ),
                lifecycle_rules=[
                    aws.s3.BucketLifecycleConfigurationRuleArgs(
                        id="expire-logs",
                        status="Enabled",
                        filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
                        expiration=aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(
                            days=props.log_retention_days
                        ),
                    )
                ],
                protect=props.protect,
            ),
            self.child(),
        )
        self.global_alert_topic_id = self._global_alerts(name, props, account_id)
        self.account_id = pulumi.Output.from_input(account_id)
        self.network_id = self.network.vpc_id
        self.public_subnet_ids = self.network.public_subnet_ids
        self.private_subnet_ids = self.network.private_subnet_ids
        self.key_id = self.key.arn
        self.alert_topic_id = self.alerts.arn
        # Resolves once the bucket policy is in place: ELB checks it can write when access logs
        # are turned on, so load balancers must wait for the policy, not just the bucket.
        self.log_bucket_id = pulumi.Output.all(self.logs.id, self.logs.policy.id).apply(lambda a: a[0])
        self.vpn_gateway_id: pulumi.Output[str] | None = self.network.vpn_gateway_id
        self.register_outputs({"keyId": self.key_id, "alertTopicId": self.alert_topic_id})

    def _global_alerts(
        self, name: str, props: FoundationProps, account_id: pulumi.Input[str]
    ) -> pulumi.Input[str] | None:
        """The dr site raises the Route 53 health-check alarms, in us-east-1; an alarm notifies a
        topic of its own region only. Use a site's topic there; else this site's own topic, reached
        through EventBridge (the alarms then have no actions of their own): no topic, key or
        subscriber address is kept in us-east-1, so an all-EU pair keeps its data in the EU."""
        if props.site.region == HEALTH_METRICS_REGION:
            return self.alerts.arn
        if props.role == "primary":
            if props.peer.cloud == props.site.cloud:
                return None
            # A recovery site on another cloud declares the Route 53 health checks and their
            # alarms through its AWS provider and notifies this (prod's) topic: forward them here.
        elif props.peer.region == HEALTH_METRICS_REGION:
            return props.primary_alert_topic_id
        self.health_alarm_forwarding = HealthAlarmForwarding(
            name,
            HealthAlarmForwardingProps(
                region=props.site.region,
                account_id=account_id,
                topic_arn=self.alerts.arn,
                tags=props.tags,
            ),
            self.child(),
        )
        return self.alerts.arn


def log_delivery_statements(
    account_id: pulumi.Input[str], elb_account_arn: pulumi.Input[str]
) -> StatementsFor:
    """Who may write logs: S3 server access logging and ELB access logs, for our account only.

    ELB in regions opened before 2022 writes as a regional ELB account; newer regions use the
    logdelivery service principal (ELB guide, "Enable access logs"); both are allowed.
    """

    def statements(bucket_arn: pulumi.Output[str]) -> pulumi.Output[list[Statement]]:
        return pulumi.Output.all(bucket_arn, account_id, elb_account_arn).apply(
            lambda a: [
                {
                    "Sid": "S3ServerAccessLogs",
                    "Effect": "Allow",
                    "Principal": {"Service": "logging.s3.amazonaws.com"},
                    "Action": "s3:PutObject",
                    "Resource": f"{a[0]}/s3/*",
                    "Condition": {"StringEquals": {"aws:SourceAccount": a[1]}},
                },
                {
                    "Sid": "LoadBalancerAccessLogs",
                    "Effect": "Allow",
                    "Principal": {
                        "Service": "logdelivery.elasticloadbalancing.amazonaws.com",
                        "AWS": a[2],
                    },
                    "Action": "s3:PutObject",
                    "Resource": f"{a[0]}/alb/AWSLogs/{a[1]}/*",
                },
            ]
        )

    return statements


def provider(name: str, region: str, account_id: str | None) -> aws.Provider:
    """The stack's one AWS provider; resources in the peer region set `region=` (provider v7)."""
    return aws.Provider(
        name,
        region=region,
        allowed_account_ids=[account_id] if account_id else None,
    )
