"""The one mock engine behind `make plan` and the tests.

`PlanMocks` answers like a provider would (ids, ARNs, DNS names), and `RecordingMonitor` keeps
every registration with its parent, so plans and tests can walk the real resource tree.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime.mocks import MockMonitor

from offline import providers
from offline.providers.base import short_hash


@dataclass
class Recorded:
    urn: str
    type: str
    name: str
    parent: str
    custom: bool
    inputs: dict[str, Any]
    outputs: dict[str, Any] = field(default_factory=dict)
    provider: str = ""
    id: str = ""
    """The physical id the mock provider returned (what `resource.id` resolves to)."""
    ignore_changes: tuple[str, ...] = ()
    dependencies: tuple[str, ...] = ()
    """URNs this resource waits for (explicit depends_on and input dependencies)."""
    protect: bool = False
    """Pulumi's `protect` option: the engine refuses to delete (or replace) the resource. The
    mock engine records it and registers the resource as usual."""

    @property
    def region(self) -> str | None:
        return self.outputs.get("region") or self.inputs.get("region")


class PlanMocks(pulumi.runtime.Mocks):
    """Provider answers for the resources this program declares, one module per provider package
    (offline/providers/<package>.py: what that provider computes that the program reads back)."""

    def __init__(self, stack_outputs: dict[str, dict[str, Any]] | None = None) -> None:
        self.stack_outputs = stack_outputs or {}
        self.provider_regions: dict[str, str] = {}
        self._received = threading.local()

    def received_inputs(self) -> dict[str, Any]:
        """The inputs of the resource this thread last asked `new_resource` about, once.

        The SDK's mock monitor deserializes each registration's inputs to hand them to
        `new_resource`; the recording keeps that same dict (the state shares its values), so a
        plan holds, and sends back from its child process, each resource's inputs once.
        Registrations run on the SDK's executor threads, hence per thread."""
        inputs: dict[str, Any] = self._received.__dict__.pop("inputs", {})
        return inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        answers = providers.for_token(args.token)
        return (answers.call(args.token, dict(args.args)) if answers else {}), []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        self._received.inputs = args.inputs
        if args.typ == "pulumi:pulumi:StackReference":
            name = args.inputs.get("name", args.name)
            return name, {
                "name": name,
                "outputs": self.stack_outputs.get(name, {}),
                "secretOutputNames": [],
            }
        if args.typ.startswith("pulumi:providers:"):
            answers = providers.for_package(args.typ.removeprefix("pulumi:providers:"))
            region = answers.provider_region(args.inputs) if answers else ""
            return f"{args.name}-provider-id", {**args.inputs, "region": region}
        if not args.custom:
            return None, {}
        rid = f"{args.name}-{short_hash(args.typ + args.name)}"
        answers = providers.for_token(args.typ)
        if answers is None:
            return rid, dict(args.inputs)
        region = answers.region_of(dict(args.inputs)) or self._region_of(args.provider)
        state = answers.new_resource(args.typ, args.name, rid, region, dict(args.inputs))
        return str(state.get("id", rid)), state

    def _region_of(self, provider_ref: str | None) -> str:
        if not provider_ref:
            return ""
        urn = provider_ref.split("::")[0:4]
        return self.provider_regions.get("::".join(urn), self.provider_regions.get(provider_ref, ""))


class RecordingMonitor(MockMonitor):
    """A mock monitor that also remembers each resource's parent and resolved state."""

    def __init__(self, mocks: PlanMocks) -> None:
        super().__init__(mocks)
        self.plan_mocks = mocks
        self.recorded: list[Recorded] = []

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        response = super().RegisterResource(request)
        if request.type == "pulumi:pulumi:Stack":
            return response
        registration = self.resources.get(response.urn)
        state = dict(registration.state) if registration else {}
        inputs = self.plan_mocks.received_inputs()
        if request.type.startswith("pulumi:providers:"):
            self.plan_mocks.provider_regions[response.urn] = str(state.get("region", ""))
        self.recorded.append(
            Recorded(
                urn=response.urn,
                type=request.type,
                name=request.name,
                parent=request.parent,
                custom=bool(request.custom),
                inputs=dict(inputs),
                outputs=state,
                provider=request.provider,
                id=registration.id if registration else "",
                ignore_changes=tuple(request.ignoreChanges),
                dependencies=tuple(request.dependencies),
                protect=bool(request.protect),
            )
        )
        return response

    def ReadResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        """Reads (e.g. the dr stack's StackReference to prod) are part of the plan too."""
        response = super().ReadResource(request)
        registration = self.resources.get(response.urn)
        self.recorded.append(
            Recorded(
                urn=response.urn,
                type=request.type,
                name=request.name,
                parent=request.parent,
                custom=True,
                inputs=dict(self.plan_mocks.received_inputs()),
                outputs=dict(registration.state) if registration else {},
                provider=request.provider,
                id=registration.id if registration else "",
            )
        )
        return response
