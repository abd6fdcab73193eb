"""The one boundary where raw stack config becomes a `StackConfig` (or a `ConfigError`).

Each top-level section, and each service, is validated on its own so that one broken section does
not hide the problems of another; cross-section rules then run on whatever parsed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from config import checks
from config.errors import ConfigError, Problem
from config.models import DEFAULT_TIERS, BackupSettings, Failover, Residency, Service, StackConfig

PROJECT = "marketplace-dr"
PROJECT_FILE = "Pulumi.yaml"

_FIELDS = {(f.alias or n): n for n, f in StackConfig.model_fields.items()}
_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    alias: TypeAdapter(Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation)  # type: ignore[misc]
    for alias, f in ((f.alias or n, f) for n, f in StackConfig.model_fields.items())
    if alias != "services"
}
_SERVICE = TypeAdapter(Service)


def stack_file(stack: str) -> str:
    return f"Pulumi.{stack}.yaml"


def validate(raw: Mapping[str, object], stack: str, sources: Mapping[str, str] | None = None) -> StackConfig:
    """Validate project-namespace config (keys without the `project:` prefix)."""
    sources = sources or {}
    default_source = stack_file(stack)
    problems: list[Problem] = []

    def add(problem: Problem) -> None:
        top = problem.key.split(".")[0].split("[")[0]
        problems.append(
            Problem(problem.key, problem.message, problem.value, sources.get(top, default_source))
        )

    data = dict(raw)
    for key in data:
        if key not in _FIELDS:
            add(
                Problem(
                    key,
                    f"unknown key (a typo?); allowed top-level keys: {', '.join(sorted(_FIELDS))}",
                    data[key],
                )
            )
    data["tiers"] = _merge_tiers(data.get("tiers"), add)

    parsed: dict[str, Any] = {}
    for alias, name in _FIELDS.items():
        field = StackConfig.model_fields[name]
        if alias not in data:
            if field.is_required():
                add(Problem(alias, f"required key is missing ({field.description or _doc(name)})"))
            continue
        if alias == "services":
            continue
        try:
            parsed[name] = _ADAPTERS[alias].validate_python(data[alias])
        except ValidationError as exc:
            for p in _from_pydantic(exc, alias):
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
            try:
                services.append((index, _SERVICE.validate_python(item)))
            except ValidationError as exc:
                prefix = checks.service_key(index, item if isinstance(item, dict) else None)
                for p in _from_pydantic(exc, prefix):
                    add(p)

    for p in _cross_checks(parsed, services, len(raw_services)):
        add(p)
    if problems:
        raise ConfigError(stack, PROJECT, problems)
    try:
        cfg = StackConfig.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - the staged checks above see the same
        raise ConfigError(stack, PROJECT, list(_from_pydantic(exc, ""))) from None
    # Rules the services layer owns (what each store's protection can physically achieve).
    from services.protection import floor_problems
    from services.schedules import schedule_problems

    for p in (*floor_problems(cfg), *schedule_problems(cfg)):
        add(p)
    if problems:
        raise ConfigError(stack, PROJECT, problems)
    return cfg


def _cross_checks(
    parsed: Mapping[str, Any], services: list[tuple[int, Service]], count: int
) -> list[Problem]:
    out: list[Problem] = list(checks.catalog_problems(services, count))
    out += checks.cloud_problems(parsed, services)
    if "organization" in parsed and "environment" in parsed:
        out += checks.naming_problems(parsed["organization"], parsed["environment"])
    sites, dns, residency = parsed.get("sites"), parsed.get("dns"), parsed.get("residency")
    if sites is not None and "role" in parsed:
        out += checks.site_problems(sites, parsed["role"], parsed.get("prod_stack"))
    if dns is not None:
        out += checks.endpoint_problems(services, dns)
        if sites is not None:
            out += checks.failover_mechanism_problems(sites, dns)
    if sites is not None:
        out += checks.residency_problems(services, sites, residency or Residency())
        out += checks.failover_problems(sites, parsed.get("failover") or Failover())
    if "tiers" in parsed:
        clouds = {sites.primary.cloud, sites.recovery.cloud} if sites is not None else {"aws"}
        out += checks.backup_problems(services, parsed["tiers"], clouds)
        lock = (parsed.get("backup") or BackupSettings()).vault_lock
        out += checks.vault_lock_problems(services, parsed["tiers"], lock)
    return out


def _merge_tiers(value: object, add: Any) -> object:
    """Tier policies in config override the built-in ones key by key."""
    if value is None:
        return {t: dict(p) for t, p in DEFAULT_TIERS.items()}
    if not isinstance(value, dict):
        return value
    merged: dict[object, object] = {t: dict(p) for t, p in DEFAULT_TIERS.items()}
    for key, override in value.items():
        tier: object = int(key) if isinstance(key, str) and key.isdigit() else key
        if tier not in DEFAULT_TIERS:
            add(Problem(f"tiers.{key}", "unknown tier; allowed tiers: 0, 1, 2", key))
            continue
        if not isinstance(override, dict):
            add(Problem(f"tiers.{key}", "must be a mapping of tier policy keys", override))
            continue
        merged[tier] = {**DEFAULT_TIERS[tier], **override}  # type: ignore[dict-item]
    return merged


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


def _from_pydantic(exc: ValidationError, prefix: str) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = [str(part) for part in err["loc"] if not _is_union_tag(part)]
        key = prefix + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in loc)
        key = key.lstrip(".")
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "missing":
            what = _description(exc.title, err["loc"], prefix)
            out.append(Problem(key, "required key is missing" + (f" ({what})" if what else "")))
        elif err["type"] == "extra_forbidden":
            allowed = _allowed_keys(exc.title, err["loc"], prefix)
            hint = f"; allowed keys here: {', '.join(allowed)}" if allowed else ""
            out.append(Problem(key, f"unknown key (a typo?){hint}", err["input"]))
        else:
            out.append(Problem(key, msg, err["input"]))
    return out


_TAGS = {"object", "relational", "keyvalue", "volume", "containers", "vms", "aws", "azure"}
"""Discriminator values pydantic puts into error locations (store and compute kinds, zone clouds)."""


def _is_union_tag(part: object) -> bool:
    # pydantic puts the discriminator value or a function-validator name in the location.
    return isinstance(part, str) and (part in _TAGS or part.startswith(("function-", "list[", "dict[")))


def _description(title: str, loc: tuple[int | str, ...], section: str = "") -> str:
    """The `description` of the field a missing key names, to say what it must hold."""
    model = _model_at(title, loc, section)
    name = loc[-1] if loc else None
    if model is None or not isinstance(name, str):
        return ""
    field = next((f for n, f in model.model_fields.items() if (f.alias or n) == name), None)
    return (field.description or "") if field is not None else ""


def _allowed_keys(title: str, loc: tuple[int | str, ...], section: str = "") -> list[str]:
    """Walk the models along `loc` to list the keys accepted where an unknown key was found."""
    model = _model_at(title, loc, section)
    if model is None:
        return []
    return sorted(f.alias or n for n, f in model.model_fields.items())


def _model_at(title: str, loc: tuple[int | str, ...], section: str = "") -> type[BaseModel] | None:
    """The model that holds the last key of `loc` (`section`: the top-level key validated, whose
    annotation a tagged union such as `dns` starts from)."""
    from config import models

    model: type[BaseModel] | None = getattr(models, title, None)
    field = StackConfig.model_fields.get(_FIELDS.get(section, ""))
    annotation: object = field.annotation if model is None and field is not None else None
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if part in _TAGS:
            model = _model_in(annotation, part)
            continue
        if model is None:
            return None
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return None
        annotation = field.annotation
        model = _model_in(annotation, None)
    return model


def _model_in(annotation: object, tag: str | None) -> type[BaseModel] | None:
    """The model inside `annotation` (unwrapping lists/optionals), picked by union tag if given."""
    from typing import get_args

    stack, found = [annotation], []
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            found.append(item)
        else:
            stack.extend(get_args(item))
    if tag is not None:
        fields = [(m, m.model_fields.get("kind") or m.model_fields.get("cloud")) for m in found]
        by_default = [m for m, f in fields if f is not None and f.default == tag]
        by_literal = [m for m, f in fields if f is not None and tag in get_args(f.annotation)]
        return (by_default or by_literal or [None])[0]
    return found[0] if len(found) == 1 else None


# --- reading config ------------------------------------------------------------------------


def from_pulumi(stack: str, project: str = PROJECT) -> StackConfig:
    """Read this project's keys from the running Pulumi program's config and validate them."""
    from pulumi.runtime import config as runtime_config

    keys = set(runtime_config.CONFIG.get()) | set(runtime_config.get_config_env())
    prefix = f"{project}:"
    raw = {
        k[len(prefix) :]: _decode(runtime_config.get_config(k)) for k in sorted(keys) if k.startswith(prefix)
    }
    return validate(raw, stack, sources_for(stack, Path.cwd(), raw))


def _decode(value: object) -> object:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def sources_for(stack: str, root: Path, raw: Mapping[str, object]) -> dict[str, str]:
    """Which file each key came from: the stack file if it sets the key, else Pulumi.yaml."""
    stack_keys = set(read_stack_file(root / stack_file(stack)))
    return {k: stack_file(stack) if k in stack_keys else PROJECT_FILE for k in raw}


def read_stack_file(path: Path, project: str = PROJECT) -> dict[str, object]:
    """Project-namespace keys of a `Pulumi.<stack>.yaml` (or any file shaped like one)."""
    if not path.exists():
        return {}
    doc = yaml.safe_load(path.read_text()) or {}
    config = doc.get("config") or {}
    prefix = f"{project}:"
    return {k[len(prefix) :]: v for k, v in config.items() if k.startswith(prefix)}


def read_project_values(path: Path, project: str = PROJECT) -> dict[str, object]:
    """Project-level values and defaults from `Pulumi.yaml`'s `config:` block."""
    doc = yaml.safe_load(path.read_text()) or {}
    out: dict[str, object] = {}
    for key, decl in (doc.get("config") or {}).items():
        name = key[len(project) + 1 :] if key.startswith(f"{project}:") else key
        if ":" in name:
            continue  # another namespace (aws:region, ...)
        if isinstance(decl, dict) and "value" in decl:
            out[name] = decl["value"]
        elif isinstance(decl, dict) and "default" in decl:
            out[name] = decl["default"]
        elif not isinstance(decl, dict):
            out[name] = decl
    return out


def load_files(
    stack: str, root: Path, config_file: Path | None = None
) -> tuple[dict[str, object], dict[str, str]]:
    """What the CLI would give the program: project-level values overlaid by the stack file."""
    stack_path = config_file or root / stack_file(stack)
    project_values = read_project_values(root / PROJECT_FILE)
    stack_values = read_stack_file(stack_path)
    raw = {**project_values, **stack_values}
    sources = {k: (stack_path.name if k in stack_values else PROJECT_FILE) for k in raw}
    return raw, sources


def load(stack: str, root: Path, config_file: Path | None = None) -> StackConfig:
    raw, sources = load_files(stack, root, config_file)
    return validate(raw, stack, sources)
