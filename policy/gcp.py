"""The policy pack's guardrails over pulumi-gcp resources (registered in policy/rules.py).

Same policies as AWS's (a policy is one guardrail, whatever the cloud), read from pulumi-gcp
v10's camelCase inputs, plus `tls-required` (GCP's own: TLS at Cloud SQL and the load balancer,
where AWS's `tls-only-buckets` guards S3 bucket policies). Labels stand for AWS tags.

Imports only policy.base and the GCP region facts (clouds/, the bottom layer), so the registry
can import it without a cycle.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import ipaddress
import re
from collections.abc import Mapping, Sequence
from typing import Any

from clouds import gcp_regions
from policy.base import (
    UNKNOWN,
    Props,
    Resource,
    ResourceRule,
    StackRule,
    Violation,
    items_of,
    known,
    prop,
)

BUCKET = "gcp:storage/bucket:Bucket"
BUCKET_IAM_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember"
BUCKET_IAM_BINDING = "gcp:storage/bucketIAMBinding:BucketIAMBinding"
SQL = "gcp:sql/databaseInstance:DatabaseInstance"
FIRESTORE = "gcp:firestore/database:Database"
FIRESTORE_BACKUPS = "gcp:firestore/backupSchedule:BackupSchedule"
VAULT = "gcp:backupdisasterrecovery/backupVault:BackupVault"
BACKUP_PLAN = "gcp:backupdisasterrecovery/backupPlan:BackupPlan"
ASSOCIATION = "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation"
TEMPLATE = "gcp:compute/instanceTemplate:InstanceTemplate"
RECORD = "gcp:dns/recordSet:RecordSet"
HEALTH_CHECK = "gcp:compute/healthCheck:HealthCheck"
HTTPS_PROXY = "gcp:compute/targetHttpsProxy:TargetHttpsProxy"
SSL_POLICY = "gcp:compute/sSLPolicy:SSLPolicy"
CLOUD_RUN = "gcp:cloudrunv2/service:Service"
KEY_RING = "gcp:kms/keyRing:KeyRing"

REQUIRED_LABELS = ("service", "tier", "dr-role", "data-classification", "owner", "managed-by")
"""vocabulary.tags.REQUIRED_TAGS, as labels (not imported: this module reads policy.base only)."""
PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")
TLS_MIN = ("TLS_1_2", "TLS_1_3")
SQL_TLS_MODES = ("ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED")
# Cloud DNS routing policies: a health check with source regions names exactly 3 and checks at
# most every 30 s (dr-reference, "Cloud DNS failover routing policy").
SOURCE_REGIONS = 3
SOURCE_REGION_MIN_INTERVAL = 30
# Cloud Storage soft delete: 7-90 days (0 turns it off).
SOFT_DELETE_MIN_SECONDS = 7 * 86400
LOG_BUCKET = re.compile(r"^[a-z0-9-]+-logs$")
"""The site's usage-log bucket (components.gcp.foundation): regional, logs expire anyway."""
PROTECTED_ROLE = "primary"
CROSS_CLOUD_COPY = "dr-source"
"""Label of a recovery site's bucket that copies a store of another cloud (components/cross_cloud):
its cross-region copy is that store, in prod's region on the other cloud."""


def labels_of(props: Props) -> Mapping[str, Any]:
    # userLabels first: notification channels also take `labels`, their channel settings.
    for found in (props.get("userLabels"), props.get("labels"), prop(props, "settings", "userLabels")):
        if found is UNKNOWN:
            return UNKNOWN
        if isinstance(found, Mapping):
            return found
    return {}


def _is_replica(props: Props) -> bool:
    return bool(props.get("masterInstanceName"))


# --- resource rules ---------------------------------------------------------------------------


def cmk_encryption(type_: str, props: Props, name: str = "") -> list[str]:
    """Every data store is encrypted with a customer-managed KMS key."""
    checks = {
        BUCKET: ("encryption", "defaultKmsKeyName"),
        SQL: ("encryptionKeyName",),
        FIRESTORE: ("cmekConfig", "kmsKeyName"),
        VAULT: ("encryptionConfig", "kmsKeyName"),
    }
    if type_ in checks:
        path = checks[type_]
        return [] if prop(props, *path) is not None else [f"{'.'.join(path)} must name a CMEK key"]
    if type_ == TEMPLATE:
        return [
            f"disks[{i}] has no diskEncryptionKey.kmsKeySelfLink (CMEK)"
            for i, disk in enumerate(items_of(props.get("disks")))
            if prop(disk, "diskEncryptionKey", "kmsKeySelfLink") is None
        ]
    return []


