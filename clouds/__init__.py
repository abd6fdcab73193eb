"""Which clouds a site can run on, and the one place that picks a cloud's capability profile.

SkyPilot-style: one module per cloud (clouds/<cloud>.py) holds its `PROFILE`: the figures it
contributes to RPO/RTO with their sources, and what it cannot do, with the reason. Adding a cloud
is its module, its components under components/<cloud>/, and one line in each registry (here and
components/clouds.py); no other cloud's files change.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from clouds.base import CloudProfile, Mode, ModeCapability, TrafficFailover, Unsupported

Cloud = Literal["aws", "azure", "gcp"]
"""Clouds the config schema names; `supported()` says which have a site implementation."""

_PROFILES: dict[str, str] = {
    "aws": "clouds.aws",
    "gcp": "clouds.gcp",
    "azure": "clouds.azure",
}
"""Cloud -> module whose PROFILE describes it; a cloud is supported once it is listed here."""

_CROSS_CLOUD_PATHS: dict[tuple[str, str], str] = {
    ("aws", "gcp"): "clouds.aws_to_gcp",
    ("aws", "azure"): "clouds.aws_to_azure",
}
"""(primary cloud, recovery cloud) -> module whose PATHS carry data between them, and whose
ZONE_CLOUDS name the public zones whose failover reaches both sites (ZONE_REASON: why)."""


class CloudNotSupportedError(NotImplementedError):
    def __init__(self, cloud: str) -> None:
        super().__init__(f"cloud {cloud!r} is not supported yet; supported today: {', '.join(supported())}")


def supported() -> tuple[str, ...]:
    """Clouds a site may run on today."""
    return tuple(_PROFILES)


def profile(cloud: str) -> CloudProfile:
    if cloud not in _PROFILES:
        raise CloudNotSupportedError(cloud)
    found: CloudProfile = importlib.import_module(_PROFILES[cloud]).PROFILE
    return found


@dataclass(frozen=True)
class SitePair:
    """The two sites' clouds as the posture and the protection choice see them."""

    primary: CloudProfile
    """Runs the service day to day; in-place restores (corruption, deletion) happen here."""
    recovery: CloudProfile
    """Takes over on a region loss: promotion and scale-up times are its own."""
    paths: Mapping[Mode, ModeCapability | Unsupported]
    """How each mode carries data from the primary to the recovery site."""
    failover: TrafficFailover | Unsupported
    """What moves traffic between the sites."""

    @property
    def cross_cloud(self) -> bool:
        return self.primary.cloud != self.recovery.cloud


def paths(primary: str, recovery: str) -> Mapping[Mode, ModeCapability | Unsupported]:
    """How each mode carries data from a `primary` site to a `recovery` site: the cloud's own modes
    on one cloud, the registered cross-cloud paths between two, else every mode unsupported."""
    first, second = profile(primary), profile(recovery)
    if primary == recovery:
        return first.modes
    if (primary, recovery) in _CROSS_CLOUD_PATHS:
        found: Mapping[Mode, ModeCapability | Unsupported] = importlib.import_module(
            _CROSS_CLOUD_PATHS[(primary, recovery)]
        ).PATHS
        return found
    reason = f"no cross-cloud data path from {first.title} to {second.title} is implemented yet"
    return {mode: Unsupported(mode, reason) for mode in first.modes}


def pair(primary: str, recovery: str, dns: str) -> SitePair:
    """The site pair `primary -> recovery` with its public zone on `dns`."""
    return SitePair(
        profile(primary),
        profile(recovery),
        paths(primary, recovery),
        traffic_failover(primary, recovery, dns),
    )


def traffic_failover(primary: str, recovery: str, dns: str) -> TrafficFailover | Unsupported:
    """Both sites on one cloud use that cloud's own failover where it can answer for the zone
    (a traffic manager reached by CNAME can; DNS failover records need the zone on that cloud);
    otherwise the cloud that hosts the public zone fails traffic over between the sites."""
    if primary == recovery:
        own = profile(primary).traffic_failover
        if isinstance(own, TrafficFailover) and (not own.requires_own_zone or dns == primary):
            return own
    elif (primary, recovery) in _CROSS_CLOUD_PATHS:
        path = importlib.import_module(_CROSS_CLOUD_PATHS[(primary, recovery)])
        if dns not in path.ZONE_CLOUDS:
            return Unsupported("traffic failover", path.ZONE_REASON)
    return profile(dns).traffic_failover
