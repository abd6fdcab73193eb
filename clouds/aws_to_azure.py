"""The data paths from a primary site on AWS to a recovery site on Azure (issue 10).

Sources: ../shared/dr-reference.md, "Cross-cloud paths", and the providers' pages named next to
each figure. No cross-cloud path publishes an RPO: every lag below is an assumption or the
schedule this program sets, never S3 RTC's 15 min borrowed by analogy.

How each protection mode is carried across the clouds (services.protection picks by these):

- `replicated-bucket`: an Azure Data Factory copy pipeline on a tumbling-window trigger copies
  what each window changed in the S3 bucket into the dr storage account (dr-reference: batch
  only, RPO = the schedule). A tumbling window rather than a plain schedule trigger: its windows
  are contiguous and each runs once, retried on failure, so "objects modified in the window"
  copies every object exactly once without overlaps or gaps between runs. AWS DataSync would
  also reach Azure Blob, but only through an agent VM this program would have to run and patch
  (dr-reference); Data Factory's Azure integration runtime is managed.
- `cross-region-replica`: the Azure Database for PostgreSQL migration service in online mode
  from Amazon RDS (in preview: the plan says so), into a flexible server in the recovery region.
- `global-database`, `multi-region-table`, `backup-copy`: no managed path crosses the clouds;
  relational stores that would take a global database take the online migration instead, key-
  value stores and VM volumes are refused at the config boundary with the options.

The public zone stays on Route 53 (`ZONE_CLOUDS`): an Azure DNS zone's Traffic Manager profile
would need prod's ALB as an external endpoint and a second health-check system; Route 53's
failover records keep one authority. The records are CNAMEs on both sides (a failover pair shares
one record type, and the Azure gateway is reached by name), so no endpoint may sit at the apex.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Final

from clouds.base import Figure, Mode, ModeCapability, Unsupported

# --- objects: S3 -> Azure Blob Storage (Data Factory) ---------------------------------------------

ADF_WINDOW: Final = timedelta(minutes=15)
"""The copy pipeline's tumbling window (our choice): each run copies the objects S3 last modified
in its window."""
# dr-reference: "batch only: RPO = the schedule". An object written just after a window opens is
# copied by the run that starts when the window closes: the schedule plus that run. The run's
# length is not published. Assumption: 15 min for a window's changes.
ADF_COPY_LAG_ASSUMED: Final = Figure(
    "ADF_COPY_LAG_ASSUMED",
    ADF_WINDOW + timedelta(minutes=15),
    "assumption: Data Factory copy on a 15 min tumbling window (dr-reference: batch only, RPO = "
    "the schedule) plus 15 min for the window's run to finish (no figure published)",
)

# --- relational: RDS PostgreSQL -> flexible server (PostgreSQL migration service, online) --------

# dr-reference: online mode from AWS is in preview and publishes no RPO. It streams changes by
# logical decoding (test_decoding, preinstalled on RDS). Assumption: 1 min behind, with the VPN
# between the clouds in the path.
PG_MIGRATION_LAG_ASSUMED: Final = Figure(
    "PG_MIGRATION_LAG_ASSUMED",
    timedelta(minutes=1),
    "assumption: PostgreSQL migration service online replication lag 1 min (preview; dr-reference: "
    "no published RPO)",
)
# The cutover (triggerCutover) ends the migration and opens the target for writes; no duration
# is published. Assumption: 15 min including pointing clients at the target.
PG_MIGRATION_CUTOVER_ASSUMED: Final = Figure(
    "PG_MIGRATION_CUTOVER_ASSUMED",
    timedelta(minutes=15),
    "assumption: PostgreSQL migration service cutover 15 min (preview; no figure published)",
)
PREVIEW: Final = (
    "the PostgreSQL migration service's online migration from Amazon RDS is in preview (no SLA, "
    "terms may change)"
)
# "Tutorial: Migrate online from Amazon RDS for PostgreSQL" (preview), "Enable CDC as a source":
# logical replication on (rds.logical_replication, static); test_decoding ships with RDS.
SOURCE_PARAMETERS: Final = (("rds.logical_replication", "1"),)

KEEP_ON_AWS: Final = (
    "run the recovery site on aws (sites.recovery.cloud: aws): the dr stack is one recovery site "
    "for the whole catalog, so a service cannot keep its own recovery on AWS while the others "
    "recover on Azure (no per-service recovery site exists); or hold the data in a relational "
    "(PostgreSQL) or object store, which have cross-cloud paths"
)

PATHS: Final[Mapping[Mode, ModeCapability | Unsupported]] = {
    "replicated-bucket": ModeCapability(
        kinds=frozenset({"object"}),
        implementation="Azure Data Factory copy pipeline on a 15 min tumbling window (S3 -> Blob)",
        short="Data Factory copy",
        lag=ADF_COPY_LAG_ASSUMED,
        promotion=None,
        caveats=(
            "the copy does not propagate deletions: objects deleted in S3 stay in the Azure account",
            "Data Factory's S3 connector takes access keys only: a read-only IAM user's key, kept "
            "in Key Vault (fed from a Pulumi secret); rotate it by replacing the key",
        ),
    ),
    "global-database": Unsupported(
        "global-database",
        "no managed database replicates from AWS into Azure with a managed failover (Aurora Global "
        "Database spans AWS Regions only); relational stores take the PostgreSQL migration "
        "service's online migration instead",
    ),
    "cross-region-replica": ModeCapability(
        kinds=frozenset({"relational"}),
        implementation=(
            "Azure Database for PostgreSQL migration service, online mode from Amazon RDS (preview), "
            "into a flexible server"
        ),
        short="PG migration online - preview",
        lag=PG_MIGRATION_LAG_ASSUMED,
        promotion=PG_MIGRATION_CUTOVER_ASSUMED,
        caveats=(
            PREVIEW,
            "one active migration per target server (dr-reference)",
            "DDL is not replicated: apply schema changes to the target too",
            "cutover ends the migration; there is no managed failback: failing back is a new "
            "migration from Azure to RDS",
            "unsure: the preview documents cutover with the source reachable; after a region loss "
            "the target is opened as it is (what had not arrived is lost)",
            "the target allows password authentication beside Entra ID: the migration service "
            "logs in with its administrator password (a Pulumi secret, kept in Key Vault)",
            "the replication user's password rotates every 30 days in Secrets Manager: re-apply "
            "the dr stack after a rotation (it reads the current password)",
        ),
        source_parameters=SOURCE_PARAMETERS,
    ),
    "multi-region-table": Unsupported(
        "multi-region-table",
        "no managed service replicates DynamoDB into Cosmos DB (dr-reference, cross-cloud paths)",
        KEEP_ON_AWS,
    ),
    "backup-copy": Unsupported(
        "backup-copy",
        "AWS Backup copies only into AWS Backup vaults (other Regions or accounts), which an Azure "
        "site cannot restore from, and Azure Backup imports none",
        KEEP_ON_AWS,
    ),
}

ZONE_CLOUDS: Final = frozenset({"aws"})
ZONE_REASON: Final = (
    "a cross-cloud pair fails over with Route 53 failover records (dns.cloud: aws, with "
    "hostedZoneId): a CNAME pair to prod's load balancer and the Azure gateway, each with an HTTPS "
    "health check; an Azure DNS zone answers through Traffic Manager, which this program builds "
    "for a pair of Azure sites only"
)
