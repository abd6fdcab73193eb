"""Compliance guardrails as plain functions, shared by the CrossGuard pack and the offline plan.

Resource rules look at one resource: `(type, props, name) -> [message, ...]`. Stack rules look at
all resources of a stack: `(resources) -> [Violation, ...]`. Properties are the engine's
camelCase inputs of pulumi-aws v7 (e.g. `rules[].applyServerSideEncryptionByDefault.sseAlgorithm`).
A value not known during preview is `UNKNOWN`; a rule that needs it says nothing rather than guess.

`evaluate(resources)` runs every rule over records with `.type`, `.name`, `.inputs` (and, when
present, `.outputs`, e.g. `offline.mocks.Recorded`).
"""

from __future__ import annotations

import fnmatch
import importlib
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from config.models import StackConfig
from config.regions import DEFAULT_ZONES
from policy.base import (
    UNKNOWN,
    Props,
    Rec,
    Resource,
    ResourceRule,
    StackRule,
    Violation,
    items_of,
    known,
    known_tags_of,
    prop,
    required_tags_rule,
    sdk_inputs,
    tags_of,
)

T = TypeVar("T")

__all__ = ["UNKNOWN", "Props", "Rec", "Resource", "ResourceRule", "StackRule", "Violation", "known"]


# --- data stores ----------------------------------------------------------------------------

BUCKET = "aws:s3/bucket:Bucket"
SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
BUCKET_ACL = "aws:s3/bucketAcl:BucketAcl"
REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
RDS_CLUSTER = "aws:rds/cluster:Cluster"
RDS_INSTANCE = "aws:rds/instance:Instance"
RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
RDS_GLOBAL = "aws:rds/globalCluster:GlobalCluster"
TABLE = "aws:dynamodb/table:Table"
TABLE_REPLICA = "aws:dynamodb/tableReplica:TableReplica"
LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer"
KMS_KEY = "aws:kms/key:Key"
KMS_REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey"
VAULT = "aws:backup/vault:Vault"
VAULT_LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
BACKUP_PLAN = "aws:backup/plan:Plan"
OFFSITE_TAG = "dr-copy"
"""Where a prod backup plan without copy actions keeps its offsite copy (a cross-cloud path)."""
BACKUP_SELECTION = "aws:backup/selection:Selection"
RECORD = "aws:route53/record:Record"
AWS_PROVIDER = "pulumi:providers:aws"

# Log buckets: ELB and S3 server access-log delivery accept SSE-S3 only (ELB guide, "Enable
# access logs"; S3 guide, "Server access logging"). The exemption is narrow: only the encryption
# config of a bucket named `<site>-logs` (components.aws.foundation), and only SSE-S3 (AES256),
# never "no encryption"; such buckets are also exempt from backup coverage (logs expire anyway).
LOG_BUCKET = re.compile(r"^[a-z0-9-]+-logs$")
LOG_BUCKET_SSE = re.compile(r"^[a-z0-9-]+-logs-encryption$")

SANDBOX_POLICIES = ("deletion-protection", "stateful-resources-protected")
"""The policies config `protect: false` (a sandbox meant to be torn down) switches off; every
other guardrail holds in sandboxes too."""


def cmk_encryption(type_: str, props: Props, name: str = "") -> list[str]:
    """Every data store is encrypted with a customer-managed KMS key."""
    if type_ == SSE:
        out = []
        for i, rule in enumerate(items_of(props.get("rules"))):
            by_default = prop(rule, "applyServerSideEncryptionByDefault") or {}
            algorithm = prop(by_default, "sseAlgorithm")
            if not known(algorithm):
                continue
            if algorithm == "AES256" and LOG_BUCKET_SSE.match(name):
                continue  # documented exemption: log delivery accepts SSE-S3 only
            if algorithm not in ("aws:kms", "aws:kms:dsse") or prop(by_default, "kmsMasterKeyId") is None:
                out.append(f"rules[{i}] uses {algorithm!r}: use aws:kms with kmsMasterKeyId (a CMK)")
        return out or ([] if props.get("rules") else ["no encryption rule: use aws:kms with a CMK"])
    if type_ in (RDS_CLUSTER, RDS_INSTANCE):
        out = []
        if props.get("storageEncrypted") is not True and not props.get("replicateSourceDb"):
            out.append("storageEncrypted must be true")
        if props.get("kmsKeyId") is None:
            out.append("kmsKeyId must name a CMK (the AWS-managed aws/rds key cannot be shared cross-region)")
        return out
    if type_ == RDS_GLOBAL:
        if props.get("sourceDbClusterIdentifier") or props.get("storageEncrypted") is True:
            return []
        return ["storageEncrypted must be true"]
    if type_ == TABLE:
        sse = props.get("serverSideEncryption") or {}
        out = []
        if prop(sse, "enabled") is not True or prop(sse, "kmsKeyArn") is None:
            out.append("serverSideEncryption needs enabled: true and kmsKeyArn (a CMK)")
        for replica in items_of(props.get("replicas")):
            if prop(replica, "kmsKeyArn") is None:
                out.append(f"replica in {prop(replica, 'regionName')} has no kmsKeyArn")
        return out
    if type_ == VAULT and props.get("kmsKeyArn") is None:
        return ["kmsKeyArn must name a CMK"]
    return []


def _policy_doc(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        try:
            doc = json.loads(value)
        except json.JSONDecodeError:
            return None
        return doc if isinstance(doc, dict) else None
    return dict(value) if isinstance(value, Mapping) else None


def _listify(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def tls_only_buckets(type_: str, props: Props, name: str = "") -> list[str]:
    """Bucket policies deny every request not made over TLS."""
    if type_ != BUCKET_POLICY:
        return []
    doc = _policy_doc(props.get("policy"))
    if doc is None:
        return [] if props.get("policy") is UNKNOWN else ["policy is not a JSON policy document"]
    for s in _listify(doc.get("Statement", [])):
        if (
            s.get("Effect") == "Deny"
            and s.get("Principal") in ("*", {"AWS": "*"})
            and any(a in ("s3:*", "*") for a in _listify(s.get("Action")))
            and str(prop(s, "Condition", "Bool", "aws:SecureTransport")).lower() == "false"
        ):
            return []
    return ["no Deny of s3:* when aws:SecureTransport is false (TLS-only)"]


PUBLIC_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})


