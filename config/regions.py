"""Region facts per cloud: name shapes and which regions each residency zone allows.

`eu` means EU member states only (GDPR territorial scope); regions in countries with an adequacy
decision (UK, Switzerland) are *not* in it. A stack can widen or narrow a zone with `residency.zones`.
"""

from __future__ import annotations

import re
from typing import Final

REGION_PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    "aws": re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d$"),
    "azure": re.compile(r"^[a-z]+[a-z0-9]*$"),
    "gcp": re.compile(r"^[a-z]+-[a-z]+\d+$"),
}
REGION_EXAMPLES: Final[dict[str, str]] = {"aws": "us-east-1", "azure": "westeurope", "gcp": "europe-west1"}

DEFAULT_ZONES: Final[dict[str, tuple[str, ...]]] = {
    "eu": (
        # AWS: Frankfurt, Ireland, Paris, Stockholm, Milan, Spain
        "eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2",
        # Azure
        "westeurope", "northeurope", "francecentral", "germanywestcentral", "swedencentral",
        "italynorth", "polandcentral", "spaincentral",
        # GCP: Belgium, Frankfurt, Netherlands, Milan, Paris, Finland, Warsaw, Madrid, Berlin, Turin
        "europe-west1", "europe-west3", "europe-west4", "europe-west8", "europe-west9",
        "europe-north1", "europe-central2", "europe-southwest1", "europe-west10", "europe-west12",
    ),
    "us": (
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "eastus", "eastus2", "centralus", "northcentralus", "southcentralus", "westcentralus",
        "westus", "westus2", "westus3",
        "us-central1", "us-east1", "us-east4", "us-east5", "us-south1",
        "us-west1", "us-west2", "us-west3", "us-west4",
    ),
}  # fmt: skip
"""Zone -> regions it allows; `any` allows every region and is not listed."""


def default_availability_zones(cloud: str, region: str) -> tuple[str, str, str]:
    """Three zone names for a region, used when the stack does not list them."""
    if cloud == "aws":
        return (f"{region}a", f"{region}b", f"{region}c")
    if cloud == "gcp":
        return (f"{region}-a", f"{region}-b", f"{region}-c")
    return ("1", "2", "3")
