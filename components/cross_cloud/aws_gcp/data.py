"""`ServiceData` of a recovery site on Google Cloud whose prod runs on AWS: per store, the copy
in the recovery region and the path that keeps it (clouds/aws_to_gcp.py).

- object stores: a Cloud Storage bucket fed by Storage Transfer Service (objects.py);
- relational stores: a Cloud SQL instance fed by a Database Migration Service job (database.py).
Key-value stores and VM volumes have no path and are refused at the config boundary.

Backups: the copies are protected by this site's own Backup and DR vault. A DMS destination is a
replica until promotion and cannot be backed up, so the service's plan waits for the promoted
instance, as for GCP's own replicas (`associateCommand`); restores before a failover come from
prod's AWS Backup vault, in place (the posture says so). Buckets keep versions and soft-deleted
objects.
"""

from __future__ import annotations

from typing import Any

import pulumi

from clouds.aws_to_gcp import PATHS
from clouds.base import ModeCapability
from components.base import Component
from components.cross_cloud.aws_gcp.database import DatabasePathProps, RdsToCloudSql
from components.cross_cloud.aws_gcp.objects import ObjectPathProps, S3ToCloudStorage
from components.cross_cloud.aws_source import SourceBucket
from components.data import DataProps
from components.gcp.backup.plan import CLOUD_SQL, ServiceBackup, ServiceBackupProps
from components.gcp.backup.vault import GcpSiteBackup
from components.gcp.data import instance_name
from components.gcp.foundation import project_of
from config.models import ObjectStore, RelationalDatabase
from vocabulary import outputs
from vocabulary.plans import StoreProtection

FAILBACK = (
    "promotion ends the Database Migration Service job and leaves the Cloud SQL instance a "
    "standalone primary; to fail back, migrate it into a new RDS instance (AWS DMS from Cloud SQL, "
    "full load and CDC), switch traffic back, then re-create prod's RDS store and this job "
    "(pulumi up of prod, then dr)"
)

Copy = S3ToCloudStorage | RdsToCloudSql


def path_output(p: StoreProtection) -> dict[str, Any]:
    """What the `path` field of a cross-cloud store says: how the copy is kept and its caveats."""
    found = p.path or PATHS[p.mode]
    if not isinstance(found, ModeCapability):
        return {}
    return {"implementation": found.implementation, "caveats": list(found.caveats)}


class AwsToGcpServiceData(Component):
    def __init__(self, name: str, props: DataProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("data", name, opts)
        if props.peer_provider is None or props.is_primary:
            raise ValueError("the AWS -> Google Cloud paths are the recovery site's, with its AWS provider")
        self.props = props
        self.project = project_of(props.site)
        self.copies: dict[str, tuple[StoreProtection, Copy | None]] = {
            p.store.name: (p, self._copy(f"{name}-{p.store.name}", p)) for p in props.plan.stores
        }
        self.backup = self._backup(name)
        self.app_security_group_id: pulumi.Output[str] | None = None
        """No security groups on GCP: Cloud SQL is reached over the network's private access."""
        self.register_outputs({})

    def _prod_store(self, store: str, key: str) -> pulumi.Output[Any]:
        service = self.props.plan.name
        return self.props.prod_output(outputs.SERVICES).apply(
            lambda s: s[service][outputs.STORES][store][key]
        )

    def _copy(self, name: str, p: StoreProtection) -> Copy | None:
        props, store = self.props, p.store
        assert props.peer_provider is not None
        if isinstance(store, ObjectStore):
            backup = props.backup
            return S3ToCloudStorage(
                name,
                ObjectPathProps(
                    service=props.plan.name,
                    store=store,
                    rpo=p.rpo,
                    source=SourceBucket(
                        name=self._prod_store(store.name, outputs.BUCKET),
                        arn=self._prod_store(store.name, outputs.STORE_ARN),
                        key_arn=props.prod_output(outputs.KEY_ARN),
                        region=props.peer.region,
                    ),
                    project=self.project,
                    region=props.site.region,
                    key_id=props.key_id,
                    log_bucket=props.log_bucket_id,
                    lock_retention=isinstance(backup, GcpSiteBackup) and backup.compliance,
                    alert_topic_arn=props.prod_output(outputs.ALERT_TOPIC_ARN),
                    tags=props.tags,
                    peer_provider=props.peer_provider,
                ),
                self.child(),
            )
        if isinstance(store, RelationalDatabase):
            return RdsToCloudSql(
                name,
                DatabasePathProps(
                    service=props.plan.name,
                    store=store,
                    rpo=p.rpo,
                    source_host=self._prod_store(store.name, outputs.WRITER_ENDPOINT),
                    secret_arn=self._prod_store(store.name, outputs.REPLICATION_SECRET_ARN),
                    instance_name=instance_name("dr", props.plan.name, store.name),
                    project=self.project,
                    region=props.site.region,
                    zone=props.site.zones[0],
                    network_id=props.network_id,
                    key_id=props.key_id,
                    alert_channels=props.alert_topic_id,
                    tags=props.tags,
                    peer_provider=props.peer_provider,
                    ready=props.link.ready if props.link is not None else (),
                ),
                self.child(),
            )
        return None  # key-value stores and volumes: no path (refused at the config boundary)

    def _backup(self, name: str) -> ServiceBackup | None:
        databases = [c for _, c in self.copies.values() if isinstance(c, RdsToCloudSql)]
        if not databases:
            return None
        props = self.props
        return ServiceBackup(
            f"{name}-backup",
            ServiceBackupProps(
                plan_id=f"dr-{props.plan.name}",
                region=props.site.region,
                vault_id=props.backup.vault_arn,
                plan=props.plan.backup,
                protected=[],  # DMS destinations are replicas until promoted
                tags=props.tags,
            ),
            self.child(),
        )

    def _associate_command(self, plan_id: pulumi.Output[str]) -> pulumi.Output[str]:
        """The failover runbook's step after promotion: put each promoted instance under the plan."""
        region, project = self.props.site.region, self.project
        instances = [c.instance for _, c in self.copies.values() if isinstance(c, RdsToCloudSql)]
        return pulumi.Output.all(plan_id, *instances).apply(
            lambda a: " && ".join(
                f"gcloud backup-dr backup-plan-associations create {n}-promoted --project={project} "
                f"--location={region} --resource-type={CLOUD_SQL} "
                f"--resource=projects/{project}/instances/{n} --backup-plan={a[0]}"
                for n in a[1:]
            )
        )

    def outputs(self) -> dict[str, Any]:
        stores: dict[str, Any] = {}
        for store_name, (p, copy) in self.copies.items():
            entry: dict[str, Any] = {
                outputs.STORE_KIND: p.store.kind,
                outputs.STORE_MODE: p.mode,
                outputs.PATH: path_output(p),
            }
            if isinstance(copy, S3ToCloudStorage):
                entry.update(copy.outputs())
            elif isinstance(copy, RdsToCloudSql):
                entry.update(copy.outputs(self._prod_store(store_name, outputs.WRITER_ENDPOINT)))
                entry[outputs.FAILBACK] = FAILBACK
            stores[store_name] = entry
        backup: dict[str, Any] = {
            outputs.VAULT_ARN: self.props.backup.vault_arn,
            outputs.COPY_VAULT_ARN: self.props.backup.copy_target_arn,
        }
        if self.backup is not None:
            backup[outputs.PLAN_ID] = self.backup.plan_id
            backup[outputs.ASSOCIATE_COMMAND] = self._associate_command(self.backup.plan_id)
        return {outputs.STORES: stores, outputs.BACKUP: backup}
