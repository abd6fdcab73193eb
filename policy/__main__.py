"""The marketplace's CrossGuard policy pack: every rule in policy/rules.py, mandatory.

Usage from the project root: `pulumi preview --stack prod --policy-pack policy`. The pack runs
with the project's .venv (PulumiPolicy.yaml) and imports the rules from the project itself, so the
pack, the tests and the offline plan apply the very same functions.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pulumi_policy import (
    EnforcementLevel,
    PolicyPack,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import _DictProxy, _is_unknown, _ListProxy

from policy import rules


def plain(value: Any) -> Any:
    """Engine properties as plain dicts/lists, with values unknown during preview as `rules.UNKNOWN`
    (the pack's proxies raise on them instead)."""
    proxied: Any = value
    if isinstance(value, Mapping):
        target = proxied["__target"] if isinstance(value, _DictProxy) else value
        return {k: plain(v) for k, v in target.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        target = proxied["__target"] if isinstance(value, _ListProxy) else value
        return [plain(v) for v in target]
    return rules.UNKNOWN if _is_unknown(value) else value


def _level(name: str, disabled: frozenset[str]) -> EnforcementLevel | None:
    """A policy the project's config switches off (sandbox: `protect: false`) is disabled."""
    return EnforcementLevel.DISABLED if name in disabled else None


def _resource_policy(
    name: str, rule: rules.ResourceRule, disabled: frozenset[str] = frozenset()
) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        for message in rule(args.resource_type, plain(args.props), args.name):
            report(message, args.urn)

    return ResourceValidationPolicy(
        name=name,
        description=rules.DESCRIPTIONS[name],
        validate=validate,
        enforcement_level=_level(name, disabled),
    )


def _records(args: StackValidationArgs) -> list[rules.Rec]:
    out = []
    for r in args.resources:
        props = plain(r.props)
        protect = bool(getattr(r.opts, "protect", False))
        out.append(rules.Rec(type=r.resource_type, name=r.name, inputs=props, outputs=props, protect=protect))
    return out


def _urns(args: StackValidationArgs) -> dict[tuple[str, str], str]:
    return {(r.resource_type, r.name): r.urn for r in args.resources}


def _stack_policy(
    name: str, rule: rules.StackRule, disabled: frozenset[str] = frozenset()
) -> StackValidationPolicy:
    def validate(args: StackValidationArgs, report: ReportViolation) -> None:
        urns = _urns(args)
        for v in rule(_records(args)):
            report(v.message, urns.get((v.resource_type, v.name)))

    return StackValidationPolicy(
        name=name,
        description=rules.DESCRIPTIONS[name],
        validate=validate,
        enforcement_level=_level(name, disabled),
    )


def _residency_policy() -> StackValidationPolicy:
    residency = rules.project_residency()

    def validate(args: StackValidationArgs, report: ReportViolation) -> None:
        urns = _urns(args)
        for v in rules.residency_violations(_records(args), residency):
            report(v.message, urns.get((v.resource_type, v.name)))

    return StackValidationPolicy(
        name="data-residency", description=rules.DESCRIPTIONS["data-residency"], validate=validate
    )


def policies() -> list[ResourceValidationPolicy | StackValidationPolicy]:
    disabled = rules.disabled_policies(rules.project_protect())
    return [
        *(_resource_policy(n, r, disabled) for n, r in rules.RESOURCE_RULES.items()),
        *(_stack_policy(n, r, disabled) for n, r in rules.STACK_RULES.items()),
        _residency_policy(),
    ]


# Serve the pack whenever the policy runtime runs this file; tests import it as `policy.__main__`
# to reach `policies()` without starting the analyzer's gRPC server.
if __name__ != "policy.__main__":
    PolicyPack(
        name="marketplace-dr-guardrails",
        enforcement_level=EnforcementLevel.MANDATORY,
        policies=list(policies()),
    )
