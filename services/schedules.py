"""Backup and restore-test frequencies each site's backup service can schedule.

Each cloud's profile turns a frequency into its backup service's schedule expression (on AWS, a
cron); a frequency it cannot express is a config problem at the boundary rather than a silently
different schedule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

from clouds import profile, supported
from config.durations import format_duration
from config.errors import Problem
from config.parsed import Parsed
from services.plan import backup_plan


def schedule_problems(parsed: Parsed) -> Iterator[Problem]:
    """Backup frequencies and restore-test intervals a site's backup service cannot schedule (on
    every service whose tier validated; the sites' clouds decide the backup services)."""
    cfg = parsed.view("sites", salvage=True)
    if cfg is None:
        return  # the sites have their own problem
    sites = {cfg.sites.primary.cloud, cfg.sites.recovery.cloud} & set(supported())
    profiles = [profile(c) for c in sorted(sites)]
    for index, service in parsed.with_tier():
        if not service.data_stores:
            continue
        backup = backup_plan(cfg, service)
        for field, value in (
            ("frequency", backup.frequency),
            ("restoreTestEvery", backup.restore_test_every),
        ):
            for p in profiles:
                if p.backup_schedule(value) is not None:
                    continue
                own = getattr(service.backup, "restore_test_every" if field != "frequency" else field)
                key = (
                    f"services[{index}:{service.name}].backup.{field}"
                    if own is not None
                    else f"tiers.{service.tier}.{'backupFrequency' if field == 'frequency' else field}"
                )
                yield Problem(
                    key,
                    f"{p.backup_service} cannot schedule every {format_duration(value)}; it takes "
                    f"{p.backup_schedules_allowed}{_nearest(p.backup_schedule, value)}",
                    format_duration(value),
                )


def _nearest(schedule: Callable[[timedelta], str | None], value: timedelta) -> str:
    """The schedulable intervals just below and above `value` (whole hours, then whole days)."""
    hours = [timedelta(hours=h) for h in range(1, 24)] + [timedelta(days=d) for d in range(1, 367)]
    fits = [h for h in hours if schedule(h) is not None]
    below = [h for h in fits if h < value]
    above = [h for h in fits if h > value]
    near = [*([below[-1]] if below else []), *([above[0]] if above else [])]
    return f"; the nearest are {' and '.join(format_duration(n) for n in near)}" if near else ""
