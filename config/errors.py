"""Config problems and how they read: file, key, bad value, what is allowed, all at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

_MISSING = object()


@dataclass(frozen=True)
class Problem:
    key: str
    """Config key path as written in the stack file, e.g. `services[2:payments].rto`."""
    message: str
    """What is wrong and what is allowed."""
    value: object = _MISSING
    source: str = ""
    """The file the key came from (`Pulumi.prod.yaml`, or `Pulumi.yaml` for project-level values)."""

    def render(self, project: str) -> str:
        shown = "" if self.value is _MISSING else f" = {_short(self.value)}"
        where = f"{self.source}: " if self.source else ""
        return f"{where}{project}:{self.key}{shown}\n    {self.message}"


class ConfigError(Exception):
    """Raised before any resource is registered; its text is the whole report."""

    def __init__(self, stack: str, project: str, problems: Sequence[Problem]) -> None:
        self.stack = stack
        self.project = project
        self.problems = tuple(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = (
            f"Stack '{self.stack}' config has {count} problem{'s' if count != 1 else ''}; "
            "nothing was planned or deployed:"
        )
        body = "\n".join(f"  {i}. {p.render(self.project)}" for i, p in enumerate(self.problems, 1))
        return f"{head}\n{body}"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
