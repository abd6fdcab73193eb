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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from clouds import SitePair
from clouds.base import CloudProfile, Figure, ModeCapability, TrafficFailover
from components.resilience import DataLocation, TierTargets
from config.durations import format_duration
from config.models import Disruption, Objective, Service, StackConfig, Waiver
from services.plan import plan_catalog, plan_service
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
    size_gb: int | None = None
    """For a restore: the size of the store it restores (restore time is proportional to it)."""

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
class Change:
    """One config change a miss's fix asks for."""

    key: tuple[str | int, ...]
    """Where, by name: ("tiers", 0, "healthCheckFailureThreshold"), ("dns", "ttl"),
    ("services", <service>, "compute", "standbyCount"), ("services", <service>, "backup",
    "frequency"), ("services", <service>, "rto"), ("services", <service>, "dataStores", <store>,
    "rpo")."""
    value: object
    """The value to write (durations as text, e.g. "2h")."""
    text: str


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
    fix: str = ""
    """For a miss: what would meet the target, computed by re-estimating with the change (see
    `fix_for`)."""
    changes: tuple[Change, ...] = ()
    """The config changes `fix` asks for, as data (tests apply them and re-assess)."""

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
            lines.append(f"    to fix: {self.fix or top.fix}")
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
        size,
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
            "lower backup.frequency: the last copy in dr is at most that old",
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
    if sites.cross_cloud:
        out = [replace(e, note=note) if (note := _cross_cloud_note(plan, e, sites)) else e for e in out]
    return out


def _cross_cloud_note(plan: ServicePlan, e: Estimate, sites: SitePair) -> str:
    """What a cross-cloud pair's estimate rests on beyond its terms: which copy a restore uses,
    and what the path between the clouds does not carry (its caveats)."""
    if e.disruption in ("data-corruption", "accidental-deletion") and plan.stores:
        return (
            f"restores run in prod, in place, from {sites.primary.backup_service} and the stores' own "
            f"history; the {sites.recovery.title} copies are live copies kept by the cross-cloud paths "
            f"(protected by {sites.recovery.backup_service} there), not a restore source before a failover"
        )
    if e.disruption != "region-loss":
        return ""
    stores = [s for s in plan.stores if e.store is None or s.store.name == e.store]
    caveats = [c for s in stores if s.path is not None for c in s.path.caveats]
    return "; ".join(dict.fromkeys(caveats))


def _judge(e: Estimate, service: Service, today: date) -> Estimate:
    if e.meets_target:
        return e
    waiver = next(
        (w for w in service.waivers if w.disruption == e.disruption and w.objective == e.objective), None
    )
    if waiver is None:
        return replace(e, status="missed")
    if today > waiver.expires:
        expired = f"waiver expired on {waiver.expires.isoformat()} ({waiver.reason})"
        return replace(e, status="missed", note=f"{e.note}; {expired}" if e.note else expired)
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
        mine = [replace(e, **_fix_fields(cfg, plan, e, sites)) if e.status == "missed" else e for e in mine]
        judged += mine
        missed = {(e.disruption, e.objective) for e in mine if not e.meets_target}
        unused += [(plan.name, w) for w in plan.service.waivers if (w.disruption, w.objective) not in missed]
    return Posture(cfg.role, today, tuple(judged), tuple(unused))


# --- what would fix a miss ------------------------------------------------------------------

Candidate = tuple[Change, Callable[[ServicePlan], ServicePlan]]
"""A config change and the plan it gives."""


def _fix_fields(cfg: StackConfig, plan: ServicePlan, e: Estimate, sites: SitePair) -> dict[str, Any]:
    fix, changes = fix_for(cfg, plan, e, sites)
    return {"fix": fix, "changes": changes}


