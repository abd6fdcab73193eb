"""What a site's cloud declares it cannot run is refused at the config boundary, with its reason
(config/clouds.py reads each site cloud's profile)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from config import ConfigError, load_files, validate
from tests.conftest import ROOT


def _worker_problems(example: Path) -> list[str]:
    raw, sources = load_files("prod", example)
    services: Any = raw["services"]
    comms = next(s for s in services if s["name"] == "comms")
    comms.pop("endpoint")
    with pytest.raises(ConfigError) as caught:
        validate(raw, "prod", sources)
    return [p.message for p in caught.value.problems if p.key == "services[5:comms].endpoint"]


@pytest.mark.parametrize(("example", "title"), [("azure", "Azure"), ("gcp", "Google Cloud")])
def test_a_worker_on_a_cloud_that_builds_none_is_refused_with_the_reason(example: str, title: str) -> None:
    (message,) = _worker_problems(ROOT / "examples" / example)
    assert f"a {title} site cannot run a worker" in message
    assert "give the service an endpoint" in message
