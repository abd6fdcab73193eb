"""Durations as the outputs spell them (`0s`, `90s`, `21m30s`, `1d`) and back."""

from __future__ import annotations

import re

_UNITS = {"d": 86_400, "h": 3_600, "m": 60, "s": 1}
_WHOLE = re.compile(r"^(?:\d+[dhms])+$")
_PART = re.compile(r"(\d+)([dhms])")


def parse_seconds(text: str) -> int:
    """`1h30m` -> 5400. Raises ValueError on anything else."""
    compact = text.strip().lower()
    if not _WHOLE.match(compact):
        raise ValueError(f"{text!r} is not a duration like 30s, 5m, 1h30m, 1d")
    return sum(int(n) * _UNITS[u] for n, u in _PART.findall(compact))


def fmt(seconds: float | None) -> str:
    """90 -> `1m30s`; None -> `-`; sub-second values round to whole seconds."""
    if seconds is None:
        return "-"
    remaining = round(seconds)
    if remaining <= 0:
        return "0s"
    out = []
    for unit, size in _UNITS.items():
        count, remaining = divmod(remaining, size)
        if count:
            out.append(f"{count}{unit}")
    return "".join(out)
