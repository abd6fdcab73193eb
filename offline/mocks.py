"""The one mock engine behind `make plan` and the tests.

`PlanMocks` answers like a provider would (ids, ARNs, DNS names), and `RecordingMonitor` keeps
every registration with its parent, so plans and tests can walk the real resource tree.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime.mocks import MockMonitor

ACCOUNT_ID = "123456789012"


@dataclass
class Recorded:
    urn: str
    type: str
    name: str
    parent: str
    custom: bool
    inputs: dict[str, Any]
    outputs: dict[str, Any] = field(default_factory=dict)
    provider: str = ""
    id: str = ""
    """The physical id the mock provider returned (what `resource.id` resolves to)."""
    ignore_changes: tuple[str, ...] = ()
    dependencies: tuple[str, ...] = ()
    """URNs this resource waits for (explicit depends_on and input dependencies)."""

    @property
    def region(self) -> str | None:
        return self.outputs.get("region") or self.inputs.get("region")


def _short_hash(text: str, n: int = 8) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


class PlanMocks(pulumi.runtime.Mocks):
    """Provider answers for the AWS resources this program declares."""

    def __init__(self, stack_outputs: dict[str, dict[str, Any]] | None = None) -> None:
        self.stack_outputs = stack_outputs or {}
        self.provider_regions: dict[str, str] = {}

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "accountId": ACCOUNT_ID,
                "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/plan",
                "userId": "AIDAPLAN",
                "id": ACCOUNT_ID,
            }, []
        if args.token == "aws:elb/getServiceAccount:getServiceAccount":
            return {"arn": "arn:aws:iam::127311923021:root", "id": "127311923021"}, []
        if args.token == "aws:secretsmanager/getRandomPassword:getRandomPassword":
            length = int(args.args.get("passwordLength") or 32)
            return {"randomPassword": ("mock" + _short_hash(str(args.args), 64))[:length], "id": "mock"}, []
        if args.token == "aws:index/getRegion:getRegion":
            return {"name": "us-east-1", "region": "us-east-1", "id": "us-east-1"}, []
        return {}, []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        if args.typ == "pulumi:pulumi:StackReference":
            name = args.inputs.get("name", args.name)
            return name, {
                "name": name,
                "outputs": self.stack_outputs.get(name, {}),
                "secretOutputNames": [],
            }
        if args.typ.startswith("pulumi:providers:"):
            region = args.inputs.get("region", "us-east-1")
            return f"{args.name}-provider-id", {**args.inputs, "region": region}
        if not args.custom:
            return None, {}
        region = args.inputs.get("region") or self._region_of(args.provider)
        rid = f"{args.name}-{_short_hash(args.typ + args.name)}"
        state = dict(args.inputs)
        state.setdefault("region", region)
        state.setdefault("arn", self._arn(args.typ, rid, region))
        computed = self._computed(args.typ, args.name, rid, region, args.inputs)
        state.update(computed)
        return str(computed.get("id", rid)), state

    def _region_of(self, provider_ref: str | None) -> str:
        if not provider_ref:
            return "us-east-1"
        urn = provider_ref.split("::")[0:4]
        return self.provider_regions.get("::".join(urn), self.provider_regions.get(provider_ref, "us-east-1"))

    @staticmethod
    def _arn(typ: str, rid: str, region: str) -> str:
        # aws:s3/bucket:Bucket -> service "s3", kind "bucket"
        try:
            module = typ.split(":")[1].split("/")[0]
            kind = typ.split(":")[2].lower()
        except IndexError:
            return f"arn:aws:mock:{region}:{ACCOUNT_ID}:{rid}"
        return f"arn:aws:{module}:{region}:{ACCOUNT_ID}:{kind}/{rid}"

    @staticmethod
    def _computed(typ: str, name: str, rid: str, region: str, inputs: dict[str, Any]) -> dict[str, Any]:
        """Outputs a real provider computes that the program reads back."""
        if typ == "aws:kms/key:Key":
            key_id = f"mrk-{_short_hash(name, 32)}"
            return {"keyId": key_id, "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:key/{key_id}"}
        if typ == "aws:kms/replicaKey:ReplicaKey":
            key_id = str(inputs.get("primaryKeyArn", "")).rsplit("/", 1)[-1] or f"mrk-{_short_hash(name, 32)}"
            return {"keyId": key_id, "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:key/{key_id}"}
        if typ == "aws:s3/bucket:Bucket":
            bucket = inputs.get("bucket") or f"{name}-{_short_hash(name)}"
            return {
                "bucket": bucket,
                "arn": f"arn:aws:s3:::{bucket}",
                "bucketRegionalDomainName": f"{bucket}.s3.{region}.amazonaws.com",
            }
        if typ == "aws:lb/loadBalancer:LoadBalancer":
            return {
                "dnsName": f"{name}-{_short_hash(name)}.{region}.elb.amazonaws.com",
                "zoneId": "Z35SXDOTRQ7X7K",
                "arnSuffix": f"app/{name}/{_short_hash(name, 16)}",
            }
        if typ == "aws:lb/targetGroup:TargetGroup":
            return {"arnSuffix": f"targetgroup/{name}/{_short_hash(name, 16)}"}
        if typ in ("aws:rds/cluster:Cluster", "aws:rds/instance:Instance"):
            ident = inputs.get("clusterIdentifier") or inputs.get("identifier") or name
            kind = "cluster" if typ.endswith("Cluster") else "db"
            infix = "cluster-" if kind == "cluster" else ""
            host = f"{ident}.{infix}{_short_hash(name, 12)}.{region}.rds.amazonaws.com"
            return {
                **({"id": ident} if kind == "cluster" else {}),
                "arn": f"arn:aws:rds:{region}:{ACCOUNT_ID}:{kind}:{ident}",
                "endpoint": host,
                "readerEndpoint": host.replace(".cluster-", ".cluster-ro-"),
                "address": host,
                "port": 5432,
            }
        if typ == "aws:dynamodb/table:Table":
            table = inputs.get("name") or name
            return {
                "arn": f"arn:aws:dynamodb:{region}:{ACCOUNT_ID}:table/{table}",
                "streamArn": f"arn:aws:dynamodb:{region}:{ACCOUNT_ID}:table/{table}/stream/mock",
            }
        if typ == "aws:dynamodb/tableReplica:TableReplica":
            table = str(inputs.get("globalTableArn", "")).rsplit("/", 1)[-1] or name
            return {"arn": f"arn:aws:dynamodb:{region}:{ACCOUNT_ID}:table/{table}"}
        if typ == "aws:rds/globalCluster:GlobalCluster":
            gid = inputs.get("globalClusterIdentifier") or name
            return {"id": gid, "arn": f"arn:aws:rds::{ACCOUNT_ID}:global-cluster:{gid}"}
        if typ == "aws:rds/subnetGroup:SubnetGroup":
            return {"name": inputs.get("name") or f"{name}-{_short_hash(name)}"}
        if typ == "aws:backup/vault:Vault":
            vault = inputs.get("name") or name
            return {"arn": f"arn:aws:backup:{region}:{ACCOUNT_ID}:backup-vault:{vault}"}
        if typ == "aws:backup/plan:Plan":
            return {"id": f"plan-{_short_hash(name, 32)}"}
        if typ == "aws:acm/certificate:Certificate":
            domain = inputs.get("domainName", "example.com")
            return {
                "domainValidationOptions": [
                    {
                        "domainName": domain,
                        "resourceRecordName": f"_{_short_hash(domain)}.{domain}.",
                        "resourceRecordType": "CNAME",
                        "resourceRecordValue": f"_{_short_hash(domain + 'v')}.acm-validations.aws.",
                    }
                ]
            }
        if typ == "aws:route53/healthCheck:HealthCheck":
            return {"id": rid}
        if typ == "aws:route53/record:Record":
            return {"fqdn": str(inputs.get("name", name)).rstrip(".")}
        if typ in (
            "aws:ecs/cluster:Cluster",
            "aws:ecs/service:Service",
            "aws:autoscaling/group:Group",
            "aws:autoscaling/policy:Policy",
        ):
            return {"name": inputs.get("name") or f"{name}-{_short_hash(name)}"}
        if typ == "aws:ec2/launchTemplate:LaunchTemplate":
            return {"latestVersion": 1}
        return {}


class RecordingMonitor(MockMonitor):
    """A mock monitor that also remembers each resource's parent and resolved state."""

    def __init__(self, mocks: PlanMocks) -> None:
        super().__init__(mocks)
        self.plan_mocks = mocks
        self.recorded: list[Recorded] = []

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        response = super().RegisterResource(request)
        if request.type == "pulumi:pulumi:Stack":
            return response
        registration = self.resources.get(response.urn)
        state = dict(registration.state) if registration else {}
        inputs = pulumi.runtime.rpc.deserialize_properties(request.object)
        if request.type.startswith("pulumi:providers:"):
            self.plan_mocks.provider_regions[response.urn] = str(inputs.get("region", "us-east-1"))
        self.recorded.append(
            Recorded(
                urn=response.urn,
                type=request.type,
                name=request.name,
                parent=request.parent,
                custom=bool(request.custom),
                inputs=dict(inputs),
                outputs=state,
                provider=request.provider,
                id=registration.id if registration else "",
                ignore_changes=tuple(request.ignoreChanges),
                dependencies=tuple(request.dependencies),
            )
        )
        return response

    def ReadResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        """Reads (e.g. the dr stack's StackReference to prod) are part of the plan too."""
        response = super().ReadResource(request)
        registration = self.resources.get(response.urn)
        self.recorded.append(
            Recorded(
                urn=response.urn,
                type=request.type,
                name=request.name,
                parent=request.parent,
                custom=True,
                inputs=dict(pulumi.runtime.rpc.deserialize_properties(request.properties)),
                outputs=dict(registration.state) if registration else {},
                provider=request.provider,
                id=registration.id if registration else "",
            )
        )
        return response
