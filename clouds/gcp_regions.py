"""Google Cloud regions and zones, Firestore's multi-regions, Cloud Storage's dual-regions.

Sources, checked 2026 with the search tool:
- Regions and zones: Compute Engine "Regions and zones" (cloud.google.com/compute/docs/regions-
  zones) and the per-product lists that repeat it with zone names (Memorystore "Regions and
  zones", cloud.google.com/memorystore/docs/memcached/regions). Every region has three zones
  except us-central1 (four: a, b, c, f); europe-west1 and us-east1 name theirs b, c, d.
- Firestore multi-regions: Firestore "Locations" (cloud.google.com/firestore/native/docs/
  locations), section "Multi-region locations": read-write regions and a witness region each.
- Cloud Storage dual-regions: "Bucket locations" (cloud.google.com/storage/docs/locations),
  sections "Predefined dual-regions" and "Configurable dual-regions", and the release notes that
  added EUR7 (London + Frankfurt, 2024) and EUR8 (Frankfurt + Zurich, 2024-07-11).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

from clouds.regions import Region

REGIONS: Final[tuple[Region, ...]] = (
    Region("africa-south1", "Johannesburg", "ZA", 3),
    Region("asia-east1", "Changhua County, Taiwan", "TW", 3),
    Region("asia-east2", "Hong Kong", "HK", 3),
    Region("asia-northeast1", "Tokyo", "JP", 3),
    Region("asia-northeast2", "Osaka", "JP", 3),
    Region("asia-northeast3", "Seoul", "KR", 3),
    Region("asia-south1", "Mumbai", "IN", 3),
    Region("asia-south2", "Delhi", "IN", 3),
    Region("asia-southeast1", "Jurong West, Singapore", "SG", 3),
    Region("asia-southeast2", "Jakarta", "ID", 3),
    Region("australia-southeast1", "Sydney", "AU", 3),
    Region("australia-southeast2", "Melbourne", "AU", 3),
    Region("europe-central2", "Warsaw", "PL", 3),
    Region("europe-north1", "Hamina, Finland", "FI", 3),
    Region("europe-north2", "Stockholm", "SE", 3),
    Region("europe-southwest1", "Madrid", "ES", 3),
    Region("europe-west1", "St. Ghislain, Belgium", "BE", 3),
    Region("europe-west10", "Berlin", "DE", 3),
    Region("europe-west12", "Turin", "IT", 3),
    Region("europe-west2", "London", "GB", 3),
    Region("europe-west3", "Frankfurt", "DE", 3),
    Region("europe-west4", "Eemshaven, Netherlands", "NL", 3),
    Region("europe-west6", "Zurich", "CH", 3),
    Region("europe-west8", "Milan", "IT", 3),
    Region("europe-west9", "Paris", "FR", 3),
    Region("me-central1", "Doha", "QA", 3),
    Region("me-central2", "Dammam", "SA", 3),
    Region("me-west1", "Tel Aviv", "IL", 3),
    Region("northamerica-northeast1", "Montréal", "CA", 3),
    Region("northamerica-northeast2", "Toronto", "CA", 3),
    Region("northamerica-south1", "Querétaro", "MX", 3),
    Region("southamerica-east1", "Osasco, São Paulo", "BR", 3),
    Region("southamerica-west1", "Santiago", "CL", 3),
    Region("us-central1", "Council Bluffs, Iowa", "US", 4),
    Region("us-east1", "Moncks Corner, South Carolina", "US", 3),
    Region("us-east4", "Ashburn, Virginia", "US", 3),
    Region("us-east5", "Columbus, Ohio", "US", 3),
    Region("us-south1", "Dallas", "US", 3),
    Region("us-west1", "The Dalles, Oregon", "US", 3),
    Region("us-west2", "Los Angeles", "US", 3),
    Region("us-west3", "Salt Lake City", "US", 3),
    Region("us-west4", "Las Vegas", "US", 3),
)

ZONE_LETTERS: Final[dict[str, str]] = {
    "europe-west1": "bcd",
    "us-central1": "abcf",
    "us-east1": "bcd",
}
"""Regions whose zone letters are not `a`, `b`, `c`; the rest use the first letters."""

PRIVATE_REGIONS: Final[tuple[Region, ...]] = (
    # Firestore "Locations": "us-central2 (Oklahoma - private Google Cloud region)".
    Region("us-central2", "Oklahoma", "US", 0),
)
"""Regions that hold replicas of a Google-managed multi-region but cannot be chosen for a
resource; zones 0 because none can be named."""


def zone_names(region: Region) -> tuple[str, ...]:
    """The zone names in `region`, e.g. `europe-west1-b`."""
    letters = ZONE_LETTERS.get(region.name, "abcdefghijklmnopqrstuvwxyz"[: region.zones])
    return tuple(f"{region.name}-{letter}" for letter in letters)


def accepts_zone(region: Region, zone: str) -> bool:
    return zone in zone_names(region)


# --- Firestore ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FirestoreMultiRegion:
    name: str
    description: str
    read_write: tuple[str, ...]
    """Regions holding a full replica that serves reads and writes."""
    witness: str
    """A region that votes in replication but holds no full copy of the data."""

    @property
    def regions(self) -> tuple[str, ...]:
        """Every region the multi-region stores replicas in (data residency reads this)."""
        return (*self.read_write, self.witness)


FIRESTORE_MULTI_REGIONS: Final[dict[str, FirestoreMultiRegion]] = {
    m.name: m
    for m in (
        FirestoreMultiRegion("eur3", "Europe", ("europe-west1", "europe-west4"), "europe-north1"),
        FirestoreMultiRegion("nam5", "United States (Central)", ("us-central1", "us-central2"), "us-east1"),
        FirestoreMultiRegion(
            "nam7", "United States (Central and East)", ("us-central1", "us-east4"), "us-central2"
        ),
    )
}
"""Firestore (Native mode) multi-region locations. A database's location is fixed at creation.
The legacy Datastore page describes eur3 with three read-write regions (europe-north1 among
them); the current Firestore page, used here, makes europe-north1 the witness."""


# --- Cloud Storage dual-regions ---------------------------------------------------------------


@dataclass(frozen=True)
class DualRegion:
    name: str
    """The bucket location to give (`EUR4`), or for a configurable pair its location code."""
    regions: tuple[str, str]


PREDEFINED_DUAL_REGIONS: Final[dict[str, DualRegion]] = {
    d.name: d
    for d in (
        DualRegion("ASIA1", ("asia-northeast1", "asia-northeast2")),  # Tokyo + Osaka
        DualRegion("EUR4", ("europe-north1", "europe-west4")),  # Finland + Netherlands
        DualRegion("EUR5", ("europe-west1", "europe-west2")),  # Belgium + London
        DualRegion("EUR7", ("europe-west2", "europe-west3")),  # London + Frankfurt
        DualRegion("EUR8", ("europe-west3", "europe-west6")),  # Frankfurt + Zurich
        DualRegion("NAM4", ("us-central1", "us-east1")),  # Iowa + South Carolina
    )
}

CONFIGURABLE_DUAL_REGIONS: Final[dict[str, tuple[str, ...]]] = {
    "ASIA": ("asia-east1", "asia-southeast1"),
    "AU": ("australia-southeast1", "australia-southeast2"),
    "CA": ("northamerica-northeast1", "northamerica-northeast2"),
    "DE": ("europe-west3", "europe-west10"),
    "EU": (
        "europe-central2", "europe-north1", "europe-southwest1", "europe-west1", "europe-west3",
        "europe-west4", "europe-west8", "europe-west9", "europe-west10", "europe-west12",
    ),
    "IN": ("asia-south1", "asia-south2"),
    "IT": ("europe-west8", "europe-west12"),
    "US": (
        "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west2",
        "us-west3", "us-west4",
    ),
}  # fmt: skip
"""Location code -> the regions a configurable dual-region under that code may pair: any two of
them (the bucket's location is the code, its `customPlacementConfig.dataLocations` the two
regions). Google's client references state the rule: "precisely two eligible regions within the
same multi-region". Pairs across codes (e.g. other continents) are rejected by the API."""

