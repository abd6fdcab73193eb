"""AWS profile: frequencies -> AWS Backup cron expressions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from clouds.aws import cron_for


@pytest.mark.parametrize(
    ("every", "cron"),
    [
        (timedelta(hours=1), "cron(0 0/1 * * ? *)"),
        (timedelta(hours=12), "cron(0 0/12 * * ? *)"),
        (timedelta(days=1), "cron(0 5 * * ? *)"),
        (timedelta(days=7), "cron(0 5 ? * SUN *)"),
        (timedelta(days=30), "cron(0 5 1 * ? *)"),
        (timedelta(days=3), "cron(0 5 1/3 * ? *)"),
    ],
)
def test_cron_for_regular_frequencies(every: timedelta, cron: str) -> None:
    assert cron_for(every) == cron


@pytest.mark.parametrize("every", [timedelta(hours=5), timedelta(minutes=90), timedelta(hours=36)])
def test_irregular_frequencies_have_no_cron(every: timedelta) -> None:
    assert cron_for(every) is None