def fix_for(
    cfg: StackConfig, plan: ServicePlan, e: Estimate, sites: SitePair
) -> tuple[str, tuple[Change, ...]]:
    """A fix that meets `e.target`, found by re-estimating with each change, not guessed from
    the dominant term: the settings that lower the estimate (the dominant term's first), each at
    the mildest value that meets the target given the ones before at their strongest; when even
    all of them at their strongest miss, the target the estimate does meet (found by re-planning
    the service with it, since a target also picks the strategy and protection modes)."""
    applied: list[Change] = []
    current = plan
    levers = _levers(plan, e, sites)
    for lever in levers:
        for change, apply in lever:
            if _reestimate(apply(current), e, sites) <= e.target:
                chosen = (*applied, change)
                return "; ".join(c.text for c in chosen), chosen
        change, apply = lever[-1]
        applied.append(change)
        current = apply(current)
    best = _reestimate(current, e, sites)
    raised = _raised_target(cfg, plan, e, sites)
    what = f"{e.store!r}'s rpo" if e.objective == "rpo" else "rto"
    if applied:
        why = f"even with {'; '.join(c.text for c in applied)} the estimate is {_ceil_text(best)}"
    else:
        why = _why_fixed(e)
    raise_key, raise_text = _raise_change(plan, e, raised)
    return (
        f"no setting this program reads brings it to {fmt(e.target)}: {why}; {raise_text} (its "
        f"estimate then meets it), or add a waiver for {e.disruption} {e.objective}",
        (Change(raise_key, format_duration(raised), f"raise {what} to {format_duration(raised)}"),),
    )


def _why_fixed(e: Estimate) -> str:
    top = e.dominant
    if top is None:
        return "nothing to recover"
    why = f"{top.what} takes {fmt(top.duration)}"
    if top.kind == "restore" and top.size_gb and top.duration > timedelta(0):
        room = e.target - (e.estimate - top.duration)
        if room > timedelta(0):
            largest = int(top.size_gb * (room / top.duration))
            why += f"; a store of at most {largest} GB would restore in time (split the store)"
    return why


def _raise_change(plan: ServicePlan, e: Estimate, raised: timedelta) -> tuple[tuple[str | int, ...], str]:
    name = plan.name
    if e.objective == "rto":
        return (
            "services",
            name,
            "rto",
        ), f"raise the rto of service {name!r} to at least {format_duration(raised)}"
    store = e.store or ""
    return (
        ("services", name, "dataStores", store, "rpo"),
        f"set the rpo of store {store!r} to at least {format_duration(raised)}",
    )


def _raised_target(cfg: StackConfig, plan: ServicePlan, e: Estimate, sites: SitePair) -> timedelta:
    """The lowest target at or above today's estimate that the estimate meets once the service is
    planned for it (a longer rto can select a slower strategy, a longer rpo a slower mode)."""
    target = _ceil(e.estimate)
    for _ in range(8):
        service = plan.service
        if e.objective == "rto":
            service = service.model_copy(update={"rto": target})
        else:
            stores = [
                s.model_copy(update={"rpo": target}) if s.name == e.store else s for s in service.data_stores
            ]
            service = service.model_copy(update={"data_stores": stores})
        estimate = _ceil(_reestimate(plan_service(cfg, service, sites), e, sites))
        if estimate <= target:
            return target
        target = estimate
    return target


def _ceil(value: timedelta) -> timedelta:
    """Up to whole seconds, at least one (config durations are whole, positive seconds)."""
    seconds = value.total_seconds()
    whole = int(seconds) + (1 if seconds > int(seconds) else 0)
    return timedelta(seconds=max(1, whole))


def _ceil_text(value: timedelta) -> str:
    return format_duration(_ceil(value)) if value > timedelta(0) else "0s"


def _reestimate(plan: ServicePlan, e: Estimate, sites: SitePair) -> timedelta:
    """`e`'s estimate for another plan of the same service."""
    if e.objective == "rto":
        terms = _rto_terms(plan, e.disruption, sites)
    else:
        store = next(s for s in plan.stores if s.store.name == e.store)
        terms = [_rpo_term(plan, store, e.disruption, sites)]
    return sum((t.duration for t in terms), timedelta(0))


