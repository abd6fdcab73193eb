"""The test estate, deployed into moto as the program would deploy it, and the two stacks' outputs
that describe it (in the posture breakdown contract of services/posture.py):

- `crm`: pilot light on VMs (an Auto Scaling group at 0 with a failover policy), an RDS
  cross-region read replica, an S3 bucket replicated with RTC; failover by inverting prod's
  Route 53 health check.
- `ecommerce`: warm standby on containers (ECS, 3 of 6 tasks in dr, an Application Auto Scaling
  floor), an Aurora global database, a DynamoDB global table; failover through ARC routing controls
  (the failover records checked by CALCULATED checks of endpoint and routing-control checks).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from tests.drctl.fakes import ACCOUNT, DR, PROD, FakeClock, Topology

Client = Callable[[str, str], Any]
ZONE = "marketplace.example.com"
VAULT = "acme-production-dr"
ARC_PANEL = f"arn:aws:route53-recovery-control::{ACCOUNT}:controlpanel/0123456789abcdef"
LB = {
    ("crm", "prod"): "prod-crm.us-east-1.elb.amazonaws.com",
    ("crm", "dr"): "dr-crm.us-west-2.elb.amazonaws.com",
    ("ecommerce", "prod"): "prod-ecommerce.us-east-1.elb.amazonaws.com",
    ("ecommerce", "dr"): "dr-ecommerce.us-west-2.elb.amazonaws.com",
}
ELB_ZONE = "Z35SXDOTRQ7X7K"


def term(what: str, seconds: int, kind: str, constants: list[str], source: str = "") -> dict[str, Any]:
    minutes, rest = divmod(seconds, 60)
    duration = f"{minutes}m{rest}s" if minutes and rest else f"{minutes}m" if minutes else f"{seconds}s"
    return {
        "term": what,
        "duration": duration,
        "seconds": seconds,
        "source": source or "services/reference.py",
        "kind": kind,
        "constants": constants,
        "assumed": any(c.endswith("_ASSUMED") for c in constants),
    }


def objective(target: int, *terms: dict[str, Any]) -> dict[str, Any]:
    estimate = sum(t["seconds"] for t in terms)
    return {
        "target": f"{target}s",
        "estimate": f"{estimate}s",
        "targetSeconds": target,
        "estimateSeconds": estimate,
        "status": "met" if estimate <= target else "missed",
        "breakdown": list(terms),
    }


DETECTION = term("health check 10s x 3 failures", 30, "detection", ["HEALTH_CHECK_INTERVAL"])
TTL = term("DNS TTL", 60, "ttl", [])
PITR = term("point-in-time restore precision", 1, "pitr", ["PITR_PRECISION_ASSUMED"])


def posture() -> dict[str, Any]:
    """The posture output for both services, values as the program computes them today."""
    return {
        "crm": {
            "region-loss": {
                "rto": objective(
                    3600,
                    DETECTION,
                    term("scale VMs 0 -> 2", 1200, "scale-up", ["VM_SCALE_UP_ASSUMED"]),
                    TTL,
                ),
                "rpo": {
                    "crm": objective(
                        900, term("RDS replica lag", 1, "replication", ["RDS_REPLICA_LAG_ASSUMED"])
                    ),
                    "attachments": objective(900, term("S3 RTC lag", 900, "replication", ["S3_RTC_SLA"])),
                },
            },
            "data-corruption": {
                "rto": objective(
                    3600,
                    term(
                        "restore attachments (500 GB at 1000 GB/h)",
                        1800,
                        "restore",
                        ["RESTORE_GB_PER_HOUR_ASSUMED"],
                    ),
                ),
                "rpo": {"crm": objective(900, PITR), "attachments": objective(900, PITR)},
            },
            "accidental-deletion": {
                "rto": objective(
                    3600,
                    term(
                        "restore crm (150 GB at 500 GB/h)", 1080, "restore", ["RESTORE_GB_PER_HOUR_ASSUMED"]
                    ),
                ),
                "rpo": {"crm": objective(900, PITR)},
            },
        },
        "ecommerce": {
            "region-loss": {
                "rto": objective(
                    900,
                    DETECTION,
                    term("promote orders (Aurora global)", 60, "promotion", ["AURORA_GLOBAL_PROMOTION"]),
                    TTL,
                ),
                "rpo": {
                    "orders": objective(
                        60, term("Aurora global lag", 1, "replication", ["AURORA_GLOBAL_LAG"])
                    ),
                    "carts": objective(
                        60,
                        term("DynamoDB global table lag", 1, "replication", ["DYNAMODB_REPLICATION_ASSUMED"]),
                    ),
                },
            },
            "accidental-deletion": {
                "rto": objective(
                    900,
                    term("restore carts (5 GB at 500 GB/h)", 36, "restore", ["RESTORE_GB_PER_HOUR_ASSUMED"]),
                ),
                "rpo": {"orders": objective(60, PITR), "carts": objective(60, PITR)},
            },
        },
    }


def _health_check(r53: Any, reference: str, config: dict[str, Any]) -> str:
    return str(
        r53.create_health_check(CallerReference=reference, HealthCheckConfig=config)["HealthCheck"]["Id"]
    )


def _endpoint_check(r53: Any, service: str, site: str) -> str:
    return _health_check(
        r53,
        f"{service}-{site}",
        {
            "Type": "HTTPS",
            "FullyQualifiedDomainName": LB[(service, site)],
            "Port": 443,
            "ResourcePath": "/status",
            "RequestInterval": 10,
            "FailureThreshold": 3,
        },
    )


def _failover_records(r53: Any, zone: str, hostname: str, service: str, checks: dict[str, str]) -> None:
    r53.change_resource_record_sets(
        HostedZoneId=zone,
        ChangeBatch={
            "Changes": [
                {
                    "Action": "CREATE",
                    "ResourceRecordSet": {
                        "Name": hostname,
                        "Type": "A",
                        "SetIdentifier": site,
                        "Failover": role,
                        "HealthCheckId": checks[site],
                        "AliasTarget": {
                            "HostedZoneId": ELB_ZONE,
                            "DNSName": LB[(service, site)],
                            "EvaluateTargetHealth": True,
                        },
                    },
                }
                for site, role in (("prod", "PRIMARY"), ("dr", "SECONDARY"))
            ]
        },
    )


def _alarm(client: Client, region: str, name: str, namespace: str, metric: str, dims: dict[str, str]) -> None:
    service = name.split("-", 1)[0]
    cw = client("cloudwatch", region)
    cw.put_metric_alarm(
        AlarmName=name,
        Namespace=namespace,
        MetricName=metric,
        Dimensions=[{"Name": k, "Value": v} for k, v in dims.items()],
        Statistic="Maximum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanThreshold",
        Tags=[{"Key": "service", "Value": service}],
    )


def put_metric(
    client: Client,
    clock: FakeClock,
    region: str,
    namespace: str,
    metric: str,
    dims: dict[str, str],
    value: float,
) -> None:
    client("cloudwatch", region).put_metric_data(
        Namespace=namespace,
        MetricData=[
            {
                "MetricName": metric,
                "Dimensions": [{"Name": k, "Value": v} for k, v in dims.items()],
                "Value": value,
                "Timestamp": clock.now() - timedelta(minutes=2),
            }
        ],
    )


def _backup(client: Client) -> None:
    backup = client("backup", DR)
    backup.create_backup_vault(BackupVaultName=VAULT)
    backup.put_backup_vault_lock_configuration(
        BackupVaultName=VAULT, MinRetentionDays=7, MaxRetentionDays=400
    )


def _crm(
    client: Client, clock: FakeClock, zone: str
) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    r53 = client("route53", PROD)
    checks = {site: _endpoint_check(r53, "crm", site) for site in ("prod", "dr")}
    _failover_records(r53, zone, f"crm.{ZONE}", "crm", checks)
    prod_db = client("rds", PROD).create_db_instance(
        DBInstanceIdentifier="crm-crm-prod",
        Engine="postgres",
        DBInstanceClass="db.m7g.large",
        AllocatedStorage=150,
        MasterUsername="crm",
        MasterUserPassword="not-a-secret-1",
        BackupRetentionPeriod=7,
    )["DBInstance"]
    dr_db = client("rds", DR).create_db_instance_read_replica(
        DBInstanceIdentifier="crm-crm-dr",
        SourceDBInstanceIdentifier=prod_db["DBInstanceArn"],
        DBInstanceClass="db.m7g.large",
    )["DBInstance"]
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
    _alarm(
        client,
        DR,
        "crm-dr-unhealthy-targets",
        "AWS/ApplicationELB",
        "UnHealthyHostCount",
        {"LoadBalancer": "app/dr-crm/1"},
    )
    _alarm(
        client,
        PROD,
        "crm-prod-unhealthy",
        "AWS/Route53",
        "HealthCheckStatus",
        {"HealthCheckId": checks["prod"]},
    )
    _alarm(
        client,
        DR,
        "crm-crm-ReplicaLag-above-rpo",
        "AWS/RDS",
        "ReplicaLag",
        {"DBInstanceIdentifier": "crm-crm-dr"},
    )
    put_metric(client, clock, DR, "AWS/RDS", "ReplicaLag", {"DBInstanceIdentifier": "crm-crm-dr"}, 2.0)
    service = {
        "tier": 1,
        "strategy": "pilot-light",
        "rpo": "15m",
        "rto": "1h",
        "standbyCount": 0,
        "desiredCount": 2,
    }
    endpoint = {
        "hostname": f"crm.{ZONE}",
        "url": f"https://crm.{ZONE}/",
        "failoverSeconds": 90,
        "loadBalancers": {
            site: {"dnsName": LB[("crm", site)], "zoneId": ELB_ZONE} for site in ("prod", "dr")
        },
        "compute": {
            "kind": "vms",
            "autoScalingGroup": "dr-crm-asg",
            "securityGroupId": "sg-1",
            "scaleUpCommand": (
                f"aws autoscaling execute-policy --region {DR} --auto-scaling-group-name dr-crm-asg "
                "--policy-name dr-crm-failover"
            ),
        },
        "healthCheckIds": checks,
    }
    prod = {
        **service,
        "stores": {
            "crm": {"kind": "relational", "mode": "cross-region-replica", "arn": prod_db["DBInstanceArn"]},
            "attachments": {
                "kind": "object",
                "mode": "replicated-bucket",
                "bucket": "crm-attachments",
                "arn": "arn:aws:s3:::crm-attachments",
            },
        },
        "backup": {
            "vaultArn": f"arn:aws:backup:{PROD}:{ACCOUNT}:backup-vault:acme-production-prod",
            "planId": "plan-1",
        },
    }
    dr = {
        **service,
        "stores": {
            "crm": {"kind": "relational", "mode": "cross-region-replica", "arn": dr_db["DBInstanceArn"]},
            "attachments": {
                "kind": "object",
                "mode": "replicated-bucket",
                "bucket": "crm-attachments-replica",
                "arn": "arn:aws:s3:::crm-attachments-replica",
            },
        },
        "backup": {
            "vaultArn": f"arn:aws:backup:{DR}:{ACCOUNT}:backup-vault:{VAULT}",
            "restoreTestingPlan": "crm_restore_test",
        },
    }
    return (
        {
            "service": prod,
            "endpoint": {**endpoint, "compute": {"kind": "vms", "autoScalingGroup": "prod-crm"}},
        },
        {
            "service": dr,
            "endpoint": endpoint,
        },
        checks,
    )


def _ecommerce(
    client: Client, clock: FakeClock, zone: str
) -> tuple[dict[str, Any], dict[str, Any], dict[str, str], dict[str, str], dict[str, str]]:
    r53 = client("route53", PROD)
    checks = {site: _endpoint_check(r53, "ecommerce", site) for site in ("prod", "dr")}
    controls = {site: f"{ARC_PANEL}/routingcontrol/ecommerce-{site}" for site in ("prod", "dr")}
    combined = {}
    for site in ("prod", "dr"):
        control_check = _health_check(r53, f"ecommerce-{site}-control", {"Type": "RECOVERY_CONTROL"})
        combined[site] = _health_check(
            r53,
            f"ecommerce-{site}-combined",
            {"Type": "CALCULATED", "ChildHealthChecks": [checks[site], control_check], "HealthThreshold": 2},
        )
    _failover_records(r53, zone, f"shop.{ZONE}", "ecommerce", combined)
    rds_prod, rds_dr = client("rds", PROD), client("rds", DR)
    orders = {
        "prod": rds_prod.create_db_cluster(
            DBClusterIdentifier="ecommerce-orders-prod",
            Engine="aurora-postgresql",
            EngineVersion="16.4",
            MasterUsername="orders",
            MasterUserPassword="not-a-secret-1",
        )["DBCluster"]["DBClusterArn"]
    }
    rds_prod.create_db_instance(
        DBInstanceIdentifier="ecommerce-orders-prod-1",
        DBClusterIdentifier="ecommerce-orders-prod",
        Engine="aurora-postgresql",
        DBInstanceClass="db.r6g.large",
    )
    rds_prod.create_global_cluster(
        GlobalClusterIdentifier="ecommerce-orders", SourceDBClusterIdentifier=orders["prod"]
    )
    orders["dr"] = rds_dr.create_db_cluster(
        DBClusterIdentifier="ecommerce-orders-dr",
        Engine="aurora-postgresql",
        EngineVersion="16.4",
        GlobalClusterIdentifier="ecommerce-orders",
    )["DBCluster"]["DBClusterArn"]
    ddb = client("dynamodb", PROD)
    carts = ddb.create_table(
        TableName="ecommerce-carts",
        KeySchema=[{"AttributeName": "cartId", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "cartId", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )["TableDescription"]["TableArn"]
    ddb.update_continuous_backups(
        TableName="ecommerce-carts", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    ecs = client("ecs", DR)
    ecs.create_cluster(clusterName="dr-ecommerce")
    ecs.register_task_definition(
        family="dr-ecommerce",
        containerDefinitions=[{"name": "app", "image": "ecommerce:1", "memory": 512}],
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
    )
    ecs.create_service(
        cluster="dr-ecommerce",
        serviceName="dr-ecommerce",
        taskDefinition="dr-ecommerce",
        desiredCount=3,
        launchType="FARGATE",
    )
    client("application-autoscaling", DR).register_scalable_target(
        ServiceNamespace="ecs",
        ResourceId="service/dr-ecommerce/dr-ecommerce",
        ScalableDimension="ecs:service:DesiredCount",
        MinCapacity=3,
        MaxCapacity=12,
    )
    lag = {"DBClusterIdentifier": "ecommerce-orders-dr"}
    ddb_lag = {"TableName": "ecommerce-carts", "ReceivingRegion": DR}
    _alarm(
        client,
        DR,
        "ecommerce-dr-5xx",
        "AWS/ApplicationELB",
        "HTTPCode_Target_5XX_Count",
        {"LoadBalancer": "app/dr-ecommerce/1"},
    )
    _alarm(client, DR, "ecommerce-orders-AuroraGlobalDBRPOLag", "AWS/RDS", "AuroraGlobalDBRPOLag", lag)
    _alarm(client, PROD, "ecommerce-carts-ReplicationLatency", "AWS/DynamoDB", "ReplicationLatency", ddb_lag)
    _alarm(
        client,
        PROD,
        "ecommerce-prod-routed-out",
        "AWS/Route53",
        "HealthCheckStatus",
        {"HealthCheckId": combined["prod"]},
    )
    put_metric(client, clock, DR, "AWS/RDS", "AuroraGlobalDBRPOLag", lag, 800.0)
    put_metric(client, clock, PROD, "AWS/DynamoDB", "ReplicationLatency", ddb_lag, 1200.0)
    service = {
        "tier": 0,
        "strategy": "warm-standby",
        "rpo": "1m",
        "rto": "15m",
        "standbyCount": 3,
        "desiredCount": 6,
    }
    endpoint = {
        "hostname": f"shop.{ZONE}",
        "url": f"https://shop.{ZONE}/",
        "failoverSeconds": 90,
        "loadBalancers": {
            site: {"dnsName": LB[("ecommerce", site)], "zoneId": ELB_ZONE} for site in ("prod", "dr")
        },
        "compute": {"kind": "containers", "cluster": "dr-ecommerce", "service": "dr-ecommerce"},
        "healthCheckIds": checks,
        "routingControlArns": controls,
    }

    def stores(site: str) -> dict[str, Any]:
        region = PROD if site == "prod" else DR
        return {
            "orders": {
                "kind": "relational",
                "mode": "global-database",
                "arn": orders[site],
                "globalClusterId": "ecommerce-orders",
            },
            "carts": {
                "kind": "keyvalue",
                "mode": "multi-region-table",
                "tableName": "ecommerce-carts",
                "arn": carts.replace(PROD, region),
            },
        }

    prod = {**service, "stores": stores("prod")}
    dr = {
        **service,
        "stores": stores("dr"),
        "backup": {
            "vaultArn": f"arn:aws:backup:{DR}:{ACCOUNT}:backup-vault:{VAULT}",
            "restoreTestingPlan": "ecommerce_restore_test",
        },
    }
    prod_endpoint = {
        **endpoint,
        "compute": {"kind": "containers", "cluster": "prod-ecommerce", "service": "prod-ecommerce"},
    }
    prod_endpoint = {
        k: v for k, v in prod_endpoint.items() if k not in ("healthCheckIds", "routingControlArns")
    }
    return (
        {"service": prod, "endpoint": prod_endpoint},
        {"service": dr, "endpoint": endpoint},
        checks,
        controls,
        orders,
    )


def deploy(client: Client, clock: FakeClock) -> tuple[dict[str, dict[str, Any]], Topology]:
    """Both services into moto; returns the stacks' outputs and the ids the fakes need."""
    zone = str(
        client("route53", PROD).create_hosted_zone(Name=ZONE, CallerReference="drctl-test")["HostedZone"][
            "Id"
        ]
    ).rsplit("/", 1)[-1]
    _backup(client)
    crm_prod, crm_dr, crm_checks = _crm(client, clock, zone)
    shop_prod, shop_dr, shop_checks, controls, orders = _ecommerce(client, clock, zone)
    outputs = {}
    for stack, region, role, crm, shop in (
        ("prod", PROD, "primary", crm_prod, shop_prod),
        ("dr", DR, "recovery", crm_dr, shop_dr),
    ):
        outputs[stack] = {
            "site": {"role": role, "cloud": "aws", "region": region},
            "keyArn": f"arn:aws:kms:{region}:{ACCOUNT}:key/mrk-1",
            "services": {"crm": crm["service"], "ecommerce": shop["service"]},
            "endpoints": {"crm": crm["endpoint"], "ecommerce": shop["endpoint"]},
            "posture": posture(),
        }
    topology = Topology(
        crm_checks=crm_checks,
        shop_checks=shop_checks,
        controls=controls,
        control_panel=ARC_PANEL,
        cluster=f"arn:aws:route53-recovery-control::{ACCOUNT}:cluster/acme-production",
        safety_rule=f"{ARC_PANEL}/safetyrule/ecommerce-one-site-on",
        global_id="ecommerce-orders",
        orders=orders,
        carts="ecommerce-carts",
    )
    return outputs, topology


def recovery_points(outputs: dict[str, dict[str, Any]]) -> list[str]:
    """The prod resources whose copies the dr vault holds."""
    return [
        store["arn"]
        for service in outputs["prod"]["services"].values()
        for store in service["stores"].values()
        if store.get("arn")
    ]
