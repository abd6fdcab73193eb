"""The modelled side of a drill: the `posture` output's targets, estimates and breakdown terms.

Each breakdown term carries `seconds`, `kind`, `constants` (names of the services/reference.py
constants it is computed from) and `assumed` (services/posture.py `Term.to_dict`); outputs without
them are refused at load time (drctl.outputs) rather than guessed from the terms' wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from drctl.outputs import Estate, Objective, Term

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
    return ModelTerm(term.term, term.seconds, term.kind, tuple(term.constants), term.assumed, term.source)


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
    return Target(
        obj.target_seconds, obj.estimate_seconds, obj.status, tuple(model_term(t) for t in obj.breakdown)
    )


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
