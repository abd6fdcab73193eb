"""Rules that span config sections; each returns problems instead of stopping at the first."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta

from clouds import pair, profile, supported
from clouds.base import Unsupported
from config.durations import format_duration
from config.errors import Problem, did_you_mean
from config.models import (
    BackupSettings,
    Dns,
    Failover,
    Residency,
    Service,
    Sites,
    TierPolicy,
    VaultLock,
)
from config.parsed import Parsed, Rule
from config.regions import DEFAULT_ZONES, TABLES

IndexedServices = Sequence[tuple[int, Service]]


def service_key(index: int, service: Service | Mapping[str, object] | None, rest: str = "") -> str:
    name = service.name if isinstance(service, Service) else (service or {}).get("name")
    label = f"{index}:{name}" if isinstance(name, str) else str(index)
    return f"services[{label}]{rest}"


def _unsupported_cloud(key: str, cloud: str) -> Problem:
    return Problem(
        key,
        f"{cloud} is accepted by the schema but not supported yet; supported today: {', '.join(supported())}",
        cloud,
    )


def site_problems(sites: Sites, role: str, prod_stack: str | None) -> Iterator[Problem]:
    for which in ("primary", "recovery"):
        site = getattr(sites, which)
        if site.cloud not in supported():
            yield _unsupported_cloud(f"sites.{which}.cloud", site.cloud)
    if sites.primary.cloud == sites.recovery.cloud and sites.primary.region == sites.recovery.region:
        yield Problem(
            "sites.recovery.region",
            "the dr region must differ from the prod region "
            f"({sites.primary.region}); a region outage would take both sites",
            sites.recovery.region,
        )
    if sites.primary.cidr == sites.recovery.cidr:
        yield Problem(
            "sites.recovery.cidr",
            f"prod and dr use the same CIDR {sites.primary.cidr}; give each site its own /16",
            sites.recovery.cidr,
        )
    if role == "recovery" and not prod_stack:
        yield Problem(
            "prodStack",
            "the dr stack reads prod's outputs: set prodStack to the prod stack's name "
            "(e.g. acme/marketplace-dr/prod)",
        )
    if role == "primary" and prod_stack:
        yield Problem(
            "prodStack",
            "prod never reads another stack (deploy order is prod -> dr); remove prodStack",
            prod_stack,
        )


def catalog_problems(services: IndexedServices, count: int) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    hosts: dict[str, str] = {}
    for index, service in services:
        if service.name in seen:
            yield Problem(
                service_key(index, service, ".name"),
                f"duplicate service name; services[{seen[service.name]}] is already "
                f"{service.name!r} and names must be unique",
                service.name,
            )
        seen.setdefault(service.name, index)
        if service.endpoint is not None:
            host = service.endpoint.hostname
            if host in hosts:
                yield Problem(
                    service_key(index, service, ".endpoint.hostname"),
                    f"hostname already used by service {hosts[host]!r}; each endpoint needs its own",
                    host,
                )
            hosts.setdefault(host, service.name)
    foundations = [s.name for _, s in services if s.foundation]
    if count and len(services) == count and len(foundations) != 1:
        yield Problem(
            "services",
            "exactly one service must have foundation: true (it owns the shared network, keys, "
            f"alerting and vaults); found {foundations or 'none'}",
        )


# ALB listener-rule path patterns are at most 128 characters (ELB API, PathPatternConditionConfig);
# the dr maintenance page answers the health path through such a rule.
ALB_PATH_PATTERN_MAX = 128


def failover_mechanism_problems(sites: Sites, dns: Dns) -> Iterator[Problem]:
    """The public zone's cloud is supported and something can fail traffic over between the sites
    (clouds.traffic_failover picks the mechanism)."""
    if dns.cloud not in supported():
        yield _unsupported_cloud("dns.cloud", dns.cloud)
        return
    if not {sites.primary.cloud, sites.recovery.cloud} <= set(supported()):
        return  # reported by site_problems
    failover = pair(sites.primary.cloud, sites.recovery.cloud, dns.cloud).failover
    if isinstance(failover, Unsupported):
        yield Problem(
            "dns.cloud",
            f"no health-checked failover between a {sites.primary.cloud} and a {sites.recovery.cloud} "
            f"site with the zone on {dns.cloud}: {failover.reason}",
            dns.cloud,
        )


def endpoint_problems(services: IndexedServices, dns: Dns) -> Iterator[Problem]:
    for index, service in services:
        if service.endpoint is None:
            continue
        path = service.endpoint.health_path
        if len(path) > ALB_PATH_PATTERN_MAX:
            yield Problem(
                service_key(index, service, ".endpoint.healthPath"),
                f"is {len(path)} characters; the maintenance page answers it through an ALB rule, "
                f"whose path patterns allow at most {ALB_PATH_PATTERN_MAX}",
                path,
            )
        host = service.endpoint.hostname
        if host != dns.domain and not host.endswith("." + dns.domain):
            yield Problem(
                service_key(index, service, ".endpoint.hostname"),
                f"hostname is outside the DNS zone {dns.domain!r}; use a name ending in '.{dns.domain}'",
                host,
            )


def residency_problems(services: IndexedServices, sites: Sites, residency: Residency) -> Iterator[Problem]:
    """Both sites' regions lie in each service's residency zone. A service that sets its own zone
    gets its own problem; the services that inherit `residency.default` get one, at that key."""
    zones = {**DEFAULT_ZONES, **(residency.zones or {})}
    inheriting: dict[tuple[str, str], list[str]] = {}
    for index, service in services:
        zone = service.residency or residency.default
        if zone == "any":
            continue
        for which in ("primary", "recovery"):
            region = getattr(sites, which).region
            if region in zones[zone]:
                continue
            if service.residency is None:
                inheriting.setdefault((zone, which), []).append(service.name)
                continue
            yield Problem(
                service_key(index, service, ".residency"), _outside(zone, which, region, zones), zone
            )
    for (zone, which), names in inheriting.items():
        region = getattr(sites, which).region
        yield Problem(
            "residency.default",
            f"{_outside(zone, which, region, zones)} (services that inherit it: {', '.join(names)})",
            zone,
        )


def _outside(zone: str, which: str, region: str, zones: Mapping[str, Sequence[str]]) -> str:
    site = "prod" if which == "primary" else "dr"
    return (
        f"{zone!r} data may not live in the {site} region {region!r} (sites.{which}.region); "
        f"{zone} allows: {', '.join(zones[zone])}"
    )


def backup_problems(
    services: IndexedServices, tiers: Mapping[int, TierPolicy], clouds: set[str]
) -> Iterator[Problem]:
    """Retention keeps up with the frequency, and every site's backup service can run that often
    (`clouds`: the sites' clouds)."""
    backup_clouds = sorted(clouds & set(supported()))
    for tier, policy in tiers.items():
        yield from _retention_problems(
            f"tiers.{tier}",
            policy.backup_frequency,
            policy.backup_retention,
            policy.copy_retention,
            "backupRetention",
        )
        yield from _frequency_floor(f"tiers.{tier}.backupFrequency", policy.backup_frequency, backup_clouds)
    for index, service in services:
        policy = tiers.get(service.tier)
        if policy is None:
            continue
        overrides = service.backup
        if not any(
            v is not None for v in (overrides.frequency, overrides.retention, overrides.copy_retention)
        ):
            continue
        frequency = overrides.frequency or policy.backup_frequency
        yield from _retention_problems(
            service_key(index, service, ".backup"),
            frequency,
            overrides.retention or policy.backup_retention,
            overrides.copy_retention or policy.copy_retention,
        )
        if overrides.frequency is not None:
            yield from _frequency_floor(
                service_key(index, service, ".backup.frequency"), frequency, backup_clouds
            )


def _retention_problems(
    key: str,
    frequency: timedelta,
    retention: timedelta,
    copy_retention: timedelta,
    retention_key: str = "retention",
) -> Iterator[Problem]:
    """`retention_key`: what the section calls the retention (`backupRetention` in a tier)."""
    for name, kept in ((retention_key, retention), ("copyRetention", copy_retention)):
        if kept < frequency:
            yield Problem(
                f"{key}.{name}",
                f"keeps backups {format_duration(kept)} but takes one every "
                f"{format_duration(frequency)}: there would be gaps with no backup at all; "
                f"set {name} to at least {format_duration(frequency)}",
                format_duration(kept),
            )


def _frequency_floor(key: str, frequency: timedelta, clouds: Sequence[str]) -> Iterator[Problem]:
    for cloud in clouds:
        p = profile(cloud)
        floor = p.backup_min_frequency
        if frequency < floor.value:
            yield Problem(
                key,
                f"{p.backup_service} runs scheduled jobs at most every {format_duration(floor.value)} "
                f"({floor.source}); use continuous backup (PITR) for a finer RPO",
                format_duration(frequency),
            )


# AWS Backup vault names: 2-50 characters (AWS Backup API, CreateBackupVault). The vaults are named
# `<organization>-<environment>-<prod|dr>` (components.data.vault_name); "prod" is the longer label.
BACKUP_VAULT_NAME_MAX = 50


def naming_problems(organization: str, environment: str) -> Iterator[Problem]:
    longest = f"{organization}-{environment}-prod"
    if len(longest) > BACKUP_VAULT_NAME_MAX:
        yield Problem(
            "environment",
            f"names the backup vault {longest!r} ({len(longest)} characters); AWS Backup allows at "
            f"most {BACKUP_VAULT_NAME_MAX}: shorten organization or environment",
            environment,
        )


def failover_problems(sites: Sites, failover: Failover, dns: Dns | None) -> Iterator[Problem]:
    """Routing controls are configured where the failover mechanism's API lives; the dr stack
    creates them through its own provider. A mechanism without them is refused by its cloud's own
    rules (config/<cloud>.py), which say what to use instead."""
    if not failover.recovery_control or dns is None:
        return
    if not {sites.primary.cloud, sites.recovery.cloud, dns.cloud} <= set(supported()):
        return
    mechanism = pair(sites.primary.cloud, sites.recovery.cloud, dns.cloud).failover
    region = None if isinstance(mechanism, Unsupported) else mechanism.routing_controls_region
    if region is not None and sites.recovery.region != region:
        yield Problem(
            "failover.recoveryControl",
            f"the dr stack creates the ARC cluster through its provider, and ARC's configuration "
            f"API is in {region}; the dr region is {sites.recovery.region}: "
            f"turn recoveryControl off or run dr in {region}",
            True,
        )


def vault_lock_problems(
    services: IndexedServices, tiers: Mapping[int, TierPolicy], lock: VaultLock
) -> Iterator[Problem]:
    """Every copy into the locked dr vault must keep a retention the lock accepts (min..max);
    AWS Backup rejects copies outside the lock's bounds (AWS Backup guide, "Vault Lock")."""
    bounds = f"{format_duration(lock.min_retention)}..{format_duration(lock.max_retention)}"
    if lock.min_retention > lock.max_retention:
        yield Problem(
            "backup.vaultLock.minRetention",
            f"is above maxRetention {format_duration(lock.max_retention)}; no copy could be kept",
            format_duration(lock.min_retention),
        )
        return
    seen: set[str] = set()
    for index, service in services:
        policy = tiers.get(service.tier)
        if policy is None or not service.data_stores:
            continue
        own = service.backup.copy_retention
        kept = own or policy.copy_retention
        key = (
            service_key(index, service, ".backup.copyRetention")
            if own is not None
            else f"tiers.{service.tier}.copyRetention"
        )
        if key in seen or lock.min_retention <= kept <= lock.max_retention:
            continue
        seen.add(key)
        yield Problem(
            key,
            f"copies kept {format_duration(kept)} do not fit the dr vault lock "
            f"(backup.vaultLock retention {bounds}); the locked vault would reject them: "
            f"set a copy retention within {bounds} or change the lock",
            format_duration(kept),
        )


# --- settings that would otherwise be silently ignored ---------------------------------------

# Which site field names the account (or subscription, or project) of which cloud.
_ACCOUNT_FIELDS: dict[str, str] = {"accountId": "aws", "subscriptionId": "azure", "projectId": "gcp"}
# Site keys only one cloud's sites read (config name -> that cloud).
_CLOUD_SITE_KEYS: dict[str, str] = {"resourceGroup": "azure", "tlsCertificate": "azure"}
# The public endpoint is HTTPS on 443: the load balancer's listener and the health checks use
# that port (components/aws/load_balancer.py, health_check.py); the app's port is compute.port.
PUBLIC_HTTPS_PORT = 443


def ignored_setting_problems(
    services: IndexedServices,
    sites: Sites | None,
    lock: VaultLock | None,
    continuous_kinds: frozenset[str] | None,
) -> Iterator[Problem]:
    """Settings the program would read nowhere; each is an error that says why and what to do.

    `continuous_kinds`: the store kinds the primary site's backup service backs up continuously
    (None when the sites did not validate)."""
    if lock is not None and lock.mode == "governance" and "changeable_for_days" in lock.model_fields_set:
        yield Problem(
            "backup.vaultLock.changeableForDays",
            "is ignored in governance mode: only a compliance lock has a cooling-off period "
            "(AWS Backup guide, 'Vault Lock'); set mode: compliance or remove changeableForDays",
            lock.changeable_for_days,
        )
    for which in ("primary", "recovery") if sites is not None else ():
        site = getattr(sites, which)
        for alias, cloud in _ACCOUNT_FIELDS.items():
            name = _snake(alias)
            if getattr(site, name, None) is not None and site.cloud != cloud:
                owner = next(a for a, c in _ACCOUNT_FIELDS.items() if c == site.cloud)
                yield Problem(
                    f"sites.{which}.{alias}",
                    f"is ignored: the {which} site runs on {site.cloud} and {alias} names a {cloud} "
                    f"scope; a {site.cloud} site takes {owner}",
                    getattr(site, name),
                )
        for alias, cloud in _CLOUD_SITE_KEYS.items():
            if getattr(site, _snake(alias), None) is not None and site.cloud != cloud:
                yield Problem(
                    f"sites.{which}.{alias}",
                    f"is ignored: it is for {cloud} sites and the {which} site runs on {site.cloud}; "
                    "remove it",
                    getattr(site, _snake(alias)),
                )
    for index, service in services:
        yield from _ignored_in_service(index, service, continuous_kinds)


def _ignored_in_service(
    index: int, service: Service, continuous_kinds: frozenset[str] | None
) -> Iterator[Problem]:
    if not service.data_stores:
        if service.rpo is not None:
            yield Problem(
                service_key(index, service, ".rpo"),
                "is ignored: an RPO bounds the data a disruption loses and this service declares no "
                "dataStores; add its stores or remove rpo",
                format_duration(service.rpo),
            )
        if service.backup.model_fields_set:
            yield Problem(
                service_key(index, service, ".backup"),
                f"is ignored: this service declares no dataStores, so nothing is backed up "
                f"(set: {', '.join(sorted(_camel(n) for n in service.backup.model_fields_set))}); "
                "add its stores or remove backup",
            )
    elif service.backup.continuous and continuous_kinds is not None:
        kinds = {s.kind for s in service.data_stores}
        if not kinds & continuous_kinds:
            yield Problem(
                service_key(index, service, ".backup.continuous"),
                f"is ignored: continuous backup covers {'/'.join(sorted(continuous_kinds))} stores and "
                f"this service has only {'/'.join(sorted(kinds))}; remove it (its RPO under corruption "
                "is the backup frequency)",
                True,
            )
    if service.endpoint is not None and service.endpoint.port != PUBLIC_HTTPS_PORT:
        yield Problem(
            service_key(index, service, ".endpoint.port"),
            f"is ignored: the public endpoint serves HTTPS on {PUBLIC_HTTPS_PORT} (load balancer "
            "listener and health checks); the port the app listens on is compute.port",
            service.endpoint.port,
        )
    for s_index, store in enumerate(service.data_stores):
        if store.kind == "object" and store.worm and store.worm_retention is None:
            yield Problem(
                service_key(index, service, f".dataStores[{s_index}].wormRetention"),
                "required key is missing: worm: true needs wormRetention, the default retention "
                "S3 Object Lock applies to every new object version (without it, versions stay "
                "deletable and the store is not write-once)",
            )


def _snake(alias: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in alias)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


# --- residency zones ----------------------------------------------------------------------


def residency_zone_problems(residency: Residency) -> Iterator[Problem]:
    """A region named in `residency.zones` that no cloud has would never match a site: a typo
    that silently narrows the zone."""
    known = {r.name for table in TABLES.values() for r in table.regions}
    for zone, regions in (residency.zones or {}).items():
        for i, region in enumerate(regions):
            if region not in known:
                yield Problem(
                    f"residency.zones.{zone}[{i}]",
                    f"{region!r} is not a region of any cloud{did_you_mean(region, known)}; "
                    "a zone lists region names (e.g. eu-central-1, westeurope, europe-west3)",
                    region,
                )


# --- the rules over a whole config -----------------------------------------------------------


def cross_section_problems(parsed: Parsed) -> Iterator[Problem]:
    """Every check above, each on the sections it needs (skipped when one of them is broken)."""
    services, s = parsed.services, parsed.sections
    yield from catalog_problems(services, parsed.count)
    if "organization" in s and "environment" in s:
        yield from naming_problems(s["organization"], s["environment"])
    sites: Sites | None = s.get("sites")
    dns: Dns | None = s.get("dns")
    if sites is not None and "role" in s and "prod_stack" in s:
        yield from site_problems(sites, s["role"], s["prod_stack"])
    if dns is not None:
        yield from endpoint_problems(services, dns)
        if sites is not None:
            yield from failover_mechanism_problems(sites, dns)
    if "residency" in s:
        yield from residency_zone_problems(s["residency"])
        if sites is not None:
            yield from residency_problems(services, sites, s["residency"])
    if sites is not None and "failover" in s:
        yield from failover_problems(sites, s["failover"], dns)
    site_clouds = parsed.clouds()
    yield from backup_problems(services, parsed.tiers, set(site_clouds or ()))
    backup: BackupSettings | None = s.get("backup")
    if backup is not None:
        yield from vault_lock_problems(services, parsed.tiers, backup.vault_lock)
    primary = site_clouds[0] if site_clouds else None
    continuous: frozenset[str] | None = (
        frozenset(profile(primary).continuous_backup_kinds) if primary in supported() else None
    )
    yield from ignored_setting_problems(
        services, sites, backup.vault_lock if backup is not None else None, continuous
    )


RULES: tuple[Rule, ...] = (cross_section_problems,)
"""The config layer's own rules; config.loader adds the services layer's."""
