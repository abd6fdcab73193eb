"""Backup and restore-test schedules as cron expressions, and the frequencies they can express.

AWS Backup takes `cron(minutes hours day-of-month month day-of-week year)`; a frequency becomes a
cron only if it repeats evenly: whole hours dividing a day, or whole days. Anything else is a config
problem at the boundary rather than a silently different schedule.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from config.durations import format_duration
from config.errors import Problem
from config.models import StackConfig

START_HOUR_UTC = 5  # daily and longer schedules start at 05:00 UTC


def cron_for(every: timedelta) -> str | None:
    """The cron for `every`, or None when cron cannot express it."""
    seconds = int(every.total_seconds())
    if seconds % 3600:
        return None
    hours = seconds // 3600
    if hours < 24:
        return f"cron(0 0/{hours} * * ? *)" if 24 % hours == 0 else None
    if hours % 24:
        return None
    days = hours // 24
    if days == 1:
        return f"cron(0 {START_HOUR_UTC} * * ? *)"
    if days == 7:
        return f"cron(0 {START_HOUR_UTC} ? * SUN *)"
    if days >= 28:  # "monthly": the 1st of each month
        return f"cron(0 {START_HOUR_UTC} 1 * ? *)"
    return f"cron(0 {START_HOUR_UTC} 1/{days} * ? *)"


def schedule_problems(cfg: StackConfig) -> Iterator[Problem]:
    """Backup frequencies and restore-test intervals cron cannot express."""
    from services.plan import plan_service

    allowed = "whole hours dividing 24 (1h, 2h, 3h, 4h, 6h, 8h, 12h) or whole days (1d, 7d, 30d)"
    for index, service in enumerate(cfg.services):
        if not service.data_stores:
            continue
        backup = plan_service(cfg, service).backup
        for field, value in (
            ("frequency", backup.frequency),
            ("restoreTestEvery", backup.restore_test_every),
        ):
            if cron_for(value) is None:
                own = getattr(service.backup, "restore_test_every" if field != "frequency" else field)
                key = (
                    f"services[{index}:{service.name}].backup.{field}"
                    if own is not None
                    else f"tiers.{service.tier}.{'backupFrequency' if field == 'frequency' else field}"
                )
                yield Problem(
                    key,
                    f"AWS Backup schedules are cron expressions; {format_duration(value)} cannot be "
                    f"one: use {allowed}",
                    format_duration(value),
                )
