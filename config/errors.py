"""Config problems and how they read: file, line, key, bad value, what is allowed, all at once."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_MISSING = object()


@dataclass(frozen=True)
class Problem:
    key: str
    """Config key path as written in the stack file, e.g. `services[2:payments].dataStores[0].rpo`
    or `tiers.1.rto`: list items in brackets (a service also by name), mapping keys after dots.
    Empty for a problem with a whole file (e.g. not valid YAML)."""
    message: str
    """What is wrong and what is allowed."""
    value: object = _MISSING
    source: str = ""
    """The file the key came from (`Pulumi.prod.yaml`, or `Pulumi.yaml` for project-level values)."""
    line: int | None = None
    """Line of the key in `source` (1-based), when known."""
    qualified: bool = False
    """`key` is written as the file writes it (`marketplace_dr:role`, `confg`), not a key of this
    project's namespace."""

    def label(self, project: str) -> str:
        if not self.key:
            return "(the whole file)"
        return self.key if self.qualified else f"{project}:{self.key}"

    def render(self, project: str) -> str:
        shown = "" if self.value is _MISSING else f" = {_short(self.value)}"
        where = self.source + (f":{self.line}" if self.line else "")
        where = f"{where}: " if where else ""
        return f"{where}{self.label(project)}{shown}\n    {self.message}"


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


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for a mistyped key or name, or '' when nothing is close.

    Case and separators are ignored (`HostedZoneID`, `hosted_zone_id` find `hostedZoneId`)."""
    if not isinstance(word, str):
        return ""
    folded: dict[str, list[str]] = {}
    for choice in sorted(choices):
        folded.setdefault(_fold(choice), []).append(choice)
    close = difflib.get_close_matches(_fold(word), list(folded), n=1, cutoff=0.75)
    if not close:
        return ""
    return f" (did you mean {' or '.join(repr(c) for c in folded[close[0]])}?)"


def _fold(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
