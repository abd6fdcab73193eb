"""Azure's naming rules for the resources an Azure site names, and the names this program derives.

The mock engine accepts any name; Azure Resource Manager rejects a name outside its type's
length and charset, and a name another tenant already holds in a global namespace (storage
accounts, key vaults, Cosmos DB accounts, PostgreSQL servers and Traffic Manager profiles are
DNS names). So names are derived deterministically here, checked at the config boundary
(config/azure.py) and, over both planned stacks, by tests/components/azure/test_names.py.

Source: "Naming rules and restrictions for Azure resources" (learn.microsoft.com/azure/
azure-resource-manager/management/resource-name-rules, checked 2026 with the search tool), and
for a key vault, "Key Vault: names" (3-24 characters, globally unique, kept reserved while soft
deleted). Globally unique names carry a hash of the subscription and the name's parts, so two
organisations (or two environments) never ask for the same name and a redeploy asks for the
same one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Final, Literal

Scope = Literal["global", "region", "resource group", "parent"]


@dataclass(frozen=True)
class NameRule:
    what: str
    name_input: str
    """The resource's input that holds the name (engine camelCase)."""
    min_len: int
    max_len: int
    pattern: re.Pattern[str]
    allowed: str
    """The charset in words, for errors."""
    scope: Scope

    def problem(self, name: str) -> str | None:
        if not self.min_len <= len(name) <= self.max_len or not self.pattern.match(name):
            return (
                f"{self.what} name {name!r} breaks Azure's rule: {self.min_len}-{self.max_len} "
                f"characters, {self.allowed}"
            )
        return None


def _rule(what: str, name_input: str, lo: int, hi: int, pattern: str, allowed: str, scope: Scope) -> NameRule:
    return NameRule(what, name_input, lo, hi, re.compile(pattern), allowed, scope)


_LOWER_DNS = r"^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$"
_LOWER_DNS_WORDS = "lowercase letters, digits and '-', starting and ending with a letter or digit"

