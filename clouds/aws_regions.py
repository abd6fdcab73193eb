"""AWS commercial regions (the standard `aws` partition) and the Availability Zones each offers.

Sources, checked 2026 with the search tool:
- Region codes: "AWS Regions" (docs.aws.amazon.com/global-infrastructure/latest/regions/
  aws-regions.html), cross-checked in tests against the `pulumi_aws.Region` enum of the pinned
  pulumi-aws (requirements.txt), so a region AWS adds shows up as a failing test on the next bump.
- Availability Zones: "AWS Availability Zones" (docs.aws.amazon.com/global-infrastructure/latest/
  regions/aws-availability-zones.html): "Each Region has at least three Availability Zones", listed
  by AZ ID. The exceptions below are what an account can actually use: us-west-1 offers new
  accounts two AZs (usw1-az1, usw1-az3; the EFS "Supported Availability Zones for One Zone file
  systems" table lists the same two), us-east-1 has six, us-west-2 and ap-northeast-2 four.
- AZ names: an AZ's name is its region code plus a letter. Letters are not always contiguous:
  ap-northeast-1 offers a, c, d and ca-central-1 offers a, b, d (apne1-az3 and cac1-az3 are closed
  to new accounts); moto's `RegionsAndZonesBackend` table (moto/ec2/models/
  availability_zones_and_regions.py) records the same mapping. In the oldest regions each account
  created before November 2025 maps letters to AZs independently, so the letters here are a
  default; a stack that needs particular AZs lists them in `availabilityZones`.

Left out, on purpose: AWS GovCloud (US) and the China regions are separate partitions (their own
accounts, ARNs `arn:aws-us-gov`/`arn:aws-cn`, endpoints and service availability), the ISO
regions are not public, and the AWS European Sovereign Cloud (eusc-de-east-1) is a partition of
its own. The program's ARNs, service principals and endpoints assume the standard partition.
"""

from __future__ import annotations

import re
from typing import Final

from clouds.regions import Region

REGIONS: Final[tuple[Region, ...]] = (
    Region("af-south-1", "Cape Town", "ZA", 3),
    Region("ap-east-1", "Hong Kong", "HK", 3),
    Region("ap-east-2", "Taipei", "TW", 3),
    Region("ap-northeast-1", "Tokyo", "JP", 3),
    Region("ap-northeast-2", "Seoul", "KR", 4),
    Region("ap-northeast-3", "Osaka", "JP", 3),
    Region("ap-south-1", "Mumbai", "IN", 3),
    Region("ap-south-2", "Hyderabad", "IN", 3),
    Region("ap-southeast-1", "Singapore", "SG", 3),
    Region("ap-southeast-2", "Sydney", "AU", 3),
    Region("ap-southeast-3", "Jakarta", "ID", 3),
    Region("ap-southeast-4", "Melbourne", "AU", 3),
    Region("ap-southeast-5", "Malaysia", "MY", 3),
    Region("ap-southeast-6", "New Zealand", "NZ", 3),
    Region("ap-southeast-7", "Thailand", "TH", 3),
    Region("ca-central-1", "Canada (Central)", "CA", 3),
    Region("ca-west-1", "Calgary", "CA", 3),
    Region("eu-central-1", "Frankfurt", "DE", 3),
    Region("eu-central-2", "Zurich", "CH", 3),
    Region("eu-north-1", "Stockholm", "SE", 3),
    Region("eu-south-1", "Milan", "IT", 3),
    Region("eu-south-2", "Spain", "ES", 3),
    Region("eu-west-1", "Ireland", "IE", 3),
    Region("eu-west-2", "London", "GB", 3),
    Region("eu-west-3", "Paris", "FR", 3),
    Region("il-central-1", "Tel Aviv", "IL", 3),
    Region("me-central-1", "UAE", "AE", 3),
    Region("me-south-1", "Bahrain", "BH", 3),
    Region("mx-central-1", "Mexico (Central)", "MX", 3),
    Region("sa-east-1", "São Paulo", "BR", 3),
    Region("us-east-1", "N. Virginia", "US", 6),
    Region("us-east-2", "Ohio", "US", 3),
    Region("us-west-1", "N. California", "US", 2),
    Region("us-west-2", "Oregon", "US", 4),
)

AZ_LETTERS: Final[dict[str, str]] = {
    "ap-northeast-1": "acd",
    "ca-central-1": "abd",
}
"""Regions whose AZ letters are not `a`, `b`, `c`, ... in order; the rest use the first letters."""


OTHER_PARTITIONS: Final[dict[str, str]] = {
    "us-gov-": "AWS GovCloud (US)",
    "cn-": "AWS China",
    "us-iso": "the AWS ISO partitions",
    "eu-iso": "the AWS ISO partitions",
    "eusc-": "the AWS European Sovereign Cloud",
}
"""Region-name prefixes of the partitions left out above, to say why such a region is refused."""


def zone_names(region: Region) -> tuple[str, ...]:
    """The AZ names a new account sees in `region`, e.g. `eu-west-1a`."""
    letters = AZ_LETTERS.get(region.name, "abcdefghijklmnopqrstuvwxyz"[: region.zones])
    return tuple(f"{region.name}{letter}" for letter in letters)


def accepts_zone(region: Region, zone: str) -> bool:
    """Whether `zone` can name an AZ of `region`: any letter, since accounts created before
    November 2025 map letters to AZs independently in the oldest regions."""
    return re.fullmatch(rf"{re.escape(region.name)}[a-z]", zone) is not None
