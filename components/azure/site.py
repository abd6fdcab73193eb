"""Where an Azure site's resources go: its subscription, resource group and region."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi_azure_native import authorization

from clouds import azure_names as names
from config.models import Site

LABELS = {"primary": "prod", "recovery": "dr"}


@dataclass(frozen=True)
class AzureSite:
    subscription_id: str
    resource_group: pulumi.Output[str]
    """The site's resource group name (resolves once the group exists)."""
    location: str
    label: str
    """`prod` or `dr`."""
    organization: str
    environment: str

    def resource_id(self, provider: str, path: str, group: str | None = None) -> pulumi.Output[str]:
        """`/subscriptions/.../resourceGroups/<group>/providers/<provider>/<path>`: ids ARM needs
        before the resource exists (an application gateway's own sub-resources)."""
        return pulumi.Output.from_input(group or self.resource_group).apply(
            lambda g: f"/subscriptions/{self.subscription_id}/resourceGroups/{g}/providers/{provider}/{path}"
        )


def subscription_of(site: Site) -> str:
    if site.subscription_id is None:  # config.azure requires it for every Azure site
        raise ValueError(f"Azure site in {site.region} has no subscriptionId")
    return site.subscription_id


def group_name(site: Site, organization: str, environment: str, label: str) -> str:
    return site.resource_group or names.resource_group_name(organization, environment, label)


def group_of(resource_id: str) -> str:
    """The resource group in an ARM id (`.../resourceGroups/<group>/providers/...`)."""
    parts = resource_id.split("/")
    lowered = [p.lower() for p in parts]
    return parts[lowered.index("resourcegroups") + 1] if "resourcegroups" in lowered else ""


def name_of(resource_id: str) -> str:
    return resource_id.rsplit("/", 1)[-1]


def delete_lock(
    name: str, scope: pulumi.Input[str], what: str, opts: pulumi.ResourceOptions
) -> pulumi.Resource:
    """prod's deletion protection: a CanNotDelete management lock on the resource (Azure's data
    services have no deletion-protection flag of their own; "Lock your resources")."""
    return authorization.ManagementLockByScope(
        name,
        lock_name="dr-no-delete",
        scope=scope,
        level=authorization.LockLevel.CAN_NOT_DELETE,
        notes=f"{what}: prod data of the DR topology; remove this lock deliberately before deleting",
        opts=opts,
    )
