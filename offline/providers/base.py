"""What a provider's mock answers look like (one module per provider package)."""

from __future__ import annotations

import hashlib
from typing import Any, Protocol


def short_hash(text: str, n: int = 8) -> str:
    """A stable stand-in for a provider's random suffixes and ids."""
    return hashlib.sha256(text.encode()).hexdigest()[:n]


class ProviderAnswers(Protocol):
    def provider_region(self, inputs: dict[str, Any]) -> str:
        """The region (or location) a provider resource of this package is configured for."""
        ...

    def region_of(self, inputs: dict[str, Any]) -> str | None:
        """A resource's own region/location input, if it sets one (else its provider's)."""
        ...

    def call(self, token: str, args: dict[str, Any]) -> dict[str, Any]:
        """The result of an invoke (data source)."""
        ...

    def new_resource(
        self, typ: str, name: str, rid: str, region: str, inputs: dict[str, Any]
    ) -> dict[str, Any]:
        """The resource's state: its inputs plus what the provider computes (ids, ARNs, names)."""
        ...
