"""Mock answers of the pulumi-gcp provider: what it computes that the program reads back
(resource ids in Google's `projects/...` form, auto-names, addresses, service-agent emails)."""

from __future__ import annotations

import re
from typing import Any

from offline.providers.base import short_hash

PROJECT_NUMBER = "123456789012"
DEFAULT_PROJECT = "mock-project"
DEFAULT_REGION = "us-central1"
AUTONAMED = {
    "gcp:storage/bucket:Bucket",
    "gcp:kms/keyRing:KeyRing",
    "gcp:kms/cryptoKey:CryptoKey",
}
"""Types whose `name` Pulumi generates when the program leaves it out (logical name + '-' + 7
hex characters), as the real provider's auto-naming does."""

_GLOBAL_COMPUTE = {
    "Network": "networks",
    "GlobalAddress": "addresses",
    "HealthCheck": "healthChecks",
    "BackendService": "backendServices",
    "URLMap": "urlMaps",
    "TargetHttpsProxy": "targetHttpsProxies",
    "TargetHttpProxy": "targetHttpProxies",
    "GlobalForwardingRule": "forwardingRules",
    "SecurityPolicy": "securityPolicies",
    "SSLPolicy": "sslPolicies",
    "Firewall": "firewalls",
    "InstanceTemplate": "instanceTemplates",
}
_REGIONAL_COMPUTE = {
    "Subnetwork": "subnetworks",
    "Router": "routers",
    "RegionNetworkEndpointGroup": "networkEndpointGroups",
    "RegionInstanceGroupManager": "instanceGroupManagers",
    "RegionAutoscaler": "autoscalers",
}


def _private_ip(name: str) -> str:
    """A stable private address from the private services access range's /20."""
    return f"10.{int(short_hash(name, 2), 16) % 200}.32.{int(short_hash(name + 'ip', 2), 16) % 250 + 2}"


def autoname(name: str) -> str:
    return f"{name}-{short_hash(name, 7)}"


def address_for(name: str) -> str:
    """A stable public IPv4 address in documentation space (RFC 5737, 203.0.113.0/24)."""
    return f"203.0.113.{int(short_hash(name, 4), 16) % 254 + 1}"


