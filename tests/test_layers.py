"""Imports point down only: clouds <- config <- vocabulary <- components <- services <- __main__.

Read from the source with `ast`, so a cycle or an upward import fails here before it confuses a
reader (components never import decisions back from services)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("clouds", "config", "vocabulary", "components", "services", "offline", "policy")

FORBIDDEN: dict[str, set[str]] = {
    "clouds": {"config", "vocabulary", "components", "services", "offline", "policy"},
    "vocabulary": {"components", "services", "offline", "policy"},
    "components": {"services", "offline", "policy"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_never_imports_the_layers_above_it(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    upward = {
        str(f.relative_to(ROOT)): sorted(_imports(f) & FORBIDDEN[package])
        for f in files
        if _imports(f) & FORBIDDEN[package]
    }
    assert not upward


CLOUD_TEST = re.compile(r"""\bcloud\s*(==|!=)\s*["'](aws|azure|gcp)["']|["'](aws|azure|gcp)["']\s*(==|!=)""")
REGISTRIES = {"clouds/__init__.py", "components/clouds.py"}


def test_only_the_registries_compare_cloud_names() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if str(path.relative_to(ROOT)) not in REGISTRIES
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if CLOUD_TEST.search(line)
    ]
    assert not offenders
