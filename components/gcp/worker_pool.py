"""A `containers` worker (compute with no endpoint, e.g. a queue consumer) on a Cloud Run worker
pool: long-lived instances that pull their work, with no URL, no ingress and no load balancer, on
the shared network for its databases.

Why a worker pool (checked 2026 with the search tool): a Cloud Run *service* is request-driven
and scales on requests, which a worker never receives; worker pools ("Deploy worker pools to
Cloud Run"; the GA `gcloud run worker-pools` group) are Cloud Run's resource for pull-based
background work, and pulumi-gcp 10.2 has them (`cloudrunv2.WorkerPool`). A managed instance group
of container-optimised VMs would autoscale, but brings VMs to patch for what is a container.

Scaling ("Manual scaling for worker pools"): a pool runs exactly `manualInstanceCount` instances;
0 stops it. prod runs `desiredCount`, dr its strategy's standby count. Only the manual count is
set: the GA API's WorkerPoolScaling carries nothing else (the client libraries' message has only
`manualInstanceCount`), and the provider's `scalingMode`/min/max fields are reported not to match
the API (hashicorp/terraform-provider-google#26525); Google's newer CPU autoscaling of worker
pools is not used. So the pool has no ceiling above its count: its CPU alert says when it falls
behind, and dr's `scaleUpCommand` (the one command raising the pool to prod's count) is output
whenever dr keeps fewer than prod: pilot light (0) and warm standby alike, where AWS's target
tracking would scale a warm standby up by itself.

Limits: a worker pool's name is a DNS label like a service's (the same <= 49 characters the
name tests hold it to); CPU 1, 2, 4, 6 or 8 vCPUs with the same memory ranges as services
("Configure CPU limits for worker pools"), which config.gcp already requires of containers.
"""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.failover import ComputeProps
from components.gcp.containers import resources
from components.gcp.labels import labels
from config.models import Containers


class CloudRunWorkerPool(Component):
    def __init__(self, name: str, props: ComputeProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("containers", name, opts)
        compute = props.compute
        if not isinstance(compute, Containers):
            raise TypeError("CloudRunWorkerPool runs containers")
        tags = labels(props.tags)
        self.identity = gcp.serviceaccount.Account(
            f"{name}-run",
            account_id=f"{props.name}-run",
            display_name=f"Cloud Run worker pool {props.name}",
            opts=self.child(),
        )
        subnets = pulumi.Output.from_input(props.private_subnet_ids)
        self.pool = gcp.cloudrunv2.WorkerPool(
            name,
            name=props.name,
            location=props.region,
            deletion_protection=False,  # stateless, rebuilt from code (the provider defaults to true)
            labels=tags,
            scaling=gcp.cloudrunv2.WorkerPoolScalingArgs(manual_instance_count=props.min_count),
            template=gcp.cloudrunv2.WorkerPoolTemplateArgs(
                service_account=self.identity.email,
                labels=tags,
                # Direct VPC egress into the site's `run` subnetwork, private ranges only, as the
                # site's Cloud Run services: it reaches Cloud SQL's private IPs; no ingress at all.
                vpc_access=gcp.cloudrunv2.WorkerPoolTemplateVpcAccessArgs(
                    egress="PRIVATE_RANGES_ONLY",
                    network_interfaces=[
                        gcp.cloudrunv2.WorkerPoolTemplateVpcAccessNetworkInterfaceArgs(
                            network=props.network_id, subnetwork=subnets.apply(lambda s: s[1])
                        )
                    ],
                ),
                containers=[
                    gcp.cloudrunv2.WorkerPoolTemplateContainerArgs(
                        image=compute.image,
                        resources=gcp.cloudrunv2.WorkerPoolTemplateContainerResourcesArgs(
                            limits=resources(compute)
                        ),
                    )
                ],
            ),
            opts=self.child(),
        )
        self.compute_security_group_id: pulumi.Output[str] = self.identity.email
        """No security groups on GCP: the pool's identity is what grants it access."""
        self.identifiers: pulumi.Output[dict[str, str]] = self.pool.name.apply(
            lambda n: {"kind": "containers", "workerPool": n, "region": props.region}
        )
        self.scale_up_command: pulumi.Output[str] | None = None
        if props.min_count < props.failover_count:
            self.scale_up_command = self.pool.name.apply(
                lambda n: (
                    f"gcloud run worker-pools update {n} --region={props.region} "
                    f"--scaling={props.failover_count}"
                )
            )
        self.register_outputs({"workerPool": self.pool.name})