class GcpAnswers:
    def __init__(self) -> None:
        self.project = DEFAULT_PROJECT

    def provider_region(self, inputs: dict[str, Any]) -> str:
        # One Google provider per stack: remember its project for the ids below.
        self.project = str(inputs.get("project") or self.project)
        return str(inputs.get("region") or DEFAULT_REGION)

    def region_of(self, inputs: dict[str, Any]) -> str | None:
        for key in ("region", "location", "locationId"):
            value = inputs.get(key)
            if isinstance(value, str) and value:
                return value
        return None

    def call(self, token: str, args: dict[str, Any]) -> dict[str, Any]:
        if token == "gcp:organizations/getProject:getProject":
            project = str(args.get("projectId") or self.project)
            return {
                "number": PROJECT_NUMBER,
                "projectId": project,
                "name": project,
                "id": f"projects/{project}",
            }
        if token == "gcp:storage/getProjectServiceAccount:getProjectServiceAccount":
            email = f"service-{PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com"
            return {"emailAddress": email, "emailAddressMember": f"serviceAccount:{email}", "id": email}
        if token == "gcp:storage/getTransferProjectServiceAccount:getTransferProjectServiceAccount":
            email = f"project-{PROJECT_NUMBER}@storage-transfer-service.iam.gserviceaccount.com"
            return {
                "email": email,
                "member": f"serviceAccount:{email}",
                "subjectId": f"1{PROJECT_NUMBER}{PROJECT_NUMBER[:8]}",
                "id": email,
            }
        return {}

    def new_resource(
        self, typ: str, name: str, rid: str, region: str, inputs: dict[str, Any]
    ) -> dict[str, Any]:
        state = dict(inputs)
        project = str(inputs.get("project") or self.project)
        state.setdefault("project", project)
        if typ in AUTONAMED:
            state.setdefault("name", autoname(name))
        state.update(self._computed(typ, name, project, region or DEFAULT_REGION, state))
        return state

    def _computed(self, typ: str, name: str, project: str, region: str, s: dict[str, Any]) -> dict[str, Any]:
        module, kind = typ.split(":")[1].split("/")[0], typ.split(":")[2]
        own = str(s.get("name") or name)
        if module == "compute" and kind in _GLOBAL_COMPUTE:
            rid = f"projects/{project}/global/{_GLOBAL_COMPUTE[kind]}/{own}"
            out: dict[str, Any] = {"id": rid, "selfLink": f"https://www.googleapis.com/compute/v1/{rid}"}
            if kind == "GlobalAddress" and not s.get("address"):
                out["address"] = address_for(name)
            if kind == "InstanceTemplate":
                unique = f"{s.get('namePrefix', name)}{short_hash(name, 12)}"
                out.update(name=unique, selfLinkUnique=f"{out['selfLink']}?uniqueId={short_hash(name, 16)}")
            return out
        if module == "compute" and kind in _REGIONAL_COMPUTE:
            rid = f"projects/{project}/regions/{region}/{_REGIONAL_COMPUTE[kind]}/{own}"
            out = {"id": rid, "selfLink": f"https://www.googleapis.com/compute/v1/{rid}"}
            if kind == "RegionInstanceGroupManager":
                out["instanceGroup"] = out["selfLink"].replace("instanceGroupManagers", "instanceGroups")
            return out
        if typ == "gcp:kms/keyRing:KeyRing":
            return {"id": f"projects/{project}/locations/{s.get('location')}/keyRings/{own}"}
        if typ == "gcp:kms/cryptoKey:CryptoKey":
            return {"id": f"{s.get('keyRing')}/cryptoKeys/{own}"}
        if typ == "gcp:storage/bucket:Bucket":
            return {
                "id": own,
                "url": f"gs://{own}",
                "selfLink": f"https://www.googleapis.com/storage/v1/b/{own}",
            }
        if typ == "gcp:sql/databaseInstance:DatabaseInstance":
            out = {
                "id": own,
                "connectionName": f"{project}:{region}:{own}",
                "privateIpAddress": _private_ip(own),
                "selfLink": f"https://sqladmin.googleapis.com/sql/v1beta4/projects/{project}/instances/{own}",
            }
            cluster = s.get("replicationCluster")
            if isinstance(cluster, dict) and cluster.get("failoverDrReplicaName"):
                out["replicationCluster"] = {
                    **cluster,
                    "psaWriteEndpoint": f"{short_hash(own, 12)}.{region}.sql-psa.goog.",
                    "drReplica": False,
                }
            return out
        if typ == "gcp:firestore/database:Database":
            return {"id": f"projects/{project}/databases/{own}", "uid": short_hash(name, 32)}
        if typ == "gcp:monitoring/notificationChannel:NotificationChannel":
            return {"name": f"projects/{project}/notificationChannels/{int(short_hash(name, 12), 16)}"}
        if typ == "gcp:monitoring/alertPolicy:AlertPolicy":
            return {"name": f"projects/{project}/alertPolicies/{int(short_hash(name, 12), 16)}"}
        if typ == "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig":
            check = re.sub(r"[^a-z0-9-]", "-", name.lower())[:40] + "-" + short_hash(name, 6)
            return {"uptimeCheckId": check, "name": f"projects/{project}/uptimeCheckConfigs/{check}"}
        if typ == "gcp:monitoring/dashboard:Dashboard":
            return {"id": f"projects/{PROJECT_NUMBER}/dashboards/{short_hash(name, 32)}"}
        if typ == "gcp:backupdisasterrecovery/backupVault:BackupVault":
            vault = s.get("backupVaultId", own)
            return {
                "name": f"projects/{project}/locations/{s.get('location', region)}/backupVaults/{vault}",
                "serviceAccount": f"vault-{short_hash(name, 10)}@gcp-sa-backupdr-pr.iam.gserviceaccount.com",
            }
        if typ == "gcp:backupdisasterrecovery/backupPlan:BackupPlan":
            where = f"projects/{project}/locations/{s.get('location', region)}"
            return {"name": f"{where}/backupPlans/{s.get('backupPlanId')}"}
        if typ == "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation":
            where = f"projects/{project}/locations/{s.get('location', region)}"
            return {"name": f"{where}/backupPlanAssociations/{s.get('backupPlanAssociationId')}"}
        if typ == "gcp:certificatemanager/dnsAuthorization:DnsAuthorization":
            domain = s.get("domain", "example.com")
            return {
                "id": f"projects/{project}/locations/global/dnsAuthorizations/{own}",
                "dnsResourceRecords": [
                    {
                        "name": f"_acme-challenge.{domain}.",
                        "type": "CNAME",
                        "data": f"{short_hash(domain, 8)}.1.authorize.certificatemanager.goog.",
                    }
                ],
            }
        if module == "certificatemanager":
            plural = {"Certificate": "certificates", "CertificateMap": "certificateMaps"}.get(
                kind, kind.lower()
            )
            return {"id": f"projects/{project}/locations/global/{plural}/{own}"}
        if typ == "gcp:serviceaccount/account:Account":
            email = f"{s.get('accountId')}@{project}.iam.gserviceaccount.com"
            return {
                "email": email,
                "member": f"serviceAccount:{email}",
                "id": f"projects/{project}/serviceAccounts/{email}",
            }
        if typ == "gcp:cloudrunv2/service:Service":
            return {
                "id": f"projects/{project}/locations/{region}/services/{own}",
                "uri": f"https://{own}-{short_hash(name, 10)}-{region[:2]}.a.run.app",
            }
        if typ == "gcp:cloudrunv2/workerPool:WorkerPool":
            return {"id": f"projects/{project}/locations/{region}/workerPools/{own}"}
        if typ == "gcp:compute/haVpnGateway:HaVpnGateway":
            rid = f"projects/{project}/regions/{region}/vpnGateways/{own}"
            return {
                "id": rid,
                "selfLink": f"https://www.googleapis.com/compute/v1/{rid}",
                "vpnInterfaces": [{"id": i, "ipAddress": address_for(f"{name}-{i}")} for i in range(2)],
            }
        if module == "compute" and kind in (
            "VPNTunnel",
            "ExternalVpnGateway",
            "RouterInterface",
            "RouterPeer",
        ):
            where = (
                f"projects/{project}/global"
                if kind == "ExternalVpnGateway"
                else f"projects/{project}/regions/{region}"
            )
            plural = {"VPNTunnel": "vpnTunnels", "ExternalVpnGateway": "externalVpnGateways"}.get(
                kind, kind.lower()
            )
            return {
                "id": f"{where}/{plural}/{own}",
                "selfLink": f"https://www.googleapis.com/compute/v1/{where}/{plural}/{own}",
            }
        if typ == "gcp:databasemigrationservice/connectionProfile:ConnectionProfile":
            profile = s.get("connectionProfileId", own)
            where = f"projects/{project}/locations/{s.get('location', region)}"
            out = {"name": f"{where}/connectionProfiles/{profile}"}
            if isinstance(s.get("cloudsql"), dict):
                out["cloudsql"] = {
                    **s["cloudsql"],
                    "cloudSqlId": profile,
                    "privateIp": _private_ip(str(profile)),
                }
            return out
        if typ == "gcp:databasemigrationservice/migrationJob:MigrationJob":
            job = s.get("migrationJobId", own)
            return {"name": f"projects/{project}/locations/{s.get('location', region)}/migrationJobs/{job}"}
        if typ == "gcp:storage/transferJob:TransferJob":
            return {"name": f"transferJobs/{int(short_hash(name, 12), 16)}"}
        if typ == "gcp:dns/recordSet:RecordSet":
            zone = f"projects/{project}/managedZones/{s.get('managedZone')}"
            return {"id": f"{zone}/rrsets/{s.get('name')}/{s.get('type')}"}
        return {}


ANSWERS = GcpAnswers()
