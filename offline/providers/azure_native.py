"""Mock answers of the pulumi-azure-native provider: the ARM ids, names, endpoints and principal
ids a real deployment computes and the program reads back."""

from __future__ import annotations

import uuid
from typing import Any

from offline.providers.base import short_hash

SUBSCRIPTION = "11111111-2222-3333-4444-555555555555"
TENANT = "99999999-8888-7777-6666-555555555555"
DEFAULT_LOCATION = "westeurope"

# token -> (resource provider namespace, ARM type path, input holding the name, parent inputs)
# Parent inputs name the ARM parents in order (e.g. a subnet's virtual network).
_ARM: dict[str, tuple[str, str, str, tuple[tuple[str, str], ...]]] = {
    "resources:ResourceGroup": ("", "", "resourceGroupName", ()),
    "managedidentity:UserAssignedIdentity": (
        "Microsoft.ManagedIdentity",
        "userAssignedIdentities",
        "resourceName",
        (),
    ),
    "keyvault:Vault": ("Microsoft.KeyVault", "vaults", "vaultName", ()),
    "keyvault:Key": ("Microsoft.KeyVault", "keys", "keyName", (("vaults", "vaultName"),)),
    "network:VirtualNetwork": ("Microsoft.Network", "virtualNetworks", "virtualNetworkName", ()),
    "network:Subnet": (
        "Microsoft.Network",
        "subnets",
        "subnetName",
        (("virtualNetworks", "virtualNetworkName"),),
    ),
    "network:NetworkSecurityGroup": (
        "Microsoft.Network",
        "networkSecurityGroups",
        "networkSecurityGroupName",
        (),
    ),
    "network:NatGateway": ("Microsoft.Network", "natGateways", "natGatewayName", ()),
    "network:PublicIPAddress": ("Microsoft.Network", "publicIPAddresses", "publicIpAddressName", ()),
    "network:FlowLog": (
        "Microsoft.Network",
        "flowLogs",
        "flowLogName",
        (("networkWatchers", "networkWatcherName"),),
    ),
    "network:PrivateEndpoint": ("Microsoft.Network", "privateEndpoints", "privateEndpointName", ()),
    "network:ApplicationGateway": ("Microsoft.Network", "applicationGateways", "applicationGatewayName", ()),
    "network:WebApplicationFirewallPolicy": (
        "Microsoft.Network",
        "ApplicationGatewayWebApplicationFirewallPolicies",
        "policyName",
        (),
    ),
    "privatedns:PrivateZone": ("Microsoft.Network", "privateDnsZones", "privateZoneName", ()),
    "storage:StorageAccount": ("Microsoft.Storage", "storageAccounts", "accountName", ()),
    "storage:BlobContainer": (
        "Microsoft.Storage",
        "containers",
        "containerName",
        (("storageAccounts", "accountName"), ("blobServices", "")),
    ),
    "storage:ObjectReplicationPolicy": (
        "Microsoft.Storage",
        "objectReplicationPolicies",
        "objectReplicationPolicyId",
        (("storageAccounts", "accountName"),),
    ),
    "dbforpostgresql:Server": ("Microsoft.DBforPostgreSQL", "flexibleServers", "serverName", ()),
    "dbforpostgresql:VirtualEndpoint": (
        "Microsoft.DBforPostgreSQL",
        "virtualendpoints",
        "virtualEndpointName",
        (("flexibleServers", "serverName"),),
    ),
    "cosmosdb:DatabaseAccount": ("Microsoft.DocumentDB", "databaseAccounts", "accountName", ()),
    "dataprotection:BackupVault": ("Microsoft.DataProtection", "backupVaults", "vaultName", ()),
    "dataprotection:BackupPolicy": (
        "Microsoft.DataProtection",
        "backupPolicies",
        "backupPolicyName",
        (("backupVaults", "vaultName"),),
    ),
    "app:ManagedEnvironment": ("Microsoft.App", "managedEnvironments", "environmentName", ()),
    "app:ContainerApp": ("Microsoft.App", "containerApps", "containerAppName", ()),
    "compute:VirtualMachineScaleSet": ("Microsoft.Compute", "virtualMachineScaleSets", "vmScaleSetName", ()),
    "compute:DiskEncryptionSet": ("Microsoft.Compute", "diskEncryptionSets", "diskEncryptionSetName", ()),
    "trafficmanager:Profile": ("Microsoft.Network", "trafficManagerProfiles", "profileName", ()),
    "monitor:ActionGroup": ("Microsoft.Insights", "actionGroups", "actionGroupName", ()),
    "monitor:MetricAlert": ("Microsoft.Insights", "metricAlerts", "ruleName", ()),
    "monitor:AutoscaleSetting": ("Microsoft.Insights", "autoscalesettings", "autoscaleSettingName", ()),
    "operationalinsights:Workspace": ("Microsoft.OperationalInsights", "workspaces", "workspaceName", ()),
    "portal:Dashboard": ("Microsoft.Portal", "dashboards", "dashboardName", ()),
}


def _uuid(seed: str) -> str:
    return str(uuid.UUID(short_hash(seed, 32)))


