"""Azure's capability profile: every number the posture and the config floors rely on for Azure
sites, with its source, what Azure cannot do (and why), and what an Azure site refuses to host.

Figures come from ../shared/dr-reference.md (its Azure rows: "Azure and GCP building blocks",
"DNS and health checks", "Data replication"). Where the reference gives no figure the constant's
name ends in `_ASSUMED` and its source says what the assumption is: revise them here, and only here.

How each protection mode is carried out on Azure (and argued in the posture):
- replicated-bucket: Azure Storage object replication from prod's account to a dr account. The dr
  account is live (like an S3 replica), so a region loss needs no account failover; GZRS's
  geo-copy goes to the fixed pair and needs a customer-managed failover, which object replication
  does not support on either account. Object replication has no SLA (the 15 min "priority
  replication" needs a newer storage API than the SDK's), so its lag is an assumption, taken
  as GRS's "typically < 15 min".
- cross-region-replica: a PostgreSQL flexible server read replica in dr behind a virtual endpoint.
- global-database: unsupported (no Aurora-like managed multi-region cluster on flexible server);
  stores that would take it fall back to the replica (services.protection.preferences).
- multi-region-table: one Cosmos DB account over both regions, strong consistency, one write
  region with service-managed failover: RPO 0, RTO < 15 min (multi-region writes would give
  RTO 0 but rule strong consistency out, and with it RPO 0).
- backup-copy: PostgreSQL's geo-redundant backup, geo-restored in the paired region (RPO < 1 h).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

from clouds.azure_sizes import (
    POSTGRES_CLASSES_ALLOWED,
    POSTGRES_MAX_STORAGE_GB,
    VM_TYPES_ALLOWED,
    container_resources,
    postgres_sku,
    vm_size,
)
from clouds.base import (
    CloudProfile,
    ComputeSpec,
    Figure,
    Limit,
    ModeCapability,
    Rate,
    StoreKind,
    StoreSpec,
    TrafficFailover,
    Unsupported,
)

# --- traffic failover (Traffic Manager) ---------------------------------------------------------

# dr-reference, "Azure Traffic Manager": probes every 30 s or 10 s ("fast" probing); the program
# uses 10 s, like Route 53's fast checks.
TRAFFIC_MANAGER_PROBE_INTERVAL: Final = Figure(
    "TRAFFIC_MANAGER_PROBE_INTERVAL",
    timedelta(seconds=10),
    "Traffic Manager endpoint monitoring: probe every 10 s (fast) or 30 s",
)
# dr-reference: tolerated failures 0-9 (default 3); an endpoint is degraded on the first failure
# beyond them, so 1-10 consecutive failures fail it over (tierN.healthCheckFailureThreshold - 1 is
# the profile's toleratedNumberOfFailures).
TRAFFIC_MANAGER = TrafficFailover(
    cloud="azure",
    implementation="Traffic Manager priority routing",
    interval=TRAFFIC_MANAGER_PROBE_INTERVAL,
    min_failures=1,
    max_failures=10,
    failures_source="Traffic Manager tolerated failures 0-9 (degraded on the next failure)",
    # A profile answers for `<name>.trafficmanager.net`; the public name is a CNAME (or an Azure
    # DNS alias) to it, wherever the zone is hosted.
    requires_own_zone=False,
    ttl_source="Traffic Manager endpoint monitoring: TTL 60 s recommended",
)

# --- replication (region loss RPO) ----------------------------------------------------------

OBJECT_REPLICATION_LAG_ASSUMED: Final = Figure(
    "OBJECT_REPLICATION_LAG_ASSUMED",
    timedelta(minutes=15),
    "assumption: object replication lag 15 min (reference: async, no SLA; GRS 'typically < 15 min')",
)
# dr-reference, flexible server read replica: RPO typically 30 s-5 min (upper end taken; can grow
# to hours under heavy writes, which the replica-lag alert watches).
POSTGRES_REPLICA_LAG: Final = Figure(
    "POSTGRES_REPLICA_LAG",
    timedelta(minutes=5),
    "flexible server read replicas: RPO typically 30 s-5 min (upper end)",
)
# dr-reference, Cosmos DB: strong consistency RPO 0.
COSMOS_STRONG_RPO: Final = Figure("COSMOS_STRONG_RPO", timedelta(0), "Cosmos DB: strong consistency RPO 0")
# dr-reference, geo-redundant backup: geo-restore RPO < 1 h.
POSTGRES_GEO_RESTORE_RPO: Final = Figure(
    "POSTGRES_GEO_RESTORE_RPO",
    timedelta(hours=1),
    "flexible server geo-redundant backup: geo-restore RPO < 1 h",
)

# --- promotion (region loss RTO) ------------------------------------------------------------

# dr-reference: promotion is never automatic and has no published duration. Assumption: the
# runbook's forced "promote to primary server" completes in 10 min (the virtual endpoint then
# points the writer name at the former replica, so clients need no new connection string).
POSTGRES_REPLICA_PROMOTION_ASSUMED: Final = Figure(
    "POSTGRES_REPLICA_PROMOTION_ASSUMED",
    timedelta(minutes=10),
    "assumption: forced promotion of a flexible server replica 10 min (reference: no figure)",
)
# dr-reference, Cosmos DB: RTO < 15 min with a single write region (service-managed failover).
COSMOS_WRITE_REGION_FAILOVER: Final = Figure(
    "COSMOS_WRITE_REGION_FAILOVER",
    timedelta(minutes=15),
    "Cosmos DB: RTO < 15 min with one write region (service-managed failover)",
)

# --- in-region failover (zone loss) -----------------------------------------------------------

# dr-reference, PostgreSQL zone-redundant HA: RPO 0, RTO < 120 s (in-region).
POSTGRES_ZONE_REDUNDANT_FAILOVER: Final = Figure(
    "POSTGRES_ZONE_REDUNDANT_FAILOVER",
    timedelta(seconds=120),
    "PostgreSQL zone-redundant HA: RTO < 120 s",
)
ZONE_LOSS_DATA_LOSS_ASSUMED: Final = Figure(
    "ZONE_LOSS_DATA_LOSS_ASSUMED",
    timedelta(0),
    "assumption: zone-redundant storage loses nothing (reference: PostgreSQL zone-redundant HA "
    "RPO 0; GZRS and zone-redundant Cosmos DB taken the same)",
)

# --- compute in the recovery site -----------------------------------------------------------

# dr-reference gives Azure Site Recovery's VM RTO (< 1 h) only. Assumption: a scale set grows from
# zero to serving from its image in 20 min (boot, extension, gateway probes), like AWS's figure.
VM_SCALE_UP_ASSUMED: Final = Figure(
    "VM_SCALE_UP_ASSUMED", timedelta(minutes=20), "assumption: scale set from zero to serving 20m"
)
CONTAINER_SCALE_UP_ASSUMED: Final = Figure(
    "CONTAINER_SCALE_UP_ASSUMED",
    timedelta(minutes=5),
    "assumption: container app replicas from zero to serving 5m",
)
PROVISION_FROM_CODE_ASSUMED: Final = Figure(
    "PROVISION_FROM_CODE_ASSUMED", timedelta(minutes=30), "assumption: provisioning 30m"
)

# --- backups --------------------------------------------------------------------------------

# Azure Backup's vaulted policies for PostgreSQL flexible server and for blobs take daily or
# weekly schedules only (Az.DataProtection manifests: supportedBackupFrequency Daily, Weekly); the
# reference gives no Azure Backup frequency, so the floor is named an assumption.
BACKUP_MIN_FREQUENCY_ASSUMED: Final = Figure(
    "BACKUP_MIN_FREQUENCY_ASSUMED",
    timedelta(days=1),
    "assumption: Azure Backup vaulted policies run at most daily (PostgreSQL flexible server, blobs)",
)
SCHEDULE_START: Final = "2026-01-05T05:00:00+00:00"
"""Repeating intervals start on a Monday at 05:00 UTC (weekly backups run on Mondays)."""
SCHEDULES_ALLOWED: Final = "ISO 8601 repeating intervals Azure Backup accepts: daily (1d) or weekly (7d)"


def repeating_interval(every: timedelta) -> str | None:
    """Azure Backup's schedule (`R/<start>/P1D`) for `every`, or None when it has none."""
    if every == timedelta(days=1):
        return f"R/{SCHEDULE_START}/P1D"
    if every == timedelta(days=7):
        return f"R/{SCHEDULE_START}/P1W"
    return None


