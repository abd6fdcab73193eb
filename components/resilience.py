"""Recovery objectives handed to the cloud's own resilience assessment (AWS Resilience Hub)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

DataLocation = Literal["AnyLocation", "SameContinent", "SameCountry"]


@dataclass(frozen=True)
class TierTargets:
    """One tier's configured targets, the same numbers the posture check judges against."""

    tier: int
    rpo: timedelta
    rto: timedelta
    data_location: DataLocation
