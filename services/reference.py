"""Every documented number the DR posture and the config floors rely on, with its source.

All figures come from ../shared/dr-reference.md (its sources are named next to each constant).
Where the reference says "unsure", or gives no figure at all, the constant's name ends in
`_ASSUMED` and its comment says what the assumption is: revise them here, and only here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

# --- DNS failover (Route 53) ----------------------------------------------------------------

# Route 53 Developer Guide, "How Amazon Route 53 determines whether a health check is healthy":
# checks every 10 s ("fast") or 30 s; the interval cannot change after creation.
HEALTH_CHECK_INTERVAL: Final = timedelta(seconds=10)
# Route 53 HealthCheckConfig API: FailureThreshold 1-10 consecutive failures (default 3).
HEALTH_CHECK_MIN_FAILURE_THRESHOLD: Final = 1
# Route 53 guide, "Values specific for failover records": TTL <= 60 s recommended.
# Failover time ~= interval x threshold + TTL (derived in dr-reference; no SLA).

# --- replication (region loss RPO) ----------------------------------------------------------

# S3 guide, "Replicating objects with S3 RTC": 99.99 % of objects within 15 min (SLA).
S3_RTC_SLA: Final = timedelta(minutes=15)
# Aurora User Guide, global database overview: lag typically < 1 s.
AURORA_GLOBAL_LAG: Final = timedelta(seconds=1)
# RDS cross-region read replica lag: the reference gives no figure.
# Assumption: seconds, like Aurora's, taken as 1 s.
RDS_REPLICA_LAG_ASSUMED: Final = timedelta(seconds=1)
# DynamoDB docs: global tables replicate "typically sub-second" (reference: unsure, no official
# figure). Assumption: 1 s.
DYNAMODB_REPLICATION_ASSUMED: Final = timedelta(seconds=1)

# --- promotion (region loss RTO) ------------------------------------------------------------

# disaster-recovery.workshop.aws (marketing level) / FailoverGlobalCluster API: Aurora Global
# Database unplanned failover promotes the secondary in < 1 min; the bound is used.
AURORA_GLOBAL_PROMOTION: Final = timedelta(minutes=1)
# RDS/Aurora docs: promoting a cross-region read replica takes "several minutes or longer,
# depending on size" (reference: unsure of the exact figure). Assumption: 15 min.
RDS_REPLICA_PROMOTION_ASSUMED: Final = timedelta(minutes=15)

# --- in-region failover (AZ loss) -----------------------------------------------------------

# Assumption (no figure in the reference): a relational store fails over to its standby in
# another AZ of the same region within 2 min. Regional stores (S3, DynamoDB) lose nothing and
# need no failover when one AZ goes.
DB_IN_REGION_FAILOVER_ASSUMED: Final = timedelta(minutes=2)
# Assumption: multi-AZ storage (S3, DynamoDB, Aurora/RDS Multi-AZ) writes synchronously across
# AZs, so an AZ loss loses no committed data.
AZ_LOSS_DATA_LOSS_ASSUMED: Final = timedelta(0)

# --- compute in the recovery site -----------------------------------------------------------

# AWS DRS docs: RTO 5-20 min (Linux boot ~5 min). Assumption: scaling a pilot-light group of
# VMs from zero to serving takes the upper end, 20 min (boot + warm-up + health checks).
VM_SCALE_UP_ASSUMED: Final = timedelta(minutes=20)
# Assumption (no figure in the reference): Fargate tasks scale from zero to healthy behind the
# load balancer in 5 min (placement, image pull, health-check grace).
CONTAINER_SCALE_UP_ASSUMED: Final = timedelta(minutes=5)
# Assumption (no figure in the reference): a backup-and-restore site has no compute declared;
# provisioning it from code (pulumi up of the dr stack's compute) takes 30 min before scale-up.
PROVISION_FROM_CODE_ASSUMED: Final = timedelta(minutes=30)

# --- backups --------------------------------------------------------------------------------

# AWS Backup docs / re:Post: scheduled jobs at least 60 min apart (reference: unsure, error text).
BACKUP_MIN_FREQUENCY: Final = timedelta(minutes=60)
# AWS Backup guide: continuous backup (PITR) keeps 1-35 days, for RDS/Aurora/S3.
PITR_MAX_RETENTION: Final = timedelta(days=35)
PITR_KINDS: Final = frozenset({"relational", "object"})
"""Store kinds AWS Backup continuous backup covers (RDS/Aurora/S3); DynamoDB is not listed."""
# Assumption: a point-in-time restore can target the second before the incident (the reference
# gives the retention only, not the precision).
PITR_PRECISION_ASSUMED: Final = timedelta(seconds=1)

# Restore throughput from a backup: the reference has no figure. Assumptions, in GB per hour of
# declared store size (`sizeGb`), restoring a whole store into a new one.
RESTORE_GB_PER_HOUR_ASSUMED: Final[dict[str, int]] = {
    "relational": 500,  # RDS/Aurora snapshot or PITR restore
    "keyvalue": 200,  # DynamoDB restore to a new table
    "object": 1000,  # S3 restore from AWS Backup, or copying back noncurrent versions
    "volume": 500,  # EBS snapshot restore
}

# --- the four strategies ("Disaster Recovery of Workloads on AWS" whitepaper) ---------------

# warm standby: minutes; pilot light: tens of minutes to hours; backup & restore: up to 24 h.
# A target below the next strategy's band needs the faster strategy.
PILOT_LIGHT_MIN_RTO: Final = timedelta(hours=1)
BACKUP_RESTORE_MIN_RTO: Final = timedelta(hours=24)


def restore_time(kind: str, size_gb: int) -> timedelta:
    """Whole-store restore at the assumed throughput for its kind."""
    return timedelta(hours=size_gb / RESTORE_GB_PER_HOUR_ASSUMED[kind])
