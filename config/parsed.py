"""What validated of one stack's config, for the checks that span sections.

Every check runs on what is here, so a broken section or service hides no other one's problems; a
check skips what it needs but is missing (that part already has its own problem), so nothing is
reported twice or as a consequence of another mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from config.errors import Problem
from config.models import Service, StackConfig, TierPolicy


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

    def view(self, *needed: str) -> StackConfig | None:
        """A StackConfig of what validated (only the valid services and tiers), or None when a
        `needed` section did not validate. Its other sections may be absent: read only `needed`."""
        if any(name not in self.sections for name in needed):
            return None
        return StackConfig.model_construct(
            **self.sections, tiers=dict(self.tiers), services=[s for _, s in self.services]
        )

    def with_tier(self) -> list[tuple[int, Service]]:
        """The valid services whose tier policy validated (targets and backups read it)."""
        return [(i, s) for i, s in self.services if s.tier in self.tiers]


Rule = Callable[[Parsed], Iterable[Problem]]
"""A check over the whole config; runs on whatever validated."""
