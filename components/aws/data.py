"""AWS implementation of `ServiceData`: one service's protected data stores in one site.

Per declared store, by mode (services.protection): a replicated bucket, a database, a table. prod
also gets the service's backup plan (every store selected); dr gets its restore tests and reads
what it needs of prod's stores from prod's outputs (`services.<name>.stores.<store>`).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from clouds.aws import PITR_KINDS
from components.aws.backup.plan import ServiceBackup, ServiceBackupProps
from components.aws.backup.restore_testing import Protected, RestoreTesting, RestoreTestingProps
from components.aws.database import (
    Database,
    DatabaseNetwork,
    DatabaseNetworkProps,
    DatabaseProps,
    DatabaseSource,
)
from components.aws.database_observability import monitoring_role
from components.aws.replicated_bucket import ReplicatedBucket, ReplicatedBucketProps, SourceBucket
from components.aws.table import Table, TableProps
from components.base import Component
from components.data import DataProps
from config.models import KeyValueTable, ObjectStore, RelationalDatabase
from vocabulary import outputs
from vocabulary.plans import StoreProtection

Store = ReplicatedBucket | Database | Table


class AwsServiceData(Component):
    def __init__(self, name: str, props: DataProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("data", name, opts)
        self.props = props
        plan = props.plan
        self.label = "prod" if props.is_primary else "dr"
        self.cross_cloud = props.peer.cloud != props.site.cloud
        """The recovery site runs on another cloud: prod declares its paths' source prerequisites."""
        self.network: DatabaseNetwork | None = None
        self.monitoring_role: aws.iam.Role | None = None
        if any(isinstance(p.store, RelationalDatabase) for p in plan.stores):
            self.network = DatabaseNetwork(
                name,
                DatabaseNetworkProps(
                    service=plan.name,
                    vpc_id=props.network_id,
                    subnet_ids=props.private_subnet_ids,
                    tags=props.tags,
                ),
                self.child(),
            )
            self.monitoring_role = monitoring_role(
                f"{name}-rds-monitoring", props.site.region, props.tags, self.child()
            )
            if props.is_primary and self.cross_cloud:
                # The recovery site's migration service connects from its own network over the
                # site-to-site VPN (components.link): admit exactly that site's /16 on 5432.
                self.peer_ingress = aws.vpc.SecurityGroupIngressRule(
                    f"{name}-db-from-dr",
                    security_group_id=self.network.db_security_group_id,
                    cidr_ipv4=props.peer.cidr,
                    ip_protocol="tcp",
                    from_port=5432,
                    to_port=5432,
                    description=f"PostgreSQL replication to the {props.peer.cloud} recovery site (VPN)",
                    tags={**props.tags, "Name": f"{name}-db-from-dr"},
                    opts=self.child(),
                )
        self.stores: dict[str, tuple[StoreProtection, Store | None]] = {
            p.store.name: (p, self._store(f"{name}-{p.store.name}", p)) for p in plan.stores
        }
        self.backup: ServiceBackup | None = None
        self.restore_testing: RestoreTesting | None = None
        if props.is_primary:
            self._backup_plan(name)
        else:
            self._restore_tests(name)
        self.app_security_group_id: pulumi.Output[str] | None = (
            self.network.app_security_group_id if self.network else None
        )
        self.register_outputs({})

    # --- stores ----------------------------------------------------------------------------------

    def _prod_store(self, store: str, key: str) -> pulumi.Output[Any]:
        service = self.props.plan.name
        return self.props.prod_output(outputs.SERVICES).apply(
            lambda s: s[service][outputs.STORES][store][key]
        )

    def _store(self, name: str, p: StoreProtection) -> Store | None:
        props, store = self.props, p.store
        tags = props.tags
        if isinstance(store, ObjectStore):
            source = None
            if not props.is_primary:
                source = SourceBucket(
                    name=self._prod_store(store.name, outputs.BUCKET),
                    arn=self._prod_store(store.name, outputs.STORE_ARN),
                    key_arn=props.prod_output(outputs.KEY_ARN),
                    region=props.peer.region,
                    alert_topic_arn=props.prod_output(outputs.ALERT_TOPIC_ARN),
                )
            return ReplicatedBucket(
                name if props.is_primary else f"{name}-replica",
                ReplicatedBucketProps(
                    service=props.plan.name,
                    store=store,
                    rpo=p.rpo,
                    key_arn=props.key_id,
                    log_bucket=props.log_bucket_id,
                    region=props.site.region,
                    tags=tags,
                    source=source,
                    protect=props.protect,
                ),
                self.child(),
            )
        if isinstance(store, RelationalDatabase):
            assert self.network is not None
            source = None
            if not props.is_primary:
                if p.mode == "backup-copy":
                    return None  # nothing live in dr; restores come from the dr vault
                key = outputs.GLOBAL_CLUSTER_ID if p.mode == "global-database" else outputs.STORE_ARN
                value = self._prod_store(store.name, key)
                source = (
                    DatabaseSource(global_cluster_id=value)
                    if p.mode == "global-database"
                    else DatabaseSource(instance_arn=value)
                )
            return Database(
                name,
                DatabaseProps(
                    service=props.plan.name,
                    store=store,
                    mode=p.mode,
                    rpo=p.rpo,
                    key_arn=props.key_id,
                    subnet_group=self.network.subnet_group_name,
                    security_group_id=self.network.db_security_group_id,
                    backup_retention=props.plan.backup.retention,
                    alert_topic_arn=props.alert_topic_id,
                    tags=tags,
                    peer_region=props.peer.region,
                    site_label=self.label,
                    source=source,
                    protect=props.protect,
                    monitoring_role_arn=self.monitoring_role.arn if self.monitoring_role else None,
                    log_retention_days=props.plan.audit_log_retention_days,
                    zones=props.site.zones,
                    vpc_id=props.network_id,
                    subnet_ids=props.private_subnet_ids,
                    region=props.site.region,
                    source_parameters=p.path.source_parameters if props.is_primary and p.path else (),
                ),
                self.child(),
            )
        if isinstance(store, KeyValueTable):
            if not props.is_primary and p.mode != "multi-region-table":
                return None
            return Table(
                name,
                TableProps(
                    service=props.plan.name,
                    store=store,
                    mode=p.mode,
                    rpo=p.rpo,
                    key_arn=props.key_id,
                    pitr_retention=props.plan.backup.retention,
                    alert_topic_arn=props.alert_topic_id,
                    peer_region=props.peer.region,
                    tags=tags,
                    global_table_arn=None
                    if props.is_primary
                    else self._prod_store(store.name, outputs.STORE_ARN),
                    protect=props.protect,
                ),
                self.child(),
            )
        return None  # VM volumes belong to the compute; backups select them by tag

    # --- backups ---------------------------------------------------------------------------------

    def _backup_plan(self, name: str) -> None:
        props = self.props
        arns = [s.arn for _, s in self.stores.values() if s is not None and s.arn is not None]
        # Continuous backup for the kinds it covers: the same set the posture's RPO estimate assumes.
        continuous = [
            s.arn
            for p, s in self.stores.values()
            if s is not None and s.arn is not None and p.store.kind in PITR_KINDS
        ]
        volumes = any(p.store.kind == "volume" for p, _ in self.stores.values())
        if not arns and not volumes:
            return
        self.backup = ServiceBackup(
            f"{name}-backup",
            ServiceBackupProps(
                service=props.plan.name,
                plan=props.plan.backup,
                vault_name=props.backup.vault_name,
                # AWS Backup copies only into AWS vaults: with the recovery site on another cloud,
                # the offsite copy is the path's live copy there (protected by that cloud's vault).
                copy_target_arn=None if self.cross_cloud else props.backup.copy_target_arn,
                offsite=f"cross-cloud:{props.peer.cloud}" if self.cross_cloud else None,
                role_arn=props.backup.role_arn,
                resource_arns=arns,
                continuous_arns=continuous,
                volumes=volumes,
                tags=props.tags,
            ),
            self.child(),
        )

    def _restore_tests(self, name: str) -> None:
        props = self.props
        by_type: dict[str, list[pulumi.Input[str]]] = {}
        volumes = False
        for p, _ in self.stores.values():
            kind = restore_type(p)
            if kind == "EBS":
                volumes = True  # selected by tag, as prod's backup plan selects them
                continue
            by_type.setdefault(kind, []).append(self._prod_store(p.store.name, outputs.STORE_ARN))
        if not by_type and not volumes:
            return
        db_overrides = (
            {"dbSubnetGroupName": self.network.subnet_group_name} if self.network is not None else None
        )
        protected = [
            Protected(kind, arns, db_overrides if kind in ("Aurora", "RDS") else None)
            for kind, arns in by_type.items()
        ]
        if volumes:
            # The compute creates the volumes, tagged with the service; restore the latest copy of
            # each into a random AZ (AWS Backup infers it), encrypted with this site's key.
            protected.append(
                Protected("EBS", ["*"], {"kmsKeyId": props.key_id}, tags={"service": props.plan.name})
            )
        self.restore_testing = RestoreTesting(
            f"{name}-restore-test",
            RestoreTestingProps(
                service=props.plan.name,
                every=props.plan.backup.restore_test_every,
                vault_arn=props.backup.vault_arn,
                role_arn=props.backup.role_arn,
                protected=protected,
                tags=props.tags,
            ),
            self.child(),
        )

    # --- outputs ---------------------------------------------------------------------------------

    def outputs(self) -> dict[str, Any]:
        stores: dict[str, Any] = {}
        for store_name, (p, component) in self.stores.items():
            entry: dict[str, Any] = {outputs.STORE_KIND: p.store.kind, outputs.STORE_MODE: p.mode}
            if component is not None:
                entry.update(component.outputs())
            stores[store_name] = entry
        out: dict[str, Any] = {outputs.STORES: stores}
        if self.app_security_group_id is not None:
            out[outputs.APP_SECURITY_GROUP_ID] = self.app_security_group_id
        backup: dict[str, Any] = {
            outputs.VAULT_ARN: self.props.backup.vault_arn,
            outputs.COPY_VAULT_ARN: self.props.backup.copy_target_arn,
        }
        if self.backup is not None:
            backup[outputs.PLAN_ID] = self.backup.plan_id
            if self.backup.continuous_plan_id is not None:
                backup[outputs.CONTINUOUS_PLAN_ID] = self.backup.continuous_plan_id
        if self.restore_testing is not None:
            backup[outputs.RESTORE_TESTING_PLAN] = self.restore_testing.plan_name
        out[outputs.BACKUP] = backup
        return out


def restore_type(p: StoreProtection) -> str:
    """The AWS Backup restore-testing resource type of a store."""
    kind = p.store.kind
    if kind == "object":
        return "S3"
    if kind == "relational":
        return "Aurora" if p.mode == "global-database" else "RDS"
    if kind == "keyvalue":
        return "DynamoDB"
    return "EBS"