RULES: Final[dict[str, NameRule]] = {
    "azure-native:resources:ResourceGroup": _rule(
        "resource group", "resourceGroupName", 1, 90, r"^[-\w.()]*[-\w()]$",
        "letters, digits, '_', '-', '.', '(' and ')', not ending in '.'", "global",
    ),
    "azure-native:storage:StorageAccount": _rule(
        "storage account", "accountName", 3, 24, r"^[a-z0-9]+$", "lowercase letters and digits only",
        "global",
    ),
    "azure-native:storage:BlobContainer": _rule(
        "blob container", "containerName", 3, 63, _LOWER_DNS, _LOWER_DNS_WORDS, "parent"
    ),
    "azure-native:keyvault:Vault": _rule(
        "key vault", "vaultName", 3, 24, r"^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$",
        "letters, digits and '-', starting with a letter, without '--'", "global",
    ),
    "azure-native:keyvault:Key": _rule(
        "key", "keyName", 1, 127, r"^[a-zA-Z0-9-]+$", "letters, digits and '-'", "parent"
    ),
    "azure-native:cosmosdb:DatabaseAccount": _rule(
        "Cosmos DB account", "accountName", 3, 44, _LOWER_DNS, _LOWER_DNS_WORDS, "global"
    ),
    "azure-native:dbforpostgresql:Server": _rule(
        "PostgreSQL flexible server", "serverName", 3, 63, _LOWER_DNS, _LOWER_DNS_WORDS, "global"
    ),
    "azure-native:dbforpostgresql:VirtualEndpoint": _rule(
        "virtual endpoint", "virtualEndpointName", 3, 63, _LOWER_DNS, _LOWER_DNS_WORDS, "global"
    ),
    "azure-native:trafficmanager:Profile": _rule(
        "Traffic Manager profile", "profileName", 1, 63, r"^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$",
        "letters, digits and '-'", "resource group",
    ),
    "azure-native:app:ManagedEnvironment": _rule(
        "Container Apps environment", "environmentName", 2, 60, _LOWER_DNS, _LOWER_DNS_WORDS,
        "resource group",
    ),
    "azure-native:app:ContainerApp": _rule(
        "container app", "containerAppName", 2, 32, r"^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$",
        "lowercase letters, digits and '-', starting with a letter, without '--'", "resource group",
    ),
    "azure-native:network:ApplicationGateway": _rule(
        "application gateway", "applicationGatewayName", 1, 80, r"^[a-zA-Z0-9][\w.-]*\w$",
        "letters, digits, '_', '.' and '-'", "resource group",
    ),
    "azure-native:network:VirtualNetwork": _rule(
        "virtual network", "virtualNetworkName", 2, 64, r"^[a-zA-Z0-9][\w.-]*\w$",
        "letters, digits, '_', '.' and '-'", "resource group",
    ),
    "azure-native:network:PublicIPAddress": _rule(
        "public IP", "publicIpAddressName", 1, 80, r"^[a-zA-Z0-9][\w.-]*\w$",
        "letters, digits, '_', '.' and '-'", "resource group",
    ),
    "azure-native:network:PrivateEndpoint": _rule(
        "private endpoint", "privateEndpointName", 2, 64, r"^[a-zA-Z0-9][\w.-]*\w$",
        "letters, digits, '_', '.' and '-'", "resource group",
    ),
    "azure-native:dataprotection:BackupVault": _rule(
        "backup vault", "vaultName", 2, 50, r"^[a-zA-Z][a-zA-Z0-9-]*$",
        "letters, digits and '-', starting with a letter", "resource group",
    ),
    "azure-native:managedidentity:UserAssignedIdentity": _rule(
        "managed identity", "resourceName", 3, 128, r"^[a-zA-Z0-9][\w-]*$",
        "letters, digits, '-' and '_'", "resource group",
    ),
    "azure-native:operationalinsights:Workspace": _rule(
        "Log Analytics workspace", "workspaceName", 4, 63, r"^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$",
        "letters, digits and '-'", "resource group",
    ),
    "azure-native:portal:Dashboard": _rule(
        "dashboard", "dashboardName", 3, 160, r"^[a-zA-Z0-9-]+$", "letters, digits and '-'",
        "resource group",
    ),
    "azure-native:compute:VirtualMachineScaleSet": _rule(
        "scale set", "vmScaleSetName", 1, 64, r"^[a-zA-Z0-9][\w.-]*\w$",
        "letters, digits, '_', '.' and '-'", "resource group",
    ),
}  # fmt: skip

# Only a cross-cloud recovery site (prod on AWS) has data factories (components/cross_cloud).
# Data Factory naming rules: 3-63 letters, digits and '-', starting and ending with a letter or
# digit, no consecutive '-', globally unique.
DATA_FACTORY: Final = _rule(
    "data factory", "factoryName", 3, 63, r"^[a-zA-Z0-9](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$",
    "letters, digits and '-', starting and ending with a letter or digit, without '--'", "global",
)  # fmt: skip

# Names held in a nested input, checked like the top-level ones.
ACTION_GROUP_SHORT_NAME: Final = _rule(
    "action group short name",
    "groupShortName",
    1,
    12,
    r"^[\w -]+$",
    "letters, digits, ' ', '_' and '-'",
    "parent",
)
"""Action groups' `groupShortName` (shown in SMS and email) is at most 12 characters."""
DNS_LABEL: Final = _rule(
    "public IP DNS label",
    "domainNameLabel",
    3,
    63,
    r"^[a-z][a-z0-9-]{1,61}[a-z0-9]$",
    "lowercase letters, digits and '-', starting with a letter",
    "region",
)
"""`<label>.<region>.cloudapp.azure.com`: unique within the region."""
TRAFFIC_MANAGER_DNS: Final = _rule(
    "Traffic Manager DNS name",
    "relativeName",
    1,
    63,
    r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
    "lowercase letters, digits and '-'",
    "global",
)
"""`<relativeName>.trafficmanager.net` is globally unique (dr-reference: mock-blind)."""


