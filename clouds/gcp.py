"""Google Cloud's capability profile: the figures GCP sites contribute to RPO and RTO, with their
sources, and what GCP cannot do (or this program does not build there), with the reason.

Figures come from ../shared/dr-reference.md (its GCP rows: "Data replication", "Azure and GCP
building blocks"). Google publishes no numeric RPO for Cloud SQL replication, no promotion time
and no Cloud DNS TTL guidance: those constants end in `_ASSUMED` and their source says so.

How each protection mode maps to GCP (argued by the posture numbers):

- `replicated-bucket`: one Cloud Storage bucket in a dual-region spanning both sites' regions
  with turbo replication (`rpo: ASYNC_TURBO`): the only GCS cross-region mode with a published
  bound (100 % of new objects within 15 min, dual-region RTO 0: no promotion, both regions
  serve). A bucket per site kept in sync by Storage Transfer Service has no published RPO,
  event-driven transfers do not propagate deletions and scheduled ones run at most hourly
  (dr-reference, cross-cloud paths), so its region-loss RPO could not be stated at all.
- `global-database`: Cloud SQL for PostgreSQL Enterprise Plus with advanced disaster recovery:
  a designated DR replica in the recovery region, replica failover in one call and a write
  endpoint (DNS name) that follows the primary, like Aurora Global Database's managed failover.
- `cross-region-replica`: a plain Cloud SQL cross-region read replica, promoted to a standalone
  instance (clients re-pointed, failback rebuilt), like an RDS cross-region replica.
- `multi-region-table`: a Firestore (Native mode) database in a multi-region location whose
  read-write regions include both sites' regions (nam5, nam7, eur3); it serves through a
  region loss with nothing to promote.
- `backup-copy`: unsupported. Backup and DR backup plans have no cross-region copy, and a
  Cloud SQL read replica cannot itself be backed up (backups are disabled on replicas), so a
  store protected only by backups would have nothing in the recovery region. Relational and
  key-value stores fall back to a live replica (`services.protection.preferences`); volumes
  become a config error naming this reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from clouds import gcp_regions
from clouds.base import (
    CloudProfile,
    Figure,
    ModeCapability,
    Rate,
    StoreKind,
    TrafficFailover,
    Unsupported,
)

# --- DNS failover (Cloud DNS routing policies) ----------------------------------------------

# Cloud DNS "DNS routing policies and health checks" (dr-reference, GCP building blocks): a
# failover (primary-backup) policy health-checks external endpoints with a global health check
# that names exactly 3 source regions, and such a check runs at most every 30 s
# (compute HealthCheck.sourceRegions: "checkIntervalSec must be at least 30").
HEALTH_CHECK_INTERVAL: Final = Figure(
    "CLOUD_DNS_HEALTH_CHECK_INTERVAL",
    timedelta(seconds=30),
    "Cloud DNS routing policies: source-region health checks run every >= 30 s",
)
# Compute Engine HealthCheck API: unhealthyThreshold 1-10 consecutive failures (default 2).
HEALTH_CHECK_MIN_FAILURES: Final = 1
HEALTH_CHECK_MAX_FAILURES: Final = 10
HEALTH_CHECK_SOURCE_REGIONS: Final = 3
"""A health check with source regions names exactly this many (mock-blind; tested)."""
CLOUD_DNS_FAILOVER: Final = TrafficFailover(
    cloud="gcp",
    implementation="Cloud DNS failover routing policy",
    interval=HEALTH_CHECK_INTERVAL,
    min_failures=HEALTH_CHECK_MIN_FAILURES,
    max_failures=HEALTH_CHECK_MAX_FAILURES,
    failures_source="Compute Engine HealthCheck unhealthyThreshold 1-10",
    # The routing policy answers from the zone itself: the zone must be a Cloud DNS zone.
    requires_own_zone=True,
    ttl_source="dns.ttl; Cloud DNS publishes no TTL guidance for routing-policy records (<= 60 s kept)",
)

# --- replication (region loss RPO) ----------------------------------------------------------

# GCS "Data availability and durability": turbo replication (dual-region only) targets 100 % of
# newly written objects within 15 min; dual-region RTO designed as 0.
GCS_TURBO_REPLICATION: Final = Figure(
    "GCS_TURBO_REPLICATION", timedelta(minutes=15), "GCS turbo replication: 100 % of new objects in 15 min"
)
# Cloud SQL "Replication" / "Use advanced DR": asynchronous replicas, no numeric RPO published.
CLOUDSQL_REPLICA_LAG_ASSUMED: Final = Figure(
    "CLOUDSQL_REPLICA_LAG_ASSUMED",
    timedelta(seconds=1),
    "assumption: Cloud SQL replica lag ~1 s (Cloud SQL publishes no numeric RPO)",
)
# Firestore multi-region: a write commits on a quorum of the read-write regions and the witness,
# so a region loss loses no committed write (reference: "serves through a region loss"; no figure).
FIRESTORE_REGION_LOSS_ASSUMED: Final = Figure(
    "FIRESTORE_REGION_LOSS_ASSUMED",
    timedelta(0),
    "assumption: Firestore multi-region commits across regions synchronously (reference gives no figure)",
)

# --- promotion (region loss RTO) ------------------------------------------------------------

# Cloud SQL "Use advanced DR": replica failover promotes the designated DR replica in one call
# and moves the write endpoint; "immediate" in the docs, no figure. Assumption: 5 min.
CLOUDSQL_DR_FAILOVER_ASSUMED: Final = Figure(
    "CLOUDSQL_DR_FAILOVER_ASSUMED",
    timedelta(minutes=5),
    "assumption: Cloud SQL advanced DR replica failover 5 min (reference: no figure)",
)
# Cloud SQL "Replication": cross-region read replicas are promoted manually; no figure.
# Assumption: 15 min, as for an RDS replica (promotion plus re-pointing clients).
CLOUDSQL_REPLICA_PROMOTION_ASSUMED: Final = Figure(
    "CLOUDSQL_REPLICA_PROMOTION_ASSUMED",
    timedelta(minutes=15),
    "assumption: Cloud SQL read replica promotion 15 min (reference: promoted manually, no figure)",
)

# --- in-region failover (zone loss) ---------------------------------------------------------

# Cloud SQL regional (HA) instances fail over to the standby zone; no figure in the reference.
DB_IN_REGION_FAILOVER_ASSUMED: Final = Figure(
    "DB_IN_REGION_FAILOVER_ASSUMED",
    timedelta(minutes=2),
    "assumption: Cloud SQL HA failover 2 min (no figure in the reference)",
)
# Regional persistent disks, Cloud SQL HA, dual-region GCS and Firestore write synchronously
# across zones: a zone loss loses no committed data.
ZONE_LOSS_DATA_LOSS_ASSUMED: Final = Figure(
    "ZONE_LOSS_DATA_LOSS_ASSUMED", timedelta(0), "assumption: zone-redundant storage loses no committed data"
)

# --- compute in the recovery site -----------------------------------------------------------

# No figure in the reference: a managed instance group scaled from zero boots, runs its startup
# and passes the load balancer's health checks in 15 min.
VM_SCALE_UP_ASSUMED: Final = Figure(
    "VM_SCALE_UP_ASSUMED", timedelta(minutes=15), "assumption: MIG scale-up from zero 15m"
)
# No figure in the reference: Cloud Run raising min instances from zero serves in 5 min
# (revision update, image already imported, cold starts behind the load balancer).
CONTAINER_SCALE_UP_ASSUMED: Final = Figure(
    "CONTAINER_SCALE_UP_ASSUMED", timedelta(minutes=5), "assumption: Cloud Run scale-up from zero 5m"
)
PROVISION_FROM_CODE_ASSUMED: Final = Figure(
    "PROVISION_FROM_CODE_ASSUMED", timedelta(minutes=30), "assumption: provisioning 30m"
)

# --- backups --------------------------------------------------------------------------------

# Backup and DR "Backup plans": hourly backups every 6-23 h for Cloud SQL instances (1-23 for
# Compute Engine); the Cloud SQL floor is the one every relational store meets.
BACKUP_MIN_FREQUENCY: Final = Figure(
    "BACKUP_MIN_FREQUENCY",
    timedelta(hours=6),
    "Backup and DR backup plans: hourly frequency 6-23 h for Cloud SQL",
)
CLOUDSQL_HOURLY_FREQUENCY: Final = range(6, 24)
"""Backup and DR's allowed `hourlyFrequency` for Cloud SQL instances."""
BACKUP_WINDOW_MIN_HOURS: Final = 6
"""Backup and DR backup windows are at least 6 h long."""
# Cloud SQL: transaction logs for point-in-time recovery are kept 1-35 days on Enterprise Plus
# (1-7 on Enterprise); the reference does not list it.
PITR_MAX_RETENTION_ASSUMED: Final = Figure(
    "PITR_MAX_RETENTION_ASSUMED",
    timedelta(days=35),
    "assumption: Cloud SQL Enterprise Plus keeps PITR logs 1-35 days (not in the reference)",
)
ENTERPRISE_PITR_MAX_DAYS: Final = 7
"""Cloud SQL Enterprise edition keeps transaction logs at most 7 days."""
# Recovery points: Cloud SQL restores to a timestamp; Firestore PITR keeps whole-minute versions
# (7 days). The coarser minute is assumed for both; the reference gives no precision.
PITR_PRECISION_ASSUMED: Final = Figure(
    "PITR_PRECISION_ASSUMED",
    timedelta(minutes=1),
    "assumption: point-in-time restores land on the minute (Firestore PITR granularity)",
)
PITR_KINDS: Final[frozenset[StoreKind]] = frozenset({"relational", "object"})
"""Relational: Backup and DR keeps Cloud SQL's logs in the vault (`logRetentionDays`), so a
restore can target a point in time. Objects: every bucket keeps each overwritten or deleted
version (Object Versioning) and soft-deletes them, so each object restores to its last version
before the incident. Firestore is not in Backup and DR: its own daily/weekly backups are the
floor for key-value stores."""


