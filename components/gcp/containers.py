"""A `containers` service on Cloud Run: reachable only through the site's load balancer, on the
shared network for its databases, scaled between the strategy's floor and the surge ceiling.

prod runs `desiredCount` instances at least; dr runs the strategy's standby count (0 for pilot
light: the failover runbook's `scaleUpCommand` raises the floor to prod's count, since nothing
scales a service that receives no traffic up from zero in time).
"""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.failover import ComputeProps
from components.gcp.labels import labels
from config.models import Containers

FARGATE_UNITS_PER_VCPU = 1024
# Cloud Run: requests reach the service only from the load balancer (ingress), which also
# authenticates nothing, so the invoker IAM check is off and the ingress setting is the gate
# (Cloud Run "Disable the invoker IAM check": ingress internal-and-cloud-load-balancing).
INGRESS = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"


def resources(compute: Containers) -> dict[str, str]:
    """Cloud Run limits from the catalog's sizes (config.gcp checks they are Cloud Run's)."""
    return {"cpu": str(compute.cpu // FARGATE_UNITS_PER_VCPU), "memory": f"{compute.memory}Mi"}


class CloudRunService(Component):
    def __init__(self, name: str, props: ComputeProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("containers", name, opts)
        compute = props.compute
        if not isinstance(compute, Containers):
            raise TypeError("CloudRunService runs containers")
        tags = labels(props.tags)
        self.identity = gcp.serviceaccount.Account(
            f"{name}-run",
            account_id=f"{props.name}-run",
            display_name=f"Cloud Run service {props.name}",
            opts=self.child(),
        )
        subnets = pulumi.Output.from_input(props.private_subnet_ids)
        self.service = gcp.cloudrunv2.Service(
            name,
            name=props.name,  # the load balancer's serverless NEG names this service
            location=props.region,
            ingress=INGRESS,
            invoker_iam_disabled=True,
            deletion_protection=False,  # stateless, rebuilt from code (the provider defaults to true)
            labels=tags,
            template=gcp.cloudrunv2.ServiceTemplateArgs(
                service_account=self.identity.email,
                labels=tags,
                scaling=gcp.cloudrunv2.ServiceTemplateScalingArgs(
                    min_instance_count=props.min_count, max_instance_count=props.max_count
                ),
                # Direct VPC egress into the site's `run` subnetwork, private ranges only: the
                # service reaches Cloud SQL's private IPs, the internet through nothing.
                vpc_access=gcp.cloudrunv2.ServiceTemplateVpcAccessArgs(
                    egress="PRIVATE_RANGES_ONLY",
                    network_interfaces=[
                        gcp.cloudrunv2.ServiceTemplateVpcAccessNetworkInterfaceArgs(
                            network=props.network_id, subnetwork=subnets.apply(lambda s: s[1])
                        )
                    ],
                ),
                containers=[
                    gcp.cloudrunv2.ServiceTemplateContainerArgs(
                        image=compute.image,
                        ports=gcp.cloudrunv2.ServiceTemplateContainerPortsArgs(container_port=compute.port),
                        resources=gcp.cloudrunv2.ServiceTemplateContainerResourcesArgs(
                            limits=resources(compute), cpu_idle=False, startup_cpu_boost=True
                        ),
                    )
                ],
            ),
            opts=self.child(depends_on=list(props.ready)),
        )
        self.compute_security_group_id: pulumi.Output[str] = self.identity.email
        """No security groups on GCP: the service's identity is what grants it access."""
        self.identifiers: pulumi.Output[dict[str, str]] = self.service.name.apply(
            lambda n: {"kind": "containers", "service": n, "region": props.region}
        )
        self.scale_up_command: pulumi.Output[str] | None = None
        if props.scale_up_step:
            self.scale_up_command = self.service.name.apply(
                lambda n: (
                    f"gcloud run services update {n} --region={props.region} "
                    f"--min-instances={props.failover_count}"
                )
            )
        self.register_outputs({"service": self.service.name})
