"""Per-AWS-service gateways: thin classes over boto3 clients. `Gateways` hands out one per service
and region, every client built with boto3's standard configuration (profiles, AWS_ENDPOINT_URL)
and carrying the guard's backstop hook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from boto3.session import Session

from drctl.gateways.arc import CONFIG_REGION, ArcGateway
from drctl.gateways.autoscaling import AutoScalingGateway
from drctl.gateways.backup import BackupGateway
from drctl.gateways.base import CLIENT_CONFIG, Gateway, Observation
from drctl.gateways.cloudwatch import CloudWatchGateway
from drctl.gateways.dynamodb import DynamoDbGateway
from drctl.gateways.ecs import AppScalingGateway, EcsGateway
from drctl.gateways.http import HttpProber, Prober
from drctl.gateways.rds import RdsGateway
from drctl.gateways.route53 import Route53Gateway
from drctl.gateways.s3 import S3Gateway
from drctl.guard import Guard

ROUTE53_REGION = "us-east-1"
"""Route 53's control plane (health checks, records) lives in us-east-1."""

ClientFactory = Callable[[str, str, "str | None"], Any]
"""(boto3 service name, region, endpoint url or None) -> client."""

GATEWAYS: dict[str, type[Gateway]] = {
    "route53": Route53Gateway,
    "rds": RdsGateway,
    "dynamodb": DynamoDbGateway,
    "s3": S3Gateway,
    "backup": BackupGateway,
    "ecs": EcsGateway,
    "appscaling": AppScalingGateway,
    "autoscaling": AutoScalingGateway,
    "cloudwatch": CloudWatchGateway,
}


def boto3_clients(guard: Guard, session: Session | None = None) -> ClientFactory:
    """Clients from boto3's standard configuration chain; each refuses unguarded mutations."""
    chosen = session or Session()

    def make(service: str, region: str, endpoint_url: str | None) -> Any:
        client = chosen.client(service, region_name=region, endpoint_url=endpoint_url, config=CLIENT_CONFIG)
        client.meta.events.register("before-call", guard.botocore_hook)
        return client

    return make


class Gateways:
    def __init__(self, guard: Guard, clients: ClientFactory, prober: Prober | None = None):
        self.guard = guard
        self._clients = clients
        self._made: dict[tuple[str, str], Any] = {}
        self.prober: Prober = prober or HttpProber()

    def _boto(self, service: str) -> str:
        return {"appscaling": "application-autoscaling"}.get(service, service)

    def get(self, name: str, region: str) -> Any:
        if name == "route53":
            region = ROUTE53_REGION
        if name == "arc":
            region = CONFIG_REGION
        key = (name, region)
        if key not in self._made:
            if name == "arc":
                config = self._clients("route53-recovery-control-config", region, None)
                self._made[key] = ArcGateway(
                    config,
                    self.guard,
                    region,
                    lambda url, where: self._clients("route53-recovery-cluster", where, url),
                )
            else:
                self._made[key] = GATEWAYS[name](
                    self._clients(self._boto(name), region, None), self.guard, region
                )
        return self._made[key]

    def route53(self) -> Route53Gateway:
        return self.get("route53", ROUTE53_REGION)

    def arc(self) -> ArcGateway:
        return self.get("arc", CONFIG_REGION)

    def rds(self, region: str) -> RdsGateway:
        return self.get("rds", region)

    def dynamodb(self, region: str) -> DynamoDbGateway:
        return self.get("dynamodb", region)

    def s3(self, region: str) -> S3Gateway:
        return self.get("s3", region)

    def backup(self, region: str) -> BackupGateway:
        return self.get("backup", region)

    def ecs(self, region: str) -> EcsGateway:
        return self.get("ecs", region)

    def appscaling(self, region: str) -> AppScalingGateway:
        return self.get("appscaling", region)

    def autoscaling(self, region: str) -> AutoScalingGateway:
        return self.get("autoscaling", region)

    def cloudwatch(self, region: str) -> CloudWatchGateway:
        return self.get("cloudwatch", region)


__all__ = ["GATEWAYS", "Gateways", "Observation", "boto3_clients"]
