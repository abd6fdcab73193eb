"""Load, once and before any run, the provider SDK modules a cloud's components use.

Provider SDKs load their modules lazily, on a component's first `aws.ec2.Vpc(...)`: about a second
for the AWS packages this program uses, most of a default plan's program run. `./plan` runs each
stack in a forked child (offline/isolated.py), which would pay that load again per child, and the
policy checks would pay it a third time; loaded once here in the parent, every child inherits it.

Which modules: every `<sdk>.<package>.<Name>` a cloud's component modules (`components/<cloud>/`)
reference, found with `ast`, for the clouds the config's sites use (as components/clouds.py
imports a cloud's implementation only when a site uses it), and for a cross-cloud pair its own
components (`components/cross_cloud/<primary>_<recovery>/` and the source side's modules beside
it). Only a speed-up: a module missed here is loaded by the run that needs it, as before.

Only those names' modules, not their packages: a generated SDK package's `__init__` imports every
resource module it has (pulumi_aws.ec2: 180 of them, for the dozen this program uses), about
half the time of loading the packages. So each package is set up as its module spec says, but
empty (`PartialPackage`), and each referenced name is taken from the module that defines it (the
SDK generates one module per resource or function, named after it, that also re-exports the
package's input types). Anything else asked of such a package runs the package's own `__init__`
first, so every name the full package has is still there, the same objects (tested).
"""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import importlib.util
import re
import sys
import types
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from offline.engine import ROOT

COMPONENTS = ROOT / "components"
CROSS_CLOUD = "cross_cloud"
"""Under COMPONENTS: a folder per cross-cloud pair, and the modules its pairs share."""
SHARED_MODULES = ("_inputs", "_enums", "outputs")
"""Where a generated package keeps the types its resource modules share."""


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
def cloud_references(where: str, components: Path = COMPONENTS) -> set[tuple[str, str, str]]:
    """The references in `components/<where>`: a folder (all its modules) or one module."""
    found = components / where
    paths = sorted(found.rglob("*.py")) if found.is_dir() else [found] if found.is_file() else []
    return {ref for path in paths for ref in references(path.read_text())}


def component_sources(primary: str, recovery: str, components: Path = COMPONENTS) -> set[str]:
    """What a plan of these two sites runs, under `components/`: each site's cloud's folder and,
    when the clouds differ, the pair's folder and the modules the pairs share (each file directly
    in `cross_cloud/`); components/clouds.py imports just these."""
    sources = {primary, recovery}
    if primary != recovery:
        shared = sorted((components / CROSS_CLOUD).glob("*.py"))
        sources |= {f"{CROSS_CLOUD}/{primary}_{recovery}", *(f"{CROSS_CLOUD}/{p.name}" for p in shared)}
    return sources


class PartialPackage(types.ModuleType):
    """A generated SDK package holding only the names preloaded into it, until something asks it
    for another: then its own `__init__` runs (once) and the name is looked up as usual."""

    def __getattr__(self, name: str) -> Any:
        missing = AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        if name.startswith("__") and name != "__all__":
            raise missing
        if importlib.machinery.PathFinder.find_spec(f"{self.__name__}.{name}", self.__path__):
            # A submodule (`from . import outputs` in a resource module): just that module.
            return importlib.import_module(f"{self.__name__}.{name}")
        spec = self.__spec__
        if spec is None or spec.loader is None or self.__dict__.get("_complete"):
            raise missing
        self.__dict__["_complete"] = True
        spec.loader.exec_module(self)
        if name not in self.__dict__:
            raise missing
        return self.__dict__[name]


def module_name(name: str) -> str:
    """The module a generated SDK defines `name` in: `SecurityGroupIngressRule` (and its
    `...Args`) in `security_group_ingress_rule`, `get_service_account_output` in
    `get_service_account`."""
    if name[:1].islower():
        return name.removesuffix("_output")
    stem = name.removesuffix("Args") or name
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", stem).lower()


def partial_package(sdk: str, package: str) -> types.ModuleType | None:
    """`sdk.package`, as a `PartialPackage` unless it is loaded already (None: no such package).

    The SDK's root `__init__` imports each package lazily (its `lazy_import`: a module object in
    `sys.modules` that loads on the first attribute asked of it). That same object becomes the
    partial package: whoever holds it already (`from pulumi_aws import ec2`) sees the names
    preloaded, and nothing is substituted in `sys.modules` (which a lazy module's load refuses
    with a ValueError)."""
    full = f"{sdk}.{package}"
    loaded = sys.modules.get(full)
    if type(loaded) is types.ModuleType or isinstance(loaded, PartialPackage):
        return loaded
    root = importlib.import_module(sdk)
    spec = importlib.machinery.PathFinder.find_spec(full, list(root.__path__))
    if spec is None or spec.submodule_search_locations is None:
        return None
    if loaded is None:
        module = PartialPackage(full)
        sys.modules[full] = module
        setattr(root, package, module)
    else:  # not loaded yet; setting `__class__` asks it for no attribute, so it stays unloaded
        object.__setattr__(loaded, "__class__", PartialPackage)
        module = loaded
    module.__spec__, module.__loader__, module.__package__ = spec, spec.loader, full
    module.__path__ = list(spec.submodule_search_locations)
    module.__file__ = spec.origin
    return module


def load(sdk: str, package: str, name: str) -> bool:
    """Put `sdk.package.name` in place from the module that defines it; False if it is not found
    there (a method call, say): then the run looks it up as it always did."""
    module = partial_package(sdk, package)
    if module is None:
        return False
    if name in module.__dict__:
        return True
    folder = Path(module.__path__[0])
    for candidate in (module_name(name), *SHARED_MODULES):
        if not (folder / f"{candidate}.py").is_file():
            continue
        found = importlib.import_module(f"{module.__name__}.{candidate}").__dict__.get(name)
        if found is not None:
            setattr(module, name, found)
            return True
    return False


def preload(sources: Iterable[str], components: Path = COMPONENTS) -> int:
    """Load the SDK modules the given component folders or modules reference (a cloud's folder:
    its name; see `component_sources`); how many names resolved."""
    loaded = 0
    for where in sorted(set(sources)):
        for sdk, package, name in sorted(cloud_references(where, components)):
            try:
                loaded += load(sdk, package, name)
            except ImportError:
                continue  # not a module path after all: the run loads what it needs
    return loaded
