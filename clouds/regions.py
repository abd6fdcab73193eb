"""The shape every cloud's region table shares, and what can be derived from it.

Residency zones (`eu`, `us`) are derived from each region's country, never listed by hand, so a
region added to a cloud's table lands in the right zone by itself.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Region:
    name: str
    """The name the cloud's API takes (`eu-central-1`, `westeurope`, `europe-west1`)."""
    location: str
    """Where it is, as the provider describes it (city, state or country)."""
    country: str
    """ISO 3166-1 alpha-2 code of the country the region's data centers are in."""
    zones: int
    """Availability zones a new account can use there; 0 where the cloud offers none."""


# The 27 member states of the European Union, as ISO 3166-1 alpha-2 codes (Greece is GR in ISO
# 3166-1; the EU's own protocol order writes it EL).
# Source: European Union, "EU countries" (european-union.europa.eu/principles-countries-history/
# eu-countries_en), checked 2026 against the member-state lists found with the search tool.
# Not members, so their regions are not `eu` even where GDPR adequacy decisions exist: the United
# Kingdom (GB, left 2020-01-31), Switzerland (CH), Norway (NO, EEA only).
EU_MEMBER_STATES: Final[frozenset[str]] = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip


def eu_regions(regions: Iterable[Region]) -> tuple[Region, ...]:
    """Regions whose data centers are in an EU member state."""
    return tuple(r for r in regions if r.country in EU_MEMBER_STATES)


def us_regions(regions: Iterable[Region]) -> tuple[Region, ...]:
    """Regions whose data centers are in the United States."""
    return tuple(r for r in regions if r.country == "US")


def nearest_names(name: str, regions: Iterable[Region], count: int = 3) -> list[str]:
    """Region names close to a mistyped `name`, closest first (for a did-you-mean).

    Matching ignores case and separators, so `eu-central1`, `West Europe` and `us_east_1` still
    find `eu-central-1`, `westeurope` and `us-east-1`; a place name (`frankfurt`) finds the
    regions located there.
    """
    candidates: dict[str, list[str]] = {}
    for r in regions:
        for key in (r.name, *r.location.split(",")):
            names = candidates.setdefault(_folded(key), [])
            if r.name not in names:
                names.append(r.name)
    found = difflib.get_close_matches(_folded(name), list(candidates), n=count, cutoff=0.75)
    ordered = dict.fromkeys(n for key in found for n in candidates[key])
    return list(ordered)[:count]


def _folded(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())
