"""Turn a catalog entry into the decisions the components carry out.

Every decision here comes from the service's targets (RTO/RPO) and declared stores, never from
its name, so a seventh service is planned by the same rules as the first six.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from config.models import Service, StackConfig, Strategy
from services.protection import StoreProtection, protect
from services.reference import BACKUP_RESTORE_MIN_RTO, HEALTH_CHECK_INTERVAL, PILOT_LIGHT_MIN_RTO

__all__ = [
    "BACKUP_RESTORE_MIN_RTO",
    "HEALTH_CHECK_INTERVAL",
    "PILOT_LIGHT_MIN_RTO",
    "BackupPlan",
    "ServicePlan",
    "choose_strategy",
    "plan_catalog",
    "plan_service",
]


def choose_strategy(rto: timedelta) -> Strategy:
    if rto < PILOT_LIGHT_MIN_RTO:
        return "warm-standby"
    if rto < BACKUP_RESTORE_MIN_RTO:
        return "pilot-light"
    return "backup-restore"


@dataclass(frozen=True)
class BackupPlan:
    frequency: timedelta
    retention: timedelta
    copy_retention: timedelta
    continuous: bool
    restore_test_every: timedelta


@dataclass(frozen=True)
class ServicePlan:
    """One service's DR decisions for both sites."""

    service: Service
    rpo: timedelta
    rto: timedelta
    strategy: Strategy
    backup: BackupPlan
    health_check_failure_threshold: int
    health_check_interval: timedelta
    dns_ttl: timedelta
    """TTL of the failover records (<= 60 s recommended for health-checked records)."""
    stores: tuple[StoreProtection, ...]
    """How each declared data store is protected across sites."""

    @property
    def name(self) -> str:
        return self.service.name

    @property
    def desired_count(self) -> int:
        return self.service.compute.desired_count if self.service.compute else 0

    @property
    def standby_count(self) -> int:
        """Capacity the dr site runs before failover."""
        compute = self.service.compute
        if compute is None or self.strategy == "backup-restore":
            return 0
        if compute.standby_count is not None:
            return compute.standby_count
        if self.strategy == "pilot-light":
            return 0
        return max(1, compute.desired_count // 2)

    def count_for(self, primary: bool) -> int:
        return self.desired_count if primary else self.standby_count

    @property
    def has_standby_compute(self) -> bool:
        return self.service.compute is not None and self.strategy != "backup-restore"

    def store_rpo(self, store_rpo: timedelta | None) -> timedelta:
        return store_rpo or self.rpo


def plan_service(cfg: StackConfig, service: Service) -> ServicePlan:
    tier = cfg.tier_policy(service)
    o = service.backup
    return ServicePlan(
        service=service,
        rpo=cfg.rpo(service),
        rto=cfg.rto(service),
        strategy=choose_strategy(cfg.rto(service)),
        backup=BackupPlan(
            frequency=o.frequency or tier.backup_frequency,
            retention=o.retention or tier.backup_retention,
            copy_retention=o.copy_retention or tier.copy_retention,
            continuous=tier.continuous_backup if o.continuous is None else o.continuous,
            restore_test_every=o.restore_test_every or tier.restore_test_every,
        ),
        health_check_failure_threshold=tier.health_check_failure_threshold,
        health_check_interval=HEALTH_CHECK_INTERVAL,
        dns_ttl=timedelta(seconds=cfg.dns.ttl),
        stores=tuple(protect(cfg, service)),
    )


def plan_catalog(cfg: StackConfig) -> list[ServicePlan]:
    return [plan_service(cfg, s) for s in cfg.services]
