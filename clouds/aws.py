"""AWS's capability profile: every documented number the posture and the config floors rely on
for AWS sites, with its source, and what AWS cannot do.

All figures come from ../shared/dr-reference.md (its sources are named next to each constant).
Where the reference says "unsure", or gives no figure at all, the constant's name ends in
`_ASSUMED` and its source says what the assumption is: revise them here, and only here.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

from clouds.base import (
    CloudProfile,
    ComputeSpec,
    Figure,
    Limit,
    ModeCapability,
    Rate,
    StoreKind,
    TrafficFailover,
)

# --- DNS failover (Route 53) ----------------------------------------------------------------

# Route 53 Developer Guide, "How Amazon Route 53 determines whether a health check is healthy":
# checks every 10 s ("fast") or 30 s; the interval cannot change after creation.
HEALTH_CHECK_INTERVAL: Final = Figure(
    "HEALTH_CHECK_INTERVAL", timedelta(seconds=10), "Route 53 guide, health check interval 10 s"
)
# Route 53 HealthCheckConfig API: FailureThreshold 1-10 consecutive failures (default 3).
HEALTH_CHECK_MIN_FAILURE_THRESHOLD: Final = 1
HEALTH_CHECK_MAX_FAILURE_THRESHOLD: Final = 10
# Route 53 guide, "Values specific for failover records": TTL <= 60 s recommended.
# Failover time ~= interval x threshold + TTL (derived in dr-reference; no SLA).
ROUTE53_FAILOVER: Final = TrafficFailover(
    cloud="aws",
    implementation="Route 53 failover records",
    interval=HEALTH_CHECK_INTERVAL,
    min_failures=HEALTH_CHECK_MIN_FAILURE_THRESHOLD,
    max_failures=HEALTH_CHECK_MAX_FAILURE_THRESHOLD,
    failures_source="HealthCheckConfig FailureThreshold",
    requires_own_zone=True,
    ttl_source="Route 53 guide, failover records: TTL <= 60 s",
    # Route 53 ARC developer guide: the recovery-control configuration API is served from
    # us-west-2; the dr stack creates the ARC resources through its own provider.
    routing_controls_region="us-west-2",
)

# --- replication (region loss RPO) ----------------------------------------------------------

# S3 guide, "Replicating objects with S3 RTC": 99.99 % of objects within 15 min (SLA).
S3_RTC_SLA: Final = Figure("S3_RTC_SLA", timedelta(minutes=15), "S3 RTC SLA: 99.99 % in 15 min")
# Aurora User Guide, global database overview: lag typically < 1 s.
AURORA_GLOBAL_LAG: Final = Figure("AURORA_GLOBAL_LAG", timedelta(seconds=1), "Aurora guide: lag < 1 s")
# RDS cross-region read replica lag: the reference gives no figure.
RDS_REPLICA_LAG_ASSUMED: Final = Figure(
    "RDS_REPLICA_LAG_ASSUMED",
    timedelta(seconds=1),
    "assumption: RDS replica lag ~1 s (no figure in the reference)",
)
# DynamoDB docs: global tables replicate "typically sub-second" (reference: unsure, no official
# figure).
DYNAMODB_REPLICATION_ASSUMED: Final = Figure(
    "DYNAMODB_REPLICATION_ASSUMED",
    timedelta(seconds=1),
    "assumption: sub-second, taken as 1 s (reference: unsure)",
)

# --- promotion (region loss RTO) ------------------------------------------------------------

# disaster-recovery.workshop.aws (marketing level) / FailoverGlobalCluster API: Aurora Global
# Database unplanned failover promotes the secondary in < 1 min; the bound is used.
AURORA_GLOBAL_PROMOTION: Final = Figure(
    "AURORA_GLOBAL_PROMOTION",
    timedelta(minutes=1),
    "Aurora global promotion < 1 min (disaster-recovery.workshop.aws, FailoverGlobalCluster)",
)
# RDS/Aurora docs: promoting a cross-region read replica takes "several minutes or longer,
# depending on size" (reference: unsure of the exact figure). Assumption: 15 min.
RDS_REPLICA_PROMOTION_ASSUMED: Final = Figure(
    "RDS_REPLICA_PROMOTION_ASSUMED",
    timedelta(minutes=15),
    "assumption: RDS replica promotion 'several minutes or longer' (reference: unsure)",
)

# --- in-region failover (AZ loss) -----------------------------------------------------------

# No figure in the reference: a relational store fails over to its standby in another AZ of the
# same region within 2 min. Regional stores (S3, DynamoDB) lose nothing and need no failover.
DB_IN_REGION_FAILOVER_ASSUMED: Final = Figure(
    "DB_IN_REGION_FAILOVER_ASSUMED",
    timedelta(minutes=2),
    "assumption: relational Multi-AZ failover 2 min (no figure in the reference)",
)
# Multi-AZ storage (S3, DynamoDB, Aurora/RDS Multi-AZ) writes synchronously across AZs, so an AZ
# loss loses no committed data.
AZ_LOSS_DATA_LOSS_ASSUMED: Final = Figure(
    "AZ_LOSS_DATA_LOSS_ASSUMED", timedelta(0), "assumption: multi-AZ storage loses no committed data"
)

# EBS User Guide, "What is Amazon EBS?": volumes "are replicated within an Availability Zone", so
# an AZ loss takes a volume with it; what survives is its latest snapshot (AWS Backup).
EBS_ZONE_LOCAL: Final[frozenset[StoreKind]] = frozenset({"volume"})
EBS_ZONE_LOCAL_SOURCE: Final = "EBS User Guide: a volume is replicated within one Availability Zone"

# --- compute in the recovery site -----------------------------------------------------------

# AWS DRS docs: RTO 5-20 min (Linux boot ~5 min). Assumption: scaling a pilot-light group of
# VMs from zero to serving takes the upper end, 20 min (boot + warm-up + health checks).
VM_SCALE_UP_ASSUMED: Final = Figure(
    "VM_SCALE_UP_ASSUMED", timedelta(minutes=20), "assumption: VMs scale-up from zero 20m"
)
# No figure in the reference: Fargate tasks scale from zero to healthy behind the load balancer
# in 5 min (placement, image pull, health-check grace).
CONTAINER_SCALE_UP_ASSUMED: Final = Figure(
    "CONTAINER_SCALE_UP_ASSUMED", timedelta(minutes=5), "assumption: containers scale-up from zero 5m"
)
# No figure in the reference: a backup-and-restore site has no compute declared; provisioning it
# from code (pulumi up of the dr stack's compute) takes 30 min before scale-up.
PROVISION_FROM_CODE_ASSUMED: Final = Figure(
    "PROVISION_FROM_CODE_ASSUMED", timedelta(minutes=30), "assumption: provisioning 30m"
)

# --- backups --------------------------------------------------------------------------------

# AWS Backup docs / re:Post: scheduled jobs at least 60 min apart (reference: unsure, error text).
BACKUP_MIN_FREQUENCY: Final = Figure(
    "BACKUP_MIN_FREQUENCY",
    timedelta(minutes=60),
    "AWS Backup plan frequency (>= 60 min, reference: unsure)",
)
# AWS Backup guide: continuous backup (PITR) keeps 1-35 days, for RDS/Aurora/S3.
PITR_MAX_RETENTION: Final = Figure(
    "PITR_MAX_RETENTION", timedelta(days=35), "AWS Backup guide: continuous backup keeps 1-35 days"
)
# AWS Backup takes `cron(minutes hours day-of-month month day-of-week year)`; a frequency becomes a
# cron only if it repeats evenly: whole hours dividing a day, or whole days. Anything else is a
# config problem at the boundary rather than a silently different schedule.
START_HOUR_UTC: Final = 5
"""Daily and longer schedules start at 05:00 UTC."""
CRON_FREQUENCIES: Final = "whole hours dividing 24 (1h, 2h, 3h, 4h, 6h, 8h, 12h) or whole days (1d, 7d, 30d)"


def cron_for(every: timedelta) -> str | None:
    """The AWS Backup cron for `every`, or None when cron cannot express it."""
    seconds = int(every.total_seconds())
    if seconds % 3600:
        return None
    hours = seconds // 3600
    if hours < 24:
        return f"cron(0 0/{hours} * * ? *)" if 24 % hours == 0 else None
    if hours % 24:
        return None
    days = hours // 24
    if days == 1:
        return f"cron(0 {START_HOUR_UTC} * * ? *)"
    if days == 7:
        return f"cron(0 {START_HOUR_UTC} ? * SUN *)"
    if days >= 28:  # "monthly": the 1st of each month
        return f"cron(0 {START_HOUR_UTC} 1 * ? *)"
    return f"cron(0 {START_HOUR_UTC} 1/{days} * ? *)"


PITR_KINDS: Final[frozenset[StoreKind]] = frozenset({"relational", "object"})
"""Store kinds AWS Backup continuous backup covers (RDS/Aurora/S3); DynamoDB is not listed."""
# The reference gives the retention only, not the precision: a point-in-time restore is assumed
# to target the second before the incident.
PITR_PRECISION_ASSUMED: Final = Figure(
    "PITR_PRECISION_ASSUMED",
    timedelta(seconds=1),
    "assumption: PITR restores to the second (reference gives retention 1-35 days only)",
)


def _restore_rate(kind: StoreKind, gb_per_hour: int, what: str) -> Rate:
    return Rate(
        "RESTORE_GB_PER_HOUR_ASSUMED",
        gb_per_hour,
        f"assumption: {kind} restore throughput {gb_per_hour} GB/h (no figure in the reference; {what})",
    )


# Restore throughput from a backup: the reference has no figure. Assumptions, in GB per hour of
# declared store size (`sizeGb`), restoring a whole store into a new one.
RESTORE_GB_PER_HOUR_ASSUMED: Final[dict[StoreKind, Rate]] = {
    "relational": _restore_rate("relational", 500, "RDS/Aurora snapshot or PITR restore"),
    "keyvalue": _restore_rate("keyvalue", 200, "DynamoDB restore to a new table"),
    "object": _restore_rate("object", 1000, "S3 restore from AWS Backup, or copying back versions"),
    "volume": _restore_rate("volume", 500, "EBS snapshot restore"),
}

# EC2 launch templates boot from an AMI (`ami-` and 8 or 17 hex digits); the catalog's `image`
# also admits other clouds' image references, so an AWS site says which it can boot.
AMI_ID: Final = re.compile(r"^ami-[0-9a-f]{8,17}$")


def compute_limits(spec: ComputeSpec) -> list[Limit]:
    """What an AWS site cannot run as declared."""
    if spec.kind == "vms" and not AMI_ID.match(spec.image):
        return [
            ("image", f"{spec.image!r} is not an AMI id (ami- and 8-17 hex digits), which EC2 boots from")
        ]
    return []


PROFILE: Final = CloudProfile(
    cloud="aws",
    title="AWS",
    modes={
        "replicated-bucket": ModeCapability(
            kinds=frozenset({"object"}),
            implementation="S3 Cross-Region Replication with Replication Time Control",
            short="S3 RTC",
            lag=S3_RTC_SLA,
            promotion=None,
        ),
        "global-database": ModeCapability(
            kinds=frozenset({"relational"}),
            implementation="Aurora PostgreSQL Global Database",
            short="Aurora global",
            lag=AURORA_GLOBAL_LAG,
            promotion=AURORA_GLOBAL_PROMOTION,
        ),
        "cross-region-replica": ModeCapability(
            kinds=frozenset({"relational"}),
            implementation="RDS for PostgreSQL cross-region read replica",
            short="RDS replica",
            lag=RDS_REPLICA_LAG_ASSUMED,
            promotion=RDS_REPLICA_PROMOTION_ASSUMED,
        ),
        "multi-region-table": ModeCapability(
            kinds=frozenset({"keyvalue"}),
            implementation="DynamoDB global tables",
            short="DynamoDB global table",
            lag=DYNAMODB_REPLICATION_ASSUMED,
            promotion=None,
        ),
        "backup-copy": ModeCapability(
            kinds=frozenset({"object", "relational", "keyvalue", "volume"}),
            implementation="AWS Backup cross-region copy",
            short="AWS Backup copy",
            lag=None,
            promotion=None,
        ),
    },
    traffic_failover=ROUTE53_FAILOVER,
    backup_service="AWS Backup",
    backup_min_frequency=BACKUP_MIN_FREQUENCY,
    backup_schedule=cron_for,
    backup_schedules_allowed=f"cron expressions: {CRON_FREQUENCIES}",
    continuous_backup_kinds=PITR_KINDS,
    continuous_backup_max_retention=PITR_MAX_RETENTION,
    pitr_precision=PITR_PRECISION_ASSUMED,
    restore_rates=RESTORE_GB_PER_HOUR_ASSUMED,
    scale_up={"vms": VM_SCALE_UP_ASSUMED, "containers": CONTAINER_SCALE_UP_ASSUMED},
    scale_up_note={"vms": "AWS DRS RTO 5-20 min, upper end", "containers": ""},
    provision_from_code=PROVISION_FROM_CODE_ASSUMED,
    in_region_database_failover=DB_IN_REGION_FAILOVER_ASSUMED,
    zone_loss_data_loss=AZ_LOSS_DATA_LOSS_ASSUMED,
    worm="S3 Object Lock",
    object_versioning="S3 versioning on every bucket",
    resilience_assessment="AWS Resilience Hub",
    compute_limits=compute_limits,
    zone_local_kinds=EBS_ZONE_LOCAL,
    zone_local_source=EBS_ZONE_LOCAL_SOURCE,
)