def no_public_access(type_: str, props: Props, name: str = "") -> list[str]:
    """No public buckets, no publicly reachable databases or VMs."""
    if type_ == BUCKET:
        out = []
        if props.get("publicAccessPrevention") not in ("enforced", UNKNOWN):
            out.append("publicAccessPrevention must be 'enforced'")
        if props.get("uniformBucketLevelAccess") not in (True, UNKNOWN):
            out.append("uniformBucketLevelAccess must be true (no object ACLs)")
        return out
    if type_ in (BUCKET_IAM_MEMBER, BUCKET_IAM_BINDING):
        members = [props.get("member"), *items_of(props.get("members"))]
        return [f"grants {props.get('role')} to {m}" for m in members if m in PUBLIC_MEMBERS]
    if type_ == SQL:
        ip = prop(props, "settings", "ipConfiguration") or {}
        out = []
        if prop(ip, "ipv4Enabled") is not False:
            out.append("settings.ipConfiguration.ipv4Enabled must be false (private IP only)")
        if items_of(prop(ip, "authorizedNetworks")):
            out.append("settings.ipConfiguration.authorizedNetworks must be empty")
        return out
    if type_ == TEMPLATE:
        return [
            f"networkInterfaces[{i}] has an external IP (accessConfigs)"
            for i, nic in enumerate(items_of(props.get("networkInterfaces")))
            if items_of(prop(nic, "accessConfigs"))
        ]
    open_ingress = props.get("ingress") in (None, "INGRESS_TRAFFIC_ALL")
    if type_ == CLOUD_RUN and open_ingress and props.get("invokerIamDisabled") is True:
        return ["ingress from anywhere with the invoker IAM check off: anyone can call it; restrict ingress"]
    return []


def tls_required(type_: str, props: Props, name: str = "") -> list[str]:
    """Databases and load balancers accept TLS only, 1.2 or later."""
    if type_ == SQL:
        mode = prop(props, "settings", "ipConfiguration", "sslMode")
        return [] if mode in (*SQL_TLS_MODES, UNKNOWN) else [f"sslMode {mode!r}: use ENCRYPTED_ONLY"]
    if type_ == SSL_POLICY:
        version = props.get("minTlsVersion")
        return [] if version in (*TLS_MIN, UNKNOWN) else [f"minTlsVersion {version!r}: use TLS_1_2 or later"]
    if type_ == HTTPS_PROXY and props.get("sslPolicy") is None:
        return ["no sslPolicy: Google's default admits TLS 1.0"]
    return []


def versioning_and_pitr(type_: str, props: Props, name: str = "") -> list[str]:
    """Buckets keep versions; databases keep point-in-time recovery."""
    if type_ == BUCKET:
        enabled = prop(props, "versioning", "enabled")
        return [] if enabled in (True, UNKNOWN) else ["versioning.enabled must be true"]
    if type_ == FIRESTORE:
        pitr = props.get("pointInTimeRecoveryEnablement")
        return (
            []
            if pitr in ("POINT_IN_TIME_RECOVERY_ENABLED", UNKNOWN)
            else [f"point-in-time recovery is {pitr!r}"]
        )
    if type_ == SQL and not _is_replica(props):
        on = prop(props, "settings", "backupConfiguration", "pointInTimeRecoveryEnabled")
        return (
            [] if on in (True, UNKNOWN) else ["backupConfiguration.pointInTimeRecoveryEnabled must be true"]
        )
    return []


def deletion_protection(type_: str, props: Props, name: str = "") -> list[str]:
    """Prod's databases cannot be deleted by one call."""
    if type_ == FIRESTORE:  # one database serves both sites; it takes no labels
        state = props.get("deleteProtectionState")
        return (
            []
            if state in ("DELETE_PROTECTION_ENABLED", UNKNOWN)
            else ["deleteProtectionState must be enabled"]
        )
    if type_ != SQL or str(labels_of(props).get("dr-role", "")) != PROTECTED_ROLE:
        return []
    out = []
    if props.get("deletionProtection") is not True:
        out.append("deletionProtection must be true in prod")
    if prop(props, "settings", "deletionProtectionEnabled") is not True:
        out.append("settings.deletionProtectionEnabled must be true in prod")
    return out


def _ip(value: Any) -> bool:
    if not known(value):
        return True
    try:
        ipaddress.ip_address(str(value))
    except ValueError:
        return False
    return True


