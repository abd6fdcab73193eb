"""Config rules only Azure sites have: what ARM needs to know, what Azure cannot do between the
two regions, and names that must fit Azure's rules before anything is planned.

Called through the registry in config/clouds.py for each config with an Azure site (or zone).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from clouds import azure_names as names
from clouds.azure_regions import ASYMMETRIC_PAIRS, PAIRS
from config.clouds import Settings
from config.errors import Problem
from config.models import AzureDnsZone, Service, Site, Sites

IndexedServices = Sequence[tuple[int, Service]]
LABELS = {"primary": "prod", "recovery": "dr"}
CLOUD = "azure"
"""This module's cloud: the sites it checks are the ones on it."""


def problems(settings: Settings) -> Iterator[Problem]:
    sites = settings.sites
    azure = {w: site for w in LABELS if (site := getattr(sites, w)).cloud == CLOUD}
    for which, site in azure.items():
        yield from _site_problems(which, site, settings.services)
    if len(azure) == len(LABELS):
        yield from _pair_problems(sites)
    dns = settings.dns
    if isinstance(dns, AzureDnsZone) and len(azure) != len(LABELS):
        yield Problem(
            "dns.cloud",
            "an Azure DNS zone answers through Traffic Manager profiles, which this program builds "
            "for a pair of Azure sites only (a cross-cloud pair fails over with Route 53 failover "
            "records); keep the zone in Route 53 or run both sites on Azure",
            dns.cloud,
        )
    if azure and dns is not None and not isinstance(dns, AzureDnsZone):
        yield from _cname_problems(dns.domain, settings.services)
    if azure and settings.recovery_control:
        yield Problem(
            "failover.recoveryControl",
            "Route 53 Application Recovery Controller switches Route 53 records; an Azure pair "
            "fails over through Traffic Manager (disable a profile endpoint to switch by hand): "
            "turn recoveryControl off",
            True,
        )
    org, env = settings.organization, settings.environment
    if isinstance(org, str) and isinstance(env, str):
        yield from _name_problems(org, env, azure, settings.services)


def _site_problems(which: str, site: Site, services: IndexedServices) -> Iterator[Problem]:
    key = f"sites.{which}"
    if site.subscription_id is None:
        yield Problem(
            f"{key}.subscriptionId",
            "required for an Azure site: the provider, every resource id and the globally unique "
            "names (storage accounts, key vaults, servers) derive from it",
        )
    for other, cloud in (("accountId", site.account_id), ("projectId", site.project_id)):
        if cloud is not None:
            yield Problem(
                f"{key}.{other}", "belongs to another cloud's site; an Azure site takes subscriptionId", cloud
            )
    endpoints = [s.name for _, s in services if s.endpoint is not None]
    if endpoints and site.tls_certificate is None:
        yield Problem(
            f"{key}.tlsCertificate",
            "required for an Azure site with endpoints "
            f"({', '.join(endpoints)}): {{keyVaultId, secretName}} of the certificate the application "
            "gateways serve (ARM cannot issue one; the gateways follow the secret's renewals)",
        )


def _pair_problems(sites: Sites) -> Iterator[Problem]:
    """Azure restores only into the primary's pair: PostgreSQL geo-restore, Azure Backup's
    cross-region restore and Key Vault's copy of its contents all land there (dr-reference,
    "Azure Backup cross-region restore", "Azure Key Vault")."""
    primary, recovery = sites.primary.region, sites.recovery.region
    pair = PAIRS.get(primary)
    if pair is None:
        yield Problem(
            "sites.recovery.region",
            f"the prod region {primary} has no Azure pair, and Azure restores geo-redundant backups "
            "only into a region's pair (PostgreSQL geo-restore, Azure Backup cross-region restore); "
            "choose a paired prod region (clouds/azure_regions.py PAIRS)",
            recovery,
        )
    elif recovery != pair:
        one_way = " (a one-way pair)" if (primary, pair) in ASYMMETRIC_PAIRS else ""
        yield Problem(
            "sites.recovery.region",
            f"{recovery} is not {primary}'s pair {pair}{one_way}: Azure restores geo-redundant "
            f"backups only into the pair (PostgreSQL geo-restore, Azure Backup cross-region "
            f"restore), so dr must run in {pair}",
            recovery,
        )


def _cname_problems(domain: str, services: IndexedServices) -> Iterator[Problem]:
    for index, service in services:
        if service.endpoint is not None and service.endpoint.hostname == domain:
            yield Problem(
                f"services[{index}:{service.name}].endpoint.hostname",
                f"{domain} is the zone apex: Route 53 answers for an Azure site with a CNAME (to the "
                "Traffic Manager profile, or, with prod on AWS, a failover pair of CNAMEs to the load "
                "balancers), and a CNAME cannot sit at the apex (dr-reference, cross-cloud DNS); use a "
                "name inside the zone, or, with both sites on Azure, an Azure DNS zone (dns.cloud: "
                "azure, which answers the apex with an alias record)",
                domain,
            )


def _name_problems(
    organization: str, environment: str, azure: Mapping[str, Site], services: IndexedServices
) -> Iterator[Problem]:
    """Every name this program derives for an Azure site fits Azure's rules (the derivations
    are built to, so a problem here is a derivation bug caught before ARM rejects it)."""
    found: list[str] = []
    for which, site in azure.items():
        label = LABELS[which]
        group = site.resource_group or names.resource_group_name(organization, environment, label)
        found += names.all_name_problems(names.RULES["azure-native:resources:ResourceGroup"], [group])
        sub = site.subscription_id
        if sub is None:
            continue
        found += names.all_name_problems(
            names.RULES["azure-native:keyvault:Vault"],
            [names.key_vault_name(sub, organization, environment, label, "data")],
        )
        copies_from_another_cloud = len(azure) == 1 and which == "recovery"
        for _, service in services:
            for store in service.data_stores:
                if store.kind == "object":
                    account = names.storage_account_name(
                        sub, organization, environment, label, service.name, store.name
                    )
                    found += names.all_name_problems(
                        names.RULES["azure-native:storage:StorageAccount"], [account]
                    )
                    if copies_from_another_cloud:  # the copy pipeline's factory (cross-cloud)
                        found += names.all_name_problems(
                            names.DATA_FACTORY,
                            [
                                names.data_factory_name(
                                    sub, organization, environment, service.name, store.name
                                )
                            ],
                        )
                if store.kind == "relational":
                    server = names.postgres_server_name(
                        sub, organization, environment, label, service.name, store.name
                    )
                    found += names.all_name_problems(
                        names.RULES["azure-native:dbforpostgresql:Server"], [server]
                    )
                if store.kind == "keyvalue":
                    account = names.cosmos_account_name(
                        sub, organization, environment, service.name, store.name
                    )
                    found += names.all_name_problems(
                        names.RULES["azure-native:cosmosdb:DatabaseAccount"], [account]
                    )
            if service.endpoint is not None:
                found += names.all_name_problems(
                    names.TRAFFIC_MANAGER_DNS,
                    [names.traffic_manager_name(sub, organization, environment, service.name)],
                )
                found += names.all_name_problems(
                    names.DNS_LABEL,
                    [names.gateway_dns_label(sub, organization, environment, label, service.name)],
                )
    for problem in dict.fromkeys(found):
        yield Problem("organization", f"{problem}; shorten organization or environment", organization)
