"""The component pattern every DR building block follows."""

from __future__ import annotations

import pulumi

PROJECT_TOKEN = "marketplace-dr"


class Component(pulumi.ComponentResource):
    """A component typed `marketplace-dr:<module>:<Type>` whose children are parented to it."""

    def __init__(self, module: str, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(f"{PROJECT_TOKEN}:{module}:{type(self).__name__}", name, None, opts)

    def child(self, **extra: object) -> pulumi.ResourceOptions:
        """Options for a child: parented to this component, plus any extra options."""
        return pulumi.ResourceOptions.merge(
            pulumi.ResourceOptions(parent=self),
            pulumi.ResourceOptions(**extra),  # type: ignore[arg-type]
        )
