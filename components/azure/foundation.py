"""Azure implementation of `SiteFoundation`: the site's resource group, keys and identities,
network, logs, alerting and Container Apps environment.

The subscription comes from `sites.<role>.subscriptionId` (required for Azure sites at the config
boundary), the tenant from the provider's client config. prod also keeps a key and identity in
the paired region (= the dr region, config boundary): PostgreSQL's geo-redundant backup is
encrypted there (dr-reference, "geo-redundant backup ... with CMK it needs a second key and
identity in the paired region"), and prod is deployed before dr exists.
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import authorization, compute, managedidentity, resources

from clouds import azure_names as names
from components.azure.alerting import ActionGroupProps, AlertGroup
from components.azure.container_env import ContainerAppsEnvironment, EnvironmentProps
from components.azure.keys import SiteKey, SiteKeyProps
from components.azure.logs import SiteLogs, SiteLogsProps
from components.azure.network import Network, NetworkProps
from components.azure.private_endpoint import private_endpoint
from components.azure.roles import grant
from components.azure.site import LABELS, AzureSite, group_name, subscription_of
from components.base import Component
from components.foundation import FoundationProps


class AzureFoundation(Component):
    def __init__(self, name: str, props: FoundationProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("foundation", name, opts)
        site, peer = props.site, props.peer
        label = LABELS[props.role]
        org, env = props.organization, props.environment
        sub = subscription_of(site)
        tags = dict(props.tags)
        self.tags = tags
        client = authorization.get_client_config_output(opts=pulumi.InvokeOutputOptions(parent=self))
        self.tenant_id: pulumi.Output[str] = client.tenant_id
        self.group = resources.ResourceGroup(
            f"{name}-group",
            resource_group_name=group_name(site, org, env, label),
            location=site.region,
            tags=tags,
            opts=self.child(),
        )
        self.site = AzureSite(sub, self.group.name, site.region, label, org, env)
        group = self.group.name
        self.key = SiteKey(
            f"{name}-data",
            SiteKeyProps(
                subscription_id=sub,
                resource_group=group,
                location=site.region,
                vault_name=names.key_vault_name(sub, org, env, label, "data"),
                tenant_id=client.tenant_id,
                deployer_object_id=client.object_id,
                identity_name=f"{label}-data",
                tags=tags,
            ),
            self.child(),
        )
        self.geo_key: SiteKey | None = None
        if props.role == "primary":
            self.geo_key = SiteKey(
                f"{name}-geo",
                SiteKeyProps(
                    subscription_id=sub,
                    resource_group=group,
                    location=peer.region,
                    vault_name=names.key_vault_name(sub, org, env, label, "geo"),
                    tenant_id=client.tenant_id,
                    deployer_object_id=client.object_id,
                    identity_name=f"{label}-geo-backup",
                    tags=tags,
                ),
                self.child(),
            )
        # Managed disks (scale-set VMs) take the key through a disk encryption set ("Server-side
        # encryption of Azure Disk Storage": a set per region, its identity needs the key).
        self.disk_encryption_set = compute.DiskEncryptionSet(
            f"{name}-disks",
            disk_encryption_set_name=f"{org}-{label}-disks",
            resource_group_name=group,
            location=site.region,
            encryption_type=compute.DiskEncryptionSetType.ENCRYPTION_AT_REST_WITH_CUSTOMER_KEY,
            active_key=compute.KeyForDiskEncryptionSetArgs(key_url=self.key.key_uri),
            rotation_to_latest_key_version_enabled=True,
            identity=compute.EncryptionSetIdentityArgs(
                type=compute.DiskEncryptionSetIdentityType.USER_ASSIGNED,
                user_assigned_identities=[self.key.identity_id],
            ),
            tags=tags,
            opts=self.child(depends_on=self.key.ready),
        )
        self.workload = self._identity(name, "workload", label, group, site.region, tags)
        """What the site's compute runs as: data-plane roles on its stores, Entra admin of its servers."""
        self.edge = self._identity(name, "gateways", label, group, site.region, tags)
        """What the application gateways run as: reads the TLS certificate."""
        flow_logs = self._identity(name, "flow-logs", label, group, site.region, tags)
        certificate = site.tls_certificate
        self.certificate_secret_id: str | None = None
        if certificate is not None:
            self.certificate_secret_id = certificate.secret_id
            grant(
                f"{name}-gateways-certificate",
                sub,
                "Key Vault Secrets User",
                f"{certificate.key_vault_id}/secrets/{certificate.secret_name}",
                self.edge.principal_id,
                self.child(),
            )
        self.logs = SiteLogs(
            f"{name}-logs",
            SiteLogsProps(
                subscription_id=sub,
                resource_group=group,
                location=site.region,
                name=f"{org}-{env}-{label}"[:63].rstrip("-"),
                account_name=names.storage_account_name(sub, org, env, label, "site", "logs"),
                retention_days=site.log_retention_days,
                key_vault_uri=self.key.vault_uri,
                key_name=self.key.key_name,
                key_identity_id=self.key.identity_id,
                writer_principal_id=flow_logs.principal_id,
                ready=self.key.ready,
                tags=tags,
            ),
            self.child(),
        )
        self.network = Network(
            name,
            NetworkProps(
                resource_group=group,
                location=site.region,
                name=f"{org}-{label}",
                cidr=site.cidr,
                nat_zone=site.zones[0],
                log_account_id=self.logs.account_id,
                log_retention_days=site.log_retention_days,
                workspace_id=self.logs.workspace_id,
                workspace_guid=self.logs.workspace_guid,
                flow_log_identity_id=flow_logs.id,
                postgres_zone=f"{org}-{env}-{label}.private.postgres.database.azure.com",
                tags=tags,
            ),
            self.child(),
        )
        private_endpoint(
            f"{name}-vault-pe",
            resource_group=group,
            location=site.region,
            subnet_id=self.network.subnet_ids["endpoints"],
            target_id=self.key.vault.id,
            group="vault",
            zone_id=self.network.zone_ids["vault"],
            tags=tags,
            opts=self.child(),
        )
        self.alerts = AlertGroup(
            f"{name}-alerts",
            ActionGroupProps(
                resource_group=group,
                name=f"{org}-{env}-{label}-alerts",
                short_name=f"{label}-alerts",
                emails=props.alerts.emails,
                https_endpoints=props.alerts.https_endpoints,
                tags=tags,
            ),
            self.child(),
        )
        self.environment = ContainerAppsEnvironment(
            f"{name}-apps",
            EnvironmentProps(
                name=names.environment_name(org, env, label),
                resource_group=group,
                location=site.region,
                subnet_id=self.network.subnet_ids["apps"],
                vnet_id=self.network.vnet_id,
                workspace_id=self.logs.workspace_id,
                tags=tags,
            ),
            self.child(),
        )
        ids = self.network.subnet_ids
        self.network_id: pulumi.Output[str] = self.network.vnet_id
        self.public_subnet_ids: pulumi.Output[list[str]] = pulumi.Output.all(ids["gateways"])
        self.private_subnet_ids: pulumi.Output[list[str]] = pulumi.Output.all(
            ids["apps"], ids["vms"], ids["data"], ids["endpoints"]
        )
        self.key_id: pulumi.Output[str] = self.key.key_uri
        self.alert_topic_id: pulumi.Output[str] = self.alerts.id
        # Traffic Manager and metric alerts are global: one action group serves every alert.
        self.global_alert_topic_id: pulumi.Input[str] | None = self.alerts.id
        self.log_bucket_id: pulumi.Output[str] = self.logs.account_id
        self.vpn_gateway_id: pulumi.Output[str] | None = None  # a recovery site's tunnels end on prod's
        self.register_outputs({"keyId": self.key_id, "alertTopicId": self.alert_topic_id})

    def _identity(
        self,
        name: str,
        purpose: str,
        label: str,
        group: pulumi.Input[str],
        location: str,
        tags: dict[str, str],
    ) -> managedidentity.UserAssignedIdentity:
        return managedidentity.UserAssignedIdentity(
            f"{name}-{purpose}",
            resource_name_=f"{label}-{purpose}",
            resource_group_name=group,
            location=location,
            tags=tags,
            opts=self.child(),
        )
