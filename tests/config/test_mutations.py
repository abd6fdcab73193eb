"""Property: any mutation of the default config (a key deleted, a value of the wrong type, an
unknown key, at any level) gives a valid config or a ConfigError, never another exception; and a
ConfigError's every problem names a file, a key written the one way, and a readable message (no
regex, no pydantic phrase), one of them about the part that was changed. An unknown key or a
value of the wrong type is always a ConfigError."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config import ConfigError, Problem, load_files, validate
from config.messages import INTERNAL_PHRASES
from tests.conftest import ROOT

Path_ = tuple[str | int, ...]

KEY_PATH = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\[\d+(:[^\]]+)?\]|\.[A-Za-z0-9_-]+)*$")


def base(stack: str) -> tuple[dict[str, Any], Any]:
    """The default config, with the optional sections the defaults leave out (tiers, backup) set
    to valid values, so that mutations reach them too."""
    raw, sources = load_files(stack, ROOT)
    raw = copy.deepcopy(raw)
    raw["tiers"] = {1: {"rto": "1h", "healthCheckFailureThreshold": 3}}
    raw["backup"] = {"vaultLock": {"mode": "governance", "minRetention": "7d"}}
    return raw, sources


BASES = {stack: base(stack) for stack in ("prod", "dr")}


def paths(node: object, prefix: Path_ = ()) -> list[Path_]:
    """Every key and list item under `node`, depth first."""
    out: list[Path_] = []
    if isinstance(node, dict):
        for key, value in node.items():
            out.append((*prefix, key))
            out += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.append((*prefix, index))
            out += paths(value, (*prefix, index))
    return out


def containers(node: object, prefix: Path_ = ()) -> list[Path_]:
    """Every mapping (where an unknown key can be added), the top level included."""
    out: list[Path_] = [prefix] if isinstance(node, dict) else []
    if isinstance(node, dict | list):
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            out += containers(value, (*prefix, key))
    return out


def get(raw: object, path: Path_) -> Any:
    for part in path:
        raw = raw[part]  # type: ignore[index]
    return raw


def wrong_values(value: object) -> list[object]:
    """Values no field that holds `value` accepts: another kind of thing altogether."""
    if isinstance(value, dict):
        return [["a", "list"], "text", 7]
    if isinstance(value, list):
        return [{"a": "mapping"}, "text", 7]
    return [["a", "list"], {"a": "mapping"}]


def written(path: Path_, raw: dict[str, Any]) -> str:
    """`path` as config keys are written: list items in brackets, mapping keys after dots."""
    out: str = ""
    node: Any = raw
    for part in path:
        out += f"[{part}]" if isinstance(node, list) else f".{part}"
        node = get(node, (part,)) if isinstance(node, dict | list) and _has(node, part) else None
    return out.lstrip(".")


def _has(node: dict[Any, Any] | list[Any], part: str | int) -> bool:
    return part in node if isinstance(node, dict) else isinstance(part, int) and part < len(node)


def plain(key: str) -> str:
    return re.sub(r"\[(\d+):[^\]]*\]", r"[\1]", key)


def related(problem_key: str, changed: str) -> bool:
    """The problem is about the changed part: one key is within the other, or both are within
    the same service entry (e.g. compute deleted -> 'an endpoint needs compute')."""
    a, b = plain(problem_key), plain(changed)
    if (
        a == b
        or b.startswith(a + ".")
        or b.startswith(a + "[")
        or a.startswith(b + ".")
        or a.startswith(b + "[")
    ):
        return True
    service = re.match(r"^services\[\d+\]", b)
    return bool(service and a.startswith(service.group(0)))


def check_problems(error: ConfigError, stack: str, changed: str) -> None:
    files = {"Pulumi.yaml", f"Pulumi.{stack}.yaml"}
    for problem in error.problems:
        readable(problem, files)
    assert any(related(p.key, changed) for p in error.problems), (changed, [p.key for p in error.problems])
    assert "Traceback" not in error.report()


def readable(problem: Problem, files: set[str]) -> None:
    assert problem.source in files, problem
    assert problem.key and KEY_PATH.match(problem.key), problem.key
    assert len(problem.message) >= 10, problem
    text = problem.render("marketplace-dr")
    assert not [phrase for phrase in INTERNAL_PHRASES if phrase in text], text
    assert not re.search(r"\^|\\[dswS]|\[\^", problem.message), text


MUTATION = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@MUTATION
@given(data=st.data(), stack=st.sampled_from(sorted(BASES)))
def test_deleting_any_key_gives_a_valid_config_or_a_readable_config_error(
    data: st.DataObject, stack: str
) -> None:
    raw, sources = copy.deepcopy(BASES[stack][0]), BASES[stack][1]
    keys = [p for p in paths(raw) if isinstance(p[-1], str)]
    path = data.draw(st.sampled_from(keys), label="deleted")
    del get(raw, path[:-1])[path[-1]]
    try:
        validate(raw, stack, sources)
    except ConfigError as error:
        check_problems(error, stack, written(path, raw))


@MUTATION
@given(data=st.data(), stack=st.sampled_from(sorted(BASES)))
def test_a_value_of_the_wrong_type_anywhere_is_a_readable_config_error(
    data: st.DataObject, stack: str
) -> None:
    raw, sources = copy.deepcopy(BASES[stack][0]), BASES[stack][1]
    path = data.draw(st.sampled_from(paths(raw)), label="changed")
    value = data.draw(st.sampled_from(wrong_values(get(raw, path))), label="value")
    get(raw, path[:-1])[path[-1]] = value
    with pytest.raises(ConfigError) as caught:
        validate(raw, stack, sources)
    check_problems(caught.value, stack, written(path, raw))


@MUTATION
@given(
    data=st.data(),
    stack=st.sampled_from(sorted(BASES)),
    name=st.from_regex(r"[a-z][a-zA-Z]{2,12}", fullmatch=True),
)
def test_an_unknown_key_at_any_level_is_a_readable_config_error(
    data: st.DataObject, stack: str, name: str
) -> None:
    raw, sources = copy.deepcopy(BASES[stack][0]), BASES[stack][1]
    where = data.draw(st.sampled_from(containers(raw)), label="mapping")
    target = get(raw, where)
    name = f"x{name}"  # never a key of the schema (none starts with a lowercase x)
    target[name] = "value"
    with pytest.raises(ConfigError) as caught:
        validate(raw, stack, sources)
    check_problems(caught.value, stack, written((*where, name), raw))


@pytest.mark.parametrize("stack", sorted(BASES))
def test_every_mapping_rejects_an_unknown_key_at_its_own_path_and_lists_what_it_allows(stack: str) -> None:
    raw, sources = BASES[stack]
    for where in containers(raw):
        changed = copy.deepcopy(raw)
        get(changed, where)["xunknown"] = "value"
        with pytest.raises(ConfigError) as caught:
            validate(changed, stack, sources)
        key = written((*where, "xunknown"), changed)
        (problem,) = [p for p in caught.value.problems if plain(p.key) == key] or [None]
        assert problem is not None, (key, [p.key for p in caught.value.problems])
        assert "allowed" in problem.message, problem.message
