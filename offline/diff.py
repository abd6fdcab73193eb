"""What changed between two plans: `--compare-to DIR` (a previous plan's output folder).

Plans are compared through their JSON (`<stack>.json`), so any earlier plan output works as the
base, e.g. the base branch's (`make plan-diff`). Resources are matched by URN; a resource whose
inputs differ is "changed" (with the input keys that differ). Posture rows are matched by
service, disruption, objective and store; policy violations by their whole row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

POSTURE = "DR posture"
POLICY = "Policy violations"
Change = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class ResourceChange:
    stack: str
    service: str
    component: str
    """The nearest component above the resource, `Type name` (or the component itself)."""
    change: Change
    type: str
    name: str
    keys: tuple[str, ...] = ()
    """For a changed resource, the inputs that differ."""


@dataclass(frozen=True)
class PostureMove:
    stack: str
    service: str
    disruption: str
    objective: str
    store: str
    before: str
    """`estimate (status)`, or `-` for a row the base did not have."""
    after: str


@dataclass(frozen=True)
class ViolationChange:
    stack: str
    change: Literal["new", "resolved"]
    policy: str
    type: str
    resource: str
    message: str


@dataclass
class Diff:
    base: str
    compared: list[str] = field(default_factory=list)
    """Stacks found in both plans."""
    missing: list[str] = field(default_factory=list)
    """Stacks planned now that the base has no JSON for (not compared)."""
    resources: list[ResourceChange] = field(default_factory=list)
    posture: list[PostureMove] = field(default_factory=list)
    violations: list[ViolationChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.resources or self.posture or self.violations)


def _component_label(doc_index: Mapping[str, Mapping[str, Any]], resource: Mapping[str, Any]) -> str:
    node: Mapping[str, Any] | None = resource if not resource.get("custom") else None
    parent = resource.get("parent", "")
    while node is None and parent in doc_index:
        candidate = doc_index[parent]
        if not candidate.get("custom"):
            node = candidate
        parent = candidate.get("parent", "")
    if node is None:
        return "-"
    return f"{str(node['type']).rsplit(':', 1)[-1]} {node['name']}"


def _index(doc: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["urn"]: r for r in doc.get("resources", [])}


def _inputs_differ(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[str, ...]:
    keys = sorted(set(a) | set(b))
    return tuple(
        k for k in keys if json.dumps(a.get(k), sort_keys=True) != json.dumps(b.get(k), sort_keys=True)
    )


def resource_changes(stack: str, base: Mapping[str, Any], head: Mapping[str, Any]) -> list[ResourceChange]:
    old, new = _index(base), _index(head)
    out: list[ResourceChange] = []
    for urn in sorted(old.keys() | new.keys()):
        before, after = old.get(urn), new.get(urn)
        current = after if after is not None else before
        assert current is not None
        where = new if after is not None else old
        service = current.get("service") or "-"
        component = _component_label(where, current)
        if before is None:
            out.append(ResourceChange(stack, service, component, "added", current["type"], current["name"]))
        elif after is None:
            out.append(ResourceChange(stack, service, component, "removed", current["type"], current["name"]))
        else:
            keys = _inputs_differ(before.get("inputs", {}), after.get("inputs", {}))
            if keys:
                out.append(
                    ResourceChange(
                        stack, service, component, "changed", current["type"], current["name"], keys
                    )
                )
    return out


def _rows(doc: Mapping[str, Any], title: str) -> list[dict[str, str]]:
    return list((doc.get("checks") or {}).get(title) or [])


def posture_moves(stack: str, base: Mapping[str, Any], head: Mapping[str, Any]) -> list[PostureMove]:
    def key(row: Mapping[str, str]) -> tuple[str, str, str, str]:
        return (row["service"], row["disruption"], row["objective"], row.get("store", ""))

    def shown(row: Mapping[str, str] | None) -> str:
        return f"{row['estimate']} ({row['status']})" if row is not None else "-"

    old = {key(r): r for r in _rows(base, POSTURE)}
    new = {key(r): r for r in _rows(head, POSTURE)}
    out = []
    for k in sorted(old.keys() | new.keys()):
        before, after = old.get(k), new.get(k)
        if shown(before) != shown(after):
            out.append(PostureMove(stack, *k, before=shown(before), after=shown(after)))
    return out


def violation_changes(stack: str, base: Mapping[str, Any], head: Mapping[str, Any]) -> list[ViolationChange]:
    def rows(doc: Mapping[str, Any]) -> set[tuple[str, str, str, str]]:
        return {
            (r["policy"], r["type"], r["resource"], r["message"])
            for r in _rows(doc, POLICY)
            if r["policy"] != "-"
        }

    old, new = rows(base), rows(head)
    return [ViolationChange(stack, "new", *v) for v in sorted(new - old)] + [
        ViolationChange(stack, "resolved", *v) for v in sorted(old - new)
    ]


def compare(heads: Mapping[str, Mapping[str, Any]], base_dir: Path) -> Diff:
    """Compare this run's JSON documents (stack -> doc) with those in `base_dir`."""
    diff = Diff(base=str(base_dir))
    for stack, head in heads.items():
        path = base_dir / f"{stack}.json"
        if not path.is_file():
            diff.missing.append(stack)
            continue
        base = json.loads(path.read_text())
        diff.compared.append(stack)
        diff.resources += resource_changes(stack, base, head)
        diff.posture += posture_moves(stack, base, head)
        diff.violations += violation_changes(stack, base, head)
    return diff


def counts(changes: Sequence[ResourceChange]) -> dict[Change, int]:
    out: dict[Change, int] = {"added": 0, "removed": 0, "changed": 0}
    for c in changes:
        out[c.change] += 1
    return out