# Continuous backup with point-in-time restore, each the service's own and not user-deletable:
# flexible server backups (7-35 days), blob operational backup (Azure Backup over blob
# point-in-time restore), Cosmos DB continuous backup (7 or 30 days).
CONTINUOUS_KINDS: Final[frozenset[StoreKind]] = frozenset({"relational", "object", "keyvalue"})
POSTGRES_PITR_MAX_RETENTION_ASSUMED: Final = Figure(
    "POSTGRES_PITR_MAX_RETENTION_ASSUMED",
    timedelta(days=35),
    "assumption: flexible server keeps point-in-time backups at most 35 days (not in the reference)",
)
PITR_PRECISION_ASSUMED: Final = Figure(
    "PITR_PRECISION_ASSUMED",
    timedelta(seconds=1),
    "assumption: point-in-time restores land on the second before the incident",
)


def _restore_rate(kind: StoreKind, gb_per_hour: int, what: str) -> Rate:
    return Rate(
        "RESTORE_GB_PER_HOUR_ASSUMED",
        gb_per_hour,
        f"assumption: {kind} restore throughput {gb_per_hour} GB/h (no figure in the reference; {what})",
    )


RESTORE_GB_PER_HOUR_ASSUMED: Final[dict[StoreKind, Rate]] = {
    "relational": _restore_rate("relational", 500, "flexible server point-in-time or geo-restore"),
    "keyvalue": _restore_rate("keyvalue", 200, "Cosmos DB point-in-time restore to a new account"),
    "object": _restore_rate("object", 1000, "blob point-in-time restore or copying back versions"),
    "volume": _restore_rate("volume", 500, "managed disk restore"),
}

