"""What every gateway shares: its client, region and guard; reads go straight to the client,
mutations through the guard; observations carry their API evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from botocore.config import Config
from botocore.exceptions import ClientError

from drctl.guard import Guard

CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 5}, connect_timeout=10, read_timeout=30)


@dataclass(frozen=True)
class Observation:
    """One look at the estate: did it reach the awaited state, and what the API said."""

    reached: bool
    summary: str
    evidence: dict[str, Any] = field(default_factory=dict)


def api_name(method: str) -> str:
    """boto3 method -> API operation (`promote_read_replica` -> `PromoteReadReplica`)."""
    return "".join(part[:1].upper() + part[1:] for part in method.split("_"))


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class Gateway:
    """A thin class over one boto3 client in one region."""

    service = ""
    """The boto3 service name."""

    def __init__(self, client: Any, guard: Guard, region: str):
        self.client = client
        self.guard = guard
        self.region = region

    def _read(self, method: str, **params: Any) -> dict[str, Any]:
        return getattr(self.client, method)(**params)

    def _read_or_none(self, method: str, missing: tuple[str, ...], **params: Any) -> dict[str, Any] | None:
        try:
            return self._read(method, **params)
        except ClientError as e:
            if error_code(e) in missing:
                return None
            raise

    def _mutate(self, method: str, **params: Any) -> dict[str, Any] | None:
        def call() -> dict[str, Any]:
            return getattr(self.client, method)(**params)

        mapping = getattr(getattr(self.client, "meta", None), "method_to_api_mapping", {}) or {}
        return self.guard.mutate(f"{self.service}:{mapping.get(method) or api_name(method)}", params, call)
