"""EC2 Auto Scaling groups (VM compute): capacity, the pilot light's failover policy."""

from __future__ import annotations

from typing import Any

from drctl.gateways.base import Gateway, Observation


class AutoScalingGateway(Gateway):
    service = "autoscaling"

    def group(self, name: str) -> dict[str, Any] | None:
        found = self._read("describe_auto_scaling_groups", AutoScalingGroupNames=[name])["AutoScalingGroups"]
        return found[0] if found else None

    def capacity(self, name: str) -> dict[str, Any]:
        found = self.group(name) or {}
        return {
            "min": found.get("MinSize"),
            "desired": found.get("DesiredCapacity"),
            "max": found.get("MaxSize"),
        }

    def in_service(self, name: str) -> int:
        found = self.group(name) or {}
        return sum(
            1
            for i in found.get("Instances", [])
            if i.get("LifecycleState") == "InService" and i.get("HealthStatus") == "Healthy"
        )

    def policy(self, group: str, policy: str) -> dict[str, Any] | None:
        found = self._read("describe_policies", AutoScalingGroupName=group, PolicyNames=[policy])[
            "ScalingPolicies"
        ]
        return found[0] if found else None

    def execute_policy(self, group: str, policy: str) -> Any:
        return self._mutate(
            "execute_policy", AutoScalingGroupName=group, PolicyName=policy, HonorCooldown=False
        )

    def set_capacity(self, group: str, minimum: int, desired: int) -> Any:
        return self._mutate(
            "update_auto_scaling_group", AutoScalingGroupName=group, MinSize=minimum, DesiredCapacity=desired
        )

    def await_in_service(self, group: str, count: int) -> Observation:
        healthy = self.in_service(group)
        return Observation(
            healthy >= count,
            f"{healthy}/{count} instances in service",
            {"group": group, "inService": healthy},
        )
