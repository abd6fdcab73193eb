"""The stack-outputs contract: exports, `services/outputs.py` and the README table agree."""

from __future__ import annotations

import re

from offline.engine import ProgramRun
from services import outputs
from tests.conftest import ROOT


def _readme_contract() -> set[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Stack outputs: the contract", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Za-z]+)` \|", section, flags=re.MULTILINE))


def test_each_stack_exports_exactly_the_contract(site: ProgramRun) -> None:
    assert set(site.outputs) == set(outputs.ALL)


def test_readme_documents_every_output_and_no_other(site: ProgramRun) -> None:
    assert _readme_contract() == set(outputs.ALL)


def test_every_service_reports_its_targets_and_strategy(site: ProgramRun) -> None:
    services = site.outputs[outputs.SERVICES]
    assert set(services) == {"ecommerce", "payments", "inventory", "hosting", "crm", "comms"}
    assert services["payments"]["strategy"] == "warm-standby"
    assert services["crm"]["strategy"] == "pilot-light"
    assert services["comms"]["strategy"] == "backup-restore"
    assert services["payments"]["rpo"] == "1m"
