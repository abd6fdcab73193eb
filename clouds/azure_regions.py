"""Azure public-cloud regions, their availability-zone support, and Microsoft's region pairs.

Sources, checked 2026 with the search tool (the Learn pages' Markdown sources in the
MicrosoftDocs/reliability-docs and MicrosoftDocs/azure-docs repositories):
- Regions, programmatic names, availability zones, paired region: "Azure regions list"
  (learn.microsoft.com/azure/reliability/regions-list, ms.date 2025-09-23). A region "with
  availability zones" has three; the others have none (0 here).
- Pairs: Microsoft's "Cross-region replication in Azure" pairings table
  (learn.microsoft.com/azure/reliability/cross-region-replication-azure, ms.date 2022-12-12) and
  its successor "Azure region pairs and nonpaired regions" (learn.microsoft.com/azure/
  reliability/regions-paired, ms.date 2025-03-19), which names the asymmetric pairs.

Left out: Denmark East (listed as "coming soon", not deployable yet); the Jio India regions and
the sovereign clouds (Azure Government, Azure operated by 21Vianet), which are separate clouds or
not in the public list. Regions marked "access restricted" are in: they take a support request
before a subscription can deploy there (see RESTRICTED_ACCESS).
"""

from __future__ import annotations

from typing import Final

from clouds.regions import Region

REGIONS: Final[tuple[Region, ...]] = (
    Region("australiacentral", "Canberra", "AU", 0),
    Region("australiacentral2", "Canberra", "AU", 0),
    Region("australiaeast", "New South Wales", "AU", 3),
    Region("australiasoutheast", "Victoria", "AU", 0),
    Region("austriaeast", "Vienna", "AT", 3),
    Region("belgiumcentral", "Brussels", "BE", 3),
    Region("brazilsouth", "Sao Paulo State", "BR", 3),
    Region("brazilsoutheast", "Rio", "BR", 0),
    Region("canadacentral", "Toronto", "CA", 3),
    Region("canadaeast", "Quebec", "CA", 0),
    Region("centralindia", "Pune", "IN", 3),
    Region("centralus", "Iowa", "US", 3),
    Region("chilecentral", "Santiago", "CL", 3),
    Region("eastasia", "Hong Kong SAR", "HK", 3),
    Region("eastus", "Virginia", "US", 3),
    Region("eastus2", "Virginia", "US", 3),
    Region("francecentral", "Paris", "FR", 3),
    Region("francesouth", "Marseille", "FR", 0),
    Region("germanynorth", "Berlin", "DE", 0),
    Region("germanywestcentral", "Frankfurt", "DE", 3),
    Region("indonesiacentral", "Jakarta", "ID", 3),
    Region("israelcentral", "Israel", "IL", 3),
    Region("italynorth", "Milan", "IT", 3),
    Region("japaneast", "Tokyo, Saitama", "JP", 3),
    Region("japanwest", "Osaka", "JP", 3),
    Region("koreacentral", "Seoul", "KR", 3),
    Region("koreasouth", "Busan", "KR", 0),
    Region("malaysiawest", "Kuala Lumpur", "MY", 3),
    Region("mexicocentral", "Querétaro State", "MX", 3),
    Region("newzealandnorth", "Auckland", "NZ", 3),
    Region("northcentralus", "Illinois", "US", 0),
    Region("northeurope", "Ireland", "IE", 3),
    Region("norwayeast", "Norway", "NO", 3),
    Region("norwaywest", "Norway", "NO", 0),
    Region("polandcentral", "Warsaw", "PL", 3),
    Region("qatarcentral", "Doha", "QA", 3),
    Region("southafricanorth", "Johannesburg", "ZA", 3),
    Region("southafricawest", "Cape Town", "ZA", 0),
    Region("southcentralus", "Texas", "US", 3),
    Region("southeastasia", "Singapore", "SG", 3),
    Region("southindia", "Chennai", "IN", 0),
    Region("spaincentral", "Madrid", "ES", 3),
    Region("swedencentral", "Gävle", "SE", 3),
    # Sweden South has no row of its own in the 2025-09-23 regions list, but is Sweden Central's
    # pair there and in the cross-region replication table (restricted, no availability zones).
    Region("swedensouth", "Staffanstorp", "SE", 0),
    Region("switzerlandnorth", "Zurich", "CH", 3),
    Region("switzerlandwest", "Geneva", "CH", 0),
    Region("uaecentral", "Abu Dhabi", "AE", 0),
    Region("uaenorth", "Dubai", "AE", 3),
    Region("uksouth", "London", "GB", 3),
    Region("ukwest", "Cardiff", "GB", 0),
    Region("westcentralus", "Wyoming", "US", 0),
    Region("westeurope", "Netherlands", "NL", 3),
    Region("westindia", "Mumbai", "IN", 0),
    Region("westus", "California", "US", 0),
    Region("westus2", "Washington", "US", 3),
    Region("westus3", "Phoenix", "US", 3),
)

