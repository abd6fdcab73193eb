"""The modelled side of a drill: the `posture` output's targets, estimates and breakdown terms.

The extended breakdown contract gives each term `seconds`, `kind`, `constants` (names of the
services/reference.py constants it is computed from) and `assumed`. Older outputs carry only
`term`, `duration` and `source`: then the seconds come from `duration`, the kind from the term's
wording, and the constants from the wording table below (which mirrors services/posture.py's terms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drctl.durations import parse_seconds
from drctl.outputs import Estate, Objective, Term

KINDS = (
    "detection",
    "ttl",
    "promotion",
    "scale-up",
    "provision",
    "restore",
    "replication",
    "backup",
    "pitr",
    "in-region-failover",
    "retained",
)

# (pattern on the term's wording, kind, reference constants): used only when the output lacks them.
_WORDING: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"^health check", "detection", ("HEALTH_CHECK_INTERVAL",)),
    (r"^DNS TTL", "ttl", ()),
    (r"^promote .*\(Aurora global\)", "promotion", ("AURORA_GLOBAL_PROMOTION",)),
    (r"^promote .*\(RDS replica\)", "promotion", ("RDS_REPLICA_PROMOTION_ASSUMED",)),
    (r"^provision .*VMs", "provision", ("PROVISION_FROM_CODE_ASSUMED", "VM_SCALE_UP_ASSUMED")),
    (r"^provision .*containers", "provision", ("PROVISION_FROM_CODE_ASSUMED", "CONTAINER_SCALE_UP_ASSUMED")),
    (r"^scale VMs", "scale-up", ("VM_SCALE_UP_ASSUMED",)),
    (r"^scale containers", "scale-up", ("CONTAINER_SCALE_UP_ASSUMED",)),
    (r"^restore ", "restore", ("RESTORE_GB_PER_HOUR_ASSUMED",)),
    (r"^in-region database failover", "in-region-failover", ("DB_IN_REGION_FAILOVER_ASSUMED",)),
    (r"^S3 RTC", "replication", ("S3_RTC_SLA",)),
    (r"^Aurora global lag", "replication", ("AURORA_GLOBAL_LAG",)),
    (r"^RDS replica lag", "replication", ("RDS_REPLICA_LAG_ASSUMED",)),
    (r"^DynamoDB global table", "replication", ("DYNAMODB_REPLICATION_ASSUMED",)),
    (r"^(scheduled backup|last backup)", "backup", ("BACKUP_MIN_FREQUENCY",)),
    (r"^point-in-time", "pitr", ("PITR_PRECISION_ASSUMED",)),
    (r"^synchronous multi-AZ", "retained", ("AZ_LOSS_DATA_LOSS_ASSUMED",)),
    (r"(versions kept|Object Lock)", "retained", ()),
)

SCENARIO_DISRUPTION = {
    "region-failover": "region-loss",
    "compute-scale-up": "region-loss",
    "backup-restore": "data-corruption",
    "pitr-restore": "accidental-deletion",
}
"""Which posture disruption a scenario rehearses (its targets and modelled terms)."""


@dataclass(frozen=True)
class ModelTerm:
    what: str
    seconds: int
    kind: str
    constants: tuple[str, ...]
    assumed: bool
    source: str

    @property
    def assumed_constants(self) -> tuple[str, ...]:
        return tuple(c for c in self.constants if c.endswith("_ASSUMED"))

    def to_dict(self) -> dict[str, object]:
        return {
            "term": self.what,
            "seconds": self.seconds,
            "kind": self.kind,
            "constants": list(self.constants),
            "assumed": self.assumed,
            "source": self.source,
        }


def model_term(term: Term) -> ModelTerm:
    wording = next(((k, c) for p, k, c in _WORDING if re.search(p, term.term)), None)
    kind = term.kind or (wording[0] if wording else "unknown")
    constants = tuple(term.constants) if term.constants is not None else (wording[1] if wording else ())
    seconds = term.seconds if term.seconds is not None else parse_seconds(term.duration)
    assumed = (
        term.assumed
        if term.assumed is not None
        else (term.source.startswith("assumption") or any(c.endswith("_ASSUMED") for c in constants))
    )
    return ModelTerm(term.term, seconds, kind, constants, assumed, term.source)


@dataclass(frozen=True)
class Target:
    """A target with the posture's estimate of it (seconds) and the estimate's terms."""

    target: int
    estimate: int
    status: str
    terms: tuple[ModelTerm, ...]

    def term(self, kind: str, mentioning: str | None = None) -> ModelTerm | None:
        for t in self.terms:
            if t.kind == kind and (mentioning is None or mentioning in t.what):
                return t
        return None


def _target(obj: Objective) -> Target:
    target = obj.target_seconds if obj.target_seconds is not None else parse_seconds(obj.target)
    estimate = obj.estimate_seconds if obj.estimate_seconds is not None else parse_seconds(obj.estimate)
    return Target(target, estimate, obj.status, tuple(model_term(t) for t in obj.breakdown))


def rto(estate: Estate, service: str, disruption: str) -> Target | None:
    slot = estate.dr.posture.get(service, {}).get(disruption)
    return _target(slot.rto) if slot and slot.rto else None


def rpo(estate: Estate, service: str, disruption: str, store: str) -> Target | None:
    slot = estate.dr.posture.get(service, {}).get(disruption)
    obj = slot.rpo.get(store) if slot else None
    return _target(obj) if obj else None


def backup_every(estate: Estate, service: str, store: str) -> int | None:
    """The scheduled backup interval the posture used for a store (seconds), if it names one."""
    for disruption in ("data-corruption", "region-loss"):
        target = rpo(estate, service, disruption, store)
        term = target.term("backup") if target else None
        if term is not None:
            return term.seconds
    return None
