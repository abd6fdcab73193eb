"""A service's VMs in one site: a zone-spread VM scale set (Flexible orchestration) in the site's
VM subnet, joined to the service's application gateway pool.

prod runs `desiredCount` VMs; dr the strategy's standby count (0 for pilot light, with the
scale-up command in the outputs). Constraints checked with the search tool ("Orchestration modes
for Virtual Machine Scale Sets", "Server-side encryption of Azure Disk Storage", checked 2026):
- Flexible orchestration spreads VMs over the listed zones (platformFaultDomainCount 1).
- OS disks are encrypted with the site key through the site's disk encryption set (CMK), and
  the set follows key rotations (`rotationToLatestKeyVersionEnabled`).
- A Linux VM needs an SSH key or a password at creation: a random 32-character password, kept
  only as a Pulumi secret and given to nobody; people sign in with Entra ID (the
  AADSSHLoginForLinux extension).
- Sizes come from the catalog's instanceType (clouds/azure_sizes.py); the image is a
  marketplace URN or an image resource id (refused otherwise at the config boundary).
"""

from __future__ import annotations

import pulumi
import pulumi_random as random
from pulumi_azure_native import compute, monitor

from clouds.azure_sizes import vm_size
from components.azure.data import foundation_of
from components.base import Component
from components.failover import ComputeProps
from config.models import VirtualMachines

ADMIN = "azureops"


def _cpu_rule(
    scale_set_id: pulumi.Input[str], op: str, threshold: float, direction: str
) -> monitor.ScaleRuleArgs:
    return monitor.ScaleRuleArgs(
        metric_trigger=monitor.MetricTriggerArgs(
            metric_name="Percentage CPU",
            metric_resource_uri=scale_set_id,
            operator=monitor.ComparisonOperationType.GREATER_THAN
            if op == ">"
            else monitor.ComparisonOperationType.LESS_THAN,
            statistic=monitor.MetricStatisticType.AVERAGE,
            threshold=threshold,
            time_aggregation=monitor.TimeAggregationType.AVERAGE,
            time_grain="PT1M",
            time_window="PT5M",
        ),
        scale_action=monitor.ScaleActionArgs(
            direction=monitor.ScaleDirection.INCREASE
            if direction == "Increase"
            else monitor.ScaleDirection.DECREASE,
            type=monitor.ScaleType.CHANGE_COUNT,
            value="1",
            cooldown="PT5M",
        ),
    )


def image_reference(image: str) -> compute.ImageReferenceArgs:
    if image.startswith("/subscriptions/"):
        return compute.ImageReferenceArgs(id=image)
    publisher, offer, sku, version = image.split(":")
    return compute.ImageReferenceArgs(publisher=publisher, offer=offer, sku=sku, version=version)


