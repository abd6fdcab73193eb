"""Mock provider answers, one module per Pulumi provider package; the registry picks by token."""

from __future__ import annotations

import importlib

from offline.providers.base import ProviderAnswers

_PACKAGES: dict[str, str] = {
    "aws": "offline.providers.aws",
    "gcp": "offline.providers.gcp",
    "azure-native": "offline.providers.azure_native",
}
"""Provider package (the token's first part, e.g. `aws` in `aws:s3/bucket:Bucket`) -> module."""


def for_package(package: str) -> ProviderAnswers | None:
    module = _PACKAGES.get(package)
    if module is None:
        return None
    answers: ProviderAnswers = importlib.import_module(module).ANSWERS
    return answers


def for_token(token: str) -> ProviderAnswers | None:
    return for_package(token.split(":", 1)[0])
