"""Load, once and before any run, the provider SDK modules a cloud's components use.

Provider SDKs load their modules lazily, on a component's first `aws.ec2.Vpc(...)`: about a second
for the AWS packages this program uses, most of a default plan's program run. `./plan` runs each
stack in a forked child (offline/isolated.py), which would pay that load again per child, and the
policy checks would pay it a third time; loaded once here in the parent, every child inherits it.

Which modules: every `<sdk>.<package>.<Name>` a cloud's component modules (`components/<cloud>/`)
reference, found with `ast`, for the clouds the config's sites use (as components/clouds.py
imports a cloud's implementation only when a site uses it). Only a speed-up: a module missed here
is loaded by the run that needs it, as before.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from offline.engine import ROOT

COMPONENTS = ROOT / "components"


def references(source: str) -> Iterator[tuple[str, str, str]]:
    """(SDK module, package, name) for each `alias.package.Name` on an imported `pulumi_*` SDK."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("pulumi_") and "." not in alias.name:
                    aliases[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id in aliases
        ):
            yield aliases[node.value.value.id], node.value.attr, node.attr


@cache
def cloud_references(cloud: str, components: Path = COMPONENTS) -> set[tuple[str, str, str]]:
    folder = components / cloud
    if not folder.is_dir():
        return set()
    return {ref for path in sorted(folder.rglob("*.py")) for ref in references(path.read_text())}


def preload(clouds: Iterable[str], components: Path = COMPONENTS) -> int:
    """Load the SDK modules the given clouds' components reference; how many names resolved."""
    loaded = 0
    for cloud in sorted(set(clouds)):
        for sdk, package, name in sorted(cloud_references(cloud, components)):
            try:
                getattr(getattr(importlib.import_module(sdk), package), name)
            except (ImportError, AttributeError):
                continue  # not a module path after all (e.g. a method call): the run loads it
            loaded += 1
    return loaded