def no_public_access(type_: str, props: Props, name: str = "") -> list[str]:
    """No public buckets, no publicly accessible databases."""
    if type_ == PUBLIC_ACCESS_BLOCK:
        flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
        off = [f for f in flags if props.get(f) is not True]
        return [f"public access block leaves {', '.join(off)} off"] if off else []
    if type_ == BUCKET_ACL and props.get("acl") in PUBLIC_ACLS:
        return [f"canned ACL {props['acl']!r} makes the bucket public"]
    if type_ == BUCKET_POLICY:
        doc = _policy_doc(props.get("policy")) or {}
        for s in _listify(doc.get("Statement", [])):
            if (
                s.get("Effect") == "Allow"
                and s.get("Principal") in ("*", {"AWS": "*"})
                and not s.get("Condition")
            ):
                return [f"statement {s.get('Sid', '?')!r} allows anyone (Principal *) unconditionally"]
    if type_ in (RDS_INSTANCE, RDS_CLUSTER_INSTANCE, RDS_CLUSTER) and props.get("publiclyAccessible") is True:
        return ["publiclyAccessible must not be true"]
    return []


def versioning_and_pitr(type_: str, props: Props, name: str = "") -> list[str]:
    """Buckets keep versions; tables and databases keep point-in-time recovery."""
    if type_ == VERSIONING:
        status = prop(props, "versioningConfiguration", "status")
        return [] if status in ("Enabled", UNKNOWN) else [f"versioning status is {status!r}, not Enabled"]
    if type_ == TABLE:
        ok = prop(props, "pointInTimeRecovery", "enabled") is True
        out = [] if ok else ["pointInTimeRecovery.enabled must be true"]
        for replica in items_of(props.get("replicas")):
            if prop(replica, "pointInTimeRecovery") is False:
                out.append(f"replica in {prop(replica, 'regionName')} turns point-in-time recovery off")
        return out
    if (
        type_ == RDS_INSTANCE
        and not props.get("replicateSourceDb")
        and props.get("backupRetentionPeriod") == 0
    ):
        return ["backupRetentionPeriod 0 turns automated backups (point-in-time recovery) off"]
    return []


def deletion_protection(type_: str, props: Props, name: str = "") -> list[str]:
    """Databases, tables and load balancers cannot be deleted by one call, in both sites (after a
    failover dr's secondaries, replicas and load balancers are production)."""
    if type_ in (RDS_CLUSTER, RDS_INSTANCE, RDS_GLOBAL) and props.get("deletionProtection") is not True:
        return ["deletionProtection must be true"]
    if type_ in (TABLE, TABLE_REPLICA) and props.get("deletionProtectionEnabled") is not True:
        return ["deletionProtectionEnabled must be true"]
    if type_ == LOAD_BALANCER and props.get("enableDeletionProtection") is not True:
        return ["enableDeletionProtection must be true"]
    return []


def failover_records_health_checked(type_: str, props: Props, name: str = "") -> list[str]:
    """Every failover record is health-checked (a health check, or an alias evaluating its target)."""
    if type_ != RECORD or not items_of(props.get("failoverRoutingPolicies")):
        return []
    if props.get("healthCheckId") is not None:
        return []
    if any(prop(a, "evaluateTargetHealth") is True for a in items_of(props.get("aliases"))):
        return []
    kind = prop(props, "failoverRoutingPolicies", 0, "type")
    return [f"{kind} failover record has no healthCheckId (and no alias with evaluateTargetHealth)"]


def accepts_tags(type_token: str) -> bool:
    """Whether pulumi-aws's resource class for `type_token` takes a `tags` input."""
    return type_token.startswith("aws:") and "tags" in sdk_inputs("pulumi_aws", type_token)


required_tags = required_tags_rule(accepts_tags, known_tags_of)
"""Every taggable resource carries the required tags (vocabulary/tags.py)."""


TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
ROOT_USERS = ("root", "0")


def container_hardening(type_: str, props: Props, name: str = "") -> list[str]:
    """Containers run with a read-only root filesystem (writable scratch volumes only), never
    privileged, as a non-root user (set `compute.user` to one the image defines)."""
    if type_ != TASK_DEFINITION:
        return []
    definitions = props.get("containerDefinitions")
    if not known(definitions):
        return []
    try:
        containers = json.loads(definitions) if isinstance(definitions, str) else definitions
    except json.JSONDecodeError:
        return ["containerDefinitions is not JSON"]
    out = []
    for c in items_of(containers):
        label = c.get("name", "?")
        if c.get("readonlyRootFilesystem") is not True:
            out.append(f"container {label!r}: readonlyRootFilesystem must be true")
        if c.get("privileged") is True:
            out.append(f"container {label!r}: privileged mode is not allowed")
        user = str(c.get("user") or "")
        if not user or user.split(":")[0] in ROOT_USERS:
            out.append(f"container {label!r}: runs as root; set a non-root user (compute.user)")
    return out


AWS_RESOURCE_RULES: dict[str, ResourceRule] = {
    "cmk-encryption": cmk_encryption,
    "tls-only-buckets": tls_only_buckets,
    "no-public-access": no_public_access,
    "versioning-and-pitr": versioning_and_pitr,
    "deletion-protection": deletion_protection,
    "failover-records-health-checked": failover_records_health_checked,
    "required-tags": required_tags,
    "container-hardening": container_hardening,
}

# --- residency ------------------------------------------------------------------------------

_ARN_REGION = re.compile(r"^arn:[\w-]+:[\w-]+:([a-z]{2}(?:-gov)?-[a-z]+-\d):")


@dataclass(frozen=True)
class Residency:
    """Regions data may live in: per service (by the `service` tag), else the default.
    `None` means any region."""

    default: frozenset[str] | None
    by_service: Mapping[str, frozenset[str] | None] = field(default_factory=dict)

    def allowed(self, props: Props) -> frozenset[str] | None:
        svc = tags_of(props).get("service")
        return self.by_service.get(str(svc), self.default) if svc else self.default


