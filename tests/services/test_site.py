"""How a site is wired: dr reads prod only through its StackReference, each output once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pulumi
import pytest

from offline.engine import ProgramRun, execute, run_program
from services.site import ProdStackReference
from tests.conftest import default_raw


def test_dr_reads_each_prod_output_once(prod: ProgramRun, monkeypatch: pytest.MonkeyPatch) -> None:
    # Reads are shared: a read per service would make dr's plan repeat work per service.
    reads: Counter[str] = Counter()
    original = ProdStackReference._read_output

    def counting(self: ProdStackReference, name: str) -> pulumi.Output[Any]:
        reads[name] += 1
        return original(self, name)

    monkeypatch.setattr(ProdStackReference, "_read_output", counting)
    raw = default_raw("dr")
    run_program(raw, "dr", {str(raw["prodStack"]): prod.outputs})
    assert {"keyArn", "alertTopicArn", "services", "endpoints"} <= set(reads)
    assert max(reads.values()) == 1, reads


def test_only_dr_reads_a_stack_and_it_is_the_configured_prod_stack(prod: ProgramRun, dr: ProgramRun) -> None:
    assert not prod.of_type("pulumi:pulumi:StackReference")
    (ref,) = dr.of_type("pulumi:pulumi:StackReference")
    assert ref.inputs["name"] == default_raw("dr")["prodStack"] == "acme/marketplace-dr/prod"


class _ProdStack(pulumi.runtime.Mocks):
    """A prod stack whose outputs hold a secret (`token`) beside plain values, listing
    `secret_names` as its secret outputs (None: a CLI that does not say)."""

    def __init__(self, outputs: dict[str, Any], secret_names: list[str] | None) -> None:
        self.outputs, self.secret_names = outputs, secret_names

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        state: dict[str, Any] = {"name": args.name, "outputs": self.outputs}
        if self.secret_names is not None:
            state["secretOutputNames"] = self.secret_names
        return args.name, state

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        return {}, []


PROD_OUTPUTS = {
    "network": {"vpcId": "vpc-1", "subnets": [f"subnet-{i}" for i in range(3)]},
    "posture": [{"service": f"s{i}", "rows": [{"rpo": i, "rto": i}] * 5} for i in range(200)],
}
"""prod's outputs; the program adds `token`, a secret."""


def _read(secret_names: list[str] | None, name: str, sdk: bool = False) -> tuple[Any, bool]:
    """(value, is secret) of one read of a prod output, by ProdStackReference or by the SDK's own
    `require_output`, under a mock engine serving PROD_OUTPUTS."""

    async def program() -> tuple[Any, bool]:
        pulumi.runtime.settings.reset_options()
        outputs = {**PROD_OUTPUTS, "token": pulumi.Output.secret("s3cr3t")}
        pulumi.runtime.set_mocks(_ProdStack(outputs, secret_names), project="p", stack="dr")
        ref = ProdStackReference("org/p/prod")
        read = pulumi.StackReference.require_output(ref, name) if sdk else ref.require_output(name)
        return await read.future(), await read.is_secret()

    return execute(program)


@pytest.mark.parametrize("secret_names", [["token"], [], None], ids=["listed", "none-listed", "not-said"])
@pytest.mark.parametrize("name", ["network", "token"])
def test_prod_output_reads_have_the_sdks_value_and_secretness(
    secret_names: list[str] | None, name: str
) -> None:
    assert _read(secret_names, name) == _read(secret_names, name, sdk=True)


def test_a_prod_output_read_lifts_none_of_prods_other_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    # The SDK's read lifts every nested value of every prod output into an Output of its own
    # (here the 200-row posture table, for a read of the network): work that grows with all of
    # prod's outputs, per read.
    lifted = Counter[str]()
    original = pulumi.Output.from_input

    def counting(value: Any) -> pulumi.Output[Any]:
        lifted["calls"] += 1
        return original(value)

    monkeypatch.setattr(pulumi.Output, "from_input", staticmethod(counting))
    assert _read(["token"], "network")[0]["vpcId"] == "vpc-1"
    assert lifted["calls"] < 20, lifted