class AzureNativeAnswers:
    def provider_region(self, inputs: dict[str, Any]) -> str:
        return str(inputs.get("location") or DEFAULT_LOCATION)

    def region_of(self, inputs: dict[str, Any]) -> str | None:
        location = inputs.get("location")
        return str(location) if isinstance(location, str) and location.lower() != "global" else None

    def call(self, token: str, args: dict[str, Any]) -> dict[str, Any]:
        if token == "azure-native:authorization:getClientConfig":
            return {
                "clientId": _uuid("client"),
                "objectId": _uuid("deployer"),
                "subscriptionId": SUBSCRIPTION,
                "tenantId": TENANT,
            }
        return {}

    def new_resource(
        self, typ: str, name: str, rid: str, region: str, inputs: dict[str, Any]
    ) -> dict[str, Any]:
        region = region or DEFAULT_LOCATION
        state = dict(inputs)
        short = typ.removeprefix("azure-native:")
        own_name = self._name(short, name, inputs)
        state.setdefault("name", own_name)
        state["id"] = self._id(short, own_name, inputs, rid)
        state.update(self._computed(short, own_name, name, region, inputs, state["id"]))
        return _as_response(state)

    @staticmethod
    def _name(short: str, name: str, inputs: dict[str, Any]) -> str:
        arm = _ARM.get(short)
        value = inputs.get(arm[2]) if arm else None
        return str(value) if value else f"{name}{short_hash(name)}"

    @staticmethod
    def _id(short: str, own: str, inputs: dict[str, Any], rid: str) -> str:
        group = inputs.get("resourceGroupName") or "mock-group"
        if short == "resources:ResourceGroup":
            return f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{own}"
        arm = _ARM.get(short)
        if arm is None:
            module, kind = short.split(":")
            base = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{group}/providers"
            return f"{base}/Microsoft.Mock/{module}/{kind}/{rid}"
        namespace, kind, _, parents = arm
        path = "".join(f"/{p}/{inputs.get(k) or 'default'}" for p, k in parents)
        return (
            f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{group}/providers/{namespace}{path}/{kind}/{own}"
        )

    @staticmethod
    def _computed(
        short: str, own: str, name: str, region: str, inputs: dict[str, Any], rid: str
    ) -> dict[str, Any]:
        """Outputs a real provider computes that the program reads back."""
        if short == "managedidentity:UserAssignedIdentity":
            return {"principalId": _uuid(rid + "p"), "clientId": _uuid(rid + "c"), "tenantId": TENANT}
        if short == "keyvault:Vault":
            return {
                "properties": {
                    **(inputs.get("properties") or {}),
                    "vaultUri": f"https://{own}.vault.azure.net/",
                }
            }
        if short == "keyvault:Key":
            base = f"https://{inputs.get('vaultName')}.vault.azure.net/keys/{own}"
            return {"keyUri": base, "keyUriWithVersion": f"{base}/{short_hash(rid, 32)}"}
        if short == "storage:StorageAccount":
            return {"primaryEndpoints": {"blob": f"https://{own}.blob.core.windows.net/"}}
        if short == "storage:ObjectReplicationPolicy":
            policy = own if own != "default" else _uuid(rid)
            rules = [
                {**r, "ruleId": r.get("ruleId") or _uuid(f"{rid}/{i}")}
                for i, r in enumerate(inputs.get("rules") or [])
            ]
            return {"policyId": policy, "rules": rules}
        if short == "dbforpostgresql:Server":
            return {"fullyQualifiedDomainName": f"{own}.postgres.database.azure.com"}
        if short == "dbforpostgresql:VirtualEndpoint":
            return {
                "virtualEndpoints": [
                    f"{own}.writer.postgres.database.azure.com",
                    f"{own}.postgres.database.azure.com",
                ]
            }
        if short == "cosmosdb:DatabaseAccount":
            return {"documentEndpoint": f"https://{own}.documents.azure.com:443/"}
        if short == "network:PublicIPAddress":
            label = (inputs.get("dnsSettings") or {}).get("domainNameLabel")
            fqdn = {"fqdn": f"{label}.{region}.cloudapp.azure.com"} if label else {}
            return {"ipAddress": "20.0.0.1", "dnsSettings": {**(inputs.get("dnsSettings") or {}), **fqdn}}
        if short == "app:ManagedEnvironment":
            return {
                "defaultDomain": f"{short_hash(rid)}.{region}.azurecontainerapps.io",
                "staticIp": "10.0.0.62",
            }
        if short == "app:ContainerApp":
            return {"latestRevisionFqdn": f"{own}--mock.{region}.azurecontainerapps.io"}
        if short == "trafficmanager:Profile":
            dns = dict(inputs.get("dnsConfig") or {})
            dns["fqdn"] = f"{dns.get('relativeName')}.trafficmanager.net"
            return {"dnsConfig": dns}
        if short == "operationalinsights:Workspace":
            return {"customerId": _uuid(rid)}
        if short == "dataprotection:BackupVault":
            identity = dict(inputs.get("identity") or {})
            return {"identity": {**identity, "principalId": _uuid(rid + "p")}}
        return {}


def _as_response(value: Any) -> Any:
    """Where ARM answers with another shape than it takes: a list of user-assigned identity ids
    comes back as a map id -> {principalId, clientId}."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "userAssignedIdentities" and isinstance(item, list):
                out[key] = {str(i): {"principalId": _uuid(f"{i}p"), "clientId": _uuid(f"{i}c")} for i in item}
            else:
                out[key] = _as_response(item)
        return out
    if isinstance(value, list):
        return [_as_response(v) for v in value]
    return value


ANSWERS = AzureNativeAnswers()