def residency_of(cfg: StackConfig) -> Residency:
    """The residency a validated stack config declares (what the offline plan checks against)."""
    zones = {**DEFAULT_ZONES, **(cfg.residency.zones or {})}

    def regions(zone: str) -> frozenset[str] | None:
        return None if zone == "any" else frozenset(zones[zone])

    default = cfg.residency.default
    return Residency(regions(default), {s.name: regions(s.residency or default) for s in cfg.services})


def project_residency(root: Path | None = None) -> Residency:
    """The residency of the project's shared config (both stacks share it), for the pack, which
    runs outside the program and so reads the config files itself."""
    from config.loader import load

    return residency_of(load("prod", root or Path(__file__).resolve().parent.parent))


def aws_regions_of(type_: str, props: Props) -> list[tuple[str, str]]:
    """(where, region) pairs an AWS resource places data or control in."""
    out: list[tuple[str, str]] = []
    if isinstance(props.get("region"), str):
        out.append(("region", props["region"]))
    for replica in items_of(props.get("replicas")):
        if isinstance(prop(replica, "regionName"), str):
            out.append(("replicas[].regionName", replica["regionName"]))
    for rule in items_of(props.get("rules")) if type_ == BACKUP_PLAN else []:
        for copy in items_of(prop(rule, "copyActions")):
            m = _ARN_REGION.match(str(prop(copy, "destinationVaultArn")))
            if m:
                out.append(("copyActions[].destinationVaultArn", m.group(1)))
    return out


METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
EVENT_RULE = "aws:cloudwatch/eventRule:EventRule"
EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget"
HEALTH_METRICS_REGION = "us-east-1"
_EVENT_BUS_ARN = re.compile(r"^arn:[\w-]+:events:([a-z]{2}(?:-gov)?-[a-z]+-\d):\d{12}:event-bus/")


def _health_metrics_only(pattern: Any) -> bool:
    """An event pattern that matches CloudWatch alarm state changes of Route 53 metrics only."""
    doc = _policy_doc(pattern) or {}
    namespaces = prop(doc, "detail", "configuration", "metrics", "metricStat", "metric", "namespace")
    return (
        doc.get("source") == ["aws.cloudwatch"]
        and doc.get("detail-type") == ["CloudWatch Alarm State Change"]
        and namespaces == ["AWS/Route53"]
    )


def forced_into_health_metrics_region(type_: str, props: Props, allowed: frozenset[str]) -> bool:
    """The resources AWS forces into us-east-1, exempt from residency, and nothing else.

    Route 53 publishes health-check metrics only in us-east-1 and an alarm must live in its metric's
    region, so the alarms on those metrics live there; their state changes (alarm name, state,
    description: no personal data) are forwarded by one EventBridge rule and target to an event bus
    in an allowed region, where the site's own topic (and its subscribers' addresses) lives. Alarms
    on any other metric, rules matching anything else, targets outside the residency, and every topic,
    key or subscription in us-east-1 stay violations.
    """
    if props.get("region") != HEALTH_METRICS_REGION:
        return False
    if type_ == METRIC_ALARM:
        return props.get("namespace") == "AWS/Route53" and not props.get("metricQueries")
    if type_ == EVENT_RULE:
        return _health_metrics_only(props.get("eventPattern"))
    if type_ == EVENT_TARGET:
        m = _EVENT_BUS_ARN.match(str(props.get("arn")))
        return m is not None and m.group(1) in allowed
    return False


def residency_violations(resources: Sequence[Resource], residency: Residency) -> list[Violation]:
    out = []
    for r in resources:
        allowed = residency.allowed(r.inputs)
        if allowed is None or forced_into_health_metrics_region(r.type, r.inputs, allowed):
            continue
        for where, region in regions_of(r.type, r.inputs):
            if region not in allowed:
                out.append(
                    Violation(
                        "data-residency",
                        r.type,
                        r.name,
                        f"{where} {region!r} is outside the residency "
                        f"(allowed: {', '.join(sorted(allowed))})",
                    )
                )
    return out


# --- stack rules ----------------------------------------------------------------------------


def _outputs(r: Resource) -> Mapping[str, Any]:
    return getattr(r, "outputs", None) or {}


def _arn(r: Resource) -> Any:
    return _outputs(r).get("arn", r.inputs.get("arn", UNKNOWN))


def _bucket_ids(bucket: Resource) -> set[Any]:
    return {
        v
        for v in (_outputs(bucket).get("id"), _outputs(bucket).get("bucket"), bucket.inputs.get("bucket"))
        if known(v)
    }


BUCKET_COMPANIONS = (
    (SSE, "encryption", "default encryption"),
    (VERSIONING, "versioning", "versioning"),
    (PUBLIC_ACCESS_BLOCK, "public-access", "a public access block"),
    (BUCKET_POLICY, "policy", "a (TLS-only) bucket policy"),
)


def buckets_hardened(resources: Sequence[Resource]) -> list[Violation]:
    """Every bucket has its encryption, versioning, public-access block and TLS-only policy
    (matched by the `<bucket>-<suffix>` names HardenedBucket gives them, or by bucket name).
    The companions are indexed once (names and buckets per type): a scan per bucket would grow
    with the square of the catalog."""
    names: dict[str, set[str]] = {type_: set() for type_, _, _ in BUCKET_COMPANIONS}
    buckets: dict[str, set[Any]] = {type_: set() for type_, _, _ in BUCKET_COMPANIONS}
    found: list[Resource] = []
    for r in resources:
        if r.type == BUCKET:
            found.append(r)
        elif r.type in names:
            names[r.type].add(r.name)
            buckets[r.type].add(r.inputs.get("bucket"))
    out = []
    for b in found:
        ids = _bucket_ids(b)
        for type_, suffix, what in BUCKET_COMPANIONS:
            if f"{b.name}-{suffix}" not in names[type_] and ids.isdisjoint(buckets[type_]):
                out.append(Violation("buckets-hardened", b.type, b.name, f"bucket has no {what}"))
    return out


def _is_primary_store(r: Resource, replica_arns: set[str]) -> bool:
    if str(tags_of(r.inputs).get("dr-role", "")) != "primary":
        return False
    p = r.inputs
    if r.type == RDS_INSTANCE:
        return not p.get("replicateSourceDb")
    if r.type == RDS_CLUSTER:
        secondary = p.get("globalClusterIdentifier") and not (
            p.get("masterUsername") or p.get("manageMasterUserPassword") or p.get("snapshotIdentifier")
        )
        return not (p.get("replicationSourceIdentifier") or secondary)
    if r.type == TABLE:
        return True
    if r.type == BUCKET:
        return not LOG_BUCKET.match(r.name) and _arn(r) not in replica_arns
    return False


