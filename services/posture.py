"""DR posture: RPO and RTO per service and disruption, estimated from the declared topology.

Pure functions over the validated config and its service plans; no resources. Every estimate is
a sum of terms, each with the number it uses and that number's source, read from the capability
profile of the cloud where that step happens (clouds/<cloud>.py: the primary site for in-place
restores and zone loss, the recovery site for promotion and scale-up, the site pair's data path
for replication lag, the failover mechanism for detection), so a miss can name its dominant term
and what would lower it.

Formulas (t = term; sums are conservative: steps that run in parallel count once, the slowest):

- az-loss      RPO: synchronous zone-redundant storage loses nothing (on AWS: assumed 0); a store
               kind that lives in one zone (on AWS: EBS volumes) loses what its last backup lacks:
               the backup frequency.
               RTO: slowest in-region database failover (on AWS: assumed 2 min); compute in the
               remaining zones keeps serving.
- region-loss  RPO: per store, its data path's replication lag (on AWS: S3 RTC 15 min, Aurora
               < 1 s, RDS replica and DynamoDB assumed 1 s), or the backup frequency for copies.
               RTO: health check interval x failure threshold + slowest of (store promotion or
               restore, dr compute scale-up or provisioning) + DNS TTL.
- data-corruption (ransomware: restore from the immutable backup)
               RPO: per store, PITR precision (assumed 1 s) when continuous backup covers the
               store (on AWS: RDS/Aurora/S3), else the backup frequency; 0 for WORM stores.
               RTO: slowest whole-store restore: sizeGb / assumed restore throughput.
- accidental-deletion (restore in place from the store's own history)
               RPO: object versions are kept (0); databases and tables restore from their native
               point-in-time recovery (assumed 1 s precision; the policy pack requires it on).
               RTO: slowest whole-store restore, as above.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from clouds import SitePair
from clouds.base import CloudProfile, Figure, ModeCapability, TrafficFailover
from components.resilience import DataLocation, TierTargets
from config.durations import format_duration
from config.models import Disruption, Objective, Service, StackConfig, Waiver
from services.plan import plan_catalog
from services.protection import fastest_promotion
from services.sites import site_pair
from vocabulary.plans import ServicePlan, StoreProtection

Status = Literal["met", "waived", "missed"]
TermKind = Literal[
    "detection",
    "ttl",
    "promotion",
    "scale-up",
    "provision",
    "restore",
    "replication",
    "backup",
    "pitr",
    "in-region-failover",
    "retained",
]
"""What a term measures; drills (drctl) match their measured steps to terms by it."""
DISRUPTIONS: tuple[Disruption, ...] = ("az-loss", "region-loss", "data-corruption", "accidental-deletion")


def fmt(value: timedelta) -> str:
    """A duration as text, `0s` for zero; sub-second parts are rounded to whole seconds."""
    seconds = round(value.total_seconds())
    return format_duration(timedelta(seconds=seconds)) if seconds > 0 else "0s"


@dataclass(frozen=True)
class Term:
    """One addend of an estimate."""

    what: str
    duration: timedelta
    source: str
    """Where the number comes from (reference source, or `assumption: ...`)."""
    fix: str
    """What would lower this term."""
    kind: TermKind
    constants: tuple[str, ...] = ()
    """Names of the profile figures the term is computed from (clouds/<cloud>.py); empty when it
    comes from config alone (TTL, backup frequency)."""

    @property
    def assumed(self) -> bool:
        return any(c.endswith("_ASSUMED") for c in self.constants)

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.what,
            "duration": fmt(self.duration),
            "seconds": round(self.duration.total_seconds()),
            "source": self.source,
            "kind": self.kind,
            "constants": list(self.constants),
            "assumed": self.assumed,
        }


@dataclass(frozen=True)
class Estimate:
    """One service's RPO (per store) or RTO (per service) under one disruption."""

    service: str
    disruption: Disruption
    objective: Objective
    store: str | None
    target: timedelta
    terms: tuple[Term, ...]
    status: Status = "met"
    waiver: Waiver | None = None
    note: str = ""

    @property
    def estimate(self) -> timedelta:
        return sum((t.duration for t in self.terms), timedelta(0))

    @property
    def dominant(self) -> Term | None:
        """The largest term; on a tie, one that something can be done about."""
        return max(self.terms, key=lambda t: (t.duration, not t.fix.startswith("none")), default=None)

    @property
    def meets_target(self) -> bool:
        return self.estimate <= self.target

    def breakdown(self) -> str:
        if not self.terms:
            return "nothing to recover"
        return " + ".join(f"{t.what} {fmt(t.duration)}" for t in self.terms)

    def label(self) -> str:
        where = f" (store {self.store})" if self.store else ""
        return f"{self.service} / {self.disruption} / {self.objective.upper()}{where}"

    def message(self) -> str:
        top = self.dominant
        lines = [
            f"{self.label()}: estimate {fmt(self.estimate)} misses target {fmt(self.target)}",
            f"    breakdown: {self.breakdown()}",
        ]
        if top is not None:
            lines.append(f"    dominant term: {top.what} {fmt(top.duration)} ({top.source})")
            lines.append(f"    to fix: {top.fix}")
        if self.note:
            lines.append(f"    {self.note}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        top = self.dominant
        out: dict[str, Any] = {
            "target": fmt(self.target),
            "estimate": fmt(self.estimate),
            "targetSeconds": round(self.target.total_seconds()),
            "estimateSeconds": round(self.estimate.total_seconds()),
            "status": self.status,
            "dominant": top.what if top else None,
            "breakdown": [t.to_dict() for t in self.terms],
        }
        if self.waiver is not None:
            out["waiver"] = {"reason": self.waiver.reason, "expires": self.waiver.expires.isoformat()}
        if self.note:
            out["note"] = self.note
        return out

    def row(self) -> dict[str, str]:
        top = self.dominant
        return {
            "service": self.service,
            "disruption": self.disruption,
            "objective": self.objective.upper(),
            "store": self.store or "",
            "target": fmt(self.target),
            "estimate": fmt(self.estimate),
            "status": self.status,
            "dominant": top.what if top else "",
            "breakdown": self.breakdown(),
        }


@dataclass(frozen=True)
class Posture:
    stack_role: str
    today: date
    estimates: tuple[Estimate, ...]
    unused_waivers: tuple[tuple[str, Waiver], ...] = field(default=())

    @property
    def misses(self) -> list[Estimate]:
        return [e for e in self.estimates if e.status == "missed"]

    @property
    def waived(self) -> list[Estimate]:
        return [e for e in self.estimates if e.status == "waived"]

    def rows(self) -> list[dict[str, str]]:
        """One flat, printable row per service, disruption, objective (and store for RPO)."""
        return [e.row() for e in self.estimates]

    def to_dict(self) -> dict[str, Any]:
        """The `posture` stack output: service -> disruption -> {rto: ..., rpo: {store: ...}}."""
        out: dict[str, Any] = {}
        for e in self.estimates:
            slot = out.setdefault(e.service, {}).setdefault(e.disruption, {})
            if e.objective == "rto":
                slot["rto"] = e.to_dict()
            else:
                slot.setdefault("rpo", {})[e.store or ""] = e.to_dict()
        return out

    def failure_report(self, stack: str) -> str:
        misses = self.misses
        n = len(misses)
        head = (
            f"Stack '{stack}' DR posture misses {n} target{'s' if n != 1 else ''}; "
            "nothing was planned or deployed (fix the topology, or add a waiver "
            "{disruption, objective, reason, expires} to the service's `waivers`):"
        )
        return "\n".join([head, *(f"  {i}. {m.message()}" for i, m in enumerate(misses, 1))])

    def warnings(self) -> list[str]:
        out = [
            f"{e.label()}: estimate {fmt(e.estimate)} misses target {fmt(e.target)}; waived until "
            f"{e.waiver.expires.isoformat()} ({e.waiver.reason}); dominant term: "
            f"{e.dominant.what if e.dominant else '-'}"
            for e in self.waived
            if e.waiver is not None
        ]
        out += [
            f"{service}: waiver for {w.disruption} {w.objective.upper()} is not needed "
            "(the target is met); remove it"
            for service, w in self.unused_waivers
        ]
        return out


# --- terms ---------------------------------------------------------------------------------


def _figure_term(what: str, figure: Figure, kind: TermKind, fix: str) -> Term:
    return Term(what, figure.value, figure.source, fix, kind, (figure.name,))


def _detection(plan: ServicePlan, failover: TrafficFailover) -> Term:
    n = plan.health_check_failure_threshold
    interval = failover.interval
    return Term(
        f"health check {fmt(interval.value)} x {n} failure{'s' if n != 1 else ''}",
        failover.detection(n),
        f"{interval.source}; {failover.failures_source}",
        f"lower tiers.{plan.service.tier}.healthCheckFailureThreshold "
        f"({failover.implementation} allow {failover.min_failures}-{failover.max_failures})",
        "detection",
        (interval.name,),
    )


def _ttl(plan: ServicePlan, failover: TrafficFailover) -> Term:
    return Term(
        "DNS TTL",
        plan.dns_ttl,
        failover.ttl_source,
        "lower dns.ttl (0-60 s); resolvers may still cache longer",
        "ttl",
    )


def _restore(store: StoreProtection, site: CloudProfile, why: str) -> Term:
    kind, size = store.store.kind, store.store.size_gb
    rate = site.restore_rates[kind]
    return Term(
        f"restore {store.store.name} ({size} GB at {rate.gb_per_hour} GB/h)",
        rate.time_for(size),
        rate.source,
        f"{why}; restore time grows with dataStores[{store.store.name}].sizeGb",
        "restore",
        (rate.name,),
    )


def _promotion(store: StoreProtection, sites: SitePair) -> Term | None:
    name = store.store.name
    capability = sites.paths[store.mode]
    if store.mode == "backup-copy":
        return _restore(store, sites.recovery, "keep a live replica in dr (a store rpo under 1h selects one)")
    if not isinstance(capability, ModeCapability) or capability.promotion is None:
        return None  # replicated buckets and multi-region tables: nothing to promote
    fastest = fastest_promotion(sites)
    if fastest is None or fastest is capability:
        fix = f"none faster on this site pair: {capability.implementation} is the fastest database failover"
    else:
        faster = fastest.promotion.value if fastest.promotion else timedelta(0)
        fix = f"an rto under 1h gives relational stores {fastest.implementation} (promotion {fmt(faster)})"
    return _figure_term(f"promote {name} ({capability.short})", capability.promotion, "promotion", fix)


def _compute(plan: ServicePlan, site: CloudProfile) -> Term | None:
    compute = plan.service.compute
    if compute is None or plan.standby_count > 0:
        return None  # no compute, or standby capacity already serving in dr
    scale = site.scale_up[compute.kind]
    what = "VMs" if compute.kind == "vms" else "containers"
    if plan.strategy == "backup-restore":
        provision = site.provision_from_code
        return Term(
            f"provision dr compute from code, then scale {what} to {plan.desired_count}",
            provision.value + scale.value,
            f"{provision.source} + {scale.source}",
            "an rto under 24h keeps a pilot light in dr (compute declared, scaled to zero)",
            "provision",
            (provision.name, scale.name),
        )
    note = site.scale_up_note[compute.kind]
    return Term(
        f"scale {what} 0 -> {plan.desired_count} (no capacity kept running in dr)",
        scale.value,
        scale.source + (f" ({note})" if note else ""),
        "keep capacity running in dr: set compute.standbyCount >= 1 (warm standby)",
        "scale-up",
        (scale.name,),
    )


def _slowest(terms: Iterable[Term | None]) -> Term | None:
    found = [t for t in terms if t is not None]
    return max(found, key=lambda t: t.duration, default=None)


# --- per disruption -------------------------------------------------------------------------


def _rto_terms(plan: ServicePlan, disruption: Disruption, sites: SitePair) -> list[Term]:
    stores = plan.stores
    if disruption == "az-loss":
        dbs = [s for s in stores if s.store.kind == "relational"]
        if not dbs:
            return []
        return [
            _figure_term(
                f"in-region database failover ({', '.join(s.store.name for s in dbs)})",
                sites.primary.in_region_database_failover,
                "in-region-failover",
                "none in this program: managed in-region failover",
            )
        ]
    if disruption == "region-loss":
        recovery = _slowest([*(_promotion(s, sites) for s in stores), _compute(plan, sites.recovery)])
        failover = sites.failover
        if plan.service.endpoint is None or not isinstance(failover, TrafficFailover):
            return [recovery] if recovery else []
        return [_detection(plan, failover), *([recovery] if recovery else []), _ttl(plan, failover)]
    # data-corruption / accidental-deletion: restore the stores in place, slowest first
    restores = [
        _restore(s, sites.primary, "raise the rto, split the store, or waive")
        for s in stores
        if not (disruption == "data-corruption" and _worm(s))
    ]
    slowest = _slowest(restores)
    return [slowest] if slowest else []


def _worm(store: StoreProtection) -> bool:
    return store.store.kind == "object" and bool(getattr(store.store, "worm", False))


def _scheduled(plan: ServicePlan, kind: str, site: CloudProfile) -> Term:
    b = plan.backup
    floor = site.backup_min_frequency.value
    continuous = sorted(site.continuous_backup_kinds)
    if kind in site.continuous_backup_kinds:
        fix = "enable backup.continuous (PITR) for this service"
    elif b.frequency > floor:
        fix = (
            f"{site.backup_service} has no continuous backup for {kind} stores ({'/'.join(continuous)} "
            f"only) and schedules no more often than every {fmt(floor)}: lower backup.frequency to "
            f"{fmt(floor)}"
        )
    else:
        fix = (
            f"{site.backup_service} has no continuous backup for {kind} stores ({'/'.join(continuous)} "
            f"only) and already backs up every {fmt(floor)}, its floor: raise the store's rpo or waive"
        )
    return Term(
        f"scheduled backup every {fmt(b.frequency)}",
        b.frequency,
        site.backup_min_frequency.source,
        fix,
        "backup",
    )


def _zone_local(plan: ServicePlan, store: StoreProtection, site: CloudProfile) -> Term:
    """A store that lives in one zone goes with it: the latest scheduled backup is what is left."""
    b = plan.backup
    return Term(
        f"{store.store.name} lives in one zone: last backup (every {fmt(b.frequency)})",
        b.frequency,
        f"{site.zone_local_source}; {site.backup_service} plan frequency",
        f"lower backup.frequency (floor {fmt(site.backup_min_frequency.value)}), or keep the data in a "
        "zone-redundant store kind",
        "backup",
    )


def _rpo_term(plan: ServicePlan, store: StoreProtection, disruption: Disruption, sites: SitePair) -> Term:
    kind = store.store.kind
    b = plan.backup
    primary = sites.primary
    pitr = _figure_term(
        "point-in-time restore precision",
        primary.pitr_precision,
        "pitr",
        "none: continuous backup is the finest recovery point",
    )
    if disruption == "az-loss":
        if kind in primary.zone_local_kinds:
            return _zone_local(plan, store, primary)
        return _figure_term("synchronous multi-AZ storage", primary.zone_loss_data_loss, "retained", "none")
    if disruption == "region-loss":
        capability = sites.paths[store.mode]
        if isinstance(capability, ModeCapability) and capability.lag is not None:
            return _figure_term(
                f"{capability.short} lag",
                capability.lag,
                "replication",
                f"the {store.mode} floor; only a different store kind is faster",
            )
        return Term(
            f"last backup copied to dr (every {fmt(b.frequency)})",
            b.frequency,
            f"{primary.backup_service} plan frequency with a cross-region copy "
            f"({primary.backup_min_frequency.source})",
            "a store rpo under 1h gives it a live replica in dr",
            "backup",
        )
    if disruption == "data-corruption":
        if _worm(store):
            return Term(
                f"{primary.worm} (WORM): versions cannot be overwritten",
                timedelta(0),
                "catalog: worm: true",
                "none",
                "retained",
            )
        if b.continuous and kind in primary.continuous_backup_kinds:
            return pitr
        return _scheduled(plan, kind, primary)
    # accidental deletion: the store's own history
    if kind == "object":
        return Term(
            "previous object versions kept (versioning)",
            timedelta(0),
            primary.object_versioning,
            "none",
            "retained",
        )
    if kind in ("relational", "keyvalue"):
        return pitr
    return _scheduled(plan, kind, primary)


# --- assessment -----------------------------------------------------------------------------


def estimates_for(plan: ServicePlan, sites: SitePair) -> list[Estimate]:
    """Raw estimates of one service (status not yet judged)."""
    out: list[Estimate] = []
    for d in DISRUPTIONS:
        out.append(Estimate(plan.name, d, "rto", None, plan.rto, tuple(_rto_terms(plan, d, sites))))
        out += [
            Estimate(plan.name, d, "rpo", s.store.name, s.rpo, (_rpo_term(plan, s, d, sites),))
            for s in plan.stores
        ]
    return out


def _judge(e: Estimate, service: Service, today: date) -> Estimate:
    if e.meets_target:
        return e
    waiver = next(
        (w for w in service.waivers if w.disruption == e.disruption and w.objective == e.objective), None
    )
    if waiver is None:
        return replace(e, status="missed")
    if today > waiver.expires:
        note = f"waiver expired on {waiver.expires.isoformat()} ({waiver.reason})"
        return replace(e, status="missed", note=note)
    return replace(e, status="waived", waiver=waiver)


def utc_today() -> date:
    return datetime.now(UTC).date()


def assess(cfg: StackConfig, today: date | None = None, plans: list[ServicePlan] | None = None) -> Posture:
    """The posture of every service and disruption; `today` decides which waivers still hold."""
    today = today or utc_today()
    sites = site_pair(cfg)
    judged: list[Estimate] = []
    unused: list[tuple[str, Waiver]] = []
    for plan in plans if plans is not None else plan_catalog(cfg):
        mine = [_judge(e, plan.service, today) for e in estimates_for(plan, sites)]
        judged += mine
        missed = {(e.disruption, e.objective) for e in mine if not e.meets_target}
        unused += [(plan.name, w) for w in plan.service.waivers if (w.disruption, w.objective) not in missed]
    return Posture(cfg.role, today, tuple(judged), tuple(unused))


# Strictest first: a tier's Resilience Hub policy takes the strictest residency of its services.
_LOCATIONS: dict[str, DataLocation] = {"us": "SameCountry", "eu": "SameContinent", "any": "AnyLocation"}
_STRICTNESS: tuple[DataLocation, ...] = ("SameCountry", "SameContinent", "AnyLocation")


def tier_targets(cfg: StackConfig) -> list[TierTargets]:
    """Each catalog tier's configured targets (the Resilience Hub policies are built from these)."""
    out = []
    for tier in sorted({s.tier for s in cfg.services}):
        zones = {s.residency or cfg.residency.default for s in cfg.services if s.tier == tier}
        wanted = {_LOCATIONS[z] for z in zones}
        location = _STRICTNESS[min(_STRICTNESS.index(w) for w in wanted)]
        policy = cfg.tier_policy(next(s for s in cfg.services if s.tier == tier))
        out.append(TierTargets(tier=tier, rpo=policy.rpo, rto=policy.rto, data_location=location))
    return out