@dataclass(frozen=True)
class BackupSchedule:
    """A Backup and DR standard schedule (backupRules[].standardSchedule)."""

    recurrence: str
    """HOURLY, DAILY, WEEKLY or MONTHLY."""
    hourly_frequency: int | None = None
    days_of_week: tuple[str, ...] = ()
    days_of_month: tuple[int, ...] = ()

    def __str__(self) -> str:
        return (
            f"{self.recurrence} every {self.hourly_frequency}h" if self.hourly_frequency else self.recurrence
        )


SCHEDULES_ALLOWED: Final = (
    "Backup and DR schedules: every 6, 8 or 12 h (hourly frequency 6-23 h for Cloud SQL, "
    "evenly dividing a day), daily (1d), weekly (7d) or monthly (30d)"
)


def schedule_for(every: timedelta) -> BackupSchedule | None:
    """The Backup and DR schedule that backs up every `every`, or None when none does."""
    seconds = int(every.total_seconds())
    if seconds % 3600:
        return None
    hours = seconds // 3600
    if hours < 24:
        ok = hours in CLOUDSQL_HOURLY_FREQUENCY and 24 % hours == 0
        return BackupSchedule("HOURLY", hourly_frequency=hours) if ok else None
    if hours == 24:
        return BackupSchedule("DAILY")
    if hours == 24 * 7:
        return BackupSchedule("WEEKLY", days_of_week=("SUNDAY",))
    if hours >= 24 * 28 and hours % 24 == 0 and hours <= 24 * 31:
        return BackupSchedule("MONTHLY", days_of_month=(1,))
    return None


