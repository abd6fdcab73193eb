"""A service's protected data, as a cloud-neutral interface.

Each catalog service declares data stores; `services.protection` picks a mode per store. A cloud
implements `ServiceData` (one per service and site) and `SiteBackup` (the site's vault and backup
role, owned by the foundation service) with its own resources; services only see the fields below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import pulumi

from components.foundation import SiteFoundation
from components.link import SiteLink
from config.models import Role, Site, VaultLock
from vocabulary.plans import ServicePlan


def vault_name(organization: str, environment: str, label: str) -> str:
    """Deterministic vault names: prod's copy actions target the dr vault without reading dr."""
    return f"{organization}-{environment}-{label}"


@dataclass(frozen=True)
class SiteBackupProps:
    role: Role
    site: Site
    peer: Site
    name: str
    """This site's vault name (`<org>-<env>-prod|dr`)."""
    peer_name: str
    """The other site's vault name; prod's copy actions target it."""
    key_id: pulumi.Input[str]
    alert_topic_id: pulumi.Input[str]
    lock: VaultLock
    tags: Mapping[str, str]
    foundation: SiteFoundation | None = None
    """The site's foundation, for clouds that need more of it than the fields above (an Azure
    resource group, identities); AWS reads only the fields above."""
    protect: bool = True
    """Pulumi `protect` on the vault."""


class SiteBackup(Protocol):
    vault_name: pulumi.Output[str]
    vault_arn: pulumi.Output[str]
    copy_target_arn: pulumi.Output[str]
    """The dr vault (prod: built from account + recovery region + deterministic name)."""
    role_arn: pulumi.Output[str]
    """The role the backup service assumes to back up, copy, restore and test restores."""


@dataclass(frozen=True)
class DataProps:
    plan: ServicePlan
    role: Role
    site: Site
    peer: Site
    tags: Mapping[str, str]
    key_id: pulumi.Output[str]
    alert_topic_id: pulumi.Output[str]
    log_bucket_id: pulumi.Output[str]
    network_id: pulumi.Output[str]
    private_subnet_ids: pulumi.Output[list[str]]
    backup: SiteBackup
    prod: Any | None = None
    """dr only: prod's `StackReference` (prod never reads dr)."""
    foundation: SiteFoundation | None = None
    """The site's foundation (see SiteBackupProps.foundation)."""
    protect: bool = True
    """Deletion protection and Pulumi `protect` on the stores (databases, tables, buckets)."""
    peer_provider: pulumi.ProviderResource | None = None
    """dr of a cross-cloud pair: the provider for the primary site's cloud and region (the paths'
    source-side resources are declared with it)."""
    link: SiteLink | None = None
    """dr of a cross-cloud pair: the site link the database paths travel over."""

    @property
    def is_primary(self) -> bool:
        return self.role == "primary"

    def prod_output(self, name: str) -> pulumi.Output[Any]:
        if self.prod is None:
            raise ValueError("only the dr site reads prod's outputs")
        return self.prod.require_output(name)


class ServiceData(Protocol):
    app_security_group_id: pulumi.Output[str] | None
    """Compute that may reach the service's databases joins this group (None: no databases)."""

    def outputs(self) -> dict[str, Any]:
        """What goes under `services.<name>` in the stack outputs (names: vocabulary.outputs)."""
        ...
