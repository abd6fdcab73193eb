"""A `vms` service on Compute Engine: a regional managed instance group from a hardened
instance template (Shielded VM, CMEK boot disk, no external IP, OS Login), autoscaled between
the strategy's floor and the surge ceiling, autohealed, and reachable only from the load
balancer's ranges on its port.

prod runs `desiredCount`; dr runs the strategy's standby count (0 for pilot light: the failover
runbook's `scaleUpCommand` raises the autoscaler's floor to prod's count).

A worker (no endpoint, no load balancer) gets the same template, group and autoscaler, and
nothing that admits traffic: no firewall rule, named port or backend. Nor an autohealing check: a
worker need not serve HTTP, and a failing check would recreate healthy instances in a loop; the
group still recreates instances that stop ("About managed instance groups": a MIG keeps its
instances running).
"""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.failover import ComputeProps
from components.gcp.labels import labels
from components.gcp.load_balancer import attach_instance_group
from components.gcp.network import LOAD_BALANCER_RANGES
from config.models import VirtualMachines

BOOT_DISK_GB = 20
BOOT_DISK_TYPE = "pd-balanced"
# Autohealing: a separate, more tolerant check than the load balancer's (Compute Engine
# "Set up an application health check and autohealing"), after boot and warm-up.
AUTOHEAL_INITIAL_DELAY_SECONDS = 300
TARGET_CPU = 0.6


class VmService(Component):
    def __init__(self, name: str, props: ComputeProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("vms", name, opts)
        compute = props.compute
        if not isinstance(compute, VirtualMachines):
            raise TypeError("VmService runs virtual machines")
        tags = labels(props.tags)
        worker = props.target_group_id is None
        network_tag = f"{props.name}-app"
        subnets = pulumi.Output.from_input(props.private_subnet_ids)
        self.identity = gcp.serviceaccount.Account(
            f"{name}-vm",
            account_id=f"{props.name}-vm",
            display_name=f"VMs of {props.name}",
            opts=self.child(),
        )
        self.firewall: gcp.compute.Firewall | None = None
        if not worker:
            self.firewall = gcp.compute.Firewall(
                f"{name}-from-lb",
                name=f"{props.name}-from-lb",
                network=props.network_id,
                direction="INGRESS",
                priority=1000,
                source_ranges=list(LOAD_BALANCER_RANGES),
                target_tags=[network_tag],
                allows=[gcp.compute.FirewallAllowArgs(protocol="tcp", ports=[str(compute.port)])],
                log_config=gcp.compute.FirewallLogConfigArgs(metadata="INCLUDE_ALL_METADATA"),
                opts=self.child(),
            )
        self.template = gcp.compute.InstanceTemplate(
            f"{name}-template",
            name_prefix=f"{props.name}-",  # templates are immutable: a change creates the next
            machine_type=compute.instance_type,
            region=props.region,
            disks=[
                gcp.compute.InstanceTemplateDiskArgs(
                    boot=True,
                    auto_delete=True,
                    source_image=compute.image,
                    disk_size_gb=BOOT_DISK_GB,
                    disk_type=BOOT_DISK_TYPE,
                    disk_encryption_key=gcp.compute.InstanceTemplateDiskDiskEncryptionKeyArgs(
                        kms_key_self_link=props.key_id
                    ),
                    labels=tags,
                )
            ],
            network_interfaces=[
                # No access_configs: no external IP; egress through Cloud NAT.
                gcp.compute.InstanceTemplateNetworkInterfaceArgs(subnetwork=subnets.apply(lambda s: s[0]))
            ],
            shielded_instance_config=gcp.compute.InstanceTemplateShieldedInstanceConfigArgs(
                enable_secure_boot=True, enable_vtpm=True, enable_integrity_monitoring=True
            ),
            service_account=gcp.compute.InstanceTemplateServiceAccountArgs(
                email=self.identity.email, scopes=["cloud-platform"]
            ),
            metadata={"enable-oslogin": "TRUE", "block-project-ssh-keys": "true"},
            tags=[network_tag],
            labels=tags,
            opts=self.child(delete_before_replace=False),
        )
        self.autoheal: gcp.compute.HealthCheck | None = None
        if not worker:
            self.autoheal = gcp.compute.HealthCheck(
                f"{name}-autoheal",
                name=f"{props.name}-autoheal",
                check_interval_sec=30,
                timeout_sec=10,
                healthy_threshold=2,
                unhealthy_threshold=5,
                http_health_check=gcp.compute.HealthCheckHttpHealthCheckArgs(
                    port=compute.port, request_path="/"
                ),
                opts=self.child(),
            )
        self.base_instance_name = props.name
        """Instances are named `<this>-<4 characters>` (a worker's CPU alert selects them by it)."""
        self.group = gcp.compute.RegionInstanceGroupManager(
            f"{name}-mig",
            name=f"{props.name}-mig",
            base_instance_name=self.base_instance_name,
            region=props.region,
            versions=[
                gcp.compute.RegionInstanceGroupManagerVersionArgs(
                    instance_template=self.template.self_link_unique
                )
            ],
            named_ports=None
            if worker
            else [gcp.compute.RegionInstanceGroupManagerNamedPortArgs(name="http", port=compute.port)],
            auto_healing_policies=None
            if self.autoheal is None
            else gcp.compute.RegionInstanceGroupManagerAutoHealingPoliciesArgs(
                health_check=self.autoheal.id, initial_delay_sec=AUTOHEAL_INITIAL_DELAY_SECONDS
            ),
            opts=self.child(depends_on=[self.firewall] if self.firewall else []),
        )
        self.autoscaler = gcp.compute.RegionAutoscaler(
            f"{name}-autoscaler",
            name=f"{props.name}-autoscaler",
            region=props.region,
            target=self.group.id,
            autoscaling_policy=gcp.compute.RegionAutoscalerAutoscalingPolicyArgs(
                min_replicas=props.min_count,
                max_replicas=props.max_count,
                cooldown_period=AUTOHEAL_INITIAL_DELAY_SECONDS,
                cpu_utilization=gcp.compute.RegionAutoscalerAutoscalingPolicyCpuUtilizationArgs(
                    target=TARGET_CPU
                ),
            ),
            opts=self.child(),
        )
        if not worker:
            attach_instance_group(props.name, self.group.instance_group)
        self.compute_security_group_id: pulumi.Output[str] = pulumi.Output.from_input(network_tag)
        """No security groups on GCP: the network tag the firewall admits the load balancer to
        (a worker's tag is admitted nowhere)."""
        self.identifiers: pulumi.Output[dict[str, str]] = self.group.name.apply(
            lambda n: {"kind": "vms", "instanceGroupManager": n, "region": props.region}
        )
        self.scale_up_command: pulumi.Output[str] | None = None
        if props.scale_up_step:
            self.scale_up_command = self.autoscaler.name.apply(
                lambda n: (
                    f"gcloud compute instance-groups managed update-autoscaling {props.name}-mig "
                    f"--region={props.region} --min-num-replicas={props.failover_count}"
                )
            )
        self.register_outputs({"instanceGroupManager": self.group.name})