def _schedule_text(every: timedelta) -> str | None:
    found = schedule_for(every)
    return None if found is None else str(found)


# Firestore "Backups": schedules are daily or weekly, each backup kept up to 14 weeks.
FIRESTORE_BACKUP_FREQUENCIES: Final = (timedelta(days=1), timedelta(days=7))
FIRESTORE_BACKUP_MAX_RETENTION: Final = timedelta(weeks=14)


def _restore_rate(kind: StoreKind, gb_per_hour: int, what: str) -> Rate:
    return Rate(
        "RESTORE_GB_PER_HOUR_ASSUMED",
        gb_per_hour,
        f"assumption: {kind} restore throughput {gb_per_hour} GB/h (no figure in the reference; {what})",
    )


RESTORE_GB_PER_HOUR_ASSUMED: Final[dict[StoreKind, Rate]] = {
    "relational": _restore_rate("relational", 500, "Cloud SQL restore from a backup vault or PITR clone"),
    "keyvalue": _restore_rate("keyvalue", 200, "Firestore restore to a new database"),
    "object": _restore_rate("object", 1000, "restoring noncurrent or soft-deleted object versions"),
    "volume": _restore_rate("volume", 500, "persistent disk restore from Backup and DR"),
}

# --- Cloud SQL advanced DR: what the DR replica's primary must be (mock-blind) --------------

