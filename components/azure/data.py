"""Azure implementation of `ServiceData`: one service's protected data stores in one site.

Per declared store, by mode (services.protection, clouds/azure.py): object stores are a storage
account per site with object replication from prod to dr; relational stores a flexible server in
prod and, for cross-region-replica, a read replica with a virtual endpoint in dr; key-value stores
one Cosmos DB account over both regions (declared by prod, reached from dr through a private
endpoint). Both sites back up what Azure Backup can protect into their own vault.
"""

from __future__ import annotations

from typing import Any

import pulumi

from clouds import azure_names as names
from clouds.azure import POSTGRES_REPLICA_LAG
from components.azure.alerts import metric_alert
from components.azure.backup import AzureSiteBackup, ProtectedStore, ServiceBackup, ServiceBackupProps
from components.azure.cosmos import CosmosAccount, CosmosProps, grant_data_access
from components.azure.foundation import AzureFoundation
from components.azure.postgres import GeoBackupKey, PostgresProps, PostgresServer, ReplicaSource
from components.azure.private_endpoint import private_endpoint
from components.azure.roles import grant
from components.azure.storage import CONTAINER, ObjectStoreAccount, ObjectStoreProps, SourceAccount
from components.base import Component
from components.data import DataProps
from config.models import KeyValueTable, ObjectStore, RelationalDatabase
from vocabulary import outputs
from vocabulary.plans import StoreProtection

COSMOS_REPLICATION_ALERT_MS = 5000
"""Strong consistency acknowledges writes once both regions have them: replication slower than
this shows as write latency first (Cosmos DB metric ReplicationLatency, milliseconds)."""


def foundation_of(props: Any) -> AzureFoundation:
    found = getattr(props, "foundation", None)
    if not isinstance(found, AzureFoundation):
        raise TypeError("an Azure component needs its site's AzureFoundation (props.foundation)")
    return found