@dataclass(frozen=True)
class _Selections:
    """Every backup selection of a stack, indexed once: exact ARNs and tag pairs are looked up,
    only wildcard patterns are matched one by one (a store per selection would grow with n^2)."""

    arns: frozenset[str]
    patterns: tuple[str, ...]
    tags: frozenset[tuple[str, str]]
    undecided: bool
    """Some selection names a resource not known yet (preview of a new stack)."""
    empty: bool

    @classmethod
    def of(cls, selections: Sequence[Props]) -> _Selections:
        arns: set[str] = set()
        patterns: list[str] = []
        tags: set[tuple[str, str]] = set()
        undecided = False
        for selection in selections:
            for p in items_of(selection.get("resources")):
                if not known(p):
                    undecided = True
                elif any(c in str(p) for c in "*?["):
                    patterns.append(str(p))
                else:
                    arns.add(str(p))
            for t in items_of(selection.get("selectionTags")):
                if prop(t, "type") == "STRINGEQUALS":
                    tags.add((str(prop(t, "key")), str(prop(t, "value"))))
            for condition in items_of(selection.get("conditions")):
                for eq in items_of(prop(condition, "stringEquals")):
                    key = str(prop(eq, "key")).removeprefix("aws:ResourceTag/")
                    tags.add((key, str(prop(eq, "value"))))
        return cls(frozenset(arns), tuple(patterns), frozenset(tags), undecided, not selections)

    def covers(self, store: Resource) -> bool | None:
        """True/False, or None when unknown values keep it from being decided."""
        if self.empty:
            return False
        arn = _arn(store)
        if known(arn) and (
            str(arn) in self.arns or any(fnmatch.fnmatchcase(str(arn), p) for p in self.patterns)
        ):
            return True
        if any((str(k), str(v)) in self.tags for k, v in tags_of(store.inputs).items()):
            return True
        return None if self.undecided or not known(arn) else False


def _continuous(plan: Resource) -> bool:
    """A plan of continuous (PITR) rules only: in-region point-in-time restore; the cross-region
    copies come from the scheduled plan that selects the same stores."""
    rules = items_of(plan.inputs.get("rules"))
    return bool(rules) and all(prop(r, "enableContinuousBackup") is True for r in rules)


def _copied_across_clouds(plan: Resource) -> bool:
    """A plan of a prod whose recovery site runs on another cloud: AWS Backup copies into AWS
    vaults only, so the offsite copy is the cross-cloud path's live copy, which the plan names in
    its `dr-copy` tag (`cross-cloud:<cloud>`, components/aws/backup/plan.py)."""
    return str(tags_of(plan.inputs).get(OFFSITE_TAG, "")).startswith("cross-cloud:")


def backup_coverage(resources: Sequence[Resource]) -> list[Violation]:
    """Every prod data store is in a backup selection, and every backup plan copies to another
    region with an explicit lifecycle (else copies are kept forever), or, with the recovery site on
    another cloud, says so in its `dr-copy` tag."""
    out = []
    plans = [r for r in resources if r.type == BACKUP_PLAN]
    # Plans of the dr site (tagged dr-role: recovery) protect copies, not prod data: not checked.
    for plan in (
        p
        for p in plans
        if tags_of(p.inputs).get("dr-role") != "recovery"
        and not _continuous(p)
        and not _copied_across_clouds(p)
    ):
        home = plan.inputs.get("region") or _ARN_REGION.match(str(_arn(plan)))
        home_region = home.group(1) if isinstance(home, re.Match) else home
        copies = [
            c for rule in items_of(plan.inputs.get("rules")) for c in items_of(prop(rule, "copyActions"))
        ]
        regions = {
            m.group(1) for c in copies if (m := _ARN_REGION.match(str(prop(c, "destinationVaultArn"))))
        }
        unknown_dest = any(not known(prop(c, "destinationVaultArn")) for c in copies)
        if not copies or (not unknown_dest and home_region and regions <= {home_region}):
            out.append(Violation("backup-coverage", plan.type, plan.name, "no copy action to another region"))
        for c in copies:
            if prop(c, "lifecycle", "deleteAfter") is None:
                out.append(
                    Violation(
                        "backup-coverage",
                        plan.type,
                        plan.name,
                        "copy action without lifecycle.deleteAfter keeps copies forever",
                    )
                )
    replica_arns = {
        str(prop(d, "destination", "bucket"))
        for r in resources
        if r.type == REPLICATION
        for d in items_of(r.inputs.get("rules"))
    }
    selections = _Selections.of([r.inputs for r in resources if r.type == BACKUP_SELECTION])
    for store in (r for r in resources if _is_primary_store(r, replica_arns)):
        if selections.covers(store) is not False:
            continue
        out.append(
            Violation("backup-coverage", store.type, store.name, "data store is in no AWS Backup selection")
        )
        if not plans:
            out.append(
                Violation("backup-coverage", store.type, store.name, "the stack declares no backup plan")
            )
    return out


def dr_vault_locked(resources: Sequence[Resource]) -> list[Violation]:
    """The vault cross-region copies land in (or any vault tagged dr-role: recovery) is locked."""
    destinations = {
        str(prop(c, "destinationVaultArn"))
        for r in resources
        if r.type == BACKUP_PLAN
        for rule in items_of(r.inputs.get("rules"))
        for c in items_of(prop(rule, "copyActions"))
    }
    locks = [r for r in resources if r.type == VAULT_LOCK]
    out = []
    for vault in (r for r in resources if r.type == VAULT):
        name = vault.inputs.get("name") or _outputs(vault).get("name")
        is_dr = tags_of(vault.inputs).get("dr-role") == "recovery" or (
            _arn(vault) in destinations
            or (known(name) and any(d.endswith(f":backup-vault:{name}") for d in destinations))
        )
        if not is_dr:
            continue
        lock = next(
            (
                lk
                for lk in locks
                if (known(name) and lk.inputs.get("backupVaultName") == name)
                or lk.name == f"{vault.name}-lock"
            ),
            None,
        )
        if lock is None:
            out.append(Violation("dr-vault-locked", vault.type, vault.name, "dr vault has no Vault Lock"))
        elif lock.inputs.get("minRetentionDays") is None:
            out.append(
                Violation("dr-vault-locked", lock.type, lock.name, "Vault Lock sets no minRetentionDays")
            )
    return out


