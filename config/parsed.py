"""What validated of one stack's config, for the checks that span sections.

Every check runs on what is here, so a broken section or service hides no other one's problems; a
check skips what it needs but is missing (that part already has its own problem), so nothing is
reported twice or as a consequence of another mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, get_args

from clouds import Cloud
from config.errors import Problem
from config.models import Service, StackConfig, TierPolicy

CLOUDS = get_args(Cloud)
DEFAULT_ZONE_CLOUD = "aws"
"""`dns.cloud` when absent (config.models.Dns)."""
DEFAULT_TTL, MAX_TTL = 60, 60
"""`dns.ttl` default and bound (config.models.Dns: Route 53's recommendation for failover records)."""


@dataclass(frozen=True)
class Parsed:
    sections: Mapping[str, Any]
    """StackConfig field name -> validated value; an absent optional section holds its default,
    a broken one is missing."""
    tiers: Mapping[int, TierPolicy]
    """The tier policies that validated."""
    services: tuple[tuple[int, Service], ...]
    """The catalog entries that validated, with their index in the catalog."""
    count: int
    """How many entries the catalog has (valid or not)."""
    salvaged: Mapping[str, Any] = field(default_factory=dict)
    """Of a broken `sites` or `dns` section, the facts that validated on their own: each site's
    cloud (and its region as written), the zone's cloud and TTL. Enough for the rules that only
    need the clouds (floors, schedules), so a mistyped region hides none of their problems."""

    def view(self, *needed: str, salvage: bool = False) -> StackConfig | None:
        """A StackConfig of what validated (only the valid services and tiers), or None when a
        `needed` section did not validate (with `salvage`, nor left the facts above). Its other
        sections may be absent: read only `needed`."""
        sections = dict(self.sections)
        if salvage:
            sections.update({n: self.salvaged[n] for n in needed if n not in sections and n in self.salvaged})
        if any(name not in sections for name in needed):
            return None
        return StackConfig.model_construct(
            **sections, tiers=dict(self.tiers), services=[s for _, s in self.services]
        )

    def with_tier(self) -> list[tuple[int, Service]]:
        """The valid services whose tier policy validated (targets and backups read it)."""
        return [(i, s) for i, s in self.services if s.tier in self.tiers]

    def clouds(self) -> tuple[str, str] | None:
        """(primary, recovery) cloud, from the sites or what of them was salvaged."""
        sites = self.sections.get("sites") or self.salvaged.get("sites")
        return (sites.primary.cloud, sites.recovery.cloud) if sites is not None else None


@dataclass(frozen=True)
class SiteFacts:
    """What the clouds-only rules read of a site whose section is broken."""

    cloud: str
    region: str


@dataclass(frozen=True)
class SitesFacts:
    primary: SiteFacts
    recovery: SiteFacts


@dataclass(frozen=True)
class ZoneFacts:
    """What the clouds-only rules read of a broken `dns` section."""

    cloud: str
    ttl: int


def salvage(raw: Mapping[str, object], sections: Mapping[str, Any]) -> dict[str, Any]:
    """The facts of broken `sites`/`dns` sections that are valid on their own (see Parsed)."""
    out: dict[str, Any] = {}
    sites = raw.get("sites")
    if "sites" not in sections and isinstance(sites, dict):
        found = {w: _site(sites.get(w)) for w in ("primary", "recovery")}
        if found["primary"] is not None and found["recovery"] is not None:
            out["sites"] = SitesFacts(found["primary"], found["recovery"])
    dns = raw.get("dns")
    if "dns" not in sections and isinstance(dns, dict):
        cloud, ttl = dns.get("cloud", DEFAULT_ZONE_CLOUD), dns.get("ttl", DEFAULT_TTL)
        if cloud in CLOUDS and isinstance(ttl, int) and not isinstance(ttl, bool) and 0 <= ttl <= MAX_TTL:
            out["dns"] = ZoneFacts(str(cloud), ttl)
    return out


def _site(value: object) -> SiteFacts | None:
    if not isinstance(value, dict) or value.get("cloud") not in CLOUDS:
        return None
    region = value.get("region")
    return SiteFacts(str(value["cloud"]), region if isinstance(region, str) else "")


Rule = Callable[[Parsed], Iterable[Problem]]
"""A check over the whole config; runs on whatever validated."""
