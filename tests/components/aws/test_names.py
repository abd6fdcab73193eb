"""Both stacks deploy into one account: names AWS keys resources by must not collide."""

from __future__ import annotations

import importlib
import inspect
import string
from collections import defaultdict
from typing import Any

import pytest

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import both_stacks, with_workers

# Inputs that name a resource (not ones that reference another, like clusterIdentifier on an
# Aurora ClusterInstance).
NAME_KEYS = ("name", "identifier", "clusterIdentifier", "globalClusterIdentifier")
REFERENCES = {("aws:rds/clusterInstance:ClusterInstance", "clusterIdentifier")}
# Namespaces that are account-wide rather than regional.
GLOBAL = ("aws:iam/", "aws:route53/", "aws:rds/globalCluster:", "aws:s3/bucket:Bucket")


def _key(r: Recorded, site_region: str) -> tuple[str, ...] | None:
    for field in NAME_KEYS:
        value = r.inputs.get(field)
        if not isinstance(value, str) or (r.type, field) in REFERENCES:
            continue
        scope = "global" if r.type.startswith(GLOBAL) else str(r.inputs.get("region") or site_region)
        if r.type == "aws:route53/record:Record":
            # Records are keyed by name, type and (for routing policies) set identifier.
            return (r.type, scope, value, str(r.inputs.get("type")), str(r.inputs.get("setIdentifier")))
        return (r.type, scope, field, value)
    return None


def test_explicit_names_are_unique_per_region_across_both_stacks(prod: ProgramRun, dr: ProgramRun) -> None:
    owners: dict[tuple[str, ...], list[Recorded]] = defaultdict(list)
    for run, region in ((prod, "us-east-1"), (dr, "us-west-2")):
        for r in run.resources:
            if r.custom and (key := _key(r, region)) is not None:
                owners[key].append(r)
    assert len(owners) > 80
    for key, found in owners.items():
        if len(found) > 1:
            # Only ACM's validation record may be shared (the same CNAME in every region), and
            # then each owner must allow the other to have written it.
            assert all(r.inputs.get("allowOverwrite") is True for r in found), key


# --- name limits, with the longest names the config allows ------------------------------------

# (input that names it, limit). pulumi-aws auto-names `<logical name>-<7 random hex>` and fails
# when that exceeds the limit it knows (provider/resources.go: AutoName maxlen, 255 by default);
# AWS rejects longer explicit names. Sources: the AWS API reference of each Create call unless said.
NAME_LIMITS: dict[str, tuple[str, int]] = {
    "aws:iam/role:Role": ("name", 64),  # CreateRole RoleName; pulumi AutoName("name", 64)
    "aws:iam/policy:Policy": ("name", 128),  # CreatePolicy PolicyName
    "aws:iam/rolePolicy:RolePolicy": ("name", 128),  # PutRolePolicy PolicyName
    "aws:iam/instanceProfile:InstanceProfile": ("name", 128),  # CreateInstanceProfile
    "aws:cloudwatch/eventRule:EventRule": ("name", 64),  # PutRule Name; pulumi AutoName("name", 64)
    "aws:cloudwatch/logGroup:LogGroup": ("name", 512),  # CreateLogGroup logGroupName
    "aws:cloudwatch/metricAlarm:MetricAlarm": ("name", 255),  # PutMetricAlarm AlarmName
    "aws:cloudwatch/dashboard:Dashboard": ("dashboardName", 255),  # PutDashboard
    "aws:sns/topic:Topic": ("name", 80),  # pulumi-aws auto-names at most 80 (SNS allows 256)
    "aws:s3/bucket:Bucket": ("bucket", 63),  # S3 bucket naming rules; pulumi AutoName 63
    "aws:ec2/securityGroup:SecurityGroup": ("name", 255),  # CreateSecurityGroup GroupName
    "aws:ec2/launchTemplate:LaunchTemplate": ("name", 128),  # CreateLaunchTemplate
    "aws:ecs/cluster:Cluster": ("name", 255),
    "aws:ecs/service:Service": ("name", 255),
    "aws:ecs/taskDefinition:TaskDefinition": ("family", 255),
    "aws:autoscaling/group:Group": ("name", 255),
    "aws:autoscaling/policy:Policy": ("name", 255),
    "aws:appautoscaling/policy:Policy": ("name", 255),
    "aws:backup/plan:Plan": ("name", 50),  # BackupPlanName: 1-50 in the console, 200 by API
    "aws:backup/vault:Vault": ("name", 50),  # CreateBackupVault
    "aws:backup/selection:Selection": ("name", 50),  # SelectionName
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": ("name", 50),
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": ("name", 50),
    "aws:rds/subnetGroup:SubnetGroup": ("name", 255),
    "aws:rds/parameterGroup:ParameterGroup": ("name", 255),
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": ("name", 255),
    "aws:secretsmanager/secret:Secret": ("name", 512),
    # CloudFormation stack names are at most 128; SAR prefixes "serverlessrepo-" (15).
    "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": ("name", 113),
    "aws:wafv2/webAcl:WebAcl": ("name", 128),
    "aws:kms/grant:Grant": ("name", 256),
    "aws:kms/alias:Alias": ("name", 256),
    "aws:lb/loadBalancer:LoadBalancer": ("name", 32),
    "aws:lb/targetGroup:TargetGroup": ("name", 32),
    "aws:dynamodb/table:Table": ("name", 255),
    "aws:resiliencehub/resiliencyPolicy:ResiliencyPolicy": ("name", 60),
    "aws:route53recoverycontrol/cluster:Cluster": ("name", 64),
    "aws:route53recoverycontrol/controlPanel:ControlPanel": ("name", 64),
    "aws:route53recoverycontrol/routingControl:RoutingControl": ("name", 64),
    "aws:route53recoverycontrol/safetyRule:SafetyRule": ("name", 64),
}
AUTONAME_SUFFIX = 8  # "-" and 7 random hex
NOT_NAMES = {"aws:route53/record:Record"}  # `name` is the DNS name, never auto-named


