"""What moto lacks, behind drctl's own gateways: fake operations on a hybrid client that serves
the rest from moto. Every fake call's parameters and response are validated against botocore's
service model (the same check botocore's Stubber applies), so a fake cannot drift from AWS's shapes.

The `World` holds what moto cannot (ARC, Aurora switchover, DynamoDB replicas, Backup restore
jobs, health-check verdicts) and the delays of a real recovery on the injected clock: a drill's
measured times are the World's delays, never moto's instant state changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import botocore.session
from botocore.exceptions import ClientError
from botocore.validate import validate_parameters

from drctl.gateways.base import Observation, api_name
from drctl.guard import Guard

_MODELS = botocore.session.get_session()
PROD, DR = "us-east-1", "us-west-2"
ACCOUNT = "123456789012"
Fakes = dict[str, Callable[..., dict[str, Any]]]


def validate_call(service: str, operation: str, params: dict[str, Any], response: dict[str, Any]) -> None:
    """Raise botocore's ParamValidationError if params or response do not fit the service model."""
    model = _MODELS.get_service_model(service).operation_model(operation)
    if model.input_shape is not None:
        validate_parameters(params, model.input_shape)
    if model.output_shape is not None:
        validate_parameters(response, model.output_shape)


def error(code: str, message: str, operation: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, operation)


def plain(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def _on_demand(table: dict[str, Any]) -> dict[str, Any]:
    """An on-demand table as moto describes it reports zero throughput figures that botocore's
    model bounds at >= 1 (bounds meant for requests): drop them so the shape check applies."""
    out = dict(table)
    out.pop("WarmThroughput", None)
    out["ProvisionedThroughput"] = {
        k: v for k, v in out.get("ProvisionedThroughput", {}).items() if k != "NumberOfDecreasesToday"
    }
    return out


class FakeClock:
    def __init__(self, start: datetime | None = None):
        self.t = start or datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)


class HybridClient:
    """A boto3 client (on moto) with some operations replaced by validated fakes."""

    def __init__(self, service: str, real: Any, fakes: Fakes, guard: Guard):
        self._service = service
        self._real = real
        self._fakes = fakes
        self._guard = guard
        self.meta = getattr(real, "meta", None)

    def __getattr__(self, method: str) -> Any:
        if method not in self._fakes:
            return getattr(self._real, method)

        operation = self._real.meta.method_to_api_mapping.get(method) or api_name(method)

        def call(**params: Any) -> dict[str, Any]:
            self._guard.check(operation)  # the same backstop the real clients carry
            response = self._fakes[method](**params)
            validate_call(self._service, operation, params, response)
            return response

        return call


@dataclass(frozen=True)
class Topology:
    """The names and ids the test deployment gave its resources (read by the World's fakes)."""

    crm_checks: dict[str, str]
    shop_checks: dict[str, str]
    controls: dict[str, str]
    """ecommerce's ARC routing controls by site."""
    control_panel: str
    cluster: str
    safety_rule: str
    global_id: str
    orders: dict[str, str]
    """ecommerce's Aurora cluster ARNs by site."""
    carts: str
    crm_group: str = "dr-crm-asg"
    crm_replica: str = "crm-crm-dr"
    crm_bucket: str = "crm-attachments"
    crm_replica_bucket: str = "crm-attachments-replica"
    ecs_cluster: str = "dr-ecommerce"
    ecs_service: str = "dr-ecommerce"
    shop_standby: int = 3
    crm_wanted: int = 2