class CosmosFromProd(Component):
    """dr's view of prod's Cosmos DB account: a private endpoint in dr's VNet and dr's workload
    role; the account itself (both regions) is prod's."""

    def __init__(
        self,
        name: str,
        account_id: pulumi.Output[str],
        table_name: pulumi.Output[str],
        foundation: AzureFoundation,
        tags: dict[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ):
        super().__init__("cosmos", name, opts)
        site = foundation.site
        private_endpoint(
            f"{name}-pe",
            resource_group=site.resource_group,
            location=site.location,
            subnet_id=foundation.network.subnet_ids["endpoints"],
            target_id=account_id,
            group="Sql",
            zone_id=foundation.network.zone_ids["cosmos"],
            tags=tags,
            opts=self.child(),
        )
        grant_data_access(f"{name}-workload", account_id, foundation.workload.principal_id, self.child())
        self.id = account_id
        self.table_name = table_name
        self.register_outputs({"accountId": account_id})

    def outputs(self) -> dict[str, Any]:
        return {outputs.TABLE_NAME: self.table_name, outputs.STORE_ARN: self.id}


Store = ObjectStoreAccount | PostgresServer | CosmosAccount | CosmosFromProd


class AzureServiceData(Component):
    def __init__(self, name: str, props: DataProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("data", name, opts)
        self.props = props
        self.foundation = foundation_of(props)
        self.tags = dict(props.tags)
        self.stores: dict[str, tuple[StoreProtection, Store | None]] = {
            p.store.name: (p, self._store(f"{name}-{p.store.name}", p)) for p in props.plan.stores
        }
        backup = props.backup
        if not isinstance(backup, AzureSiteBackup):
            raise TypeError("an Azure site's data needs its AzureSiteBackup")
        self.backup: ServiceBackup | None = None
        protected = self._protected()
        if protected:
            self.backup = ServiceBackup(
                f"{name}-backup",
                ServiceBackupProps(
                    subscription_id=self.foundation.site.subscription_id,
                    service=props.plan.name,
                    plan=props.plan.backup,
                    vault=backup,
                    resource_group=self.foundation.site.resource_group,
                    stores=protected,
                    tags=self.tags,
                ),
                self.child(),
            )
        # No security groups on Azure: the data subnet's NSG admits the site's app and VM subnets.
        self.app_security_group_id: pulumi.Output[str] | None = None
        self.register_outputs({})

    # --- stores ----------------------------------------------------------------------------------

    def _store(self, name: str, p: StoreProtection) -> Store | None:
        props, f, store = self.props, self.foundation, p.store
        site = f.site
        sub, org, env, label = site.subscription_id, site.organization, site.environment, site.label
        service = props.plan.name
        if isinstance(store, ObjectStore):
            source = None
            if not props.is_primary:
                source = SourceAccount(
                    name=self.props.prod_store_output(store.name, outputs.BUCKET),
                    id=self.props.prod_store_output(store.name, outputs.STORE_ARN),
                )
            account = ObjectStoreAccount(
                name,
                ObjectStoreProps(
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
                    tags=self.tags,
                    source=source,
                ),
                self.child(),
            )
            grant(
                f"{name}-workload",
                sub,
                "Storage Blob Data Contributor",
                account.id,
                f.workload.principal_id,
                self.child(),
            )
            return account
        if isinstance(store, RelationalDatabase):
            replica = None
            if not props.is_primary:
                if p.mode != "cross-region-replica":
                    return None  # backup-copy: recovered by geo-restore into the pair, nothing live
                replica = ReplicaSource(server_id=self.props.prod_store_output(store.name, outputs.STORE_ARN))
            geo = f.geo_key
            server = PostgresServer(
                name,
                PostgresProps(
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
                    key_ready=f.key.ready + (geo.ready if geo else []),
                    admin_object_id=f.workload.principal_id,
                    admin_name=f.workload.name,
                    retention_days=props.plan.backup.retention.days,
                    tags=self.tags,
                    geo_backup=GeoBackupKey(geo.key_uri, geo.identity_id)
                    if geo and replica is None
                    else None,
                    replica_of=replica,
                    virtual_endpoint_name=names.virtual_endpoint_name(sub, org, env, service, store.name)
                    if replica
                    else None,
                ),
                self.child(),
            )
            if replica is not None:
                # Flexible server's replica metric; the profile's lag figure is the alarm line.
                metric_alert(
                    f"{name}-replica-lag",
                    resource_group=site.resource_group,
                    scope=server.id,
                    metric="physical_replication_delay_in_seconds",
                    namespace="Microsoft.DBforPostgreSQL/flexibleServers",
                    operator="GreaterThan",
                    threshold=POSTGRES_REPLICA_LAG.value.total_seconds(),
                    aggregation="Maximum",
                    description=f"{service}/{store.name}: the dr replica lags more than the posture assumes",
                    action_group_id=f.alerts.id,
                    tags=self.tags,
                    opts=self.child(),
                )
            return server
        if isinstance(store, KeyValueTable):
            if not props.is_primary:
                return CosmosFromProd(
                    name,
                    self.props.prod_store_output(store.name, outputs.STORE_ARN),
                    self.props.prod_store_output(store.name, outputs.TABLE_NAME),
                    f,
                    self.tags,
                    self.child(),
                )
            account = CosmosAccount(
                name,
                CosmosProps(
                    store=store,
                    account_name=names.cosmos_account_name(sub, org, env, service, store.name),
                    resource_group=site.resource_group,
                    location=site.location,
                    peer_location=props.peer.region,
                    key_uri=f.key.key_uri,
                    key_identity_id=f.key.identity_id,
                    key_ready=f.key.ready,
                    pitr_retention=props.plan.backup.retention,
                    tags=self.tags,
                ),
                self.child(),
            )
            private_endpoint(
                f"{name}-pe",
                resource_group=site.resource_group,
                location=site.location,
                subnet_id=f.network.subnet_ids["endpoints"],
                target_id=account.id,
                group="Sql",
                zone_id=f.network.zone_ids["cosmos"],
                tags=self.tags,
                opts=self.child(),
            )
            grant_data_access(f"{name}-workload", account.id, f.workload.principal_id, self.child())
            metric_alert(
                f"{name}-replication-latency",
                resource_group=site.resource_group,
                scope=account.id,
                metric="ReplicationLatency",
                namespace="Microsoft.DocumentDB/databaseAccounts",
                operator="GreaterThan",
                threshold=COSMOS_REPLICATION_ALERT_MS,
                aggregation="Average",
                description=f"{service}/{store.name}: replication to the dr region is slow",
                action_group_id=f.alerts.id,
                tags=self.tags,
                opts=self.child(),
            )
            return account
        return None  # volumes: no Azure mode protects them (clouds/azure.py; refused at the boundary)

    def _protected(self) -> list[ProtectedStore]:
        """What Azure Backup protects here: prod's servers (not dr's replicas) and every storage
        account. Cosmos DB stores rely on their own continuous backup (Azure Backup has no
        Cosmos DB for NoSQL datasource)."""
        site = self.foundation.site
        out = []
        for p, component in self.stores.values():
            if isinstance(component, ObjectStoreAccount):
                out.append(
                    ProtectedStore(
                        "object", p.store.name, component.id, site.location, site.resource_group, (CONTAINER,)
                    )
                )
            elif isinstance(component, PostgresServer) and self.props.is_primary:
                out.append(
                    ProtectedStore(
                        "relational", p.store.name, component.id, site.location, site.resource_group
                    )
                )
        return out

    # --- outputs ---------------------------------------------------------------------------------

    def outputs(self) -> dict[str, Any]:
        stores: dict[str, Any] = {}
        for store_name, (p, component) in self.stores.items():
            entry: dict[str, Any] = {outputs.STORE_KIND: p.store.kind, outputs.STORE_MODE: p.mode}
            if component is not None:
                entry.update(component.outputs())
            stores[store_name] = entry
        backup: dict[str, Any] = {
            outputs.VAULT_ARN: self.props.backup.vault_arn,
            outputs.COPY_VAULT_ARN: self.props.backup.copy_target_arn,
        }
        if self.backup is not None and self.backup.plan_id is not None:
            backup[outputs.PLAN_ID] = self.backup.plan_id
        return {outputs.STORES: stores, outputs.BACKUP: backup}