def failover_records_health_checked(type_: str, props: Props, name: str = "") -> list[str]:
    """Every failover record is health-checked, as Cloud DNS's routing-policy rules allow."""
    if type_ == HEALTH_CHECK:
        regions = items_of(props.get("sourceRegions"))
        if not regions:
            return []
        out = []
        if len(regions) != SOURCE_REGIONS:
            out.append(
                f"names {len(regions)} source regions; a health check with source regions names exactly 3"
            )
        interval = props.get("checkIntervalSec")
        if known(interval) and (interval is None or int(interval) < SOURCE_REGION_MIN_INTERVAL):
            out.append(f"checkIntervalSec {interval}: source-region health checks need >= 30 s")
        return out
    if type_ != RECORD:
        return []
    policy = props.get("routingPolicy")
    failover = prop(policy, "primaryBackup")
    if not failover:
        return []
    out = []
    if prop(policy, "healthCheck") is None:
        out.append("failover routing policy has no healthCheck")
    primary = prop(failover, "primary") or {}
    endpoints = items_of(prop(primary, "externalEndpoints"))
    if not endpoints and not items_of(prop(primary, "internalLoadBalancers")):
        out.append("primary has no health-checked targets")
    out += [f"primary external endpoint {e!r} is not an IP address" for e in endpoints if not _ip(e)]
    backups = items_of(prop(failover, "backupGeos"))
    if not backups:
        out.append("failover routing policy has no backupGeos (backups are a geolocation policy)")
    for i, geo in enumerate(backups):
        targets = prop(geo, "healthCheckedTargets")
        if not targets:
            out.append(f"backupGeos[{i}] is not health-checked")
        out += [
            f"backupGeos[{i}] external endpoint {e!r} is not an IP address"
            for e in items_of(prop(targets, "externalEndpoints"))
            if not _ip(e)
        ]
    return out


@functools.cache
def accepts_labels(type_token: str) -> str | None:
    """The label input pulumi-gcp's class for `type_token` takes (`labels`/`user_labels`), or
    None; Cloud SQL's live under `settings` and are checked there."""
    if not type_token.startswith("gcp:"):
        return None
    _, module_path, cls_name = type_token.split(":")
    try:
        mod = importlib.import_module(f"pulumi_gcp.{module_path.split('/')[0]}")
    except ImportError:
        return None
    init = getattr(getattr(mod, cls_name, None), "_internal_init", None)
    if init is None:
        return None
    params = inspect.signature(init).parameters
    return next((p for p in ("labels", "user_labels") if p in params), None)


def required_tags(type_: str, props: Props, name: str = "") -> list[str]:
    """Every labelable resource carries the required labels (the AWS tags' meaning)."""
    if type_ != SQL and accepts_labels(type_) is None:
        return []
    found = labels_of(props)
    if found is UNKNOWN:
        return []
    missing = [t for t in REQUIRED_LABELS if t not in found]
    return [f"missing labels {missing}"] if missing else []


RESOURCE_RULES: dict[str, ResourceRule] = {
    "cmk-encryption": cmk_encryption,
    "no-public-access": no_public_access,
    "versioning-and-pitr": versioning_and_pitr,
    "deletion-protection": deletion_protection,
    "failover-records-health-checked": failover_records_health_checked,
    "required-tags": required_tags,
    "tls-required": tls_required,
}

# --- stack rules --------------------------------------------------------------------------------


def _outputs(r: Resource) -> Mapping[str, Any]:
    return getattr(r, "outputs", None) or {}


def _value(r: Resource, key: str) -> Any:
    return _outputs(r).get(key, r.inputs.get(key, UNKNOWN))


def _dual_region(props: Props) -> bool:
    placed = items_of(prop(props, "customPlacementConfig", "dataLocations"))
    location = str(props.get("location", "")).upper()
    return len(placed) == 2 or location in gcp_regions.PREDEFINED_DUAL_REGIONS


def buckets_hardened(resources: Sequence[Resource]) -> list[Violation]:
    """Every bucket keeps soft-deleted objects at least 7 days, and every data bucket logs its
    usage to the site's log bucket."""
    out = []
    for b in (r for r in resources if r.type == BUCKET):
        seconds = prop(b.inputs, "softDeletePolicy", "retentionDurationSeconds")
        if known(seconds) and (seconds is None or int(seconds) < SOFT_DELETE_MIN_SECONDS):
            out.append(
                Violation("buckets-hardened", b.type, b.name, "soft delete keeps objects less than 7 days")
            )
        if not LOG_BUCKET.match(b.name) and prop(b.inputs, "logging", "logBucket") is None:
            out.append(Violation("buckets-hardened", b.type, b.name, "bucket has no usage logging"))
    return out