STATEFUL = (
    RDS_GLOBAL,
    RDS_CLUSTER,
    RDS_INSTANCE,
    TABLE,
    TABLE_REPLICA,
    BUCKET,
    VAULT,
    KMS_KEY,
    KMS_REPLICA_KEY,
)
"""What holds state a replacement or a destroy would lose: databases, tables, buckets, vaults, keys."""


def stateful_resources_protected(resources: Sequence[Resource]) -> list[Violation]:
    """Stateful resources (databases, tables, buckets, vaults, keys) carry Pulumi's `protect`
    option in both sites: a mistaken `pulumi destroy`, or a rename that would replace them, stops."""
    return [
        Violation("stateful-resources-protected", r.type, r.name, "protect option is not set")
        for r in resources
        if r.type in STATEFUL and getattr(r, "protect", False) is not True
    ]


WEB_ACL = "aws:wafv2/webAcl:WebAcl"
WEB_ACL_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
WEB_ACL_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
WAF_CLASSIFICATIONS = ("pci", "pii")
WAF_MANAGED_GROUPS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
)
WAF_LOG_PREFIX = "aws-waf-logs-"


_Found = list[tuple[int, Resource]]
"""Resources with their position in the plan (lookups answer the first, as a scan would)."""


class _Pointers:
    """Resources of one type that name another resource by ARN in `key`, indexed once, so finding
    the one that points at a target is a lookup, not a scan per target. A resource points at the
    target when its `key` holds the target's ARN, or, while either ARN is unknown (preview), when
    it has the name the components give it; the first in plan order wins."""

    def __init__(self, resources: Sequence[Resource], key: str) -> None:
        self.by_value: dict[str, _Found] = {}
        self.unknown_by_name: dict[str, _Found] = {}
        self.by_name: dict[str, _Found] = {}
        for i, r in enumerate(resources):
            value = r.inputs.get(key)
            if not known(value):
                self.unknown_by_name.setdefault(r.name, []).append((i, r))
            elif isinstance(value, str):
                self.by_value.setdefault(value, []).append((i, r))
            self.by_name.setdefault(r.name, []).append((i, r))

    def first_at(self, target: Resource, name: str) -> Resource | None:
        arn = _arn(target)
        if known(arn):
            found = [*self.by_value.get(str(arn), []), *self.unknown_by_name.get(name, [])]
        else:
            found = self.by_name.get(name, [])
        return min(found, key=lambda f: f[0])[1] if found else None


def _by_arn(
    resources: Sequence[Resource],
) -> tuple[dict[str, _Found], _Found]:
    """Resources by their known ARN, and those whose ARN is unknown (in plan order)."""
    known_arns: dict[str, _Found] = {}
    unknown: _Found = []
    for i, r in enumerate(resources):
        arn = _arn(r)
        if known(arn):
            known_arns.setdefault(str(arn), []).append((i, r))
        else:
            unknown.append((i, r))
    return known_arns, unknown


def _web_acl_problems(acl: Resource) -> list[str]:
    rules_ = items_of(acl.inputs.get("rules"))
    groups = {
        prop(r, "statement", "managedRuleGroupStatement", "name")
        for r in rules_
        if prop(r, "statement", "managedRuleGroupStatement", "vendorName") == "AWS"
        and prop(r, "overrideAction", "count") is None
    }
    out = [f"web ACL lacks the AWS managed rule group {g}" for g in WAF_MANAGED_GROUPS if g not in groups]
    rate = [
        r
        for r in rules_
        if prop(r, "statement", "rateBasedStatement") and prop(r, "action", "block") is not None
    ]
    if not rate:
        out.append("web ACL has no rate-based rule that blocks")
    return out


def _acl_of(
    association: Resource,
    acls: Sequence[Resource],
    by_arn: Mapping[str, _Found],
    unknown: Sequence[tuple[int, Resource]],
) -> Resource | None:
    """The first web ACL the association names in `webAclArn`, or, while either ARN is unknown,
    the one whose name it shares (components.aws.web_firewall names both `<lb>-waf`)."""
    value = association.inputs.get("webAclArn")
    if not known(value):
        return next((a for a in acls if association.name == a.name), None)
    found = [*by_arn.get(str(value), []), *((i, a) for i, a in unknown if association.name == a.name)]
    return min(found, key=lambda f: f[0])[1] if found else None


def web_firewall(resources: Sequence[Resource]) -> list[Violation]:
    """Every public load balancer of a pci or pii service, in both sites, sits behind an AWS WAFv2
    web ACL with the AWS managed core, known-bad-inputs and SQL-injection rule groups and a blocking
    rate-based rule, logging to a CMK-encrypted log group named `aws-waf-logs-*` (PCI DSS 6.4.2)."""
    out: list[Violation] = []
    associations = _Pointers([r for r in resources if r.type == WEB_ACL_ASSOCIATION], "resourceArn")
    acls = [r for r in resources if r.type == WEB_ACL]
    acls_by_arn, acls_unknown = _by_arn(acls)
    loggings = _Pointers([r for r in resources if r.type == WEB_ACL_LOGGING], "resourceArn")
    groups = [r for r in resources if r.type == LOG_GROUP]
    groups_by_arn, groups_unknown = _by_arn(groups)
    for lb in (r for r in resources if r.type == LOAD_BALANCER):
        if lb.inputs.get("internal") is True:
            continue
        if str(tags_of(lb.inputs).get("data-classification")) not in WAF_CLASSIFICATIONS:
            continue

        def report(message: str, lb: Resource = lb) -> None:
            out.append(Violation("web-firewall", lb.type, lb.name, message))

        # components.aws.web_firewall names the ACL, its association and its logging `<lb>-waf`
        association = associations.first_at(lb, f"{lb.name}-waf")
        if association is None:
            report("public load balancer of a pci/pii service has no WAF web ACL")
            continue
        acl = _acl_of(association, acls, acls_by_arn, acls_unknown)
        if acl is None:
            report("its web ACL is not declared in this stack")
            continue
        for message in _web_acl_problems(acl):
            report(message)
        logging = loggings.first_at(acl, acl.name)
        if logging is None:
            report("its web ACL has no logging configuration")
            continue
        destinations = [d for d in items_of(logging.inputs.get("logDestinationConfigs")) if known(d)]
        logged = [g for _, g in sorted(f for d in set(destinations) for f in groups_by_arn.get(str(d), []))]
        if destinations and not logged and not groups_unknown:
            report("its web ACL logs to no log group of this stack")
        for g in logged:
            if not str(g.inputs.get("name", "")).startswith(WAF_LOG_PREFIX):
                report(f"WAF log group {g.inputs.get('name')!r} must be named {WAF_LOG_PREFIX}*")
            if g.inputs.get("kmsKeyId") is None:
                report(f"WAF log group {g.inputs.get('name')!r} is not encrypted with a CMK (kmsKeyId)")
    return out


