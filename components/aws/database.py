"""Relational databases (PostgreSQL) protected per mode, and the network that admits only compute.

- `global-database`: an Aurora PostgreSQL global database; prod declares the global cluster and the
  primary cluster, dr's secondary cluster joins it by identifier (read from prod's outputs).
- `cross-region-replica`: RDS PostgreSQL in prod, a cross-region read replica in dr.
- `backup-copy`: RDS PostgreSQL in prod only; AWS Backup copies to the dr vault (see backup/).
All: CMK storage encryption, IAM database auth, private subnets, no public access, automated
backups with point-in-time recovery, deletion protection and Pulumi `protect` in both sites, and
what an incident needs (database_observability). Every live copy is Multi-AZ in both sites, so a
promoted dr copy is never a single-AZ primary: Aurora runs a writer and a reader in two AZs, the RDS
replica is a Multi-AZ replica. The Aurora global master password, which RDS cannot manage, is
rotated by Secrets Manager (rotation).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

import pulumi
import pulumi_aws as aws

from clouds.base import Mode
from components.aws.data_alarms import AURORA_RPO_LAG, RDS_REPLICA_LAG, AlarmTarget, lag_alarm
from components.aws.database_observability import (
    POSTGRES_LOG,
    instance_monitoring,
    log_group_name,
    parameter_group,
    postgres_log_group,
)
from components.aws.rotation import PasswordRotation, PasswordRotationProps
from components.base import Component
from config.models import RelationalDatabase
from vocabulary import outputs

PORT = 5432
MASTER_USERNAME = "dbadmin"
REPLICATION_USERNAME = "dr_replication"
"""The cross-cloud paths' login (created by an operator with the secret's password; README)."""
# RDS automated backups (and so PITR): retention 1-35 days (AWS Backup guide; RDS API).
MAX_BACKUP_RETENTION_DAYS = 35
# RDS for PostgreSQL gp3 storage: 20-65,536 GiB (RDS API, CreateDBInstance AllocatedStorage).
GP3_MIN_GB = 20
AURORA_ENGINE = "aurora-postgresql"
RDS_ENGINE = "postgres"
AURORA_INSTANCES = 2
"""A writer and a reader in another AZ, in both sites."""


def retention_days(retention: timedelta) -> int:
    return max(1, min(MAX_BACKUP_RETENTION_DAYS, retention.days))


@dataclass(frozen=True)
class DatabaseNetworkProps:
    service: str
    vpc_id: pulumi.Input[str]
    subnet_ids: pulumi.Input[Sequence[str]]
    tags: Mapping[str, str]


class DatabaseNetwork(Component):
    """Per service and site: a DB subnet group over the private subnets, an "app" security group
    that compute joins, and a database security group that admits 5432 from that group only."""

    def __init__(self, name: str, props: DatabaseNetworkProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("database", name, opts)

        def tags(what: str) -> dict[str, str]:
            return {**props.tags, "Name": f"{name}-{what}"}

        self.subnet_group = aws.rds.SubnetGroup(
            f"{name}-db",
            description=f"{props.service} databases: private subnets only",
            subnet_ids=props.subnet_ids,
            tags=tags("db"),
            opts=self.child(),
        )
        self.app = aws.ec2.SecurityGroup(
            f"{name}-app",
            description=f"{props.service} compute that may reach its databases",
            vpc_id=props.vpc_id,
            tags=tags("app"),
            opts=self.child(),
        )
        self.db = aws.ec2.SecurityGroup(
            f"{name}-db",
            description=f"{props.service} databases: PostgreSQL from the app group only",
            vpc_id=props.vpc_id,
            tags=tags("db"),
            opts=self.child(),
        )
        self.ingress = aws.vpc.SecurityGroupIngressRule(
            f"{name}-db-from-app",
            security_group_id=self.db.id,
            referenced_security_group_id=self.app.id,
            ip_protocol="tcp",
            from_port=PORT,
            to_port=PORT,
            description="PostgreSQL from the service's compute",
            tags=tags("db-from-app"),
            opts=self.child(),
        )
        self.egress = aws.vpc.SecurityGroupEgressRule(
            f"{name}-app-to-db",
            security_group_id=self.app.id,
            referenced_security_group_id=self.db.id,
            ip_protocol="tcp",
            from_port=PORT,
            to_port=PORT,
            description="PostgreSQL to the service's databases",
            tags=tags("app-to-db"),
            opts=self.child(),
        )
        self.subnet_group_name: pulumi.Output[str] = self.subnet_group.name
        self.app_security_group_id: pulumi.Output[str] = self.app.id
        self.db_security_group_id: pulumi.Output[str] = self.db.id
        self.register_outputs({"appSecurityGroupId": self.app_security_group_id})


@dataclass(frozen=True)
class DatabaseSource:
    """dr's view of prod's database, read from prod's outputs."""

    global_cluster_id: pulumi.Input[str] | None = None
    instance_arn: pulumi.Input[str] | None = None


