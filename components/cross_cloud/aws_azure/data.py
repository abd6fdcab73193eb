"""`ServiceData` of a recovery site on Azure whose prod runs on AWS: per store, the copy in the
recovery region and the path that keeps it (clouds/aws_to_azure.py).

- object stores: a storage account fed by a Data Factory copy pipeline (objects.py);
- relational stores: a flexible server fed by the PostgreSQL migration service (database.py).
Key-value stores and VM volumes have no path and are refused at the config boundary.

Backups: the copies are protected by this site's own Azure Backup vault (both are ordinary
accounts and servers, not replicas); restores before a failover come from prod's AWS Backup
vault, in place (the posture says so).
"""

from __future__ import annotations

from typing import Any

import pulumi

from clouds import azure_names as names
from components.azure.backup import AzureSiteBackup, ProtectedStore, ServiceBackup, ServiceBackupProps
from components.azure.data import foundation_of
from components.azure.postgres import PostgresProps
from components.azure.roles import grant
from components.azure.storage import CONTAINER, ObjectStoreProps
from components.base import Component
from components.cross_cloud.aws_azure.database import MigrationPathProps, RdsToFlexibleServer
from components.cross_cloud.aws_azure.objects import BlobPathProps, S3ToBlobStorage
from components.cross_cloud.aws_gcp.data import path_output
from components.cross_cloud.aws_source import SourceBucket
from components.data import DataProps
from config.models import ObjectStore, RelationalDatabase
from vocabulary import outputs
from vocabulary.plans import StoreProtection

FAILBACK = (
    "the cutover ends the migration and leaves the flexible server a standalone primary; to fail "
    "back, migrate it into a new RDS instance (AWS DMS from Azure Database for PostgreSQL, full load "
    "and CDC), switch traffic back, then re-create prod's RDS store and this migration (pulumi up of "
    "prod, then dr)"
)

Copy = S3ToBlobStorage | RdsToFlexibleServer