# --- what an Azure site refuses -----------------------------------------------------------------

# dr-reference: read replicas are not offered on the Burstable tier; zone-redundant HA (which the
# az-loss posture counts on for every prod server) is not offered there either.
BURSTABLE_REFUSED: Final = {
    "cross-region-replica": "flexible server offers no read replica on the Burstable tier",
    "primary": "flexible server offers no zone-redundant high availability on the Burstable tier",
}


# "Supported versions of PostgreSQL in Azure Database for PostgreSQL" (checked 2026): majors 13-17
# are generally available on flexible server (11 and 12 are retired; 18 is preview). A server is
# created with the major version only; the service applies minor versions itself.
POSTGRES_MAJOR_VERSIONS: Final = ("13", "14", "15", "16", "17")


def postgres_major(engine_version: str | None) -> str:
    return (engine_version or "").split(".", 1)[0]


def store_limits(spec: StoreSpec) -> list[Limit]:
    """Why an Azure site cannot host a store as declared."""
    if spec.kind != "relational":
        return []
    out: list[Limit] = []
    if postgres_major(spec.engine_version) not in POSTGRES_MAJOR_VERSIONS:
        out.append(
            (
                "engineVersion",
                f"flexible server runs PostgreSQL {', '.join(POSTGRES_MAJOR_VERSIONS)} (major versions)",
            )
        )
    if spec.size_gb > POSTGRES_MAX_STORAGE_GB:
        out.append(("sizeGb", f"flexible server storage is at most {POSTGRES_MAX_STORAGE_GB} GiB (32 TiB)"))
    sku = postgres_sku(spec.instance_class or "")
    if sku is None:
        out.append(("instanceClass", f"no flexible server SKU matches it; use {POSTGRES_CLASSES_ALLOWED}"))
    elif sku.burstable and (spec.site == "primary" or spec.mode == "cross-region-replica"):
        why = BURSTABLE_REFUSED["primary" if spec.site == "primary" else "cross-region-replica"]
        out.append(
            ("instanceClass", f"it runs as {sku.name} (Burstable) and {why}; use a db.m* or db.r* class")
        )
    return out


# A scale set boots from a marketplace image (`publisher:offer:sku:version`) or an image /
# compute gallery resource id ("Virtual Machine Scale Sets: imageReference").
VM_IMAGE: Final = re.compile(
    r"^([\w.-]+:[\w.-]+:[\w.-]+:[\w.-]+|/subscriptions/[0-9a-f-]{36}/resourceGroups/[^/]+/providers/"
    r"Microsoft\.Compute/(images|galleries)/.+)$"
)


