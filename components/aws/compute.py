"""What ECS and VM compute share: the per-service app security group, and its one way in (none
for a worker, which has no load balancer)."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.failover import ComputeProps

HTTPS = 443


def app_security_group(name: str, props: ComputeProps, parent: pulumi.Resource) -> aws.ec2.SecurityGroup:
    """Admits only the service's load balancer on the app port; the LB may only reach that port.
    A worker (no load balancer) admits nothing.

    Egress is HTTPS to anywhere (through NAT): image pulls, AWS APIs. Data stores add their own
    rules that admit this group (the data-protection side).
    """
    opts = pulumi.ResourceOptions(parent=parent)
    port = props.compute.port
    tags = {**props.tags, "Name": f"{props.name}-app"}
    lb_group = props.lb_security_group_id
    group = aws.ec2.SecurityGroup(
        f"{name}-app",
        vpc_id=props.network_id,
        description=(
            f"{props.name} compute: app port {port} from its load balancer only"
            if lb_group is not None
            else f"{props.name} worker: no inbound traffic"
        ),
        tags=tags,
        opts=opts,
    )
    aws.vpc.SecurityGroupEgressRule(
        f"{name}-app-https-out",
        security_group_id=group.id,
        cidr_ipv4="0.0.0.0/0",
        ip_protocol="tcp",
        from_port=HTTPS,
        to_port=HTTPS,
        description="image pulls and AWS APIs through NAT",
        tags=tags,
        opts=opts,
    )
    if lb_group is None:
        return group
    aws.vpc.SecurityGroupIngressRule(
        f"{name}-app-from-lb",
        security_group_id=group.id,
        referenced_security_group_id=lb_group,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        description="app traffic from the service's load balancer",
        tags=tags,
        opts=opts,
    )
    aws.vpc.SecurityGroupEgressRule(
        f"{name}-lb-to-app",
        security_group_id=lb_group,
        referenced_security_group_id=group.id,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        description="load balancer to the app port (targets and their health checks)",
        tags=tags,
        opts=opts,
    )
    return group
