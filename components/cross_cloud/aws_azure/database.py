"""One relational store's path from prod's RDS for PostgreSQL instance into a flexible server in the
recovery region, by the Azure Database for PostgreSQL migration service in online mode
(clouds/aws_to_azure.py: `cross-region-replica`; preview, which the plan says).

- The target: a flexible server like prod's Azure ones (zone-redundant HA, CMK, private access in
  the data subnet, Entra ID) with the catalog's size (clouds/azure_sizes.py), and, because the
  migration service logs in with a password ("Tutorial: Migrate online from Amazon RDS": admin
  credentials of source and target), a password administrator: a random password, a Pulumi
  secret, kept in the site's Key Vault for operators. No geo-redundant backup: it needs a key in
  the pair and the store's other copy is prod's.
- The migration (Microsoft.DBforPostgreSQL/flexibleServers/migrations): source type AWS_RDS,
  online, validate then migrate, SSL required (the service takes prefer or require only), from
  prod's writer endpoint (reached over the site-to-site VPN) as the replication user whose
  password prod keeps in Secrets Manager (read at each `pulumi up` of dr, a secret throughout).
  One active migration per target server (dr-reference): one target per store.

Cutover (the `promoteCommand` output) ends the migration; failing back is a new migration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pulumi
import pulumi_random as random
from pulumi_azure_native import dbforpostgresql as pg
from pulumi_azure_native import keyvault

from components.aws.database import REPLICATION_USERNAME
from components.azure.postgres import PostgresProps, PostgresServer
from components.base import Component
from components.cross_cloud.aws_source import replication_credentials
from vocabulary import outputs

PORT = 5432
MIGRATION_NAME = "fromaws"
"""The migration's name: `^[a-z][a-z0-9]*$`, no hyphens (ARM template reference
Microsoft.DBforPostgreSQL/flexibleServers/migrations, `name` constraint; REST "Migrations - Update",
api-version 2025-08-01, `migrationName` path pattern). Names are scoped to the target server, and
each store has its own target, so one constant name is unique where it must be."""
ADMIN = "migrationadmin"
"""The target's password administrator (not a reserved name: azure_superuser, admin, root...)."""


@dataclass(frozen=True)
class MigrationPathProps:
    service: str
    server: PostgresProps
    """The target server (components/azure/postgres.py), without its administrator."""
    source_host: pulumi.Input[str]
    secret_arn: pulumi.Input[str]
    subscription_id: str
    vault_name: pulumi.Input[str]
    peer_provider: pulumi.ProviderResource
    ready: Sequence[pulumi.Resource] = ()


class RdsToFlexibleServer(Component):
    def __init__(self, name: str, props: MigrationPathProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("database_path", name, opts)
        store = props.server.store
        group = props.server.resource_group
        self.admin_password = random.RandomPassword(
            f"{name}-admin", length=32, special=True, override_special="!#%*-_=+", opts=self.child()
        )
        password = pulumi.Output.secret(self.admin_password.result)
        self.target = PostgresServer(
            name,
            replace(props.server, administrator=(ADMIN, password)),
            self.child(),
        )
        self.admin_secret = keyvault.Secret(
            f"{name}-admin",
            secret_name=f"{props.service}-{store.name}-pg-admin"[:127],
            vault_name=props.vault_name,
            resource_group_name=group,
            properties=keyvault.SecretPropertiesArgs(
                value=password, content_type=f"{ADMIN}: the migration target's password administrator"
            ),
            tags=dict(props.server.tags),
            opts=self.child(),
        )
        _, source_password = replication_credentials(props.secret_arn, self, props.peer_provider)
        dbname = store.name.replace("-", "_")
        self.migration_name = MIGRATION_NAME
        self.migration = pg.Migration(
            f"{name}-migration",
            migration_name=self.migration_name,
            server_name=self.target.server.name,
            resource_group_name=group,
            location=props.server.location,
            source_type="AWS_RDS",
            migration_mode="Online",
            migration_option="ValidateAndMigrate",
            ssl_mode="Require",
            source_db_server_resource_id=pulumi.Output.from_input(props.source_host).apply(
                lambda h: f"{h}:{PORT}@{REPLICATION_USERNAME}"
            ),
            source_db_server_fully_qualified_domain_name=props.source_host,
            dbs_to_migrate=[dbname],
            overwrite_dbs_in_target="True",
            start_data_migration="True",
            secret_parameters=pg.MigrationSecretParametersArgs(
                admin_credentials=pg.AdminCredentialsArgs(
                    source_server_password=source_password, target_server_password=password
                ),
                source_server_username=REPLICATION_USERNAME,
                target_server_username=ADMIN,
            ),
            tags=dict(props.server.tags),
            opts=self.child(depends_on=[*props.ready, self.target.admin]),
        )
        self.promote_command: pulumi.Output[str] = pulumi.Output.all(group, self.target.server.name).apply(
            lambda a: (
                f"az postgres flexible-server migration update --subscription {props.subscription_id} "
                f"--resource-group {a[0]} --name {a[1]} --migration-name {self.migration_name} --cutover"
            )
        )
        self.register_outputs({"server": self.target.id})

    def outputs(self, prod_writer: pulumi.Input[str]) -> dict[str, Any]:
        return {
            outputs.STORE_ARN: self.target.id,
            # Writes go to prod until the cutover; the target can be read meanwhile.
            outputs.WRITER_ENDPOINT: prod_writer,
            outputs.READER_ENDPOINT: self.target.fqdn,
            outputs.PROMOTE_COMMAND: self.promote_command,
        }
