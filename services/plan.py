"""Turn a catalog entry into the decisions the components carry out.

Every decision here comes from the service's targets (RTO/RPO), its declared stores and what the
two sites' clouds can do (clouds.pair), never from its name, so a seventh service is planned by
the same rules as the first six.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from clouds import SitePair
from config.durations import format_duration
from config.errors import Problem
from config.models import Service, StackConfig, Strategy
from config.parsed import Parsed
from services.protection import protect
from services.sites import failover_of, site_pair
from vocabulary.plans import BackupPlan, ServicePlan

# "Disaster Recovery of Workloads on AWS" whitepaper, the four strategies: warm standby recovers
# in minutes, pilot light in tens of minutes to hours, backup & restore in up to 24 h. A target
# below the next strategy's band needs the faster strategy. The bands are cloud-neutral.
PILOT_LIGHT_MIN_RTO = timedelta(hours=1)
BACKUP_RESTORE_MIN_RTO = timedelta(hours=24)


def choose_strategy(rto: timedelta) -> Strategy:
    if rto < PILOT_LIGHT_MIN_RTO:
        return "warm-standby"
    if rto < BACKUP_RESTORE_MIN_RTO:
        return "pilot-light"
    return "backup-restore"


def backup_plan(cfg: StackConfig, service: Service) -> BackupPlan:
    """The service's backup settings: its own overrides, else its tier's."""
    tier = cfg.tier_policy(service)
    o = service.backup
    return BackupPlan(
        frequency=o.frequency or tier.backup_frequency,
        retention=o.retention or tier.backup_retention,
        copy_retention=o.copy_retention or tier.copy_retention,
        continuous=tier.continuous_backup if o.continuous is None else o.continuous,
        restore_test_every=o.restore_test_every or tier.restore_test_every,
    )


def plan_service(cfg: StackConfig, service: Service, sites: SitePair | None = None) -> ServicePlan:
    sites = sites or site_pair(cfg)
    tier = cfg.tier_policy(service)
    return ServicePlan(
        service=service,
        rpo=cfg.rpo(service),
        rto=cfg.rto(service),
        strategy=choose_strategy(cfg.rto(service)),
        backup=backup_plan(cfg, service),
        health_check_failure_threshold=tier.health_check_failure_threshold,
        health_check_interval=failover_of(sites).interval.value,
        dns_ttl=timedelta(seconds=cfg.dns.ttl),
        stores=tuple(protect(cfg, service, sites)),
        audit_log_retention_days=cfg.log_retention_days_of(service),
    )


def plan_catalog(cfg: StackConfig) -> list[ServicePlan]:
    sites = site_pair(cfg)
    return [plan_service(cfg, s, sites) for s in cfg.services]


def strategy_problems(parsed: Parsed) -> Iterator[Problem]:
    """Settings the strategy a service's RTO selects would ignore: a backup & restore service
    keeps no compute in dr, so its standbyCount would be read nowhere."""
    for index, service in parsed.with_tier():
        compute = service.compute
        if compute is None or not compute.standby_count:
            continue
        rto = service.rto or parsed.tiers[service.tier].rto
        if choose_strategy(rto) == "backup-restore":
            yield Problem(
                f"services[{index}:{service.name}].compute.standbyCount",
                f"is ignored: an rto of {format_duration(rto)} (at least "
                f"{format_duration(BACKUP_RESTORE_MIN_RTO)}) makes this service backup & restore, "
                "which keeps no compute in dr; set rto below that for a standby, or remove standbyCount",
                compute.standby_count,
            )