PREDEFINED_ONLY: Final[frozenset[frozenset[str]]] = frozenset(
    {
        frozenset({"europe-north1", "europe-west4"}),  # footnote 1: only as EUR4
        frozenset({"us-central1", "us-east1"}),  # footnote 2: only as NAM4
    }
)
"""Pairs listed under a code that Google offers only as a predefined dual-region. The locations
page has three more footnotes (on us-east5, on europe-west8/europe-west12 and on
europe-west3/europe-west10) whose text the search tool did not return; if they restrict pairs
further, this rule is looser than Google's."""


def dual_regions_for(a: str, b: str) -> list[DualRegion]:
    """Every Cloud Storage dual-region that places data in exactly regions `a` and `b`: the
    predefined one if there is one, and each location code whose configurable list holds both."""
    pair = frozenset({a, b})
    if len(pair) != 2:
        return []
    found = [d for d in PREDEFINED_DUAL_REGIONS.values() if frozenset(d.regions) == pair]
    if pair not in PREDEFINED_ONLY:
        found += [
            DualRegion(code, (a, b))
            for code, regions in CONFIGURABLE_DUAL_REGIONS.items()
            if pair <= set(regions)
        ]
    return found


def configurable_pairs(code: str) -> list[tuple[str, str]]:
    """The region pairs a configurable dual-region under `code` allows."""
    return [
        (a, b)
        for a, b in itertools.combinations(CONFIGURABLE_DUAL_REGIONS[code], 2)
        if frozenset({a, b}) not in PREDEFINED_ONLY
    ]
