"""Stack outputs, read from a file and checked against the contract (README, "Stack outputs: the
contract"; names in services/outputs.py).

A FILE is either `pulumi stack output --json --show-secrets` (a flat object of outputs) or the
offline plan's `build/plan/<stack>.json` (the outputs sit under its "outputs" key). Every problem of
every file is reported at once, naming the file and the key; nothing else in drctl sees raw JSON.
Unknown keys are ignored so a newer program's outputs still load.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from drctl.errors import InputError, UnsupportedError

STACKS = ("prod", "dr")
ROLES = {"prod": "primary", "dr": "recovery"}
SUPPORTED_CLOUDS = ("aws",)


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=True)


class Site(_Model):
    role: Literal["primary", "recovery"]
    cloud: str
    region: str


class Store(_Model):
    kind: Literal["object", "relational", "keyvalue", "volume"]
    mode: str
    arn: str | None = None
    bucket: str | None = None
    writer_endpoint: str | None = None
    reader_endpoint: str | None = None
    global_cluster_id: str | None = None
    table_name: str | None = None


class Backup(_Model):
    vault_arn: str | None = None
    copy_vault_arn: str | None = None
    plan_id: str | None = None
    continuous_plan_id: str | None = None
    restore_testing_plan: str | None = None


class ServiceOutput(_Model):
    tier: int
    strategy: Literal["warm-standby", "pilot-light", "backup-restore"]
    rpo: str
    rto: str
    standby_count: int = 0
    desired_count: int = 0
    stores: dict[str, Store] = {}
    app_security_group_id: str | None = None
    backup: Backup | None = None


class LoadBalancer(_Model):
    dns_name: str
    zone_id: str


class Compute(_Model):
    kind: Literal["containers", "vms", "none"]
    cluster: str | None = None
    service: str | None = None
    auto_scaling_group: str | None = None
    security_group_id: str | None = None
    scale_up_command: str | None = None


class Endpoint(_Model):
    hostname: str
    url: str
    failover_seconds: int
    load_balancers: dict[str, LoadBalancer] = {}
    compute: Compute
    health_check_ids: dict[str, str] | None = None
    routing_control_arns: dict[str, str] | None = None


class Term(_Model):
    """One breakdown entry of a posture estimate (services/posture.py `Term.to_dict`)."""

    term: str
    duration: str
    source: str = ""
    seconds: int
    kind: str
    constants: list[str]
    assumed: bool


class Objective(_Model):
    target: str
    estimate: str
    target_seconds: int
    estimate_seconds: int
    status: str = "met"
    breakdown: list[Term] = []


class DisruptionPosture(_Model):
    rto: Objective | None = None
    rpo: dict[str, Objective] = {}


class StackOutputs(_Model):
    site: Site
    services: dict[str, ServiceOutput]
    endpoints: dict[str, Endpoint] = {}
    posture: dict[str, dict[str, DisruptionPosture]] = {}
    key_arn: str | None = None
    alert_topic_arn: str | None = None
    dashboard: str | None = None


@dataclass(frozen=True)
class Estate:
    """Both stacks' outputs: prod (primary site) and dr (recovery site; its endpoints are complete)."""

    prod: StackOutputs
    dr: StackOutputs
    files: Mapping[str, str]

    def service_names(self) -> list[str]:
        return list(self.dr.services)

    def stack(self, name: str) -> StackOutputs:
        return self.prod if name == "prod" else self.dr


def parse_outputs_args(values: list[str]) -> dict[str, Path]:
    """`prod=FILE`, `dr=FILE` (each once, both required)."""
    out: dict[str, Path] = {}
    problems = []
    for value in values:
        stack, sep, path = value.partition("=")
        if not sep or stack not in STACKS or not path:
            problems.append(f"--outputs {value!r}: expected prod=FILE or dr=FILE")
        elif stack in out:
            problems.append(f"--outputs {stack}= given twice")
        else:
            out[stack] = Path(path)
    problems += [f"--outputs {s}=FILE is required" for s in STACKS if s not in out and not problems]
    if problems:
        raise InputError("\n".join(problems))
    return out


