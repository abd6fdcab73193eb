"""One relational store's path from prod's RDS for PostgreSQL instance into Cloud SQL in the
recovery region, by a Database Migration Service continuous job (clouds/aws_to_gcp.py:
`cross-region-replica`).

- Source connection profile: prod's writer endpoint (private, reached over the site-to-site VPN:
  components/cross_cloud/aws_gcp/link.py), the replication user prod keeps in Secrets Manager
  (read at each `pulumi up` of dr, a Pulumi secret throughout), SSL required (`ssl.type`,
  settable since magic-modules #13559; RDS for PostgreSQL 15+ refuses plain connections). The
  server certificate is not verified (that needs the RDS CA bundle as config); the connection
  also runs inside the IPsec tunnel.
- Destination connection profile with Cloud SQL settings: DMS creates the instance (a replica of
  the source until promotion) with the same major version, the catalog size's Cloud SQL tier
  (clouds/aws_to_gcp.py), private IP only on the recovery site's network, TLS required, CMEK
  with the site key, and storage that grows on its own. DMS gives it no high availability; the
  runbook turns it on after promotion (a caveat the plan states).
- The continuous migration job over VPC peering (the destination's private services access
  peering, exporting the VPN's routes: the link), started at creation. Deploy prod, create the
  replication user (README), then dr.

Promotion ends the job (the `promoteCommand` output); failing back is a new migration.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pulumi
import pulumi_gcp as gcp

from clouds.aws_to_gcp import cloud_sql_tier_for
from clouds.gcp import is_enterprise_plus
from components.base import Component
from components.cross_cloud.aws_source import replication_credentials
from components.gcp.data_alarms import replica_lag_alert
from components.gcp.labels import labels
from config.models import RelationalDatabase
from vocabulary import outputs

PORT = 5432
MIN_DISK_GB = 10
"""Cloud SQL's smallest data disk (ConnectionProfile cloudsql.settings.dataDiskSizeGb)."""


@dataclass(frozen=True)
class DatabasePathProps:
    service: str
    store: RelationalDatabase
    rpo: timedelta
    source_host: pulumi.Input[str]
    """prod's writer endpoint (RDS resolves it to the instance's private address)."""
    secret_arn: pulumi.Input[str]
    """prod's replication user secret (Secrets Manager, prod's region)."""
    instance_name: str
    """The destination's id: its connection profile's, and so its Cloud SQL instance's."""
    project: str
    region: str
    zone: str
    network_id: pulumi.Input[str]
    key_id: pulumi.Input[str]
    alert_channels: pulumi.Input[str]
    tags: Mapping[str, str]
    peer_provider: pulumi.ProviderResource
    ready: Sequence[pulumi.Resource] = ()
    """What the job waits for (the VPN tunnels)."""


class RdsToCloudSql(Component):
    def __init__(self, name: str, props: DatabasePathProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("database_path", name, opts)
        store = props.store
        tier = cloud_sql_tier_for(store.instance_class)
        if tier is None:  # refused at the config boundary (the path's store_requirements)
            raise ValueError(f"{store.name}: no Cloud SQL tier for {store.instance_class}")
        major = store.engine_version.split(".")[0]
        tags = labels(props.tags)
        username, password = replication_credentials(props.secret_arn, self, props.peer_provider)
        self.source = gcp.databasemigrationservice.ConnectionProfile(
            f"{name}-source",
            connection_profile_id=f"{props.instance_name}-source",
            location=props.region,
            display_name=f"{props.service}/{store.name}: RDS for PostgreSQL in prod (AWS)",
            postgresql=gcp.databasemigrationservice.ConnectionProfilePostgresqlArgs(
                host=props.source_host,
                port=PORT,
                username=username,
                password=password,
                ssl=gcp.databasemigrationservice.ConnectionProfilePostgresqlSslArgs(type="REQUIRED"),
            ),
            labels=tags,
            opts=self.child(),
        )
        self.destination = gcp.databasemigrationservice.ConnectionProfile(
            f"{name}-destination",
            connection_profile_id=props.instance_name,
            location=props.region,
            display_name=f"{props.service}/{store.name}: Cloud SQL in dr",
            cloudsql=gcp.databasemigrationservice.ConnectionProfileCloudsqlArgs(
                settings=gcp.databasemigrationservice.ConnectionProfileCloudsqlSettingsArgs(
                    source_id=self.source.name,
                    database_version=f"POSTGRES_{major}",
                    tier=tier,
                    edition="ENTERPRISE_PLUS" if is_enterprise_plus(tier) else "ENTERPRISE",
                    data_disk_size_gb=str(max(MIN_DISK_GB, store.size_gb)),
                    data_disk_type="PD_SSD",
                    auto_storage_increase=True,
                    cmek_key_name=props.key_id,
                    ip_config=gcp.databasemigrationservice.ConnectionProfileCloudsqlSettingsIpConfigArgs(
                        enable_ipv4=False, private_network=props.network_id, require_ssl=True
                    ),
                    activation_policy="ALWAYS",
                    zone=props.zone,
                    user_labels=tags,
                )
            ),
            labels=tags,
            opts=self.child(),
        )
        self.job = gcp.databasemigrationservice.MigrationJob(
            name,
            migration_job_id=props.instance_name,
            location=props.region,
            display_name=f"{props.service}/{store.name}: RDS (AWS) -> Cloud SQL, continuous",
            type="CONTINUOUS",
            source=self.source.name,
            destination=self.destination.name,
            vpc_peering_connectivity=gcp.databasemigrationservice.MigrationJobVpcPeeringConnectivityArgs(
                vpc=props.network_id
            ),
            desired_state="RUNNING",
            labels=tags,
            opts=self.child(depends_on=list(props.ready)),
        )
        cloudsql = self.destination.cloudsql
        self.instance: pulumi.Output[str] = cloudsql.apply(
            lambda c: (c.cloud_sql_id if c is not None else None) or props.instance_name
        )
        self.private_ip: pulumi.Output[str] = cloudsql.apply(lambda c: (c.private_ip if c else None) or "")
        replica_lag_alert(
            name, props.project, self.instance, props.rpo, props.alert_channels, props.tags, self.child()
        )
        self.promote_command: pulumi.Output[str] = self.job.migration_job_id.apply(
            lambda job: (
                f"gcloud database-migration migration-jobs promote {job} "
                f"--region={props.region} --project={props.project}"
            )
        )
        self.register_outputs({"instance": self.instance})

    def outputs(self, prod_writer: pulumi.Input[str]) -> dict[str, Any]:
        return {
            outputs.STORE_ARN: self.instance,
            # Writes go to prod until the job is promoted; the destination reads meanwhile.
            outputs.WRITER_ENDPOINT: prod_writer,
            outputs.READER_ENDPOINT: self.private_ip,
            outputs.PROMOTE_COMMAND: self.promote_command,
        }