FLOW_LOG = "aws:ec2/flowLog:FlowLog"
LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
PCI_AUDIT_LOG_DAYS = 365


def _kept_days(value: Any) -> float:
    """Retention in days; absent or 0 means kept forever."""
    return float("inf") if value in (None, 0) else float(value) if isinstance(value, int | float) else -1


def _expiry_days(lifecycle: Resource) -> float:
    days = [
        prop(rule, "expiration", "days")
        for rule in items_of(lifecycle.inputs.get("rules"))
        if prop(rule, "status") == "Enabled" and prop(rule, "expiration", "days") is not None
    ]
    return min((float(d) for d in days if isinstance(d, int | float)), default=float("inf"))


def audit_log_retention(resources: Sequence[Resource]) -> list[Violation]:
    """Logs of pci services are kept at least a year (PCI DSS 10.5.1): their own log groups, and,
    in a stack holding a pci service, the site-wide logs that record it (VPC flow logs, and the
    bucket its load balancer writes access logs to)."""
    out: list[Violation] = []

    def short(r: Resource, days: float) -> None:
        shown = "kept" if days < 0 else f"kept {days:g} days"
        out.append(
            Violation(
                "audit-log-retention", r.type, r.name, f"{shown}; pci audit logs need {PCI_AUDIT_LOG_DAYS}+"
            )
        )

    pci = [r for r in resources if str(tags_of(r.inputs).get("data-classification")) == "pci"]
    pci_ids = {id(r) for r in pci}
    groups = [r for r in resources if r.type == LOG_GROUP]
    for g in groups:
        if id(g) in pci_ids and _kept_days(g.inputs.get("retentionInDays")) < PCI_AUDIT_LOG_DAYS:
            short(g, _kept_days(g.inputs.get("retentionInDays")))
    if not pci:
        return out
    flow_destinations = {str(f.inputs.get("logDestination")) for f in resources if f.type == FLOW_LOG}
    for g in groups:
        if id(g) not in pci_ids and str(_arn(g)) in flow_destinations:
            days = _kept_days(g.inputs.get("retentionInDays"))
            if days < PCI_AUDIT_LOG_DAYS:
                short(g, days)
    access_log_buckets = {
        str(prop(lb.inputs, "accessLogs", "bucket"))
        for lb in pci
        if lb.type == LOAD_BALANCER and prop(lb.inputs, "accessLogs", "enabled") is True
    }
    for lifecycle in (r for r in resources if r.type == LIFECYCLE):
        if str(lifecycle.inputs.get("bucket")) in access_log_buckets:
            days = _expiry_days(lifecycle)
            if days < PCI_AUDIT_LOG_DAYS:
                short(lifecycle, days)
    return out


INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
LISTENER = "aws:lb/listener:Listener"
LISTENER_RULE = "aws:lb/listenerRule:ListenerRule"
ANYWHERE = ("0.0.0.0/0", "::/0")


def _redirects_to_https(listener: Resource) -> bool:
    actions = items_of(listener.inputs.get("defaultActions"))
    return bool(actions) and all(
        prop(a, "type") == "redirect" and prop(a, "redirect", "protocol") == "HTTPS" for a in actions
    )


def public_ingress(resources: Sequence[Resource]) -> list[Violation]:
    """The internet reaches only load balancers, on 443 (HTTPS) and on 80, which exists only to
    redirect to HTTPS: every plain-HTTP listener answers with a redirect to HTTPS and nothing else
    (no forward, no listener rules), and port 80 is open only on a load balancer that has one."""
    out: list[Violation] = []
    listeners = [r for r in resources if r.type == LISTENER]
    http = [lst for lst in listeners if lst.inputs.get("protocol") == "HTTP"]
    for listener in http:
        if not _redirects_to_https(listener):
            out.append(
                Violation(
                    "public-ingress",
                    listener.type,
                    listener.name,
                    "plain-HTTP listener must only redirect to HTTPS",
                )
            )
    http_arns = {str(_arn(lst)) for lst in http if known(_arn(lst))}
    for rule in (r for r in resources if r.type == LISTENER_RULE):
        if str(rule.inputs.get("listenerArn")) in http_arns:
            out.append(
                Violation("public-ingress", rule.type, rule.name, "a plain-HTTP listener may have no rules")
            )
    lbs_by_group: dict[str, list[Resource]] = {}
    for lb in (r for r in resources if r.type == LOAD_BALANCER):
        for group in items_of(lb.inputs.get("securityGroups")):
            if isinstance(group, str):
                lbs_by_group.setdefault(group, []).append(lb)
    redirects_on_80 = {
        arn
        for lst in http
        if isinstance(arn := lst.inputs.get("loadBalancerArn"), str)
        and lst.inputs.get("port") == 80
        and _redirects_to_https(lst)
    }
    for ingress in (r for r in resources if r.type == INGRESS_RULE):
        if ingress.inputs.get("cidrIpv4") not in ANYWHERE and ingress.inputs.get("cidrIpv6") not in ANYWHERE:
            continue
        ports = (ingress.inputs.get("fromPort"), ingress.inputs.get("toPort"))
        if ports == (443, 443):
            continue
        if ports != (80, 80):
            out.append(
                Violation(
                    "public-ingress",
                    ingress.type,
                    ingress.name,
                    f"open to the internet on ports {ports[0]}-{ports[1]}",
                )
            )
            continue
        group = ingress.inputs.get("securityGroupId")
        if not known(group):
            continue
        owners = lbs_by_group.get(group, []) if isinstance(group, str) else []
        redirecting = [lb for lb in owners if known(_arn(lb)) and _arn(lb) in redirects_on_80]
        if not redirecting and all(known(_arn(lb)) for lb in owners):
            out.append(
                Violation(
                    "public-ingress",
                    ingress.type,
                    ingress.name,
                    "port 80 is open, but not on a load balancer whose port-80 listener redirects to HTTPS",
                )
            )
    return out


PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup"
CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup"
SECRET = "aws:secretsmanager/secret:Secret"
SECRET_ROTATION = "aws:secretsmanager/secretRotation:SecretRotation"
LOGGED_STATEMENTS = ("ddl", "mod", "all")
MAX_ROTATION_DAYS = 90
"""PCI DSS v4.0 8.3.9: a password that is the only factor changes at least every 90 days."""


def _name_of(r: Resource) -> Any:
    return _outputs(r).get("name", r.inputs.get("name", UNKNOWN))


def _logging_problems(group: Resource) -> list[str]:
    params = {prop(p, "name"): str(prop(p, "value")) for p in items_of(group.inputs.get("parameters"))}
    out = []
    if params.get("log_connections") not in ("1", "on", "true"):
        out.append("parameter group does not set log_connections")
    if params.get("log_statement") not in LOGGED_STATEMENTS:
        out.append("parameter group does not log DDL (log_statement ddl, mod or all)")
    slow = params.get("log_min_duration_statement", "-1")
    if not slow.lstrip("-").isdigit() or int(slow) < 0:
        out.append("parameter group does not log slow statements (log_min_duration_statement >= 0)")
    return out


def database_observability(resources: Sequence[Resource]) -> list[Violation]:
    """Every relational database in both sites can be investigated during an incident: enhanced
    monitoring and Performance Insights (encrypted with a CMK) on every instance, the PostgreSQL log
    exported to CloudWatch Logs, through a parameter group that logs connections, DDL and slow
    statements."""
    out: list[Violation] = []

    def report(r: Resource, message: str) -> None:
        out.append(Violation("database-observability", r.type, r.name, message))

    groups = {
        str(_name_of(g)): g
        for g in resources
        if g.type in (PARAMETER_GROUP, CLUSTER_PARAMETER_GROUP) and known(_name_of(g))
    }
    for r in resources:
        p = r.inputs
        if r.type in (RDS_INSTANCE, RDS_CLUSTER_INSTANCE):
            interval = p.get("monitoringInterval")
            if not (isinstance(interval, int | float) and interval > 0) or p.get("monitoringRoleArn") is None:
                report(r, "enhanced monitoring is off (monitoringInterval > 0 with a monitoringRoleArn)")
            if (
                p.get("performanceInsightsEnabled") is not True
                or p.get("performanceInsightsKmsKeyId") is None
            ):
                report(
                    r, "Performance Insights must be on, encrypted with a CMK (performanceInsightsKmsKeyId)"
                )
        if r.type in (RDS_INSTANCE, RDS_CLUSTER):
            if "postgresql" not in items_of(p.get("enabledCloudwatchLogsExports")):
                report(
                    r, "the PostgreSQL log is not exported to CloudWatch Logs (enabledCloudwatchLogsExports)"
                )
            key = "parameterGroupName" if r.type == RDS_INSTANCE else "dbClusterParameterGroupName"
            group_name = p.get(key)
            if group_name is None:
                report(r, f"no {key}: the engine default logs neither connections nor DDL")
            elif known(group_name) and str(group_name) in groups:
                for message in _logging_problems(groups[str(group_name)]):
                    report(r, message)
    return out


def database_multi_az(resources: Sequence[Resource]) -> list[Violation]:
    """Every live relational copy is Multi-AZ in both sites, so a promoted dr copy is never a
    single-AZ primary: RDS instances (the dr replica too) are Multi-AZ; Aurora clusters run at
    least two instances, in distinct AZs where they name them."""
    out: list[Violation] = []
    instances = [r for r in resources if r.type == RDS_CLUSTER_INSTANCE]
    for r in resources:
        if r.type == RDS_INSTANCE and r.inputs.get("multiAz") is not True:
            out.append(Violation("database-multi-az", r.type, r.name, "multiAz must be true"))
        if r.type != RDS_CLUSTER:
            continue
        ids = {v for v in (_outputs(r).get("id"), r.inputs.get("clusterIdentifier")) if known(v)}
        members = [i for i in instances if i.inputs.get("clusterIdentifier") in ids]
        if any(not known(i.inputs.get("clusterIdentifier")) for i in instances) and len(members) < 2:
            continue  # preview: membership not known yet
        zones = [i.inputs.get("availabilityZone") for i in members if known(i.inputs.get("availabilityZone"))]
        if len(members) < 2:
            out.append(
                Violation("database-multi-az", r.type, r.name, f"{len(members)} instance(s); run at least 2")
            )
        elif len(zones) == len(members) and len(set(zones)) < 2:
            out.append(Violation("database-multi-az", r.type, r.name, f"all instances in {zones[0]}"))
    return out