def _longest(raw: dict[str, Any]) -> None:
    """The longest names the config allows (config/models.py and checks.naming_problems: 20-char
    services, 24-char stores, and organization + environment within the 50-character vault name),
    with every kind of resource the program can declare: workers, VM volumes, ARC, and both sites
    outside us-east-1 (health-alarm forwarding)."""
    raw["organization"], raw["environment"] = "o" * 32, "e" * 12
    raw["residency"]["default"] = "any"
    raw["sites"]["primary"]["region"] = "eu-central-1"
    raw["failover"] = {"recoveryControl": True}
    with_workers(raw)
    for i, svc in enumerate(raw["services"]):
        svc["name"] = (svc["name"] + "-" + "x" * 20)[:19] + string.ascii_lowercase[i]
        for j, store in enumerate(svc.get("dataStores", [])):
            store["name"] = (store["name"] + "-" + "y" * 24)[:23] + string.ascii_lowercase[j]
        svc["waivers"] = [
            {
                "disruption": d,
                "objective": o,
                "reason": "exercises names, not the posture",
                "expires": "2099-12-31",
            }
            for d in ("az-loss", "region-loss", "data-corruption", "accidental-deletion")
            for o in ("rpo", "rto")
        ]
    crm = next(s for s in raw["services"] if s.get("compute", {}).get("kind") == "vms" and s.get("endpoint"))
    crm["dataStores"].append({"kind": "volume", "name": "v" * 24, "sizeGb": 10, "rpo": "24h"})


def _longest_run(stack: str) -> ProgramRun:
    return both_stacks(_longest)[stack]


def _auto_named(type_: str) -> bool:
    """Whether pulumi-aws names this type when the program does not (it takes a `name`)."""
    _, module_path, cls_name = type_.split(":")
    cls = getattr(importlib.import_module(f"pulumi_aws.{module_path.split('/')[0]}"), cls_name, None)
    init = getattr(cls, "_internal_init", None)
    return init is not None and "name" in inspect.signature(init).parameters and type_ not in NOT_NAMES


@pytest.mark.parametrize("stack", ["prod", "dr"])
def test_names_fit_aws_limits_with_the_longest_names_the_config_allows(stack: str) -> None:
    run = _longest_run(stack)
    checked = 0
    for r in run.resources:
        if not r.custom or not r.type.startswith("aws:"):
            continue
        if r.type not in NAME_LIMITS:
            assert not (_auto_named(r.type) and "name" not in r.inputs), f"{r.type}: add its name limit"
            continue
        key, limit = NAME_LIMITS[r.type]
        explicit = r.inputs.get(key)
        name = explicit if isinstance(explicit, str) else r.name + "-" + "x" * (AUTONAME_SUFFIX - 1)
        assert len(name) <= limit, f"{r.type} {r.name}: {name!r} is {len(name)} characters, limit {limit}"
        checked += 1
    assert checked > 150


def test_a_fitted_name_keeps_auto_naming_until_it_would_not_fit() -> None:
    from components.aws.names import fitted_name

    assert fitted_name("x" * 56, 64, "us-west-2") is None  # 56 + 8 fits: pulumi auto-names it
    long = "crm-" + "x" * 61
    name = fitted_name(long, 64, "us-west-2")
    assert name is not None and len(name) <= 64 and name.startswith(long[:40])
    assert name == fitted_name(long, 64, "us-west-2")  # stable across runs: no spurious replacement
    assert name != fitted_name(long, 64, "us-east-1")  # another stack's region: another name
