"""The data paths from a primary site on AWS to a recovery site on Google Cloud (issue 10).

Sources: ../shared/dr-reference.md, "Cross-cloud paths", and the providers' pages named next to
each figure. No cross-cloud path publishes an RPO: every lag below is an assumption, named
`*_ASSUMED`, never S3 RTC's 15 min borrowed by analogy.

How each protection mode is carried across the clouds (services.protection picks by these):

- `replicated-bucket`: Storage Transfer Service copies each S3 bucket into a Cloud Storage bucket
  in the recovery region. An event-driven job listens to the bucket's S3 event notifications
  through an SQS queue ("near-real time", "in order of minutes"; STS "Event-driven transfers")
  but never sees deletions, so a second, scheduled job makes a full pass once a day and deletes
  what the source no longer has (`deleteObjectsUniqueInSink`; the sink's versioning keeps those
  objects as noncurrent versions). Scheduled-only transfers run at most hourly (dr-reference)
  and would set the RPO to an hour plus the run; the event stream is the faster path.
- `cross-region-replica`: Database Migration Service, a continuous PostgreSQL -> Cloud SQL job
  (pglogical on the RDS source). It is the only managed path into Cloud SQL; promotion ends the
  job and makes the destination a standalone primary.
- `global-database`, `multi-region-table`, `backup-copy`: no managed path crosses the clouds;
  relational stores that would take a global database take the DMS job instead
  (services.protection.preferences), key-value stores and VM volumes are refused at the config
  boundary with what a config can do instead.

The public zone stays on Route 53 (`ZONE_CLOUDS`): its failover records are the only DNS failover
here that can answer with both an ALB (alias) and a GCP global address (A record).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Final

from clouds.base import Figure, Mode, ModeCapability, Unsupported

# --- objects: S3 -> Cloud Storage (Storage Transfer Service) ---------------------------------

# STS "Event-driven transfers": updates are copied "in near-real time"; for DR/HA "replicate
# objects from source to backup destination in order of minutes". No bound is published
# (dr-reference: "no published RPO"). Assumption: 30 min, the upper reading of "minutes" with
# room for a burst of large objects, which STS copies at its own pace.
STS_EVENT_LAG_ASSUMED: Final = Figure(
    "STS_EVENT_LAG_ASSUMED",
    timedelta(minutes=30),
    "assumption: Storage Transfer Service event-driven transfers copy 'in order of minutes' "
    "(STS 'Event-driven transfers'), no published bound (dr-reference); 30 min taken",
)
FULL_PASS_EVERY: Final = timedelta(days=1)
"""The scheduled full pass that propagates deletions (our choice: daily, as the issue asks)."""

# --- relational: RDS/Aurora PostgreSQL -> Cloud SQL (Database Migration Service) -------------

# dr-reference: DMS continuous jobs publish no RPO. pglogical streams committed changes; the lag
# is usually seconds. Assumption: 1 min, with the VPN between the clouds in the path. A
# replication-delay alert on the destination fires above the store's RPO.
DMS_LAG_ASSUMED: Final = Figure(
    "DMS_LAG_ASSUMED",
    timedelta(minutes=1),
    "assumption: Database Migration Service continuous job lag 1 min (dr-reference: no published RPO)",
)
# DMS "Promote a migration": the Cloud SQL destination is a read replica of the source until the
# job is promoted; promotion stops replication and makes it a standalone primary. No figure is
# published. Assumption: 15 min, as a Cloud SQL replica promotion (clouds/gcp.py), plus pointing
# clients at it, which the promotion itself does not do.
DMS_PROMOTION_ASSUMED: Final = Figure(
    "DMS_PROMOTION_ASSUMED",
    timedelta(minutes=15),
    "assumption: promoting a DMS continuous job's Cloud SQL destination 15 min (no figure published)",
)

# DMS "Configure your source" (PostgreSQL): Amazon RDS 9.6.10+, 10.5+, 11.1+, 12-17 are supported
# sources; pglogical must be in shared_preload_libraries, and on RDS logical replication is
# turned on by rds.logical_replication (both static: they take effect at creation or reboot).
SOURCE_PARAMETERS: Final = (
    ("rds.logical_replication", "1"),
    ("shared_preload_libraries", "pg_stat_statements,pglogical"),
)
SUPPORTED_MAJORS: Final = range(12, 18)
"""RDS for PostgreSQL majors DMS takes as a source and Cloud SQL runs as a destination (the
catalog's versions; 9.6-11 are past RDS's standard support)."""

# --- the destination's size --------------------------------------------------------------------

# The catalog names sizes in RDS's vocabulary (`db.r6g.large`). The destination runs the Cloud SQL
# tier of the same vCPUs and memory per vCPU (Cloud SQL "Instance settings", machine types):
# general-purpose classes (m, 4 GiB per vCPU) a custom Enterprise tier `db-custom-<vCPUs>-<MiB>`
# (0.9-6.5 GB per vCPU allowed); memory-optimised classes (r, 8 GiB per vCPU, beyond custom
# tiers' 6.5) the Enterprise Plus performance-optimised N2 tier `db-perf-optimized-N-<vCPUs>`,
# which has 8 GB per vCPU.
RDS_CLASS: Final = re.compile(r"^db\.(?P<family>[a-z])(?P<generation>\d+)(?P<options>[a-z]*)\.(?P<size>\w+)$")
VCPUS: Final[Mapping[str, int]] = {
    "large": 2,
    "xlarge": 4,
    "2xlarge": 8,
    "4xlarge": 16,
    "8xlarge": 32,
    "12xlarge": 48,
    "16xlarge": 64,
    "24xlarge": 96,
}
MIB_PER_VCPU_GENERAL: Final = 4096
PERF_OPTIMIZED_VCPUS: Final = frozenset({2, 4, 8, 16, 32, 48, 64, 80, 96, 128})
CLASSES_ALLOWED: Final = (
    "db.m*.<size> (Cloud SQL db-custom-<vCPUs>-<4 GiB per vCPU>) or db.r*.<size> (Cloud SQL "
    "db-perf-optimized-N-<vCPUs>), <size> large..24xlarge"
)


def cloud_sql_tier_for(instance_class: str) -> str | None:
    """The Cloud SQL tier a DMS destination runs for an RDS class, or None when none matches."""
    found = RDS_CLASS.match(instance_class)
    if found is None:
        return None
    vcpus = VCPUS.get(found["size"])
    if vcpus is None:
        return None
    if found["family"] == "m":
        return f"db-custom-{vcpus}-{vcpus * MIB_PER_VCPU_GENERAL}"
    if found["family"] == "r" and vcpus in PERF_OPTIMIZED_VCPUS:
        return f"db-perf-optimized-N-{vcpus}"
    return None


def _dms_requirements(store: Mapping[str, object]) -> Sequence[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    instance_class = str(store.get("instanceClass", ""))
    if cloud_sql_tier_for(instance_class) is None:
        out.append(
            (
                "instanceClass",
                f"{instance_class!r} has no Cloud SQL tier of the same size for the Database Migration "
                f"Service destination; use {CLASSES_ALLOWED}",
            )
        )
    version = str(store.get("engineVersion", ""))
    major = version.split(".")[0]
    if not major.isdigit() or int(major) not in SUPPORTED_MAJORS:
        out.append(
            (
                "engineVersion",
                f"PostgreSQL {version}: Database Migration Service replicates RDS for PostgreSQL "
                f"{SUPPORTED_MAJORS.start}-{SUPPORTED_MAJORS.stop - 1} into Cloud SQL",
            )
        )
    return out


# --- what no managed service carries ------------------------------------------------------------

KEEP_ON_AWS: Final = (
    "run the recovery site on aws (sites.recovery.cloud: aws): the dr stack is one recovery site "
    "for the whole catalog, so a service cannot keep its own recovery on AWS while the others "
    "recover on Google Cloud (no per-service recovery site exists); or hold the data in a "
    "relational (PostgreSQL) or object store, which have cross-cloud paths"
)

PATHS: Final[Mapping[Mode, ModeCapability | Unsupported]] = {
    "replicated-bucket": ModeCapability(
        kinds=frozenset({"object"}),
        implementation=(
            "Storage Transfer Service: event-driven job (S3 event notifications via SQS) and a daily "
            "full pass deleting what the source no longer has"
        ),
        short="STS event-driven",
        lag=STS_EVENT_LAG_ASSUMED,
        promotion=None,
        caveats=(
            "event-driven transfers do not see deletions: the daily full pass propagates them, and "
            "the Cloud Storage bucket's versioning keeps them as noncurrent versions",
            "WORM stores: the full pass deletes nothing in the sink (its retention policy refuses it)",
        ),
    ),
    "global-database": Unsupported(
        "global-database",
        "no managed database replicates from AWS into Google Cloud with a managed failover (Aurora "
        "Global Database spans AWS Regions only); relational stores take the Database Migration "
        "Service continuous job instead",
    ),
    "cross-region-replica": ModeCapability(
        kinds=frozenset({"relational"}),
        implementation="Database Migration Service continuous job (pglogical on RDS) into Cloud SQL",
        short="DMS continuous",
        lag=DMS_LAG_ASSUMED,
        promotion=DMS_PROMOTION_ASSUMED,
        store_requirements=_dms_requirements,
        caveats=(
            "DDL is not replicated: apply schema changes to the Cloud SQL destination too",
            "tables without a primary key get inserts only (updates and deletes are not replicated)",
            "promotion ends the job; there is no managed failback: failing back is a new migration "
            "from Cloud SQL to RDS",
            "the destination is a single-zone Cloud SQL instance until promotion: turn on high "
            "availability after promoting it",
            "the replication user's password rotates every 30 days in Secrets Manager: re-apply "
            "the dr stack after a rotation (it reads the current password)",
        ),
        source_parameters=SOURCE_PARAMETERS,
    ),
    "multi-region-table": Unsupported(
        "multi-region-table",
        "no managed service replicates DynamoDB into Firestore (dr-reference, cross-cloud paths)",
        KEEP_ON_AWS,
    ),
    "backup-copy": Unsupported(
        "backup-copy",
        "AWS Backup copies only into AWS Backup vaults (other Regions or accounts), which a Google "
        "Cloud site cannot restore from, and Backup and DR imports none",
        KEEP_ON_AWS,
    ),
}

ZONE_CLOUDS: Final = frozenset({"aws"})
ZONE_REASON: Final = (
    "a cross-cloud pair fails over with Route 53 failover records (dns.cloud: aws, with "
    "hostedZoneId): the PRIMARY is an alias to prod's load balancer and the SECONDARY an A record "
    "to the recovery site's global address, each with an HTTPS health check; a Cloud DNS routing "
    "policy takes IP addresses only, and an ALB has none"
)
