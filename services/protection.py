"""How each data store is protected across sites, chosen from its targets and from what the two
sites' clouds can do, and the floor each choice cannot go below.

Modes are cloud-neutral (clouds.base.Mode); the site pair's profile (clouds.pair) says which a
pair supports and what each contributes. Every number comes from a cloud's profile.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Literal

from clouds import SitePair, supported
from clouds.base import MODES, CloudProfile, Mode, ModeCapability, StoreKind, StoreSpec, Unsupported
from config.durations import format_duration
from config.errors import Problem
from config.models import DataStore, Service, StackConfig
from config.parsed import Parsed
from services.sites import site_pair
from vocabulary.plans import StoreProtection

# A relational store under this RTO needs the fastest promotion a pair offers (on AWS: Aurora
# global, < 1 min, against an RDS replica's "several minutes or longer"; dr-reference). The same
# 1 h is the whitepaper's warm-standby band (services.plan.PILOT_LIGHT_MIN_RTO).
FAST_PROMOTION_BELOW_RTO = timedelta(hours=1)


def preferences(kind: StoreKind, rpo: timedelta, rto: timedelta, backup_floor: timedelta) -> tuple[Mode, ...]:
    """Modes that meet the targets, cheapest first, then the faster fallbacks a pair may offer."""
    if kind == "object":
        return ("replicated-bucket",)
    if kind == "relational":
        if rto < FAST_PROMOTION_BELOW_RTO:
            return ("global-database", "cross-region-replica")
        if rpo < backup_floor:
            return ("cross-region-replica", "global-database")
        return ("backup-copy", "cross-region-replica", "global-database")
    if kind == "keyvalue":
        return ("multi-region-table",) if rpo < backup_floor else ("backup-copy", "multi-region-table")
    return ("backup-copy",)


def choose_mode(store: DataStore, rpo: timedelta, rto: timedelta, sites: SitePair) -> Mode | None:
    """The first preferred mode the site pair supports for this store (None: none does)."""
    floor = sites.primary.backup_min_frequency.value
    for mode in preferences(store.kind, rpo, rto, floor):
        capability = sites.paths[mode]
        if isinstance(capability, ModeCapability) and store.kind in capability.kinds:
            return mode
    return None


def protect(cfg: StackConfig, service: Service, sites: SitePair) -> list[StoreProtection]:
    """Every store's protection; a store no mode can protect is a config problem (see
    `floor_problems`), so this is only called on a catalog that passed it."""
    rpo, rto = cfg.rpo(service), cfg.rto(service)
    out = []
    for store in service.data_stores:
        s_rpo = store.rpo or rpo
        mode = choose_mode(store, s_rpo, rto, sites)
        if mode is None:
            raise ValueError(
                f"no protection for {service.name}/{store.name}: {why_unprotected(store, sites)}"
            )
        path = sites.paths[mode] if sites.cross_cloud else None
        out.append(StoreProtection(store, mode, s_rpo, path if isinstance(path, ModeCapability) else None))
    return out


def why_unprotected(store: DataStore, sites: SitePair) -> str:
    refused = [
        c
        for m in preferences(store.kind, timedelta(0), timedelta(0), timedelta(0))
        if isinstance(c := sites.paths[m], Unsupported)
    ]
    reasons = sorted({str(c) for c in refused})
    why = "; ".join(reasons) or f"no mode protects {store.kind} stores on this site pair"
    options = list(dict.fromkeys(c.alternatives for c in refused if c.alternatives))
    return why + "".join(f". Options: {o}" for o in options)


def floor(mode: Mode, sites: SitePair) -> tuple[timedelta, str]:
    """The lowest RPO `mode` can give on this site pair, and why."""
    capability = sites.paths[mode]
    if isinstance(capability, ModeCapability) and capability.lag is not None:
        return capability.lag.value, f"{capability.implementation}: {capability.lag.source}"
    minimum = sites.primary.backup_min_frequency.value
    return minimum, f"{sites.primary.backup_service} schedules jobs at most every {format_duration(minimum)}"


def _rpo_floor_problems(
    cfg: StackConfig, indexed: list[tuple[int, Service]], sites: SitePair
) -> Iterator[Problem]:
    """Targets no mode can meet: the store's RPO is below its mode's physical floor, or the
    site pair cannot protect the store at all."""
    for index, service in indexed:
        rpo, rto = cfg.rpo(service), cfg.rto(service)
        frequency = service.backup.frequency or cfg.tiers[service.tier].backup_frequency
        for s_index, store in enumerate(service.data_stores):
            s_rpo = store.rpo or rpo
            mode = choose_mode(store, s_rpo, rto, sites)
            prefix = f"services[{index}:{service.name}].dataStores[{s_index}]"
            if mode is None:
                yield Problem(
                    f"{prefix}.kind",
                    f"{store.kind} store {store.name!r} cannot be protected from "
                    f"{sites.primary.title} {cfg.sites.primary.region} to {sites.recovery.title} "
                    f"{cfg.sites.recovery.region}: {why_unprotected(store, sites)}",
                    store.kind,
                )
                continue
            yield from _requirement_problems(prefix, store, sites.paths[mode])
            lowest, why = floor(mode, sites)
            if s_rpo < lowest:
                own = store.rpo is not None
                key = f"{prefix}.rpo" if own else f"services[{index}:{service.name}].rpo"
                yield Problem(
                    key,
                    f"{store.kind} store {store.name!r} cannot meet RPO "
                    f"{format_duration(s_rpo)}: {why}, so the floor is {format_duration(lowest)}; "
                    f"{_rpo_fix(store, s_index, s_rpo, rto, sites, frequency)}",
                    format_duration(s_rpo),
                )


def _requirement_problems(
    prefix: str, store: DataStore, capability: ModeCapability | Unsupported
) -> Iterator[Problem]:
    """Store settings the chosen mode's implementation cannot take (its profile says which)."""
    if not isinstance(capability, ModeCapability) or capability.store_requirements is None:
        return
    settings = store.model_dump(by_alias=True, mode="json")
    for key, why in capability.store_requirements(settings):
        yield Problem(f"{prefix}.{key}", why, settings.get(key))