class VmService(Component):
    def __init__(self, name: str, props: ComputeProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("vms", name, opts)
        f = foundation_of(props)
        site = f.site
        vms = props.compute
        if not isinstance(vms, VirtualMachines):
            raise TypeError("VmService runs VMs")
        size = vm_size(vms.instance_type)
        if size is None:  # refused at the config boundary (clouds/azure.py compute_limits)
            raise ValueError(f"{props.name}: no Azure VM size for {vms.instance_type}")
        service = props.name.split("-", 1)[-1]
        password = random.RandomPassword(f"{name}-admin", length=32, special=True, opts=self.child())
        self.scale_set = compute.VirtualMachineScaleSet(
            name,
            vm_scale_set_name=props.name,
            resource_group_name=site.resource_group,
            location=site.location,
            zones=["1", "2", "3"],
            orchestration_mode=compute.OrchestrationMode.FLEXIBLE,
            platform_fault_domain_count=1,
            single_placement_group=False,
            sku=compute.SkuArgs(name=size, capacity=props.min_count),
            identity=compute.VirtualMachineScaleSetIdentityArgs(
                type=compute.ResourceIdentityType.USER_ASSIGNED, user_assigned_identities=[f.workload.id]
            ),
            virtual_machine_profile=compute.VirtualMachineScaleSetVMProfileArgs(
                storage_profile=compute.VirtualMachineScaleSetStorageProfileArgs(
                    image_reference=image_reference(vms.image),
                    os_disk=compute.VirtualMachineScaleSetOSDiskArgs(
                        create_option=compute.DiskCreateOptionTypes.FROM_IMAGE,
                        caching=compute.CachingTypes.READ_WRITE,
                        managed_disk=compute.VirtualMachineScaleSetManagedDiskParametersArgs(
                            storage_account_type=compute.StorageAccountTypes.PREMIUM_LRS,
                            disk_encryption_set=compute.DiskEncryptionSetParametersArgs(
                                id=f.disk_encryption_set.id
                            ),
                        ),
                    ),
                ),
                os_profile=compute.VirtualMachineScaleSetOSProfileArgs(
                    computer_name_prefix=service[:15],
                    admin_username=ADMIN,
                    admin_password=password.result,
                    linux_configuration=compute.LinuxConfigurationArgs(disable_password_authentication=False),
                ),
                network_profile=compute.VirtualMachineScaleSetNetworkProfileArgs(
                    network_api_version=compute.NetworkApiVersion.NETWORK_API_VERSION_2020_11_01,
                    network_interface_configurations=[
                        compute.VirtualMachineScaleSetNetworkConfigurationArgs(
                            name="app",
                            primary=True,
                            ip_configurations=[
                                compute.VirtualMachineScaleSetIPConfigurationArgs(
                                    name="app",
                                    primary=True,
                                    subnet=compute.ApiEntityReferenceArgs(id=f.network.subnet_ids["vms"]),
                                    # A worker (no target group) joins no gateway pool and has
                                    # no public IP: nothing sends it traffic.
                                    application_gateway_backend_address_pools=None
                                    if props.target_group_id is None
                                    else [compute.SubResourceArgs(id=props.target_group_id)],
                                )
                            ],
                        )
                    ],
                ),
                extension_profile=compute.VirtualMachineScaleSetExtensionProfileArgs(
                    extensions=[
                        compute.VirtualMachineScaleSetExtensionArgs(
                            name="entra-ssh-login",
                            publisher="Microsoft.Azure.ActiveDirectory",
                            type="AADSSHLoginForLinux",
                            type_handler_version="1.0",
                            auto_upgrade_minor_version=True,
                        )
                    ]
                ),
            ),
            tags=dict(props.tags),
            opts=self.child(depends_on=list(props.ready)),
        )
        # Target tracking as on AWS: out above 60 % CPU, in below 30 %, between the site's floor
        # (prod: desiredCount; dr: its standby count) and the scale-out ceiling.
        self.autoscale = monitor.AutoscaleSetting(
            f"{name}-autoscale",
            autoscale_setting_name=f"{props.name}-autoscale",
            resource_group_name=site.resource_group,
            location=site.location,
            target_resource_uri=self.scale_set.id,
            enabled=True,
            profiles=[
                monitor.AutoscaleProfileArgs(
                    name="cpu",
                    capacity=monitor.ScaleCapacityArgs(
                        minimum=str(props.min_count),
                        maximum=str(props.max_count),
                        default=str(props.min_count),
                    ),
                    rules=[
                        _cpu_rule(self.scale_set.id, ">", 60, "Increase"),
                        _cpu_rule(self.scale_set.id, "<", 30, "Decrease"),
                    ],
                )
            ],
            tags=dict(props.tags),
            opts=self.child(),
        )
        self.compute_security_group_id: pulumi.Output[str] = f.network.security_groups["vms"].id
        self.identifiers: pulumi.Output[dict[str, str]] = self.scale_set.name.apply(
            lambda n: {"kind": "vms", "autoScalingGroup": n}
        )
        self.scale_up_command: pulumi.Output[str] | None = None
        if props.scale_up_step:
            # Raise the autoscale floor (a plain capacity change would be scaled back in).
            self.scale_up_command = pulumi.Output.all(self.autoscale.name, site.resource_group).apply(
                lambda a: (
                    f"az monitor autoscale update --name {a[0]} --resource-group {a[1]} "
                    f"--min-count {props.failover_count} --count {props.failover_count}"
                )
            )
        self.register_outputs({"scaleSet": self.scale_set.name})
