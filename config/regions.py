"""Which regions each cloud has, which each residency zone allows, and a site's zone names.

The facts live in `clouds/` (one table per cloud, each with its sources); this module is what the
config boundary reads from them. `eu` means EU member states only (GDPR territorial scope);
regions in countries with an adequacy decision (UK, Switzerland) are *not* in it. A stack can
widen or narrow a zone with `residency.zones`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

from clouds import aws_regions, azure_regions, gcp_regions
from clouds.regions import Region, eu_regions, nearest_names, us_regions


@dataclass(frozen=True)
class RegionTable:
    """What the config boundary needs from one cloud's region facts."""

    display_name: str
    regions: tuple[Region, ...]
    zone_names: Callable[[Region], tuple[str, ...]]
    accepts_zone: Callable[[Region, str], bool]
    elsewhere: Mapping[str, str] = field(default_factory=dict)
    """Region-name prefix -> the separate partition or cloud such regions belong to."""


TABLES: Final[dict[str, RegionTable]] = {
    "aws": RegionTable(
        "AWS",
        aws_regions.REGIONS,
        aws_regions.zone_names,
        aws_regions.accepts_zone,
        aws_regions.OTHER_PARTITIONS,
    ),
    "azure": RegionTable(
        "Azure",
        azure_regions.REGIONS,
        azure_regions.zone_names,
        azure_regions.accepts_zone,
        azure_regions.OTHER_CLOUDS,
    ),
    "gcp": RegionTable("Google Cloud", gcp_regions.REGIONS, gcp_regions.zone_names, gcp_regions.accepts_zone),
}

ZONES_PER_SITE: Final = 3
"""Each site spreads its subnets, NAT and databases over three availability zones."""

_ALL: Final = tuple(r for table in TABLES.values() for r in table.regions)
DEFAULT_ZONES: Final[dict[str, tuple[str, ...]]] = {
    "eu": tuple(r.name for r in eu_regions(_ALL)),
    "us": tuple(r.name for r in us_regions(_ALL)),
}
"""Zone -> regions it allows, across all clouds; `any` allows every region and is not listed."""


def find_region(cloud: str, name: str) -> Region | None:
    return next((r for r in TABLES[cloud].regions if r.name == name), None)


def unknown_region_message(cloud: str, name: str) -> str:
    """Why `name` is not a region of `cloud`, with a did-you-mean (over all its regions: the
    name the user meant) and the regions a site can use (those with enough zones)."""
    table = TABLES[cloud]
    partition = next((p for prefix, p in table.elsewhere.items() if name.startswith(prefix)), None)
    if partition:
        why = f"{name!r} belongs to {partition}, which this program does not deploy to; "
    else:
        close = nearest_names(name, table.regions)
        hint = f"did you mean {' or '.join(repr(n) for n in close)}? " if close else ""
        why = f"{name!r} is not a region of {table.display_name}; {hint}"
    usable = ", ".join(r.name for r in table.regions if r.zones >= ZONES_PER_SITE)
    return f"{why}{table.display_name} regions a site can use: {usable}"


def zone_names(cloud: str, region: Region) -> tuple[str, ...]:
    """The availability zones `region` offers, by the names its cloud's API takes."""
    return TABLES[cloud].zone_names(region)


def wrong_zones(cloud: str, region: Region, zones: list[str]) -> list[str]:
    """The listed zones that cannot be zones of `region`."""
    return [z for z in zones if not TABLES[cloud].accepts_zone(region, z)]


def too_few_zones_message(cloud: str, region: Region) -> str | None:
    """Why `region` cannot host a site (it has fewer zones than a site spreads over), or None."""
    if region.zones >= ZONES_PER_SITE:
        return None
    has = f"only {region.zones}" if region.zones else "no"
    better = [
        r.name for r in TABLES[cloud].regions if r.country == region.country and r.zones >= ZONES_PER_SITE
    ]
    hint = f"; {region.country} regions with enough: {', '.join(better)}" if better else ""
    return (
        f"{region.name} has {has} availability zones and each site spreads over "
        f"{ZONES_PER_SITE}; choose a region with at least {ZONES_PER_SITE}{hint}"
    )


def default_availability_zones(cloud: str, region: str) -> tuple[str, str, str]:
    """The first three zones of a region, used when the stack does not list them.

    Raises ValueError for a region this config does not know or one with fewer than three zones
    (the Site model rejects both before anything asks a site for its zones).
    """
    found = find_region(cloud, region)
    if found is None:
        raise ValueError(unknown_region_message(cloud, region))
    too_few = too_few_zones_message(cloud, found)
    if too_few:
        raise ValueError(too_few)
    names = zone_names(cloud, found)
    return (names[0], names[1], names[2])
