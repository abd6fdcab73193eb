"""The one place that picks a cloud's own config rules: what a site on that cloud needs of the
catalog (machine sizes, images, names a cloud's API accepts) beyond the cloud-neutral schema.

Each module listed here exposes `problems(settings)`; they run for every cloud the config names
(both sites' clouds and the public zone's), so adding a cloud is one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from config.errors import Problem
from config.models import Dns, Failover, Residency, Service, Sites, TierPolicy
from config.parsed import Parsed

_RULES: dict[str, str] = {
    "aws": "config.aws",
    "gcp": "config.gcp",
}
"""Cloud -> module whose `problems(settings)` checks what that cloud's sites need."""


@dataclass(frozen=True)
class Settings:
    """The sections a cloud's rules read (whatever parsed; `dns` is None when it did not)."""

    sites: Sites
    dns: Dns | None
    services: Sequence[tuple[int, Service]]
    residency: Residency
    tiers: Mapping[int, TierPolicy]
    recovery_control: bool = False
    """`failover.recoveryControl`: Route 53 ARC routing controls."""


def problems(settings: Settings) -> Iterator[Problem]:
    named = {settings.sites.primary.cloud, settings.sites.recovery.cloud}
    if settings.dns is not None:
        named.add(settings.dns.cloud)
    for cloud in sorted(named & set(_RULES)):
        yield from importlib.import_module(_RULES[cloud]).problems(settings)


def parsed_problems(parsed: Parsed) -> Iterator[Problem]:
    """`problems` over whatever validated (config.parsed): needs the sites and the tiers; a broken
    dns, residency or failover section is read as absent or its default."""
    sites = parsed.sections.get("sites")
    if sites is None or not parsed.tiers:
        return
    yield from problems(
        Settings(
            sites,
            parsed.sections.get("dns"),
            parsed.with_tier(),
            parsed.sections.get("residency") or Residency(),
            parsed.tiers,
            (parsed.sections.get("failover") or Failover()).recovery_control,
        )
    )
