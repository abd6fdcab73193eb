"""The one place that picks a cloud's own config rules: what a site on that cloud needs of the
catalog (machine sizes, images, names a cloud's API accepts) beyond the cloud-neutral schema.

Each module listed here exposes `problems(settings)`; they run for every cloud the config names
(both sites' clouds and the public zone's), so adding a cloud is one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from clouds import profile, supported
from clouds.base import ComputeSpec
from config.errors import Problem
from config.models import Containers, Dns, Failover, Residency, Service, Sites, TierPolicy, VirtualMachines
from config.parsed import Parsed

_RULES: dict[str, str] = {
    "aws": "config.aws",
    "azure": "config.azure",
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
    organization: str | None = None
    environment: str | None = None
    """The config's names (None when they did not validate), for clouds that derive globally
    unique names from them."""


def problems(settings: Settings) -> Iterator[Problem]:
    """Each site's cloud can run every service's compute as declared (its profile's
    `compute_limits`), and the rules of each cloud in use (a site's, or the public zone's); a
    pair on two clouds also what running one catalog on both needs (`_cross_cloud_problems`)."""
    site_clouds = {settings.sites.primary.cloud, settings.sites.recovery.cloud}
    found: list[Problem] = []
    for cloud in sorted(site_clouds & set(supported())):
        found += _compute_problems(cloud, settings.services)
        found += _worker_problems(cloud, settings.services)
    named = set(site_clouds)
    if settings.dns is not None:
        named.add(settings.dns.cloud)
    for cloud in sorted(named & set(_RULES)):
        found += importlib.import_module(_RULES[cloud]).problems(settings)
    if len(site_clouds) == 1:
        yield from found
        return
    cross = list(_cross_cloud_problems(settings))
    # A VM service's image and size are refused by both clouds' rules, each asking for its own
    # form: the one cross-cloud problem below says what can be done instead.
    vms = {p.key.removesuffix(".kind") for p in cross if p.key.endswith(".compute.kind")}
    yield from (p for p in found if not any(p.key.startswith(f"{k}.") for k in vms))
    yield from cross


def _cross_cloud_problems(settings: Settings) -> Iterator[Problem]:
    """What one catalog cannot do on two clouds at once."""
    sites = settings.sites
    for index, service in settings.services:
        if isinstance(service.compute, VirtualMachines):
            yield Problem(
                f"services[{index}:{service.name}].compute.kind",
                f"a VM service runs in both sites, on {sites.primary.cloud} and {sites.recovery.cloud}, and "
                "a VM image boots on one cloud only (the catalog names one image and size per service): "
                "run it in containers (one image both clouds' registries serve), or run both sites on "
                "one cloud",
                "vms",
            )


def _worker_problems(cloud: str, services: Sequence[tuple[int, Service]]) -> Iterator[Problem]:
    """A worker (compute, no endpoint) on a site whose cloud declares it cannot run one."""
    p = profile(cloud)
    if p.workers is None:
        return
    for index, service in services:
        if service.compute is not None and service.endpoint is None:
            yield Problem(
                f"services[{index}:{service.name}].endpoint",
                f"required key is missing: {p.title} sites cannot run a worker (compute without an "
                f"endpoint): {p.workers.reason}; give the service an endpoint or run its sites on a "
                "cloud that builds workers (aws)",
            )


_SNAKE = {"instanceType": "instance_type", "instanceClass": "instance_class", "sizeGb": "size_gb"}


def _compute_problems(cloud: str, services: Sequence[tuple[int, Service]]) -> Iterator[Problem]:
    p = profile(cloud)
    for index, service in services:
        compute = service.compute
        if compute is None:
            continue
        spec = (
            ComputeSpec("containers", compute.image, cpu=compute.cpu, memory=compute.memory)
            if isinstance(compute, Containers)
            else ComputeSpec("vms", compute.image, instance_type=compute.instance_type)
        )
        for key, reason in p.compute_limits(spec):
            yield Problem(
                f"services[{index}:{service.name}].compute.{key}",
                f"a {p.title} site cannot run this compute: {reason}",
                getattr(compute, _SNAKE.get(key, key)),
            )


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
            parsed.sections.get("organization"),
            parsed.sections.get("environment"),
        )
    )