def compute_limits(spec: ComputeSpec) -> list[Limit]:
    """Why an Azure site cannot run a service's compute as declared."""
    if spec.kind == "containers":
        if container_resources(spec.cpu or 0, spec.memory or 0) is None:
            why = (
                f"cpu {spec.cpu} / memory {spec.memory} MiB is not a Container Apps size: 0.25-4 vCPU "
                "(256-4096 units) in steps of 0.25 with 2 GiB per vCPU"
            )
            return [("memory", why)]
        return []
    out: list[Limit] = []
    if not VM_IMAGE.match(spec.image):
        out.append(
            (
                "image",
                f"{spec.image!r} is not an Azure image: use publisher:offer:sku:version or an "
                "image / compute gallery resource id",
            )
        )
    if vm_size(spec.instance_type or "") is None:
        out.append(("instanceType", f"{spec.instance_type!r} has no Azure VM size; use {VM_TYPES_ALLOWED}"))
    return out


PROFILE: Final = CloudProfile(
    cloud="azure",
    title="Azure",
    # An application gateway's public IP answers under its DNS label
    # (`<label>.<region>.cloudapp.azure.com`): another zone reaches it by CNAME (dr-reference,
    # cross-cloud DNS), which cannot sit at the zone apex (config.azure refuses that hostname).
    load_balancer_entry="name",
    modes={
        "replicated-bucket": ModeCapability(
            kinds=frozenset({"object"}),
            implementation="Azure Storage object replication to a dr storage account",
            short="object replication",
            lag=OBJECT_REPLICATION_LAG_ASSUMED,
            promotion=None,
        ),
        "global-database": Unsupported(
            "global-database",
            "Azure Database for PostgreSQL flexible server has no global-database mode (no managed "
            "multi-region cluster with sub-minute promotion); relational stores take a cross-region "
            "read replica behind a virtual endpoint instead",
        ),
        "cross-region-replica": ModeCapability(
            kinds=frozenset({"relational"}),
            implementation="PostgreSQL flexible server cross-region read replica with a virtual endpoint",
            short="PostgreSQL replica",
            lag=POSTGRES_REPLICA_LAG,
            promotion=POSTGRES_REPLICA_PROMOTION_ASSUMED,
        ),
        "multi-region-table": ModeCapability(
            kinds=frozenset({"keyvalue"}),
            implementation="Cosmos DB for NoSQL over both regions, strong consistency, one write region",
            short="Cosmos DB",
            lag=COSMOS_STRONG_RPO,
            promotion=COSMOS_WRITE_REGION_FAILOVER,
        ),
        "backup-copy": ModeCapability(
            kinds=frozenset({"relational"}),
            implementation="PostgreSQL geo-redundant backup, geo-restored in the paired region",
            short="PostgreSQL geo-restore",
            lag=POSTGRES_GEO_RESTORE_RPO,
            promotion=None,
        ),
    },
    traffic_failover=TRAFFIC_MANAGER,
    backup_service="Azure Backup",
    backup_min_frequency=BACKUP_MIN_FREQUENCY_ASSUMED,
    backup_schedule=repeating_interval,
    backup_schedules_allowed=SCHEDULES_ALLOWED,
    continuous_backup_kinds=CONTINUOUS_KINDS,
    continuous_backup_max_retention=POSTGRES_PITR_MAX_RETENTION_ASSUMED,
    pitr_precision=PITR_PRECISION_ASSUMED,
    restore_rates=RESTORE_GB_PER_HOUR_ASSUMED,
    scale_up={"vms": VM_SCALE_UP_ASSUMED, "containers": CONTAINER_SCALE_UP_ASSUMED},
    scale_up_note={"vms": "the reference gives Azure Site Recovery's RTO < 1 h only", "containers": ""},
    provision_from_code=PROVISION_FROM_CODE_ASSUMED,
    in_region_database_failover=POSTGRES_ZONE_REDUNDANT_FAILOVER,
    zone_loss_data_loss=ZONE_LOSS_DATA_LOSS_ASSUMED,
    worm="Azure Blob version-level immutability",
    object_versioning="blob versioning and soft delete on every storage account",
    resilience_assessment=Unsupported(
        "resilience assessment",
        "Azure has no generally available equivalent of AWS Resilience Hub (Azure's resilience "
        "management API, Microsoft.AzureResilienceManagement, is in preview); the posture check is "
        "the only assessment of an Azure site",
    ),
    store_limits=store_limits,
    compute_limits=compute_limits,
)
