"""What a Google Cloud site needs of the config beyond the cloud-neutral schema (config.clouds).

Each rule is a constraint Google's APIs enforce that the mock engine would not (mock-blind), or a
decision the GCP site makes from config that must be possible (where shared data lives):

- every GCP site names its project, and both sites name the same one;
- a Cloud DNS zone fails over GCP sites only, and GCP sites with endpoints fail over through it;
- key-value stores live in a Firestore multi-region whose read-write regions hold both sites'
  regions, inside the service's residency; object stores in a dual-region of both regions whose
  location has a Cloud KMS location (CMEK);
- machine sizes, images and container sizes are ones Cloud SQL, Compute Engine and Cloud Run take;
- Firestore's own backups run daily or weekly and are kept at most 14 weeks;
- tag values are valid GCP label values (labels carry the same meaning as the AWS tags).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from clouds import gcp_regions, pair
from clouds.gcp import (
    DUAL_REGION_KMS_LOCATIONS,
    FIRESTORE_BACKUP_FREQUENCIES,
    FIRESTORE_BACKUP_MAX_RETENTION,
    FIRESTORE_KMS_LOCATIONS,
    PROFILE,
    bucket_location_for,
    firestore_locations_for,
)
from clouds.regions import EU_MEMBER_STATES
from config.durations import format_duration
from config.errors import Problem
from config.models import (
    Containers,
    KeyValueTable,
    ObjectStore,
    RelationalDatabase,
    Residency,
    Service,
    Site,
    VirtualMachines,
)
from config.regions import DEFAULT_ZONES

if TYPE_CHECKING:
    from config.clouds import Settings

CLOUD = PROFILE.cloud

# Cloud SQL machine tiers (Cloud SQL "Instance settings", machine types): Enterprise Plus
# performance-optimized N2 and C4A tiers, Enterprise custom tiers db-custom-<vCPUs>-<MiB>, and the
# shared-core db-f1-micro / db-g1-small.
CLOUD_SQL_TIER = re.compile(r"^db-(perf-optimized-N-\d+|c4a-highmem-\d+|custom-\d+-\d+|f1-micro|g1-small)$")
# Cloud SQL for PostgreSQL database versions (POSTGRES_9_6 ... POSTGRES_17).
CLOUD_SQL_POSTGRES_MAJORS = (9, 10, 11, 12, 13, 14, 15, 16, 17)
# Compute Engine images: projects/<project>/global/images/<name> or .../images/family/<family>.
GCE_IMAGE = re.compile(r"^projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/global/images/(family/)?[a-z][-a-z0-9]*$")
# Compute Engine machine types: <series>-<type>[-<vCPUs>], e.g. n2-standard-2, e2-medium.
GCE_MACHINE_TYPE = re.compile(r"^[a-z][a-z0-9]*-[a-z0-9]+(-[a-z0-9]+)*$")
# Cloud Run "Deploying container images": images in Artifact Registry (<location>-docker.pkg.dev)
# or Docker Hub (docker.io, or no registry host); other registries need an Artifact Registry
# remote repository in front of them.
CLOUD_RUN_REGISTRY = re.compile(
    r"^([a-z0-9-]+-docker\.pkg\.dev/|docker\.io/|[a-z0-9_-]+(/[a-z0-9._-]+)?[:@])"
)
# Cloud Run "CPU limits" / "Memory limits": whole vCPUs 1, 2, 4, 6, 8 (fractional CPU < 1 needs
# request-only CPU allocation and concurrency 1, which this program does not configure), each
# with a memory range in MiB ("Memory required when setting a CPU value").
CLOUD_RUN_MEMORY_MIB: dict[int, range] = {
    1: range(512, 4097),
    2: range(512, 8193),
    4: range(2048, 16385),
    6: range(4096, 24577),
    8: range(4096, 32769),
}
FARGATE_UNITS_PER_VCPU = 1024
# GCP label values (Resource Manager "Labels"): up to 63 lowercase letters, digits, '_' and '-'.
LABEL_VALUE = re.compile(r"^[a-z0-9_-]{0,63}$")


def problems(settings: Settings) -> Iterator[Problem]:
    sites = settings.sites
    ours = [(w, s) for w, s in (("primary", sites.primary), ("recovery", sites.recovery)) if s.cloud == CLOUD]
    yield from _zone_problems(settings, [w for w, _ in ours])
    if not ours:
        return
    yield from _project_problems(ours)
    if settings.recovery_control:
        yield Problem(
            "failover.recoveryControl",
            "Route 53 Application Recovery Controller switches Route 53 records; a Google Cloud "
            "site fails over through Cloud DNS's health-checked routing policy, which has no "
            "routing controls: turn recoveryControl off",
            True,
        )
    both = len(ours) == 2
    for index, service in settings.services:
        if both:
            yield from _store_problems(index, service, settings)
        yield from _compute_problems(index, service)
        if not LABEL_VALUE.match(service.owner):
            yield Problem(
                _key(index, service, ".owner"),
                "becomes the `owner` label on every GCP resource: use up to 63 lowercase letters, "
                "digits, '_' and '-' (GCP label values)",
                service.owner,
            )


def _key(index: int, service: Service, rest: str = "") -> str:
    return f"services[{index}:{service.name}]{rest}"


# --- sites, projects, the zone ----------------------------------------------------------------


def _project_problems(ours: list[tuple[str, Site]]) -> Iterator[Problem]:
    for which, site in ours:
        if site.project_id is None:
            yield Problem(
                f"sites.{which}.projectId",
                "required for a Google Cloud site: the project its resources are created in "
                "(6-30 characters a-z, 0-9 and '-', starting with a letter)",
            )
    projects = [s.project_id for _, s in ours if s.project_id is not None]
    if len(projects) == 2 and projects[0] != projects[1]:
        yield Problem(
            "sites.recovery.projectId",
            f"both Google Cloud sites use one project ({projects[0]}): a Cloud SQL replica is "
            "created in its primary's project, and the shared network, dual-region buckets, "
            "Firestore databases and certificates are single resources both sites use",
            projects[1],
        )


def _zone_problems(settings: Settings, ours: list[str]) -> Iterator[Problem]:
    sites, dns = settings.sites, settings.dns
    if dns is None:
        return
    if dns.cloud == CLOUD and len(ours) != 2:
        yield Problem(
            "dns.cloud",
            "a Cloud DNS zone fails over Google Cloud sites only (its routing policy health-checks "
            "the sites' global load balancer addresses); put both sites on gcp or keep the zone "
            "on the sites' cloud",
            dns.cloud,
        )
        return
    if len(ours) != 2 or not any(s.endpoint is not None for _, s in settings.services):
        return
    if pair(sites.primary.cloud, sites.recovery.cloud, dns.cloud).failover != PROFILE.traffic_failover:
        yield Problem(
            "dns.cloud",
            "with both sites on Google Cloud the public zone must be a Cloud DNS zone (dns.cloud: "
            "gcp, with managedZone and projectId): its failover routing policy health-checks both "
            "sites. A Route 53 zone serves a Google Cloud site only as the recovery site of a prod "
            'on AWS (README, "Cross-cloud recovery"), whose dr stack writes the Route 53 records '
            "and health checks with its AWS provider and alarms to prod's topic; a pair of GCP "
            "sites has no AWS account, provider or topic for them, and prod's certificates would "
            "need their DNS authorization written into Route 53 from a GCP stack",
            dns.cloud,
        )


# --- where the shared data lives --------------------------------------------------------------


def _store_problems(index: int, service: Service, settings: Settings) -> Iterator[Problem]:
    sites = settings.sites
    a, b = sites.primary.region, sites.recovery.region
    for s_index, store in enumerate(service.data_stores):
        key = _key(index, service, f".dataStores[{s_index}]")
        if isinstance(store, KeyValueTable):
            yield from _firestore_problems(key, index, service, a, b, settings)
        elif isinstance(store, ObjectStore):
            yield from _bucket_problems(key, a, b)
        elif isinstance(store, RelationalDatabase):
            yield from _cloud_sql_problems(key, store)
    if any(isinstance(s, KeyValueTable) for s in service.data_stores):
        yield from _firestore_backup_problems(index, service, settings)


def _firestore_problems(
    key: str, index: int, service: Service, a: str, b: str, settings: Settings
) -> Iterator[Problem]:
    found = firestore_locations_for(a, b)
    if not found:
        options = "; ".join(
            f"{m.name} ({' + '.join(m.read_write)})" for m in gcp_regions.FIRESTORE_MULTI_REGIONS.values()
        )
        yield Problem(
            f"{key}.kind",
            f"a key-value store lives in a Firestore multi-region whose read-write regions hold both "
            f"sites' regions ({a} and {b}), and none does; choose sites in one of: {options}",
            "keyvalue",
        )
        return
    location = found[0]
    if location.name not in FIRESTORE_KMS_LOCATIONS:  # pragma: no cover - every listed one has one
        yield Problem(
            f"{key}.kind", f"Firestore {location.name} has no Cloud KMS location for CMEK", "keyvalue"
        )
    zone = service.residency or settings.residency.default
    outside = [r for r in location.regions if not _inside(r, zone, settings.residency)]
    if outside:
        yield Problem(
            _key(index, service, ".residency"),
            f"the key-value store lives in Firestore {location.name}, which replicates to "
            f"{', '.join(location.regions)}; {', '.join(outside)} is outside {zone!r}",
            zone,
        )


def _inside(region: str, zone: str, residency: Residency) -> bool:
    """Whether `region` may hold `zone` data. A private region (us-central2, a Firestore witness
    that no residency list can name) is judged by its country."""
    if zone == "any":
        return True
    zones = {**DEFAULT_ZONES, **(residency.zones or {})}
    if region in zones[zone]:
        return True
    private = {r.name: r for r in gcp_regions.PRIVATE_REGIONS}.get(region)
    if private is None or (residency.zones and zone in residency.zones):
        return False
    return private.country in EU_MEMBER_STATES if zone == "eu" else private.country == "US"


def _bucket_problems(key: str, a: str, b: str) -> Iterator[Problem]:
    location = bucket_location_for(a, b)
    if location is None:
        pairs = [
            d
            for d in (
                *gcp_regions.PREDEFINED_DUAL_REGIONS.values(),
                *(
                    gcp_regions.DualRegion(code, pair_)
                    for code in gcp_regions.CONFIGURABLE_DUAL_REGIONS
                    for pair_ in gcp_regions.configurable_pairs(code)
                ),
            )
            if a in d.regions
        ]
        partners = sorted({r for d in pairs for r in d.regions if r != a})
        yield Problem(
            f"{key}.kind",
            f"an object store is one Cloud Storage dual-region bucket with turbo replication spanning "
            f"both sites, and no dual-region pairs {a} with {b}; {a} pairs with: "
            f"{', '.join(partners) or 'none'}",
            "object",
        )
        return
    if location.name not in DUAL_REGION_KMS_LOCATIONS:
        kms = ", ".join(f"{code} ({kms})" for code, kms in DUAL_REGION_KMS_LOCATIONS.items())
        yield Problem(
            f"{key}.kind",
            f"the bucket spanning {a} and {b} is located in {location.name}, which has no Cloud KMS "
            f"location for its CMEK key (the key must be in the bucket's location); dual-regions "
            f"with one: {kms}",
            "object",
        )


def _cloud_sql_problems(key: str, store: RelationalDatabase) -> Iterator[Problem]:
    if not CLOUD_SQL_TIER.match(store.instance_class):
        yield Problem(
            f"{key}.instanceClass",
            "a Google Cloud site needs a Cloud SQL tier: db-perf-optimized-N-<vCPUs> or "
            "db-c4a-highmem-<vCPUs> (Enterprise Plus), db-custom-<vCPUs>-<MiB> (Enterprise)",
            store.instance_class,
        )
    major = int(store.engine_version.split(".")[0])
    if major not in CLOUD_SQL_POSTGRES_MAJORS or (major == 9 and store.engine_version != "9.6"):
        yield Problem(
            f"{key}.engineVersion",
            f"Cloud SQL for PostgreSQL offers major versions 9.6 and "
            f"{CLOUD_SQL_POSTGRES_MAJORS[1]}-{CLOUD_SQL_POSTGRES_MAJORS[-1]}",
            store.engine_version,
        )


def _firestore_backup_problems(index: int, service: Service, settings: Settings) -> Iterator[Problem]:
    """Firestore is not in Backup and DR: its own backup schedules run daily or weekly and keep
    each backup at most 14 weeks (Firestore "Back up and restore data")."""
    tier = settings.tiers.get(service.tier)
    if tier is None:
        return
    own = service.backup
    frequency = own.frequency or tier.backup_frequency
    retention = own.retention or tier.backup_retention
    where = _key(index, service, ".backup") if own.frequency else f"tiers.{service.tier}"
    if frequency not in FIRESTORE_BACKUP_FREQUENCIES:
        yield Problem(
            f"{where}.{'frequency' if own.frequency else 'backupFrequency'}",
            f"service {service.name!r} has a key-value store, backed up by Firestore's own schedules, "
            "which run daily (1d) or weekly (7d) only",
            format_duration(frequency),
        )
    if retention > FIRESTORE_BACKUP_MAX_RETENTION:
        where = _key(index, service, ".backup") if own.retention else f"tiers.{service.tier}"
        yield Problem(
            f"{where}.{'retention' if own.retention else 'backupRetention'}",
            f"Firestore keeps a scheduled backup at most {format_duration(FIRESTORE_BACKUP_MAX_RETENTION)}",
            format_duration(retention),
        )


# --- compute ------------------------------------------------------------------------------------


def _compute_problems(index: int, service: Service) -> Iterator[Problem]:
    compute = service.compute
    if isinstance(compute, Containers):
        key = _key(index, service, ".compute")
        if not CLOUD_RUN_REGISTRY.match(compute.image):
            yield Problem(
                f"{key}.image",
                "Cloud Run deploys images from Artifact Registry (<location>-docker.pkg.dev/...) or "
                "Docker Hub; put other registries behind an Artifact Registry remote repository",
                compute.image,
            )
        vcpus, rest = divmod(compute.cpu, FARGATE_UNITS_PER_VCPU)
        allowed = CLOUD_RUN_MEMORY_MIB.get(vcpus) if not rest else None
        if allowed is None:
            yield Problem(
                f"{key}.cpu",
                "Cloud Run takes whole vCPUs here: cpu 1024, 2048, 4096 or 8192 (1, 2, 4 or 8 vCPUs)",
                compute.cpu,
            )
        elif compute.memory not in allowed:
            yield Problem(
                f"{key}.memory",
                f"Cloud Run with {vcpus} vCPU takes {allowed.start}-{allowed.stop - 1} MiB of memory",
                compute.memory,
            )
    elif isinstance(compute, VirtualMachines):
        key = _key(index, service, ".compute")
        if not GCE_IMAGE.match(compute.image):
            yield Problem(
                f"{key}.image",
                "a Google Cloud site needs a Compute Engine image, "
                "projects/<project>/global/images/<name> or .../images/family/<family>",
                compute.image,
            )
        if not GCE_MACHINE_TYPE.match(compute.instance_type):
            yield Problem(
                f"{key}.instanceType",
                "a Google Cloud site needs a Compute Engine machine type, e.g. n2-standard-2",
                compute.instance_type,
            )