# Cloud SQL "Use advanced disaster recovery" (dr-reference): Enterprise Plus, PITR on,
# PostgreSQL >= 12, the DR replica in another region, not cascadable, and no
# `cloudsql.logical_decoding` flag. Edition and engine version are checked at the config
# boundary below; PITR, the flag and cascadability are set by the component and tested.
ADVANCED_DR_MIN_POSTGRES: Final = 12
ENTERPRISE_PLUS_TIERS: Final = ("db-perf-optimized-N-", "db-c4a-highmem-")
"""Cloud SQL Enterprise Plus machine tiers (Cloud SQL "Editions": performance-optimized N2 and
C4A); every other tier (db-custom-*, shared-core) is Enterprise edition."""


def is_enterprise_plus(tier: str) -> bool:
    return tier.startswith(ENTERPRISE_PLUS_TIERS)


def _advanced_dr_requirements(store: Mapping[str, object]) -> Sequence[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    tier = str(store.get("instanceClass", ""))
    if not is_enterprise_plus(tier):
        out.append(
            (
                "instanceClass",
                f"{tier!r} is an Enterprise edition tier; Cloud SQL advanced DR (this store's "
                "protection, from its rto under 1h) needs Enterprise Plus: use db-perf-optimized-N-<vCPUs> "
                "(e.g. db-perf-optimized-N-4) or db-c4a-highmem-<vCPUs>",
            )
        )
    version = str(store.get("engineVersion", ""))
    major = int(version.split(".")[0]) if version.split(".")[0].isdigit() else 0
    if major < ADVANCED_DR_MIN_POSTGRES:
        out.append(
            (
                "engineVersion",
                f"PostgreSQL {version} is below {ADVANCED_DR_MIN_POSTGRES}; Cloud SQL advanced DR needs "
                f"PostgreSQL {ADVANCED_DR_MIN_POSTGRES} or later",
            )
        )
    return out


PROFILE: Final = CloudProfile(
    cloud="gcp",
    title="Google Cloud",
    # A global external Application Load Balancer answers on an anycast IPv4 address and has no DNS
    # name (dr-reference, cross-cloud DNS: an A record to the GCP global static IP).
    load_balancer_entry="address",
    modes={
        "replicated-bucket": ModeCapability(
            kinds=frozenset({"object"}),
            implementation="Cloud Storage dual-region bucket with turbo replication",
            short="GCS turbo replication",
            lag=GCS_TURBO_REPLICATION,
            promotion=None,
        ),
        "global-database": ModeCapability(
            kinds=frozenset({"relational"}),
            implementation="Cloud SQL for PostgreSQL Enterprise Plus with advanced DR (DR replica failover)",
            short="Cloud SQL advanced DR",
            lag=CLOUDSQL_REPLICA_LAG_ASSUMED,
            promotion=CLOUDSQL_DR_FAILOVER_ASSUMED,
            store_requirements=_advanced_dr_requirements,
        ),
        "cross-region-replica": ModeCapability(
            kinds=frozenset({"relational"}),
            implementation="Cloud SQL for PostgreSQL cross-region read replica",
            short="Cloud SQL replica",
            lag=CLOUDSQL_REPLICA_LAG_ASSUMED,
            promotion=CLOUDSQL_REPLICA_PROMOTION_ASSUMED,
        ),
        "multi-region-table": ModeCapability(
            kinds=frozenset({"keyvalue"}),
            implementation="Firestore (Native mode) multi-region database",
            short="Firestore multi-region",
            lag=FIRESTORE_REGION_LOSS_ASSUMED,
            promotion=None,
        ),
        "backup-copy": Unsupported(
            "backup-copy",
            "Backup and DR backup plans have no cross-region copy (dr-reference, GCP backup vault) and "
            "Cloud SQL read replicas cannot be backed up, so backups alone leave nothing in the recovery "
            "region; relational and key-value stores get a live replica instead, VM volumes are not built",
        ),
    },
    traffic_failover=CLOUD_DNS_FAILOVER,
    backup_service="Backup and DR",
    backup_min_frequency=BACKUP_MIN_FREQUENCY,
    backup_schedule=_schedule_text,
    backup_schedules_allowed=SCHEDULES_ALLOWED,
    continuous_backup_kinds=PITR_KINDS,
    continuous_backup_max_retention=PITR_MAX_RETENTION_ASSUMED,
    pitr_precision=PITR_PRECISION_ASSUMED,
    restore_rates=RESTORE_GB_PER_HOUR_ASSUMED,
    scale_up={"vms": VM_SCALE_UP_ASSUMED, "containers": CONTAINER_SCALE_UP_ASSUMED},
    scale_up_note={"vms": "", "containers": ""},
    provision_from_code=PROVISION_FROM_CODE_ASSUMED,
    in_region_database_failover=DB_IN_REGION_FAILOVER_ASSUMED,
    zone_loss_data_loss=ZONE_LOSS_DATA_LOSS_ASSUMED,
    worm="Cloud Storage retention policy (Bucket Lock)",
    object_versioning="Object Versioning and soft delete on every bucket",
    resilience_assessment=Unsupported(
        "resilience assessment",
        "Google Cloud has no generally available counterpart of AWS Resilience Hub that judges a "
        "deployed application against RPO/RTO policies; the posture check is the only assessment",
    ),
)


# --- where the site pair's shared data lives --------------------------------------------------


def firestore_locations_for(primary: str, recovery: str) -> list[gcp_regions.FirestoreMultiRegion]:
    """Firestore multi-regions whose read-write regions hold both sites' regions (a database's
    location is fixed at creation, so only these keep a full replica in both sites)."""
    return [
        m for m in gcp_regions.FIRESTORE_MULTI_REGIONS.values() if {primary, recovery} <= set(m.read_write)
    ]


# Firestore Admin API, Database.CmekConfig.kmsKeyName: "For Firestore's nam5 multi-region, this
# corresponds to Cloud KMS multi-region us. For Firestore's eur3 multi-region, this corresponds
# to Cloud KMS multi-region europe." nam7 (also in the United States) is not named there; `us`
# is assumed, the KMS multi-region that contains both of its read-write regions.
FIRESTORE_KMS_LOCATIONS: Final[dict[str, str]] = {"nam5": "us", "nam7": "us", "eur3": "europe"}


def bucket_location_for(primary: str, recovery: str) -> gcp_regions.DualRegion | None:
    """The dual-region a bucket spanning both sites uses: the predefined one when Google offers
    it, else a configurable one (gcp_regions.dual_regions_for lists both, predefined first)."""
    found = gcp_regions.dual_regions_for(primary, recovery)
    return found[0] if found else None


# Cloud Storage CMEK: the key must be in the bucket's location. A configurable dual-region is
# located in its multi-region code (its key in that KMS multi-region); a predefined dual-region
# has a KMS location of the same name (Cloud KMS "Locations": dual-regional nam4, eur4, asia1).
# Codes with no KMS location of their own are left out: such a pair is a config error.
DUAL_REGION_KMS_LOCATIONS: Final[dict[str, str]] = {
    "US": "us",
    "EU": "europe",
    "ASIA": "asia",
    "NAM4": "nam4",
    "EUR4": "eur4",
    "ASIA1": "asia1",
}
