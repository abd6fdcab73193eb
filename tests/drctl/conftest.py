"""drctl's test estate: one moto server per session on 127.0.0.1 (random free port), the estate of
tests/drctl/deployment.py deployed into it once, and per test a fresh World (what moto lacks),
a fresh clock and fresh outputs files.

Deploying is the slow part, so it happens once and again only after a test changed moto's state:
every client the tests and drctl make comes from one boto3 session whose `before-call` hook notes
each service a non-read operation reached; the next test that needs the estate resets those
services and deploys afresh. Tests that only read, or change only the World, share a deployment.

The reset is moto's own per-backend `reset()` (what its /moto-api/reset endpoint calls on every
backend), applied only to the services the estate uses: the server runs in this process, and the
global reset re-initialises every backend ever touched, EC2's per-region defaults included, for
most of a redeploy's cost. A test that reached any other service gets the global reset.
"""

from __future__ import annotations

import functools
import json
import logging
import socket
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import boto3
import pytest
from moto.backends import get_backend
from moto.server import ThreadedMotoServer

from drctl.cli import main
from drctl.gateways.base import CLIENT_CONFIG
from drctl.guard import Guard, is_read
from tests.drctl.deployment import deploy, recovery_points
from tests.drctl.fakes import DR, PROD, FakeClock, FakeProber, HybridClient, Topology, World

__all__ = ["DR", "PROD", "Estate", "client"]

_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": PROD,
}


logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


ESTATE_BACKENDS = {
    "route53": "route53",
    "rds": "rds",
    "s3": "s3",
    "autoscaling": "autoscaling",
    "cloudwatch": "cloudwatch",
    "backup": "backup",
    "dynamodb": "dynamodb",
    "ecs": "ecs",
    "application-autoscaling": "applicationautoscaling",
}
"""boto3 service name -> moto backend, for every service the test estate is deployed into."""


@dataclass
class Deployment:
    url: str
    session: boto3.Session
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    topology: Topology | None = None
    touched: set[str] = field(default_factory=lambda: {"(not deployed yet)"})
    """Services a non-read operation reached since the last deploy."""
    deploys: int = 0
    guard: Guard = field(default_factory=Guard)
    """The guard of the drctl invocation running now (the cached clients' hook asks it)."""
    clients: dict[tuple[str, str, str | None], Any] = field(default_factory=dict)

    @property
    def dirty(self) -> bool:
        return bool(self.touched)

    def mark(self, model: Any, **_: Any) -> None:
        """botocore `before-call` hook: any operation that may change moto's state."""
        if not is_read(model.name):
            self.touched.add(model.service_model.service_name)

    def guard_hook(self, model: Any, **kwargs: Any) -> None:
        self.guard.botocore_hook(model, **kwargs)

    def fresh(self) -> None:
        if not self.touched:
            return
        if self.touched <= set(ESTATE_BACKENDS):
            for name in ESTATE_BACKENDS.values():
                for account in get_backend(cast(Any, name)).values():
                    account.reset()
        else:
            urllib.request.urlopen(
                urllib.request.Request(f"{self.url}/moto-api/reset", method="POST")
            ).close()
        self.outputs, self.topology = deploy(client, FakeClock())
        self.touched = set()
        self.deploys += 1


_DEPLOYMENT: Deployment | None = None


@functools.cache
def client(service: str, region: str) -> Any:
    """A plain client on the emulator (no guard): how tests and fakes reach moto directly."""
    assert _DEPLOYMENT is not None, "the `deployment` fixture starts the emulator"
    return _DEPLOYMENT.session.client(service, region_name=region)


@pytest.fixture(scope="session")
def deployment() -> Iterator[Deployment]:
    global _DEPLOYMENT
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    with pytest.MonkeyPatch.context() as env:
        for key, value in {**_ENV, "AWS_ENDPOINT_URL": url}.items():
            env.setenv(key, value)
        env.delenv("AWS_PROFILE", raising=False)
        session = boto3.Session()
        _DEPLOYMENT = Deployment(url, session)
        session.events.register("before-call", _DEPLOYMENT.mark)
        yield _DEPLOYMENT
        _DEPLOYMENT = None
        client.cache_clear()
    server.stop()


