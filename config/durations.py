"""Human durations in stack config (`30s`, `5m`, `1h`, `7d`, `1h30m`).

RTO/RPO targets, backup frequencies and retentions are all durations; one parser keeps their
spelling and their error message the same everywhere.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer

_UNITS = {"d": 86_400, "h": 3_600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+)([dhms])")
_WHOLE = re.compile(r"^(?:\d+[dhms])+$")

DURATION_HELP = (
    "a positive duration: whole numbers with units d, h, m, s, largest first (e.g. 30s, 5m, 1h, 7d, 1h30m)"
)


def parse_duration(text: str) -> timedelta:
    """Parse `1h30m`-style text; units must appear once each, largest first."""
    compact = text.strip().lower()
    if not _WHOLE.match(compact):
        raise ValueError(f"{text!r} is not {DURATION_HELP}")
    parts = _PART.findall(compact)
    units = [unit for _, unit in parts]
    order = list(_UNITS)
    if len(set(units)) != len(units) or units != sorted(units, key=order.index):
        raise ValueError(f"{text!r} is not {DURATION_HELP}")
    seconds = sum(int(n) * _UNITS[unit] for n, unit in parts)
    if seconds <= 0:
        raise ValueError(f"{text!r} is not {DURATION_HELP}")
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """Inverse of `parse_duration` for positive whole-second durations (`90s` -> `1m30s`)."""
    remaining = int(value.total_seconds())
    if remaining <= 0:
        raise ValueError(f"{value!r} is not a positive duration")
    out = []
    for unit, size in _UNITS.items():
        count, remaining = divmod(remaining, size)
        if count:
            out.append(f"{count}{unit}")
    return "".join(out)


def _coerce(value: object) -> timedelta:
    if isinstance(value, timedelta):
        if value.total_seconds() <= 0:
            raise ValueError(f"{format_duration(value) if value else '0s'} is not {DURATION_HELP}")
        return value
    if isinstance(value, str):
        return parse_duration(value)
    raise ValueError(f"{value!r} is not {DURATION_HELP}")


Duration = Annotated[
    timedelta,
    BeforeValidator(_coerce),
    PlainSerializer(format_duration, return_type=str),
]
"""A validated positive duration; serialises back to its compact text form."""
