"""Backup and restore-test frequencies each site's backup service can schedule.

Each cloud's profile turns a frequency into its backup service's schedule expression (on AWS, a
cron); a frequency it cannot express is a config problem at the boundary rather than a silently
different schedule.
"""

from __future__ import annotations

from collections.abc import Iterator

from clouds import profile, supported
from config.durations import format_duration
from config.errors import Problem
from config.models import StackConfig
from services.plan import backup_plan


def schedule_problems(cfg: StackConfig) -> Iterator[Problem]:
    """Backup frequencies and restore-test intervals a site's backup service cannot schedule."""
    sites = {cfg.sites.primary.cloud, cfg.sites.recovery.cloud} & set(supported())
    profiles = [profile(c) for c in sorted(sites)]
    for index, service in enumerate(cfg.services):
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
                    f"{p.backup_schedules_allowed}",
                    format_duration(value),
                )
