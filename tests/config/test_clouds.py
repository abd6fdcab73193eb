"""What a site's cloud declares it cannot run is refused at the config boundary, with its reason
(config/clouds.py reads each site cloud's profile)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

import config.clouds
from clouds import profile, supported
from clouds.base import CloudProfile, Unsupported
from config import ConfigError, load_files, validate
from tests.conftest import ROOT


def _with_comms_as_worker(example: Path) -> tuple[dict[str, Any], Any]:
    raw, sources = load_files("prod", example)
    services: Any = raw["services"]
    next(s for s in services if s["name"] == "comms").pop("endpoint")
    return raw, sources


@pytest.mark.parametrize("example", ["azure", "gcp"])
def test_a_worker_on_an_azure_or_google_cloud_site_is_accepted(example: str) -> None:
    raw, sources = _with_comms_as_worker(ROOT / "examples" / example)
    assert validate(raw, "prod", sources).services[5].endpoint is None


def test_a_worker_on_a_cloud_whose_profile_declares_none_is_refused_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No cloud declares workers unsupported today; the rule stays for one that will (a synthetic
    # profile here: Azure's, declaring them unsupported).
    def without_workers(cloud: str) -> CloudProfile:
        found = profile(cloud)
        return dataclasses.replace(found, workers=Unsupported("workers", "no worker compute here"))

    monkeypatch.setattr(config.clouds, "profile", without_workers)
    raw, sources = _with_comms_as_worker(ROOT / "examples" / "azure")
    with pytest.raises(ConfigError) as caught:
        validate(raw, "prod", sources)
    (message,) = [p.message for p in caught.value.problems if p.key == "services[5:comms].endpoint"]
    assert "sites cannot run a worker (compute without an endpoint): no worker compute here" in message
    assert "give the service an endpoint" in message


def test_every_supported_cloud_builds_workers() -> None:
    assert [c for c in supported() if profile(c).workers is not None] == []
