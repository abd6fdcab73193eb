"""Wire data protection into a site: the site's backup vault (owned by the foundation service) and
each service's protected data stores (children of that service's component)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pulumi

from components.clouds import for_cloud, for_pair
from components.data import DataProps, SiteBackup, SiteBackupProps, vault_name
from components.foundation import SiteFoundation
from components.link import SiteLink
from config.models import StackConfig
from vocabulary.tags import service_tags

if TYPE_CHECKING:
    from services.site import ServiceComponent


def protect_data(
    cfg: StackConfig,
    components: Mapping[str, ServiceComponent],
    foundation: SiteFoundation,
    prod: Any | None,
    peer_provider: pulumi.ProviderResource | None = None,
    link: SiteLink | None = None,
) -> SiteBackup:
    """The site's vault and each service's stores. The recovery site of a cross-cloud pair keeps
    its copies through the pair's paths (components.clouds.for_pair), whose source side it
    declares on prod's cloud with `peer_provider`."""
    label, peer_label = ("prod", "dr") if cfg.is_primary else ("dr", "prod")
    cloud = for_cloud(cfg.site.cloud)
    service_data = cloud.service_data
    if peer_provider is not None:
        service_data = for_pair(cfg.peer.cloud, cfg.site.cloud).recovery_data
    host = components[cfg.foundation_service.name]
    backup = cloud.site_backup(
        f"{cfg.organization}-{label}-backup",
        SiteBackupProps(
            role=cfg.role,
            site=cfg.site,
            peer=cfg.peer,
            name=vault_name(cfg.organization, cfg.environment, label),
            peer_name=vault_name(cfg.organization, cfg.environment, peer_label),
            key_id=foundation.key_id,
            alert_topic_id=foundation.alert_topic_id,
            lock=cfg.backup.vault_lock,
            tags=service_tags(cfg, cfg.foundation_service),
            foundation=foundation,
            protect=cfg.protect,
        ),
        pulumi.ResourceOptions(parent=host),
    )
    for component in components.values():
        plan = component.plan
        if not plan.stores:
            continue
        component.data = service_data(
            plan.name,
            DataProps(
                plan=plan,
                role=cfg.role,
                site=cfg.site,
                peer=cfg.peer,
                tags=service_tags(cfg, plan.service),
                key_id=foundation.key_id,
                alert_topic_id=foundation.alert_topic_id,
                log_bucket_id=foundation.log_bucket_id,
                network_id=foundation.network_id,
                private_subnet_ids=foundation.private_subnet_ids,
                backup=backup,
                prod=prod,
                foundation=foundation,
                protect=cfg.protect,
                peer_provider=peer_provider,
                link=link,
            ),
            pulumi.ResourceOptions(parent=component),
        )
    return backup
