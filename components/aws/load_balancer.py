"""One service's application load balancer in one site: TLS only, logged, health-checked.

Per service rather than shared with host rules: a service's failover, deletion protection and
capacity alarms stay its own, and one service's listener change cannot take another's endpoint.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from components.aws.certificate import DnsValidatedCertificate
from components.aws.web_firewall import WebFirewall, WebFirewallProps
from components.base import Component
from components.failover import EndpointProps, ZoneRecord

# ELB guide, "Security policies for your Application Load Balancer": TLS 1.3 with TLS 1.2 fallback.
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
ANYWHERE = "0.0.0.0/0"
PUBLIC_PORTS = (443, 80)
"""What the internet may reach: HTTPS, and HTTP only to be redirected to HTTPS."""
MAINTENANCE_PAGE = (
    "<!doctype html><html><head><title>Back soon</title></head><body>"
    "<h1>We'll be back soon</h1><p>This service is being restored at our recovery site. "
    "Please try again later.</p></body></html>"
)
# ALB fixed-response message bodies are at most 1,024 characters (ELB guide, "Fixed-response actions").
assert len(MAINTENANCE_PAGE) <= 1024


class LoadBalancer(Component):
    def __init__(self, name: str, props: EndpointProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("load_balancer", name, opts)
        tags = {**props.tags, "Name": props.name}
        self.security_group = aws.ec2.SecurityGroup(
            f"{name}-lb",
            vpc_id=props.network_id,
            description=f"{props.name} load balancer: HTTPS (and HTTP redirect) from the internet",
            tags={**tags, "Name": f"{props.name}-lb"},
            opts=self.child(),
        )
        for port in PUBLIC_PORTS:
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-lb-in-{port}",
                security_group_id=self.security_group.id,
                ip_protocol="tcp",
                from_port=port,
                to_port=port,
                cidr_ipv4=ANYWHERE,
                description="HTTPS" if port == 443 else "HTTP, redirected to HTTPS",
                tags=tags,
                opts=self.child(),
            )
        self.certificate = DnsValidatedCertificate(
            f"{name}-cert", props.hostname, props.zone_id, props.tags, self.child()
        )
        self.load_balancer = aws.lb.LoadBalancer(
            name,
            name=props.name,
            load_balancer_type="application",
            internal=False,
            subnets=props.public_subnet_ids,  # one per AZ, three AZs (ALB needs >= 2)
            security_groups=[self.security_group.id],
            drop_invalid_header_fields=True,
            enable_deletion_protection=props.deletion_protection,
            access_logs=aws.lb.LoadBalancerAccessLogsArgs(
                bucket=props.log_bucket_id, prefix="alb", enabled=True
            ),
            tags=tags,
            opts=self.child(),
        )
        self.firewall: WebFirewall | None = None
        if props.web_firewall:
            if props.key_id is None:
                raise ValueError(f"{props.name}: a web firewall logs with the site key; pass key_id")
            self.firewall = WebFirewall(
                name,
                WebFirewallProps(
                    name=props.name,
                    load_balancer_arn=self.load_balancer.arn,
                    key_id=props.key_id,
                    log_retention_days=props.log_retention_days,
                    tags=props.tags,
                ),
                self.child(),
            )
        self.target_group: aws.lb.TargetGroup | None = None
        if props.app_port is not None:
            self.target_group = aws.lb.TargetGroup(
                f"{name}-tg",
                name=f"{props.name}-{props.app_port}",
                port=props.app_port,
                protocol="HTTP",  # TLS ends at the load balancer, inside the VPC from here
                vpc_id=props.network_id,
                # Fargate tasks (awsvpc) register by IP; VMs by instance id.
                target_type="ip" if props.compute_kind == "containers" else "instance",
                deregistration_delay=30,
                health_check=aws.lb.TargetGroupHealthCheckArgs(
                    enabled=True,
                    path=props.health_path,
                    port="traffic-port",
                    protocol="HTTP",
                    matcher="200-399",
                    interval=10,
                    timeout=5,
                    healthy_threshold=2,
                    unhealthy_threshold=3,
                ),
                tags=tags,
                opts=self.child(),
            )
            default = aws.lb.ListenerDefaultActionArgs(type="forward", target_group_arn=self.target_group.arn)
        else:
            default = aws.lb.ListenerDefaultActionArgs(
                type="fixed-response",
                fixed_response=aws.lb.ListenerDefaultActionFixedResponseArgs(
                    content_type="text/html", message_body=MAINTENANCE_PAGE, status_code="503"
                ),
            )
        self.https = aws.lb.Listener(
            f"{name}-https",
            load_balancer_arn=self.load_balancer.arn,
            port=443,
            protocol="HTTPS",
            ssl_policy=TLS_POLICY,
            certificate_arn=self.certificate.arn,
            default_actions=[default],
            tags=tags,
            opts=self.child(),
        )
        self.http = aws.lb.Listener(
            f"{name}-http",
            load_balancer_arn=self.load_balancer.arn,
            port=80,
            protocol="HTTP",
            default_actions=[
                aws.lb.ListenerDefaultActionArgs(
                    type="redirect",
                    redirect=aws.lb.ListenerDefaultActionRedirectArgs(
                        protocol="HTTPS", port="443", status_code="HTTP_301"
                    ),
                )
            ],
            tags=tags,
            opts=self.child(),
        )
        if props.app_port is None:
            # The maintenance site answers its health path with 200, so the SECONDARY record's
            # health check passes and Route 53 serves the page when prod is down (if both records
            # were unhealthy, Route 53 would keep answering with the dead PRIMARY).
            aws.lb.ListenerRule(
                f"{name}-maintenance-health",
                listener_arn=self.https.arn,
                priority=1,
                conditions=[
                    aws.lb.ListenerRuleConditionArgs(
                        path_pattern=aws.lb.ListenerRuleConditionPathPatternArgs(values=[props.health_path])
                    )
                ],
                actions=[
                    aws.lb.ListenerRuleActionArgs(
                        type="fixed-response",
                        fixed_response=aws.lb.ListenerRuleActionFixedResponseArgs(
                            content_type="text/plain", message_body="maintenance", status_code="200"
                        ),
                    )
                ],
                tags=tags,
                opts=self.child(),
            )
        self.dns_name: pulumi.Output[str] = self.load_balancer.dns_name
        self.zone_id: pulumi.Output[str] = self.load_balancer.zone_id
        self.security_group_id: pulumi.Output[str] = self.security_group.id
        self.target_group_id: pulumi.Output[str] | None = self.target_group.arn if self.target_group else None
        self.ready: Sequence[pulumi.Resource] = [self.https]
        tg_suffix = self.target_group.arn_suffix if self.target_group else pulumi.Output.from_input("")
        self.zone_records: Sequence[ZoneRecord] = ()  # ACM validation is written in Route 53 itself
        self.metric_dimensions: pulumi.Output[dict[str, str]] = pulumi.Output.all(
            self.load_balancer.arn_suffix, tg_suffix
        ).apply(lambda a: {"LoadBalancer": a[0], **({"TargetGroup": a[1]} if a[1] else {})})
        self.register_outputs({"dnsName": self.dns_name, "zoneId": self.zone_id})
