"""Generated catalogs for `make bench`: N services cycling through the default catalog's shapes.

A generated catalog is written as a config folder (Pulumi.yaml plus both stack files), the same
shape `./plan --config DIR` takes, so the benchmark times exactly what a user would run.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

from config.loader import PROJECT_FILE, stack_file

STACKS = ("prod", "dr")


def generated_services(services: list[dict[str, Any]], domain: str, count: int) -> list[dict[str, Any]]:
    """`count` services: the default catalog's foundation, then copies of its other services."""
    base = [s for s in services if not s.get("foundation")]
    foundation = next(s for s in services if s.get("foundation"))
    out = [copy.deepcopy(foundation)]
    for i in range(count - 1):
        s = copy.deepcopy(base[i % len(base)])
        s["name"] = f"{s['name'][:12]}-{i}"
        if "endpoint" in s:
            s["endpoint"]["hostname"] = f"{s['name']}.{domain}"
        out.append(s)
    return out


def write_catalog(root: Path, target: Path, count: int | None) -> Path:
    """Copy `root`'s config files into `target`, with `count` generated services (None: as is)."""
    target.mkdir(parents=True, exist_ok=True)
    for stack in STACKS:
        shutil.copyfile(root / stack_file(stack), target / stack_file(stack))
    doc = yaml.safe_load((root / PROJECT_FILE).read_text())
    if count is not None:
        config = doc["config"]
        domain = config["dns"]["value"]["domain"]
        config["services"]["value"] = generated_services(config["services"]["value"], domain, count)
    (target / PROJECT_FILE).write_text(yaml.safe_dump(doc, sort_keys=False, width=200))
    return target
