"""How each data store is protected across sites, chosen from its targets, and the floor each
choice cannot go below.

Modes are cloud-neutral; each cloud maps them to its services (on AWS: S3 replication with RTC,
Aurora Global Database, an RDS cross-region read replica, DynamoDB global tables, AWS Backup
cross-region copies). Every number is from ../shared/dr-reference.md, via services.reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from config.durations import format_duration
from config.errors import Problem
from config.models import DataStore, Service, StackConfig
from services.reference import (
    AURORA_GLOBAL_LAG,
    AURORA_GLOBAL_PROMOTION,
    BACKUP_MIN_FREQUENCY,
    DYNAMODB_REPLICATION_ASSUMED,
    HEALTH_CHECK_INTERVAL,
    HEALTH_CHECK_MIN_FAILURE_THRESHOLD,
    RDS_REPLICA_LAG_ASSUMED,
    S3_RTC_SLA,
)

Mode = Literal[
    "replicated-bucket",  # S3 CRR with Replication Time Control
    "global-database",  # Aurora Global Database
    "cross-region-replica",  # RDS cross-region read replica
    "multi-region-table",  # DynamoDB global table
    "backup-copy",  # scheduled backups copied to the dr vault, nothing live in dr
]

FLOORS: dict[Mode, tuple[timedelta, str]] = {
    "replicated-bucket": (S3_RTC_SLA, "S3 Replication Time Control replicates within 15 min (SLA)"),
    "global-database": (AURORA_GLOBAL_LAG, "Aurora Global Database lag is typically < 1 s"),
    "cross-region-replica": (RDS_REPLICA_LAG_ASSUMED, "RDS replica lag (assumed ~1 s)"),
    "multi-region-table": (DYNAMODB_REPLICATION_ASSUMED, "DynamoDB global tables (assumed ~1 s)"),
    "backup-copy": (BACKUP_MIN_FREQUENCY, "AWS Backup schedules jobs at most hourly"),
}


@dataclass(frozen=True)
class StoreProtection:
    store: DataStore
    mode: Mode
    rpo: timedelta
    """The store's own target, else the service's."""

    @property
    def floor(self) -> timedelta:
        return FLOORS[self.mode][0]


def choose_mode(store: DataStore, rpo: timedelta, rto: timedelta) -> Mode:
    """The cheapest mode whose floor meets the store's RPO, and whose failover meets the RTO."""
    if store.kind == "object":
        return "replicated-bucket"
    if store.kind == "relational":
        # Aurora global promotes in < 1 min; an RDS replica takes "several minutes or longer"
        # (dr-reference), so RTOs under an hour get the global database.
        if rto < timedelta(hours=1):
            return "global-database"
        return "cross-region-replica" if rpo < BACKUP_MIN_FREQUENCY else "backup-copy"
    if store.kind == "keyvalue":
        return "multi-region-table" if rpo < BACKUP_MIN_FREQUENCY else "backup-copy"
    return "backup-copy"


def protect(cfg: StackConfig, service: Service) -> list[StoreProtection]:
    rpo, rto = cfg.rpo(service), cfg.rto(service)
    return [
        StoreProtection(store, choose_mode(store, s_rpo, rto), s_rpo)
        for store in service.data_stores
        for s_rpo in [store.rpo or rpo]
    ]


def _rpo_floor_problems(cfg: StackConfig) -> Iterator[Problem]:
    """Targets no mode can meet: the store's RPO is below its mode's physical floor."""
    for index, service in enumerate(cfg.services):
        for s_index, p in enumerate(protect(cfg, service)):
            floor, why = FLOORS[p.mode]
            if p.rpo < floor:
                own = p.store.rpo is not None
                key = f"services[{index}:{service.name}]." + (f"dataStores[{s_index}].rpo" if own else "rpo")
                yield Problem(
                    key,
                    f"{p.store.kind} store {p.store.name!r} cannot meet RPO "
                    f"{format_duration(p.rpo)}: {why}, so the floor is {format_duration(floor)}; "
                    f"set dataStores[{s_index}].rpo to at least {format_duration(floor)}",
                    format_duration(p.rpo),
                )


def rto_floor(cfg: StackConfig, service: Service) -> tuple[timedelta, str]:
    """The fastest region-loss recovery any strategy could give this service, and why.

    With the fastest settings Route 53 allows (one failed 10 s check), the configured DNS TTL and
    the fastest promotion of its stores (Aurora global for relational data, nothing to promote for
    replicated buckets and multi-region tables), with compute already running.
    """
    parts: list[tuple[timedelta, str]] = []
    if service.endpoint is not None:
        parts.append(
            (
                HEALTH_CHECK_INTERVAL * HEALTH_CHECK_MIN_FAILURE_THRESHOLD,
                f"one failed {int(HEALTH_CHECK_INTERVAL.total_seconds())} s health check",
            )
        )
        parts.append((timedelta(seconds=cfg.dns.ttl), f"DNS TTL {cfg.dns.ttl} s"))
    if any(s.kind == "relational" for s in service.data_stores):
        parts.append((AURORA_GLOBAL_PROMOTION, "Aurora global promotion < 1 min"))
    return sum((p for p, _ in parts), timedelta(0)), " + ".join(why for _, why in parts)


def floor_problems(cfg: StackConfig) -> Iterator[Problem]:
    """Targets no strategy can meet: an RPO below the store mode's physical floor, or an RTO
    below the fastest possible failover."""
    yield from _rpo_floor_problems(cfg)
    for index, service in enumerate(cfg.services):
        floor, why = rto_floor(cfg, service)
        rto = cfg.rto(service)
        if rto < floor:
            key = f"services[{index}:{service.name}].rto" if service.rto else f"tiers.{service.tier}.rto"
            yield Problem(
                key,
                f"service {service.name!r} cannot recover from a region loss within "
                f"{format_duration(rto)}: even warm standby takes {why}, so the floor is "
                f"{format_duration(floor)}; set rto to at least {format_duration(floor)}",
                format_duration(rto),
            )