@dataclass
class Estate:
    world: World
    clock: FakeClock
    deployment: Deployment
    prod_file: Path
    dr_file: Path
    results: Path
    outputs: dict[str, dict[str, Any]]

    @property
    def session(self) -> boto3.Session:
        return self.deployment.session

    def args(self, *argv: str) -> list[str]:
        return [
            *argv,
            "--outputs",
            f"prod={self.prod_file}",
            "--outputs",
            f"dr={self.dr_file}",
            "--results",
            str(self.results),
        ]

    def clients_for(self, guard: Guard) -> Callable[[str, str, str | None], Any]:
        """drctl's clients, with the World's fakes in front of what moto lacks. Like drctl's own
        factory (`boto3_clients`, tested in test_guard.py) each client carries the guard's hook;
        the clients are made once per session (making one costs more than most drills' calls) and
        their hook asks the guard of the invocation running now."""
        self.deployment.guard = guard
        world, deployment = self.world, self.deployment

        def make(service: str, region: str, endpoint: str | None) -> Any:
            key = (service, region, endpoint)
            if key not in deployment.clients:
                made = self.session.client(
                    service, region_name=region, endpoint_url=endpoint, config=CLIENT_CONFIG
                )
                made.meta.events.register("before-call", deployment.guard_hook)
                deployment.clients[key] = made
            c = deployment.clients[key]
            fakes = {
                "route53": world.route53_fakes,
                "route53-recovery-control-config": world.arc_config_fakes,
                "route53-recovery-cluster": world.arc_cluster_fakes,
                "rds": lambda: world.rds_fakes(region),
                "dynamodb": lambda: world.dynamodb_fakes(region),
                "s3": lambda: world.s3_fakes() if region == DR else {},
                "backup": world.backup_fakes,
                "autoscaling": world.autoscaling_fakes,
                "ecs": world.ecs_fakes,
                "application-autoscaling": world.appscaling_fakes,
                "cloudwatch": lambda: world.cloudwatch_fakes(region),
            }.get(service, dict)()
            return HybridClient(service, c, fakes, guard) if fakes else c

        return make

    def drctl(self, *argv: str) -> int:
        return main(
            self.args(*argv), clients_for=self.clients_for, clock=self.clock, prober=FakeProber(self.world)
        )

    def write(self) -> None:
        self.prod_file.write_text(json.dumps(self.outputs["prod"]))
        self.dr_file.write_text(json.dumps(self.outputs["dr"]))


def make_estate(deployment: Deployment, folder: Path) -> Estate:
    deployment.fresh()
    assert deployment.topology is not None
    clock = FakeClock()
    world = World(clock, client, deployment.topology)
    for arn in recovery_points(deployment.outputs):
        world.recovery_points[arn] = clock.now() - timedelta(minutes=50)
    outputs = json.loads(json.dumps(deployment.outputs))
    e = Estate(world, clock, deployment, folder / "prod.json", folder / "dr.json", folder / "drills", outputs)
    e.write()
    return e


@pytest.fixture
def estate(deployment: Deployment, tmp_path: Path) -> Estate:
    return make_estate(deployment, tmp_path)


POLL = "30"
"""Tests poll every 30 simulated seconds (the World's delays are multiples of it): fewer calls."""


def confirmation(service: str, scenario: str) -> str:
    stack = "dr" if scenario in ("backup-restore", "compute-scale-up") else "prod"
    return f"{stack}/{service}/{scenario}"


def run(estate: Estate, service: str, scenario: str, *extra: str, confirm: str | None = None) -> int:
    """`drill run ... --execute --confirm <the right confirmation>`."""
    argv = ["drill", "run", "--scenario", scenario, "--service", service, "--poll-seconds", POLL, *extra]
    return estate.drctl(*argv, "--execute", "--confirm", confirm or confirmation(service, scenario))


def latest(estate: Estate) -> dict[str, Any]:
    """The newest run's result, as its report (latest.json) gives it."""
    return json.loads((estate.results / "latest.json").read_text())["runs"][0]


@dataclass
class Drill:
    """One drill run and what the estate looked like right after it (read before another test
    redeploys the emulator)."""

    estate: Estate
    code: int
    result: dict[str, Any]
    report: dict[str, Any]
    after: dict[str, Any]


def drill(
    deployment: Deployment,
    folder: Path,
    service: str,
    scenario: str,
    *extra: str,
    prepare: Callable[[Estate], Any] = lambda e: None,
    after: Callable[[Estate], dict[str, Any]] = lambda e: {},
) -> Drill:
    e = make_estate(deployment, folder)
    prepare(e)
    code = run(e, service, scenario, *extra)
    report = json.loads((e.results / "latest.json").read_text())
    return Drill(e, code, report["runs"][0], report, after(e))
