"""The cross-cloud examples (examples/aws-to-gcp, examples/aws-to-azure) run through the one mock
engine, prod then dr fed prod's outputs, shared per session like the default runs in
tests/conftest.py; and their config validated with an edit, for the refusals."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterator
from typing import Any, Literal

import pytest

from config import ConfigError, load_files, validate
from offline.engine import ProgramRun, run_program
from tests.conftest import ROOT

Recovery = Literal["gcp", "azure"]
RECOVERY_CLOUDS: tuple[Recovery, ...] = ("gcp", "azure")
EXAMPLES = {"gcp": ROOT / "examples" / "aws-to-gcp", "azure": ROOT / "examples" / "aws-to-azure"}
SECRET_KEY = "4dabf18193072939515e22adb298388d"
"""How the engine marks a secret value in recorded inputs (pulumi.runtime.rpc's signature key)."""


def example_raw(recovery: Recovery, stack: str) -> dict[str, Any]:
    raw, _ = load_files(stack, EXAMPLES[recovery])
    return copy.deepcopy(raw)


@functools.cache
def example_run(recovery: Recovery, stack: str) -> ProgramRun:
    if stack == "dr":
        raw = example_raw(recovery, "dr")
        return run_program(raw, "dr", {str(raw["prodStack"]): example_run(recovery, "prod").outputs})
    return run_program(example_raw(recovery, "prod"), "prod")


def example_error(
    recovery: Recovery, edit: Callable[[dict[str, Any]], None], stack: str = "prod"
) -> ConfigError:
    raw, sources = load_files(stack, EXAMPLES[recovery])
    edit(raw)
    with pytest.raises(ConfigError) as caught:
        validate(raw, stack, sources)
    return caught.value


def service(raw: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in raw["services"] if s["name"] == name)


def plain_strings(value: Any) -> Iterator[str]:
    """Every string in recorded inputs outside a secret (secrets are skipped whole)."""
    if isinstance(value, dict):
        if SECRET_KEY in value:
            return
        for k, v in value.items():
            yield str(k)
            yield from plain_strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from plain_strings(v)
    elif isinstance(value, str):
        yield value


def secret_strings(value: Any) -> Iterator[str]:
    """Every string inside a secret of the recorded inputs."""
    if isinstance(value, dict):
        if SECRET_KEY in value:
            yield from _strings(value.get("value"))
            return
        for v in value.values():
            yield from secret_strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from secret_strings(v)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def unsecret(value: Any) -> Any:
    """A recorded input with its secret wrapping removed (the engine marks a whole object secret
    when any of its fields is)."""
    return value["value"] if isinstance(value, dict) and SECRET_KEY in value else value
