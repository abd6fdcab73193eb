"""A Cloud SQL for PostgreSQL instance: prod's primary, or dr's cross-region replica of it.

Both modes (clouds.gcp): `global-database` is Enterprise Plus with advanced disaster recovery,
the primary naming its DR replica (`replicationCluster.failoverDrReplicaName`) so a replica
failover promotes it and moves the write endpoint; `cross-region-replica` is a plain read
replica, promoted by hand. Either way: private IP only on the shared network, TLS required,
CMEK with each site's own key, point-in-time recovery on the primary, regional HA in prod.

Advanced DR's rules that the mock engine cannot see (Cloud SQL "Use advanced disaster
recovery"; dr-reference): Enterprise Plus and PostgreSQL >= 12 are refused at the config
boundary (clouds.gcp's mode requirements); PITR on, no `cloudsql.logical_decoding` flag and a
non-cascadable replica are set here and tested over both stacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

import pulumi
import pulumi_gcp as gcp

from clouds.base import Mode
from clouds.gcp import ENTERPRISE_PITR_MAX_DAYS, PITR_MAX_RETENTION_ASSUMED, is_enterprise_plus
from components.base import Component
from components.gcp.labels import labels
from config.models import RelationalDatabase
from vocabulary import outputs

# Cloud SQL's smallest disk is 10 GB.
MIN_DISK_GB = 10
# Connection logging (CIS GCP 6.2.x): every connection and disconnection is logged.
DATABASE_FLAGS = {"log_connections": "on", "log_disconnections": "on"}
# Cloud SQL "Configure SSL/TLS": ENCRYPTED_ONLY refuses unencrypted connections.
SSL_MODE = "ENCRYPTED_ONLY"


def database_version(store: RelationalDatabase) -> str:
    """Cloud SQL picks the minor version: POSTGRES_<major> (9.6 is POSTGRES_9_6)."""
    return "POSTGRES_" + (
        store.engine_version.replace(".", "_")
        if store.engine_version == "9.6"
        else store.engine_version.split(".")[0]
    )


def edition(tier: str) -> str:
    return "ENTERPRISE_PLUS" if is_enterprise_plus(tier) else "ENTERPRISE"


@dataclass(frozen=True)
class CloudSqlProps:
    store: RelationalDatabase
    mode: Mode
    instance_name: str
    project: str
    region: str
    peer_region: str
    network_id: pulumi.Input[str]
    key_id: pulumi.Input[str]
    backup_retention: timedelta
    tags: Mapping[str, str]
    primary: bool
    dr_replica_name: str | None = None
    """prod, advanced DR: `<project>:<dr replica name>`, the instance dr creates (deploy order
    prod -> dr: until dr's first deploy the cluster names a replica that does not exist yet)."""
    master_instance_name: pulumi.Input[str] | None = None
    """dr: prod's instance, read from prod's outputs."""


def _write_endpoint(cluster: object) -> str:
    found = getattr(cluster, "psa_write_endpoint", None)
    if found is None and isinstance(cluster, Mapping):
        found = cluster.get("psaWriteEndpoint")
    return str(found or "")


class CloudSqlDatabase(Component):
    def __init__(self, name: str, props: CloudSqlProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("database", name, opts)
        store = props.store
        tier = store.instance_class
        replica = not props.primary
        pitr_days = min(
            max(1, props.backup_retention.days),
            PITR_MAX_RETENTION_ASSUMED.value.days if is_enterprise_plus(tier) else ENTERPRISE_PITR_MAX_DAYS,
        )
        self.instance = gcp.sql.DatabaseInstance(
            name,
            name=props.instance_name,
            database_version=database_version(store),
            region=props.region,
            encryption_key_name=props.key_id,
            master_instance_name=props.master_instance_name if replica else None,
            instance_type="READ_REPLICA_INSTANCE" if replica else None,
            replica_configuration=(
                # Advanced DR needs a non-cascadable DR replica (mock-blind; tested).
                gcp.sql.DatabaseInstanceReplicaConfigurationArgs(
                    failover_target=False, cascadable_replica=False
                )
                if replica
                else None
            ),
            replication_cluster=(
                gcp.sql.DatabaseInstanceReplicationClusterArgs(failover_dr_replica_name=props.dr_replica_name)
                if props.dr_replica_name
                else None
            ),
            settings=gcp.sql.DatabaseInstanceSettingsArgs(
                tier=tier,
                edition=edition(tier),
                # Regional HA (a standby in another zone, synchronous) in prod; the dr replica
                # is zonal until it is promoted.
                availability_type="ZONAL" if replica else "REGIONAL",
                disk_size=max(MIN_DISK_GB, store.size_gb),
                disk_type="PD_SSD",
                disk_autoresize=True,
                backup_configuration=(
                    # Replicas cannot have backups (Cloud SQL "Replication": backups are
                    # disabled on read replicas); the primary's PITR covers the data.
                    gcp.sql.DatabaseInstanceSettingsBackupConfigurationArgs(enabled=False)
                    if replica
                    else gcp.sql.DatabaseInstanceSettingsBackupConfigurationArgs(
                        enabled=True,
                        point_in_time_recovery_enabled=True,  # advanced DR needs it (tested)
                        transaction_log_retention_days=pitr_days,
                        # Standard backups (Cloud SQL's own, until the Backup and DR association
                        # switches the instance to enhanced backups, and on-demand ones) are
                        # stored in the recovery region, not the primary's ("custom backup
                        # location"). The vault's enhanced backups stay in this region: Backup
                        # and DR has no cross-region copy.
                        location=props.peer_region,
                        backup_retention_settings=gcp.sql.DatabaseInstanceSettingsBackupConfigurationBackupRetentionSettingsArgs(
                            retained_backups=min(365, max(1, props.backup_retention.days)),
                            retention_unit="COUNT",
                        ),
                    )
                ),
                ip_configuration=gcp.sql.DatabaseInstanceSettingsIpConfigurationArgs(
                    ipv4_enabled=False,  # private IP only
                    private_network=props.network_id,
                    ssl_mode=SSL_MODE,
                ),
                database_flags=[
                    gcp.sql.DatabaseInstanceSettingsDatabaseFlagArgs(name=k, value=v)
                    for k, v in DATABASE_FLAGS.items()
                ],
                deletion_protection_enabled=props.primary,
                user_labels=labels(props.tags),
            ),
            deletion_protection=props.primary,
            opts=self.child(),
        )
        self.name: pulumi.Output[str] = self.instance.name
        self.id: pulumi.Output[str] = self.instance.name
        self.private_ip: pulumi.Output[str] = self.instance.private_ip_address
        self.writer: pulumi.Output[str] = (
            # Advanced DR's write endpoint (a private DNS name) follows the primary across a
            # replica failover or switchover; a plain replica's primary is addressed by its IP.
            self.instance.replication_cluster.apply(_write_endpoint)
            if props.mode == "global-database"
            else self.instance.private_ip_address
        )
        self.register_outputs({"instance": self.name})

    def outputs(self, writer: pulumi.Input[str] | None = None) -> dict[str, pulumi.Input[str]]:
        out: dict[str, pulumi.Input[str]] = {
            outputs.STORE_ARN: self.id,
            outputs.WRITER_ENDPOINT: writer if writer is not None else self.writer,
            outputs.READER_ENDPOINT: self.private_ip,
        }
        return out
