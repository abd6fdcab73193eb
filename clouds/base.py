"""The cloud-neutral words of DR (store kinds, protection modes) and the capability profile each
cloud fills in: what it contributes to RPO and RTO, as figures with their sources, and what it
cannot do, with the reason.

The posture (services/posture.py) and the protection choice (services/protection.py) read only
these profiles, so a cloud's numbers live in its own module (clouds/<cloud>.py) and nowhere else.
Figures come from ../shared/dr-reference.md; a figure the reference does not give (or marks
"unsure") has a name ending in `_ASSUMED` and a source that starts with "assumption:".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

StoreKind = Literal["object", "relational", "keyvalue", "volume"]
EntryForm = Literal["alias", "address", "name"]
ComputeKind = Literal["containers", "vms"]

Mode = Literal[
    "replicated-bucket",  # an object store copied continuously to the recovery site
    "global-database",  # a relational store with a managed cross-region replica and fast promotion
    "cross-region-replica",  # a relational read replica in the recovery site, promoted on failover
    "multi-region-table",  # a key-value store replicated across both sites by the service itself
    "backup-copy",  # scheduled backups copied to the recovery site, nothing live there
]
"""How a data store is protected across sites. Each cloud maps the modes it supports to its own
services (on AWS: S3 replication with RTC, Aurora Global Database, an RDS cross-region read
replica, DynamoDB global tables, AWS Backup cross-region copies)."""

MODES: tuple[Mode, ...] = (
    "replicated-bucket",
    "global-database",
    "cross-region-replica",
    "multi-region-table",
    "backup-copy",
)


@dataclass(frozen=True)
class Figure:
    """One documented or assumed duration, with where it comes from."""

    name: str
    """The constant's name (e.g. `S3_RTC_SLA`); ends in `_ASSUMED` when no source gives it."""
    value: timedelta
    source: str

    @property
    def assumed(self) -> bool:
        return self.name.endswith("_ASSUMED")


@dataclass(frozen=True)
class Rate:
    """A throughput in GB per hour (whole-store restores), documented or assumed."""

    name: str
    gb_per_hour: int
    source: str

    @property
    def assumed(self) -> bool:
        return self.name.endswith("_ASSUMED")

    def time_for(self, size_gb: int) -> timedelta:
        return timedelta(hours=size_gb / self.gb_per_hour)


@dataclass(frozen=True)
class Unsupported:
    """Something a cloud cannot do (or this program does not build there), and why."""

    what: str
    reason: str
    alternatives: str = ""
    """What a config can do instead (said once after the reasons when a store is refused)."""

    def __str__(self) -> str:
        return f"{self.what}: {self.reason}"


@dataclass(frozen=True)
class ModeCapability:
    """One protection mode as a cloud implements it."""

    kinds: frozenset[StoreKind]
    """Store kinds this mode protects on this cloud."""
    implementation: str
    """What the cloud uses, e.g. "Aurora Global Database"."""
    short: str
    """How posture terms name it, e.g. "Aurora global"."""
    lag: Figure | None
    """Replication lag: the region-loss RPO and the floor of any store RPO in this mode. None for
    backup copies, whose lag is the backup frequency (floor: the backup service's minimum)."""
    promotion: Figure | None
    """Time to make the recovery site's copy writable; None when it already serves (buckets,
    multi-region tables) or when it is restored instead (backup copies)."""
    store_requirements: Callable[[Mapping[str, object]], Sequence[tuple[str, str]]] | None = None
    """What this implementation needs of a store's settings: given the store's config (its
    camelCase keys), the `(key, why)` pairs it cannot take. The config boundary reports them
    (services.protection.floor_problems); None: any settings do."""
    caveats: tuple[str, ...] = ()
    """What this implementation does not carry or cannot undo (e.g. "DDL is not replicated"), said
    in the posture's notes and the plan next to the estimates that rely on it."""
    source_parameters: tuple[tuple[str, str], ...] = ()
    """Cross-cloud paths: database parameters the source site's engine must run with (e.g.
    logical replication), declared by the primary site from config alone."""


@dataclass(frozen=True)
class TrafficFailover:
    """Health-checked DNS failover between the two sites: what detects a dead site and how fast."""

    cloud: str
    """The cloud whose components declare it (components/clouds.py picks them by this)."""
    implementation: str
    """E.g. "Route 53 failover records"."""
    interval: Figure
    """Time between health checks."""
    min_failures: int
    max_failures: int
    """The consecutive failures a site may be configured to need before it fails over."""
    failures_source: str
    """Where the failure-threshold range is documented."""
    requires_own_zone: bool
    """Whether the public zone must be hosted on this cloud for this mechanism to answer (Route 53
    failover records do; a traffic manager reached by a CNAME does not)."""
    ttl_source: str
    """Where the TTL recommendation for the failover answer is documented."""
    routing_controls_region: str | None = None
    """Where the mechanism's data-plane routing controls are configured (Route 53 ARC's
    configuration API is in us-west-2); None when it has none (`failover.recoveryControl` is then
    refused by the cloud's config rules)."""

    def detection(self, failures: int) -> timedelta:
        return self.interval.value * failures


@dataclass(frozen=True)
class StoreSpec:
    """A declared data store as a cloud sees it when asked whether it can host it in a mode."""

    kind: StoreKind
    mode: Mode
    size_gb: int
    site: Literal["primary", "recovery"]
    """Which site's copy is asked about (a read replica lives in the recovery site)."""
    instance_class: str | None = None
    """Relational stores: the size, as the catalog names it (`db.r6g.large`)."""
    engine_version: str | None = None
    """Relational stores: `major.minor`, as the catalog names it."""


