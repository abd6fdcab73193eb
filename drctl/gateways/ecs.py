"""ECS services and their Application Auto Scaling floor (how a pilot light scales up)."""

from __future__ import annotations

from typing import Any

from drctl.gateways.base import Gateway, Observation


class EcsGateway(Gateway):
    service = "ecs"

    def service_state(self, cluster: str, service: str) -> dict[str, Any] | None:
        found = self._read("describe_services", cluster=cluster, services=[service])["services"]
        return found[0] if found else None

    def running(self, cluster: str, service: str) -> int:
        found = self.service_state(cluster, service)
        return int(found["runningCount"]) if found else 0

    def await_running(self, cluster: str, service: str, count: int) -> Observation:
        found = self.service_state(cluster, service) or {}
        running = int(found.get("runningCount", 0))
        deployments = found.get("deployments", [])
        steady = len(deployments) <= 1 and all(
            d.get("rolloutState", "COMPLETED") == "COMPLETED" for d in deployments
        )
        return Observation(
            running >= count and steady,
            f"{running}/{count} tasks running" + ("" if steady else ", deployment in progress"),
            {"cluster": cluster, "service": service, "running": running, "wanted": count},
        )


class AppScalingGateway(Gateway):
    service = "application-autoscaling"

    def target(self, cluster: str, service: str) -> dict[str, Any]:
        resource = f"service/{cluster}/{service}"
        found = self._read("describe_scalable_targets", ServiceNamespace="ecs", ResourceIds=[resource])[
            "ScalableTargets"
        ]
        if not found:
            return {"resourceId": resource, "min": None, "max": None}
        return {"resourceId": resource, "min": found[0]["MinCapacity"], "max": found[0]["MaxCapacity"]}

    def set_floor(self, cluster: str, service: str, minimum: int, maximum: int) -> Any:
        """Raising the floor starts that many tasks at once (no CPU metric to track from zero)."""
        return self._mutate(
            "register_scalable_target",
            ServiceNamespace="ecs",
            ResourceId=f"service/{cluster}/{service}",
            ScalableDimension="ecs:service:DesiredCount",
            MinCapacity=minimum,
            MaxCapacity=maximum,
        )