def _rpo_fix(
    store: DataStore, s_index: int, rpo: timedelta, rto: timedelta, sites: SitePair, frequency: timedelta
) -> str:
    """The lowest store RPO that is met: at or above the floor of the mode that RPO selects (a
    higher RPO can select a slower mode), and, for backup copies, at or above the backup
    frequency (the last copy in dr is that old)."""
    target = rpo
    for _ in range(len(MODES) + 1):
        mode = choose_mode(store, target, rto, sites)
        if mode is None:
            break
        lowest = floor(mode, sites)[0]
        if mode == "backup-copy":
            lowest = max(lowest, frequency)
        if target >= lowest:
            break
        target = lowest
    fix = f"set dataStores[{s_index}].rpo to at least {format_duration(target)}"
    mode = choose_mode(store, target, rto, sites)
    if mode == "backup-copy" and frequency > floor(mode, sites)[0]:
        minimum = floor(mode, sites)[0]
        fix += (
            f" (its backups run every {format_duration(frequency)}), or lower backup.frequency to "
            f"{format_duration(minimum)} and set rpo to at least {format_duration(minimum)}"
        )
    return fix


def fastest_promotion(sites: SitePair) -> ModeCapability | None:
    """The relational mode of this pair that promotes fastest (None: none promotes)."""
    candidates = [
        c
        for c in sites.paths.values()
        if isinstance(c, ModeCapability) and "relational" in c.kinds and c.promotion is not None
    ]
    return min(candidates, key=lambda c: c.promotion.value if c.promotion else timedelta(0), default=None)


def rto_floor(cfg: StackConfig, service: Service, sites: SitePair) -> tuple[timedelta, str]:
    """The fastest region-loss recovery any strategy could give this service, and why.

    With the fastest detection the failover mechanism allows, the configured DNS TTL and the
    fastest promotion of its stores (nothing to promote for replicated buckets and multi-region
    tables), with compute already running.
    """
    parts: list[tuple[timedelta, str]] = []
    failover = sites.failover
    if service.endpoint is not None and not isinstance(failover, Unsupported):
        interval = int(failover.interval.value.total_seconds())
        n = failover.min_failures
        checks = f"{'one' if n == 1 else n} failed {interval} s health check{'s' if n != 1 else ''}"
        parts.append((failover.detection(n), checks))
        parts.append((timedelta(seconds=cfg.dns.ttl), f"DNS TTL {cfg.dns.ttl} s"))
    fastest = fastest_promotion(sites)
    if any(s.kind == "relational" for s in service.data_stores) and fastest and fastest.promotion:
        parts.append(
            (fastest.promotion.value, f"{fastest.short} promotion {format_duration(fastest.promotion.value)}")
        )
    return sum((p for p, _ in parts), timedelta(0)), " + ".join(why for _, why in parts)