_LEVER_OF: dict[TermKind, tuple[str, ...]] = {
    "detection": ("threshold",),
    "ttl": ("ttl",),
    "scale-up": ("standby",),
    "backup": ("continuous", "frequency"),
}
"""Which settings lower a term of each kind (the others have none in this program)."""


def _levers(plan: ServicePlan, e: Estimate, sites: SitePair) -> list[list[Candidate]]:
    """The settings that lower `e`, the dominant term's first; each lists its values from the
    mildest change to the strongest."""
    found: dict[str, list[Candidate]] = {}
    failover = sites.failover
    service, name = plan.service, plan.name
    if isinstance(failover, TrafficFailover):
        tier, n = service.tier, plan.health_check_failure_threshold
        found["threshold"] = [
            (
                Change(
                    ("tiers", tier, "healthCheckFailureThreshold"),
                    k,
                    f"lower tiers.{tier}.healthCheckFailureThreshold to {k} ({failover.implementation} "
                    f"allow {failover.min_failures}-{failover.max_failures})",
                ),
                lambda p, k=k: replace(p, health_check_failure_threshold=k),
            )
            for k in range(n - 1, failover.min_failures - 1, -1)
        ]
        ttl = round(plan.dns_ttl.total_seconds())
        found["ttl"] = [
            (
                Change(
                    ("dns", "ttl"), t, f"lower dns.ttl to {t} s (every endpoint; resolvers may cache longer)"
                ),
                lambda p, t=t: replace(p, dns_ttl=timedelta(seconds=t)),
            )
            for t in range(ttl - 1, -1, -1)
        ]
    compute = service.compute
    if compute is not None and plan.standby_count == 0 and plan.has_standby_compute:
        standby = compute.model_copy(update={"standby_count": 1})
        found["standby"] = [
            (
                Change(
                    ("services", name, "compute", "standbyCount"),
                    1,
                    "set compute.standbyCount >= 1 (keep capacity running in dr: warm standby)",
                ),
                lambda p: replace(p, service=p.service.model_copy(update={"compute": standby})),
            )
        ]
    kind = next((s.store.kind for s in plan.stores if s.store.name == e.store), None)
    primary = sites.primary
    if (
        e.disruption == "data-corruption"
        and kind in primary.continuous_backup_kinds
        and not plan.backup.continuous
    ):
        found["continuous"] = [
            (
                Change(
                    ("services", name, "backup", "continuous"),
                    True,
                    "enable backup.continuous (PITR) for this service",
                ),
                lambda p: replace(p, backup=replace(p.backup, continuous=True)),
            )
        ]
    floor = primary.backup_min_frequency.value
    schedulable = [
        f
        for f in _FREQUENCIES
        if floor <= f < plan.backup.frequency and all(c.backup_schedule(f) for c in (primary, sites.recovery))
    ]
    found["frequency"] = [
        (
            Change(
                ("services", name, "backup", "frequency"),
                format_duration(f),
                f"set backup.frequency to {format_duration(f)} for this service",
            ),
            lambda p, f=f: replace(p, backup=replace(p.backup, frequency=f)),
        )
        for f in sorted(schedulable, reverse=True)
    ]
    ordered: list[list[Candidate]] = []
    for term in sorted(e.terms, key=lambda t: t.duration, reverse=True):
        for lever in _LEVER_OF.get(term.kind, ()):
            candidates = found.pop(lever, [])
            if candidates and _reestimate(candidates[-1][1](plan), e, sites) < e.estimate:
                ordered.append(candidates)
    return ordered


_FREQUENCIES = tuple(timedelta(hours=h) for h in range(1, 24)) + tuple(
    timedelta(days=d) for d in range(1, 31)
)
"""Backup intervals a fix may propose (each also checked against both sites' schedules)."""


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