@dataclass(frozen=True)
class DatabaseProps:
    service: str
    store: RelationalDatabase
    mode: Mode
    rpo: timedelta
    key_arn: pulumi.Input[str]
    subnet_group: pulumi.Input[str]
    security_group_id: pulumi.Input[str]
    backup_retention: timedelta
    alert_topic_arn: pulumi.Input[str]
    tags: Mapping[str, str]
    peer_region: str
    site_label: str
    """`prod` or `dr`: part of the DB identifiers (63 characters at most: service <= 20, store <= 24)."""
    source: DatabaseSource | None = None
    """None in prod; set in dr."""
    protect: bool = True
    """Deletion protection and Pulumi `protect`, in both sites: a promoted dr copy is production."""
    monitoring_role_arn: pulumi.Input[str] | None = None
    """The role enhanced monitoring publishes with (database_observability.monitoring_role)."""
    log_retention_days: int = 90
    """How long the PostgreSQL log is kept (the service's audit-log retention)."""
    zones: Sequence[str] = ()
    """The site's zones: Aurora's writer and reader are placed in the first two."""
    vpc_id: pulumi.Input[str] | None = None
    subnet_ids: pulumi.Input[Sequence[str]] | None = None
    """Where the password rotation function runs (Aurora global, prod)."""
    region: str = ""
    """This site's region."""
    source_parameters: tuple[tuple[str, str], ...] = ()
    """prod of a cross-cloud pair: the static parameters its path needs (logical replication,
    clouds/aws_to_<cloud>.py); with them, prod also keeps the path's replication user in a
    rotated secret."""

    @property
    def primary(self) -> bool:
        return self.source is None


