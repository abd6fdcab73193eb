"""The one boundary where raw stack config becomes a `StackConfig` (or a `ConfigError`).

Problems are collected, never raised one by one: the files (YAML, namespaces, sections; see
`config.files`), each top-level section, each tier and each service are validated on their own,
then every check that spans sections (config.checks) and every rule the services layer owns (what
each store's protection and each site's backup service can achieve) runs on whatever validated
(`config.parsed`). One run shows every problem, each with its file, line, key, value and what is
allowed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from config import checks
from config import clouds as cloud_rules
from config.errors import ConfigError, Problem, did_you_mean
from config.files import Provenance, read_project_file, read_stack_file, shown
from config.messages import problems_from
from config.models import DEFAULT_TIERS, Service, StackConfig, TierPolicy
from config.parsed import Parsed, Rule, salvage

PROJECT = "marketplace-dr"
PROJECT_FILE = "Pulumi.yaml"

_FIELDS = {(f.alias or n): n for n, f in StackConfig.model_fields.items()}
_TYPES: dict[str, Any] = {
    alias: Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation  # type: ignore[misc]
    for alias, f in ((f.alias or n, f) for n, f in StackConfig.model_fields.items())
}
_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    alias: TypeAdapter(t) for alias, t in _TYPES.items() if alias not in ("services", "tiers")
}
_SERVICE = TypeAdapter(Service)
_TIER = TypeAdapter(TierPolicy)

Add = Callable[[Problem], None]


def stack_file(stack: str) -> str:
    return f"Pulumi.{stack}.yaml"


def validate(raw: Mapping[str, object], stack: str, sources: Mapping[str, str] | None = None) -> StackConfig:
    """Validate project-namespace config (keys without the `project:` prefix).

    `sources` says which file holds each top-level key; `load_files` gives a `Provenance`, which
    also knows each key's line and the problems found reading the files."""
    provenance = (
        sources if isinstance(sources, Provenance) else Provenance(dict(sources or {}), stack_file(stack))
    )
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()

    def add(problem: Problem) -> None:
        if (problem.key, problem.message) in seen:
            return  # e.g. one tier-wide setting that several services inherit
        seen.add((problem.key, problem.message))
        if not problem.source:
            source, line = provenance.locate(problem.key)
            problem = Problem(problem.key, problem.message, problem.value, source, line, problem.qualified)
        problems.append(problem)

    for problem in provenance.problems:
        add(problem)
    if provenance.unreadable:  # what the broken file would have said is unknown: no guessing
        raise ConfigError(stack, PROJECT, problems)
    parsed, data = _parse(raw, add, provenance.misplaced)
    for rule in _rules():
        for problem in rule(parsed):
            add(problem)
    if problems:
        raise ConfigError(stack, PROJECT, problems)
    try:
        return StackConfig.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - the staged checks above see the same
        raise ConfigError(stack, PROJECT, problems_from(exc, StackConfig, "")) from None


def _rules() -> tuple[Rule, ...]:
    """Cross-section checks, then the rules the services layer owns. The services import is the
    one upward arrow of config/: those rules read protection modes, backup plans and strategies
    (services.protection, services.schedules, services.plan), and every caller of `validate`
    (the program, the offline plan, the policy pack, the tests) must get them, so config runs
    them rather than trusting each caller to pass them in."""
    from services.plan import strategy_problems
    from services.protection import floor_problems
    from services.schedules import schedule_problems

    return (*checks.RULES, cloud_rules.parsed_problems, floor_problems, schedule_problems, strategy_problems)


def _parse(raw: Mapping[str, object], add: Add, misplaced: set[str]) -> tuple[Parsed, dict[str, Any]]:
    data = dict(raw)
    for key in data:
        if key not in _FIELDS:
            add(
                Problem(
                    key,
                    f"unknown key{did_you_mean(key, _FIELDS)}; allowed top-level keys: "
                    f"{', '.join(sorted(_FIELDS))}",
                    data[key],
                )
            )
    data["tiers"], tiers = _tiers(data.get("tiers"), add)

    sections: dict[str, Any] = {}
    for alias, name in _FIELDS.items():
        field = StackConfig.model_fields[name]
        if alias not in data:
            if field.is_required() and alias not in misplaced:
                add(Problem(alias, f"required key is missing ({field.description or _doc(name)})"))
            elif not field.is_required():
                sections[name] = field.get_default(call_default_factory=True)
            continue
        if alias in ("services", "tiers"):
            continue
        try:
            sections[name] = _ADAPTERS[alias].validate_python(data[alias])
        except ValidationError as exc:
            for p in problems_from(exc, _TYPES[alias], alias):
                add(p)

    services: list[tuple[int, Service]] = []
    raw_services: list[object] = []
    if "services" in data:
        value = data["services"]
        if isinstance(value, list) and value:
            raw_services = value
        else:
            add(Problem("services", "must be a non-empty list of services", value))
        for index, item in enumerate(raw_services):
            prefix = checks.service_key(index, item if isinstance(item, dict) else None)
            if not isinstance(item, dict):
                add(
                    Problem(
                        prefix,
                        f"must be a mapping of service keys (name, tier, ...), not a {type(item).__name__}",
                        item,
                    )
                )
                continue
            try:
                services.append((index, _SERVICE.validate_python(item)))
            except ValidationError as exc:
                for p in problems_from(exc, Service, prefix):
                    add(p)
    return Parsed(sections, tiers, tuple(services), len(raw_services), salvage(data, sections)), data