def _read(stack: str, path: Path) -> tuple[dict[str, Any] | None, list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        return None, [f"{path}: cannot read the {stack} outputs file ({e.strerror or e})"]
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        return None, [f"{path}: not JSON ({e.msg} at line {e.lineno} column {e.colno})"]
    if not isinstance(raw, dict):
        return None, [f"{path}: expected a JSON object of stack outputs, got {type(raw).__name__}"]
    if "outputs" in raw and "resources" in raw:  # the offline plan's build/plan/<stack>.json
        raw = raw["outputs"]
        if not isinstance(raw, dict):
            return None, [f"{path}: key 'outputs' must be an object"]
    return raw, []


TERM_KEYS = ("seconds", "kind", "constants", "assumed")
OBJECTIVE_KEYS = ("targetSeconds", "estimateSeconds")


def _older_posture(raw: dict[str, Any]) -> str | None:
    """The first posture entry written by a program older than the breakdown contract (one that
    lacks the seconds/kind/constants/assumed keys drctl reads), or None."""
    posture = raw.get("posture")
    if not isinstance(posture, dict):
        return None
    for service, disruptions in posture.items():
        for disruption, slot in (disruptions if isinstance(disruptions, dict) else {}).items():
            if not isinstance(slot, dict):
                continue
            rpo = slot.get("rpo")
            rpo = rpo if isinstance(rpo, dict) else {}
            objectives = [("rto", slot.get("rto"))] + [(f"rpo.{s}", o) for s, o in rpo.items()]
            for where, objective in objectives:
                if not isinstance(objective, dict):
                    continue
                at = f"posture.{service}.{disruption}.{where}"
                if any(k not in objective for k in OBJECTIVE_KEYS):
                    return at
                for i, term in enumerate(objective.get("breakdown") or []):
                    if isinstance(term, dict) and any(k not in term for k in TERM_KEYS):
                        return f"{at}.breakdown.{i}"
    return None


def _problems(path: Path, error: ValidationError) -> list[str]:
    out = []
    for e in error.errors():
        where = ".".join(str(p) for p in e["loc"]) or "(top level)"
        got = e.get("input")
        shown = "" if e["type"] == "missing" else f" (got {json.dumps(got)[:60]})"
        out.append(f"{path}: {where}: {e['msg']}{shown}")
    return out


def load_estate(paths: Mapping[str, Path]) -> Estate:
    """Both stacks' outputs, validated; InputError lists every problem of every file at once, and
    UnsupportedError names a site on a cloud drctl does not drill yet."""
    problems: list[str] = []
    parsed: dict[str, StackOutputs] = {}
    for stack in STACKS:
        path = paths[stack]
        raw, errs = _read(stack, path)
        problems += errs
        if raw is None:
            continue
        older = _older_posture(raw)
        if older is not None:
            problems.append(
                f"{path}: {older}: no {'/'.join(TERM_KEYS)}: outputs from an older program version: "
                "re-run `pulumi up` (or `make plan` for build/plan files) and export them again"
            )
            continue
        try:
            outputs = StackOutputs.model_validate(raw)
        except ValidationError as e:
            problems += _problems(path, e)
            continue
        if outputs.site.role != ROLES[stack]:
            problems.append(
                f"{path}: site.role: is {outputs.site.role!r}, but --outputs {stack}= needs the "
                f"{ROLES[stack]} site's outputs (swapped files?)"
            )
        parsed[stack] = outputs
    if "prod" in parsed and "dr" in parsed:
        missing = sorted(set(parsed["dr"].services) - set(parsed["prod"].services))
        if missing:
            problems.append(
                f"{paths['prod']}: services: lacks {', '.join(missing)} that {paths['dr']} has "
                "(outputs of two different deployments?)"
            )
        if not parsed["dr"].posture:
            problems.append(f"{paths['dr']}: posture: missing or empty (outputs older than the posture?)")
    if problems:
        raise InputError("\n".join(problems))
    estate = Estate(parsed["prod"], parsed["dr"], {s: str(paths[s]) for s in STACKS})
    for stack in STACKS:
        site = estate.stack(stack).site
        if site.cloud not in SUPPORTED_CLOUDS:
            raise UnsupportedError(
                f"{paths[stack]}: site.cloud is {site.cloud!r}: drills not supported yet on "
                f"{site.cloud} (drctl drills AWS sites only); nothing was checked or run"
            )
    return estate


def require_service(estate: Estate, name: str) -> ServiceOutput:
    if name not in estate.dr.services:
        known = ", ".join(estate.service_names())
        raise InputError(f"--service {name!r}: not in {estate.files['dr']} (services: {known})")
    return estate.dr.services[name]
