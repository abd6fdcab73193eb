"""Relational stores on Azure: Azure Database for PostgreSQL flexible server.

prod runs the writer: zone-redundant HA, geo-redundant backup, private access in the site's
delegated data subnet, Entra ID authentication only, a customer-managed key from the site vault
and, for the geo-redundant backup, a second key and identity in the paired region. dr runs, by
mode: a cross-region read replica (not Burstable) with a virtual endpoint whose writer name
follows promotion (cross-region-replica); nothing for backup-copy, whose recovery is a geo-restore
into the pair (dr-reference, "geo-redundant backup").

Constraints checked with the search tool (flexible server docs, checked 2026; dr-reference):
- Read replicas are not offered on Burstable, nor is zone-redundant HA; the config boundary
  refuses a Burstable class for every prod server and every replica (clouds/azure.py).
- Geo-redundant backup can only be enabled when the server is created, and with a CMK it needs
  `geoBackupKeyURI` + `geoBackupUserAssignedIdentityId` in the paired region.
- A CMK server needs a user-assigned identity and a Key Vault key in the server's own region
  ("Create and manage ... with data encrypted by customer managed keys", prerequisites): the dr
  replica uses dr's vault and identity, prod's geo backup prod's second vault in the pair.
- Storage is provisioned in fixed sizes up to 32 TiB (clouds/azure_sizes.py rounds up).
- Backup retention is 7-35 days.
- Promotion is never automatic; "promote to primary server" needs a virtual endpoint whose
  reader points at the replica. Virtual endpoints are managed on the primary server.
- Server names are 3-63 lowercase characters and globally unique (a DNS name).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi_azure_native import dbforpostgresql as pg

from clouds.azure import postgres_major
from clouds.azure_sizes import postgres_sku, postgres_storage_gb
from components.azure.site import delete_lock, group_of, name_of
from components.base import Component
from config.models import RelationalDatabase
from vocabulary import outputs

MIN_RETENTION_DAYS = 7
MAX_RETENTION_DAYS = 35


@dataclass(frozen=True)
class GeoBackupKey:
    """The key and identity in the paired region that encrypt the geo-redundant backup."""

    key_uri: pulumi.Input[str]
    identity_id: pulumi.Input[str]


@dataclass(frozen=True)
class ReplicaSource:
    """prod's server, as the dr stack reads it from prod's outputs."""

    server_id: pulumi.Input[str]


@dataclass(frozen=True)
class PostgresProps:
    store: RelationalDatabase
    server_name: str
    resource_group: pulumi.Input[str]
    location: str
    zones: tuple[str, ...]
    tenant_id: pulumi.Input[str]
    subnet_id: pulumi.Input[str]
    private_zone_id: pulumi.Input[str]
    key_uri: pulumi.Input[str]
    key_identity_id: pulumi.Input[str]
    key_ready: list[pulumi.Resource]
    admin_object_id: pulumi.Input[str]
    admin_name: pulumi.Input[str]
    retention_days: int
    tags: Mapping[str, str]
    geo_backup: GeoBackupKey | None = None
    """prod: the paired region's key (geo-redundant backup)."""
    replica_of: ReplicaSource | None = None
    """dr, cross-region-replica: prod's server."""
    virtual_endpoint_name: str | None = None
    """dr, cross-region-replica: the writer name that survives promotion."""
    administrator: tuple[str, pulumi.Input[str]] | None = None
    """(login, password) of a password administrator, beside Entra ID: only a cross-cloud
    migration target has one (the PostgreSQL migration service logs in with it)."""


def _identities(ids: list[pulumi.Input[str]]) -> pulumi.Output[pg.UserAssignedIdentityArgs]:
    """Identity ids are map keys, so they must be known strings when the server is sent."""
    return pulumi.Output.all(*ids).apply(
        lambda known: pg.UserAssignedIdentityArgs(
            type=pg.IdentityType.USER_ASSIGNED,
            user_assigned_identities={i: pg.UserIdentityArgs() for i in known},
        )
    )


