"""A runbook as data: steps of calls (which gateway, region, method, arguments), the states they
await, their modelled time and blast radius, and the failback that undoes each. Being data, a
runbook prints as a plan, runs under the guard, and its failback survives in the journal.

Arguments may refer to values known only while running: `$capture.<step>.<key>` (read before the
step's action), `$result.<step>.<key>` (the action's response), `$evidence.<step>.<key>`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from drctl.posture import ModelTerm, Target

StepKind = Literal["action", "canary-write", "canary-check", "lag"]


@dataclass(frozen=True)
class Call:
    gateway: str
    """A `drctl.gateways.Gateways` name (route53, arc, rds, ...), or `http` for the public-name probe."""
    region: str
    method: str
    args: dict[str, Any]
    api: str
    """The AWS API it makes, for the plan (`rds:PromoteReadReplica`)."""

    def text(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.args.items())
        return f"{self.api} [{self.region}] ({shown})"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Call:
        return cls(**raw)


@dataclass(frozen=True)
class Undo:
    """One failback action: calls, then the states that prove it took."""

    id: str
    title: str
    actions: tuple[Call, ...] = ()
    awaits: tuple[Call, ...] = ()
    awaited: str = ""
    cleanup: bool = False
    """Deletes a scratch resource or canaries (reported as cleanup, verified by its awaits)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "actions": [c.to_dict() for c in self.actions],
            "awaits": [c.to_dict() for c in self.awaits],
            "awaited": self.awaited,
            "cleanup": self.cleanup,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Undo:
        return cls(
            raw["id"],
            raw["title"],
            tuple(Call.from_dict(c) for c in raw["actions"]),
            tuple(Call.from_dict(c) for c in raw["awaits"]),
            raw.get("awaited", ""),
            bool(raw.get("cleanup")),
        )


@dataclass(frozen=True)
class CanaryTarget:
    """Where canaries go (prod copy) and where they are looked for after the fault (dr copy)."""

    store: str
    kind: Literal["object", "keyvalue"]
    prod_region: str
    prod_name: str
    dr_region: str
    dr_name: str


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    kind: StepKind = "action"
    capture: Call | None = None
    actions: tuple[Call, ...] = ()
    awaits: tuple[Call, ...] = ()
    awaited: str = ""
    term: ModelTerm | None = None
    blast_radius: str = "none (read-only)"
    failback: tuple[Undo, ...] = ()
    fault: bool = False
    """RTO starts when this step's first action is requested."""
    healthy: bool = False
    """RTO ends when this step's awaited state is observed."""
    group: str | None = None
    """Consecutive steps of one group are requested together, then awaited together (they run in
    parallel in a real recovery, so the slowest counts, as in the posture)."""
    store: str | None = None
    canaries: tuple[CanaryTarget, ...] = ()
    lag_metrics: tuple[tuple[str, str, str, str, dict[str, str], float], ...] = ()
    """(store, region, namespace, metric, dimensions, seconds per unit) read at the fault."""
    rpo_from: str | None = None
    """`recovery-point` or `restorable` when this step's capture dates the restored data."""

    def modelled(self) -> int | None:
        return self.term.seconds if self.term else None


@dataclass(frozen=True)
class Runbook:
    service: str
    scenario: str
    stack: str
    """The stack whose resources the drill changes most: what the typed confirmation names."""
    disruption: str
    unplanned: bool
    steps: tuple[Step, ...]
    rto: Target | None
    rpo: dict[str, Target] = field(default_factory=dict)
    manual: tuple[str, ...] = ()
    """Why this runbook cannot run by itself (a step a person or `pulumi up` must do)."""
    notes: tuple[str, ...] = ()

    @property
    def confirmation(self) -> str:
        return f"{self.stack}/{self.service}/{self.scenario}"
