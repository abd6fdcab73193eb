"""The one path every mutating cloud call takes.

A gateway's mutating method calls `Guard.mutate(api, params, call)`: in a dry run (the default) the
call is recorded and not made; it is made only by a guard armed with `--execute` and the typed
confirmation `<stack>/<service>/<scenario>`. As a backstop, every boto3 client drctl creates
carries a botocore `before-call` hook that refuses any operation that is not a read
(Describe/List/Get/Test...) unless the guard is making that very call, so a mutation that bypasses
the guard fails instead of changing the estate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from drctl.errors import RefusedError

T = TypeVar("T")

READ_PREFIXES = ("Describe", "List", "Get", "Test", "Head", "BatchGet", "Query", "Scan", "Lookup")


class UnguardedMutationError(RuntimeError):
    """A mutating API call tried to bypass the guard (a bug in drctl, never an operator error)."""


def is_read(operation: str) -> bool:
    return operation.startswith(READ_PREFIXES)


@dataclass
class Mutation:
    api: str
    params: dict[str, Any]
    executed: bool


@dataclass
class Guard:
    execute: bool = False
    mutations: list[Mutation] = field(default_factory=list)
    _local: threading.local = field(default_factory=threading.local, repr=False)

    @classmethod
    def armed(cls, execute: bool, confirm: str | None, expected: str) -> Guard:
        """Dry run unless --execute; --execute needs the typed confirmation to match exactly."""
        if not execute:
            return cls(execute=False)
        if confirm != expected:
            given = f"got {confirm!r}" if confirm else "none given"
            raise RefusedError(
                f"--execute needs the typed confirmation --confirm {expected} ({given}); nothing was changed"
            )
        return cls(execute=True)

    def mutate(self, api: str, params: dict[str, Any], call: Callable[[], T]) -> T | None:
        """Make (or in a dry run, only record) one mutating call named `service:Operation`."""
        self.mutations.append(Mutation(api, dict(params), self.execute))
        if not self.execute:
            return None
        self._local.authorized = api.split(":", 1)[1]
        try:
            return call()
        finally:
            self._local.authorized = None

    def authorizes(self, operation: str) -> bool:
        return is_read(operation) or getattr(self._local, "authorized", None) == operation

    def check(self, operation: str) -> None:
        if not self.authorizes(operation):
            raise UnguardedMutationError(f"{operation}: a mutating call outside drctl's guard was refused")

    def botocore_hook(self, model: Any, **_: Any) -> None:
        """botocore `before-call` handler (model: the OperationModel)."""
        self.check(model.name)