class PostgresServer(Component):
    def __init__(self, name: str, props: PostgresProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("postgres", name, opts)
        store = props.store
        sku = postgres_sku(store.instance_class)
        size = postgres_storage_gb(store.size_gb)
        if sku is None or size is None:  # refused at the config boundary (clouds.azure.store_limits)
            raise ValueError(
                f"{store.name}: no flexible server for {store.instance_class} / {store.size_gb} GiB"
            )
        replica = props.replica_of is not None
        if replica and sku.burstable:  # refused at the config boundary too: replicas are not Burstable
            raise ValueError(f"{store.name}: flexible server has no read replica on Burstable ({sku.name})")
        identity_ids: list[pulumi.Input[str]] = [props.key_identity_id]
        if props.geo_backup is not None:
            identity_ids.append(props.geo_backup.identity_id)
        common: dict[str, Any] = {
            "server_name": props.server_name,
            "resource_group_name": props.resource_group,
            "location": props.location,
            "sku": pg.SkuArgs(name=sku.name, tier=sku.tier),
            "storage": pg.StorageArgs(storage_size_gb=size, auto_grow=pg.StorageAutoGrow.ENABLED),
            "network": pg.NetworkArgs(
                delegated_subnet_resource_id=props.subnet_id,
                private_dns_zone_arm_resource_id=props.private_zone_id,
                public_network_access=pg.ServerPublicNetworkAccessState.DISABLED,
            ),
            "identity": _identities(identity_ids),
            "data_encryption": pg.DataEncryptionArgs(
                type=pg.DataEncryptionType.AZURE_KEY_VAULT,
                primary_key_uri=props.key_uri,
                primary_user_assigned_identity_id=props.key_identity_id,
                geo_backup_key_uri=props.geo_backup.key_uri if props.geo_backup else None,
                geo_backup_user_assigned_identity_id=props.geo_backup.identity_id
                if props.geo_backup
                else None,
            ),
            "auth_config": pg.AuthConfigArgs(
                active_directory_auth=pg.MicrosoftEntraAuth.ENABLED,
                password_auth=pg.PasswordBasedAuth.ENABLED
                if props.administrator
                else pg.PasswordBasedAuth.DISABLED,
                tenant_id=props.tenant_id,
            ),
            **(
                {
                    "administrator_login": props.administrator[0],
                    "administrator_login_password": pulumi.Output.secret(props.administrator[1]),
                }
                if props.administrator
                else {}
            ),
            "version": postgres_major(store.engine_version),
            "availability_zone": props.zones[0],
            "tags": dict(props.tags),
        }
        if props.replica_of is None:
            self.server = pg.Server(
                name,
                **common,
                create_mode=pg.CreateMode.CREATE,
                backup=pg.BackupArgs(
                    backup_retention_days=min(
                        max(props.retention_days, MIN_RETENTION_DAYS), MAX_RETENTION_DAYS
                    ),
                    # With a CMK, geo-redundant backup needs a key in the pair (prod's geo key); a
                    # cross-cloud migration target in dr has none: its geo copy is prod's store.
                    geo_redundant_backup=pg.GeographicallyRedundantBackup.ENABLED
                    if props.geo_backup is not None
                    else pg.GeographicallyRedundantBackup.DISABLED,
                ),
                high_availability=pg.HighAvailabilityArgs(
                    mode=pg.PostgreSqlFlexibleServerHighAvailabilityMode.ZONE_REDUNDANT,
                    standby_availability_zone=props.zones[1],
                ),
                opts=self.child(depends_on=props.key_ready),
            )
            delete_lock(
                f"{name}-lock", self.server.id, f"PostgreSQL server {props.server_name}", self.child()
            )
        else:
            self.server = pg.Server(
                name,
                **common,
                create_mode=pg.CreateMode.REPLICA,
                source_server_resource_id=props.replica_of.server_id,
                opts=self.child(depends_on=props.key_ready),
            )
        self.admin = pg.AdministratorsMicrosoftEntra(
            f"{name}-admin",
            server_name=self.server.name,
            resource_group_name=props.resource_group,
            object_id=props.admin_object_id,
            principal_name=props.admin_name,
            principal_type=pg.PrincipalType.SERVICE_PRINCIPAL,
            tenant_id=props.tenant_id,
            opts=self.child(),
        )
        self.id: pulumi.Output[str] = self.server.id
        self.fqdn: pulumi.Output[str] = self.server.fully_qualified_domain_name
        self.writer_endpoint: pulumi.Output[str] = self.fqdn
        self.reader_endpoint: pulumi.Output[str] = self.fqdn
        self.virtual_endpoint: pg.VirtualEndpoint | None = None
        if props.replica_of is not None and props.virtual_endpoint_name is not None:
            self._virtual_endpoint(name, props.replica_of, props.virtual_endpoint_name)
        self.register_outputs({"serverId": self.id, "writerEndpoint": self.writer_endpoint})

    def _virtual_endpoint(self, name: str, source: ReplicaSource, endpoint_name: str) -> None:
        """The writer/reader pair on prod's server (virtual endpoints are managed on the primary);
        promotion moves the writer name to this replica, so clients keep their connection string."""
        source_id = pulumi.Output.from_input(source.server_id)
        self.virtual_endpoint = pg.VirtualEndpoint(
            f"{name}-endpoint",
            virtual_endpoint_name=endpoint_name,
            server_name=source_id.apply(name_of),
            resource_group_name=source_id.apply(group_of),
            endpoint_type=pg.VirtualEndpointType.READ_WRITE,
            members=[self.server.name],
            opts=self.child(),
        )
        # `<name>.writer.postgres.database.azure.com` follows the primary; `<name>.postgres...`
        # (the read-only endpoint) points at this replica.
        self.writer_endpoint = pulumi.Output.from_input(f"{endpoint_name}.writer.postgres.database.azure.com")
        self.reader_endpoint = pulumi.Output.from_input(f"{endpoint_name}.postgres.database.azure.com")

    def outputs(self) -> dict[str, Any]:
        return {
            outputs.STORE_ARN: self.id,
            outputs.WRITER_ENDPOINT: self.writer_endpoint,
            outputs.READER_ENDPOINT: self.reader_endpoint,
        }
