"""Key-value stores on Azure: one Cosmos DB for NoSQL account over both sites' regions.

prod declares the account (both regions: it outlives either site, like a DynamoDB global table);
dr reaches it through a private endpoint of its own.

Constraints checked with the search tool (Cosmos DB docs, checked 2026; dr-reference):
- Strong consistency cannot be combined with multi-region writes. The profile promises this mode
  RPO 0 (strong consistency) with one write region and service-managed failover (RTO < 15 min),
  so every store in it is Strong with one write region; `consistency_for` refuses the other
  combination in case a caller ever asks for it (and tests/components/azure check both stacks).
- Service-managed (automatic) failover follows `failoverPriority`: prod's region 0, dr's 1.
- Continuous backup (point-in-time restore) keeps 7 or 30 days (Continuous7Days/30Days).
- A customer-managed key with a user-assigned identity needs that identity on the account and
  `defaultIdentity=UserAssignedIdentity=<id>` at creation.
- Account names are 3-44 lowercase characters, globally unique (`<name>.documents.azure.com`).
- With local (key) auth off, clients use Entra ID and Cosmos DB's own data-plane roles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pulumi
from pulumi_azure_native import cosmosdb

from components.azure.roles import ROLE_IDS
from components.azure.site import delete_lock, group_of, name_of
from components.base import Component
from config.models import KeyValueTable
from vocabulary import outputs

DATABASE = "data"
CONTINUOUS_30_DAYS = timedelta(days=30)


@dataclass(frozen=True)
class Consistency:
    level: cosmosdb.DefaultConsistencyLevel
    multi_region_writes: bool


MULTI_REGION_TABLE = Consistency(cosmosdb.DefaultConsistencyLevel.STRONG, multi_region_writes=False)
"""What the multi-region-table mode is on Azure. The choice the issue leaves to each store's RPO
is made once, in the profile: its figures (lag 0 = RPO 0; failover of one write region < 15 min)
are strong consistency's, and a weaker level with multi-region writes (RTO 0, RPO < 15 min)
would make the posture's numbers untrue for that store. A store needing RTO 0 says so as a
waived region-loss RTO (examples/azure)."""


def check_consistency(c: Consistency) -> Consistency:
    """Cosmos DB refuses strong consistency with multi-region writes (dr-reference)."""
    if c.level == cosmosdb.DefaultConsistencyLevel.STRONG and c.multi_region_writes:
        raise ValueError("Cosmos DB cannot combine strong consistency with multi-region writes")
    return c


@dataclass(frozen=True)
class CosmosProps:
    store: KeyValueTable
    account_name: str
    resource_group: pulumi.Input[str]
    location: str
    peer_location: str
    key_uri: pulumi.Input[str]
    key_identity_id: pulumi.Input[str]
    key_ready: list[pulumi.Resource]
    pitr_retention: timedelta
    tags: Mapping[str, str]


class CosmosAccount(Component):
    def __init__(self, name: str, props: CosmosProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("cosmos", name, opts)
        store = props.store
        consistency = check_consistency(MULTI_REGION_TABLE)
        tier = "Continuous30Days" if props.pitr_retention >= CONTINUOUS_30_DAYS else "Continuous7Days"
        self.account = cosmosdb.DatabaseAccount(
            name,
            account_name=props.account_name,
            resource_group_name=props.resource_group,
            location=props.location,
            kind=cosmosdb.DatabaseAccountKind.GLOBAL_DOCUMENT_DB,
            database_account_offer_type=cosmosdb.DatabaseAccountOfferType.STANDARD,
            locations=[
                cosmosdb.LocationArgs(
                    location_name=props.location, failover_priority=0, is_zone_redundant=True
                ),
                cosmosdb.LocationArgs(
                    location_name=props.peer_location, failover_priority=1, is_zone_redundant=True
                ),
            ],
            consistency_policy=cosmosdb.ConsistencyPolicyArgs(default_consistency_level=consistency.level),
            enable_multiple_write_locations=consistency.multi_region_writes,
            enable_automatic_failover=True,
            backup_policy=cosmosdb.ContinuousModeBackupPolicyArgs(
                type="Continuous",
                continuous_mode_properties=cosmosdb.ContinuousModePropertiesArgs(tier=tier),
            ),
            identity=cosmosdb.ManagedServiceIdentityArgs(
                type=cosmosdb.ResourceIdentityType.USER_ASSIGNED,
                user_assigned_identities=[props.key_identity_id],
            ),
            default_identity=pulumi.Output.concat("UserAssignedIdentity=", props.key_identity_id),
            key_vault_key_uri=props.key_uri,
            disable_local_auth=True,
            disable_key_based_metadata_write_access=True,
            minimal_tls_version=cosmosdb.MinimalTlsVersion.TLS12,
            public_network_access=cosmosdb.PublicNetworkAccess.DISABLED,
            tags=dict(props.tags),
            opts=self.child(depends_on=props.key_ready),
        )
        delete_lock(f"{name}-lock", self.account.id, f"Cosmos DB account {props.account_name}", self.child())
        self.database = cosmosdb.SqlResourceSqlDatabase(
            f"{name}-database",
            account_name=self.account.name,
            resource_group_name=props.resource_group,
            database_name=DATABASE,
            resource=cosmosdb.SqlDatabaseResourceArgs(id=DATABASE),
            tags=dict(props.tags),
            opts=self.child(),
        )
        paths = [f"/{store.partition_key}"] + ([f"/{store.sort_key}"] if store.sort_key else [])
        self.container = cosmosdb.SqlResourceSqlContainer(
            f"{name}-container",
            account_name=self.account.name,
            resource_group_name=props.resource_group,
            database_name=self.database.name,
            container_name=store.name,
            resource=cosmosdb.SqlContainerResourceArgs(
                id=store.name,
                # A sort key becomes the second level of a hierarchical partition key.
                partition_key=cosmosdb.ContainerPartitionKeyArgs(
                    paths=paths, kind="MultiHash" if len(paths) > 1 else "Hash", version=2
                ),
            ),
            tags=dict(props.tags),
            opts=self.child(),
        )
        self.id: pulumi.Output[str] = self.account.id
        self.table_name = pulumi.Output.from_input(f"{DATABASE}/{store.name}")
        self.register_outputs({"accountId": self.id})

    def outputs(self) -> dict[str, Any]:
        return {outputs.TABLE_NAME: self.table_name, outputs.STORE_ARN: self.id}


def grant_data_access(
    name: str,
    account_id: pulumi.Input[str],
    principal_id: pulumi.Input[str],
    opts: pulumi.ResourceOptions,
) -> cosmosdb.SqlResourceSqlRoleAssignment:
    """Cosmos DB Built-in Data Contributor for a workload identity on one account (data-plane RBAC:
    its own role assignments, scoped to the account)."""
    account = pulumi.Output.from_input(account_id)
    return cosmosdb.SqlResourceSqlRoleAssignment(
        name,
        account_name=account.apply(name_of),
        resource_group_name=account.apply(group_of),
        role_definition_id=account.apply(
            lambda i: f"{i}/sqlRoleDefinitions/{ROLE_IDS['Cosmos DB Built-in Data Contributor']}"
        ),
        scope=account,
        principal_id=principal_id,
        opts=opts,
    )