RESTRICTED_ACCESS: Final[frozenset[str]] = frozenset(
    {
        "australiacentral2", "brazilsoutheast", "francesouth", "germanynorth", "norwaywest",
        "southafricawest", "swedensouth", "switzerlandwest", "uaecentral",
    }
)  # fmt: skip
"""Regions a subscription can use only after a support request ("Azure region access request
process"); Microsoft keeps them mostly as the in-country pair of another region."""

PAIRS: Final[dict[str, str]] = {
    "australiacentral": "australiacentral2",
    "australiacentral2": "australiacentral",
    "australiaeast": "australiasoutheast",
    "australiasoutheast": "australiaeast",
    "brazilsouth": "southcentralus",  # one-way: southcentralus pairs with northcentralus
    "brazilsoutheast": "brazilsouth",  # one-way: brazilsouth pairs with southcentralus
    "canadacentral": "canadaeast",
    "canadaeast": "canadacentral",
    "centralindia": "southindia",
    "centralus": "eastus2",
    "eastasia": "southeastasia",
    "eastus": "westus",
    "eastus2": "centralus",
    "francecentral": "francesouth",
    "francesouth": "francecentral",
    "germanynorth": "germanywestcentral",
    "germanywestcentral": "germanynorth",
    "japaneast": "japanwest",
    "japanwest": "japaneast",
    "koreacentral": "koreasouth",
    "koreasouth": "koreacentral",
    "northcentralus": "southcentralus",
    "northeurope": "westeurope",
    "norwayeast": "norwaywest",
    "norwaywest": "norwayeast",
    "southafricanorth": "southafricawest",
    "southafricawest": "southafricanorth",
    "southcentralus": "northcentralus",
    "southeastasia": "eastasia",
    "southindia": "centralindia",
    "swedencentral": "swedensouth",
    "swedensouth": "swedencentral",
    "switzerlandnorth": "switzerlandwest",
    "switzerlandwest": "switzerlandnorth",
    "uaecentral": "uaenorth",
    "uaenorth": "uaecentral",
    "uksouth": "ukwest",
    "ukwest": "uksouth",
    "westcentralus": "westus2",
    "westeurope": "northeurope",
    "westindia": "southindia",  # one-way: southindia pairs with centralindia
    "westus": "eastus",
    "westus2": "westcentralus",
    "westus3": "eastus",  # one-way: eastus pairs with westus
}
"""Region -> the region Microsoft pairs it with (its geo-redundant storage secondary, its
geo-restore target). Regions without a pair (most newer ones, e.g. italynorth, polandcentral,
spaincentral) are absent: their geo-redundancy is whatever a service offers between arbitrary
regions."""

ASYMMETRIC_PAIRS: Final[frozenset[tuple[str, str]]] = frozenset(
    {
        ("brazilsouth", "southcentralus"),
        ("brazilsoutheast", "brazilsouth"),
        ("westindia", "southindia"),
        ("westus3", "eastus"),
    }
)
"""The one-way pairs. "Azure region pairs and nonpaired regions" names three (Brazil South ->
South Central US, West India -> South India, West US 3 -> East US); the regions list shows a
fourth, Brazil Southeast -> Brazil South, whose pair is South Central US."""


OTHER_CLOUDS: Final[dict[str, str]] = {
    "usgov": "Azure Government",
    "usdod": "Azure Government",
    "china": "Azure operated by 21Vianet",
}
"""Region-name prefixes of the sovereign clouds left out above."""


def accepts_zone(region: Region, zone: str) -> bool:
    return zone in zone_names(region)


def zone_names(region: Region) -> tuple[str, ...]:
    """Azure's logical zone names in `region`: `1`, `2`, `3` (none where it has no zones)."""
    return tuple(str(n) for n in range(1, region.zones + 1))