# --- derivations ------------------------------------------------------------------------------

HASH_CHARS: Final = 6


def digest(*parts: str, n: int = HASH_CHARS) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:n]


def _compact(text: str) -> str:
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


def _bounded(parts: list[str], max_len: int, salt: tuple[str, ...]) -> str:
    """`part-part-...-<hash>` within `max_len`, cut at a part boundary-safe character."""
    tail = digest(*salt, *parts)
    head = "-".join(p for p in parts if p)[: max_len - len(tail) - 1].strip("-")
    while "--" in head:
        head = head.replace("--", "-")
    return f"{head}-{tail}" if head else tail


def resource_group_name(organization: str, environment: str, label: str) -> str:
    """The default resource group of a site: `<org>-<env>-<prod|dr>`."""
    return f"{organization}-{environment}-{label}"


def storage_account_name(
    subscription_id: str, organization: str, environment: str, label: str, service: str, store: str
) -> str:
    """3-24 lowercase letters and digits, globally unique: `<org5><p|d><store6><hash10>`."""
    tail = digest(subscription_id, organization, environment, label, service, store, n=10)
    return f"{_compact(organization)[:5]}{label[0]}{_compact(store)[:6]}{tail}"


def key_vault_name(
    subscription_id: str, organization: str, environment: str, label: str, purpose: str
) -> str:
    """3-24 characters, globally unique (and reserved while soft deleted)."""
    tail = digest(subscription_id, organization, environment, label, purpose)
    head = f"{_compact(organization)[:6]}-{label}-{purpose}"[: 24 - len(tail) - 1].strip("-")
    return f"{head}-{tail}"


def cosmos_account_name(
    subscription_id: str, organization: str, environment: str, service: str, store: str
) -> str:
    """3-44 characters, globally unique (`<name>.documents.azure.com`); one account spans both sites."""
    return _bounded([organization, service, store], 44, (subscription_id, environment))


def postgres_server_name(
    subscription_id: str, organization: str, environment: str, label: str, service: str, store: str
) -> str:
    """3-63 characters, globally unique (`<name>.postgres.database.azure.com`)."""
    return _bounded([organization, service, store, label], 63, (subscription_id, environment))


def virtual_endpoint_name(
    subscription_id: str, organization: str, environment: str, service: str, store: str
) -> str:
    """The writer name that survives promotion (`<name>.writer.postgres.database.azure.com`)."""
    return _bounded([organization, service, store], 63, (subscription_id, environment, "writer"))


def traffic_manager_name(subscription_id: str, organization: str, environment: str, service: str) -> str:
    """`<name>.trafficmanager.net`: globally unique, so hashed like the other DNS names."""
    return _bounded([organization, service], 63, (subscription_id, environment))


def gateway_dns_label(
    subscription_id: str, organization: str, environment: str, label: str, service: str
) -> str:
    """`<label>.<region>.cloudapp.azure.com` of a site's application gateway."""
    name = _bounded([_compact(organization)[:12] or "x", label, service], 63, (subscription_id, environment))
    return name if name[0].isalpha() else f"a{name[:62]}"


def data_factory_name(
    subscription_id: str, organization: str, environment: str, service: str, store: str
) -> str:
    """A cross-cloud recovery site's copy pipeline of one object store: globally unique."""
    return _bounded([organization, service, store, "copy"], 63, (subscription_id, environment, "adf"))


def environment_name(organization: str, environment: str, label: str) -> str:
    return _bounded([organization, environment, label], 60, ())


def container_app_name(label: str, service: str) -> str:
    """At most 32: `<prod|dr>-<service>` (service names are at most 20 characters)."""
    return f"{label}-{service}"


def all_name_problems(rule: NameRule, names: list[str]) -> list[str]:
    return [p for n in names if (p := rule.problem(n))]