def database_credentials_rotated(resources: Sequence[Resource]) -> list[Violation]:
    """No static, never-rotated database credentials: RDS instances let RDS manage (and rotate) the
    master password; an Aurora cluster given a master password keeps it in a Secrets Manager secret
    tagged `Name: <cluster>-master`; every secret rotates at least every 90 days (PCI DSS 8.3.9)."""
    out: list[Violation] = []
    secrets = [r for r in resources if r.type == SECRET]
    rotations = [r for r in resources if r.type == SECRET_ROTATION]

    def rotation_of(secret: Resource) -> Resource | None:
        refs = {v for v in (_arn(secret), _outputs(secret).get("id")) if known(v)}
        return next(
            (
                rot
                for rot in rotations
                if rot.inputs.get("secretId") in refs or (not known(rot.inputs.get("secretId")) and not refs)
            ),
            None,
        )

    for s in secrets:
        rotation = rotation_of(s)
        days = prop(rotation.inputs, "rotationRules", "automaticallyAfterDays") if rotation else None
        if rotation is None:
            out.append(Violation("database-credentials-rotated", s.type, s.name, "secret is never rotated"))
        elif isinstance(days, int | float) and days > MAX_ROTATION_DAYS:
            out.append(
                Violation(
                    "database-credentials-rotated",
                    s.type,
                    s.name,
                    f"rotates every {days} days; at most {MAX_ROTATION_DAYS}",
                )
            )
    names = {str(tags_of(s.inputs).get("Name")) for s in secrets}
    for r in resources:
        p = r.inputs
        if (
            r.type == RDS_INSTANCE
            and p.get("password") is not None
            and p.get("manageMasterUserPassword") is not True
        ):
            out.append(
                Violation(
                    "database-credentials-rotated",
                    r.type,
                    r.name,
                    "static master password; use manageMasterUserPassword",
                )
            )
        unmanaged = p.get("masterPassword") is not None and p.get("manageMasterUserPassword") is not True
        if r.type == RDS_CLUSTER and unmanaged and f"{p.get('clusterIdentifier')}-master" not in names:
            out.append(
                Violation(
                    "database-credentials-rotated",
                    r.type,
                    r.name,
                    "master password is kept in no rotated secret (Name: <cluster>-master)",
                )
            )
    return out


AWS_STACK_RULES: dict[str, StackRule] = {
    "buckets-hardened": buckets_hardened,
    "backup-coverage": backup_coverage,
    "dr-vault-locked": dr_vault_locked,
    "stateful-resources-protected": stateful_resources_protected,
    "web-firewall": web_firewall,
    "audit-log-retention": audit_log_retention,
    "public-ingress": public_ingress,
    "database-observability": database_observability,
    "database-multi-az": database_multi_az,
    "database-credentials-rotated": database_credentials_rotated,
}

# --- every cloud's rules, one guardrail per policy name -----------------------------------------

_CLOUD_RULES: tuple[str, ...] = ("policy.azure", "policy.gcp")
"""Modules with another cloud's rules: `RESOURCE_RULES` and `STACK_RULES` keyed by the policy names
above (a policy is one guardrail, whatever the cloud; a cloud may add policies of its own) and
`regions_of` for residency. Each imports policy.base only."""


def _cloud_modules() -> list[Any]:
    return [importlib.import_module(m) for m in _CLOUD_RULES]


def _by_policy(tables: Sequence[Mapping[str, T]]) -> dict[str, list[T]]:
    out: dict[str, list[T]] = {}
    for table in tables:
        for policy, rule in table.items():
            out.setdefault(policy, []).append(rule)
    return out


def _resource_rule(rules: list[ResourceRule]) -> ResourceRule:
    def rule(type_: str, props: Props, name: str = "") -> list[str]:
        return [message for r in rules for message in r(type_, props, name)]

    rule.__doc__ = rules[0].__doc__
    return rules[0] if len(rules) == 1 else rule


def _stack_rule(rules: list[StackRule]) -> StackRule:
    def rule(resources: Sequence[Resource]) -> list[Violation]:
        return [v for r in rules for v in r(resources)]

    rule.__doc__ = rules[0].__doc__
    return rules[0] if len(rules) == 1 else rule


_MODULES = _cloud_modules()
RESOURCE_RULES: dict[str, ResourceRule] = {
    policy: _resource_rule(rules)
    for policy, rules in _by_policy([AWS_RESOURCE_RULES, *(m.RESOURCE_RULES for m in _MODULES)]).items()
}
STACK_RULES: dict[str, StackRule] = {
    policy: _stack_rule(rules)
    for policy, rules in _by_policy([AWS_STACK_RULES, *(m.STACK_RULES for m in _MODULES)]).items()
}
_REGION_READERS: list[Callable[[str, Props], list[tuple[str, str]]]] = [
    aws_regions_of,
    *(m.regions_of for m in _MODULES),
]


def regions_of(type_: str, props: Props) -> list[tuple[str, str]]:
    """(where, region) pairs a resource places data or control in, whatever its cloud."""
    return [pair for reader in _REGION_READERS for pair in reader(type_, props)]


DESCRIPTIONS: dict[str, str] = {
    **{name: (rule.__doc__ or name).strip().splitlines()[0] for name, rule in RESOURCE_RULES.items()},
    **{name: (rule.__doc__ or name).strip().splitlines()[0] for name, rule in STACK_RULES.items()},
    "data-residency": (
        "Every region a resource uses is inside the data residency of its service (except Route 53 "
        "health-check alarms and their forwarding to an allowed region: AWS keeps those metrics in "
        "us-east-1)."
    ),
}


def check_resource(type_: str, props: Props, name: str = "", skip: Collection[str] = ()) -> list[Violation]:
    return [
        Violation(policy, type_, name, message)
        for policy, rule in RESOURCE_RULES.items()
        if policy not in skip
        for message in rule(type_, props, name)
    ]


def project_protect(root: Path | None = None) -> bool:
    """The project config's `protect` (for the pack, which runs outside the program)."""
    from config.loader import load

    return load("prod", root or Path(__file__).resolve().parent.parent).protect


def disabled_policies(protect: bool) -> frozenset[str]:
    """Policies a config switches off: the deletion guards, in a sandbox (`protect: false`)."""
    return frozenset() if protect else frozenset(SANDBOX_POLICIES)


def evaluate(
    resources: Iterable[Resource], residency: Residency | None = None, protect: bool | None = None
) -> list[Violation]:
    """Every rule over a stack's resources (e.g. an offline `ProgramRun.resources`); `protect` is
    the config's (default: the project's), which decides whether the deletion guards apply."""
    found = list(resources)
    skip = disabled_policies(project_protect() if protect is None else protect)
    out = [v for r in found for v in check_resource(r.type, r.inputs, r.name, skip)]
    for policy, rule in STACK_RULES.items():
        if policy not in skip:
            out += rule(found)
    out += residency_violations(found, residency or project_residency())
    return out


def allowed_regions(regions: Collection[str]) -> Residency:
    """A residency allowing `regions` for every service (for tests and ad-hoc checks)."""
    return Residency(frozenset(regions))