def _tiers(value: object, add: Add) -> tuple[object, dict[int, TierPolicy]]:
    """Tier policies in config override the built-in ones key by key; each tier is validated on
    its own (a broken tier hides no other tier's checks). Returns the merged raw tiers and the
    tier policies that validated."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        add(Problem("tiers", "must be a mapping of tier (0, 1, 2) to tier policy keys", value))
        return value, {}
    merged: dict[object, object] = {t: dict(p) for t, p in DEFAULT_TIERS.items()}
    for key, override in value.items():
        tier: object = int(key) if isinstance(key, str) and key.isdigit() else key
        if tier not in DEFAULT_TIERS:
            add(Problem(f"tiers.{key}", "unknown tier; allowed tiers: 0, 1, 2", key))
            continue
        if not isinstance(override, dict):
            add(Problem(f"tiers.{key}", "must be a mapping of tier policy keys", override))
            merged.pop(tier)
            continue
        merged[tier] = {**DEFAULT_TIERS[tier], **override}  # type: ignore[dict-item]
    policies: dict[int, TierPolicy] = {}
    for tier, policy in merged.items():
        try:
            policies[tier] = _TIER.validate_python(policy)  # type: ignore[index]
        except ValidationError as exc:
            for p in problems_from(exc, TierPolicy, f"tiers.{tier}"):
                add(p)
    return merged, policies


def _doc(name: str) -> str:
    return {
        "organization": "the organization's short name, used in resource names",
        "environment": "the environment's short name, e.g. production",
        "role": "primary (the prod site) or recovery (the dr site)",
        "sites": "sites.primary and sites.recovery: cloud and region of each site",
        "dns": "dns.domain and dns.hostedZoneId of the public zone",
        "alerts": "alerts.emails: who is paged",
        "services": "the service catalog",
    }.get(name, name)


# --- reading config ------------------------------------------------------------------------

_TOP_LEVEL = tuple(_FIELDS)


def load_files(
    stack: str, root: Path, config_file: Path | None = None
) -> tuple[dict[str, object], Provenance]:
    """What the CLI would give the program: project-level values overlaid by the stack file
    (`config_file` replaces the stack file). The second item is the `sources` for `validate`: where
    each key is written, and the problems found reading the files, which `validate` reports."""
    stack_path = config_file or root / stack_file(stack)
    project = read_project_file(root / PROJECT_FILE, PROJECT, _TOP_LEVEL)
    own = read_stack_file(stack_path, PROJECT, _TOP_LEVEL)
    raw = {**project.values, **own.values}
    files = {k: (own.shown if k in own.values else project.shown) for k in raw}
    return raw, Provenance(files, shown(stack_path), (project, own))


def load(stack: str, root: Path, config_file: Path | None = None) -> StackConfig:
    raw, sources = load_files(stack, root, config_file)
    return validate(raw, stack, sources)


def from_pulumi(stack: str, project: str = PROJECT) -> StackConfig:
    """Read this project's keys from the running Pulumi program's config and validate them; the
    files in the working directory (the project's, under the Pulumi CLI) say where each key is
    written, and a mistake in them (not YAML, a misspelled namespace) is reported too."""
    from pulumi.runtime import config as runtime_config

    keys = set(runtime_config.CONFIG.get()) | set(runtime_config.get_config_env())
    prefix = f"{project}:"
    raw = {
        k[len(prefix) :]: _decode(runtime_config.get_config(k)) for k in sorted(keys) if k.startswith(prefix)
    }
    root = Path.cwd()
    if not (root / PROJECT_FILE).exists():  # run from elsewhere (e.g. the offline engine): no files
        return validate(raw, stack, Provenance({}, stack_file(stack)))
    _, provenance = load_files(stack, root)
    files = {k: provenance.files.get(k, provenance.default) for k in raw}
    return validate(raw, stack, Provenance(files, provenance.default, provenance.read))


def _decode(value: object) -> object:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value