_STORE_FIELDS = {"instanceClass": "instance_class", "sizeGb": "size_gb", "engineVersion": "engine_version"}


def _store_limit_problems(
    cfg: StackConfig, indexed: list[tuple[int, Service]], sites: SitePair
) -> Iterator[Problem]:
    """Stores a site's cloud cannot host in the mode chosen for them (its profile's
    `store_limits`: e.g. an SKU with no read replicas); a reason both sites give is said once."""
    roles: tuple[tuple[Literal["primary", "recovery"], CloudProfile], ...] = (
        ("primary", sites.primary),
        ("recovery", sites.recovery),
    )
    for index, service in indexed:
        rpo, rto = cfg.rpo(service), cfg.rto(service)
        for s_index, store in enumerate(service.data_stores):
            mode = choose_mode(store, store.rpo or rpo, rto, sites)
            if mode is None:
                continue  # reported by _rpo_floor_problems
            found: dict[tuple[str, str, str], list[str]] = {}
            for which, site in roles:
                spec = StoreSpec(
                    store.kind,
                    mode,
                    store.size_gb,
                    which,
                    getattr(store, "instance_class", None),
                    getattr(store, "engine_version", None),
                )
                for key, reason in site.store_limits(spec):
                    found.setdefault((key, site.title, reason), []).append(
                        "prod" if which == "primary" else "dr"
                    )
            for (key, title, reason), labels in found.items():
                where = "either site" if len(labels) == len(roles) else f"the {labels[0]} site"
                yield Problem(
                    f"services[{index}:{service.name}].dataStores[{s_index}].{key}",
                    f"{store.kind} store {store.name!r} ({mode}) cannot run in {where} on {title}: {reason}",
                    getattr(store, _STORE_FIELDS.get(key, key), None),
                )


def floor_problems(parsed: Parsed) -> Iterator[Problem]:
    """Targets no strategy can meet: an RPO below the store mode's physical floor, or an RTO
    below the fastest possible failover; and stores a site's cloud cannot host. Runs on every
    service whose tier validated, once the sites and the zone validated on supported clouds."""
    cfg = parsed.view("sites", "dns", salvage=True)
    if cfg is None or not {cfg.sites.primary.cloud, cfg.sites.recovery.cloud, cfg.dns.cloud} <= set(
        supported()
    ):
        return  # the broken or unsupported section has its own problem
    sites = site_pair(cfg)
    indexed = parsed.with_tier()
    yield from _rpo_floor_problems(cfg, indexed, sites)
    yield from _store_limit_problems(cfg, indexed, sites)
    for index, service in indexed:
        lowest, why = rto_floor(cfg, service, sites)
        rto = cfg.rto(service)
        if rto < lowest:
            key = f"services[{index}:{service.name}].rto" if service.rto else f"tiers.{service.tier}.rto"
            yield Problem(
                key,
                f"service {service.name!r} cannot recover from a region loss within "
                f"{format_duration(rto)}: even warm standby takes {why}, so the floor is "
                f"{format_duration(lowest)}; {_rto_fix(cfg, service, sites, lowest)}",
                format_duration(rto),
            )


def _rto_fix(cfg: StackConfig, service: Service, sites: SitePair, lowest: timedelta) -> str:
    """An rto the region-loss estimate meets: the floor assumes the fewest failed health checks
    the mechanism allows, so with the tier's threshold above that the estimate is higher."""
    failover = sites.failover
    threshold = cfg.tiers[service.tier].health_check_failure_threshold
    if service.endpoint is None or isinstance(failover, Unsupported) or threshold <= failover.min_failures:
        return f"set rto to at least {format_duration(lowest)}"
    current = lowest + failover.detection(threshold) - failover.detection(failover.min_failures)
    return (
        f"set rto to at least {format_duration(current)} (with tiers.{service.tier}."
        f"healthCheckFailureThreshold {threshold}), or to at least {format_duration(lowest)} with "
        f"healthCheckFailureThreshold {failover.min_failures}"
    )
