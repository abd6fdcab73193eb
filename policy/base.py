"""What every rule of the policy pack shares: resources as the rules see them, violations, and
safe access to engine properties that may still be unknown during preview.

Cloud rule modules (policy/rules.py for AWS, and one module per other cloud registered there)
import only this module, so the registry can import them without a cycle.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from vocabulary.tags import REQUIRED_TAGS


class _Unknown:
    def __repr__(self) -> str:
        return "<unknown during preview>"


UNKNOWN: Any = _Unknown()
"""Stands for a value the engine does not know yet (preview of a new resource's outputs)."""

Props = Mapping[str, Any]
ResourceRule = Callable[[str, Props, str], list[str]]
"""A rule over one resource: `(type, props, name) -> [message, ...]`."""


class Resource(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def inputs(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Violation:
    policy: str
    resource_type: str
    name: str
    message: str

    def __str__(self) -> str:
        return f"[{self.policy}] {self.resource_type} {self.name}: {self.message}"


@dataclass(frozen=True)
class Rec:
    """A resource as the rules see it (what the pack adapter builds from a PolicyResource)."""

    type: str
    name: str
    inputs: dict[str, Any]
    outputs: dict[str, Any] = field(default_factory=dict)
    protect: bool = False
    """Pulumi's `protect` resource option (the pack reads it from the resource's options)."""


def known(value: object) -> bool:
    return value is not None and value is not UNKNOWN


def prop(props: Props | None, *path: str | int) -> Any:
    node: Any = props
    for part in path:
        if node is UNKNOWN:
            return UNKNOWN
        if isinstance(part, int):
            if not isinstance(node, Sequence) or isinstance(node, str) or len(node) <= part:
                return None
            node = node[part]
        else:
            if not isinstance(node, Mapping):
                return None
            node = node.get(part)
    return node


def items_of(value: Any) -> list[Any]:
    if value is None or value is UNKNOWN:
        return []
    if isinstance(value, Mapping):
        return [value]
    return list(value)


def tags_of(props: Props) -> Mapping[str, Any]:
    tags = props.get("tags")
    if isinstance(tags, list):  # auto scaling groups: [{key, value, propagateAtLaunch}]
        found = {str(t.get("key")): t.get("value") for t in tags if isinstance(t, Mapping)}
        if found:
            return found
    if isinstance(tags, Mapping):
        return tags
    # GCP labels carry the tags' meaning (components.gcp.labels); a list of plain strings under
    # `tags` is a GCP network-tag list, not labels.
    for labels in (props.get("userLabels"), props.get("labels"), prop(props, "settings", "userLabels")):
        if isinstance(labels, Mapping):
            return labels
    return {}


StackRule = Callable[[Sequence[Resource]], list[Violation]]
"""A rule over all of a stack's resources."""


@functools.cache
def sdk_inputs(sdk: str, type_token: str) -> frozenset[str]:
    """The inputs (snake_case) the generated SDK class behind `type_token` takes; empty when the
    token names no class of `sdk` (`pulumi_aws`, ...). Tokens are `<package>:<module>[/<x>]:<Class>`,
    the class lives in `<sdk>.<module>` (`index`: the SDK's root)."""
    parts = type_token.split(":")
    if len(parts) != 3:
        return frozenset()
    module = parts[1].split("/")[0]
    try:
        mod = importlib.import_module(sdk if module == "index" else f"{sdk}.{module}")
    except ImportError:
        return frozenset()
    init = getattr(getattr(mod, parts[2], None), "_internal_init", None)
    return frozenset(inspect.signature(init).parameters) if init is not None else frozenset()


class TagsRule(Protocol):
    """A `ResourceRule` whose resource name is optional (tag rules never read it)."""

    def __call__(self, type_: str, props: Props, name: str = "") -> list[str]: ...


def required_tags_rule(
    applies: Callable[[str], bool],
    read: Callable[[Props], Any] = tags_of,
    noun: str = "tags",
) -> TagsRule:
    """A cloud's `required-tags` rule: every resource `applies` to carries vocabulary.tags'
    REQUIRED_TAGS under the cloud's name for them (`read`: UNKNOWN while preview cannot tell)."""

    def required_tags(type_: str, props: Props, name: str = "") -> list[str]:
        if not applies(type_):
            return []
        found = read(props)
        if found is UNKNOWN:
            return []
        missing = [t for t in REQUIRED_TAGS if t not in found]
        return [f"missing {noun} {missing}"] if missing else []

    return required_tags


def known_tags_of(props: Props) -> Any:
    """`tags_of`, or UNKNOWN while the engine has not computed them."""
    return UNKNOWN if props.get("tags") is UNKNOWN else tags_of(props)
