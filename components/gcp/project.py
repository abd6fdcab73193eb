"""The site's project as other resources need it: its number and its Google service agents.

Service agents are the Google-managed identities that encrypt data with our keys (CMEK): each
must hold `roles/cloudkms.cryptoKeyEncrypterDecrypter` on the key before the first resource that
uses it is created. Their emails derive from the project number (IAM "Service agents").
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

ENCRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter"


@dataclass(frozen=True)
class ServiceAgents:
    cloud_sql: pulumi.Output[str]
    storage: pulumi.Output[str]
    compute: pulumi.Output[str]
    firestore: pulumi.Output[str]
    backup_dr: pulumi.Output[str]

    def members(self, *names: str) -> list[pulumi.Output[str]]:
        return [getattr(self, n).apply(lambda e: f"serviceAccount:{e}") for n in names]


def project_number(project: str, parent: pulumi.Resource) -> pulumi.Output[str]:
    found = gcp.organizations.get_project_output(
        project_id=project, opts=pulumi.InvokeOutputOptions(parent=parent)
    )
    return found.number


def service_agents(project: str, parent: pulumi.Resource) -> ServiceAgents:
    number = project_number(project, parent)
    invoke = pulumi.InvokeOutputOptions(parent=parent)

    def agent(domain: str) -> pulumi.Output[str]:
        return number.apply(lambda n: f"service-{n}@{domain}")

    return ServiceAgents(
        cloud_sql=agent("gcp-sa-cloud-sql.iam.gserviceaccount.com"),
        storage=gcp.storage.get_project_service_account_output(project=project, opts=invoke).email_address,
        compute=agent("compute-system.iam.gserviceaccount.com"),
        firestore=agent("gcp-sa-firestore.iam.gserviceaccount.com"),
        backup_dr=agent("gcp-sa-backupdr.iam.gserviceaccount.com"),
    )