@dataclass
class World:
    """The state moto cannot hold, and the delays of a real recovery on the simulated clock."""

    clock: FakeClock
    real: Callable[[str, str], Any]
    """(service, region) -> a plain moto client, for fakes that read or change moto's state."""
    top: Topology
    # --- delays of a real recovery (seconds) ---
    promote_seconds: float = 240.0
    switchover_seconds: float = 90.0
    unplanned_failover_seconds: float = 60.0
    boot_seconds: float = 180.0
    warmup_seconds: float = 30.0
    task_start_seconds: float = 270.0
    s3_lag_seconds: float = 20.0
    ddb_lag_seconds: float = 25.0
    restore_seconds: dict[str, float] = field(
        default_factory=lambda: {"RDS": 600.0, "S3": 300.0, "DynamoDB": 420.0, "Aurora": 900.0}
    )
    # --- knobs a test turns to break a guarantee ---
    prod_up: bool = True
    replica_normal: bool = True
    ddb_replica_status: str = "ACTIVE"
    dr_secondary_attached: bool = True
    recovery_points: dict[str, datetime] = field(default_factory=dict)
    restore_test: dict[str, str] | None = field(
        default_factory=lambda: {"Status": "COMPLETED", "ValidationStatus": "SUCCESSFUL"}
    )
    composite_alarm: str | None = None
    """State of crm's composite alarm in dr, when a test adds one (moto has no composite alarms)."""
    safety_rule_threshold: int = 1
    undeletable: set[str] = field(default_factory=set)
    """Scratch resources whose delete is accepted but never happens (cleanup must notice)."""
    fail_once: set[str] = field(default_factory=set)
    """boto3 methods that raise once (an outage mid-drill)."""
    interrupt_once: set[str] = field(default_factory=set)
    """boto3 methods that raise KeyboardInterrupt once (the operator's Ctrl-C)."""
    # --- state ---
    promoted_at: dict[str, datetime] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    """Promoted replicas deleted at failback (moto cannot delete a promoted cross-region replica)."""
    launched_at: dict[str, datetime] = field(default_factory=dict)
    ecs_running: int = 0
    ecs_pending: tuple[int, datetime] | None = None
    writer: str = ""
    switching: tuple[str, datetime, bool] | None = None
    """(target cluster ARN, requested at, data loss allowed) while Aurora switches its writer."""
    arc: dict[str, str] = field(default_factory=dict)
    restore_jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    validations: dict[str, str] = field(default_factory=dict)
    deleted_tags: dict[str, dict[str, str]] = field(default_factory=dict)
    """Tags each scratch resource carried when drctl deleted it."""

    def __post_init__(self) -> None:
        self.writer = self.writer or self.top.orders["prod"]
        self.ecs_running = self.ecs_running or self.top.shop_standby
        self.arc = self.arc or {self.top.controls["prod"]: "On", self.top.controls["dr"]: "Off"}

    def _crash(self, method: str) -> None:
        if method in self.interrupt_once:
            self.interrupt_once.discard(method)
            raise KeyboardInterrupt
        if method in self.fail_once:
            self.fail_once.discard(method)
            raise ConnectionError(f"simulated outage during {method}")

    def since(self, at: datetime) -> float:
        return (self.clock.now() - at).total_seconds()

    # --- who serves -----------------------------------------------------------------------

    def inverted(self, check_id: str) -> bool:
        check = self.real("route53", PROD).get_health_check(HealthCheckId=check_id)["HealthCheck"]
        return bool(check["HealthCheckConfig"].get("Inverted", False))

    def crm_dr_healthy(self) -> bool:
        """dr's crm check passes once enough instances are in service and the checkers' threshold
        of consecutive successes has passed."""
        ready = sorted(
            at + timedelta(seconds=self.boot_seconds) for at in self._group_launches(self.top.crm_group)
        )
        if len(ready) < self.top.crm_wanted:
            return False
        serving_since = ready[self.top.crm_wanted - 1]
        return self.clock.now() >= serving_since + timedelta(seconds=self.warmup_seconds)

    def check_healthy(self, check_id: str) -> bool:
        top = self.top
        if check_id in (top.crm_checks["prod"], top.shop_checks["prod"]):
            return self.prod_up and not self.inverted(check_id)
        if check_id == top.crm_checks["dr"]:
            return self.crm_dr_healthy()
        if check_id == top.shop_checks["dr"]:
            return self._ecs()[1] > 0
        raise AssertionError(f"no such health check in the test world: {check_id}")

    def serving(self, url: str) -> bool:
        """The public name as clients see it (Route 53's failover answer, then the site)."""
        top = self.top
        if "crm." in url:
            return self.check_healthy(top.crm_checks["prod"]) or self.check_healthy(top.crm_checks["dr"])
        prod_in = self.arc[top.controls["prod"]] == "On" and self.check_healthy(top.shop_checks["prod"])
        dr_in = self.arc[top.controls["dr"]] == "On" and self.check_healthy(top.shop_checks["dr"])
        return prod_in or dr_in

    # --- route53: the checkers' verdict ----------------------------------------------------

    def route53_fakes(self) -> Fakes:
        def get_health_check_status(**params: Any) -> dict[str, Any]:
            healthy = self.check_healthy(params["HealthCheckId"])
            status = "Success: HTTP Status Code 200, OK" if healthy else "Failure: Connection timed out."
            regions = ["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "sa-east-1"]
            return {
                "HealthCheckObservations": [
                    {
                        "Region": r,
                        "IPAddress": "192.0.2.1",
                        "StatusReport": {"Status": status, "CheckedTime": self.clock.now()},
                    }
                    for r in regions
                ]
            }

        return {"get_health_check_status": get_health_check_status}

    # --- cloudwatch: a composite alarm (moto has metric alarms only) ------------------------

    COMPOSITE = f"arn:aws:cloudwatch:{DR}:{ACCOUNT}:alarm:crm-dr-composite"

    def cloudwatch_fakes(self, region: str) -> Fakes:
        real = self.real("cloudwatch", region)
        if region != DR:
            return {}

        def describe_alarms(**params: Any) -> dict[str, Any]:
            found = plain(real.describe_alarms(**params))
            names = params.get("AlarmNames")
            wanted = "CompositeAlarm" in params.get("AlarmTypes", []) and (
                names is None or "crm-dr-composite" in names
            )
            if self.composite_alarm is not None and wanted:
                found.setdefault("CompositeAlarms", []).append(
                    {
                        "AlarmName": "crm-dr-composite",
                        "AlarmArn": self.COMPOSITE,
                        "AlarmRule": 'ALARM("crm-dr-unhealthy-targets")',
                        "StateValue": self.composite_alarm,
                        "StateReason": "test",
                    }
                )
            return found

        def list_tags_for_resource(**params: Any) -> dict[str, Any]:
            if params["ResourceARN"] == self.COMPOSITE:
                return {"Tags": [{"Key": "service", "Value": "crm"}]}
            return plain(real.list_tags_for_resource(**params))

        return {"describe_alarms": describe_alarms, "list_tags_for_resource": list_tags_for_resource}

    # --- ARC: routing controls and the safety rule (moto has no ARC) -----------------------

    def arc_config_fakes(self) -> Fakes:
        top = self.top

        def describe_routing_control(**params: Any) -> dict[str, Any]:
            arn = params["RoutingControlArn"]
            if arn not in self.arc:
                raise error("ResourceNotFoundException", f"{arn} not found", "DescribeRoutingControl")
            return {
                "RoutingControl": {
                    "ControlPanelArn": top.control_panel,
                    "Name": arn.rsplit("/", 1)[-1],
                    "RoutingControlArn": arn,
                    "Status": "DEPLOYED",
                }
            }

        def describe_control_panel(**params: Any) -> dict[str, Any]:
            return {
                "ControlPanel": {
                    "ClusterArn": top.cluster,
                    "ControlPanelArn": params["ControlPanelArn"],
                    "DefaultControlPanel": False,
                    "Name": "acme-production",
                    "RoutingControlCount": len(self.arc),
                    "Status": "DEPLOYED",
                }
            }

        def describe_cluster(**params: Any) -> dict[str, Any]:
            # Unroutable endpoints: a call that escapes the fakes fails at once.
            return {
                "Cluster": {
                    "ClusterArn": params["ClusterArn"],
                    "ClusterEndpoints": [
                        {"Endpoint": "https://127.0.0.1:9/v1", "Region": r}
                        for r in ("us-west-2", "us-east-1", "eu-west-1", "ap-northeast-1", "ap-southeast-2")
                    ],
                    "Name": "acme-production",
                    "Status": "DEPLOYED",
                }
            }

        def list_safety_rules(**params: Any) -> dict[str, Any]:
            if self.safety_rule_threshold <= 0:
                return {"SafetyRules": []}
            return {
                "SafetyRules": [
                    {
                        "ASSERTION": {
                            "AssertedControls": list(top.controls.values()),
                            "ControlPanelArn": params["ControlPanelArn"],
                            "Name": "ecommerce-one-site-on",
                            "RuleConfig": {
                                "Inverted": False,
                                "Threshold": self.safety_rule_threshold,
                                "Type": "ATLEAST",
                            },
                            "SafetyRuleArn": top.safety_rule,
                            "Status": "DEPLOYED",
                            "WaitPeriodMs": 5000,
                        }
                    }
                ]
            }

        return {
            "describe_routing_control": describe_routing_control,
            "describe_control_panel": describe_control_panel,
            "describe_cluster": describe_cluster,
            "list_safety_rules": list_safety_rules,
        }

    def arc_cluster_fakes(self) -> Fakes:
        def get_routing_control_state(**params: Any) -> dict[str, Any]:
            arn = params["RoutingControlArn"]
            return {"RoutingControlArn": arn, "RoutingControlState": self.arc[arn]}

        def update_routing_control_state(**params: Any) -> dict[str, Any]:
            arn, state = params["RoutingControlArn"], params["RoutingControlState"]
            after = {**self.arc, arn: state}
            on = sum(1 for a in self.top.controls.values() if after[a] == "On")
            if self.safety_rule_threshold > 0 and on < self.safety_rule_threshold:
                # The API reference names ConflictException among this call's errors; which one a
                # rule violation raises is not documented, so this is an assumption.
                raise error(
                    "ConflictException",
                    f"safety rule ecommerce-one-site-on (ATLEAST {self.safety_rule_threshold}) would be "
                    "violated",
                    "UpdateRoutingControlState",
                )
            self.arc[arn] = state
            return {}

        return {
            "get_routing_control_state": get_routing_control_state,
            "update_routing_control_state": update_routing_control_state,
        }

    # --- rds: replica promotion takes time and unlinks; Aurora switchover/failover ----------

    def _shape(self, instance: dict[str, Any]) -> dict[str, Any]:
        out = plain(instance)
        name = out["DBInstanceIdentifier"]
        promoted = self.promoted_at.get(name)
        if promoted is not None:
            done = self.since(promoted) >= self.promote_seconds
            out["DBInstanceStatus"] = "available" if done else "modifying"
            if done:
                out.pop("ReadReplicaSourceDBInstanceIdentifier", None)
                out.pop("StatusInfos", None)
        elif out.get("ReadReplicaSourceDBInstanceIdentifier"):
            out["StatusInfos"] = [
                {
                    "StatusType": "read replication",
                    "Normal": self.replica_normal,
                    "Status": "replicating" if self.replica_normal else "error",
                }
            ]
        return out

    def _global(self, found: dict[str, Any]) -> dict[str, Any]:
        """moto reports no writer; the World knows which member writes and whether it is switching."""
        out = plain(found)
        if out["GlobalClusterIdentifier"] != self.top.global_id:
            return out
        if self.switching is not None:
            target, at, lossy = self.switching
            seconds = self.unplanned_failover_seconds if lossy else self.switchover_seconds
            if self.since(at) >= seconds:
                self.writer, self.switching = target, None
        members = [
            {**m, "IsWriter": m["DBClusterArn"] == self.writer}
            for m in out.get("GlobalClusterMembers", [])
            if self.dr_secondary_attached or m["DBClusterArn"] != self.top.orders["dr"]
        ]
        out["GlobalClusterMembers"] = members
        out["Status"] = "available"
        out.pop("FailoverState", None)
        if self.switching is not None:
            target, _, lossy = self.switching
            state = "failing-over" if lossy else "switching-over"
            out["Status"] = state
            out["FailoverState"] = {
                "Status": state,
                "FromDbClusterArn": self.writer,
                "ToDbClusterArn": target,
                "IsDataLossAllowed": lossy,
            }
        return out

    def rds_fakes(self, region: str) -> Fakes:
        real = self.real("rds", region)

        def promote_read_replica(**params: Any) -> dict[str, Any]:
            self._crash("promote_read_replica")
            self.promoted_at[params["DBInstanceIdentifier"]] = self.clock.now()
            found = real.describe_db_instances(DBInstanceIdentifier=params["DBInstanceIdentifier"])
            return {"DBInstance": self._shape(found["DBInstances"][0])}

        def describe_db_instances(**params: Any) -> dict[str, Any]:
            wanted = params.get("DBInstanceIdentifier")
            if wanted in self.deleted:
                raise error("DBInstanceNotFound", f"DBInstance {wanted} not found.", "DescribeDBInstances")
            found = real.describe_db_instances(**params)
            return {
                "DBInstances": [
                    self._shape(i)
                    for i in found["DBInstances"]
                    if i["DBInstanceIdentifier"] not in self.deleted
                ]
            }

        def delete_db_instance(**params: Any) -> dict[str, Any]:
            name = params["DBInstanceIdentifier"]
            shaped = self._shape(real.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"][0])
            tags = real.list_tags_for_resource(ResourceName=shaped["DBInstanceArn"])["TagList"]
            self.deleted_tags[name] = {t["Key"]: t["Value"] for t in tags}
            if name in self.undeletable:
                return {"DBInstance": {**shaped, "DBInstanceStatus": "deleting"}}
            if name not in self.promoted_at:
                return {"DBInstance": self._shape(real.delete_db_instance(**params)["DBInstance"])}
            self.deleted.add(name)
            return {"DBInstance": {**shaped, "DBInstanceStatus": "deleting"}}

        def create_db_instance_read_replica(**params: Any) -> dict[str, Any]:
            self._crash("create_db_instance_read_replica")
            self.promoted_at.pop(params["DBInstanceIdentifier"], None)
            self.deleted.discard(params["DBInstanceIdentifier"])
            kept = {k: v for k, v in params.items() if k != "SourceRegion"}  # boto3 presigns with it
            return {"DBInstance": self._shape(real.create_db_instance_read_replica(**kept)["DBInstance"])}

        def describe_global_clusters(**params: Any) -> dict[str, Any]:
            found = real.describe_global_clusters(**params)
            return {"GlobalClusters": [self._global(g) for g in found["GlobalClusters"]]}

        def switch(method: str, lossy: bool) -> Callable[..., dict[str, Any]]:
            operation = api_name(method)

            def call(**params: Any) -> dict[str, Any]:
                self._crash(method)
                current = describe_global_clusters(GlobalClusterIdentifier=params["GlobalClusterIdentifier"])
                found = current["GlobalClusters"][0]
                target = params["TargetDbClusterIdentifier"]
                members = [m["DBClusterArn"] for m in found["GlobalClusterMembers"]]
                if found["Status"] != "available" or target not in members or target == self.writer:
                    raise error(
                        "InvalidGlobalClusterStateFault",
                        f"cannot make {target} the writer (status {found['Status']})",
                        operation,
                    )
                self.switching = (target, self.clock.now(), lossy)
                return {"GlobalCluster": self._global(found)}

            return call

        return {
            "promote_read_replica": promote_read_replica,
            "describe_db_instances": describe_db_instances,
            "create_db_instance_read_replica": create_db_instance_read_replica,
            "delete_db_instance": delete_db_instance,
            "describe_global_clusters": describe_global_clusters,
            "switchover_global_cluster": switch("switchover_global_cluster", False),
            "failover_global_cluster": switch("failover_global_cluster", True),
        }

    # --- dynamodb: the global table's replica (moto keeps no replicas) ---------------------

    def dynamodb_fakes(self, region: str) -> Fakes:
        real = self.real("dynamodb", region)
        prod = self.real("dynamodb", PROD)

        def describe_table(**params: Any) -> dict[str, Any]:
            found = {"Table": _on_demand(real.describe_table(**params)["Table"])}
            if params["TableName"] == self.top.carts and region == PROD:
                found["Table"]["Replicas"] = [{"RegionName": DR, "ReplicaStatus": self.ddb_replica_status}]
            return found

        def get_item(**params: Any) -> dict[str, Any]:
            """dr's copy: what prod holds, less what was written within the replication lag."""
            found = plain(prod.get_item(**params))
            written = found.get("Item", {}).get("drctlWrittenAt", {}).get("S")
            if written and self.since(datetime.fromisoformat(written)) < self.ddb_lag_seconds:
                return {}
            return found

        def delete_table(**params: Any) -> dict[str, Any]:
            name = params["TableName"]
            arn = real.describe_table(TableName=name)["Table"]["TableArn"]
            tags = real.list_tags_of_resource(ResourceArn=arn).get("Tags", [])
            self.deleted_tags[name] = {t["Key"]: t["Value"] for t in tags}
            if name in self.undeletable:
                return {"TableDescription": describe_table(TableName=name)["Table"]}
            return {"TableDescription": _on_demand(real.delete_table(**params)["TableDescription"])}

        fakes: Fakes = {"describe_table": describe_table, "delete_table": delete_table}
        if region == DR:
            fakes["get_item"] = get_item
        return fakes

    # --- s3: cross-region replication with a lag, scratch buckets --------------------------

    def s3_fakes(self) -> Fakes:
        source, replica = self.real("s3", PROD), self.real("s3", DR)

        def list_objects_v2(**params: Any) -> dict[str, Any]:
            if params["Bucket"] != self.top.crm_replica_bucket:
                return plain(replica.list_objects_v2(**params))
            found = source.list_objects_v2(Bucket=self.top.crm_bucket, Prefix=params.get("Prefix", ""))
            contents = []
            for o in found.get("Contents", []):
                body = source.get_object(Bucket=self.top.crm_bucket, Key=o["Key"])["Body"].read().decode()
                if self.since(datetime.fromisoformat(body)) >= self.s3_lag_seconds:
                    contents.append({"Key": o["Key"], "Size": o["Size"], "LastModified": o["LastModified"]})
            return {
                "Contents": contents,
                "KeyCount": len(contents),
                "Name": params["Bucket"],
                "IsTruncated": False,
            }

        def delete_bucket(**params: Any) -> dict[str, Any]:
            bucket = params["Bucket"]
            try:
                tags = replica.get_bucket_tagging(Bucket=bucket)["TagSet"]
            except ClientError:
                tags = []
            self.deleted_tags[bucket] = {t["Key"]: t["Value"] for t in tags}
            if bucket in self.undeletable:
                return {}
            return plain(replica.delete_bucket(**params))

        return {"list_objects_v2": list_objects_v2, "delete_bucket": delete_bucket}

    # --- autoscaling: instances boot before they serve (moto has them InService at once) ---

    def _group_launches(self, group: str) -> list[datetime]:
        found = self.real("autoscaling", DR).describe_auto_scaling_groups(AutoScalingGroupNames=[group])
        instances = found["AutoScalingGroups"][0]["Instances"] if found["AutoScalingGroups"] else []
        return [self.launched_at.setdefault(i["InstanceId"], self.clock.now()) for i in instances]

    def autoscaling_fakes(self) -> Fakes:
        real = self.real("autoscaling", DR)

        def describe_auto_scaling_groups(**params: Any) -> dict[str, Any]:
            found = plain(real.describe_auto_scaling_groups(**params))
            for group in found["AutoScalingGroups"]:
                for i in group.get("Instances", []):
                    at = self.launched_at.setdefault(i["InstanceId"], self.clock.now())
                    booted = self.since(at) >= self.boot_seconds
                    i["LifecycleState"] = "InService" if booted else "Pending"
            return found

        def scaling(method: str) -> Callable[..., dict[str, Any]]:
            def call(**params: Any) -> dict[str, Any]:
                response = plain(getattr(real, method)(**params))
                self._group_launches(params["AutoScalingGroupName"])  # new instances boot from now
                return response

            return call

        return {
            "describe_auto_scaling_groups": describe_auto_scaling_groups,
            "execute_policy": scaling("execute_policy"),
            "update_auto_scaling_group": scaling("update_auto_scaling_group"),
        }

    # --- ecs: tasks take time to start (moto never runs them) ------------------------------

    def _ecs(self) -> tuple[int, int]:
        """(wanted, running) of dr's ecommerce service: the floor Application Auto Scaling sets."""
        targets = self.real("application-autoscaling", DR).describe_scalable_targets(
            ServiceNamespace="ecs",
            ResourceIds=[f"service/{self.top.ecs_cluster}/{self.top.ecs_service}"],
        )["ScalableTargets"]
        service = self.real("ecs", DR).describe_services(
            cluster=self.top.ecs_cluster, services=[self.top.ecs_service]
        )["services"][0]
        wanted = max([int(service["desiredCount"]), *(int(t["MinCapacity"]) for t in targets)])
        if wanted < self.ecs_running:
            self.ecs_running, self.ecs_pending = wanted, None
        elif wanted > self.ecs_running:
            if self.ecs_pending is None or self.ecs_pending[0] != wanted:
                self.ecs_pending = (wanted, self.clock.now())
            if self.since(self.ecs_pending[1]) >= self.task_start_seconds:
                self.ecs_running, self.ecs_pending = wanted, None
        return wanted, self.ecs_running

    def ecs_fakes(self) -> Fakes:
        real = self.real("ecs", DR)

        def describe_services(**params: Any) -> dict[str, Any]:
            found = plain(real.describe_services(**params))
            for s in found["services"]:
                if s["serviceName"] != self.top.ecs_service:
                    continue
                wanted, running = self._ecs()
                rollout = "COMPLETED" if running >= wanted else "IN_PROGRESS"
                s.update(desiredCount=wanted, runningCount=running, pendingCount=wanted - running)
                s["deployments"] = [
                    {**d, "desiredCount": wanted, "runningCount": running, "rolloutState": rollout}
                    for d in s.get("deployments", [])[:1]
                ]
            return found

        return {"describe_services": describe_services}

    def appscaling_fakes(self) -> Fakes:
        real = self.real("application-autoscaling", DR)

        def register_scalable_target(**params: Any) -> dict[str, Any]:
            response = plain(real.register_scalable_target(**params))
            self._ecs()  # the service starts its tasks from the moment the floor rises
            return response

        return {"register_scalable_target": register_scalable_target}

    # --- backup: recovery points, restore jobs (moto has vaults and plans only) ------------

    def backup_fakes(self) -> Fakes:
        vault_arn = f"arn:aws:backup:{DR}:{ACCOUNT}:backup-vault:acme-production-dr"

        def point_arn(resource: str) -> str:
            return f"arn:aws:backup:{DR}:{ACCOUNT}:recovery-point:copy-{abs(hash(resource)) % 10**8}"

        def list_recovery_points_by_backup_vault(**params: Any) -> dict[str, Any]:
            arn = params.get("ByResourceArn", "")
            created = self.recovery_points.get(arn)
            points = (
                []
                if created is None
                else [
                    {
                        "RecoveryPointArn": point_arn(arn),
                        "BackupVaultName": params["BackupVaultName"],
                        "ResourceArn": arn,
                        "CreationDate": created,
                        "Status": "COMPLETED",
                    }
                ]
            )
            return {"RecoveryPoints": points}

        def get_recovery_point_restore_metadata(**params: Any) -> dict[str, Any]:
            source = next(r for r in self.recovery_points if point_arn(r) == params["RecoveryPointArn"])
            metadata = (
                {"DBInstanceIdentifier": source.rsplit(":", 1)[-1], "Engine": "postgres"}
                if ":db:" in source
                else {"DestinationBucketName": source.rsplit(":", 1)[-1], "NewBucket": "false"}
            )
            return {
                "BackupVaultArn": vault_arn,
                "RecoveryPointArn": params["RecoveryPointArn"],
                "RestoreMetadata": metadata,
                "ResourceType": "RDS" if ":db:" in source else "S3",
            }

        def start_restore_job(**params: Any) -> dict[str, Any]:
            job_id = f"restore-{len(self.restore_jobs) + 1}"
            self.restore_jobs[job_id] = {**params, "at": self.clock.now(), "created": None}
            return {"RestoreJobId": job_id}

        def describe_restore_job(**params: Any) -> dict[str, Any]:
            job = self.restore_jobs[params["RestoreJobId"]]
            kind, metadata = job["ResourceType"], job["Metadata"]
            done = self.since(job["at"]) >= self.restore_seconds[kind]
            if done and job["created"] is None:
                job["created"] = self._restore_into_scratch(kind, metadata)
            out: dict[str, Any] = {
                "RestoreJobId": params["RestoreJobId"],
                "RecoveryPointArn": job["RecoveryPointArn"],
                "BackupVaultArn": vault_arn,
                "CreationDate": job["at"],
                "Status": "COMPLETED" if done else "RUNNING",
                "ResourceType": kind,
                "IamRoleArn": job["IamRoleArn"],
            }
            if done:
                out["CreatedResourceArn"] = job["created"]
                out["CompletionDate"] = job["at"] + timedelta(seconds=self.restore_seconds[kind])
            if params["RestoreJobId"] in self.validations:
                out["ValidationStatus"] = self.validations[params["RestoreJobId"]]
            return out

        def put_restore_validation_result(**params: Any) -> dict[str, Any]:
            if self.restore_jobs[params["RestoreJobId"]]["created"] is None:
                raise error(
                    "InvalidRequestException", "restore job not completed", "PutRestoreValidationResult"
                )
            self.validations[params["RestoreJobId"]] = params["ValidationStatus"]
            return {}

        def get_restore_testing_plan(**params: Any) -> dict[str, Any]:
            return {
                "RestoreTestingPlan": {
                    "CreationTime": self.clock.now(),
                    "RecoveryPointSelection": {
                        "Algorithm": "LATEST_WITHIN_WINDOW",
                        "IncludeVaults": ["*"],
                        "RecoveryPointTypes": ["SNAPSHOT"],
                    },
                    "RestoreTestingPlanArn": (
                        f"arn:aws:backup:{DR}:{ACCOUNT}:restore-testing-plan:"
                        + params["RestoreTestingPlanName"]
                    ),
                    "RestoreTestingPlanName": params["RestoreTestingPlanName"],
                    "ScheduleExpression": "cron(0 5 ? * 3 *)",
                }
            }

        def list_restore_jobs(**params: Any) -> dict[str, Any]:
            if self.restore_test is None:
                return {"RestoreJobs": []}
            return {
                "RestoreJobs": [
                    {
                        "RestoreJobId": "job-1",
                        "CreationDate": self.clock.now() - timedelta(days=2),
                        **self.restore_test,
                    }
                ]
            }

        return {
            "list_recovery_points_by_backup_vault": list_recovery_points_by_backup_vault,
            "get_recovery_point_restore_metadata": get_recovery_point_restore_metadata,
            "start_restore_job": start_restore_job,
            "describe_restore_job": describe_restore_job,
            "put_restore_validation_result": put_restore_validation_result,
            "get_restore_testing_plan": get_restore_testing_plan,
            "list_restore_jobs": list_restore_jobs,
        }

    def _restore_into_scratch(self, kind: str, metadata: dict[str, str]) -> str:
        """What a completed restore job leaves behind: the resource, created in moto."""
        if kind == "RDS":
            name = metadata["DBInstanceIdentifier"]
            created = self.real("rds", DR).create_db_instance(
                DBInstanceIdentifier=name,
                Engine=metadata.get("Engine", "postgres"),
                DBInstanceClass="db.m7g.large",
                AllocatedStorage=150,
                MasterUsername="restored",
                MasterUserPassword="not-a-secret-1",
            )
            return str(created["DBInstance"]["DBInstanceArn"])
        if kind == "S3":
            bucket = metadata["DestinationBucketName"]
            self.real("s3", DR).create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": DR}
            )
            return f"arn:aws:s3:::{bucket}"
        raise AssertionError(f"the test world restores RDS and S3 recovery points, not {kind}")


class FakeProber:
    """The public name, as clients see it."""

    def __init__(self, world: World):
        self.world = world

    def probe(self, url: str) -> Observation:
        code = 200 if self.world.serving(url) else 503
        return Observation(code == 200, f"{url}: HTTP {code}", {"url": url, "status": code})
