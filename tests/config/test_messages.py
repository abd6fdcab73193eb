"""Config messages speak the user's language: what a key must hold instead of a regex, no pydantic
phrase, key paths written one way (`services[2:payments].dataStores[0].rpo`, `tiers.1.rto`), the
allowed keys (and a did-you-mean) wherever an unknown key is found, and the file and line that
hold the key."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from config import ConfigError, Problem, load_files, validate
from config.messages import INTERNAL_PHRASES, PATTERN_HELP, every_model
from config.models import StackConfig
from tests.conftest import ROOT, config_error, service

Edit = Callable[[dict[str, Any]], None]

KEY_PATH = re.compile(r"^[A-Za-z]+(\[\d+(:[a-z0-9-]+)?\]|\.[A-Za-z0-9_-]+)*$")
"""The one way a key path is written: list items in brackets (a service also by name), mapping
keys after a dot (tiers.1.rto, residency.zones.eu)."""


def problems(edit: Edit, stack: str = "prod") -> tuple[Problem, ...]:
    return config_error(edit, stack).problems


def at(found: tuple[Problem, ...], key: str) -> Problem:
    matching = [p for p in found if p.key == key]
    assert matching, f"no problem at {key}; got {[p.key for p in found]}"
    return matching[0]


def readable(problem: Problem) -> None:
    text = problem.render("marketplace-dr")
    assert not [p for p in INTERNAL_PHRASES if p in text], text
    assert not re.search(r"\^|\\[dswS]|\{\d+,?\d*\}|\[\^", problem.message), text  # no regex
    assert KEY_PATH.match(problem.key), problem.key


def set_in(path: list[Any], value: object) -> Edit:
    def edit(raw: dict[str, Any]) -> None:
        node: Any = raw
        for part in path[:-1]:
            node = service(node, part[1:]) if isinstance(part, str) and part.startswith("@") else node[part]
        node[path[-1]] = value

    return edit


# --- patterns -------------------------------------------------------------------------------


def test_every_pattern_in_the_schema_has_words_for_what_it_accepts() -> None:
    patterns = {
        str(getattr(m, "pattern", None))
        for model in every_model(StackConfig)
        for f in model.model_fields.values()
        for m in _metadata(f.annotation, f.metadata)
        if getattr(m, "pattern", None)
    }
    assert patterns
    assert patterns <= set(PATTERN_HELP), patterns - set(PATTERN_HELP)


def _metadata(annotation: object, metadata: list[Any]) -> list[Any]:
    from typing import get_args

    out, stack = list(metadata), [annotation]
    while stack:
        item = stack.pop()
        args = get_args(item)
        out += [a for a in args if hasattr(a, "pattern") or hasattr(a, "metadata")]
        out += [m for a in args for m in getattr(a, "metadata", [])]
        stack += list(args)
    return out


PATTERNED = [
    (["sites", "primary", "accountId"], "123", "sites.primary.accountId", "12 digits"),
    (["sites", "primary", "cidr"], "192.168.0.0/16", "sites.primary.cidr", "10.x.0.0/16"),
    (["dns", "domain"], "Marketplace", "dns.domain", "DNS name"),
    (["dns", "hostedZoneId"], "zone-1", "dns.hostedZoneId", "hosted zone id"),
    (["alerts", "emails"], ["oncall"], "alerts.emails[0]", "email address"),
    (["alerts", "httpsEndpoints"], ["http://x"], "alerts.httpsEndpoints[0]", "https:// URL"),
    (
        ["services", 1, "dataStores", 0, "engineVersion"],
        "16",
        "services[1:payments].dataStores[0].engineVersion",
        "major.minor",
    ),
    (
        ["services", 1, "dataStores", 0, "instanceClass"],
        "r6g.large",
        "services[1:payments].dataStores[0].instanceClass",
        "RDS instance class",
    ),
    (["services", 4, "compute", "image"], "ubuntu", "services[4:crm].compute.image", "AMI id"),
    (
        ["services", 4, "compute", "instanceType"],
        "M7G",
        "services[4:crm].compute.instanceType",
        "EC2 instance type",
    ),
    (["services", 4, "endpoint", "hostname"], "crm", "services[4:crm].endpoint.hostname", "DNS name"),
    (
        ["services", 4, "endpoint", "healthPath"],
        "status",
        "services[4:crm].endpoint.healthPath",
        "starting with '/'",
    ),
]


@pytest.mark.parametrize(("path", "value", "key", "words"), PATTERNED)
def test_a_value_of_the_wrong_form_is_described_in_words_not_a_regex(
    path: list[Any], value: object, key: str, words: str
) -> None:
    problem = at(problems(set_in(path, value)), key)
    readable(problem)
    assert problem.message.startswith("must be ") and words in problem.message


def test_a_prod_stack_name_of_the_wrong_form_is_described_in_words() -> None:
    problem = at(problems(lambda r: r.update(prodStack="acme prod"), "dr"), "prodStack")
    readable(problem)
    assert "<org>/<project>/<stack>" in problem.message


# --- wrong types and shapes -----------------------------------------------------------------

WRONG = [
    (["sites"], 5, "sites", "must be a mapping of keys (primary, recovery), not 5"),
    (["sites", "primary"], ["us-east-1"], "sites.primary", "must be a mapping of keys (accountId, "),
    (["alerts", "emails"], "oncall@example.com", "alerts.emails", "must be a list, not the text"),
    (["alerts", "emails"], [], "alerts.emails", "must list at least 1 item"),
    (["dns", "ttl"], "fast", "dns.ttl", "must be a whole number, not the text 'fast'"),
    (["dns", "ttl"], 90, "dns.ttl", "must be a whole number from 0 to 60"),
    (
        ["failover", "recoveryControl"],
        [True],
        "failover.recoveryControl",
        "must be true or false, not a list",
    ),
    (["services", 1, "tier"], "zero", "services[1:payments].tier", "must be 0, 1 or 2"),
    (
        ["services", 1, "dataStores"],
        {"kind": "relational"},
        "services[1:payments].dataStores",
        "must be a list, not a mapping",
    ),
    (
        ["services", 1, "dataStores", 0],
        "orders",
        "services[1:payments].dataStores[0]",
        "must be a mapping of keys",
    ),
    (["services", 1, "compute"], "fargate", "services[1:payments].compute", "must be a mapping of keys"),
    (
        ["services", 1, "compute", "kind"],
        "lambda",
        "services[1:payments].compute.kind",
        "must be 'containers' or 'vms'",
    ),
    (["services", 1, "description"], "", "services[1:payments].description", "must not be empty"),
    (["services", 1, "description"], 7, "services[1:payments].description", "must be text, not 7"),
    (
        ["services", 1, "waivers"],
        [{"disruption": "az-loss", "objective": "rpo", "reason": "long enough reason", "expires": "soon"}],
        "services[1:payments].waivers[0].expires",
        "must be a date written YYYY-MM-DD",
    ),
    (
        ["services", 1, "waivers"],
        [{"disruption": "az-loss", "objective": "rpo", "reason": "short", "expires": "2099-01-01"}],
        "services[1:payments].waivers[0].reason",
        "must be at least 10 characters long",
    ),
    (
        ["sites", "primary", "availabilityZones"],
        ["us-east-1a"],
        "sites.primary.availabilityZones",
        "must list at least 3 items",
    ),
    (
        ["residency", "zones"],
        {"asia": ["ap-south-1"]},
        "residency.zones.asia",
        "allowed keys here: 'eu' or 'us'",
    ),
    (["residency", "zones"], {"eu": "eu-central-1"}, "residency.zones.eu", "must be a list"),
    (
        ["backup"],
        {"vaultLock": {"changeableForDays": 2}},
        "backup.vaultLock.changeableForDays",
        "must be at least 3",
    ),
]


@pytest.mark.parametrize(("path", "value", "key", "words"), WRONG)
def test_a_wrong_type_or_shape_says_what_the_key_must_hold(
    path: list[Any], value: object, key: str, words: str
) -> None:
    problem = at(problems(set_in(path, value)), key)
    readable(problem)
    assert words in problem.message


def test_a_missing_key_with_fixed_choices_lists_them() -> None:
    def drop(raw: dict[str, Any]) -> None:
        del raw["sites"]["recovery"]["cloud"]
        del service(raw, "crm")["dataStores"][0]["kind"]

    found = problems(drop)
    assert (
        "required key is missing (one of 'aws', 'azure' or 'gcp')"
        in at(found, "sites.recovery.cloud").message
    )
    kind = at(found, "services[4:crm].dataStores[0].kind")
    assert "one of 'object', 'relational', 'keyvalue' or 'volume'" in kind.message
    for p in found:
        readable(p)


# --- key paths written one way --------------------------------------------------------------


def test_a_problem_inside_a_tier_is_written_with_dots_like_every_tier_key() -> None:
    found = problems(
        lambda r: r.update(tiers={1: {"rto": "soon"}, "2": {"rpo": 5}, 0: {"backupFrequency": "1m"}})
    )
    assert {p.key for p in found} == {"tiers.1.rto", "tiers.2.rpo", "tiers.0.backupFrequency"}
    for p in found:
        readable(p)


# --- unknown keys: the allowed ones, everywhere -----------------------------------------------

UNKNOWN = [
    (
        [],
        "servces",
        "servces",
        "did you mean 'services'?",
        "allowed top-level keys: alerts, auditLogRetentionDays, backup",
    ),
    (
        ["tiers"],
        1,
        "tiers.1.rtoo",
        "did you mean 'rto'?",
        "allowed keys here: auditLogRetentionDays, backupFrequency",
    ),
    (
        ["sites", "primary"],
        "regon",
        "sites.primary.regon",
        "did you mean 'region'?",
        "allowed keys here: accountId",
    ),
    (["backup", "vaultLock"], "Mode", "backup.vaultLock.Mode", "did you mean 'mode'?", "changeableForDays"),
    (
        ["services", 1],
        "dataStore",
        "services[1:payments].dataStore",
        "did you mean 'dataStores'?",
        "allowed keys here: backup",
    ),
    (
        ["services", 1, "dataStores", 0],
        "engineversion",
        "services[1:payments].dataStores[0].engineversion",
        "did you mean 'engineVersion'?",
        "engine, engineVersion, instanceClass",
    ),
    (
        ["services", 0, "dataStores", 2],
        "partition_key",
        "services[0:ecommerce].dataStores[2].partition_key",
        "did you mean 'partitionKey'?",
        "partitionKey, rpo, sizeGb, sortKey",
    ),
    (
        ["services", 4, "compute"],
        "instancetype",
        "services[4:crm].compute.instancetype",
        "did you mean 'instanceType'?",
        "image, instanceType, kind, port",
    ),
    (
        ["services", 1, "compute"],
        "mem",
        "services[1:payments].compute.mem",
        "",
        "cpu, desiredCount, image, kind, memory",
    ),
    (
        ["services", 0, "waivers", 0],
        "expiry",
        "services[0:ecommerce].waivers[0].expiry",
        "did you mean 'expires'?",
        "disruption, expires",
    ),
]


@pytest.mark.parametrize(("path", "name", "key", "hint", "allowed"), UNKNOWN)
def test_an_unknown_key_lists_the_keys_allowed_where_it_is(
    path: list[Any], name: str, key: str, hint: str, allowed: str
) -> None:
    def add(raw: dict[str, Any]) -> None:
        if path == ["tiers"]:
            raw["tiers"] = {name: {"rtoo": "1h"}}
            return
        if path[:1] == ["backup"]:
            raw["backup"] = {"vaultLock": {name: "x"}}
            return
        node: Any = raw
        for part in path:
            node = node[part]
        node[name] = "x"

    problem = at(problems(add), key)
    readable(problem)
    assert hint in problem.message and allowed in problem.message


# --- the file and line that hold the key ------------------------------------------------------


def test_each_problem_names_the_file_and_line_that_hold_its_key(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("Pulumi.yaml", "Pulumi.dr.yaml"):
        shutil.copy(ROOT / name, root / name)
    project_text = (ROOT / "Pulumi.yaml").read_text()
    bad = project_text.replace(
        "{kind: relational, name: payments, sizeGb: 100}", "{kind: relational, name: payments, sizeGb: 0}"
    )
    bad = bad.replace("      ttl: 60", "      ttl: 600")
    (root / "Pulumi.yaml").write_text(bad)
    (root / "Pulumi.prod.yaml").write_text(
        "config:\n  marketplace-dr:role: primary\n  marketplace-dr:prodStack: a/b/c\n"
    )
    raw, sources = load_files("prod", root)
    with pytest.raises(ConfigError) as caught:
        validate(raw, "prod", sources)
    found = caught.value.problems

    def line(path: Path, text: str) -> int:
        return next(i for i, row in enumerate(path.read_text().splitlines(), 1) if text in row)

    size = at(found, "services[1:payments].dataStores[0].sizeGb")
    assert (Path(size.source).name, size.line) == ("Pulumi.yaml", line(root / "Pulumi.yaml", "sizeGb: 0}"))
    ttl = at(found, "dns.ttl")
    assert (Path(ttl.source).name, ttl.line) == ("Pulumi.yaml", line(root / "Pulumi.yaml", "ttl: 600"))
    prod_stack = at(found, "prodStack")
    assert (Path(prod_stack.source).name, prod_stack.line) == ("Pulumi.prod.yaml", 3)


def test_a_stack_file_that_overrides_a_section_is_the_file_named_for_its_keys(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "Pulumi.yaml", root / "Pulumi.yaml")
    doc = {
        "config": {
            "marketplace-dr:role": "primary",
            "marketplace-dr:dns": {"domain": "x.example.com", "hostedZoneId": "Z123456", "ttl": -1},
        }
    }
    (root / "Pulumi.prod.yaml").write_text(yaml.safe_dump(doc))
    raw, sources = load_files("prod", root)
    with pytest.raises(ConfigError) as caught:
        validate(raw, "prod", sources)
    ttl = at(caught.value.problems, "dns.ttl")
    assert Path(ttl.source).name == "Pulumi.prod.yaml"
    assert ttl.line == next(
        i for i, r in enumerate((root / "Pulumi.prod.yaml").read_text().splitlines(), 1) if "ttl:" in r
    )
