"""Route 53 Application Recovery Controller: routing-control state through the cluster's data plane,
safety rules through the configuration API (which lives in us-west-2).

ARC's guide asks callers to try the cluster's regional endpoints in turn until one answers; the
data-plane clients are made per endpoint by the injected factory.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError, EndpointConnectionError

from drctl.gateways.base import Gateway, Observation
from drctl.guard import Guard

CONFIG_REGION = "us-west-2"

ClusterClient = Callable[[str, str], Any]
"""(endpoint url, region) -> a route53-recovery-cluster client."""


class ArcGateway(Gateway):
    service = "route53-recovery-cluster"

    def __init__(self, client: Any, guard: Guard, region: str, cluster_client: ClusterClient):
        super().__init__(client, guard, region)  # client: route53-recovery-control-config
        self._cluster_client = cluster_client
        self._endpoints: dict[str, list[tuple[str, str]]] = {}

    def control(self, arn: str) -> dict[str, Any]:
        return self._read("describe_routing_control", RoutingControlArn=arn)["RoutingControl"]

    def _cluster_endpoints(self, control_arn: str) -> list[tuple[str, str]]:
        panel_arn = self.control(control_arn)["ControlPanelArn"]
        if panel_arn not in self._endpoints:
            panel = self._read("describe_control_panel", ControlPanelArn=panel_arn)["ControlPanel"]
            cluster = self._read("describe_cluster", ClusterArn=panel["ClusterArn"])["Cluster"]
            self._endpoints[panel_arn] = [(e["Endpoint"], e["Region"]) for e in cluster["ClusterEndpoints"]]
        return self._endpoints[panel_arn]

    def _on_any_endpoint(self, control_arn: str, use: Callable[[Any], Any]) -> Any:
        last: Exception | None = None
        for endpoint, region in self._cluster_endpoints(control_arn):
            try:
                return use(self._cluster_client(endpoint, region))
            except (EndpointConnectionError, ClientError) as e:
                if isinstance(e, ClientError) and "Throttl" not in str(e) and "Endpoint" not in str(e):
                    raise
                last = e
        raise RuntimeError(f"no ARC cluster endpoint answered for {control_arn}: {last}")

    def state(self, control_arn: str) -> str:
        return self._on_any_endpoint(
            control_arn, lambda c: c.get_routing_control_state(RoutingControlArn=control_arn)
        )["RoutingControlState"]

    def states(self, control_arns: list[str]) -> dict[str, str]:
        return {arn: self.state(arn) for arn in control_arns}

    def states_by_site(self, control_arns: dict[str, str]) -> dict[str, str]:
        return {site: self.state(arn) for site, arn in control_arns.items()}

    def set_state(self, control_arn: str, state: str) -> Any:
        def call(client: Any) -> Any:
            return self.guard.mutate(
                "route53-recovery-cluster:UpdateRoutingControlState",
                {"RoutingControlArn": control_arn, "RoutingControlState": state},
                lambda: client.update_routing_control_state(
                    RoutingControlArn=control_arn, RoutingControlState=state
                ),
            )

        return self._on_any_endpoint(control_arn, call)

    def await_state(self, control_arn: str, state: str) -> Observation:
        seen = self.state(control_arn)
        return Observation(
            seen == state, f"routing control {seen}", {"routingControlArn": control_arn, "state": seen}
        )

    def safety_rules(self, control_arn: str) -> list[dict[str, Any]]:
        panel_arn = self.control(control_arn)["ControlPanelArn"]
        rules = self._read("list_safety_rules", ControlPanelArn=panel_arn)["SafetyRules"]
        return [r["ASSERTION"] for r in rules if "ASSERTION" in r]
