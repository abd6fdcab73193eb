"""Rules that span config sections; each returns problems instead of stopping at the first."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import timedelta
from typing import Any

from clouds import pair, profile, supported
from clouds.base import ComputeSpec, Unsupported
from config import azure
from config.durations import format_duration
from config.errors import Problem
from config.models import (
    Containers,
    Dns,
    Failover,
    Residency,
    Service,
    Site,
    Sites,
    TierPolicy,
    VaultLock,
)
from config.regions import DEFAULT_ZONES

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
    if len(services) == count and len(foundations) != 1:
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
    zones = {**DEFAULT_ZONES, **(residency.zones or {})}
    for index, service in services:
        zone = service.residency or residency.default
        if zone == "any":
            continue
        allowed = zones[zone]
        for which in ("primary", "recovery"):
            region = getattr(sites, which).region
            if region not in allowed:
                site = "prod" if which == "primary" else "dr"
                yield Problem(
                    service_key(index, service, ".residency"),
                    f"{zone!r} data may not live in the {site} region {region!r} "
                    f"(sites.{which}.region); {zone} allows: {', '.join(allowed)}",
                    zone,
                )


def backup_problems(
    services: IndexedServices, tiers: Mapping[int, TierPolicy], clouds: set[str]
) -> Iterator[Problem]:
    """Retention keeps up with the frequency, and every site's backup service can run that often
    (`clouds`: the sites' clouds)."""
    backup_clouds = sorted(clouds & set(supported()))
    for tier, policy in tiers.items():
        yield from _retention_problems(
            f"tiers.{tier}", policy.backup_frequency, policy.backup_retention, policy.copy_retention
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
    key: str, frequency: timedelta, retention: timedelta, copy_retention: timedelta
) -> Iterator[Problem]:
    for name, kept in (("retention", retention), ("copyRetention", copy_retention)):
        if kept < frequency:
            yield Problem(
                f"{key}.{name}",
                f"keeps backups {format_duration(kept)} but takes one every "
                f"{format_duration(frequency)}: there would be gaps with no backup at all; "
                "retention must be at least the backup frequency",
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


# Route 53 ARC's recovery-control configuration API is served from us-west-2 (ARC developer
# guide); the dr stack creates the ARC resources through its own provider.
RECOVERY_CONTROL_REGION = "us-west-2"


def failover_problems(sites: Sites, failover: Failover) -> Iterator[Problem]:
    if failover.recovery_control and sites.recovery.region != RECOVERY_CONTROL_REGION:
        yield Problem(
            "failover.recoveryControl",
            f"the dr stack creates the ARC cluster through its provider, and ARC's configuration "
            f"API is in {RECOVERY_CONTROL_REGION}; the dr region is {sites.recovery.region}: "
            "turn recoveryControl off or run dr in us-west-2",
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


# --- what each site's cloud can run, and the rules only one cloud has ---------------------------

CloudRules = Callable[[Mapping[str, Site], Mapping[str, Any], IndexedServices], Iterator[Problem]]
_CLOUD_RULES: dict[str, CloudRules] = {
    "azure": azure.problems,
}
"""Cloud -> config rules of its own, given that cloud's sites by role (`primary`/`recovery`)."""


_SITE_KEYS: dict[str, dict[str, str]] = {
    "azure": {"resourceGroup": "resource_group", "tlsCertificate": "tls_certificate"},
}
"""Cloud -> site keys (config name -> field) only that cloud's sites take."""


def cloud_problems(parsed: Mapping[str, Any], services: IndexedServices) -> Iterator[Problem]:
    """Each site's cloud can run every service's compute as declared (its profile's
    `compute_limits`), and the rules of each cloud in use (a site's, or the public zone's)."""
    sites: Sites | None = parsed.get("sites")
    if sites is None:
        return
    by_cloud: dict[str, dict[str, Site]] = {}
    for which in ("primary", "recovery"):
        site = getattr(sites, which)
        by_cloud.setdefault(site.cloud, {})[which] = site
        for cloud, keys in _SITE_KEYS.items():
            for key, field in keys.items():
                if site.cloud != cloud and getattr(site, field) is not None:
                    yield Problem(
                        f"sites.{which}.{key}", f"is for {cloud} sites; this site runs on {site.cloud}"
                    )
    dns = parsed.get("dns")
    if dns is not None:
        by_cloud.setdefault(dns.cloud, {})
    for cloud, own in by_cloud.items():
        if own and cloud in supported():
            yield from _compute_problems(cloud, services)
        rules = _CLOUD_RULES.get(cloud)
        if rules is not None:
            yield from rules(own, parsed, services)


def _compute_problems(cloud: str, services: IndexedServices) -> Iterator[Problem]:
    p = profile(cloud)
    for index, service in services:
        compute = service.compute
        if compute is None:
            continue
        spec = (
            ComputeSpec("containers", compute.image, cpu=compute.cpu, memory=compute.memory)
            if isinstance(compute, Containers)
            else ComputeSpec("vms", compute.image, instance_type=compute.instance_type)
        )
        for key, reason in p.compute_limits(spec):
            yield Problem(
                service_key(index, service, f".compute.{key}"),
                f"a {p.title} site cannot run this compute: {reason}",
                getattr(compute, _SNAKE.get(key, key)),
            )


_SNAKE = {"instanceType": "instance_type", "instanceClass": "instance_class", "sizeGb": "size_gb"}
