"""A service's containers in one site: a Container App in the site's environment, behind the
service's application gateway; a worker's (no endpoint) has no ingress at all and scales on CPU.

prod runs `desiredCount` replicas; dr runs the strategy's standby count (0 for pilot light, with
the scale-up command in the outputs). Constraints (checked 2026): a container app's name is 2-32
lowercase characters; CPU and memory must be a consumption combination (0.25-4 vCPU, 2 GiB per
vCPU; the config boundary refuses others, clouds/azure.py); images must be linux/amd64; an
internal environment's apps are reached at `<app>.<default domain>` from inside the VNet only.

A worker ("Set scaling rules in Azure Container Apps", checked 2026): with ingress off nothing can
reach the app, and the HTTP rule has no requests to count, so it scales on the KEDA `cpu` scaler
(custom rule, `type: Utilization`), in single-revision mode as non-HTTP rules need. CPU cannot
scale an app up from zero replicas (no replica reports CPU): a pilot-light worker at 0 is raised by
the scale-up command, like every pilot light.
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import app

from clouds import azure_names as names
from clouds.azure_sizes import container_resources
from components.azure.container_env import CONSUMPTION
from components.azure.data import foundation_of
from components.base import Component
from components.failover import ComputeProps
from config.models import Containers

CONCURRENT_REQUESTS = "100"
"""Requests per replica before the HTTP rule adds one (Container Apps' default scale rule value)."""
WORKER_TARGET_CPU_PERCENT = "60"
"""Average CPU a worker's replicas are scaled to, as AWS workers track (our choice)."""


def _scale_rule(worker: bool) -> app.ScaleRuleArgs:
    if worker:
        return app.ScaleRuleArgs(
            name="cpu",
            custom=app.CustomScaleRuleArgs(
                type="cpu", metadata={"type": "Utilization", "value": WORKER_TARGET_CPU_PERCENT}
            ),
        )
    return app.ScaleRuleArgs(
        name="http", http=app.HttpScaleRuleArgs(metadata={"concurrentRequests": CONCURRENT_REQUESTS})
    )


class ContainerService(Component):
    def __init__(self, name: str, props: ComputeProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("container_apps", name, opts)
        f = foundation_of(props)
        site = f.site
        compute = props.compute
        if not isinstance(compute, Containers):
            raise TypeError("ContainerService runs containers")
        resources = container_resources(compute.cpu, compute.memory)
        if resources is None:  # refused at the config boundary (clouds/azure.py compute_limits)
            raise ValueError(f"{props.name}: no Container Apps size for {compute.cpu}/{compute.memory}")
        cpu, memory = resources
        service = props.name.split("-", 1)[-1]
        app_name = names.container_app_name(site.label, service)
        worker = props.target_group_id is None  # no gateway in front: nothing comes in
        self.app = app.ContainerApp(
            name,
            container_app_name=app_name,
            resource_group_name=site.resource_group,
            location=site.location,
            managed_environment_id=f.environment.id,
            workload_profile_name=CONSUMPTION,
            identity=app.ManagedServiceIdentityArgs(
                type=app.ManagedServiceIdentityType.USER_ASSIGNED, user_assigned_identities=[f.workload.id]
            ),
            configuration=app.ConfigurationArgs(
                active_revisions_mode=app.ActiveRevisionsMode.SINGLE,
                ingress=None
                if worker
                else app.IngressArgs(
                    # "external" to an internal environment: reachable in the VNet, not the internet.
                    external=True,
                    target_port=compute.port,
                    transport=app.IngressTransportMethod.HTTP,
                    allow_insecure=False,
                ),
            ),
            template=app.TemplateArgs(
                containers=[
                    app.ContainerArgs(
                        name=service,
                        image=compute.image,
                        resources=app.ContainerResourcesArgs(cpu=cpu, memory=memory),
                        env=[app.EnvironmentVarArgs(name="AZURE_CLIENT_ID", value=f.workload.client_id)],
                    )
                ],
                scale=app.ScaleArgs(
                    min_replicas=props.min_count,
                    max_replicas=props.max_count,
                    rules=[_scale_rule(worker)],
                ),
            ),
            tags=dict(props.tags),
            opts=self.child(depends_on=list(props.ready)),
        )
        self.cpu_cores: float = cpu
        """vCPUs per replica (a worker's CPU alert compares usage with it)."""
        self.compute_security_group_id: pulumi.Output[str] = f.network.security_groups["apps"].id
        self.identifiers: pulumi.Output[dict[str, str]] = pulumi.Output.all(
            f.environment.environment.name, self.app.name
        ).apply(lambda a: {"kind": "containers", "cluster": a[0], "service": a[1]})
        self.scale_up_command: pulumi.Output[str] | None = None
        if props.scale_up_step:
            self.scale_up_command = pulumi.Output.all(self.app.name, site.resource_group).apply(
                lambda a: (
                    f"az containerapp update --name {a[0]} --resource-group {a[1]} "
                    f"--min-replicas {props.failover_count}"
                )
            )
        self.register_outputs({"app": self.app.name})