@dataclass(frozen=True)
class ComputeSpec:
    """A service's compute as a cloud sees it when asked whether it can run it."""

    kind: ComputeKind
    image: str
    cpu: int | None = None
    """Containers: CPU units (1024 = one vCPU)."""
    memory: int | None = None
    """Containers: MiB."""
    instance_type: str | None = None
    """VMs: the size, as the catalog names it (`m7i.large`)."""


Limit = tuple[str, str]
"""(the catalog key at fault, e.g. `instanceClass`; why the cloud refuses its value)."""


def no_limits(_: object) -> list[Limit]:
    """A cloud that puts no limit of its own on what the config schema accepts."""
    return []


@dataclass(frozen=True)
class CloudProfile:
    """Everything the posture and the protection choice need to know about one cloud."""

    cloud: str
    title: str
    """The provider's name as people write it ("AWS")."""
    modes: Mapping[Mode, ModeCapability | Unsupported]
    """Every mode in MODES, supported or not (with the reason)."""
    traffic_failover: TrafficFailover | Unsupported
    backup_service: str
    """The managed backup service (e.g. "AWS Backup")."""
    backup_min_frequency: Figure
    """The shortest interval between scheduled backups the backup service allows."""
    backup_schedule: Callable[[timedelta], str | None]
    """The backup service's schedule expression for a frequency; None when it has none."""
    backup_schedules_allowed: str
    """The frequencies `backup_schedule` can express, in words (for config errors)."""
    continuous_backup_kinds: frozenset[StoreKind]
    """Store kinds the backup service can back up continuously (point-in-time restore)."""
    continuous_backup_max_retention: Figure
    pitr_precision: Figure
    """How close to the incident a point-in-time restore can land."""
    restore_rates: Mapping[StoreKind, Rate]
    """Whole-store restore throughput per store kind."""
    scale_up: Mapping[ComputeKind, Figure]
    """Time for standby compute to go from zero to serving."""
    scale_up_note: Mapping[ComputeKind, str]
    """What a scale-up term cites beside its assumption (may be empty)."""
    provision_from_code: Figure
    """Time to declare compute that does not exist yet (backup & restore), before scale-up."""
    in_region_database_failover: Figure
    """A relational store's failover to its standby in another zone of the same region."""
    zone_loss_data_loss: Figure
    """Data lost when one zone goes (synchronous zone-redundant storage)."""
    worm: str
    """What makes a WORM object store's versions immutable (e.g. "S3 Object Lock")."""
    object_versioning: str
    """What keeps previous object versions (e.g. "S3 versioning on every bucket")."""
    resilience_assessment: str | Unsupported
    """The cloud's own resilience-assessment service, fed one policy per tier (or why not)."""
    store_limits: Callable[[StoreSpec], list[Limit]] = no_limits
    """Why this cloud cannot host a store as declared (e.g. a size or SKU its service refuses);
    empty when it can. The config boundary reports each reason."""
    compute_limits: Callable[[ComputeSpec], list[Limit]] = no_limits
    """Why this cloud cannot run a service's compute as declared (image format, size); empty
    when it can."""
    zone_local_kinds: frozenset[StoreKind] = frozenset()
    """Store kinds whose storage lives in one zone (not `zone_loss_data_loss`'s synchronous
    zone-redundant storage): a zone loss falls back to their latest backup."""
    zone_local_source: str = ""
    """Where the cloud documents that those kinds live in one zone."""
    workers: Unsupported | None = None
    """Why this cloud's sites cannot run a worker (compute without an endpoint); None when they
    can. The config boundary refuses a worker on such a site with the reason."""
    load_balancer_entry: EntryForm = "alias"
    """How another cloud's DNS answers with this cloud's load balancer (a cross-cloud failover
    record): an alias to its name and hosted zone (AWS), its static `address`, or a CNAME to its
    DNS `name`."""

    def mode(self, mode: Mode) -> ModeCapability | Unsupported:
        return self.modes[mode]

    def supports(self, mode: Mode, kind: StoreKind) -> bool:
        capability = self.modes[mode]
        return isinstance(capability, ModeCapability) and kind in capability.kinds

    def figures(self) -> list[Figure | Rate]:
        """Every figure this profile holds (for checks that each is sourced)."""
        out: list[Figure | Rate] = [
            self.backup_min_frequency,
            self.continuous_backup_max_retention,
            self.pitr_precision,
            self.provision_from_code,
            self.in_region_database_failover,
            self.zone_loss_data_loss,
            *self.restore_rates.values(),
            *self.scale_up.values(),
        ]
        for capability in self.modes.values():
            if isinstance(capability, ModeCapability):
                out += [f for f in (capability.lag, capability.promotion) if f is not None]
        if isinstance(self.traffic_failover, TrafficFailover):
            out.append(self.traffic_failover.interval)
        return out

    def unsupported(self) -> list[Unsupported]:
        """What this cloud declares it cannot do."""
        out = [c for c in self.modes.values() if isinstance(c, Unsupported)]
        out += [
            u
            for u in (self.traffic_failover, self.resilience_assessment, self.workers)
            if isinstance(u, Unsupported)
        ]
        return out
