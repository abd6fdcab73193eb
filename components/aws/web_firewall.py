"""A web application firewall in front of a public load balancer (pci and pii services).

AWS WAFv2, regional: AWS managed rule groups for the common OWASP classes, known bad inputs and
SQL injection, a per-IP rate limit, and full request logs to a CloudWatch Logs group encrypted with
the site key and kept as long as the service's audit logs (PCI DSS 6.4.2, 10.5.1).

WAF writes to the group through the account's log resource policy `AWSWAF-LOGS`, which it creates
or extends itself (WAF API, LoggingConfiguration). That policy grows with every web ACL of the
account and region; an account with many more ACLs than this program's should manage its own
(pulumi-aws WebAclLoggingConfiguration docs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.base import Component

MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
)
"""AWS WAF Developer Guide, "AWS Managed Rules rule groups list" (vendor AWS)."""
RATE_LIMIT = 2000
"""Requests per client IP in RATE_WINDOW_SECONDS before it is blocked (our choice; WAF accepts
10-2,000,000,000, WAF API RateBasedStatement)."""
RATE_WINDOW_SECONDS = 300
LOG_GROUP_PREFIX = "aws-waf-logs-"
"""WAF logs only to destinations whose name starts with this (WAF API, LoggingConfiguration)."""
REDACTED_HEADERS = ("authorization", "cookie")
"""Credentials and session tokens stay out of the logs (they are not audit data)."""


@dataclass(frozen=True)
class WebFirewallProps:
    name: str
    load_balancer_arn: pulumi.Input[str]
    key_id: pulumi.Input[str]
    log_retention_days: int
    tags: Mapping[str, str]


def _visibility(metric: str) -> aws.wafv2.WebAclRuleVisibilityConfigArgs:
    return aws.wafv2.WebAclRuleVisibilityConfigArgs(
        cloudwatch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
    )


class WebFirewall(Component):
    def __init__(self, name: str, props: WebFirewallProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("web_firewall", name, opts)
        tags = {**props.tags, "Name": f"{props.name}-waf"}
        rules = [
            aws.wafv2.WebAclRuleArgs(
                name="rate-limit",
                priority=0,
                action=aws.wafv2.WebAclRuleActionArgs(block=aws.wafv2.WebAclRuleActionBlockArgs()),
                statement=aws.wafv2.WebAclRuleStatementArgs(
                    rate_based_statement=aws.wafv2.WebAclRuleStatementRateBasedStatementArgs(
                        limit=RATE_LIMIT, aggregate_key_type="IP", evaluation_window_sec=RATE_WINDOW_SECONDS
                    )
                ),
                visibility_config=_visibility(f"{props.name}-rate-limit"),
            ),
            *(
                aws.wafv2.WebAclRuleArgs(
                    name=group,
                    priority=priority,
                    override_action=aws.wafv2.WebAclRuleOverrideActionArgs(
                        none=aws.wafv2.WebAclRuleOverrideActionNoneArgs()
                    ),
                    statement=aws.wafv2.WebAclRuleStatementArgs(
                        managed_rule_group_statement=aws.wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs(
                            name=group, vendor_name="AWS"
                        )
                    ),
                    visibility_config=_visibility(f"{props.name}-{group}"),
                )
                for priority, group in enumerate(MANAGED_RULE_GROUPS, start=1)
            ),
        ]
        self.acl = aws.wafv2.WebAcl(
            f"{name}-waf",
            scope="REGIONAL",
            description=f"{props.name}: managed rules (common, known bad inputs, SQLi) and a rate limit",
            default_action=aws.wafv2.WebAclDefaultActionArgs(allow=aws.wafv2.WebAclDefaultActionAllowArgs()),
            rules=rules,
            visibility_config=aws.wafv2.WebAclVisibilityConfigArgs(
                cloudwatch_metrics_enabled=True,
                metric_name=f"{props.name}-waf",
                sampled_requests_enabled=True,
            ),
            tags=tags,
            opts=self.child(),
        )
        self.association = aws.wafv2.WebAclAssociation(
            f"{name}-waf",
            resource_arn=props.load_balancer_arn,
            web_acl_arn=self.acl.arn,
            opts=self.child(),
        )
        self.log_group = aws.cloudwatch.LogGroup(
            f"{name}-waf-logs",
            name=f"{LOG_GROUP_PREFIX}{props.name}",
            retention_in_days=props.log_retention_days,
            kms_key_id=props.key_id,
            tags={**tags, "Name": f"{LOG_GROUP_PREFIX}{props.name}"},
            opts=self.child(),
        )
        self.logging = aws.wafv2.WebAclLoggingConfiguration(
            f"{name}-waf",
            resource_arn=self.acl.arn,
            log_destination_configs=[self.log_group.arn],
            redacted_fields=[
                aws.wafv2.WebAclLoggingConfigurationRedactedFieldArgs(
                    single_header=aws.wafv2.WebAclLoggingConfigurationRedactedFieldSingleHeaderArgs(name=h)
                )
                for h in REDACTED_HEADERS
            ],
            opts=self.child(),
        )
        self.register_outputs({"webAclArn": self.acl.arn})