class Database(Component):
    def __init__(self, name: str, props: DatabaseProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("database", name, opts)
        self.props = props
        self.identifier = f"{props.service}-{props.store.name}-{props.site_label}"
        self.writer_endpoint: pulumi.Output[str] | None = None
        self.reader_endpoint: pulumi.Output[str] | None = None
        self.global_cluster_id: pulumi.Output[str] | None = None
        self.alarms: list[aws.cloudwatch.MetricAlarm] = []
        self.arn: pulumi.Output[str] | None = None
        self.replication_secret: aws.secretsmanager.Secret | None = None
        if props.mode == "global-database":
            self._aurora_global(name)
        elif props.primary:
            self._rds_primary(name)
        elif props.mode == "cross-region-replica":
            self._rds_replica(name)
        # backup-copy in dr: nothing live; restores come from the dr vault.
        self.register_outputs({"arn": self.arn})

    def outputs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.arn is not None:
            out[outputs.STORE_ARN] = self.arn
        if self.writer_endpoint is not None:
            out[outputs.WRITER_ENDPOINT] = self.writer_endpoint
        if self.reader_endpoint is not None:
            out[outputs.READER_ENDPOINT] = self.reader_endpoint
        if self.global_cluster_id is not None:
            out[outputs.GLOBAL_CLUSTER_ID] = self.global_cluster_id
        if self.replication_secret is not None:
            out[outputs.REPLICATION_SECRET_ARN] = self.replication_secret.arn
        return out

    def _tags(self, what: str) -> dict[str, str]:
        return {**self.props.tags, "Name": f"{self.identifier}{what}"}

    def _common(self) -> dict[str, Any]:
        p = self.props
        return {
            "storage_encrypted": True,
            "kms_key_id": p.key_arn,
            "db_subnet_group_name": p.subnet_group,
            "vpc_security_group_ids": [p.security_group_id],
            "iam_database_authentication_enabled": True,
            "deletion_protection": p.protect,
            "copy_tags_to_snapshot": True,
        }

    # --- Aurora global database ---------------------------------------------------------------

    def _observed(
        self, name: str, kind: Literal["cluster", "instance"], engine: str
    ) -> list[pulumi.Resource]:
        """The parameter group that logs connections, DDL and slow statements, and the log group the
        PostgreSQL log is exported to (declared before the database, else RDS creates it unencrypted
        and kept forever). Returns what the database waits for."""
        p = self.props
        self.parameters = parameter_group(
            f"{name}-params",
            kind,
            engine,
            p.store.engine_version,
            self._tags("-params"),
            self.child(),
            static=p.source_parameters,
        )
        self.log_group = postgres_log_group(
            f"{name}-postgresql",
            log_group_name(kind, self.identifier),
            p.log_retention_days,
            p.key_arn,
            p.tags,
            self.child(),
        )
        return [self.log_group]

    def _instance_monitoring(self) -> dict[str, Any]:
        p = self.props
        if p.monitoring_role_arn is None:
            raise ValueError(f"{self.identifier}: enhanced monitoring needs monitoring_role_arn")
        return instance_monitoring(p.monitoring_role_arn, p.key_arn)

    def _aurora_global(self, name: str) -> None:
        p = self.props
        store = p.store
        extra: dict[str, Any] = {}
        observed = self._observed(name, "cluster", AURORA_ENGINE)
        # dr-reference pitfall: a failover rewrites these fields; ignoring them keeps `pulumi up`
        # from detaching or re-joining a cluster after a real failover.
        ignore = ["globalClusterIdentifier", "replicationSourceIdentifier"]
        if p.primary:
            self.global_cluster = aws.rds.GlobalCluster(
                f"{name}-global",
                global_cluster_identifier=f"{p.service}-{store.name}",
                engine=AURORA_ENGINE,
                engine_version=store.engine_version,
                database_name=store.name.replace("-", "_"),
                storage_encrypted=True,
                deletion_protection=p.protect,
                tags=self._tags("-global"),
                opts=self.child(protect=p.protect),
            )
            self.global_cluster_id = self.global_cluster.id
            global_id: pulumi.Input[str] = self.global_cluster.id
            # Global clusters don't support a managed master password (dr-reference), so the
            # password is generated once by Secrets Manager and kept in a CMK-encrypted secret.
            password = aws.secretsmanager.get_random_password_output(
                password_length=40,
                exclude_punctuation=True,
                opts=pulumi.InvokeOutputOptions(parent=self),
            ).random_password
            self.secret = aws.secretsmanager.Secret(
                f"{name}-master",
                description=f"{self.identifier}: master credentials (global database)",
                kms_key_id=p.key_arn,
                recovery_window_in_days=30,
                # The credentials must survive the loss of the prod region. dr's key (a replica
                # of the prod key) exists only once dr is deployed, after prod, so the replica
                # uses the dr region's AWS managed key for Secrets Manager.
                replicas=[aws.secretsmanager.SecretReplicaArgs(region=p.peer_region)],
                tags=self._tags("-master"),
                opts=self.child(),
            )
            # What the rotation function reads (Secrets Manager guide, "JSON structure of database
            # credentials"); the global writer endpoint follows the primary through a failover.
            dbname = store.name.replace("-", "_")
            self.secret_version = aws.secretsmanager.SecretVersion(
                f"{name}-master",
                secret_id=self.secret.id,
                secret_string=pulumi.Output.secret(
                    pulumi.Output.all(password, self.global_cluster.endpoint).apply(
                        lambda a: json.dumps(
                            {
                                "engine": "postgres",
                                "host": a[1],
                                "port": PORT,
                                "username": MASTER_USERNAME,
                                "password": a[0],
                                "dbname": dbname,
                            }
                        )
                    )
                ),
                # The invoke draws a new password on every run; the first one stays, and rotation
                # owns it from then on.
                opts=self.child(ignore_changes=["secretString"]),
            )
            extra = {
                "database_name": store.name.replace("-", "_"),  # as on the global cluster
                "master_username": MASTER_USERNAME,
                "master_password": pulumi.Output.secret(password),
                "skip_final_snapshot": False,
                "final_snapshot_identifier": f"{self.identifier}-final",
            }
            ignore.append("masterPassword")
        else:
            assert p.source is not None and p.source.global_cluster_id is not None
            global_id = p.source.global_cluster_id
            # A secondary cannot take a final snapshot of its own; prod holds the data.
            extra = {"skip_final_snapshot": True}
        self.cluster = aws.rds.Cluster(
            f"{name}-cluster",
            cluster_identifier=self.identifier,
            engine=AURORA_ENGINE,
            engine_version=store.engine_version,
            global_cluster_identifier=global_id,
            backup_retention_period=retention_days(p.backup_retention),
            enabled_cloudwatch_logs_exports=[POSTGRES_LOG],
            db_cluster_parameter_group_name=self.parameters.name,
            tags=self._tags(""),
            **self._common(),
            **extra,
            opts=self.child(ignore_changes=ignore, protect=p.protect, depends_on=observed),
        )
        # Both sites: a writer (dr: the reader promoted on failover) and a reader in another AZ, so
        # that a promoted dr cluster is not a single-AZ primary.
        self.instances = [
            aws.rds.ClusterInstance(
                f"{name}-{i}",
                identifier=f"{self.identifier}-{i}",
                cluster_identifier=self.cluster.id,
                engine=aws.rds.EngineType.AURORA_POSTGRESQL,
                engine_version=store.engine_version,
                instance_class=store.instance_class,
                db_subnet_group_name=p.subnet_group,
                availability_zone=p.zones[i] if len(p.zones) > i else None,
                publicly_accessible=False,
                auto_minor_version_upgrade=True,
                tags=self._tags(f"-{i}"),
                **self._instance_monitoring(),
                opts=self.child(),
            )
            for i in range(AURORA_INSTANCES)
        ]
        if p.primary:
            self._rotate_master_password(name)
        self.arn = self.cluster.arn
        self.writer_endpoint = self.cluster.endpoint
        self.reader_endpoint = self.cluster.reader_endpoint
        if not p.primary:
            self.global_cluster_id = pulumi.Output.from_input(global_id)
            # AuroraGlobalDBRPOLag is reported for the secondary cluster, in its region.
            self.alarms.append(
                lag_alarm(
                    f"{name}-rpo-lag",
                    AlarmTarget(p.service, store.name, p.alert_topic_arn, p.tags),
                    AURORA_RPO_LAG,
                    {"DBClusterIdentifier": self.identifier},
                    p.rpo,
                    self.child(depends_on=[self.cluster]),
                    missing_data="breaching",
                )
            )

    def _rotate_master_password(self, name: str) -> None:
        p = self.props
        if p.vpc_id is None or p.subnet_ids is None:
            raise ValueError(
                f"{self.identifier}: password rotation runs in the VPC; pass vpc_id and subnet_ids"
            )
        self.rotation = PasswordRotation(
            name,
            PasswordRotationProps(
                identifier=self.identifier,
                secret_arn=self.secret.arn,
                key_arn=p.key_arn,
                region=p.region,
                vpc_id=p.vpc_id,
                subnet_ids=p.subnet_ids,
                db_security_group_id=p.security_group_id,
                tags=p.tags,
            ),
            self.child(depends_on=[self.secret_version, *self.instances]),
        )

    # --- RDS PostgreSQL -------------------------------------------------------------------------

    def _rds_primary(self, name: str) -> None:
        p = self.props
        store = p.store
        observed = self._observed(name, "instance", RDS_ENGINE)
        self.instance = aws.rds.Instance(
            f"{name}-db",
            identifier=self.identifier,
            engine=RDS_ENGINE,
            engine_version=store.engine_version,
            instance_class=store.instance_class,
            allocated_storage=max(GP3_MIN_GB, store.size_gb),  # a small store still gets gp3's minimum
            storage_type="gp3",
            db_name=store.name.replace("-", "_"),
            username=MASTER_USERNAME,
            # RDS keeps the master password in Secrets Manager, encrypted with the site key.
            manage_master_user_password=True,
            master_user_secret_kms_key_id=p.key_arn,
            multi_az=True,
            publicly_accessible=False,
            backup_retention_period=retention_days(p.backup_retention),
            skip_final_snapshot=False,
            final_snapshot_identifier=f"{self.identifier}-final",
            auto_minor_version_upgrade=True,
            enabled_cloudwatch_logs_exports=[POSTGRES_LOG],
            parameter_group_name=self.parameters.name,
            tags=self._tags(""),
            **self._common(),
            **self._instance_monitoring(),
            opts=self.child(protect=p.protect, depends_on=observed),
        )
        self.arn = self.instance.arn
        self.writer_endpoint = self.instance.address
        if p.source_parameters:
            self._replication_user(name)

    def _replication_user(self, name: str) -> None:
        """The user a cross-cloud path's migration service logs in as (Database Migration Service,
        "Configure your source": a user with the rds_replication role; the PostgreSQL migration
        service likewise). Its password is drawn once by Secrets Manager, kept in a secret under the
        site key, and rotated every 30 days; the dr stack reads the current value. RDS cannot create
        database users: an operator creates it once with the secret's password (README,
        "Cross-cloud recovery"), so the first rotation waits for the interval."""
        p = self.props
        password = aws.secretsmanager.get_random_password_output(
            password_length=40, exclude_punctuation=True, opts=pulumi.InvokeOutputOptions(parent=self)
        ).random_password
        self.replication_secret = aws.secretsmanager.Secret(
            f"{name}-replication",
            description=f"{self.identifier}: replication user of the cross-cloud recovery path",
            kms_key_id=p.key_arn,
            recovery_window_in_days=30,
            tags=self._tags("-replication"),
            opts=self.child(),
        )
        dbname = p.store.name.replace("-", "_")
        secret_version = aws.secretsmanager.SecretVersion(
            f"{name}-replication",
            secret_id=self.replication_secret.id,
            secret_string=pulumi.Output.secret(
                pulumi.Output.all(password, self.instance.address).apply(
                    lambda a: json.dumps(
                        {
                            "engine": "postgres",
                            "host": a[1],
                            "port": PORT,
                            "username": REPLICATION_USERNAME,
                            "password": a[0],
                            "dbname": dbname,
                        }
                    )
                )
            ),
            # The invoke draws a new password on every run; the first one stays, rotation owns it.
            opts=self.child(ignore_changes=["secretString"]),
        )
        if p.vpc_id is None or p.subnet_ids is None:
            raise ValueError(
                f"{self.identifier}: password rotation runs in the VPC; pass vpc_id and subnet_ids"
            )
        self.replication_rotation = PasswordRotation(
            f"{name}-replication",
            PasswordRotationProps(
                identifier=f"{self.identifier}-repl",
                secret_arn=self.replication_secret.arn,
                key_arn=p.key_arn,
                region=p.region,
                vpc_id=p.vpc_id,
                subnet_ids=p.subnet_ids,
                db_security_group_id=p.security_group_id,
                tags=p.tags,
                rotate_immediately=False,
            ),
            self.child(depends_on=[secret_version, self.instance]),
        )

    def _rds_replica(self, name: str) -> None:
        p = self.props
        assert p.source is not None and p.source.instance_arn is not None
        observed = self._observed(name, "instance", RDS_ENGINE)
        self.instance = aws.rds.Instance(
            f"{name}-db",
            identifier=self.identifier,
            # Cross-region replicas name their source by ARN; engine, version, storage and
            # credentials come from it.
            replicate_source_db=p.source.instance_arn,
            instance_class=p.store.instance_class,
            # A Multi-AZ replica: promoted, it is a Multi-AZ primary at once (converting after a
            # promotion takes a snapshot and a standby build, with the only site single-AZ meanwhile).
            multi_az=True,
            publicly_accessible=False,
            skip_final_snapshot=True,
            auto_minor_version_upgrade=True,
            enabled_cloudwatch_logs_exports=[POSTGRES_LOG],
            parameter_group_name=self.parameters.name,
            tags=self._tags(""),
            **self._common(),
            **self._instance_monitoring(),
            # Promotion clears replicate_source_db; ignoring it keeps `pulumi up` from undoing a
            # real failover.
            opts=self.child(ignore_changes=["replicateSourceDb"], protect=p.protect, depends_on=observed),
        )
        self.arn = self.instance.arn
        self.reader_endpoint = self.instance.address
        self.alarms.append(
            lag_alarm(
                f"{name}-replica-lag",
                AlarmTarget(p.service, p.store.name, p.alert_topic_arn, p.tags),
                RDS_REPLICA_LAG,
                {"DBInstanceIdentifier": self.identifier},
                p.rpo,
                self.child(depends_on=[self.instance]),
                missing_data="breaching",
            )
        )
