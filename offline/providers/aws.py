"""Mock answers of the pulumi-aws provider: what it computes that the program reads back."""

from __future__ import annotations

import json
from typing import Any

from offline.providers.base import short_hash

ACCOUNT_ID = "123456789012"
MOCK_SECRET = "mock-credential-"
"""Prefix of every credential the mocks hand out (tests assert it appears in secrets only)."""
DEFAULT_REGION = "us-east-1"


class AwsAnswers:
    def provider_region(self, inputs: dict[str, Any]) -> str:
        return str(inputs.get("region") or DEFAULT_REGION)

    def region_of(self, inputs: dict[str, Any]) -> str | None:
        region = inputs.get("region")
        return str(region) if region else None

    def call(self, token: str, args: dict[str, Any]) -> dict[str, Any]:
        if token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "accountId": ACCOUNT_ID,
                "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/plan",
                "userId": "AIDAPLAN",
                "id": ACCOUNT_ID,
            }
        if token == "aws:elb/getServiceAccount:getServiceAccount":
            return {"arn": "arn:aws:iam::127311923021:root", "id": "127311923021"}
        if token == "aws:secretsmanager/getRandomPassword:getRandomPassword":
            length = int(args.get("passwordLength") or 32)
            return {"randomPassword": ("mock" + short_hash(str(args), 64))[:length], "id": "mock"}
        if token == "aws:index/getRegion:getRegion":
            return {"name": "us-east-1", "region": "us-east-1", "id": "us-east-1"}
        if token == "aws:secretsmanager/getSecretVersion:getSecretVersion":
            # A credential the program must only ever handle as a Pulumi secret (tests look for
            # MOCK_SECRET outside secret values).
            secret = {"username": "dr_replication", "password": f"{MOCK_SECRET}{short_hash(str(args), 24)}"}
            return {"secretString": json.dumps(secret), "arn": str(args.get("secretId", "")), "id": "mock"}
        return {}

    def new_resource(
        self, typ: str, name: str, rid: str, region: str, inputs: dict[str, Any]
    ) -> dict[str, Any]:
        region = region or DEFAULT_REGION
        state = dict(inputs)
        state.setdefault("region", region)
        state.setdefault("arn", self._arn(typ, rid, region))
        state.update(self._computed(typ, name, rid, region, inputs))
        return state

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
            key_id = f"mrk-{short_hash(name, 32)}"
            return {"keyId": key_id, "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:key/{key_id}"}
        if typ == "aws:kms/replicaKey:ReplicaKey":
            key_id = str(inputs.get("primaryKeyArn", "")).rsplit("/", 1)[-1] or f"mrk-{short_hash(name, 32)}"
            return {"keyId": key_id, "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:key/{key_id}"}
        if typ == "aws:s3/bucket:Bucket":
            bucket = inputs.get("bucket") or f"{name}-{short_hash(name)}"
            return {
                "bucket": bucket,
                "arn": f"arn:aws:s3:::{bucket}",
                "bucketRegionalDomainName": f"{bucket}.s3.{region}.amazonaws.com",
            }
        if typ == "aws:lb/loadBalancer:LoadBalancer":
            return {
                "dnsName": f"{name}-{short_hash(name)}.{region}.elb.amazonaws.com",
                "zoneId": "Z35SXDOTRQ7X7K",
                "arnSuffix": f"app/{name}/{short_hash(name, 16)}",
            }
        if typ == "aws:lb/targetGroup:TargetGroup":
            return {"arnSuffix": f"targetgroup/{name}/{short_hash(name, 16)}"}
        if typ in ("aws:rds/cluster:Cluster", "aws:rds/instance:Instance"):
            ident = inputs.get("clusterIdentifier") or inputs.get("identifier") or name
            kind = "cluster" if typ.endswith("Cluster") else "db"
            infix = "cluster-" if kind == "cluster" else ""
            host = f"{ident}.{infix}{short_hash(name, 12)}.{region}.rds.amazonaws.com"
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
            return {
                "id": gid,
                "arn": f"arn:aws:rds::{ACCOUNT_ID}:global-cluster:{gid}",
                "endpoint": f"{gid}.global-{short_hash(name, 12)}.global.rds.amazonaws.com",
            }
        if typ in (
            "aws:rds/parameterGroup:ParameterGroup",
            "aws:rds/clusterParameterGroup:ClusterParameterGroup",
        ):
            return {"name": inputs.get("name") or f"{name}-{short_hash(name)}"}
        if typ == "aws:serverlessrepository/cloudFormationStack:CloudFormationStack":
            function = (inputs.get("parameters") or {}).get("functionName") or name
            return {
                "outputs": {"RotationLambdaARN": f"arn:aws:lambda:{region}:{ACCOUNT_ID}:function:{function}"}
            }
        if typ == "aws:rds/subnetGroup:SubnetGroup":
            return {"name": inputs.get("name") or f"{name}-{short_hash(name)}"}
        if typ == "aws:backup/vault:Vault":
            vault = inputs.get("name") or name
            return {"arn": f"arn:aws:backup:{region}:{ACCOUNT_ID}:backup-vault:{vault}"}
        if typ == "aws:backup/plan:Plan":
            return {"id": f"plan-{short_hash(name, 32)}"}
        if typ == "aws:acm/certificate:Certificate":
            domain = inputs.get("domainName", "example.com")
            return {
                "domainValidationOptions": [
                    {
                        "domainName": domain,
                        "resourceRecordName": f"_{short_hash(domain)}.{domain}.",
                        "resourceRecordType": "CNAME",
                        "resourceRecordValue": f"_{short_hash(domain + 'v')}.acm-validations.aws.",
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
            "aws:cloudwatch/eventRule:EventRule",
        ):
            return {"name": inputs.get("name") or f"{name}-{short_hash(name)}"}
        if typ == "aws:ec2/launchTemplate:LaunchTemplate":
            return {"latestVersion": 1}
        if typ == "aws:sqs/queue:Queue":
            queue = inputs.get("name") or f"{name}-{short_hash(name)}"
            return {
                "name": queue,
                "arn": f"arn:aws:sqs:{region}:{ACCOUNT_ID}:{queue}",
                "url": f"https://sqs.{region}.amazonaws.com/{ACCOUNT_ID}/{queue}",
                "id": f"https://sqs.{region}.amazonaws.com/{ACCOUNT_ID}/{queue}",
            }
        if typ == "aws:iam/user:User":
            user = inputs.get("name") or name
            return {"name": user, "arn": f"arn:aws:iam::{ACCOUNT_ID}:user/{user}", "id": user}
        if typ == "aws:iam/accessKey:AccessKey":
            return {
                "id": f"AKIA{short_hash(name, 16).upper()}",
                "secret": f"{MOCK_SECRET}{short_hash(name, 32)}",
            }
        if typ == "aws:ec2/vpnConnection:VpnConnection":

            def outside(n: int) -> str:
                return f"198.51.100.{int(short_hash(f'{name}-{n}', 4), 16) % 254 + 1}"

            return {
                "tunnel1Address": outside(1),
                "tunnel2Address": outside(2),
                "tunnel1PresharedKey": f"{MOCK_SECRET}{short_hash(name + '1', 24)}",
                "tunnel2PresharedKey": f"{MOCK_SECRET}{short_hash(name + '2', 24)}",
            }
        return {}


ANSWERS = AwsAnswers()