def backup_coverage(resources: Sequence[Resource]) -> list[Violation]:
    """Every prod Cloud SQL primary is in a Backup and DR plan, every Firestore database has a
    backup schedule, and every data bucket replicates across regions with turbo replication (GCP
    backups have no cross-region copy: the live cross-region copy is the store's own), except a
    bucket labelled `dr-source`, itself the cross-region copy of a store on another cloud."""
    out = []
    associated = [str(_value(a, "resource")) for a in resources if a.type == ASSOCIATION]
    undecided = any(not known(_value(a, "resource")) for a in resources if a.type == ASSOCIATION)
    for db in (r for r in resources if r.type == SQL):
        if _is_replica(db.inputs) or str(labels_of(db.inputs).get("dr-role", "")) != PROTECTED_ROLE:
            continue
        instance = _value(db, "name")
        if undecided or not known(instance):
            continue
        if not any(a.endswith(f"/instances/{instance}") for a in associated):
            out.append(
                Violation("backup-coverage", db.type, db.name, "Cloud SQL primary is in no backup plan")
            )
    scheduled = {str(_value(s, "database")) for s in resources if s.type == FIRESTORE_BACKUPS}
    for fs in (r for r in resources if r.type == FIRESTORE):
        name = _value(fs, "name")
        if known(name) and str(name) not in scheduled:
            out.append(
                Violation("backup-coverage", fs.type, fs.name, "Firestore database has no backup schedule")
            )
    for b in (r for r in resources if r.type == BUCKET and not LOG_BUCKET.match(r.name)):
        if labels_of(b.inputs).get(CROSS_CLOUD_COPY):
            continue  # the recovery copy of a store on another cloud: that store is the other region
        if not _dual_region(b.inputs):
            out.append(Violation("backup-coverage", b.type, b.name, "data bucket is not in a dual-region"))
        elif b.inputs.get("rpo") != "ASYNC_TURBO":
            out.append(
                Violation("backup-coverage", b.type, b.name, "dual-region bucket without turbo replication")
            )
    for plan in (r for r in resources if r.type == BACKUP_PLAN):
        for i, rule in enumerate(items_of(plan.inputs.get("backupRules"))):
            if prop(rule, "backupRetentionDays") is None:
                out.append(
                    Violation(
                        "backup-coverage", plan.type, plan.name, f"backupRules[{i}] keeps backups forever"
                    )
                )
    return out


def dr_vault_locked(resources: Sequence[Resource]) -> list[Violation]:
    """Every backup vault enforces a minimum retention (immutable, indelible backups)."""
    out = []
    for vault in (r for r in resources if r.type == VAULT):
        enforced = vault.inputs.get("backupMinimumEnforcedRetentionDuration")
        if not known(enforced):
            continue
        seconds = int(str(enforced).rstrip("s") or 0) if enforced else 0
        if seconds < 86400:
            out.append(
                Violation(
                    "dr-vault-locked",
                    vault.type,
                    vault.name,
                    "backup vault enforces no minimum retention (>= 1 day)",
                )
            )
    return out


STACK_RULES: dict[str, StackRule] = {
    "buckets-hardened": buckets_hardened,
    "backup-coverage": backup_coverage,
    "dr-vault-locked": dr_vault_locked,
}

# --- residency ----------------------------------------------------------------------------------

_PRIVATE = {r.name for r in gcp_regions.PRIVATE_REGIONS}


def _bucket_regions(props: Props) -> list[tuple[str, str]]:
    placed = items_of(prop(props, "customPlacementConfig", "dataLocations"))
    if placed:
        return [("customPlacementConfig.dataLocations", str(r).lower()) for r in placed if known(r)]
    location = str(props.get("location", ""))
    predefined = gcp_regions.PREDEFINED_DUAL_REGIONS.get(location.upper())
    if predefined is not None:
        return [("location", r) for r in predefined.regions]
    return [("location", location.lower())] if location else []


def regions_of(type_: str, props: Props) -> list[tuple[str, str]]:
    """(where, region) pairs a GCP resource places data in. Multi-region key rings (`us`,
    `europe`) hold keys, not data: the data they encrypt is judged where it lives. A Firestore
    multi-region places data in its read-write regions and its witness (a private witness
    region, us-central2, is judged by the config boundary, config.gcp, as no list names it)."""
    if not type_.startswith("gcp:"):
        return []
    out: list[tuple[str, str]] = []
    if isinstance(props.get("region"), str):
        out.append(("region", props["region"]))
    if type_ == BUCKET:
        return out + _bucket_regions(props)
    if type_ == FIRESTORE:
        found = gcp_regions.FIRESTORE_MULTI_REGIONS.get(str(props.get("locationId")))
        if found is None:
            return [*out, ("locationId", str(props.get("locationId")))]
        return out + [("locationId", r) for r in found.regions if r not in _PRIVATE]
    if type_ == SQL:
        location = prop(props, "settings", "backupConfiguration", "location")
        if isinstance(location, str):
            out.append(("settings.backupConfiguration.location", location))
    if type_ in (VAULT, KEY_RING) and "-" in str(props.get("location", "")):  # regional, not `us`
        out.append(("location", str(props["location"])))
    return out