class AwsToAzureServiceData(Component):
    def __init__(self, name: str, props: DataProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("data", name, opts)
        if props.peer_provider is None or props.is_primary:
            raise ValueError("the AWS -> Azure paths are the recovery site's, with its AWS provider")
        self.props = props
        self.foundation = foundation_of(props)
        self.copies: dict[str, tuple[StoreProtection, Copy | None]] = {
            p.store.name: (p, self._copy(f"{name}-{p.store.name}", p)) for p in props.plan.stores
        }
        backup = props.backup
        if not isinstance(backup, AzureSiteBackup):
            raise TypeError("an Azure site's data needs its AzureSiteBackup")
        site = self.foundation.site
        protected = [
            ProtectedStore("object", p.store.name, c.id, site.location, site.resource_group, (CONTAINER,))
            if isinstance(c, S3ToBlobStorage)
            else ProtectedStore("relational", p.store.name, c.target.id, site.location, site.resource_group)
            for p, c in self.copies.values()
            if c is not None
        ]
        self.backup: ServiceBackup | None = None
        if protected:
            self.backup = ServiceBackup(
                f"{name}-backup",
                ServiceBackupProps(
                    subscription_id=site.subscription_id,
                    service=props.plan.name,
                    plan=props.plan.backup,
                    vault=backup,
                    resource_group=site.resource_group,
                    stores=protected,
                    tags=dict(props.tags),
                ),
                self.child(),
            )
        self.app_security_group_id: pulumi.Output[str] | None = None
        self.register_outputs({})

    def _prod_store(self, store: str, key: str) -> pulumi.Output[Any]:
        service = self.props.plan.name
        return self.props.prod_output(outputs.SERVICES).apply(
            lambda s: s[service][outputs.STORES][store][key]
        )

    def _copy(self, name: str, p: StoreProtection) -> Copy | None:
        props, f, store = self.props, self.foundation, p.store
        assert props.peer_provider is not None
        site = f.site
        sub, org, env, label = site.subscription_id, site.organization, site.environment, site.label
        service = props.plan.name
        tags = dict(props.tags)
        if isinstance(store, ObjectStore):
            copy = S3ToBlobStorage(
                name,
                BlobPathProps(
                    service=service,
                    store=store,
                    source=SourceBucket(
                        name=self._prod_store(store.name, outputs.BUCKET),
                        arn=self._prod_store(store.name, outputs.STORE_ARN),
                        key_arn=props.prod_output(outputs.KEY_ARN),
                        region=props.peer.region,
                    ),
                    account=ObjectStoreProps(
                        store=store,
                        account_name=names.storage_account_name(sub, org, env, label, service, store.name),
                        resource_group=site.resource_group,
                        location=site.location,
                        key_vault_uri=f.key.vault_uri,
                        key_name=f.key.key_name,
                        key_identity_id=f.key.identity_id,
                        key_ready=f.key.ready,
                        endpoint_subnet_id=f.network.subnet_ids["endpoints"],
                        blob_zone_id=f.network.zone_ids["blob"],
                        tags=tags,
                    ),
                    subscription_id=sub,
                    resource_group=site.resource_group,
                    location=site.location,
                    factory_name=names.data_factory_name(sub, org, env, service, store.name),
                    vault_name=f.key.vault.name,
                    vault_uri=f.key.vault_uri,
                    tags=tags,
                    peer_provider=props.peer_provider,
                ),
                self.child(),
            )
            grant(
                f"{name}-workload",
                sub,
                "Storage Blob Data Contributor",
                copy.id,
                f.workload.principal_id,
                self.child(),
            )
            return copy
        if isinstance(store, RelationalDatabase):
            return RdsToFlexibleServer(
                name,
                MigrationPathProps(
                    service=service,
                    server=PostgresProps(
                        store=store,
                        server_name=names.postgres_server_name(sub, org, env, label, service, store.name),
                        resource_group=site.resource_group,
                        location=site.location,
                        zones=props.site.zones,
                        tenant_id=f.tenant_id,
                        subnet_id=f.network.subnet_ids["data"],
                        private_zone_id=f.network.zone_ids["postgres"],
                        key_uri=f.key.key_uri,
                        key_identity_id=f.key.identity_id,
                        key_ready=f.key.ready,
                        admin_object_id=f.workload.principal_id,
                        admin_name=f.workload.name,
                        retention_days=props.plan.backup.retention.days,
                        tags=tags,
                    ),
                    source_host=self._prod_store(store.name, outputs.WRITER_ENDPOINT),
                    secret_arn=self._prod_store(store.name, outputs.REPLICATION_SECRET_ARN),
                    subscription_id=sub,
                    vault_name=f.key.vault.name,
                    peer_provider=props.peer_provider,
                    ready=props.link.ready if props.link is not None else (),
                ),
                self.child(),
            )
        return None  # key-value stores and volumes: no path (refused at the config boundary)

    def outputs(self) -> dict[str, Any]:
        stores: dict[str, Any] = {}
        for store_name, (p, copy) in self.copies.items():
            entry: dict[str, Any] = {
                outputs.STORE_KIND: p.store.kind,
                outputs.STORE_MODE: p.mode,
                outputs.PATH: path_output(p),
            }
            if isinstance(copy, S3ToBlobStorage):
                entry.update(copy.outputs())
            elif isinstance(copy, RdsToFlexibleServer):
                entry.update(copy.outputs(self._prod_store(store_name, outputs.WRITER_ENDPOINT)))
                entry[outputs.FAILBACK] = FAILBACK
            stores[store_name] = entry
        backup: dict[str, Any] = {
            outputs.VAULT_ARN: self.props.backup.vault_arn,
            outputs.COPY_VAULT_ARN: self.props.backup.copy_target_arn,
        }
        if self.backup is not None and self.backup.plan_id is not None:
            backup[outputs.PLAN_ID] = self.backup.plan_id
        return {outputs.STORES: stores, outputs.BACKUP: backup}
