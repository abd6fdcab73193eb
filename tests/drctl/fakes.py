"""What moto lacks, behind drctl's own gateways: fake operations on a hybrid client that serves
the rest from moto. Every fake call's parameters and response are validated against botocore's
service model (the same check botocore's Stubber applies), so a fake cannot drift from AWS's shapes.
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


def validate_call(service: str, operation: str, params: dict[str, Any], response: dict[str, Any]) -> None:
    """Raise botocore's ParamValidationError if params or response do not fit the service model."""
    model = _MODELS.get_service_model(service).operation_model(operation)
    if model.input_shape is not None:
        validate_parameters(params, model.input_shape)
    if model.output_shape is not None:
        validate_parameters(response, model.output_shape)


class FakeClock:
    def __init__(self, start: datetime | None = None):
        self.t = start or datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)


class HybridClient:
    """A boto3 client (on moto) with some operations replaced by validated fakes."""

    def __init__(
        self, service: str, real: Any, fakes: dict[str, Callable[..., dict[str, Any]]], guard: Guard
    ):
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


@dataclass
class World:
    """The state moto cannot hold, and the delays of a real recovery on the simulated clock."""

    clock: FakeClock
    real: Callable[[str, str], Any]
    """(service, region) -> a plain moto client, for fakes that read moto's state."""
    promote_seconds: float = 240.0
    dr_warmup_seconds: float = 60.0
    s3_lag_seconds: float = 20.0
    prod_up: bool = True
    promoted_at: dict[str, datetime] = field(default_factory=dict)
    dr_scaled_seen: datetime | None = None
    recovery_points: dict[str, datetime] = field(default_factory=dict)
    restore_test: dict[str, str] | None = field(
        default_factory=lambda: {"Status": "COMPLETED", "ValidationStatus": "SUCCESSFUL"}
    )
    replica_normal: bool = True
    deleted: set[str] = field(default_factory=set)
    """Promoted replicas deleted at failback (moto cannot delete a promoted cross-region replica)."""
    fail_undo: set[str] = field(default_factory=set)
    """boto3 methods that raise once (a crash during failback)."""
    dr_group: str = "dr-crm-asg"
    prod_check: str = ""
    dr_check: str = ""
    dr_replica: str = "crm-crm-dr"

    # --- route53 ---------------------------------------------------------------------------

    def dr_serving(self) -> bool:
        group = self.real("autoscaling", "us-west-2").describe_auto_scaling_groups(
            AutoScalingGroupNames=[self.dr_group]
        )
        groups = group["AutoScalingGroups"]
        running = len(groups[0]["Instances"]) if groups else 0
        if running >= 2 and self.dr_scaled_seen is None:
            self.dr_scaled_seen = self.clock.now()
        if running < 2:
            self.dr_scaled_seen = None
        return self.dr_scaled_seen is not None and self.clock.now() - self.dr_scaled_seen >= timedelta(
            seconds=self.dr_warmup_seconds
        )

    def prod_serving(self) -> bool:
        check = self.real("route53", "us-east-1").get_health_check(HealthCheckId=self.prod_check)[
            "HealthCheck"
        ]
        return self.prod_up and not check["HealthCheckConfig"].get("Inverted", False)

    def get_health_check_status(self, HealthCheckId: str) -> dict[str, Any]:  # noqa: N803 - boto3 spelling
        healthy = self.prod_serving() if HealthCheckId == self.prod_check else self.dr_serving()
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

    def route53_fakes(self) -> dict[str, Callable[..., dict[str, Any]]]:
        return {"get_health_check_status": self.get_health_check_status}

    # --- rds: promotion takes time and unlinks the replica (moto does it at once, and keeps the link) ---

    def rds_fakes(self, region: str) -> dict[str, Callable[..., dict[str, Any]]]:
        real = self.real("rds", region)

        def promote_read_replica(**params: Any) -> dict[str, Any]:
            if "promote_read_replica" in self.fail_undo:
                raise RuntimeError("simulated crash")
            self.promoted_at[params["DBInstanceIdentifier"]] = self.clock.now()
            return {
                "DBInstance": self._shape(
                    real.describe_db_instances(DBInstanceIdentifier=params["DBInstanceIdentifier"])[
                        "DBInstances"
                    ][0]
                )
            }

        def describe_db_instances(**params: Any) -> dict[str, Any]:
            wanted = params.get("DBInstanceIdentifier")
            if wanted in self.deleted:
                raise ClientError(
                    {"Error": {"Code": "DBInstanceNotFound", "Message": f"DBInstance {wanted} not found."}},
                    "DescribeDBInstances",
                )
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
            if name not in self.promoted_at:
                return {"DBInstance": self._shape(real.delete_db_instance(**params)["DBInstance"])}
            shaped = self._shape(real.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"][0])
            self.deleted.add(name)
            return {"DBInstance": {**shaped, "DBInstanceStatus": "deleting"}}

        def create_db_instance_read_replica(**params: Any) -> dict[str, Any]:
            if "create_db_instance_read_replica" in self.fail_undo:
                self.fail_undo.discard("create_db_instance_read_replica")
                raise ConnectionError("simulated crash: the network went away mid-failback")
            self.promoted_at.pop(params["DBInstanceIdentifier"], None)
            self.deleted.discard(params["DBInstanceIdentifier"])
            params.pop("SourceRegion", None)
            return {"DBInstance": self._shape(real.create_db_instance_read_replica(**params)["DBInstance"])}

        return {
            "promote_read_replica": promote_read_replica,
            "describe_db_instances": describe_db_instances,
            "create_db_instance_read_replica": create_db_instance_read_replica,
            "delete_db_instance": delete_db_instance,
        }

    def _shape(self, instance: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in instance.items() if k != "ResponseMetadata"}
        name = out["DBInstanceIdentifier"]
        promoted = self.promoted_at.get(name)
        if promoted is not None:
            done = self.clock.now() - promoted >= timedelta(seconds=self.promote_seconds)
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

    # --- s3: cross-region replication, with a lag, on the simulated clock ---------------------

    def s3_fakes(self, source_bucket: str) -> dict[str, Callable[..., dict[str, Any]]]:
        real = self.real("s3", "us-east-1")

        def list_objects_v2(**params: Any) -> dict[str, Any]:
            found = real.list_objects_v2(Bucket=source_bucket, Prefix=params.get("Prefix", ""))
            contents = []
            for o in found.get("Contents", []):
                body = real.get_object(Bucket=source_bucket, Key=o["Key"])["Body"].read().decode()
                try:
                    written = datetime.fromisoformat(body)
                except ValueError:
                    continue
                if self.clock.now() - written >= timedelta(seconds=self.s3_lag_seconds):
                    contents.append({"Key": o["Key"], "Size": o["Size"], "LastModified": o["LastModified"]})
            return {
                "Contents": contents,
                "KeyCount": len(contents),
                "Name": params["Bucket"],
                "IsTruncated": False,
            }

        return {"list_objects_v2": list_objects_v2}

    # --- backup: recovery points and restore tests --------------------------------------------

    def backup_fakes(self) -> dict[str, Callable[..., dict[str, Any]]]:
        def list_recovery_points_by_backup_vault(**params: Any) -> dict[str, Any]:
            arn = params.get("ByResourceArn", "")
            created = self.recovery_points.get(arn)
            points = (
                []
                if created is None
                else [
                    {
                        "RecoveryPointArn": f"arn:aws:rds:us-west-2:123456789012:snapshot:awsbackup-{len(arn)}",  # noqa: E501
                        "BackupVaultName": params["BackupVaultName"],
                        "ResourceArn": arn,
                        "CreationDate": created,
                        "Status": "COMPLETED",
                    }
                ]
            )
            return {"RecoveryPoints": points}

        def get_restore_testing_plan(**params: Any) -> dict[str, Any]:
            return {
                "RestoreTestingPlan": {
                    "CreationTime": self.clock.now(),
                    "RecoveryPointSelection": {
                        "Algorithm": "LATEST_WITHIN_WINDOW",
                        "IncludeVaults": ["*"],
                        "RecoveryPointTypes": ["SNAPSHOT"],
                    },
                    "RestoreTestingPlanArn": f"arn:aws:backup:us-west-2:123456789012:restore-testing-plan:{params['RestoreTestingPlanName']}",  # noqa: E501
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
            "get_restore_testing_plan": get_restore_testing_plan,
            "list_restore_jobs": list_restore_jobs,
        }


class FakeProber:
    """The public name, as clients see it: served by prod while its check passes, else by dr."""

    def __init__(self, world: World):
        self.world = world

    def probe(self, url: str) -> Observation:
        serving = self.world.prod_serving() or self.world.dr_serving()
        return Observation(
            serving, f"{url}: HTTP {200 if serving else 503}", {"url": url, "status": 200 if serving else 503}
        )
