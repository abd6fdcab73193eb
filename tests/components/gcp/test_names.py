"""Every name the GCP site gives a resource is one Google's API accepts (the mock engine accepts
any): checked across both stacks of the example, one naming rule per case."""

from __future__ import annotations

import re

import pytest

from tests.components.gcp.conftest import both, gcp_raw

# Compute Engine resource names (RFC 1035): a lowercase letter, then up to 62 lowercase letters,
# digits or '-', not ending in '-' (Compute Engine "Naming resources").
RFC1035 = r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$"
COMPUTE = [
    "gcp:compute/network:Network",
    "gcp:compute/subnetwork:Subnetwork",
    "gcp:compute/router:Router",
    "gcp:compute/routerNat:RouterNat",
    "gcp:compute/firewall:Firewall",
    "gcp:compute/globalAddress:GlobalAddress",
    "gcp:compute/healthCheck:HealthCheck",
    "gcp:compute/backendService:BackendService",
    "gcp:compute/uRLMap:URLMap",
    "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
    "gcp:compute/targetHttpProxy:TargetHttpProxy",
    "gcp:compute/globalForwardingRule:GlobalForwardingRule",
    "gcp:compute/securityPolicy:SecurityPolicy",
    "gcp:compute/sSLPolicy:SSLPolicy",
    "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup",
    "gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager",
    "gcp:compute/regionAutoscaler:RegionAutoscaler",
]
OTHER: list[tuple[str, str, str]] = [
    # (type, input holding the name, pattern)
    # Cloud Run: service names are DNS labels of at most 49 characters (a revision adds a suffix).
    ("gcp:cloudrunv2/service:Service", "name", r"^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$"),
    # IAM service account ids: 6-30 characters (IAM "Create service accounts").
    ("gcp:serviceaccount/account:Account", "accountId", r"^[a-z][-a-z0-9]{4,28}[a-z0-9]$"),
    # Backup and DR ids: a lowercase letter, then up to 62 lowercase letters, digits or '-'.
    ("gcp:backupdisasterrecovery/backupVault:BackupVault", "backupVaultId", r"^[a-z][-a-z0-9]{2,62}$"),
    ("gcp:backupdisasterrecovery/backupPlan:BackupPlan", "backupPlanId", r"^[a-z][-a-z0-9]{0,62}$"),
    (
        "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation",
        "backupPlanAssociationId",
        r"^[a-z][-a-z0-9]{0,62}$",
    ),
    # Firestore database ids: 4-63 characters, a letter first, a letter or digit last.
    ("gcp:firestore/database:Database", "name", r"^[a-z][-a-z0-9]{2,61}[a-z0-9]$"),
    # Certificate Manager resource names (RFC 1035 as well).
    ("gcp:certificatemanager/certificate:Certificate", "name", RFC1035),
    ("gcp:certificatemanager/certificateMap:CertificateMap", "name", RFC1035),
    ("gcp:certificatemanager/certificateMapEntry:CertificateMapEntry", "name", RFC1035),
    ("gcp:certificatemanager/dnsAuthorization:DnsAuthorization", "name", RFC1035),
]
# Auto-named: the provider appends '-' and 7 characters to the logical name, so the names the
# mock computes the same way must fit. Buckets: 3-63 lowercase letters, digits, '-', '_', '.'
# (Cloud Storage "Bucket naming"); KMS key rings and keys: 1-63 letters, digits, '_', '-'.
AUTONAMED: list[tuple[str, str]] = [
    ("gcp:storage/bucket:Bucket", r"^(?!goog)[a-z0-9][-a-z0-9_.]{1,61}[a-z0-9]$"),
    ("gcp:kms/keyRing:KeyRing", r"^[a-zA-Z0-9_-]{1,63}$"),
    ("gcp:kms/cryptoKey:CryptoKey", r"^[a-zA-Z0-9_-]{1,63}$"),
]
# Cloud SQL: instance ids are lowercase letters, digits and '-', a letter first; project id and
# instance id together at most 98 characters (Cloud SQL "Create instances").
CLOUD_SQL_ID = r"^[a-z]([-a-z0-9]*[a-z0-9])?$"
CLOUD_SQL_MAX = 98
# Instance templates take a name prefix of at most 37 characters (the provider adds a suffix).
TEMPLATE_PREFIX_MAX = 37


@pytest.mark.parametrize("type_token", COMPUTE)
def test_compute_resource_names_follow_rfc_1035(type_token: str) -> None:
    bad = [r.inputs.get("name") for r in both(type_token) if not re.match(RFC1035, str(r.inputs.get("name")))]
    assert not bad


@pytest.mark.parametrize(("type_token", "field", "pattern"), OTHER, ids=[t for t, _, _ in OTHER])
def test_explicit_names_follow_their_apis_rules(type_token: str, field: str, pattern: str) -> None:
    bad = [r.inputs.get(field) for r in both(type_token) if not re.match(pattern, str(r.inputs.get(field)))]
    assert not bad


@pytest.mark.parametrize(("type_token", "pattern"), AUTONAMED, ids=[t for t, _ in AUTONAMED])
def test_auto_names_fit_their_apis_rules(type_token: str, pattern: str) -> None:
    bad = [
        r.outputs.get("name") for r in both(type_token) if not re.match(pattern, str(r.outputs.get("name")))
    ]
    assert not bad


def test_cloud_sql_instance_ids_fit_with_the_project() -> None:
    project = gcp_raw("prod")["sites"]["primary"]["projectId"]
    names = [str(r.inputs["name"]) for r in both("gcp:sql/databaseInstance:DatabaseInstance")]
    assert all(re.match(CLOUD_SQL_ID, n) and len(f"{project}:{n}") <= CLOUD_SQL_MAX for n in names), names


def test_instance_template_name_prefixes_fit() -> None:
    prefixes = [str(r.inputs["namePrefix"]) for r in both("gcp:compute/instanceTemplate:InstanceTemplate")]
    assert all(len(p) <= TEMPLATE_PREFIX_MAX and re.match(r"^[a-z][-a-z0-9]*$", p) for p in prefixes)


def test_global_names_do_not_collide_between_the_sites() -> None:
    # Both sites share one project: global resources (load balancer parts, health checks,
    # addresses) and project-wide ones (Cloud SQL, Cloud Run, service accounts) must differ.
    for type_token in [
        *COMPUTE,
        "gcp:sql/databaseInstance:DatabaseInstance",
        "gcp:serviceaccount/account:Account",
    ]:
        names = [
            (r.inputs.get("region"), r.inputs.get("name") or r.inputs.get("accountId"))
            for r in both(type_token)
        ]
        assert len(names) == len(set(names)), type_token
