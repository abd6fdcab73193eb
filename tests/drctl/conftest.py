"""drctl's test estate: one moto server per session on 127.0.0.1 (random free port), reset per test;
a pilot-light service `crm` (VMs, an RDS cross-region replica, a replicated bucket) deployed into it
as the program would, and the two stacks' outputs that describe it, written to files."""

from __future__ import annotations

import json
import socket
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from drctl.cli import main
from drctl.gateways import boto3_clients
from drctl.guard import Guard
from tests.drctl.fakes import FakeClock, FakeProber, HybridClient, World

PROD, DR = "us-east-1", "us-west-2"
ACCOUNT = "123456789012"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def aws(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Fresh emulator state; boto3's standard configuration pointed at it (AWS_ENDPOINT_URL)."""
    urllib.request.urlopen(urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST")).close()
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": PROD,
        "AWS_ENDPOINT_URL": moto_url,
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return moto_url


def client(service: str, region: str) -> Any:
    return boto3.client(service, region_name=region)


@dataclass
class Estate:
    world: World
    clock: FakeClock
    prod_file: Path
    dr_file: Path
    results: Path
    outputs: dict[str, dict[str, Any]]

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
        real = boto3_clients(guard)
        world = self.world

        def make(service: str, region: str, endpoint: str | None) -> Any:
            c = real(service, region, endpoint)
            fakes: dict[str, Callable[..., dict[str, Any]]] = {}
            if service == "route53":
                fakes = world.route53_fakes()
            elif service == "rds":
                fakes = world.rds_fakes(region)
            elif service == "s3" and region == DR:
                fakes = world.s3_fakes("crm-attachments")
            elif service == "backup":
                fakes = world.backup_fakes()
            return HybridClient(service, c, fakes, guard) if fakes else c

        return make

    def drctl(self, *argv: str) -> int:
        return main(
            self.args(*argv), clients_for=self.clients_for, clock=self.clock, prober=FakeProber(self.world)
        )

    def write(self) -> None:
        self.prod_file.write_text(json.dumps(self.outputs["prod"]))
        self.dr_file.write_text(json.dumps(self.outputs["dr"]))


def _posture() -> dict[str, Any]:
    """crm's region-loss posture in the extended breakdown contract."""
    return {
        "crm": {
            "region-loss": {
                "rto": {
                    "target": "1h",
                    "estimate": "21m30s",
                    "targetSeconds": 3600,
                    "estimateSeconds": 1290,
                    "status": "met",
                    "breakdown": [
                        {
                            "term": "health check 10s x 3 failures",
                            "duration": "30s",
                            "seconds": 30,
                            "source": "Route 53 guide",
                            "kind": "detection",
                            "constants": ["HEALTH_CHECK_INTERVAL"],
                            "assumed": False,
                        },
                        {
                            "term": "scale VMs 0 -> 2 (no capacity kept running in dr)",
                            "duration": "20m",
                            "seconds": 1200,
                            "source": "assumption: VMs scale-up from zero 20m",
                            "kind": "scale-up",
                            "constants": ["VM_SCALE_UP_ASSUMED"],
                            "assumed": True,
                        },
                        {
                            "term": "DNS TTL",
                            "duration": "1m",
                            "seconds": 60,
                            "source": "Route 53 guide",
                            "kind": "ttl",
                            "constants": [],
                            "assumed": False,
                        },
                    ],
                },
                "rpo": {
                    "crm": {
                        "target": "15m",
                        "estimate": "1s",
                        "status": "met",
                        "breakdown": [{"term": "RDS replica lag", "duration": "1s", "source": "assumption"}],
                    },
                    "attachments": {
                        "target": "15m",
                        "estimate": "15m",
                        "status": "met",
                        "breakdown": [
                            {"term": "S3 RTC replication", "duration": "15m", "source": "S3 RTC SLA"}
                        ],
                    },
                },
            },
            "data-corruption": {
                "rto": {
                    "target": "1h",
                    "estimate": "30m",
                    "status": "met",
                    "breakdown": [
                        {
                            "term": "restore attachments (500 GB at 1000 GB/h)",
                            "duration": "30m",
                            "source": "assumption: object restore throughput",
                        }
                    ],
                },
                "rpo": {
                    "crm": {
                        "target": "15m",
                        "estimate": "1s",
                        "status": "met",
                        "breakdown": [
                            {
                                "term": "point-in-time restore precision",
                                "duration": "1s",
                                "source": "assumption",
                            }
                        ],
                    }
                },
            },
            "accidental-deletion": {
                "rto": {
                    "target": "1h",
                    "estimate": "30m",
                    "status": "met",
                    "breakdown": [
                        {
                            "term": "restore crm (150 GB at 500 GB/h)",
                            "duration": "18m",
                            "source": "assumption: relational restore throughput",
                        }
                    ],
                },
                "rpo": {
                    "crm": {
                        "target": "15m",
                        "estimate": "1s",
                        "status": "met",
                        "breakdown": [
                            {
                                "term": "point-in-time restore precision",
                                "duration": "1s",
                                "source": "assumption",
                            }
                        ],
                    }
                },
            },
        }
    }


def deploy(clock: FakeClock) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """crm as the program deploys it (pilot light), into moto; returns the stacks' outputs."""
    r53 = client("route53", PROD)
    zone = r53.create_hosted_zone(Name="marketplace.example.com", CallerReference="drctl-test")["HostedZone"][
        "Id"
    ].rsplit("/", 1)[-1]
    checks = {}
    for site, lb in (
        ("prod", "prod-crm.us-east-1.elb.amazonaws.com"),
        ("dr", "dr-crm.us-west-2.elb.amazonaws.com"),
    ):
        checks[site] = r53.create_health_check(
            CallerReference=f"crm-{site}",
            HealthCheckConfig={
                "Type": "HTTPS",
                "FullyQualifiedDomainName": lb,
                "Port": 443,
                "ResourcePath": "/status",
                "RequestInterval": 10,
                "FailureThreshold": 3,
            },
        )["HealthCheck"]["Id"]
    r53.change_resource_record_sets(
        HostedZoneId=zone,
        ChangeBatch={
            "Changes": [
                {
                    "Action": "CREATE",
                    "ResourceRecordSet": {
                        "Name": "crm.marketplace.example.com",
                        "Type": "A",
                        "SetIdentifier": site,
                        "Failover": role,
                        "HealthCheckId": checks[site],
                        "AliasTarget": {
                            "HostedZoneId": "Z35SXDOTRQ7X7K",
                            "DNSName": lb,
                            "EvaluateTargetHealth": True,
                        },
                    },
                }
                for site, role, lb in (
                    ("prod", "PRIMARY", "prod-crm.us-east-1.elb.amazonaws.com"),
                    ("dr", "SECONDARY", "dr-crm.us-west-2.elb.amazonaws.com"),
                )
            ]
        },
    )
    rds_prod = client("rds", PROD)
    prod_db = rds_prod.create_db_instance(
        DBInstanceIdentifier="crm-crm-prod",
        Engine="postgres",
        DBInstanceClass="db.m7g.large",
        AllocatedStorage=150,
        MasterUsername="crm",
        MasterUserPassword="not-a-secret-1",
        BackupRetentionPeriod=7,
    )["DBInstance"]
    client("rds", DR).create_db_instance_read_replica(
        DBInstanceIdentifier="crm-crm-dr",
        SourceDBInstanceIdentifier=prod_db["DBInstanceArn"],
        DBInstanceClass="db.m7g.large",
    )
    s3p, s3d = client("s3", PROD), client("s3", DR)
    s3p.create_bucket(Bucket="crm-attachments")
    s3d.create_bucket(Bucket="crm-attachments-replica", CreateBucketConfiguration={"LocationConstraint": DR})
    for s3, bucket in ((s3p, "crm-attachments"), (s3d, "crm-attachments-replica")):
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3p.put_bucket_replication(
        Bucket="crm-attachments",
        ReplicationConfiguration={
            "Role": f"arn:aws:iam::{ACCOUNT}:role/crm-replication",
            "Rules": [
                {
                    "ID": "to-dr",
                    "Priority": 1,
                    "Status": "Enabled",
                    "Filter": {},
                    "DeleteMarkerReplication": {"Status": "Enabled"},
                    "Destination": {
                        "Bucket": "arn:aws:s3:::crm-attachments-replica",
                        "ReplicationTime": {"Status": "Enabled", "Time": {"Minutes": 15}},
                        "Metrics": {"Status": "Enabled", "EventThreshold": {"Minutes": 15}},
                    },
                }
            ],
        },
    )
    asg = client("autoscaling", DR)
    asg.create_launch_configuration(
        LaunchConfigurationName="dr-crm", ImageId="ami-12c6146b", InstanceType="m7i.large"
    )
    asg.create_auto_scaling_group(
        AutoScalingGroupName="dr-crm-asg",
        LaunchConfigurationName="dr-crm",
        MinSize=0,
        MaxSize=4,
        DesiredCapacity=0,
        AvailabilityZones=[f"{DR}a"],
    )
    asg.put_scaling_policy(
        AutoScalingGroupName="dr-crm-asg",
        PolicyName="dr-crm-failover",
        PolicyType="SimpleScaling",
        AdjustmentType="ExactCapacity",
        ScalingAdjustment=2,
    )
    backup = client("backup", DR)
    backup.create_backup_vault(BackupVaultName="acme-production-dr")
    backup.put_backup_vault_lock_configuration(
        BackupVaultName="acme-production-dr", MinRetentionDays=7, MaxRetentionDays=400
    )
    for region, name, namespace, metric, dims in (
        (
            DR,
            "crm-dr-unhealthy-targets",
            "AWS/ApplicationELB",
            "UnHealthyHostCount",
            [{"Name": "LoadBalancer", "Value": "app/dr-crm/1"}],
        ),
        (
            PROD,
            "crm-prod-unhealthy",
            "AWS/Route53",
            "HealthCheckStatus",
            [{"Name": "HealthCheckId", "Value": checks["prod"]}],
        ),
        (
            DR,
            "crm-crm-ReplicaLag-above-rpo",
            "AWS/RDS",
            "ReplicaLag",
            [{"Name": "DBInstanceIdentifier", "Value": "crm-crm-dr"}],
        ),
    ):
        cw = client("cloudwatch", region)
        cw.put_metric_alarm(
            AlarmName=name,
            Namespace=namespace,
            MetricName=metric,
            Dimensions=dims,
            Statistic="Maximum",
            Period=60,
            EvaluationPeriods=1,
            Threshold=1,
            ComparisonOperator="GreaterThanThreshold",
            Tags=[{"Key": "service", "Value": "crm"}, {"Key": "dr-role", "Value": "recovery"}],
        )
        cw.set_alarm_state(AlarmName=name, StateValue="OK", StateReason="drctl test baseline")
    client("cloudwatch", DR).put_metric_data(
        Namespace="AWS/RDS",
        MetricData=[
            {
                "MetricName": "ReplicaLag",
                "Dimensions": [{"Name": "DBInstanceIdentifier", "Value": "crm-crm-dr"}],
                "Value": 2.0,
                "Timestamp": clock.now() - timedelta(minutes=2),
            }
        ],
    )
    service = {
        "tier": 1,
        "strategy": "pilot-light",
        "rpo": "15m",
        "rto": "1h",
        "standbyCount": 0,
        "desiredCount": 2,
    }
    backup_prod = {
        "vaultArn": f"arn:aws:backup:{PROD}:{ACCOUNT}:backup-vault:acme-production-prod",
        "copyVaultArn": f"arn:aws:backup:{DR}:{ACCOUNT}:backup-vault:acme-production-dr",
        "planId": "plan-1",
    }
    backup_dr = {
        "vaultArn": f"arn:aws:backup:{DR}:{ACCOUNT}:backup-vault:acme-production-dr",
        "copyVaultArn": f"arn:aws:backup:{DR}:{ACCOUNT}:backup-vault:acme-production-dr",
        "restoreTestingPlan": "crm_restore_test",
    }
    prod_store = {
        "kind": "relational",
        "mode": "cross-region-replica",
        "arn": prod_db["DBInstanceArn"],
        "writerEndpoint": "crm-crm-prod.example",
    }
    dr_arn = client("rds", DR).describe_db_instances(DBInstanceIdentifier="crm-crm-dr")["DBInstances"][0][
        "DBInstanceArn"
    ]
    endpoint = {
        "hostname": "crm.marketplace.example.com",
        "url": "https://crm.marketplace.example.com/",
        "failoverSeconds": 90,
        "loadBalancers": {
            "prod": {"dnsName": "prod-crm.us-east-1.elb.amazonaws.com", "zoneId": "Z35SXDOTRQ7X7K"},
            "dr": {"dnsName": "dr-crm.us-west-2.elb.amazonaws.com", "zoneId": "Z35SXDOTRQ7X7K"},
        },
        "compute": {
            "kind": "vms",
            "autoScalingGroup": "dr-crm-asg",
            "securityGroupId": "sg-1",
            "scaleUpCommand": f"aws autoscaling execute-policy --region {DR} --auto-scaling-group-name dr-crm-asg --policy-name dr-crm-failover",  # noqa: E501
        },
        "healthCheckIds": checks,
    }
    prod = {
        "site": {"role": "primary", "cloud": "aws", "region": PROD},
        "keyArn": f"arn:aws:kms:{PROD}:{ACCOUNT}:key/mrk-1",
        "services": {
            "crm": {
                **service,
                "stores": {
                    "crm": prod_store,
                    "attachments": {
                        "kind": "object",
                        "mode": "replicated-bucket",
                        "bucket": "crm-attachments",
                        "arn": "arn:aws:s3:::crm-attachments",
                    },
                },
                "backup": backup_prod,
            }
        },
        "endpoints": {
            "crm": {
                **endpoint,
                "compute": {"kind": "vms", "autoScalingGroup": "prod-crm"},
                "loadBalancers": {"prod": endpoint["loadBalancers"]["prod"]},
            }
        },
        "posture": _posture(),
    }
    dr = {
        "site": {"role": "recovery", "cloud": "aws", "region": DR},
        "keyArn": f"arn:aws:kms:{DR}:{ACCOUNT}:key/mrk-1",
        "services": {
            "crm": {
                **service,
                "stores": {
                    "crm": {"kind": "relational", "mode": "cross-region-replica", "arn": dr_arn},
                    "attachments": {
                        "kind": "object",
                        "mode": "replicated-bucket",
                        "bucket": "crm-attachments-replica",
                        "arn": "arn:aws:s3:::crm-attachments-replica",
                    },
                },
                "backup": backup_dr,
            }
        },
        "endpoints": {"crm": endpoint},
        "posture": _posture(),
    }
    return {"prod": prod, "dr": dr}, checks


@pytest.fixture
def estate(aws: str, tmp_path: Path) -> Estate:
    clock = FakeClock()
    outputs, checks = deploy(clock)
    world = World(clock, client, prod_check=checks["prod"], dr_check=checks["dr"])
    for store in outputs["prod"]["services"]["crm"]["stores"].values():
        world.recovery_points[store["arn"]] = clock.now() - timedelta(minutes=50)
    e = Estate(world, clock, tmp_path / "prod.json", tmp_path / "dr.json", tmp_path / "drills", outputs)
    e.write()
    return e
